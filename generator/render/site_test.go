package render

import (
	"fmt"
	"html/template"

	"brief/generator/extract"
	"brief/generator/model"
)

// testSite builds a small site by hand, as the model builder would: two
// documents (a seed and a note annotating it), three events (one planned and
// known only by year, one at day precision, one at month precision), three
// countries, an organisation and two people. title is the seed's title, so
// that tests can put hostile text there.
func testSite(base, title string) *model.Site {
	s := &model.Site{
		Config: model.Config{
			Title:       "Central Asia Desk",
			Description: "Security threats from Afghanistan to the CSTO states.",
			BaseURL:     "https://example.org" + base,
			BasePath:    base,
			Language:    "en",
			Author:      "The Desk",
		},
		CountryByCode: map[string]*model.Country{},
		OrgByID:       map[string]*model.Organisation{},
		PersonBySlug:  map[string]*model.Person{},
		DocBySlug:     map[string]*model.Document{},
	}
	af := &model.Country{Code: "AF", Slug: "af", Name: "Afghanistan", Official: "Islamic Republic of Afghanistan",
		Capital: "Kabul", Region: "Asia", Subregion: "Southern Asia", Flag: "🇦🇫"}
	kg := &model.Country{Code: "KG", Slug: "kg", Name: "Kyrgyzstan", Official: "Kyrgyz Republic",
		Capital: "Bishkek", Region: "Asia", Subregion: "Central Asia", Flag: "🇰🇬"}
	tj := &model.Country{Code: "TJ", Slug: "tj", Name: "Tajikistan", Official: "Republic of Tajikistan",
		Capital: "Dushanbe", Region: "Asia", Subregion: "Central Asia", Flag: "🇹🇯",
		Profile: template.HTML("<p>Tajikistan borders Afghanistan along the <em>Panj</em> river.</p>")}
	s.Countries = []*model.Country{af, kg, tj}
	for _, c := range s.Countries {
		s.CountryByCode[c.Code] = c
	}

	csto := &model.Organisation{ID: "csto", Slug: "csto", Name: "Collective Security Treaty Organisation",
		Acronym: "CSTO", Aliases: []string{"Collective Security Treaty Organization"}, Members: []*model.Country{kg, tj},
		About: template.HTML("<p>A military alliance of six states.</p>")}
	s.Organisations = []*model.Organisation{csto}
	s.OrgByID["csto"] = csto
	kg.Memberships = []*model.Organisation{csto}
	tj.Memberships = []*model.Organisation{csto}

	belousov := &model.Person{Slug: "andrey-belousov", Name: "Andrey Belousov", Title: "Defence Minister"}
	rahmon := &model.Person{Slug: "emomali-rahmon", Name: "Emomali Rahmon", Title: "President", Country: tj}
	s.People = []*model.Person{belousov, rahmon}
	for _, p := range s.People {
		s.PersonBySlug[p.Slug] = p
	}
	tj.People = []*model.Person{rahmon}

	link := func(path string) string { return base + path }
	seed := &model.Document{
		Slug: "csto-warning", Path: "seeds/csto-warning.txt", Kind: "seed", Title: title,
		Publisher: "Khyber Chronicles", Source: "https://news.example/csto-warning",
		Paragraphs: [][]*model.Sentence{
			{
				{N: 1, Pieces: []model.Piece{
					{Text: "Defence ministers of the "},
					{Text: "CSTO", Kind: extract.KindOrg, ID: "csto", URL: link("organisations/csto/")},
					{Text: " met in Bishkek, "},
					{Text: "Kyrgyzstan", Kind: extract.KindCountry, ID: "KG", URL: link("countries/kg/")},
					{Text: ", "},
					{Text: "on Wednesday", Kind: extract.KindDate, ID: "2025-05-28", Datetime: "2025-05-28"},
					{Text: "."},
				}},
				{N: 2, Pieces: []model.Piece{
					{Text: "Over 15,000 fighters are active in "},
					{Text: "Afghanistan", Kind: extract.KindCountry, ID: "AF", URL: link("countries/af/")},
					{Text: ", " + title + "."},
				}},
			},
			{
				{N: 3, Pieces: []model.Piece{
					{Text: "The Taliban took power in "},
					{Text: "August 2021", Kind: extract.KindDate, ID: "2021-08", Datetime: "2021-08"},
					{Text: "; an exercise in "},
					{Text: "Tajikistan", Kind: extract.KindCountry, ID: "TJ", URL: link("countries/tj/")},
					{Text: " is planned for "},
					{Text: "next year", Kind: extract.KindDate, ID: "2026", Datetime: "2026"},
					{Text: "."},
				}},
			},
		},
	}
	note := &model.Document{
		Slug: "analysis", Path: "notes/analysis.md", Kind: "note", Title: "What the Bishkek meeting means",
		Published: extract.Date{Year: 2025, Month: 5, Day: 30}, Summary: "Our reading of the meeting.",
		HTML: template.HTML(`<p>The <a href="` + link("organisations/csto/") + `">CSTO</a> is worried.</p>`),
	}
	seed.Published = extract.Date{Year: 2025, Month: 5, Day: 29}
	// The annotating note's commentary and corrections belong to the seed.
	seed.HTML = template.HTML(`<p>Belousov spoke at the meeting in <a href="` + link("countries/kg/") + `">Bishkek</a>.</p>`)
	seed.Corrections = []string{"An earlier version misspelt Bishkek."}
	s.Documents = []*model.Document{note, seed}
	for _, d := range s.Documents {
		s.DocBySlug[d.Slug] = d
	}

	planned := dated(&model.Event{Planned: true, Text: "An exercise in Tajikistan is planned for next year.",
		Countries: []*model.Country{tj}, Orgs: []*model.Organisation{csto},
		Sources: []model.Source{{Doc: seed, Sentence: 3}}}, extract.Date{Year: 2026}, extract.Date{})
	meeting := dated(&model.Event{Text: "Defence ministers of the CSTO met in Bishkek, Kyrgyzstan, on Wednesday.",
		Countries: []*model.Country{kg, tj}, Orgs: []*model.Organisation{csto}, People: []*model.Person{belousov},
		Sources: []model.Source{{Doc: seed, Sentence: 1}, {Doc: note}}}, extract.Date{Year: 2025, Month: 5, Day: 28}, extract.Date{})
	taliban := dated(&model.Event{Text: "The Taliban took power in " + title,
		Countries: []*model.Country{af}, Sources: []model.Source{{Doc: seed, Sentence: 3}}}, extract.Date{Year: 2021, Month: 8}, extract.Date{})
	s.Events = []*model.Event{planned, meeting, taliban}
	s.Years = []int{2026, 2025, 2021}

	fig := &model.Figure{Text: "Over 15,000 fighters", Value: 15000, Unit: "fighters",
		Countries: []*model.Country{af}, Source: model.Source{Doc: seed, Sentence: 2, Text: "Over 15,000 fighters are active in Afghanistan."}}
	s.Figures = []*model.Figure{fig}
	af.Figures = []*model.Figure{fig}

	seed.Countries = []*model.Country{af, kg, tj}
	seed.Orgs = []*model.Organisation{csto}
	seed.People = []*model.Person{belousov}
	seed.Events = []*model.Event{planned, meeting, taliban}
	note.Countries = []*model.Country{kg}
	note.Orgs = []*model.Organisation{csto}
	note.Events = []*model.Event{meeting}

	af.Mentions, af.LastMention, af.Events, af.Documents = 2, seed.Published, []*model.Event{taliban}, []*model.Document{seed}
	kg.Mentions, kg.LastMention, kg.Events, kg.Documents = 3, note.Published, []*model.Event{meeting}, []*model.Document{note, seed}
	tj.Mentions, tj.LastMention, tj.Events, tj.Documents = 2, seed.Published, []*model.Event{planned, meeting}, []*model.Document{seed}
	af.CoMentions = []model.CountryCount{{Country: kg, Count: 1}, {Country: tj, Count: 1}}
	kg.CoMentions = []model.CountryCount{{Country: af, Count: 1}, {Country: tj, Count: 1}}
	tj.CoMentions = []model.CountryCount{{Country: af, Count: 1}, {Country: kg, Count: 1}}
	for _, c := range s.Countries {
		c.MentionsByMonth = []model.MonthCount{{Month: "2025-05", Count: c.Mentions}}
	}
	csto.Mentions, csto.Events, csto.Documents = 3, []*model.Event{planned, meeting}, []*model.Document{note, seed}
	csto.CoMentions = []model.CountryCount{{Country: kg, Count: 2}, {Country: tj, Count: 1}}
	belousov.Mentions, belousov.Events, belousov.Documents = 1, []*model.Event{meeting}, []*model.Document{seed}
	belousov.CoMentions = []model.CountryCount{{Country: kg, Count: 1}}
	rahmon.Mentions, rahmon.Documents = 1, []*model.Document{seed}
	return s
}

// dated sets e's dates and its id, as a build would.
func dated(e *model.Event, date, end extract.Date) *model.Event {
	e.SetDates(date, end)
	e.Identify()
	return e
}

// manyEvents adds n reported events spread over several years, to push the
// timeline over TimelineSplitAt.
func manyEvents(s *model.Site, n int) {
	seed := s.DocBySlug["csto-warning"]
	af := s.CountryByCode["AF"]
	for i := 0; i < n; i++ {
		d := extract.Date{Year: 2020 - i%3, Month: 1 + i%12, Day: 1 + i%28}
		e := dated(&model.Event{Text: fmt.Sprintf("Extra event %d", i),
			Countries: []*model.Country{af}, Sources: []model.Source{{Doc: seed, Sentence: 2}}}, d, extract.Date{})
		s.Events = append(s.Events, e)
	}
	// Newest first, as the model sorts them.
	for i := 1; i < len(s.Events); i++ {
		for j := i; j > 0 && s.Events[j-1].Date().Before(s.Events[j].Date()); j-- {
			s.Events[j-1], s.Events[j] = s.Events[j], s.Events[j-1]
		}
	}
}
