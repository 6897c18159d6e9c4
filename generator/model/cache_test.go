package model

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"brief/generator/extract"
	"brief/generator/load"
)

func TestSameMerge(t *testing.T) {
	base := extract.Event{
		Date: "2025-05-28", Precision: "day", Status: "reported",
		Text:      "CSTO ministers met in Bishkek on 28 May 2025.",
		Countries: []string{"KG"}, Organisations: []string{"csto"}, People: []string{"Andrey Belousov"},
		Places: []string{"Bishkek"}, Sentence: 3, Offset: 120,
	}
	// A site keeps no event's places, and an event's precision is its
	// date's: Reports have neither.
	with := func(f func(e *extract.Event)) *extract.Report {
		e := base
		e.Countries = slices.Clone(base.Countries)
		e.Organisations = slices.Clone(base.Organisations)
		e.People = slices.Clone(base.People)
		f(&e)
		r := extract.ReportOf(&e)
		return &r
	}
	same := with(func(*extract.Event) {})
	for _, tt := range []struct {
		name string
		a, b mergeSig
		want bool
	}{
		{"the same event", mergeSig{e: same, owner: 1, doc: 1}, mergeSig{e: same, owner: 1, doc: 1}, true},
		{"an equal copy", mergeSig{e: same}, mergeSig{e: with(func(*extract.Event) {})}, true},
		{"moved in its document", mergeSig{e: same}, mergeSig{e: with(func(e *extract.Event) { e.Sentence, e.Offset = 4, 180 })}, true},
		{"another owner", mergeSig{e: same, owner: 0}, mergeSig{e: same, owner: 1}, false},
		{"another document", mergeSig{e: same, doc: 0}, mergeSig{e: same, doc: 1}, false},
		{"other words", mergeSig{e: same}, mergeSig{e: with(func(e *extract.Event) { e.Text = "CSTO ministers talked." })}, false},
		{"another date", mergeSig{e: same}, mergeSig{e: with(func(e *extract.Event) { e.Date = "2025-05-29" })}, false},
		{"another end", mergeSig{e: same}, mergeSig{e: with(func(e *extract.Event) { e.End = "2025-05-30" })}, false},
		{"planned", mergeSig{e: same}, mergeSig{e: with(func(e *extract.Event) { e.Status = "planned" })}, false},
		{"another country", mergeSig{e: same}, mergeSig{e: with(func(e *extract.Event) { e.Countries[0] = "KZ" })}, false},
		{"one country more", mergeSig{e: same}, mergeSig{e: with(func(e *extract.Event) { e.Countries = append(e.Countries, "RU") })}, false},
		{"no organisation", mergeSig{e: same}, mergeSig{e: with(func(e *extract.Event) { e.Organisations = nil })}, false},
		{"another person", mergeSig{e: same}, mergeSig{e: with(func(e *extract.Event) { e.People[0] = "Vladimir Putin" })}, false},
	} {
		if got := sameMerge(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: sameMerge = %v, want %v", tt.name, got, tt.want)
		}
		if got := sameMerge(tt.b, tt.a); got != tt.want {
			t.Errorf("%s (swapped): sameMerge = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestMergeIgnoresPosition holds up what sameMerge assumes: the merger's
// groups do not depend on where in their documents the events are.
func TestMergeIgnoresPosition(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pick := func(xs ...string) []string {
		var out []string
		for _, x := range xs {
			if r.Intn(2) == 0 {
				out = append(out, x)
			}
		}
		return out
	}
	merges := 0 // rounds in which events merged
	words := []string{"ministers", "met", "signed", "border", "agreement", "troops", "exercises", "talks", "water", "summit"}
	for round := range 50 {
		var evs []extract.Event
		var owners []int
		for i := range 60 {
			text := ""
			for range 3 + r.Intn(4) {
				text += words[r.Intn(len(words))] + " "
			}
			evs = append(evs, extract.Event{
				Date: []string{"2025", "2025-05", "2025-05-28"}[r.Intn(3)], Text: text,
				Countries: pick("KG", "KZ", "TJ"), Organisations: pick("csto", "sco"), People: pick("Andrey Belousov", "Emomali Rahmon"),
				Sentence: i + 1, Offset: 10 * i,
			})
			owners = append(owners, 1+r.Intn(6))
		}
		slices.Sort(owners) // parts come in runs
		groups := func(evs []extract.Event) string {
			var m extract.EventMerger
			var out []int
			for i := range evs {
				r := extract.ReportOf(&evs[i])
				g, _ := m.AddKeyed(&r, extract.MergeKeyOf(evs[i]), owners[i], owners[i])
				out = append(out, g)
			}
			if slices.Max(out) < len(out)-1 {
				merges++
			}
			return fmt.Sprint(out)
		}
		want := groups(evs)
		moved := slices.Clone(evs)
		for i := range moved {
			moved[i].Sentence, moved[i].Offset = r.Intn(100), r.Intn(10000)
		}
		if got := groups(moved); got != want {
			t.Fatalf("round %d: groups %s, after moving the events %s", round, want, got)
		}
	}
	if merges < 50 {
		t.Errorf("events merged in %d of 100 merges: the test proves little", merges)
	}
}

// TestCountryNamesUnique holds up what the orders by name assume (the
// site's countries, each list of countries, co-mentions): no two countries
// share a name, so that sorting by name gives one order.
func TestCountryNamesUnique(t *testing.T) {
	seen := map[string]string{}
	for _, c := range extract.CountryData() {
		if other, dup := seen[c.Name]; dup {
			t.Errorf("%s and %s are both called %q", other, c.Code, c.Name)
		}
		seen[c.Name] = c.Code
	}
}

// TestEventEntitiesRegistered covers events that name a country or a
// person no document's mentions name: they are registered in the order of
// the reports, so that of two names with one slug the newest document's
// gives the person's name, with a Cache or without, on a first build and
// on a rebuild.
func TestEventEntitiesRegistered(t *testing.T) {
	if NameSlug("person", "Ana Maria") != NameSlug("person", "ana maria") {
		t.Fatal("the two names must share a slug for this test")
	}
	note := func(path string, pub extract.Date, person, code string) *Analysed {
		f := &load.File{Path: path, Kind: load.Note, Raw: []byte("x"), Front: load.FrontMatter{Published: pub}}
		ev := extract.Event{Date: "2025-05", Precision: "month", Status: "reported", Text: person + " visited Astana.",
			Countries: []string{code}, People: []string{person}}
		return &Analysed{File: f, Published: pub, HTML: "<p>x</p>", Result: extract.Result{Events: []extract.Event{ev}}}
	}
	for _, tt := range []struct {
		newer, older string // names in the newer and the older note
	}{
		{"Ana Maria", "ana maria"},
		{"ana maria", "Ana Maria"},
	} {
		files := []*Analysed{
			note("notes/b.md", extract.Date{Year: 2025, Month: 5, Day: 20}, tt.older, "KZ"),
			note("notes/a.md", extract.Date{Year: 2025, Month: 6, Day: 1}, tt.newer, "kz"),
		}
		cache := NewCache()
		for _, c := range []*Cache{nil, cache, cache} {
			site, _ := Build(Input{Files: files, Cache: c})
			if len(site.People) != 1 || site.People[0].Name != tt.newer {
				t.Fatalf("%v: people %v, want one, %q", tt, site.People, tt.newer)
			}
			kz := site.CountryByCode["KZ"]
			if kz == nil || len(site.Events) == 0 {
				t.Fatalf("%v: no Kazakhstan or no events", tt)
			}
			for _, ev := range site.Events {
				if len(ev.People) != 1 || ev.People[0] != site.People[0] || len(ev.Countries) != 1 || ev.Countries[0] != kz {
					t.Errorf("%v: event %q has people %v, countries %v", tt, ev.Text, ev.People, ev.Countries)
				}
			}
		}
	}
}

// TestPersonCountry covers how a person gets a country: from the first of
// their mentions, in the order of documents, whose code is a country's.
func TestPersonCountry(t *testing.T) {
	doc := func(path string, day int, people ...extract.Person) *Analysed {
		pub := extract.Date{Year: 2025, Month: 5, Day: day}
		f := &load.File{Path: path, Kind: load.Note, Raw: []byte("x"), Front: load.FrontMatter{Published: pub}}
		return &Analysed{File: f, Published: pub, HTML: "<p>x</p>", Result: extract.Result{People: people}}
	}
	for _, tt := range []struct {
		codes []string // of the person's mentions, newest document first
		want  string
	}{
		{[]string{"", "kz"}, "KZ"},
		{[]string{"XX", "tj", "KZ"}, "TJ"},
		{[]string{"", "ZZ"}, ""},
		{[]string{"RU", "KZ"}, "RU"},
	} {
		var files []*Analysed
		for i, code := range tt.codes {
			files = append(files, doc(fmt.Sprintf("notes/%d.md", i), 28-i, extract.Person{Name: "Aziz Karimov", Country: code, Mentions: 1}))
		}
		site, _ := Build(Input{Files: files})
		got := ""
		if p := site.PersonBySlug["aziz-karimov"]; p == nil {
			t.Fatalf("%v: no person", tt.codes)
		} else if p.Country != nil {
			got = p.Country.Code
		}
		if got != tt.want {
			t.Errorf("%v: country %q, want %q", tt.codes, got, tt.want)
		}
	}
}

// TestResolvesAgain checks when a rendered body is reused: only when every
// target it resolved resolves to the same outcome again, and then every
// one of them has been asked for, in order (resolving may register a
// country or mark an organisation linked).
func TestResolvesAgain(t *testing.T) {
	last := map[string]string{"Tajikistan": "/countries/tj/", "CSTO": "/organisations/csto/"}
	w := &htmlWork{}
	rec := w.recording(func(target string) (string, bool) {
		url, ok := last[target]
		return url, ok
	})
	for _, target := range []string{"Tajikistan", "Nowhere", "CSTO"} {
		rec(target)
	}
	for _, tt := range []struct {
		name  string
		now   map[string]string
		want  bool
		asked string // the targets asked for, in order
	}{
		{"the same", last, true, "Tajikistan,Nowhere,CSTO"},
		{"another url", map[string]string{"Tajikistan": "/repo/countries/tj/", "CSTO": "/organisations/csto/"}, false, "Tajikistan"},
		{"now unknown", map[string]string{"Tajikistan": "/countries/tj/"}, false, "Tajikistan,Nowhere,CSTO"},
		{"now known", map[string]string{"Tajikistan": "/countries/tj/", "Nowhere": "/people/nowhere/", "CSTO": "/organisations/csto/"}, false, "Tajikistan,Nowhere"},
	} {
		var asked []string
		got := w.resolvesAgain(func(target string) (string, bool) {
			asked = append(asked, target)
			url, ok := tt.now[target]
			return url, ok
		})
		if got != tt.want || strings.Join(asked, ",") != tt.asked {
			t.Errorf("%s: resolvesAgain = %v after asking %v; want %v after %s", tt.name, got, asked, tt.want, tt.asked)
		}
	}
}

func TestKeySet(t *testing.T) {
	// Short keys, and keys long enough that a few fill the set's room.
	for _, pad := range []int{0, 100} {
		key := func(i int) string { return fmt.Sprint(i) + strings.Repeat("x", pad) }
		for _, n := range []int{0, 1, 4, 5, 32, 33, 100} {
			var s keySet
			for i := range n {
				if !s.add(key(i)) {
					t.Fatalf("pad=%d n=%d: %d was not new", pad, n, i)
				}
			}
			for i := range n {
				if s.add(key(i)) {
					t.Fatalf("pad=%d n=%d: %d was new twice", pad, n, i)
				}
			}
			if !s.add("new") || s.add("new") {
				t.Fatalf("pad=%d n=%d: a new key is new once", pad, n)
			}
			// Emptied, it holds nothing of before, as a list or as a map.
			s.reset()
			for i := range n {
				if !s.add(key(i)) {
					t.Fatalf("pad=%d n=%d: %d was not new after reset", pad, n, i)
				}
			}
			if !s.add("new") {
				t.Fatalf("pad=%d n=%d: \"new\" was not new after reset", pad, n)
			}
		}
	}
	// A key is copied: the caller may write its memory again.
	var s keySet
	b := []byte("abc")
	s.add(unsafe.String(&b[0], len(b)))
	b[0] = 'x'
	if s.add("abc") || !s.add("xbc") {
		t.Fatal("the set kept a view of the caller's memory, not a copy")
	}
}

// TestCacheEqualsNoCache builds a site whose events crowd one year, so
// that the Cache keeps their merge keys, changes a document at a time and
// checks that a Build with the Cache makes the timeline a Build without
// one makes.
// randomNotes returns a maker of notes, each with 16 events on a few
// shared dates, with random words and entities, so that reports merge
// across notes; the same seed makes the same notes.
func randomNotes(r *rand.Rand) func(i int) *Analysed {
	words := []string{"ministers", "met", "signed", "border", "agreement", "troops", "exercises", "talks", "water", "summit", "drills", "rejected"}
	pick := func(xs ...string) []string {
		var out []string
		for _, x := range xs {
			if r.Intn(3) == 0 {
				out = append(out, x)
			}
		}
		return out
	}
	return func(i int) *Analysed {
		pub := extract.Date{Year: 2025, Month: 1 + r.Intn(12), Day: 1 + r.Intn(28)}
		f := &load.File{Path: fmt.Sprintf("notes/%03d.md", i), Kind: load.Note, Raw: []byte("x"), Front: load.FrontMatter{Published: pub}}
		a := &Analysed{File: f, Published: pub, HTML: "<p>x</p>"}
		for j := range 16 {
			text := ""
			for range 4 + r.Intn(4) {
				text += words[r.Intn(len(words))] + " "
			}
			date := "2024"
			if r.Intn(5) < 2 {
				date = fmt.Sprintf("2023-%02d", 1+r.Intn(12))
			}
			a.Result.Events = append(a.Result.Events, extract.Event{
				Date: date, Precision: "year", Status: "reported", Text: text,
				Countries: pick("KG", "KZ", "TJ"), Organisations: pick("csto", "sco"), People: pick("Andrey Belousov", "Emomali Rahmon"),
				Sentence: j + 1, Offset: 40 * j,
			})
		}
		for _, c := range pick("KG", "KZ", "TJ") {
			a.Result.Countries = append(a.Result.Countries, extract.Country{Code: c, Mentions: 1 + r.Intn(3)})
		}
		for _, o := range pick("csto", "sco") {
			a.Result.Organisations = append(a.Result.Organisations, extract.Organisation{ID: o, Name: strings.ToUpper(o), Mentions: 1 + r.Intn(3)})
		}
		for _, p := range pick("Andrey Belousov", "Emomali Rahmon") {
			a.Result.People = append(a.Result.People, extract.Person{Name: p, Mentions: 1 + r.Intn(3), Country: "TJ"})
		}
		return a
	}
}

// entitiesText is what s counts of its countries, organisations and
// people: mentions, and the documents that mention them.
func entitiesText(s *Site) string {
	var b strings.Builder
	docs := func(ds []*Document) {
		for _, d := range ds {
			b.WriteString(" " + d.Path)
		}
		b.WriteString("\n")
	}
	for _, c := range s.Countries {
		fmt.Fprintf(&b, "%s %d", c.Code, c.Mentions)
		docs(c.Documents)
	}
	for _, o := range s.Organisations {
		fmt.Fprintf(&b, "%s %d", o.ID, o.Mentions)
		docs(o.Documents)
	}
	for _, p := range s.People {
		fmt.Fprintf(&b, "%s %d %v", p.Name, p.Mentions, p.Country != nil)
		docs(p.Documents)
	}
	return b.String()
}

// timelineText is the timeline of s as text: each event with its id,
// date, title, sources and entities.
func timelineText(s *Site) string {
	var b strings.Builder
	for _, ev := range s.Events {
		fmt.Fprintf(&b, "%s %s %q", ev.ID(), ev.Date(), ev.Title())
		for _, src := range ev.Sources {
			fmt.Fprintf(&b, " %s@%d", src.Doc.Path, src.Offset)
		}
		for _, c := range ev.Countries {
			b.WriteString(" " + c.Code)
		}
		for _, o := range ev.Orgs {
			b.WriteString(" " + o.ID)
		}
		for _, p := range ev.People {
			b.WriteString(" " + p.Name)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestConsumeEqualsKeep: a build that takes its files apart as it goes,
// making its events in slabs and letting reports go as it passes them,
// makes the timeline of one that keeps them, with slabs of every size.
func TestConsumeEqualsKeep(t *testing.T) {
	defer func(n int) { slabLen = n }(slabLen)
	notes := func() []*Analysed {
		doc := randomNotes(rand.New(rand.NewSource(2)))
		var files []*Analysed
		for i := range 40 {
			files = append(files, doc(i))
		}
		return files
	}
	kept, _ := Build(Input{Files: notes()})
	want, wantEntities := timelineText(kept), entitiesText(kept)
	merged := 0
	for _, ev := range kept.Events {
		if len(ev.Sources) > 1 {
			merged++
		}
	}
	if merged == 0 || len(kept.Events) < 100 || len(kept.Organisations) == 0 || len(kept.People) == 0 {
		t.Fatalf("the test proves little: %d events, %d merged, %d organisations, %d people", len(kept.Events), merged, len(kept.Organisations), len(kept.People))
	}
	for _, n := range []int{1, 2, 3, 7, 64, 4096} {
		slabLen = n
		files := notes()
		consumed, _ := Build(Input{Files: files, Consume: true, NoFingerprints: true})
		if got := timelineText(consumed); got != want {
			t.Fatalf("slabs of %d: the timeline differs when consumed:\n%s\nkept:\n%s", n, got, want)
		}
		if got := entitiesText(consumed); got != wantEntities {
			t.Fatalf("slabs of %d: the entities differ when consumed:\n%s\nkept:\n%s", n, got, wantEntities)
		}
		for _, a := range files {
			if a.Result.Events != nil {
				t.Errorf("slabs of %d: %s still holds its reports", n, a.File.Path)
			}
		}
	}
}

func TestCacheEqualsNoCache(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	words := []string{"ministers", "met", "signed", "border", "agreement", "troops", "exercises", "talks", "water", "summit", "drills", "rejected"}
	doc := randomNotes(r)
	var files []*Analysed
	for i := range 60 {
		files = append(files, doc(i))
	}
	timeline := timelineText
	cache := NewCache()
	Build(Input{Files: files, Cache: cache})
	merged, reused := 0, 0
	for step := range 30 {
		i := r.Intn(len(files))
		switch step % 4 {
		case 3: // an event says it in other words
			c := *files[i]
			c.Result.Events = slices.Clone(c.Result.Events)
			j := r.Intn(len(c.Result.Events))
			c.Result.Events[j].Text = words[r.Intn(len(words))] + " " + words[r.Intn(len(words))]
			files[i] = &c
		case 0: // rewritten
			files[i] = doc(i)
		case 1: // its events move in it
			c := *files[i]
			c.Result.Events = slices.Clone(c.Result.Events)
			for j := range c.Result.Events {
				c.Result.Events[j].Offset += 7
			}
			files[i] = &c
		default: // deleted, or back
			files = slices.Delete(files, i, i+1)
			if len(files) < 50 {
				files = append(files, doc(100+step))
			}
		}
		site, _ := Build(Input{Files: files, Cache: cache})
		fresh, _ := Build(Input{Files: files})
		if got, want := timeline(site), timeline(fresh); got != want {
			t.Fatalf("step %d: the timeline differs with the Cache:\n%s\nwithout:\n%s", step, got, want)
		}
		for _, ev := range site.Events {
			if len(ev.Sources) > 1 {
				merged++
			}
		}
		reused += cache.Stats().DatesReused
	}
	if merged == 0 || reused == 0 {
		t.Errorf("the test proves little: %d merged events, %d dates reused", merged, reused)
	}
}

// TestNoFingerprints: a build without fingerprints numbers its events as
// one with them and leaves every fingerprint zero.
func TestNoFingerprints(t *testing.T) {
	doc := func(path string, day int) *Analysed {
		pub := extract.Date{Year: 2025, Month: 5, Day: day}
		f := &load.File{Path: path, Kind: load.Note, Raw: []byte("x"), Front: load.FrontMatter{Published: pub}}
		evs := []extract.Event{
			{Date: "2025-05", Precision: "month", Status: "reported", Text: "Troops held drills in Tajikistan.", Countries: []string{"TJ"}},
			{Date: "2025-04-02", Precision: "day", Status: "reported", Text: "Ministers met in Astana.", Countries: []string{"KZ"}, Sentence: 2, Offset: 40},
		}
		return &Analysed{File: f, Published: pub, HTML: "<p>x</p>", Result: extract.Result{Events: evs}}
	}
	files := func() []*Analysed { return []*Analysed{doc("notes/a.md", 3), doc("notes/b.md", 9)} }
	with, _ := Build(Input{Files: files()})
	without, _ := Build(Input{Files: files(), NoFingerprints: true})
	if len(with.Events) != len(without.Events) || len(with.Events) < 2 {
		t.Fatalf("events: %d with fingerprints, %d without", len(with.Events), len(without.Events))
	}
	for i, ev := range without.Events {
		if int(ev.Pos) != i || int(with.Events[i].Pos) != i || ev.ID() != with.Events[i].ID() {
			t.Errorf("event %d: Pos %d (with fingerprints %d), ID %s (with %s)", i, ev.Pos, with.Events[i].Pos, ev.ID(), with.Events[i].ID())
		}
		if ev.Sum != 0 || with.Events[i].Sum == 0 {
			t.Errorf("event %d: Sum %x without fingerprints, %x with", i, ev.Sum, with.Events[i].Sum)
		}
	}
	for i, d := range without.Documents {
		if d.Sum != 0 || d.MetaSum != 0 || with.Documents[i].Sum == 0 || with.Documents[i].MetaSum == 0 {
			t.Errorf("document %s: sums %x %x without fingerprints, %x %x with", d.Path, d.Sum, d.MetaSum, with.Documents[i].Sum, with.Documents[i].MetaSum)
		}
	}
}
