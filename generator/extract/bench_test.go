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

// noteEvents returns the events the extractor finds in n articles shaped
// as those of the shared benchmark corpus (a person and a government of
// twenty countries acting on one of twelve topics, dated in seven ways,
// three of them by the year alone), with the number of the article of
// each.
func noteEvents(n int) (evs []Event, note []int) {
	r := rand.New(rand.NewSource(int64(n)))
	pick := func(xs ...string) string { return xs[r.Intn(len(xs))] }
	adjs := []string{"Afghan", "Armenian", "Azerbaijani", "Belarusian", "Chinese", "Georgian", "Indian", "Iranian", "Kyrgyz", "Kazakh",
		"Mongolian", "Pakistani", "Russian", "Tajik", "Turkmen", "Turkish", "Ukrainian", "American", "Uzbek", "Syrian"}
	capitals := []string{"Kabul", "Yerevan", "Baku", "Minsk", "Beijing", "Tbilisi", "New Delhi", "Tehran", "Bishkek", "Astana",
		"Ulaanbaatar", "Islamabad", "Moscow", "Dushanbe", "Ashgabat", "Ankara", "Kyiv", "Washington", "Tashkent", "Damascus"}
	roles := []string{"Defence Minister", "Foreign Minister", "President", "Prime Minister", "Interior Minister", "Security Council Secretary"}
	first := []string{"Andrei", "Ruslan", "Bakhtiyor", "Nurlan", "Timur", "Sergei", "Aziz", "Marat", "Daniyar", "Farrukh", "Olga", "Gulnara", "Aida", "Zarina"}
	last := []string{"Karimov", "Sadykov", "Nazarov", "Bekov", "Alimov", "Orlov", "Rakhimov", "Tokayev", "Ismoilov", "Abdulloev", "Petrova", "Usmonova"}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	verbs := []string{"warned of", "announced", "discussed", "condemned", "welcomed", "reviewed", "signed an agreement on", "called for talks on"}
	topics := []string{"militant activity along the border", "joint military exercises", "supplies of weapons and equipment",
		"counter-terrorism cooperation", "refugee flows from the south", "drug trafficking routes",
		"the security of critical infrastructure", "foreign fighters entering the region", "a new air-defence system",
		"water-sharing arrangements", "border demarcation", "intelligence sharing"}
	when := func(year int) string {
		switch r.Intn(7) {
		case 0:
			return "on " + pick("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
		case 1:
			return fmt.Sprintf("in %s %d", pick(months...), year-r.Intn(4))
		case 2:
			return "earlier this year"
		case 3:
			return fmt.Sprintf("on %d %s %d", 1+r.Intn(28), pick(months...), year-r.Intn(3))
		case 4:
			return "last month"
		case 5:
			return fmt.Sprintf("beginning in %d", year+1+r.Intn(2))
		default:
			return fmt.Sprintf("since %d", year-1-r.Intn(8))
		}
	}
	x := New(nil)
	for i := range n {
		pub := Date{Year: 2015 + r.Intn(11), Month: 1 + r.Intn(12), Day: 1 + r.Intn(28)}
		a, c := r.Intn(len(adjs)), r.Intn(len(adjs))
		var b strings.Builder
		var blocks []Span
		for range 4 + r.Intn(4) {
			start := b.Len()
			fmt.Fprintf(&b, "%s %s %s %s %s %s %s, during a meeting in %s. ", adjs[a], pick(roles...), pick(first...), pick(last...),
				pick(verbs...), pick(topics...), when(pub.Year), capitals[c])
			fmt.Fprintf(&b, "The %s government said it %s %s %s. ", adjs[c], pick(verbs...), pick(topics...), when(pub.Year))
			b.WriteString("Officials did not disclose further details of the discussions.")
			blocks = append(blocks, Span{Start: start, End: b.Len()})
			b.WriteString("\n\n")
		}
		for _, e := range x.Extract(Input{Text: []byte(b.String()), Published: pub, Blocks: blocks}).Events {
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
// with their keys made beforehand. Two events in five are dated by their
// year alone, and the groups of a year are what a newcomer is compared
// with most; the sub-benchmarks show how the time per event grows with
// the number of notes.
func BenchmarkEventMerger(b *testing.B) {
	for _, n := range []int{2000, 8000} {
		evs, note := noteEvents(n)
		byDate := map[string][]int{}
		for i, e := range evs {
			byDate[e.Date] = append(byDate[e.Date], i)
		}
		keys := make([]MergeKey, len(evs))
		reports := make([]Report, len(evs))
		for i, e := range evs {
			keys[i], reports[i] = MergeKeyOf(e), ReportOf(&evs[i])
		}
		year := 0
		for _, e := range evs {
			if len(e.Date) == 4 {
				year++
			}
		}
		b.Logf("%d notes: %d events, %d of them dated by the year alone, %d dates", n, len(evs), year, len(byDate))
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			var m EventMerger
			for b.Loop() {
				for _, list := range byDate {
					m.Reset() // as a build does, from date to date
					for _, i := range list {
						m.AddKeyed(&reports[i], keys[i], note[i]+1, note[i]+1)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
		})
	}
}
