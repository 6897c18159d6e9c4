package model

import (
	"crypto/sha256"
	"fmt"
	"math"
	"strings"
	"testing"

	"brief/generator/extract"
	"brief/generator/load"
)

func TestNormalizeBaseURL(t *testing.T) {
	for _, tt := range []struct{ in, full, path string }{
		{"", "/", "/"},
		{"https://example.org", "https://example.org/", "/"},
		{"https://user.github.io/repo", "https://user.github.io/repo/", "/repo/"},
		{"https://user.github.io/repo/", "https://user.github.io/repo/", "/repo/"},
		{"http://127.0.0.1:8000/repo/?x=1#y", "http://127.0.0.1:8000/repo/", "/repo/"},
		{"/sub", "/sub/", "/sub/"},
	} {
		full, p := NormalizeBaseURL(tt.in)
		if full != tt.full || p != tt.path {
			t.Errorf("NormalizeBaseURL(%q) = %q, %q; want %q, %q", tt.in, full, p, tt.full, tt.path)
		}
	}
}

// TestParagraphs checks that a seed's pieces spell each line exactly and
// that mentions and sentence numbers land where the extractor put them.
func TestParagraphs(t *testing.T) {
	text := "Headline here\nTajik guards met. Then Russia spoke.\n\nLast line."
	r := extract.Result{
		Sentences: []extract.Span{{Start: 0, End: 13}, {Start: 14, End: 31}, {Start: 32, End: 50}, {Start: 52, End: 62}},
		Mentions: []extract.Mention{
			{Start: 14, End: 19, Kind: extract.KindCountry, ID: "TJ"},
			{Start: 37, End: 43, Kind: extract.KindCountry, ID: "RU"},
		},
	}
	paras := paragraphs([]byte(text), r)
	if len(paras) != 3 {
		t.Fatalf("%d paragraphs, want 3", len(paras))
	}
	var lines []string
	for _, p := range paras {
		var b strings.Builder
		for i, s := range p {
			if i > 0 {
				b.WriteString("|")
			}
			for _, pc := range s.Pieces {
				if pc.Kind != "" {
					b.WriteString("[" + pc.Text + "=" + pc.ID + "]")
				} else {
					b.WriteString(pc.Text)
				}
			}
		}
		lines = append(lines, b.String())
	}
	want := []string{"Headline here", "[Tajik=TJ] guards met.|Then [Russia=RU] spoke.", "Last line."}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if n := paras[1][1].N; n != 3 {
		t.Errorf("second sentence of line 2 has N=%d, want 3", n)
	}
}

func TestCanonicalPeople(t *testing.T) {
	r := extract.Result{
		People:   []extract.Person{{Name: "Putin", Canonical: "Vladimir Putin", Mentions: 2}, {Name: "Ann Smith"}},
		Events:   []extract.Event{{Date: "2025", People: []string{"Putin", "Ann Smith"}}},
		Mentions: []extract.Mention{{Kind: extract.KindPerson, ID: "Putin"}, {Kind: extract.KindCountry, ID: "RU"}},
	}
	c := canonicalPeople(r)
	if c.Events != nil || len(c.Reports) != 1 {
		t.Fatalf("events not as reports: %+v", c)
	}
	if people := c.Reports[0].People(); c.People[0].Name != "Vladimir Putin" || people[0] != "Vladimir Putin" || c.Mentions[0].ID != "Vladimir Putin" || people[1] != "Ann Smith" {
		t.Errorf("not canonical: %+v", c)
	}
	if r.People[0].Name != "Putin" || r.Events[0].People[0] != "Putin" || r.Mentions[0].ID != "Putin" {
		t.Error("the input result was modified")
	}
}

func TestBaseURLProblem(t *testing.T) {
	for _, tt := range []struct{ in, full, path, problem string }{
		{"https://example.org/a//b/../c", "https://example.org/a/c/", "/a/c/", ""},
		{"/repo//", "/repo/", "/repo/", ""},
		{"javascript:alert(1)", "/", "/", "want an http:// or https:// URL, or a path that starts with /"},
		{"JavaScript://example.org/%0aalert(1)", "/", "/", "want an http:// or https:// URL, or a path that starts with /"},
		{"data:text/html,x", "/", "/", "want an http:// or https:// URL, or a path that starts with /"},
		{"user.github.io/repo", "/", "/", "want an http:// or https:// URL, or a path that starts with /"},
		{"//evil.example/", "/", "/", "want an http:// or https:// URL, or a path that starts with /"},
		{"https:///repo/", "/", "/", "the URL has no host"},
		{"http:opaque", "/", "/", "the URL has no host"},
		{"https://me:secret@example.org/", "/", "/", "a published address must not hold a user name or password"},
		{"https://example.org/%zz", "/", "/", `not a URL: invalid URL escape "%zz"`},
	} {
		full, p := NormalizeBaseURL(tt.in)
		if full != tt.full || p != tt.path {
			t.Errorf("NormalizeBaseURL(%q) = %q, %q; want %q, %q", tt.in, full, p, tt.full, tt.path)
		}
		if got := BaseURLProblem(tt.in); got != tt.problem {
			t.Errorf("BaseURLProblem(%q) = %q, want %q", tt.in, got, tt.problem)
		}
	}
}

