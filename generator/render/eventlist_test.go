package render

import (
	"bytes"
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
			org := &model.Organisation{ID: "o", Slug: "o p", Name: `"Org"`}
			odd := &model.Document{Slug: "ü/é?q=1&x", Kind: "seed"}
			s.Events = append(s.Events,
				&model.Event{ID: `e-'1'`, Date: extract.Date{Year: 2024, Month: 2}, End: extract.Date{Year: 2024, Month: 3, Day: 4},
					Title: "T", Text: "T", Countries: []*model.Country{hostile}, Orgs: []*model.Organisation{org},
					Sources: []model.Source{{Doc: odd, Sentence: 4}, {}, {Doc: odd}}},
				&model.Event{ID: "e-none", Date: extract.Date{Year: 2023}})
			r := newRenderer(s, Options{})
			set, ds := loadTemplates(Options{}, r.links)
			if len(ds) > 0 {
				t.Fatal(ds)
			}
			tmpl, err := set.page("home.html")
			if err != nil {
				t.Fatal(err)
			}
			for _, anchors := range []bool{false, true} {
				for _, list := range [][]*model.Event{s.Events, nil, s.Events[:1]} {
					var want bytes.Buffer
					if len(list) == 0 {
						want.WriteString(`<p class="empty">No events.</p>`)
					} else {
						want.WriteString(`<ol class="events">`)
						for _, e := range list {
							want.WriteByte('\n')
							if err := tmpl.ExecuteTemplate(&want, "event", map[string]any{"E": e, "Anchors": anchors}); err != nil {
								t.Fatal(err)
							}
						}
						want.WriteString("\n</ol>")
					}
					got := string(r.eventList(list, anchors))
					if got != want.String() {
						t.Errorf("base %s, split %v, anchors %v:\n got: %s\nwant: %s", base, split, anchors, got, want.String())
					}
				}
			}
		}
	}
}

func BenchmarkEventList(b *testing.B) {
	s := testSite("/repo/", plainTitle)
	manyEvents(s, 1000)
	r := newRenderer(s, Options{})
	b.ReportAllocs()
	for b.Loop() {
		r.eventList(s.Events, false)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(s.Events)), "ns/event")
}
