package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"brief/generator/extract"
	"brief/generator/model"
)

// richSite is testSite with what the small site lacks to exercise every
// branch of the timeline's and the documents' pages: more than twelve
// countries with events (the folded filters), a year of more than
// YearPageSize events (numbered year pages), people and organisations with
// their own timelines, ranges, planned events, documents that word events
// in their own sentences, hostile text, and events numbered as the model
// numbers them.
func richSite(base, title string) *model.Site {
	s := testSite(base, title)
	seed, note := s.DocBySlug["csto-warning"], s.Documents[0]
	person := s.People[0]
	org := s.Organisations[0]
	for i := range 16 {
		c := &model.Country{Code: fmt.Sprintf("X%c", 'A'+i), Slug: fmt.Sprintf("x%c", 'a'+i),
			Name: fmt.Sprintf("Country %d", i), Flag: "🏳"}
		if i == 3 {
			c.Name = `Land <of> "quotes" & 'plus' +`
		}
		s.Countries = append(s.Countries, c)
		s.CountryByCode[c.Code] = c
	}
	oddDoc := &model.Document{Slug: "odd:slug ü", Kind: "seed", Title: "Odd"}
	s.Documents = append(s.Documents, oddDoc)
	s.DocBySlug[oddDoc.Slug] = oddDoc
	n := YearPageSize + 150
	for i := range n {
		d := extract.Date{Year: 2024 - i%4/3, Month: 1 + i%12, Day: i % 29}
		if i%17 == 0 {
			d = extract.Date{Year: 2023}
		}
		var end extract.Date
		if i%7 == 0 {
			end = extract.Date{Year: d.Year, Month: 12, Day: 31}
		}
		e := dated(&model.Event{Text: fmt.Sprintf("Rich event %d & <co>", i), Planned: i%5 == 0}, d, end)
		c := s.Countries[3+i%16]
		e.Countries = []*model.Country{c}
		if i%3 == 0 {
			e.Countries = append(e.Countries, s.Countries[i%3])
		}
		src := model.Source{Doc: seed, Sentence: int32(1 + i%3)}
		if i%2 == 0 {
			src.Text = fmt.Sprintf("As the seed puts it, event %d \"happened\".", i)
		}
		e.Sources = []model.Source{src}
		if i%50 == 0 {
			// A slug with a colon takes the general way of links.
			e.Sources = append(e.Sources, model.Source{Doc: oddDoc, Sentence: 5})
		}
		if i%4 == 0 {
			e.Sources = append(e.Sources, model.Source{Doc: note, Text: "  "}, model.Source{Doc: seed, Sentence: 2},
				model.Source{Doc: note, Text: "Fourth"})
			e.People = []*model.Person{person}
			e.Orgs = []*model.Organisation{org}
		}
		s.Events = append(s.Events, e)
		seed.Events = append(seed.Events, e)
		if i%4 == 0 {
			note.Events = append(note.Events, e)
		}
	}
	// Documents enough for pages of the source index, of every kind.
	for i := range SourcesPageSize + 20 {
		d := &model.Document{Slug: fmt.Sprintf("doc-%d", i), Kind: "note", Title: fmt.Sprintf("Document <%d> & 'co'", i),
			Published: extract.Date{Year: 2020, Month: i % 13, Day: i % 3}}
		switch i % 4 {
		case 0:
			d.Kind, d.Publisher = "seed", `Press "&" <co>`
		case 1:
			d.Title, d.Published = "  ", extract.Date{}
		}
		s.Documents = append(s.Documents, d)
		s.DocBySlug[d.Slug] = d
		person.Documents = append(person.Documents, d)
		s.Countries[3].Documents = append(s.Countries[3].Documents, d)
	}
	// A country with every fact and none of them in the other branch: its
	// official name its name, a figure of no country and no quote, an
	// organisation of no acronym and no members.
	land := s.Countries[3]
	land.Official, land.Capital, land.Region, land.Mentions = land.Name, "Cap <x>", "Reg & ion", 3
	land.LastMention = extract.Date{Year: 2024, Month: 2}
	loose := &model.Organisation{ID: "loose", Slug: "loose", Name: `Loose "org"`}
	land.Memberships = []*model.Organisation{loose, org}
	land.Figures = []*model.Figure{{Text: "3 <things>", Source: model.Source{Doc: note}}, {Text: "none at all"}}
	land.MentionsByMonth = []model.MonthCount{{Month: "2024-02", Count: 3}, {Month: "2023", Count: 1}}
	// A person known by country alone, with a hostile name and words of
	// the desk's own.
	other := &model.Person{Slug: "x-y", Name: `X "Y" <Z> & 'W'`, Country: s.Countries[4], About: "<p>About <em>them</em>.</p>",
		CoMentions: []model.CountryCount{{Country: s.Countries[3], Count: 7}}}
	s.People = append(s.People, other)
	s.PersonBySlug[other.Slug] = other
	// Newest first, as the model sorts them, and numbered.
	for i := 1; i < len(s.Events); i++ {
		for j := i; j > 0 && s.Events[j-1].Date().Before(s.Events[j].Date()); j-- {
			s.Events[j-1], s.Events[j] = s.Events[j], s.Events[j-1]
		}
	}
	for _, c := range s.Countries {
		c.Events = nil
	}
	person.Events, org.Events = nil, nil
	for i, e := range s.Events {
		e.Pos = int32(i)
		for _, c := range e.Countries {
			c.Events = append(c.Events, e)
		}
		if len(e.People) > 0 {
			person.Events = append(person.Events, e)
			org.Events = append(org.Events, e)
		}
	}
	return s
}

