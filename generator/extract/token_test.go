package extract

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
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

// TestCountFields: countFields counts what strings.Fields makes.
func TestCountFields(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	pieces := []string{"a", "Bc", " ", "  ", "\t", "\n", "\u00a0", "\u0085", "\u2003", "é", "\xff", "-"}
	for range 5000 {
		var b []byte
		for range r.Intn(10) {
			b = append(b, pieces[r.Intn(len(pieces))]...)
		}
		if got, want := countFields(string(b)), len(strings.Fields(string(b))); got != want {
			t.Fatalf("%q: %d fields, want %d", b, got, want)
		}
	}
}

// TestISODateMadeOnce: the dates made once are those formatted afresh.
func TestISODateMadeOnce(t *testing.T) {
	for y := isoFirstYear - 2; y < isoFirstYear+isoYears+2; y++ {
		for m := 0; m <= 13; m++ {
			for _, day := range []int{0, 1, 28} {
				d := Date{Year: y, Month: m, Day: day}
				if got, want := d.String(), fmtDate(d); got != want {
					t.Fatalf("%v: %q, want %q", d, got, want)
				}
			}
		}
	}
	if got := (Date{Year: 2024, Month: 5}).String(); got != "2024-05" {
		t.Errorf("May 2024 is %q", got)
	}
}

// TestWordScanner checks that wordScanner finds the words and numbers that
// tokenize finds, with the same bounds and low forms, in texts made of
// the pieces that decide where tokens end: digits with separators and
// suffixes, apostrophes and possessives, letters and marks beyond ASCII,
// white space of both kinds and bytes that are not UTF-8.
func TestWordScanner(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	pieces := []string{"a", "s", "S", "ab", "The", "BORDER", "x1", "5", "15", "15,000", "1.5", "1,", "2.x", "th", "TH", "km", "kms", "G",
		"'", "’", "ʼ", "'s", "’s", "'S", "s'", "N'Djamena", "é", "É", "İ", "ß", "Ω", "\u0301", "٣", " ", "  ", "\n", "\u00a0", "\u2003",
		"-", "–", ",", ".", "(", ")", "$", "\xff", "\xe2\x80", "_", "@", "[", "`", "{"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for range r.Intn(16) {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := b.String()
		var want, got []string
		for _, tok := range tokenize(s, nil) {
			if tok.kind == tWord || tok.kind == tNum {
				want = append(want, fmt.Sprintf("%d-%d %q num=%v", tok.start, tok.end, tok.low, tok.kind == tNum))
			}
		}
		sc := newWordScanner(s)
		for {
			start, end, num, ascii, upper, ok := sc.next()
			if !ok {
				break
			}
			low := s[start:end]
			switch {
			case num || ascii && !upper:
			case ascii:
				low = strings.ToLower(low)
			default:
				low = normWord(low)
			}
			got = append(got, fmt.Sprintf("%d-%d %q num=%v", start, end, low, num))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q:\n got %q\nwant %q", s, got, want)
		}
	}
}

// TestAppendLowerASCII holds appendLowerASCII, which lowers eight ASCII
// bytes at a time, equal to a byte-by-byte lowering of the ASCII capitals,
// on texts of every length up to 40 with every kind of byte at the edges
// of the capitals ('@', '[', '`', '{') and beyond ASCII, after a prefix
// that must stay as it is.
func TestAppendLowerASCII(t *testing.T) {
	alphabet := []byte("AZazMm09@[`{ '-\x00\x7f\x80\xc3\xa9\xff")
	r := rand.New(rand.NewSource(11))
	for n := 0; n <= 40; n++ {
		for range 500 {
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[r.Intn(len(alphabet))]
				if r.Intn(4) > 0 && b[i] >= 0x80 {
					b[i] = 'Q' // mostly ASCII, so that the eights are read whole
				}
			}
			want := []byte("Pre")
			for _, c := range b {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				want = append(want, c)
			}
			dst := append(make([]byte, 0, r.Intn(50)), "Pre"...)
			if got := appendLowerASCII(dst, string(b)); string(got) != string(want) {
				t.Fatalf("appendLowerASCII(%q) = %q, want %q", b, got, want)
			}
		}
	}
}
