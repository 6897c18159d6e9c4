package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"regexp"
	"strings"
	"sync"
	"testing"

	"brief/generator/extract"
	"brief/generator/model"
)

func TestShades(t *testing.T) {
	tests := []struct {
		max  int
		want string
	}{
		{0, ""},
		{1, "q1 1-1"},
		{3, "q1 1-1, q2 2-2, q3 3-3"},
		{5, "q1 1-1, q2 2-2, q3 3-3, q4 4-4, q5 5-5"},
		{11, "q1 1-2, q2 3-4, q3 5-6, q4 7-8, q5 9-11"},
		{100, "q1 1-20, q2 21-40, q3 41-60, q4 61-80, q5 81-100"},
	}
	for _, tt := range tests {
		var got []string
		ss := shades(tt.max)
		for _, s := range ss {
			got = append(got, fmt.Sprintf("%s %d-%d", s.Class, s.Lo, s.Hi))
		}
		if g := strings.Join(got, ", "); g != tt.want {
			t.Errorf("shades(%d) = %s, want %s", tt.max, g, tt.want)
		}
		// Every count from 1 to max falls in exactly one class.
		for n := 1; n <= tt.max; n++ {
			if shadeOf(ss, n) == "" {
				t.Errorf("shades(%d): %d has no class", tt.max, n)
			}
		}
	}
	if l := (shade{Lo: 1, Hi: 1}).Label(); l != "1 mention" {
		t.Errorf("label %q", l)
	}
	if l := (shade{Lo: 3, Hi: 4}).Label(); l != "3–4 mentions" {
		t.Errorf("label %q", l)
	}
}

func TestBuckets(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want string // key=values…
	}{
		{"empty", nil, ""},
		{"gaps become empty months", []string{"2025-03", "2025-01", "2025-03"},
			"2025-01=1/0 2025-02=0/0 2025-03=2/0"},
		{"across a new year", []string{"2024-12", "2025-01"}, "2024-12=1/0 2025-01=1/0"},
		{"a year alone makes years", []string{"2025-05", "2023"}, "2023=1/0 2024=0/0 2025=1/0"},
		{"more than three years makes years", []string{"2020-01", "2025-06"},
			"2020=1/0 2021=0/0 2022=0/0 2023=0/0 2024=0/0 2025=1/0"},
	}
	for _, tt := range tests {
		vals := make([][2]int, len(tt.keys))
		for i := range vals {
			vals[i] = [2]int{1, 0}
		}
		var got []string
		for _, b := range buckets(tt.keys, vals) {
			got = append(got, fmt.Sprintf("%s=%d/%d", b.Key, b.Values[0], b.Values[1]))
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, g, tt.want)
		}
	}
	bs := buckets([]string{"2025-01", "2025-02"}, [][2]int{{1, 0}, {1, 0}})
	if bs[0].Label != "January 2025" || bs[0].Short != "Jan" || bs[0].Year != "2025" || bs[1].Year != "" {
		t.Errorf("labels: %+v", bs)
	}
}

func TestEventsChart(t *testing.T) {
	s := testSite("/repo/", plainTitle)
	svg := string(eventsChart(s.Events))
	for _, want := range []string{
		`role="img" aria-labelledby="events-chart-title events-chart-desc"`,
		`<title id="events-chart-title">Events per year</title>`,
		// 2021 to 2026 by year (the planned event is known only by year).
		`<desc id="events-chart-desc">2 events reported and 1 planned from 2021 to 2026; most in 2021 (1). Planned events are hatched.</desc>`,
		`<pattern id="events-chart-hatch"`,
		`<title>2026: 0 reported, 1 planned</title>`,
		`fill="url(#events-chart-hatch)"`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("events chart lacks %s\n%s", want, svg)
		}
	}
	// A value label above every bar that has events, so that the chart
	// reads without colour.
	if n := strings.Count(svg, `class="value"`); n != 3 {
		t.Errorf("%d value labels, want 3", n)
	}
	if eventsChart(nil) != "" {
		t.Error("a chart of no events")
	}
	rows := eventsByPeriod(s.Events)
	if len(rows) != 3 || rows[0].Key != "2026" || rows[0].Planned != 1 || rows[2].Key != "2021" {
		t.Errorf("table rows: %+v", rows)
	}

	m := string(mentionsChart("Tajikistan", []model.MonthCount{{Month: "2025-03", Count: 4}, {Month: "2025-05", Count: 2}}))
	for _, want := range []string{
		`<title id="mentions-chart-title">Mentions of Tajikistan per month</title>`,
		`6 mentions from March 2025 to May 2025; most in March 2025 (4).`,
		`<title>April 2025: 0 mentions</title>`,
		`>4</text>`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("mentions chart lacks %s\n%s", want, m)
		}
	}
}

