package model

import (
	"sync/atomic"
	"unsafe"
)

// slabLen is the most items of a slab (see slabSize) when a build makes
// its events as it goes (see Input.Consume), and the number of reports,
// or of documents, after which it looks for what it can let go (a
// variable for tests).
var slabLen = 4096

// maxSmall is the largest object that Go's allocator serves from its size
// classes, out of spans that the objects of a class share and reuse; a
// larger one takes pages of its own, which a build at its memory limit
// (see gcpace) gets by first giving other pages back to the system.
const maxSmall = 32 << 10

// slabSize is the number of elements of T in a slab: slabLen, or fewer,
// so that a slab is a small object.
func slabSize[T any]() int {
	var zero T
	return max(1, min(slabLen, maxSmall/int(unsafe.Sizeof(zero))))
}

// slab hands out slices carved one after another from arrays allocated
// together: all at once (the total known beforehand), or a slab at a
// time, so that what is made grows with the work done.
type slab[T any] struct {
	free    []T
	each    int // elements of a new array, 0 when free held the total
	pending int // elements still to be taken, for the last array's size
}

// newSlab returns a slab for total elements, allocated at once unless
// gradual.
func newSlab[T any](total int, gradual bool) *slab[T] {
	if !gradual {
		return &slab[T]{free: make([]T, total)}
	}
	return &slab[T]{each: slabSize[T](), pending: total}
}

// take returns an empty slice with room for n elements.
func (s *slab[T]) take(n int) []T {
	if n > len(s.free) {
		if s.each == 0 {
			panic("model: slab taken beyond its total")
		}
		s.free = make([]T, min(max(n, s.each), max(n, s.pending)))
	}
	out := s.free[:0:n]
	s.free = s.free[n:]
	s.pending -= n
	return out
}

// eventSlabs holds the events of a build by number: in one array, or in
// arrays of slabSize made when their first event is asked for, from
// either of the two loops that fill the events.
type eventSlabs struct {
	one   []Event
	slabs []atomic.Pointer[[]Event]
	each  int // events in a slab
}

func newEventSlabs(n int, gradual bool) *eventSlabs {
	if !gradual {
		return &eventSlabs{one: make([]Event, n)}
	}
	each := slabSize[Event]()
	return &eventSlabs{slabs: make([]atomic.Pointer[[]Event], (n+each-1)/each), each: each}
}

// at returns event g.
func (e *eventSlabs) at(g int32) *Event {
	if e.one != nil {
		return &e.one[g]
	}
	p := &e.slabs[int(g)/e.each]
	s := p.Load()
	if s == nil {
		fresh := make([]Event, e.each)
		if s = &fresh; !p.CompareAndSwap(nil, s) {
			s = p.Load()
		}
	}
	return &(*s)[int(g)%e.each]
}
