package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strings"
	"testing"

	"brief/generator/extract"
	"brief/generator/model"
)

// TestEventListMatchesPartial holds eventList, which the default "events"
// partial calls, byte-identical to ranging over the events with the "event"
// partial, for ordinary events and for text that needs every kind of
// escaping, with and without anchors, on a root and a project site, with the
// timeline on one page and split by year.
func TestEventListMatchesPartial(t *testing.T) {
	for _, base := range []string{"/", "/repo/"} {
		for _, split := range []bool{false, true} {
			s := testSite(base, `Kabul <b>"&'+ 'x'</b> `+"\x00"+`ok`)
			if split {
				manyEvents(s, TimelineSplitAt+1)
			}
			hostile := &model.Country{Code: "XX", Slug: `x"y`, Name: `A&B <i>`, Flag: "+"}
			crowded := dated(&model.Event{Text: "Everyone",
				Countries: s.Countries, Orgs: s.Organisations, People: s.People}, extract.Date{Year: 2022, Month: 1, Day: 2}, extract.Date{})
			for range 3 {
				crowded.Countries = append(crowded.Countries, s.Countries...)
			}
			s.Events = append(s.Events, crowded)
			org := &model.Organisation{ID: "o", Slug: "o p", Name: `"Org"`}
			odd := &model.Document{Slug: "ü/é?q=1&x", Kind: "seed"}
			colon := &model.Document{Slug: "a:b", Kind: "seed"}
			s.Events = append(s.Events,
				dated(&model.Event{Text: "C",
					Sources: []model.Source{{Doc: colon, Sentence: 12}, {Doc: colon}}}, extract.Date{Year: 2024, Month: 2}, extract.Date{}),
				dated(&model.Event{Text: "T", Countries: []*model.Country{hostile}, Orgs: []*model.Organisation{org},
					Sources: []model.Source{{Doc: odd, Sentence: 4}, {}, {Doc: odd}, {Doc: odd, Sentence: 5}, {Doc: odd, Sentence: 6}}},
					extract.Date{Year: 2024, Month: 2}, extract.Date{Year: 2024, Month: 3, Day: 4}),
				dated(&model.Event{}, extract.Date{Year: 2023}, extract.Date{}))
			r := newRenderer(s, Options{})
			for _, anchors := range []bool{false, true} {
				for _, list := range [][]*model.Event{s.Events, nil, s.Events[:1]} {
					want := partialList(t, r, "event", `<ol class="events">`, list, func(e *model.Event) any {
						return map[string]any{"E": e, "Anchors": anchors}
					})
					if got := string(r.eventList(list, anchors)); got != want {
						t.Errorf("base %s, split %v, anchors %v:\n got: %s\nwant: %s", base, split, anchors, got, want)
					}
				}
			}
		}
	}
}

// TestEventRowsMatchPartial holds eventRows byte-identical to ranging over
// the events with the "event-row" partial, on a root and a project site,
// for hostile text, date ranges, planned events and events whose entry is
// on a later page of a split timeline.
func TestEventRowsMatchPartial(t *testing.T) {
	for _, base := range []string{"/", "/repo/"} {
		for _, split := range []bool{false, true} {
			s := testSite(base, `Kabul <b>"&'+ 'x'</b> `+"\x00"+`ok`)
			if split {
				manyEvents(s, TimelineSplitAt+1)
			}
			s.Events = append(s.Events,
				dated(&model.Event{Text: `<script>"x"</script>`, Planned: true},
					extract.Date{Year: 2024, Month: 2}, extract.Date{Year: 2024, Month: 3, Day: 4}),
				dated(&model.Event{}, extract.Date{Year: 2023}, extract.Date{}))
			for i, e := range s.Events {
				e.Pos = int32(i) // as the model numbers them: the renderer keeps what it learns of each title by it
			}
			r := newRenderer(s, Options{})
			r.pages()
			// A document that words one of the events its own way.
			doc := &model.Document{Slug: "d", Kind: "note"}
			s.Events[0].Sources = append(s.Events[0].Sources, model.Source{Doc: doc, Text: `Its own <words> & "quotes"`})
			for _, d := range []*model.Document{nil, doc} {
				for _, list := range [][]*model.Event{s.Events, nil, s.Events[len(s.Events)-2:]} {
					want := partialList(t, r, "event-row", `<ol class="event-rows">`, list, func(e *model.Event) any {
						return map[string]any{"E": e, "Doc": d}
					})
					got := string(r.eventRows(list, d))
					if got != want {
						t.Errorf("base %s, split %v:\n got: %s\nwant: %s", base, split, got, want)
					}
					if len(list) > 0 && !strings.Contains(got, "#e-") {
						t.Errorf("base %s, split %v: no link to a timeline entry: %s", base, split, got)
					}
					if own := strings.Contains(got, "Its own &lt;words&gt;"); own != (d != nil && len(list) == len(s.Events)) {
						t.Errorf("base %s, split %v, doc %v: the document's own words shown %v", base, split, d != nil, own)
					}
				}
			}
		}
	}
}

