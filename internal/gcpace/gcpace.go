// Package gcpace paces Go's garbage collector for a one-off build, whose
// live data grows stage by stage and is then dropped all at once.
//
// By default the collector lets the heap grow to twice the data that
// survived the last collection, and returns freed memory to the system
// only slowly. A build of a large site holds close to a gigabyte of live
// data at its peak (every document's findings when the model begins, the
// site itself while pages are made), so it would need twice that, and
// more while freed pages wait to be returned. After every collection the
// pacer looks at the live heap and sets two things:
//
//   - the collector's target (as GOGC does): 100% up to 256 MiB of live
//     data, then a fixed 256 MiB of room, but never less than 50% of the
//     live data, for the collector's work grows as its room shrinks;
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

// Room is the live heap up to which the collector keeps its default
// target, and the room it is given above that.
const Room = 256 << 20

// minLimit is the lowest memory limit set, for the runtime's stacks and
// metadata, which a small heap does not cover.
const minLimit = 64 << 20

// Percent is the collector's target, as GOGC, for live bytes of live data
// and the given room.
func Percent(live, room uint64) int {
	if live <= room {
		return 100
	}
	return max(int(100*room/live), 50)
}

// Limit is the soft memory limit for live bytes of live data at the
// target percent (see Percent): the heap the target allows, 5% more for
// the runtime's own memory and fragmentation, and 16 MiB.
func Limit(live uint64, percent int) int64 {
	heap := live + live*uint64(percent)/100
	return max(int64(heap+heap/20+16<<20), minLimit)
}

// Start paces the collector with the given room (normally Room) until the
// returned function is called, which restores the defaults. It does
// nothing when GOGC or GOMEMLIMIT is set.
func Start(room uint64) (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	p := &pacer{room: room, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}, percent: 100}
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
	room    uint64
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
	pc := Percent(live, p.room)
	if pc != p.percent {
		debug.SetGCPercent(pc)
		p.percent = pc
	}
	debug.SetMemoryLimit(Limit(live, pc))
}