func TestMaps(t *testing.T) {
	s := testSite("/repo/", plainTitle)
	r := newLinks(s)
	m := string(r.mentionsMap(s.Countries))
	// KG has 3 mentions, AF and TJ 2: three classes of one count each.
	for _, want := range []string{
		`<svg class="map" viewBox="0 0 800 `,
		`role="group" aria-labelledby="map-title"`,
		`<a href="/repo/countries/kg/"><title>Kyrgyzstan: 3 mentions</title><path class="q3" d="M`,
		`<a href="/repo/countries/tj/"><title>Tajikistan: 2 mentions</title><path class="q2" d="M`,
		`<path class="land" d="M`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("mentions map lacks %s", want)
		}
	}
	if m != string(r.mentionsMap(s.Countries)) {
		t.Error("mentions map differs between two calls")
	}
	if r.mentionsMap(nil) != "" {
		t.Error("a map of no countries")
	}

	tj := s.CountryByCode["TJ"]
	l := string(r.locatorMap(tj, s.Countries))
	for _, want := range []string{
		`<title id="locator-title">Locator map of Tajikistan</title>`,
		`<desc id="locator-desc">Tajikistan lies in Central Asia and borders Afghanistan, China, Kyrgyzstan and Uzbekistan.</desc>`,
		`<path class="here" d="M`,
		`<a href="/repo/countries/af/"><title>Afghanistan</title><path class="seen"`,
		`<text class="map-label"`,
	} {
		if !strings.Contains(l, want) {
			t.Errorf("locator map lacks %s", want)
		}
	}
	csto := s.OrgByID["csto"]
	mm := string(r.membersMap(csto.Name, csto.Members))
	for _, want := range []string{
		`<title id="members-title">Map of the member states of Collective Security Treaty Organisation</title>`,
		`<desc id="members-desc">2 members: Kyrgyzstan and Tajikistan.</desc>`,
		`<a href="/repo/countries/kg/"><title>Kyrgyzstan</title><path class="member" d="M`,
	} {
		if !strings.Contains(mm, want) {
			t.Errorf("members map lacks %s", want)
		}
	}
	if r.membersMap("None", nil) != "" {
		t.Error("a map of no members")
	}

	// A country with no outline at 1:110m is a dot at its centre.
	sg := &model.Country{Code: "SG", Slug: "sg", Name: "Singapore", Subregion: "South-Eastern Asia"}
	if l := string(r.locatorMap(sg, nil)); !strings.Contains(l, `<circle class="here dot"`) {
		t.Errorf("Singapore's locator map has no dot:\n%.300s", l)
	}
	if r.locatorMap(&model.Country{Code: "ZZ", Name: "Nowhere"}, nil) != "" {
		t.Error("a locator map of an unknown country")
	}
}