// FuzzNormalizeBaseURL checks what every link of the site relies on: the
// base path starts and ends with "/" and holds no "//", the full base is
// that path or an http(s) URL ending in it, nothing else gets through (no
// "javascript:", no protocol-relative "//host"), and normalizing again
// changes nothing. Seeds are in testdata/fuzz/FuzzNormalizeBaseURL.
func FuzzNormalizeBaseURL(f *testing.F) {
	for _, s := range []string{"", "/", "https://user.github.io/repo", "http://127.0.0.1:8000/repo/?x=1#y",
		"/sub", "javascript:alert(1)", "//evil.example/x", "https://example.org/a//b/../c", "repo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, base string) {
		full, p := NormalizeBaseURL(base)
		if !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/") || strings.Contains(p, "//") {
			t.Fatalf("NormalizeBaseURL(%q): path %q", base, p)
		}
		if !strings.HasSuffix(full, "/") {
			t.Fatalf("NormalizeBaseURL(%q): full %q does not end in /", base, full)
		}
		switch {
		case strings.HasPrefix(full, "https://"), strings.HasPrefix(full, "http://"):
			rest := full[strings.Index(full, "://")+3:]
			i := strings.IndexByte(rest, '/')
			if i <= 0 {
				t.Fatalf("NormalizeBaseURL(%q): full %q has no host", base, full)
			}
			if strings.Contains(rest[i:], "//") {
				t.Fatalf("NormalizeBaseURL(%q): full %q has // in its path", base, full)
			}
		case full != p:
			t.Fatalf("NormalizeBaseURL(%q): full %q is neither a web URL nor the path %q", base, full, p)
		}
		if full2, p2 := NormalizeBaseURL(full); full2 != full || p2 != p {
			t.Fatalf("NormalizeBaseURL(%q) = %q, %q; again: %q, %q", base, full, p, full2, p2)
		}
		if BaseURLProblem(base) != "" && full != "/" {
			t.Fatalf("NormalizeBaseURL(%q) = %q despite %s", base, full, BaseURLProblem(base))
		}
	})
}

