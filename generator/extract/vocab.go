package extract

// vocabTable maps the lower-case words the rules know to their flags.
// Every word and number of every document is looked up once; in a map of
// strings that lookup touches the map's control bytes, a slot and the
// bytes of the key, which between two documents have left the cache. Here
// a word of up to eight bytes (most words) is a number made of its bytes,
// and the table finds it by that number alone, in one array of small
// slots, without hashing or comparing strings; a word of up to sixteen
// bytes is two such numbers, in a second array. Longer words go to a map.
type vocabTable struct {
	mask  uint32
	slots []vocabSlot // open addressing, at most three quarters full
	mmask uint32
	mid   []vocabSlot2 // the same for words of nine to sixteen bytes
	long  map[string]vocabFlag
}

type vocabSlot struct {
	key uint64 // wordKey of the word; 0 marks an empty slot
	n   uint8  // the word's length, as key does not tell "a" from "a\x00"
	fl  vocabFlag
}

type vocabSlot2 struct {
	key, key2 uint64 // wordKey2 of the word; key 0 marks an empty slot
	n         uint8
	fl        vocabFlag
}

func newVocabTable(m map[string]vocabFlag) *vocabTable {
	short, mid := 0, 0
	for w := range m {
		switch {
		case len(w) == 0:
		case len(w) <= 8:
			short++
		case len(w) <= 16:
			mid++
		}
	}
	size := func(n int) int {
		size := 16
		for size*3 < n*4 {
			size <<= 1
		}
		return size
	}
	ns, nm := size(short), size(mid)
	v := &vocabTable{mask: uint32(ns - 1), slots: make([]vocabSlot, ns), mmask: uint32(nm - 1), mid: make([]vocabSlot2, nm),
		long: map[string]vocabFlag{}}
	for w, fl := range m {
		switch {
		case len(w) == 0:
		case len(w) > 16:
			v.long[w] = fl
		case len(w) > 8:
			k, k2 := wordKey2(w)
			i := slotOf(k^k2*31) & v.mmask
			for v.mid[i].key != 0 {
				i = (i + 1) & v.mmask
			}
			v.mid[i] = vocabSlot2{key: k, key2: k2, n: uint8(len(w)), fl: fl}
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

// wordKey is the number of a word of one to eight bytes: its first four
// bytes and its last four (its first two and last two when shorter; the
// first when it is one byte), which overlap in a word of fewer than eight.
// Words of the same length have the same number only if they are the
// same. Each part is one load from memory.
func wordKey(w string) uint64 {
	switch n := len(w); {
	case n >= 4:
		return uint64(le32(w)) | uint64(le32(w[n-4:]))<<32
	case n >= 2:
		return uint64(le16(w)) | uint64(le16(w[n-2:]))<<16
	case n == 1:
		return uint64(w[0])
	}
	return 0
}

// wordKey2 is the pair of numbers of a word of nine to sixteen bytes: its
// first eight bytes and its last eight.
func wordKey2(w string) (uint64, uint64) {
	return le64(w), le64(w[len(w)-8:])
}

func le16(w string) uint16 { return uint16(w[0]) | uint16(w[1])<<8 }

func le32(w string) uint32 {
	return uint32(w[0]) | uint32(w[1])<<8 | uint32(w[2])<<16 | uint32(w[3])<<24
}

func le64(w string) uint64 {
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// slotOf spreads keys over the table (Fibonacci hashing).
func slotOf(k uint64) uint32 { return uint32((k * 0x9e3779b97f4a7c15) >> 32) }

// lookup returns the flags of w, or 0 for a word the rules do not know.
func (v *vocabTable) lookup(w string) vocabFlag {
	if len(w) > 8 {
		return v.lookupLong(w)
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

// lookupLong is lookup for words of more than eight bytes.
func (v *vocabTable) lookupLong(w string) vocabFlag {
	if len(w) > 16 {
		return v.long[w]
	}
	k, k2 := wordKey2(w)
	for i := slotOf(k^k2*31) & v.mmask; ; i = (i + 1) & v.mmask {
		s := &v.mid[i]
		if s.key == k && s.key2 == k2 && int(s.n) == len(w) {
			return s.fl
		}
		if s.key == 0 {
			return 0
		}
	}
}