// TestGoPagesMatchTemplates: every page of several sites is byte for byte
// the same whether the pages' "main" is written in Go (and rows of events
// and chips of entities are kept and copied) or the default templates are
// executed, with nothing kept.
func TestGoPagesMatchTemplates(t *testing.T) {
	hostile := richSite("/r p/", `<script>"x" & 'y'</script>`+"\x00+")
	hostile.Config.Title = `Desk <b>"&'+`
	sites := map[string]*model.Site{
		"small":   testSite("/", plainTitle),
		"rich":    richSite("/repo/", plainTitle),
		"hostile": hostile,
	}
	for name, s := range sites {
		viaGo := renderEach(t, s, true)
		viaTemplate := renderEach(t, s, false)
		if len(viaGo) != len(viaTemplate) {
			t.Fatalf("%s: %d pages against %d", name, len(viaGo), len(viaTemplate))
		}
		kinds := map[string]int{}
		for file, a := range viaGo {
			if b := viaTemplate[file]; !bytes.Equal(a, b) {
				t.Errorf("%s %s differs:\n  go: %s\ntmpl: %s", name, file, a, b)
			}
			kinds[string(bytes.SplitN(bytes.SplitN(a, []byte(`<body class="page-`), 2)[1], []byte(`"`), 2)[0])]++
		}
		if name == "rich" && (kinds["timeline"] < 20 || kinds["source"] < 200 || kinds["sources"] != 2 || kinds["person"] != 3) {
			t.Errorf("rich: the site lacks pages: %v", kinds)
		}
	}
}

// renderEach renders every page of s twice (the second time from the rows
// kept the first), in Go when goPages, else with the templates alone and
// nothing kept.
func renderEach(t *testing.T, s *model.Site, goPages bool) map[string][]byte {
	t.Helper()
	r := newRenderer(s, Options{})
	pages := r.pages()
	set, ds := loadTemplates(Options{}, r.links)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if len(set.goMains) != len(goMains) {
		t.Fatalf("the default templates take %d pages in Go, want %d", len(set.goMains), len(goMains))
	}
	if !goPages {
		set.goLayout, set.goMains, r.memo.rows, r.memo.chips = false, nil, nil, nil
	}
	out := map[string][]byte{}
	for range 2 {
		for _, p := range pages {
			var buf bytes.Buffer
			b, err := r.renderPage(set, p, &buf)
			if err != nil {
				t.Fatalf("%s: %v", p.file, err)
			}
			if prev, ok := out[p.file]; ok && !bytes.Equal(prev, b) {
				t.Errorf("%s differs the second time", p.file)
			}
			out[p.file] = bytes.Clone(b)
		}
	}
	return out
}

