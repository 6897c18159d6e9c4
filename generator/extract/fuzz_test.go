package extract

import (
	"os"
	"reflect"
	"strings"
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
	f.Add("  Russia  's minister\n  Sergei Shoigu   spoke on\n Monday . |Cell|\n\n  Next", int16(2025), uint8(0x85), uint8(29), uint16(0), uint16(0))
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
		if month&0x80 != 0 {
			// Read the text as a note: every run of lines up to a blank
			// line is a block, cut where a "|" stands, as a table's cells.
			in.Blocks = fuzzBlocks(text)
		}
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
		// A lean reading is the full one without its dates, places and
		// all but the countries' mentions.
		in.Lean = true
		if lean, want := testX.Extract(in), leaned(r); !reflect.DeepEqual(lean, want) {
			t.Fatalf("the lean result differs:\n got %+v\nwant %+v", lean, want)
		}
		if utf8.ValidString(text) {
			for _, d := range r.Dates {
				if !utf8.ValidString(d.Text) {
					t.Fatalf("date text %q splits a rune", d.Text)
				}
			}
		}
	})
}

// leaned is r as Input.Lean makes it: no Dates, of the mentions only
// those of countries, no places, and the events as Reports.
func leaned(r Result) Result {
	r.Dates = []DateMention{}
	r.Places = []Place{}
	r.Reports = make([]Report, len(r.Events))
	for i := range r.Events {
		r.Reports[i] = ReportOf(&r.Events[i])
	}
	r.Events = nil
	countries := []Mention{}
	for _, m := range r.Mentions {
		if m.Kind == KindCountry {
			countries = append(countries, m)
		}
	}
	r.Mentions = countries
	return r
}

// fuzzBlocks cuts text into blocks at blank lines and "|".
func fuzzBlocks(text string) []Span {
	var out []Span
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '|' && !strings.HasPrefix(text[i:], "\n\n") {
			continue
		}
		out = append(out, Span{start, i})
		start = i + 1
	}
	return out
}
