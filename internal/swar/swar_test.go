package swar

import (
	"math/rand"
	"testing"
)

// bytesOf is w's eight bytes, lowest first.
func bytesOf(w uint64) (b [8]byte) {
	for k := range b {
		b[k] = byte(w >> (8 * k))
	}
	return b
}

// anyByte reports whether one of w's bytes is one that is.
func anyByte(w uint64, is func(byte) bool) bool {
	for _, b := range bytesOf(w) {
		if is(b) {
			return true
		}
	}
	return false
}

// words gives numbers whose bytes are random, or random with c put in
// once or twice, so that every test meets the byte it looks for next to
// every other.
func words(r *rand.Rand, c byte, ascii bool) uint64 {
	w := r.Uint64()
	if r.Intn(2) == 0 {
		k, l := 8*r.Intn(8), 8*r.Intn(8)
		w = w&^(0xff<<k) | uint64(c)<<l
	}
	if ascii {
		w &^= High
	}
	return w
}

func TestLoad8(t *testing.T) {
	if got := Load8("xABCDEFGHy", 1); got != 0x4847464544434241 {
		t.Errorf("Load8 = %#x", got)
	}
}

func TestHasZero(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for range 100000 {
		w := words(r, 0, false)
		want := anyByte(w, func(b byte) bool { return b == 0 })
		if got := HasZero(w) != 0; got != want {
			t.Fatalf("HasZero(%#x) = %v, want %v", w, got, want)
		}
	}
}

func TestEqual(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for range 100000 {
		c := byte(r.Intn(256))
		w := words(r, c, false)
		var want uint64
		for k, b := range bytesOf(w) {
			if b == c {
				want |= 0x80 << (8 * k)
			}
		}
		if got := Equal(w, c); got != want {
			t.Fatalf("Equal(%#x, %#x) = %#x, want %#x", w, c, got, want)
		}
	}
}

func TestBetween(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for range 100000 {
		lo := byte(r.Intn(0x80))
		hi := lo + byte(r.Intn(0x80-int(lo)))
		w := words(r, lo+byte(r.Intn(int(hi-lo)+1)), true)
		var want uint64
		for k, b := range bytesOf(w) {
			if b >= lo && b <= hi {
				want |= 0x80 << (8 * k)
			}
		}
		if got := Between(w, lo, hi); got != want {
			t.Fatalf("Between(%#x, %#x, %#x) = %#x, want %#x", w, lo, hi, got, want)
		}
	}
}

func TestMarkup(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for range 100000 {
		w := words(r, `"&<>`[r.Intn(4)], false)
		want := anyByte(w, func(b byte) bool { return b == '"' || b == '&' || b == '<' || b == '>' })
		if got := Markup(w) != 0; got != want {
			t.Fatalf("Markup(%#x) = %v, want %v", w, got, want)
		}
	}
}

func TestTwice(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for range 100000 {
		c := byte(r.Intn(256))
		w := words(r, c, false)
		if r.Intn(2) == 0 {
			k := 8 * r.Intn(7) // c twice in a row, somewhere
			w = w&^(0xffff<<k) | uint64(c)*0x0101<<k
		}
		after := r.Intn(2) == 0
		b := bytesOf(w)
		want, prev := false, after
		for _, x := range b {
			want = want || x == c && prev
			prev = x == c
		}
		if twice, last := Twice(w, c, after); twice != want || last != (b[7] == c) {
			t.Fatalf("Twice(%#x, %#x, %v) = %v, %v; want %v, %v", w, c, after, twice, last, want, b[7] == c)
		}
	}
}
