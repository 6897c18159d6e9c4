package model

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// shelfBody is the i'th body of the tests: a few kilobytes, so that a few
// hundred fill several chunks.
func shelfBody(i int) string {
	return fmt.Sprintf("<p>body %d %s</p>", i, strings.Repeat("x", 4000+i))
}

func TestShelfRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s, err := NewShelf(dir)
	if err != nil {
		t.Fatal(err)
	}
	bodies := make([]Body, 700) // about 3 MB: written chunks and a pending one
	var wg sync.WaitGroup
	for i := range bodies {
		wg.Go(func() {
			var ok bool
			bodies[i], ok = s.Put([]byte(shelfBody(i)))
			if !ok {
				t.Errorf("body %d: not put on the shelf", i)
			}
		})
	}
	wg.Wait()
	if s.base == 0 || len(s.pending) == 0 {
		t.Fatalf("written up to %d, %d bytes pending: the test should read from both", s.base, len(s.pending))
	}
	if _, ok := s.Put(nil); ok {
		t.Error("an empty body was put on the shelf")
	}
	for i, b := range bodies {
		want := shelfBody(i)
		got, err := b.AppendTo([]byte("before:"))
		if err != nil || string(got) != "before:"+want {
			t.Errorf("body %d read back as %.40q..., %v; want %.40q...", i, got, err, want)
		}
		if b.Len() != len(want) {
			t.Errorf("body %d: Len %d, want %d", i, b.Len(), len(want))
		}
	}
	// A document reads its bodies back in order, and lets them go.
	d := &Document{shelved: []Body{bodies[2], bodies[1]}}
	if err := d.LoadBody(); err != nil || string(d.HTML) != shelfBody(2)+shelfBody(1) || d.shelved != nil {
		t.Errorf("LoadBody: HTML %.40q..., shelved %v, %v", d.HTML, d.shelved, err)
	}
	// A page's body is read into the worker's buffer, and the next
	// page's into the same buffer once the first is dropped.
	var buf []byte
	for _, k := range []int{7, 3, 699} {
		d := &Document{shelved: []Body{bodies[k]}}
		if buf, err = d.LoadBodyInto(buf); err != nil {
			t.Fatal(err)
		}
		if string(d.HTML) != shelfBody(k) || d.shelved != nil {
			t.Errorf("LoadBodyInto: HTML %.40q..., shelved %v; want %.40q...", d.HTML, d.shelved, shelfBody(k))
		}
		d.DropBody()
		if d.HTML != "" {
			t.Errorf("DropBody left %.40q...", d.HTML)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("the scratch folder holds %v after Close", left)
	}
	for _, b := range bodies {
		if b.off == 0 {
			if _, err := b.AppendTo(nil); err == nil {
				t.Error("a written body was read from a closed shelf")
			}
		}
	}
}

// TestShelfFull: once a write fails, as on a full disk, the bodies already
// put stay readable and those to come stay with their callers.
func TestShelfFull(t *testing.T) {
	s, err := NewShelf(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.f.Close() // every write fails now
	var put []Body
	for i := 0; ; i++ {
		b, ok := s.Put([]byte(shelfBody(i)))
		if !ok {
			break
		}
		put = append(put, b)
		if i > 1000 {
			t.Fatal("a shelf that cannot be written takes every body")
		}
	}
	if s.failed == nil || len(put) < shelfChunk/5000 {
		t.Fatalf("%d bodies put before the shelf refused one (failed: %v)", len(put), s.failed)
	}
	for i, b := range put {
		if got, err := b.AppendTo(nil); err != nil || string(got) != shelfBody(i) {
			t.Errorf("body %d put before the failed write read back as %.40q..., %v", i, got, err)
		}
	}
	var none *Shelf
	if _, ok := none.Put([]byte("<p>z</p>")); ok {
		t.Fatal("a body was put on no shelf")
	}
}

// TestShelfReadOrder: bodies read back in the order they were put take a
// system call per window, not one each, whatever the order and however
// many readers; every body reads back as put.
func TestShelfReadOrder(t *testing.T) {
	s, err := NewShelf(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bodies := make([]Body, 1200) // about 5 MB
	for i := range bodies {
		bodies[i], _ = s.Put([]byte(shelfBody(i)))
	}
	written := int(s.base)
	check := func(order []int, readers int) {
		t.Helper()
		next := make(chan int)
		var wg sync.WaitGroup
		for range readers {
			wg.Go(func() {
				for i := range next {
					got, err := bodies[i].AppendTo(nil)
					if err != nil || string(got) != shelfBody(i) {
						t.Errorf("body %d read back as %.40q..., %v", i, got, err)
					}
				}
			})
		}
		for _, i := range order {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	inOrder := make([]int, len(bodies))
	for i := range inOrder {
		inOrder[i] = i
	}
	for _, readers := range []int{1, 2, 8} {
		s.reads, s.win = 0, nil
		check(inOrder, readers)
		// The first body, one window per chunk, and at most a read of a
		// body of each window by every other reader, when another has
		// moved on.
		if most := 1 + (written/shelfChunk+1)*readers; s.reads > most {
			t.Errorf("%d readers in order: %d reads of %d written bytes, want at most %d", readers, s.reads, written, most)
		}
	}
	// Out of order (backwards, then at random): every body still reads
	// back right; backwards, each body is read alone.
	backwards := slices.Clone(inOrder)
	slices.Reverse(backwards)
	s.reads, s.win = 0, nil
	check(backwards, 1)
	if s.reads != len(bodies)-s.pendingBodies(bodies) {
		t.Errorf("backwards: %d reads, want one a body", s.reads)
	}
	shuffled := slices.Clone(inOrder)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	check(shuffled, 3)
}

// pendingBodies counts the bodies of bodies that are still in memory.
func (s *Shelf) pendingBodies(bodies []Body) int {
	n := 0
	for _, b := range bodies {
		if b.off >= s.base {
			n++
		}
	}
	return n
}