// TestNormURLMatchesTemplate: escURL writes every byte of a link as
// html/template writes it into an href, alone and between others.
func TestNormURLMatchesTemplate(t *testing.T) {
	tmpl := template.Must(template.New("a").Parse(`<a href="{{.}}">`))
	var urls []string
	for c := range 256 {
		urls = append(urls, "/a"+string(rune(c))+"b/", "x"+string([]byte{byte(c)}), "https://example.org/?q="+string([]byte{byte(c), byte(c)})+"&r=1+2")
	}
	for _, u := range urls {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, u); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		got.WriteString(`<a href="`)
		escURL(&got, u)
		got.WriteString(`">`)
		if got.String() != want.String() {
			t.Errorf("%q: got %s, want %s", u, got.String(), want.String())
		}
	}
}

// partialList is the reference for a list written in Go: the empty note,
// or an <ol> (open is its start tag) of the named partial executed with
// args(e) for each event, one a line.
func partialList(t *testing.T, r *renderer, partial, open string, list []*model.Event, args func(*model.Event) any) string {
	t.Helper()
	if len(list) == 0 {
		return `<p class="empty">No events.</p>`
	}
	set, ds := loadTemplates(Options{}, r.links)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	tmpl, err := set.page("home.html")
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	want.WriteString(open)
	for _, e := range list {
		want.WriteByte('\n')
		if err := tmpl.ExecuteTemplate(&want, partial, args(e)); err != nil {
			t.Fatal(err)
		}
	}
	want.WriteString("\n</ol>")
	return want.String()
}

func BenchmarkEventList(b *testing.B) {
	s := testSite("/repo/", plainTitle)
	manyEvents(s, 1000)
	r := newRenderer(s, Options{})
	r.pages() // where the anchors are
	b.ReportAllocs()
	for b.Loop() {
		r.eventList(s.Events, false)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(s.Events)), "ns/event")
}

