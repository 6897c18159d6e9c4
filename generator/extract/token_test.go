package extract

import (
	"math/rand"
	"testing"
)

// TestTokenCase: the case flags and lower-case form the tokenizer gives a
// word while finding its end are those finishWord reads from the word
// alone, on random text of ASCII and other letters, digits, apostrophes
// and broken UTF-8.
func TestTokenCase(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	pieces := []string{"a", "B", "z", "Q", "7", "'", "’", "ʼ", "s", "S", "é", "É", "ß", "İ", "Д", "д", "\xff", " ", "-", ".", "’s", "'s", "ǅ"}
	for range 20000 {
		var b []byte
		for range 1 + r.Intn(12) {
			b = append(b, pieces[r.Intn(len(pieces))]...)
		}
		s := string(b)
		var arena []byte
		for _, tk := range tokenizeArena(s, nil, &arena) {
			if tk.kind != tWord {
				continue
			}
			want := tk
			finishWord(s, &want, &arena)
			if tk.cap != want.cap || tk.upper != want.upper || tk.low != want.low {
				t.Fatalf("%q: token %q: cap %v upper %v low %q, want %v %v %q", s, s[tk.start:tk.end], tk.cap, tk.upper, tk.low, want.cap, want.upper, want.low)
			}
		}
	}
}
