package render

// Escaping JSON looks at every byte of the data files' texts. Most runs of
// eight bytes need nothing, which one test on the eight as a number finds
// (the classic "has a zero byte" bit trick): only the runs that may hold a
// special byte are looked at a byte at a time. (HTML escaping is as fast
// with its table as with this test.)

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load8 is s[i:i+8] as a little-endian number; i+8 <= len(s).
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// zeroByte is not 0 when a byte of w is 0.
func zeroByte(w uint64) uint64 { return (w - lsb) & ^w & msb }

// mayNeedJSON reports whether one of the eight bytes w may be one that
// jsonBody does not copy as it is: a control character, " \ < > &, or a
// byte of a multi-byte character.
func mayNeedJSON(w uint64) bool {
	return w&msb|
		(w-0x20*lsb)&^w&msb| // below 0x20 (bytes below 0x80 here)
		zeroByte((w|0x04*lsb)^0x26*lsb)| // " &
		zeroByte(w^0x5c*lsb)| // \
		zeroByte((w|0x02*lsb)^0x3e*lsb) != 0 // < >
}
