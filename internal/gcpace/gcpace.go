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
//     the largest live heap of the build so far and some room above it
//     (see Room): the peak's room, not the current live heap's, so that
//     once a stage's data goes, the next allocates up to the same
//     ceiling without a collection every few megabytes;
//   - a soft memory limit a little above that target, so that the runtime
//     gives freed pages back to the system at once instead of holding
//     them while the next stage allocates.
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

// Near is the room the collector is given above a live heap of up to
// about 117 MiB. The collector's work grows as its room shrinks (each
// cycle marks the live heap, and a cycle runs whenever the room is used
// up), so a larger heap is given more (see Room). At 10,000 notes, whose
// live heap peaks near 75 MiB, a room of 24 MiB instead of 32 takes about
// 12 MB off the peak of memory for 2% more work.
const Near = 24 << 20

// farBase is what the room of a large heap is less than three quarters of
// it (see Room).
const farBase = 64 << 20

// minLimit is the lowest memory limit set, for the runtime's stacks and
// metadata, which a small heap does not cover.
const minLimit = 64 << 20

// Room is the room above peak bytes of live data: Near, or three
// quarters of the peak less 64 MiB when that is more (above about 117
// MiB: at 100,000 notes, a third less of the collector's work than with
// half of the peak, for a sixth more memory), and never more than the
// peak itself (a small heap may double, as by default).
func Room(peak uint64) uint64 {
	room := uint64(Near)
	if far := peak / 4 * 3; far > farBase+Near {
		room = far - farBase
	}
	return min(room, peak)
}

// Percent is the collector's target, as GOGC, for live bytes of live data
// after a collection when the build's largest live heap so far is peak:
// the heap may grow to peak and its Room.
func Percent(live, peak uint64) int {
	if live == 0 {
		return 100
	}
	peak = max(peak, live)
	goal := peak + Room(peak)
	return max(int((goal-live)*100/live), 1)
}

// Limit is the soft memory limit for live bytes of live data at the
// target percent (see Percent): the heap the target allows, 5% more for
// the runtime's own memory and fragmentation, and 16 MiB.
func Limit(live uint64, percent int) int64 {
	heap := live + live*uint64(percent)/100
	return max(int64(heap+heap/20+16<<20), minLimit)
}

// Start paces the collector until the returned function is called, which
// restores the defaults. It does nothing when GOGC or GOMEMLIMIT is set.
func Start() (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	p := &pacer{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}, percent: 100}
	p.arm()
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.stopped = true
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	}
}

type pacer struct {
	peak    uint64 // the largest live heap after a collection so far
	sample  []metrics.Sample
	mu      sync.Mutex
	stopped bool
	percent int // the target last set
}

// sentinel is garbage at once: its finalizer runs after each collection.
type sentinel struct{ _ *int }

// arm has the pacer called after the next collection.
func (p *pacer) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.stopped {
			return
		}
		p.adjust()
		p.arm()
	})
}

// adjust sets the target and the limit for the live heap that the last
// collection left.
func (p *pacer) adjust() {
	metrics.Read(p.sample)
	live := p.sample[0].Value.Uint64()
	p.peak = max(p.peak, live)
	pc := Percent(live, p.peak)
	if pc != p.percent {
		debug.SetGCPercent(pc)
		p.percent = pc
	}
	debug.SetMemoryLimit(Limit(live, pc))
}
