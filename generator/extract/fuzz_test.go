package extract

import (
	"os"
	"testing"
	"unicode/utf8"
)

// FuzzExtract checks that no input makes the extractor panic and that every
// offset it reports points at the text it reports. The seed corpus is in
// testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	if seed, err := os.ReadFile("testdata/seed-csto-bishkek.txt"); err == nil {
		f.Add(string(seed), int16(2025), uint8(5), uint8(29), uint16(0), uint16(0))
	}
	f.Add("Jordan met Chad Smith in Atlanta, Georgia on Wednesday.", int16(0), uint8(0), uint8(0), uint16(0), uint16(6))
	f.Fuzz(func(t *testing.T, text string, year int16, month, day uint8, hintStart, hintLen uint16) {
		pub := Date{}
		if year > 0 {
			pub.Year = int(year)%1000 + 1500
			if m := int(month) % 13; m > 0 {
				pub.Month = m
				if dd := int(day) % 32; dd > 0 && dd <= DaysIn(pub.Year, m) {
					pub.Day = dd
				}
			}
		}
		in := Input{Text: []byte(text), Published: pub}
		if hintLen > 0 {
			s := int(hintStart) % (len(text) + 1)
			in.Hints = []Hint{{Start: s, End: s + int(hintLen)%16, Countries: []string{"TJ"}, Date: Date{Year: 2024}}}
		}
		r := testX.Extract(in)
		for _, w := range r.Warnings {
			if len(w.Message) > 0 && w.Message[0] == 'i' && len(w.Message) > 14 && w.Message[:14] == "internal error" {
				t.Fatalf("recovered panic: %s", w.Message)
			}
		}
		checkOffsets(t, in.Text, r)
		if utf8.ValidString(text) {
			for _, d := range r.Dates {
				if !utf8.ValidString(d.Text) {
					t.Fatalf("date text %q splits a rune", d.Text)
				}
			}
		}
	})
}
