package model

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

func TestShelfRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s, err := NewShelf(dir)
	if err != nil {
		t.Fatal(err)
	}
	bodies := make([]Body, 200)
	var wg sync.WaitGroup
	for i := range bodies {
		wg.Go(func() {
			var ok bool
			bodies[i], ok = s.Put([]byte(fmt.Sprintf("<p>body %d %s</p>", i, strings.Repeat("x", i))))
			if !ok {
				t.Errorf("body %d: not put on the shelf", i)
			}
		})
	}
	wg.Wait()
	if _, ok := s.Put(nil); ok {
		t.Error("an empty body was put on the shelf")
	}
	for i, b := range bodies {
		want := fmt.Sprintf("<p>body %d %s</p>", i, strings.Repeat("x", i))
		got, err := b.AppendTo([]byte("before:"))
		if err != nil || string(got) != "before:"+want {
			t.Errorf("body %d read back as %q, %v; want %q", i, got, err, want)
		}
		if b.Len() != len(want) {
			t.Errorf("body %d: Len %d, want %d", i, b.Len(), len(want))
		}
	}
	// A document reads its bodies back in order, and lets them go.
	d := &Document{shelved: []Body{bodies[2], bodies[1]}}
	if err := d.LoadBody(); err != nil || string(d.HTML) != "<p>body 2 xx</p><p>body 1 x</p>" || d.shelved != nil {
		t.Errorf("LoadBody: HTML %q, shelved %v, %v", d.HTML, d.shelved, err)
	}
	// A page's body is read into the worker's buffer, and the next
	// page's into the same buffer once the first is dropped.
	var buf []byte
	for _, k := range []int{7, 3} {
		d := &Document{shelved: []Body{bodies[k]}}
		if buf, err = d.LoadBodyInto(buf); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("<p>body %d %s</p>", k, strings.Repeat("x", k))
		if string(d.HTML) != want || d.shelved != nil {
			t.Errorf("LoadBodyInto: HTML %q, shelved %v; want %q", d.HTML, d.shelved, want)
		}
		d.DropBody()
		if d.HTML != "" {
			t.Errorf("DropBody left %q", d.HTML)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("the scratch folder holds %v after Close", left)
	}
	if _, err := bodies[0].AppendTo(nil); err == nil {
		t.Error("a body was read from a closed shelf")
	}
}

// TestShelfFull: once a write fails, as on a full disk, bodies stay with
// the caller.
func TestShelfFull(t *testing.T) {
	s, err := NewShelf(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.f.Close() // every write fails now
	if _, ok := s.Put([]byte("<p>x</p>")); ok {
		t.Fatal("a body was put on a shelf that cannot be written")
	}
	if _, ok := s.Put([]byte("<p>y</p>")); ok {
		t.Fatal("a body was put on a shelf after a failed write")
	}
	var none *Shelf
	if _, ok := none.Put([]byte("<p>z</p>")); ok {
		t.Fatal("a body was put on no shelf")
	}
}
