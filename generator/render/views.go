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
	// An organisation's or a person's timeline, linked from their page;
	// these are not offered among the timeline's filters.
	Org    *model.Organisation
	Person *model.Person
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

// filterPages adds the filtered views of the timeline (by status, by
// country, and by organisation or person for those whose pages list only
// their latest events), and the search page.
func (r *renderer) filterPages(add addFunc) {
	s := r.site
	fs := r.timelineFilters(s.Events)
	for _, list := range [][]TimelineFilter{fs.Status, fs.Countries} {
		for i := range list {
			f := list[i]
			title, desc := "Timeline: "+f.Label+" events", f.Label+" events of "+s.Config.Title+", newest first."
			if f.Country != nil {
				title, desc = "Timeline: "+f.Label, "Events involving "+f.Label+", newest first."
			}
			r.filterView(add, f, title, desc)
		}
	}
	for _, o := range s.Organisations {
		if len(o.Events) > ListCap {
			f := TimelineFilter{Key: orgSlug(o), Label: o.Name, URL: "timeline/organisation/" + orgSlug(o) + "/", Count: len(o.Events), Org: o}
			r.filterView(add, f, "Timeline: "+o.Name, "Events involving "+o.Name+", newest first.")
		}
	}
	for _, pe := range s.People {
		if len(pe.Events) > ListCap {
			f := TimelineFilter{Key: pe.Slug, Label: pe.Name, URL: "timeline/person/" + pe.Slug + "/", Count: len(pe.Events), Person: pe}
			r.filterView(add, f, "Timeline: "+pe.Name, "Events involving "+pe.Name+", newest first.")
		}
	}
	add("search.html", "search/", &Page{Section: "search", Title: "Search",
		Description: "Search the documents, events, countries, organisations and people of " + s.Config.Title + "."})
}

// filterView adds the pages of one filtered view.
func (r *renderer) filterView(add addFunc, f TimelineFilter, title, desc string) {
	var events []*model.Event
	switch {
	case f.Country != nil:
		events = f.Country.Events
	case f.Org != nil:
		events = f.Org.Events
	case f.Person != nil:
		events = f.Person.Events
	default:
		for _, e := range r.site.Events {
			if f.matches(e) {
				events = append(events, e)
			}
		}
	}
	r.timelineView(add, f.URL, events, &Page{Section: "timeline", Title: title, Description: desc, Filter: &f}, false)
}