// TestPagedTimeline: a year with more than YearPageSize events continues
// on numbered pages; every event's link leads to the page that holds its
// entry; filtered views come in pages of YearPageSize events; entity pages list
// only their latest events and link to their filtered timeline; no page
// lists more than YearPageSize events.
func TestPagedTimeline(t *testing.T) {
	s := testSite("/repo/", plainTitle)
	manyEvents(s, 3*YearPageSize+30) // every year has more than one page
	af := s.CountryByCode["AF"]
	af.Events = nil
	for _, e := range s.Events {
		for _, c := range e.Countries {
			if c == af {
				af.Events = append(af.Events, e)
			}
		}
	}
	files := render(t, s, Options{})
	r := newRenderer(s, Options{})
	r.pages()
	for _, e := range s.Events {
		p := r.eventPath(e)
		file, frag, _ := strings.Cut(p, "#")
		page, ok := files[file+"index.html"]
		if !ok {
			t.Fatalf("event %s links to %s, which is no page", e.ID(), p)
		}
		if !bytes.Contains(page, []byte(`id="`+frag+`"`)) {
			t.Errorf("event %s: %s has no entry with its id", e.ID(), file)
		}
	}
	for _, want := range []string{"timeline/2020/2/index.html", "timeline/country/af/index.html",
		"timeline/country/af/2/index.html", "timeline/country/af/4/index.html", "timeline/reported/4/index.html"} {
		if _, ok := files[want]; !ok {
			t.Errorf("no page %s", want)
		}
	}
	for path, data := range files {
		if n := bytes.Count(data, []byte(`<li class="event`)); n > YearPageSize {
			t.Errorf("%s lists %d events", path, n)
		}
	}
	year := string(files["timeline/2020/2/index.html"])
	for _, want := range []string{`<nav class="pager" aria-label="Pages">`,
		`<a href="/repo/timeline/2020/2/" aria-current="page">2</a>`, `<a href="/repo/timeline/2020/">1</a>`,
		"<title>Timeline 2020, page 2 of 2 · "} {
		if !strings.Contains(year, want) {
			t.Errorf("timeline/2020/2/ lacks %s", want)
		}
	}
	filtered := string(files["timeline/country/af/2/index.html"])
	for _, want := range []string{"<title>Timeline: Afghanistan, page 2 of 4 · ", " newest first. Page 2 of 4. ",
		`<a href="/repo/timeline/country/af/2/" aria-current="page">2</a>`} {
		if !strings.Contains(filtered, want) {
			t.Errorf("timeline/country/af/2/ lacks %s", want)
		}
	}
	// Every link to a year of the timeline or of a view lands on its heading.
	yearLink := regexp.MustCompile(`href="/repo/([^"#]*)#(y\d+)"`)
	for path, data := range files {
		for _, m := range yearLink.FindAllSubmatch(data, -1) {
			target, ok := files[string(m[1])+"index.html"]
			if !ok || !bytes.Contains(target, []byte(`id="`+string(m[2])+`"`)) {
				t.Errorf("%s links to %s#%s, which has no such heading", path, m[1], m[2])
			}
		}
	}
	country := string(files["countries/af/index.html"])
	if n := strings.Count(country, `<li class="event`); n != ListCap {
		t.Errorf("country page lists %d events, want %d", n, ListCap)
	}
	if !strings.Contains(country, `<p class="more"><a href="/repo/timeline/country/af/">All `) {
		t.Error("country page does not link to its timeline")
	}
}

// entitiesPartial is the "entities" partial as it was written in the
// template language before chips took its place.
const entitiesPartial = `{{if or .Countries .Orgs .People}}<ul class="chips">
{{- range .Countries}}
<li><a class="chip chip-country" href="{{countryURL .}}"><span class="flag" aria-hidden="true">{{.Flag}}</span> {{.Name}}</a></li>
{{- end}}
{{- range .Orgs}}
<li><a class="chip chip-org" href="{{orgURL .}}">{{if .Acronym}}<abbr title="{{.Name}}">{{.Acronym}}</abbr>{{else}}{{.Name}}{{end}}</a></li>
{{- end}}
{{- range .People}}
<li><a class="chip chip-person" href="{{personURL .}}">{{.Name}}</a></li>
{{- end}}
</ul>{{end}}`

// TestChipsMatchPartial holds chips byte-identical to the template it
// replaced, for every event and document of the test site and for hostile
// names.
func TestChipsMatchPartial(t *testing.T) {
	s := testSite("/repo/", `<b>"&'+</b>`)
	hostile := &model.Country{Code: "XX", Slug: `x"y`, Name: `A&B <i>`, Flag: "+"}
	s.Documents[0].Countries = append(s.Documents[0].Countries, hostile)
	s.Documents[0].Orgs = append(s.Documents[0].Orgs, &model.Organisation{ID: "o", Slug: "o p", Name: `"Org"`})
	r := newRenderer(s, Options{})
	tmpl := template.Must(template.New("x").Funcs(r.funcs()).Parse(entitiesPartial))
	var values []any
	for _, e := range s.Events {
		values = append(values, e)
	}
	for _, d := range s.Documents {
		values = append(values, d)
	}
	values = append(values, &model.Event{}, &model.Document{})
	for _, v := range values {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		got, err := r.chips(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Errorf("chips(%T):\n got: %s\nwant: %s", v, got, want.String())
		}
	}
	if _, err := r.chips(42); err == nil {
		t.Error("chips accepted a number")
	}
}