// TestUserPagesAreExecuted: a page template of the user's own, or a
// partial of theirs that redefines one the page calls, is executed as
// written; a partial that defines something else, or that the default
// partials (parsed after it) redefine, keeps the Go pages.
func TestUserPagesAreExecuted(t *testing.T) {
	for name, c := range map[string]struct {
		files fstest.MapFS
		want  []string // pages still written in Go
	}{
		"own timeline": {fstest.MapFS{"timeline.html": {Data: []byte(`{{define "main"}}MINE{{end}}`)}}, []string{"country.html", "person.html", "source.html", "sources.html"}},
		"own source":   {fstest.MapFS{"source.html": {Data: []byte(`{{define "main"}}MINE{{end}}`)}}, []string{"country.html", "person.html", "sources.html", "timeline.html"}},
		// Any default partial redefined takes every page off Go.
		"pager redefined":  {fstest.MapFS{"_zz.html": {Data: []byte(`{{define "pager"}}P{{end}}`)}}, nil},
		"pager overridden": {fstest.MapFS{"_mine.html": {Data: []byte(`{{define "pager"}}P{{end}}`)}}, []string{"country.html", "person.html", "source.html", "sources.html", "timeline.html"}},
		"row redefined":    {fstest.MapFS{"_zz.html": {Data: []byte(`{{define "eventrows"}}R{{end}}`)}}, nil},
		"partials changed": {fstest.MapFS{"_partials.html": {Data: []byte(`{{define "x"}}{{end}}`)}}, nil},
		"other partial":    {fstest.MapFS{"_mine.html": {Data: []byte(`{{define "mine"}}M{{end}}`)}}, []string{"country.html", "person.html", "source.html", "sources.html", "timeline.html"}},
		"own layout":       {fstest.MapFS{"_layout.html": {Data: []byte(`{{define "layout"}}L{{block "main" .}}{{end}}{{end}}`)}}, []string{"country.html", "person.html", "source.html", "sources.html", "timeline.html"}},
		// A copy of a default page with a word changed, beside a partial
		// of the user's own (which rules out the shortcut of comparing
		// the files' text).
		"timeline edited": {fstest.MapFS{"timeline.html": {Data: []byte(strings.Replace(embeddedFile("timeline.html").text, "Jump to year", "Go to year", 1))},
			"_mine.html": {Data: []byte(`{{define "mine"}}M{{end}}`)}}, []string{"country.html", "person.html", "source.html", "sources.html"}},
		"country edited": {fstest.MapFS{"country.html": {Data: []byte(strings.Replace(embeddedFile("country.html").text, "Key people", "People", 1))},
			"_mine.html": {Data: []byte(`{{define "mine"}}M{{end}}`)}}, []string{"person.html", "source.html", "sources.html", "timeline.html"}},
		"country edited alone": {fstest.MapFS{"country.html": {Data: []byte(strings.Replace(embeddedFile("country.html").text, "Key people", "People", 1))}},
			[]string{"person.html", "source.html", "sources.html", "timeline.html"}},
	} {
		s := testSite("/", plainTitle)
		r := newRenderer(s, Options{Templates: c.files})
		set, _ := loadTemplates(Options{Templates: c.files}, r.links)
		got := map[string]bool{}
		for page := range set.goMains {
			got[page] = true
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: Go pages %v, want %v", name, got, c.want)
			continue
		}
		for _, page := range c.want {
			if !got[page] {
				t.Errorf("%s: Go pages %v, want %v", name, got, c.want)
			}
		}
	}
}