func TestAndList(t *testing.T) {
	for in, want := range map[string]string{"": "", "a": "a", "a b": "a and b", "a b c": "a, b and c"} {
		if got := andList(strings.Fields(in)); got != want {
			t.Errorf("andList(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearchIndex(t *testing.T) {
	s := testSite("/repo/", plainTitle)
	files := render(t, s, Options{})
	var entries []searchEntry
	if err := json.Unmarshal(files["search-index.json"], &entries); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	var tj *searchEntry
	for i, e := range entries {
		kinds[e.Kind]++
		if !strings.HasPrefix(e.URL, "/repo/") {
			t.Errorf("%s: URL %q lacks the base path", e.Title, e.URL)
		}
		if e.Kind == "country" && e.Title == "Tajikistan" {
			tj = &entries[i]
		}
	}
	want := map[string]int{"country": 3, "organisation": 1, "person": 2, "document": 2, "event": 3}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("entries by kind: %v, want %v", kinds, want)
	}
	// Tajikistan is found by its president's name, and says why.
	if tj == nil || !strings.Contains(tj.Words, "Emomali Rahmon") || !strings.Contains(tj.Info, "Key people: Emomali Rahmon") || tj.URL != "/repo/countries/tj/" {
		t.Errorf("Tajikistan's entry: %+v", tj)
	}
	// Compact: one line.
	if strings.Count(string(files["search-index.json"]), "\n") != 1 {
		t.Error("search-index.json is indented")
	}
}

func TestClip(t *testing.T) {
	if got := clip("  one   two\nthree ", 100); got != "one two three" {
		t.Errorf("clip = %q", got)
	}
	if got := clip("Tajikistan borders Afghanistan along the Panj", 20); got != "Tajikistan borders…" {
		t.Errorf("clip = %q", got)
	}
	if got := clip("ééééé", 3); got != "é…" {
		t.Errorf("clip cut a character: %q", got)
	}
}

// TestSpacedOnce: spacedOnce says exactly when a text is already what
// clip makes of its spaces, and joinNonEmpty is the trimmed parts joined.
func TestSpacedOnce(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\u00a0b", "a\u2028b", "a\u3000b",
		"é b", "bad \xff utf8", "\xe2\x80 x", "a\x85b", "a\u0085b", "one two three"} {
		if got, want := spacedOnce(s), strings.Join(strings.Fields(s), " ") == s; got != want {
			t.Errorf("spacedOnce(%q) = %v, want %v", s, got, want)
		}
	}
	// Texts up to 40 bytes, which spacedOnce reads eight bytes at a time
	// up to a wider rune: every kind of space at every place, runs of
	// two across the eights, and wider runes before and after.
	pieces := []string{"a", "Z", ".", " ", " ", " ", "\t", "\n", "\v", "\f", "\r", "\x08", "\x0e", "\x1f", "\x7f", "é", "\u00a0", "\u2028", "\xff"}
	r := rand.New(rand.NewSource(8))
	for range 50000 {
		var b strings.Builder
		for b.Len() < 40 && r.Intn(30) > 0 {
			p := pieces[r.Intn(len(pieces))]
			if r.Intn(4) > 0 {
				p = pieces[r.Intn(6)] // mostly letters and spaces
			}
			b.WriteString(p)
		}
		s := b.String()
		if got, want := spacedOnce(s), strings.Join(strings.Fields(s), " ") == s; got != want {
			t.Fatalf("spacedOnce(%q) = %v, want %v", s, got, want)
		}
	}
	for _, xs := range [][]string{nil, {""}, {" ", "a"}, {"a", " b ", "", "c"}, {"x"}} {
		var keep []string
		for _, x := range xs {
			if x = strings.TrimSpace(x); x != "" {
				keep = append(keep, x)
			}
		}
		if got, want := joinNonEmpty(", ", xs...), strings.Join(keep, ", "); got != want {
			t.Errorf("joinNonEmpty(%q) = %q, want %q", xs, got, want)
		}
	}
}

var reEventRow = regexp.MustCompile(`<li class="event-row[^"]*">.*? <a href="[^"#]*#(e-[^"]+)">`)

func TestTimelineFilters(t *testing.T) {
	s := testSite("/repo/", plainTitle)
	fs := timelineFilters(s.Events)
	var got []string
	for _, f := range append(fs.Status, fs.Countries...) {
		got = append(got, fmt.Sprintf("%s %s %d", f.Label, f.URL, f.Count))
	}
	want := "Planned timeline/planned/ 1|Reported timeline/reported/ 2|Tajikistan timeline/country/tj/ 2|Afghanistan timeline/country/af/ 1|Kyrgyzstan timeline/country/kg/ 1"
	if strings.Join(got, "|") != want {
		t.Errorf("filters:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}

	byID := map[string]*model.Event{}
	for _, e := range s.Events {
		byID[e.ID()] = e
	}
	hasCountry := func(e *model.Event, slug string) bool {
		for _, c := range e.Countries {
			if c.Slug == slug {
				return true
			}
		}
		return false
	}
	files := render(t, s, Options{})
	for path, check := range map[string]func(e *model.Event) bool{
		"timeline/planned/index.html":    func(e *model.Event) bool { return e.Planned },
		"timeline/reported/index.html":   func(e *model.Event) bool { return !e.Planned },
		"timeline/country/tj/index.html": func(e *model.Event) bool { return hasCountry(e, "tj") },
	} {
		page := string(files[path])
		// A filtered view lists its events one a line, each linking to
		// its entry on the timeline.
		ms := reEventRow.FindAllStringSubmatch(page, -1)
		if len(ms) == 0 {
			t.Errorf("%s lists no events", path)
		}
		for _, m := range ms {
			e := byID[m[1]]
			if e == nil || !check(e) {
				t.Errorf("%s lists an event that does not match: %s", path, m[0])
			}
		}
		var want int
		for _, e := range s.Events {
			if check(e) {
				want++
			}
		}
		if len(ms) != want {
			t.Errorf("%s lists %d events, want %d", path, len(ms), want)
		}
		// The filtered page marks its own filter and is no link target.
		if !strings.Contains(page, `aria-current="page"`) || strings.Contains(page, `<li class="event" id=`) {
			t.Errorf("%s: current filter or anchors wrong", path)
		}
	}
	// Only the full timeline filters in place with the script.
	if !strings.Contains(string(files["timeline/index.html"]), "data-timeline") || strings.Contains(string(files["timeline/planned/index.html"]), "data-timeline") {
		t.Error("data-timeline on the wrong pages")
	}
}

func TestAfter(t *testing.T) {
	xs := []int{1, 2, 3}
	for n, want := range map[int]string{-1: "[1 2 3]", 0: "[1 2 3]", 2: "[3]", 3: "[]", 5: "[]"} {
		got, err := after(n, xs)
		if err != nil || fmt.Sprint(got) != want {
			t.Errorf("after(%d) = %v, %v; want %s", n, got, err, want)
		}
	}
	if _, err := after(1, 3); err == nil {
		t.Error("after on a number: no error")
	}
}

// TestManyCountryFilters: past twelve countries the timeline's country
// filters fold into a disclosure, open on the page of a folded country.
func TestManyCountryFilters(t *testing.T) {
	s := testSite("/", plainTitle)
	seed := s.DocBySlug["csto-warning"]
	for i := 0; i < 14; i++ {
		c := &model.Country{Code: fmt.Sprintf("Z%c", 'A'+i), Slug: fmt.Sprintf("z%c", 'a'+i), Name: fmt.Sprintf("Country %02d", i)}
		s.Countries = append(s.Countries, c)
		s.CountryByCode[c.Code] = c
		e := dated(&model.Event{Text: "Event in " + c.Name,
			Countries: []*model.Country{c}, Sources: []model.Source{{Doc: seed, Sentence: 1}}}, s.Events[2].Date(), extract.Date{})
		s.Events = append(s.Events, e)
	}
	files := render(t, s, Options{})
	tl := string(files["timeline/index.html"])
	if n := strings.Count(tl, `<details class="more-filters">`); n != 1 || !strings.Contains(tl, "<summary>5 more countries</summary>") {
		t.Errorf("timeline: %d folded lists, or wrong summary", n)
	}
	// "Country 13" sorts last among the countries with one event.
	last := string(files["timeline/country/zn/index.html"])
	if !strings.Contains(last, `<details class="more-filters" open>`) {
		t.Error("the page of a folded country does not open the fold")
	}
}

func TestLocatorText(t *testing.T) {
	tests := []struct {
		c    model.Country
		want string
	}{
		{model.Country{Code: "TJ", Name: "Tajikistan", Region: "Asia", Subregion: "Central Asia"},
			"Tajikistan lies in Central Asia and borders Afghanistan, China, Kyrgyzstan and Uzbekistan."},
		{model.Country{Code: "IS", Name: "Iceland", Region: "Europe", Subregion: "Northern Europe"},
			"Iceland lies in Northern Europe."},
		{model.Country{Code: "PT", Name: "Portugal", Region: "Europe"},
			"Portugal lies in Europe and borders Spain."},
		{model.Country{Code: "ZZ", Name: "Nowhere"}, "Nowhere is shown on the map."},
	}
	for _, tt := range tests {
		c := tt.c
		if got := locatorText(&c); got != tt.want {
			t.Errorf("locatorText(%s) = %q, want %q", c.Code, got, tt.want)
		}
	}
}

// TestSearchIndexStreamed: the index written an entry at a time is the
// whole list as encoding/json makes it, also when the site is empty.
func TestSearchIndexStreamed(t *testing.T) {
	empty := testSite("/", plainTitle)
	empty.Events, empty.Documents, empty.Countries, empty.Organisations, empty.People = nil, nil, nil, nil, nil
	for _, s := range []*model.Site{testSite("/repo/", "\"quoted\" <b>&</b> \u2028"), empty} {
		r := newRenderer(s, Options{})
		r.pages()
		all := []searchEntry{}
		r.eachSearchEntry(func(_ *lineCache, _ uint64, make func() searchEntry, _ func(*jsonWriter)) { all = append(all, make()) })
		want, err := json.Marshal(all)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := r.writeSearchIndex(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != string(want)+"\n" {
			t.Errorf("got %s\nwant %s", got.Bytes(), want)
		}
	}
}

// TestSink: with a sink, the files that grow with every event go to it,
// byte for byte what would have been emitted, and are not emitted.
func TestSink(t *testing.T) {
	s := testSite("/repo/", plainTitle)
	manyEvents(s, 50)
	plain := render(t, s, Options{})
	sunk := map[string][]byte{}
	var mu sync.Mutex
	emitted := map[string]bool{}
	ds := Stream(s, Options{Sink: func(path string, produce func(io.Writer) error) {
		var buf bytes.Buffer
		// A writer that takes a few bytes at a time, as a disk might.
		if err := produce(&slowWriter{&buf}); err != nil {
			t.Error(err)
		}
		mu.Lock()
		sunk[path] = buf.Bytes()
		mu.Unlock()
	}}, func(f File) {
		mu.Lock()
		emitted[f.Path] = true
		mu.Unlock()
	})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	for _, p := range []string{"api/events.json", "api/timeline.json", "search-index.json"} {
		if !bytes.Equal(sunk[p], plain[p]) || emitted[p] {
			t.Errorf("%s: sunk %d bytes (want %d), emitted %v", p, len(sunk[p]), len(plain[p]), emitted[p])
		}
	}
	if len(sunk) != 3 || len(emitted) != len(plain)-3 {
		t.Errorf("%d sunk, %d emitted, %d files in all", len(sunk), len(emitted), len(plain))
	}
}

type slowWriter struct{ w io.Writer }

func (s *slowWriter) Write(p []byte) (int, error) {
	for i := 0; i < len(p); i += 7 {
		if _, err := s.w.Write(p[i:min(i+7, len(p))]); err != nil {
			return i, err
		}
	}
	return len(p), nil
}
