package render

import "brief/internal/swar"

// Escaping JSON looks at every byte of the data files' texts. Most runs of
// eight bytes need nothing, which one test on the eight as a number finds
// (the classic "has a zero byte" bit trick, see package swar): only the
// runs that may hold a special byte are looked at a byte at a time. (HTML
// escaping is as fast with its table as with this test.)

// mayNeedJSON reports whether one of the eight bytes w may be one that
// jsonBody does not copy as it is: a control character, " \ < > &, or a
// byte of a multi-byte character.
func mayNeedJSON(w uint64) bool {
	return w&swar.High|
		(w-0x20*swar.Ones)&^w&swar.High| // below 0x20 (bytes below 0x80 here)
		swar.Markup(w)| // " & < >
		swar.HasZero(w^0x5c*swar.Ones) != 0 // \
}