func TestFigureKey(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1.5, 2000, 1e21, 1e20, 123456789, 1.25e-7, 0.1, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, 5e-324} {
		if got, want := figureKey(v, "people"), fmt.Sprintf("%g %s", v, "people"); got != want {
			t.Errorf("figureKey(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", "  a  b\n\tc ", "x\u00a0y\u2003z", "\xffa \xfe", "a\u0085b", "über  straße ", "a\v\fb\x00c\x1fd"} {
		if got, want := collapseSpace([]byte(s)), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestReduceFigures: what ReduceFigures keeps of a note's key figures
// reads back as the candidates of its quantities (index, key, countries),
// each key once, and the note lets go of the rest.
func TestReduceFigures(t *testing.T) {
	long := strings.Repeat("very ", 40) + "long units"
	r := extract.Result{
		Sentences: []extract.Span{{Start: 0, End: 50}, {Start: 51, End: 100}, {Start: 101, End: 150}},
		Mentions: []extract.Mention{
			{Start: 2, End: 8, Kind: extract.KindCountry, ID: "TJ"},
			{Start: 10, End: 14, Kind: extract.KindOrg, ID: "csto"},
			{Start: 20, End: 26, Kind: extract.KindCountry, ID: "AF"},
			{Start: 30, End: 36, Kind: extract.KindCountry, ID: "TJ"},
			{Start: 60, End: 66, Kind: extract.KindCountry, ID: "KG"},
			{Start: 140, End: 160, Kind: extract.KindCountry, ID: "UZ"}, // across two sentences
		},
	}
	add := func(v float64, unit string, sentence int) {
		r.Quantities = append(r.Quantities, extract.Quantity{Text: "some", Value: v, Unit: unit, Sentence: sentence})
	}
	add(2000, "troops", 1)
	add(15, "percent", 1)
	add(2000, "troops", 2) // the same figure again
	add(300, "guards", 2)
	add(7, long, 3)
	add(8, "boats", 0) // in no sentence
	for i := range 200 {
		add(float64(i%150), "drones", 1+i%3)
	}
	a := &Analysed{File: &load.File{Path: "notes/n.md", Kind: load.Note}, Result: r, Quotes: map[int]string{1: "quote"}}
	var want []string
	var seen keySet
	for i, fc := range figureCandidatesOf(a) {
		if seen.add(fc.key) {
			want = append(want, fmt.Sprintf("%d %q %v", i, fc.key, fc.countries))
		}
	}
	a.ReduceFigures()
	if a.Result.Quantities != nil || a.Result.Sentences != nil || a.Result.Mentions != nil || a.Quotes != nil {
		t.Errorf("a reduced note keeps %d quantities, %d sentences, %d mentions, %d quotes", len(a.Result.Quantities), len(a.Result.Sentences), len(a.Result.Mentions), len(a.Quotes))
	}
	var got []string
	for k := range decodeFigureKeys(a.figureKeys) {
		var codes []string
		for c := range k.countries() {
			codes = append(codes, c)
		}
		got = append(got, fmt.Sprintf("%d %q %v", k.index, k.key, codes))
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("reduced figures:\n%s\nwant:\n%s", g, w)
	}
	if len(want) != 155 {
		t.Errorf("%d candidates, want 155: the test lost a case", len(want))
	}
	// A seed keeps its figures' material: its sentences make its page.
	seed := &Analysed{File: &load.File{Path: "seeds/s.txt", Kind: load.Seed}, Result: r}
	if seed.ReduceFigures(); len(seed.Result.Quantities) != len(r.Quantities) || seed.figureKeys != "" {
		t.Errorf("a seed's figures were reduced")
	}
}

// TestEventIDs: an event's id is its date and the first four bytes of a
// SHA-256 of its date, the path and sentence of its first source and its
// text, in hexadecimal, as permalinks have been since the first release;
// events of one date are in the order of their ids.
func TestEventIDs(t *testing.T) {
	codes := strings.Fields("KZ KG TJ UZ RU AF CN IN PK IR TM AM")
	words := strings.Fields("Kazakh Kyrgyz Tajik Uzbek Russian Afghan Chinese Indian Pakistani Iranian Turkmen Armenian " +
		"met signed protested mobilised resigned Astana Geneva Vienna Doha Beijing")
	var files []*Analysed
	for i := range 12 {
		pub := extract.Date{Year: 2025, Month: 6, Day: 1 + i}
		f := &load.File{Path: fmt.Sprintf("seeds/%02d.txt", i), Kind: load.Seed, Raw: []byte("x"), Front: load.FrontMatter{Published: pub}}
		var evs []extract.Event
		for j := range 5 {
			date, prec := []string{"2025-05", "2025-05-28", "2024"}[j%3], []string{"month", "day", "year"}[j%3]
			evs = append(evs, extract.Event{Date: date, Precision: prec, Status: "reported", Sentence: 1 + j, Offset: 10 * j,
				Text: fmt.Sprintf("%s ministers %s in %s.", words[i], words[12+j], words[17+(i+j)%5]), Countries: []string{codes[i]}})
		}
		files = append(files, &Analysed{File: f, Published: pub, Result: extract.Result{Events: evs}})
	}
	s, _ := Build(Input{Files: files})
	sameDate := 0
	for i, e := range s.Events {
		if i > 0 && e.Date() == s.Events[i-1].Date() {
			sameDate++
		}
		src := e.Sources[0]
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d", e.Date(), src.Doc.Path, e.Text, src.Sentence))
		if want := fmt.Sprintf("e-%s-%x", e.Date(), sum[:4]); e.ID() != want {
			t.Errorf("event %d: id %s, want %s", i, e.ID(), want)
		}
		if i > 0 && e.Date() == s.Events[i-1].Date() && e.ID() <= s.Events[i-1].ID() {
			t.Errorf("events %d and %d of %s: ids %s, %s out of order", i-1, i, e.Date(), s.Events[i-1].ID(), e.ID())
		}
	}
	if sameDate < 10 {
		t.Errorf("the test proves little: %d events, %d next to one of their date", len(s.Events), sameDate)
	}
}

// TestEncodeFigureKeysAllocates: a note with a few key figures (the most
// common case) costs one allocation, the string of its keys.
func TestEncodeFigureKeysAllocates(t *testing.T) {
	r := extract.Result{
		Sentences: []extract.Span{{Start: 0, End: 50}, {Start: 51, End: 100}},
		Mentions:  []extract.Mention{{Start: 2, End: 8, Kind: extract.KindCountry, ID: "TJ"}, {Start: 60, End: 66, Kind: extract.KindCountry, ID: "KG"}},
	}
	for i := range 20 {
		r.Quantities = append(r.Quantities, extract.Quantity{Text: "some", Value: float64(i % 12), Unit: "troops", Sentence: 1 + i%2})
	}
	a := &Analysed{Result: r}
	if n := testing.AllocsPerRun(100, func() { encodeFigureKeys(a) }); n != 1 {
		t.Errorf("encodeFigureKeys makes %v allocations, want 1", n)
	}
}
