package extract

// vocabTable maps the lower-case words the rules know to their flags.
// Every word and number of every document is looked up once; in a map of
// strings that lookup touches the map's control bytes, a slot and the
// bytes of the key, which between two documents have left the cache. Here
// a word of up to eight bytes (most words) is a number, its bytes in
// order, and the table finds it by that number alone, in one array of
// small slots, without hashing or comparing strings. Longer words go to a
// map.
type vocabTable struct {
	mask  uint32
	slots []vocabSlot // open addressing, at most three quarters full
	long  map[string]vocabFlag
}

type vocabSlot struct {
	key uint64 // wordKey of the word; 0 marks an empty slot
	n   uint8  // the word's length, as key does not tell "a" from "a\x00"
	fl  vocabFlag
}

func newVocabTable(m map[string]vocabFlag) *vocabTable {
	short := 0
	for w := range m {
		if len(w) > 0 && len(w) <= 8 {
			short++
		}
	}
	size := 16
	for size*3 < short*4 {
		size <<= 1
	}
	v := &vocabTable{mask: uint32(size - 1), slots: make([]vocabSlot, size), long: map[string]vocabFlag{}}
	for w, fl := range m {
		switch {
		case len(w) == 0:
		case len(w) > 8:
			v.long[w] = fl
		default:
			k := wordKey(w)
			i := slotOf(k) & v.mask
			for v.slots[i].key != 0 {
				i = (i + 1) & v.mask
			}
			v.slots[i] = vocabSlot{key: k, n: uint8(len(w)), fl: fl}
		}
	}
	return v
}

// wordKey is the number of a word of up to eight bytes: its bytes, the
// first in the lowest. Longer words keep only their first eight.
func wordKey(w string) uint64 {
	var k uint64
	for i := 0; i < len(w) && i < 8; i++ {
		k |= uint64(w[i]) << (8 * i)
	}
	return k
}

// slotOf spreads keys over the table (Fibonacci hashing).
func slotOf(k uint64) uint32 { return uint32((k * 0x9e3779b97f4a7c15) >> 32) }

// lookup returns the flags of w, or 0 for a word the rules do not know.
func (v *vocabTable) lookup(w string) vocabFlag {
	if len(w) > 8 {
		return v.long[w]
	}
	if len(w) == 0 {
		return 0
	}
	k := wordKey(w)
	for i := slotOf(k) & v.mask; ; i = (i + 1) & v.mask {
		s := &v.slots[i]
		if s.key == k && int(s.n) == len(w) {
			return s.fl
		}
		if s.key == 0 {
			return 0
		}
	}
}
