package extract

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
)

// BenchmarkExtract measures throughput on news prose: the seed article and
// a wire-style sample, repeated to about 1 MB so that per-call costs do not
// dominate. The target is 20 MB/s on one core.
func BenchmarkExtract(b *testing.B) {
	var doc []byte
	for _, name := range []string{"testdata/seed-csto-bishkek.txt", "testdata/wire-sample.txt"} {
		t, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		doc = append(doc, t...)
		doc = append(doc, "\n\n"...)
	}
	doc = bytes.Repeat(doc, 1<<20/len(doc)+1)
	x := New(nil)
	in := Input{Text: doc, Published: pub2025}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Extract(in)
	}
}

// BenchmarkExtractSeed measures one article-sized call.
func BenchmarkExtractSeed(b *testing.B) {
	doc, err := os.ReadFile("testdata/seed-csto-bishkek.txt")
	if err != nil {
		b.Fatal(err)
	}
	x := New(nil)
	in := Input{Text: doc, Published: pub2025}
	b.SetBytes(int64(len(doc)))
	for i := 0; i < b.N; i++ {
		x.Extract(in)
	}
}

// BenchmarkPathological measures throughput on repetitive inputs that
// once made rules quadratic (TestPathologicalInputs checks their results). A
// rule that scans a whole document per token shows as a collapse of MB/s in
// one sub-benchmark against the others.
func BenchmarkPathological(b *testing.B) {
	for _, u := range pathologicalUnits {
		text := []byte(strings.Repeat(u, 300000/len(u)))
		in := Input{Text: text, Published: pub2025}
		b.Run(strings.TrimSpace(strings.NewReplacer(" ", "_", "\n", "_").Replace(u)), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				testX.Extract(in)
			}
		})
	}
}

// BenchmarkNew measures building the matchers.
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		New(nil)
	}
}

// noteInputs makes n inputs shaped like the notes of a briefing as a build
// hands them over: six paragraphs of officials, organisations, figures and
// dates, the front matter blanked, one block per paragraph.
func noteInputs(n int) []Input {
	r := rand.New(rand.NewSource(1))
	pick := func(xs ...string) string { return xs[r.Intn(len(xs))] }
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	ins := make([]Input, n)
	for i := range ins {
		var b strings.Builder
		front := "---\ntitle: \"A note\"\npublished: 2024-05-17\ncountries: [TJ, AF]\n---\n\n"
		b.WriteString(strings.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, front))
		var blocks []Span
		for range 6 {
			start := b.Len()
			country := pick("Tajikistan", "Afghanistan", "Kyrgyzstan", "Uzbekistan", "Russia", "Iran", "Pakistan", "China")
			fmt.Fprintf(&b, "%s %s %s %s %s %s, during a meeting in %s. ",
				pick("Tajik", "Afghan", "Kyrgyz", "Uzbek", "Russian", "Iranian"),
				pick("Defence Minister", "Foreign Minister", "President", "Interior Minister"),
				pick("Aziz", "Olga", "Ruslan", "Zarina", "Timur"), pick("Rahimov", "Petrova", "Sadykov", "Bekov", "Nazarov"),
				pick("discussed", "condemned", "welcomed", "signed an agreement on"),
				pick("border security", "drug trafficking routes", "joint military exercises"),
				pick("Dushanbe", "Kabul", "Bishkek", "Tashkent", "Moscow"))
			fmt.Fprintf(&b, "According to %s, more than %d fighters and %d groups remain active in %s. ",
				pick("the Collective Security Treaty Organisation (CSTO)", "the United Nations", "NATO", "the European Union"),
				1000*(2+r.Intn(18)), 2+r.Intn(20), country)
			fmt.Fprintf(&b, "The %s government said it reviewed %s %s. ", pick("Syrian", "Turkmen", "Kazakh"),
				pick("refugee flows", "water-sharing arrangements"),
				pick("on Monday", "last month", "earlier this year", "since 2015", fmt.Sprintf("on %d %s 2023", 1+r.Intn(28), pick(months...)), fmt.Sprintf("in %s 2022", pick(months...))))
			b.WriteString("Analysts said the move reflected growing concern about instability in the region.")
			blocks = append(blocks, Span{Start: start, End: b.Len()})
			b.WriteString("\n\n")
		}
		ins[i] = Input{Text: []byte(b.String()), Published: Date{Year: 2024, Month: 5, Day: 17}, Blocks: blocks}
	}
	return ins
}

// BenchmarkExtractNotes measures the extractor as a build runs it: many
// note-sized documents, each with its blocks; it reports the time per
// note.
func BenchmarkExtractNotes(b *testing.B) {
	ins := noteInputs(200)
	x := New(nil)
	size := 0
	for _, in := range ins {
		size += len(in.Text)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range ins {
			x.Extract(in)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(ins)), "µs/doc")
	b.ReportMetric(float64(size*b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
	b.ReportMetric(0, "ns/op")
}

// noteEvents returns the events the extractor finds in n notes shaped as
// noteInputs makes them, with the number of the note of each.
func noteEvents(n int) (evs []Event, note []int) {
	x := New(nil)
	for i, in := range noteInputs(n) {
		for _, e := range x.Extract(in).Events {
			evs = append(evs, e)
			note = append(note, i)
		}
	}
	return evs, note
}

// BenchmarkMergeKey measures MergeKeyOf on the events of notes; it
// reports the time per event.
func BenchmarkMergeKey(b *testing.B) {
	evs, _ := noteEvents(200)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range evs {
			MergeKeyOf(e)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}

// BenchmarkEventMerger measures the merging of the events of many notes as
// a build merges them: each date's events through a merger of their own,
// with their keys made beforehand. Most of the events are dated by their
// year alone, which is what made merging grow faster than the number of
// events; the sub-benchmarks show how it grows.
func BenchmarkEventMerger(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		evs, note := noteEvents(n)
		byDate := map[string][]int{}
		for i, e := range evs {
			byDate[e.Date] = append(byDate[e.Date], i)
		}
		keys := make([]MergeKey, len(evs))
		for i, e := range evs {
			keys[i] = MergeKeyOf(e)
		}
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			for b.Loop() {
				for _, list := range byDate {
					var m EventMerger
					for _, i := range list {
						m.AddKeyed(&evs[i], keys[i], note[i]+1, note[i]+1)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
		})
	}
}
