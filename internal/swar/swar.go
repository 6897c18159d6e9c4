// Package swar tests eight bytes at a time, as one number ("SIMD within a
// register"): the checks that every byte of a text goes through (does it
// need escaping, is it single-spaced) look at most runs of eight with a
// few arithmetic operations instead of a branch a byte.
package swar

// Ones has 1 in each byte, High the top bit of each byte.
const (
	Ones = 0x0101010101010101
	High = 0x8080808080808080
	low  = 0x7f7f7f7f7f7f7f7f // each byte's bits below the top one
)

// Load8 is s[i:i+8] as a little-endian number (byte i lowest); i+8 <=
// len(s).
func Load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// HasZero is not 0 when a byte of w is 0, and 0 when none is (the classic
// bit trick: a borrow may mark a byte above a zero one too, so which bits
// it sets says little, but whether it sets any is exact).
func HasZero(w uint64) uint64 { return (w - Ones) & ^w & High }

// Equal sets the top bit of each byte of w that is c, and no other bit:
// unlike HasZero, no byte's test borrows from another's.
func Equal(w uint64, c byte) uint64 {
	x := w ^ uint64(c)*Ones
	return ^((x&low + low) | x) & High
}

// Twice reports whether c comes twice in a row among the eight bytes of
// w, or first in w when after says the byte before w was c too; last
// says whether w ends with c, the after of the next eight.
func Twice(w uint64, c byte, after bool) (twice, last bool) {
	m := Equal(w, c)
	var before uint64
	if after {
		before = 0x80
	}
	return m&(m<<8|before) != 0, m>>63 != 0
}

// Between sets the top bit of each byte of w from lo to hi, and no other
// bit, for w whose bytes are all below 0x80 (ASCII), with lo <= hi < 0x80.
func Between(w uint64, lo, hi byte) uint64 {
	return (w + uint64(0x80-lo)*Ones) &^ (w + uint64(0x7f-hi)*Ones) & High
}

// Markup is not 0 when a byte of w is one of " & < >, which HTML escapes
// (and JSON as encoding/json writes it), and 0 when none is: x|0x04 is
// 0x26 only for " and &, x|0x02 is 0x3e only for < and >.
func Markup(w uint64) uint64 {
	return HasZero((w|0x04*Ones)^0x26*Ones) | HasZero((w|0x02*Ones)^0x3e*Ones)
}