// TestNavLinksMatchPartial holds navLinks byte-identical to six calls of
// the "navlink" partial, on pages of every section and on the section
// pages themselves.
func TestNavLinksMatchPartial(t *testing.T) {
	for _, base := range []string{"/", "/repo/"} {
		s := testSite(base, plainTitle)
		r := newRenderer(s, Options{})
		set, ds := loadTemplates(Options{}, r.links)
		if len(ds) > 0 {
			t.Fatal(ds)
		}
		tmpl, err := set.page("home.html")
		if err != nil {
			t.Fatal(err)
		}
		var pages []*Page
		for _, sec := range navSections {
			pages = append(pages, &Page{Section: sec[1], URL: sec[0]}, &Page{Section: sec[1], URL: sec[0] + "x/"})
		}
		pages = append(pages, &Page{}, &Page{Kind: "404", URL: "404.html"})
		for _, p := range pages {
			var want bytes.Buffer
			for i, sec := range navSections {
				if i > 0 {
					want.WriteByte('\n')
				}
				if err := tmpl.ExecuteTemplate(&want, "navlink", map[string]any{"Page": p, "URL": sec[0], "Section": sec[1], "Label": sec[2]}); err != nil {
					t.Fatal(err)
				}
			}
			if got := string(r.navLinks(p)); got != want.String() {
				t.Errorf("page %+v:\n got: %s\nwant: %s", p, got, want.String())
			}
		}
	}
}

// TestJSONWriterMatchesEncoding holds jsonWriter byte-identical to
// encoding/json for both event shapes, with every kind of string that
// needs escaping and with fields left out.
func TestJSONWriterMatchesEncoding(t *testing.T) {
	nasty := []string{"", "plain", `"quoted" \back\ <b>&amp;</b>`, "ctl \x00\x01\b\f\n\r\t\x1f\x7f", "line\u2028para\u2029", "bad \xff\xfe utf8 \xe2\x82", "émigré 日本 🇹🇯"}
	site := testSite("/repo/", plainTitle)
	// The events are the site's, numbered as the model numbers them, so
	// that the renderer keeps what it learns of their titles; each is
	// written twice below, the second time with what it learnt.
	events := make([]*model.Event, len(nasty))
	for i, s := range nasty {
		events[i] = dated(&model.Event{Text: s,
			Countries: []*model.Country{{Code: s, Slug: "x", Name: s}}, Orgs: []*model.Organisation{{ID: s}},
			People: []*model.Person{{Name: s}, {Name: "x"}}}, extract.Date{Year: 2025, Month: 5}, extract.Date{})
	}
	site.Events = append(site.Events, events...)
	for i, e := range site.Events {
		e.Pos = int32(i)
	}
	r := newRenderer(site, Options{})
	r.pages()
	// same checks that write writes what encoding/json makes of v.
	var got bytes.Buffer
	w := jsonWriter{b: &got}
	same := func(v any, write func(), what string, args ...any) {
		t.Helper()
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got.Reset()
		write()
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf(what+":\n got: %s\nwant: %s", append(args, got.Bytes(), want)...)
		}
	}
	for k := range 2 * len(nasty) {
		i := k % len(nasty)
		s := nasty[i]
		doc := &model.Document{Slug: s, Title: s, Kind: "seed"}
		e := events[i]
		if i%2 == 0 {
			// On a page of the timeline (the others are on none).
			r.anchor.put(e, "timeline/"+s+"/")
		}
		if i%2 == 1 {
			e.SetDates(e.Date(), extract.Date{Year: 2025, Month: 6, Day: i})
			e.Planned = true
			e.Sources = []model.Source{{Doc: doc, Sentence: int32(i), Text: s}, {}, {Doc: doc}}
		}
		same(r.eventJSON(e), func() { w.modelEvent(r, e) }, "event with %q", s)
		te := tljsEvent{StartDate: tljsDate{Year: "2025", Month: s, DisplayDate: s}, Text: tljsText{Headline: s, Text: s}, Group: s, UniqueID: s}
		if i%2 == 0 {
			te.EndDate = &tljsDate{Year: s, Day: "3"}
		}
		same(te, func() { w.tljsEvent(&te) }, "timeline event with %q", s)
		same(r.tljsEventOf(e), func() { w.timelineEvent(r, e) }, "timeline event of an event with %q", s)
		se := searchEntry{Kind: s, Title: s, URL: s, Info: s, Date: s, Words: s}
		if i%2 == 1 {
			se.Info, se.Words = "", ""
		}
		same(se, func() { w.searchEntry(&se) }, "search entry with %q", s)
		// A document's entry, written without its value.
		for j := range 3 {
			d := &model.Document{Slug: s, Title: s, Kind: "seed", Summary: s, Publisher: " " + s,
				Tags: []string{s, "", "t"}, Countries: e.Countries,
				Paragraphs: [][]*model.Sentence{{{N: 1, Pieces: []model.Piece{{Text: s}, {Text: strings.Repeat(" x"+s, 30*j)}}}}}}
			if j == 1 {
				d.Published = extract.Date{Year: 2024, Month: i % 3}
			}
			if j == 2 {
				d.Title, d.Summary, d.Publisher, d.Tags, d.Countries, d.Paragraphs = "", "", "", nil, nil, nil
			}
			same(r.docSearchEntry(d), func() { w.docSearchEntry(r, d, nil) }, "search entry of a document with %q", s)
		}
		// An event's entry, written without its value; also with text
		// that is clipped or spaced oddly, and with nothing but a text.
		// These are copies: the renderer knows the site's events by
		// their text.
		for j, text := range []string{s, strings.Repeat(s+" \t ", 90), " " + s + "  x ", s} {
			e := *e
			e.Text = text
			e.SetDates(extract.Date{Year: 2025, Month: 5, Day: j * i % 3}, e.End())
			if j == 3 {
				e.Countries, e.Orgs, e.People = nil, nil, nil
				e.SetDates(extract.Date{}, extract.Date{})
			}
			same(r.eventSearchEntry(&e), func() { w.eventSearchEntry(r, &e, nil) }, "search entry of an event with %q", text)
		}
	}
}

