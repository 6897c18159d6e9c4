package render

import (
	"sort"

	"brief/generator/model"
)

// Filtered timelines are pages of their own, so that filtering works
// without JavaScript: /timeline/planned/, /timeline/reported/ and
// /timeline/country/xx/ for every country with events. That is at most two
// pages more than there are countries, however long the timeline. The
// site's script filters the full timeline in place when it is on one page
// and moves to the same URLs, so a filtered view can be shared either way.

// TimelineFilter is one filtered view of the timeline.
type TimelineFilter struct {
	Key     string         // "planned", "reported", or the country's slug
	Label   string         // "Planned", "Reported", "Tajikistan"
	URL     string         // "timeline/planned/", "timeline/country/tj/"
	Count   int            // events shown
	Status  string         // "planned" or "reported"; "" for a country
	Country *model.Country // nil for a status
}

// TimelineFilters are the filters a timeline page offers.
type TimelineFilters struct {
	Status    []TimelineFilter // planned, reported (those with events)
	Countries []TimelineFilter // by number of events, then name
}

// timelineFilters lists the filters of a list of events.
func timelineFilters(events []*model.Event) TimelineFilters {
	var out TimelineFilters
	planned, reported := 0, 0
	count := map[*model.Country]int{}
	for _, e := range events {
		if e.Planned {
			planned++
		} else {
			reported++
		}
		for _, c := range e.Countries {
			count[c]++
		}
	}
	if planned > 0 {
		out.Status = append(out.Status, TimelineFilter{Key: "planned", Label: "Planned", URL: "timeline/planned/", Count: planned, Status: "planned"})
	}
	if reported > 0 {
		out.Status = append(out.Status, TimelineFilter{Key: "reported", Label: "Reported", URL: "timeline/reported/", Count: reported, Status: "reported"})
	}
	for c, n := range count {
		out.Countries = append(out.Countries, TimelineFilter{Key: c.Slug, Label: c.Name, URL: "timeline/country/" + c.Slug + "/", Count: n, Country: c})
	}
	sort.Slice(out.Countries, func(i, j int) bool {
		a, b := out.Countries[i], out.Countries[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		return a.Key < b.Key
	})
	return out
}

// matches reports whether an event belongs in the filtered view.
func (f TimelineFilter) matches(e *model.Event) bool {
	switch {
	case f.Country != nil:
		for _, c := range e.Countries {
			if c == f.Country {
				return true
			}
		}
		return false
	case f.Status == "planned":
		return e.Planned
	case f.Status == "reported":
		return !e.Planned
	}
	return false
}

// filterPages adds a timeline page per filter, and the search page.
func (r *renderer) filterPages(add func(tmpl, url string, p *Page), index []YearLink) {
	s := r.site
	fs := timelineFilters(s.Events)
	for _, list := range [][]TimelineFilter{fs.Status, fs.Countries} {
		for i := range list {
			f := list[i]
			var events []*model.Event
			for _, e := range s.Events {
				if f.matches(e) {
					events = append(events, e)
				}
			}
			title, desc := "Timeline: "+f.Label+" events", f.Label+" events of "+s.Config.Title+", newest first."
			if f.Country != nil {
				title, desc = "Timeline: "+f.Label, "Events involving "+f.Label+", newest first."
			}
			add("timeline.html", f.URL, &Page{Section: "timeline", Title: title, Description: desc,
				Timeline: groupEvents(events), YearIndex: index, Split: r.split, Filter: &f})
		}
	}
	add("search.html", "search/", &Page{Section: "search", Title: "Search",
		Description: "Search the documents, events, countries, organisations and people of " + s.Config.Title + "."})
}
