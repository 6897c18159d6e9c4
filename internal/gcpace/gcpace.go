// Package gcpace paces Go's garbage collector for a one-off build, whose
// live data grows stage by stage and is then dropped all at once.
//
// By default the collector lets the heap grow to twice the data that
// survived the last collection, and returns freed memory to the system
// only slowly. The peak of a build's memory comes when its live data
// peaks (every document's findings when the model begins); twice that is
// far more room than the collector needs to keep up. After every
// collection the pacer looks at the live heap and sets two things:
//
//   - the collector's target (as GOGC does), so that the heap may grow to
//     the highest ceiling of the build so far, the largest live heap and
//     some room above it (see Ceiling): the peak's room, not the current
//     live heap's, so that once a stage's data goes, the next allocates
//     up to the same ceiling without a collection every few megabytes;
//   - a soft memory limit a little above that target, so that the runtime
//     gives freed pages back to the system at once instead of holding
//     them while the next stage allocates.
//
// The room is larger while the build's data grows than once it has grown
// (see Growing and Pacer.Settle). The ceiling never comes down.
//
// A user who sets GOGC or GOMEMLIMIT keeps full control: the pacer then
// does nothing.
package gcpace

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Growing and Settled are the rooms given above a live heap of up to
// about 120 and 100 MiB: Growing while the build's data grows (documents are
// loaded and analysed), Settled once it has grown (the model is made and
// the pages rendered; see Pacer.Settle). The collector's work grows as
// its room shrinks (each cycle marks the live heap, and a cycle runs
// whenever the room is used up), so a larger heap is given more (see
// Room).
//
// The peak of memory is the highest ceiling. While the data grows, the
// live heap is below the peak it is coming to, so a room there raises
// the ceiling less than the same room would later, and analysing
// documents makes most of the garbage; once the data has grown, the live
// heap is near its peak, and a smaller room keeps the ceiling low. The
// model, whose data grows on from the analysis's, and rendering, whose
// live heap is less than the model's, keep the ceiling the analysis
// reached.
const (
	Growing = 24 << 20
	Settled = 12 << 20
)

// farBase is what the room of a large heap is less than three quarters of
// it (see Room).
const farBase = 64 << 20

// minLimit is the lowest memory limit set, for the runtime's stacks and
// metadata, which a small heap does not cover.
const minLimit = 64 << 20

// Room is the room above peak bytes of live data: near (Growing or
// Settled), or three quarters of the peak less 64 MiB when that is more
// (a large heap: at 100,000 notes, a third less of the collector's work
// than with half of the peak, for a sixth more memory), and never more
// than the peak itself (a small heap may double, as by default).
func Room(peak, near uint64) uint64 {
	room := near
	if far := peak / 4 * 3; far > farBase+near {
		room = far - farBase
	}
	return min(room, peak)
}

// Ceiling is the heap that live bytes of live data may grow to: them and
// their Room with near.
func Ceiling(live, near uint64) uint64 { return live + Room(live, near) }

// Percent is the collector's target, as GOGC, for live bytes of live data
// after a collection when the heap may grow to ceiling.
func Percent(live, ceiling uint64) int {
	if live == 0 {
		return 100
	}
	goal := max(ceiling, live)
	return max(int((goal-live)*100/live), 1)
}

// Limit is the soft memory limit for live bytes of live data at the
// target percent (see Percent): the heap the target allows, 5% more for
// the runtime's own memory and fragmentation, and 12 MiB.
func Limit(live uint64, percent int) int64 {
	heap := live + live*uint64(percent)/100
	return max(int64(heap+heap/20+12<<20), minLimit)
}

// Pacer paces the collector from Start to Stop.
type Pacer struct {
	mu      sync.Mutex
	off     bool   // the user paces the collector, or Stop was called
	near    uint64 // Growing, then Settled
	percent int    // the target last set
	// ceiling is the highest Ceiling of a live heap after a collection
	// so far: that of the largest, since the room only shrinks.
	ceiling uint64
	sample  []metrics.Sample
}

// Start paces the collector until Stop. It does nothing when GOGC or
// GOMEMLIMIT is set.
func Start() *Pacer {
	p := &Pacer{near: Growing, percent: 100, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		p.off = true
		return p
	}
	p.arm()
	return p
}

// Settle tells the pacer that the build's data has grown: from now on
// the ceiling rises with the peak by the Settled room. The ceiling the
// build has reached stays: the model, whose data grows from where the
// analysis left it, may use the room the analysis had.
func (p *Pacer) Settle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.near = Settled
}

// Stop restores the collector's defaults.
func (p *Pacer) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return
	}
	p.off = true
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
}

// sentinel is garbage at once: its finalizer runs after each collection.
type sentinel struct{ _ *int }

// arm has the pacer called after the next collection.
func (p *Pacer) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.off {
			return
		}
		metrics.Read(p.sample)
		p.adjust(p.sample[0].Value.Uint64())
		p.arm()
	})
}

// adjust sets the target and the limit for the live heap that the last
// collection left.
func (p *Pacer) adjust(live uint64) {
	p.ceiling = max(p.ceiling, Ceiling(live, p.near))
	pc := Percent(live, p.ceiling)
	if pc != p.percent {
		debug.SetGCPercent(pc)
		p.percent = pc
	}
	debug.SetMemoryLimit(Limit(live, pc))
}