// eventsJSON and timelineJSON are the open data files as whole values, the
// reference that the files made one event at a time must equal.
func (r *renderer) eventsJSON() []jsonEvent {
	out := []jsonEvent{}
	for _, e := range r.site.Events {
		out = append(out, r.eventJSON(e))
	}
	return out
}

func (r *renderer) timelineJSON() tljsTimeline {
	tl := r.timelineHead()
	for _, e := range r.site.Events {
		tl.Events = append(tl.Events, r.tljsEventOf(e))
	}
	return tl
}

// jsonLinesRef is the reference layout of the open data files: the
// whole list encoded by encoding/json, then each element put on a line
// of its own.
func jsonLinesRef[T any](t *testing.T, list []T) string {
	if len(list) == 0 {
		return "[]"
	}
	var lines []string
	for _, v := range list {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	whole, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	if got := "[" + strings.Join(lines, ",") + "]"; got != string(whole) {
		t.Fatalf("elements do not make the list:\n%s\n%s", got, whole)
	}
	return "[\n" + strings.Join(lines, ",\n") + "\n]"
}

// TestJSONOneEventAtATime: the open data files made one event at a time
// are the whole lists as encoding/json makes them, one event a line, also
// when empty, and parse back to the same values.
func TestJSONOneEventAtATime(t *testing.T) {
	full := testSite("/repo/", "\"quoted\" <b>&</b> \u2028 \x01")
	manyEvents(full, 5)
	// An event with an end, a planned one, and sources without a document
	// or a sentence: every branch of the writer.
	full.Events = append(full.Events,
		dated(&model.Event{Text: "T <x>", Planned: true,
			Sources: []model.Source{{}, {Doc: full.Documents[0]}, {Doc: full.Documents[0], Sentence: 2, Text: "s\u2028"}}},
			extract.Date{Year: 2024, Month: 2}, extract.Date{Year: 2024, Month: 3, Day: 4}))
	empty := testSite("/", plainTitle)
	empty.Events = nil
	for _, s := range []*model.Site{full, empty} {
		r := newRenderer(s, Options{})
		r.pages()
		events := r.eventsJSON()
		if got, want := string(r.eventsJSONBytes()), jsonLinesRef(t, events)+"\n"; got != want {
			t.Errorf("events.json:\n got: %s\nwant: %s", got, want)
		}
		tl := r.timelineJSON()
		title, err := json.Marshal(tl.Title)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"title":` + string(title) + `,"events":` + jsonLinesRef(t, tl.Events) + "}\n"
		if got := string(r.timelineJSONBytes()); got != want {
			t.Errorf("timeline.json:\n got: %s\nwant: %s", got, want)
		}
		var back tljsTimeline
		if err := json.Unmarshal(r.timelineJSONBytes(), &back); err != nil || len(back.Events) != len(s.Events) {
			t.Errorf("timeline.json does not parse back: %v, %d events", err, len(back.Events))
		}
	}
}

// jsonEvent and jsonSource are an event of api/events.json as a value:
// encoded by encoding/json, the reference that modelEvent must equal.
type jsonSource struct {
	Document string `json:"document"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Sentence int    `json:"sentence,omitempty"`
	Text     string `json:"text,omitempty"`
}

type jsonEvent struct {
	ID            string       `json:"id"`
	Date          string       `json:"date"`
	Precision     string       `json:"precision"`
	End           string       `json:"end,omitempty"`
	Status        string       `json:"status"`
	Title         string       `json:"title"`
	Text          string       `json:"text"`
	Countries     []string     `json:"countries"`
	Organisations []string     `json:"organisations"`
	People        []string     `json:"people"`
	URL           string       `json:"url"`
	Sources       []jsonSource `json:"sources"`
}

func (r *renderer) eventJSON(e *model.Event) jsonEvent {
	j := jsonEvent{
		ID: e.ID(), Date: e.Date().String(), Precision: e.Date().Precision(), End: e.End().String(),
		Status: "reported", Title: e.Title(), Text: e.Text,
		Countries: []string{}, Organisations: []string{}, People: []string{},
		URL: r.abs(r.eventPath(e)), Sources: []jsonSource{},
	}
	if e.Planned {
		j.Status = "planned"
	}
	for _, c := range e.Countries {
		j.Countries = append(j.Countries, c.Code)
	}
	for _, o := range e.Orgs {
		j.Organisations = append(j.Organisations, o.ID)
	}
	for _, p := range e.People {
		j.People = append(j.People, p.Name)
	}
	for _, s := range e.Sources {
		if s.Doc == nil {
			continue
		}
		j.Sources = append(j.Sources, jsonSource{Document: s.Doc.Slug, Title: docTitle(s.Doc),
			URL: r.abs(sentencePath(s)), Sentence: int(s.Sentence), Text: s.Text})
	}
	return j
}

// eventsJSONBytes and timelineJSONBytes are the two files in memory.
func (r *renderer) eventsJSONBytes() []byte {
	var buf bytes.Buffer
	r.streamEventsJSON(&buf)
	return buf.Bytes()
}

func (r *renderer) timelineJSONBytes() []byte {
	var buf bytes.Buffer
	r.streamTimelineJSON(&buf)
	return buf.Bytes()
}

// tljsEventOf is an event of api/timeline.json as a value: encoded by
// encoding/json, the reference that jsonWriter.timelineEvent must equal.
func (r *renderer) tljsEventOf(e *model.Event) tljsEvent {
	var text strings.Builder
	if e.Text != "" && e.Text != e.Title() {
		fmt.Fprintf(&text, "<p>%s</p>", html.EscapeString(e.Text))
	}
	if e.Planned {
		text.WriteString("<p><em>Planned.</em></p>")
	}
	var links []string
	for _, src := range e.Sources {
		if src.Doc != nil {
			links = append(links, fmt.Sprintf(`<a href="%s">%s</a>`,
				html.EscapeString(r.abs(sentencePath(src))), html.EscapeString(docTitle(src.Doc))))
		}
	}
	if len(links) > 0 {
		fmt.Fprintf(&text, "<p>Source: %s</p>", strings.Join(links, ", "))
	}
	ev := tljsEvent{
		StartDate: tljsDateOf(e.Date()),
		Text:      tljsText{Headline: html.EscapeString(e.Title()), Text: text.String()},
		UniqueID:  e.ID(),
	}
	if !e.End().IsZero() {
		end := tljsDateOf(e.End())
		ev.EndDate = &end
	}
	if len(e.Countries) > 0 {
		ev.Group = e.Countries[0].Name
	}
	return ev
}
