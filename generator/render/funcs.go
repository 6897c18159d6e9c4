package render

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"brief/generator/extract"
	"brief/generator/model"
)

var monthNames = [...]string{"", "January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// links is what the helper functions depend on: the site's addresses and
// the layout of this build's pages.
type links struct {
	base     string // base path, "/repo/"
	baseURL  string // "https://user.github.io/repo/"
	language string
	split    bool // the timeline has one page per year
	// anchor is the page that holds each event's entry on the timeline
	// ("timeline/2025/3/"); filled in when the pages are laid out.
	anchor *anchors
	memo   *memo
}

// memo keeps what every timeline page asks for and is the same each time:
// the filters of the whole timeline, and, for templates that ask for them
// (the default pages write theirs in Go), the chart of a view and its
// table.
type memo struct {
	once    sync.Once
	events  []*model.Event
	filters TimelineFilters

	mu     sync.Mutex
	charts map[listKey]template.HTML
	tables map[listKey][]chartRow

	// rows keeps the rows of events (see writeRows) once every event's
	// anchor is known; nil before.
	rows *keptRows
	// chips keeps the chip of every entity, from then on too.
	chips *keptChips

	// titles says of each event of events, by position, what its title
	// needs (titleKnown and the bits below) once a page has written it (0
	// before): an event's title is written on several pages and data
	// files, and most need no escaping.
	titles []atomic.Uint32
}

// The bits of memo.titles.
const (
	titleKnown  = 1 << iota
	titleHTML   // escText writes the title as it is
	titleJSON   // jsonBody writes it as it is
	titleSpaced // its words are one space apart (see spacedOnce)
)

// titleFlags returns what e's title needs (memo.titles), 0 for an event
// not of the site.
func (m *memo) titleFlags(e *model.Event) uint32 {
	if m == nil || e.Pos < 0 || int(e.Pos) >= len(m.titles) || m.events[e.Pos] != e {
		return 0
	}
	t := &m.titles[e.Pos]
	f := t.Load()
	if f == 0 {
		f = titleKnown | plainIn(e.Text)
		if spacedOnce(e.Text) {
			f |= titleSpaced
		}
		t.Store(f)
	}
	return f
}

// plainIn returns titleHTML and titleJSON for s as it needs no escaping in
// HTML and in JSON, in one look at each byte (and a second at the runes of
// a string that has others than ASCII, which few need in JSON).
func plainIn(s string) uint32 {
	var seen byte
	for i := 0; i < len(s); i++ {
		seen |= escClass[s[i]]
	}
	f := uint32(0)
	if seen&escHTML == 0 {
		f |= titleHTML
	}
	if seen&escJSON == 0 && (seen&escWide == 0 || jsonPlain(s)) {
		f |= titleJSON
	}
	return f
}

// escClass says of each byte whether escText escapes it (escHTML),
// whether jsonBody escapes it as an ASCII byte (escJSON), and whether it
// is part of a wider character (escWide), which jsonBody may escape.
var escClass = func() (t [256]byte) {
	for c := range t {
		if textSpecial[c] {
			t[c] |= escHTML
		}
		if c < utf8.RuneSelf && !jsonSafe[c] {
			t[c] |= escJSON
		}
		if c >= utf8.RuneSelf {
			t[c] |= escWide
		}
	}
	return t
}()

const (
	escHTML = 1 << iota
	escJSON
	escWide
)

// plainTitle reports whether e's title has nothing to escape in HTML.
func (m *memo) plainTitle(e *model.Event) bool {
	return m.titleFlags(e)&titleHTML != 0
}

// sameString reports whether s is t itself, the same bytes in memory.
func sameString(s, t string) bool {
	return len(s) == len(t) && unsafe.StringData(s) == unsafe.StringData(t)
}

// listKey identifies a list of events by its backing array and length: the
// pages of one view share the same slice.
type listKey struct {
	first **model.Event
	n     int
}

func keyOf(es []*model.Event) listKey {
	if len(es) == 0 {
		return listKey{}
	}
	return listKey{&es[0], len(es)}
}

func (r links) eventsChart(es []*model.Event) template.HTML {
	if r.memo == nil {
		return eventsChart(es)
	}
	return memoized(r.memo, &r.memo.charts, es, eventsChart)
}

func (r links) eventsByPeriod(es []*model.Event) []chartRow {
	if r.memo == nil {
		return eventsByPeriod(es)
	}
	return memoized(r.memo, &r.memo.tables, es, eventsByPeriod)
}

// memoized is build(es), made once per list: the pages of one view of the
// timeline share their chart and its table.
func memoized[T any](m *memo, cache *map[listKey]T, es []*model.Event, build func([]*model.Event) T) T {
	if len(es) == 0 {
		return build(es)
	}
	k := keyOf(es)
	m.mu.Lock()
	out, ok := (*cache)[k]
	m.mu.Unlock()
	if !ok {
		out = build(es)
		m.mu.Lock()
		if *cache == nil {
			*cache = map[listKey]T{}
		}
		(*cache)[k] = out
		m.mu.Unlock()
	}
	return out
}

func newLinks(s *model.Site) links {
	l := links{base: basePath(s.Config.BasePath), baseURL: s.Config.BaseURL, language: s.Config.Language,
		split: len(s.Events) > TimelineSplitAt, anchor: newAnchors(s.Events), memo: &memo{events: s.Events, titles: make([]atomic.Uint32, len(s.Events))}}
	if !strings.HasSuffix(l.baseURL, "/") {
		l.baseURL += "/"
	}
	if l.language == "" {
		l.language = "en"
	}
	return l
}

// anchors records the page of each event's entry: by the event's position
// in the site's list when the model numbered them (model.Event.Pos), else
// by the event.
type anchors struct {
	events []*model.Event
	byPos  []string
	set    []bool
	byPtr  map[*model.Event]string
}

func newAnchors(events []*model.Event) *anchors {
	a := &anchors{events: events}
	for i, e := range events {
		if int(e.Pos) != i {
			a.byPtr = map[*model.Event]string{}
			return a
		}
	}
	a.byPos, a.set = make([]string, len(events)), make([]bool, len(events))
	return a
}

// at reports whether e is the site's event numbered e.Pos.
func (a *anchors) at(e *model.Event) bool {
	return a.byPtr == nil && e.Pos >= 0 && int(e.Pos) < len(a.events) && a.events[e.Pos] == e
}

func (a *anchors) put(e *model.Event, page string) {
	if a.at(e) {
		a.byPos[e.Pos], a.set[e.Pos] = page, true
		return
	}
	if a.byPtr == nil {
		a.byPtr = map[*model.Event]string{}
	}
	a.byPtr[e] = page
}

func (a *anchors) get(e *model.Event) (string, bool) {
	if a == nil {
		return "", false
	}
	if a.at(e) {
		return a.byPos[e.Pos], a.set[e.Pos]
	}
	p, ok := a.byPtr[e]
	return p, ok
}

// funcs returns the helper functions every template can call. Each one that
// makes a link returns a path that already starts with the site's base path
// ("/repo/countries/tj/"), so that a project site on GitHub Pages works.
func (r links) funcs() template.FuncMap {
	return template.FuncMap{
		"url":         r.url,
		"abs":         r.abs,
		"lang":        r.lang,
		"fmtdate":     fmtDate,
		"isodate":     func(d extract.Date) string { return d.String() },
		"monthName":   monthName,
		"countryURL":  func(c *model.Country) string { return r.url(countryPath(c)) },
		"orgURL":      func(o *model.Organisation) string { return r.url(orgPath(o)) },
		"personURL":   func(p *model.Person) string { return r.url(personPath(p)) },
		"sourceURL":   func(d *model.Document) string { return r.url(docPath(d)) },
		"sentenceURL": func(s model.Source) string { return r.url(sentencePath(s)) },
		"eventURL":    func(e *model.Event) string { return r.url(r.eventPath(e)) },
		"plural":      plural,
		"add":         func(a, b int) int { return a + b },
		"first":       first,
		"after":       after,
		"dict":        dict,
		"groupEvents": groupEvents,
		"docTitle":    docTitle,
		"planned":     func(es []*model.Event) []*model.Event { return filterEvents(es, true) },
		"reported":    func(es []*model.Event) []*model.Event { return filterEvents(es, false) },
		"fmtiso":      fmtiso,
		"webURL":      webURL,
		"eventList":   r.eventList,
		"eventRows":   r.eventRows,
		"reportedAs":  reportedAs,
		"chips":       r.chips,
		"navLinks":    r.navLinks,

		// Maps, charts and the timeline's filters.
		"mentionsMap":     r.mentionsMap,
		"mapShades":       mapShades,
		"locatorMap":      r.locatorMap,
		"membersMap":      r.membersMap,
		"mentionsChart":   mentionsChart,
		"eventsChart":     r.eventsChart,
		"eventsByPeriod":  r.eventsByPeriod,
		"timelineFilters": r.timelineFilters,
		"countryCodes":    countryCodes,
		"timelineEvents":  timelineEvents,
	}
}

// url makes a site-relative path ("countries/tj/", or "/countries/tj/")
// into a link from any page: the base path followed by the path. A path that
// already starts with the base path, http(s) and mailto: URLs and
// fragment-only links pass through, so url is safe to apply twice. Anything
// else becomes a path under the base: "javascript:x" is "/javascript:x", a
// page of the site, and "//host/" is "/host/", not a link to another host.
func (r links) url(p string) string {
	if p == "" {
		return r.base
	}
	if strings.HasPrefix(p, "#") || isWebURL(p) || strings.HasPrefix(p, "mailto:") {
		return p
	}
	base := r.base
	if strings.HasPrefix(p, base) && base != "/" {
		// Already a link: the model makes mention links with the base path.
		return p
	}
	return base + trimSlashes(p)
}

// abs makes a site-relative path into an absolute URL, for the feed, the
// sitemap and canonical links. As with url, only http(s) URLs pass through.
func (r links) abs(p string) string {
	if isWebURL(p) {
		return p
	}
	return r.baseURL + trimSlashes(p)
}

// trimSlashes drops what a browser could read as the start of "//host"
// after the base path "/": slashes, backslashes (the same in http URLs),
// and the spaces, tabs and line breaks it ignores there.
func trimSlashes(p string) string {
	return strings.TrimLeftFunc(p, func(r rune) bool { return r == '/' || r == '\\' || r <= ' ' })
}

func (r links) lang() string { return r.language }

// webURL returns u when it is an http or https address and "" otherwise, so
// that a template links a document's source only when it is a web page:
// html/template would defuse "javascript:..." into "#ZgotmplZ", a link to
// nowhere, and "data:" or relative targets are never the original article.
func webURL(u string) string {
	if !isWebURL(u) {
		return ""
	}
	return strings.TrimSpace(u)
}

// fmtDate prints a date at its precision: "28 May 2025", "August 2021",
// "2026"; "" for the zero date.
func fmtDate(d extract.Date) string {
	if d.IsZero() {
		return ""
	}
	var buf [32]byte
	return string(appendFmtDate(buf[:0], d))
}

// appendFmtDate appends fmtDate(d) to dst.
func appendFmtDate(dst []byte, d extract.Date) []byte {
	switch {
	case d.IsZero():
		return dst
	case d.Month < 1 || d.Month > 12:
	case d.Day == 0:
		dst = append(dst, monthNames[d.Month]...)
		dst = append(dst, ' ')
	default:
		dst = strconv.AppendInt(dst, int64(d.Day), 10)
		dst = append(dst, ' ')
		dst = append(dst, monthNames[d.Month]...)
		dst = append(dst, ' ')
	}
	return strconv.AppendInt(dst, int64(d.Year), 10)
}

func monthName(m int) string {
	if m < 1 || m > 12 {
		return ""
	}
	return monthNames[m]
}

func countryPath(c *model.Country) string  { return "countries/" + c.Slug + "/" }
func orgPath(o *model.Organisation) string { return "organisations/" + orgSlug(o) + "/" }
func personPath(p *model.Person) string    { return "people/" + p.Slug + "/" }
func docPath(d *model.Document) string     { return "sources/" + d.Slug + "/" }

// sentencePath links to the sentence of a source, or to the document when
// the source is not sentence-level (a curated event).
func sentencePath(s model.Source) string {
	if s.Doc == nil {
		return ""
	}
	if s.Sentence > 0 && s.Doc.Kind == "seed" {
		return fmt.Sprintf("%s#s%d", docPath(s.Doc), s.Sentence)
	}
	return docPath(s.Doc)
}

// eventPath is where an event's anchor lives: on the timeline page, or on
// its year page when the timeline is split.
func (r links) eventPath(e *model.Event) string {
	if p, ok := r.anchor.get(e); ok {
		return p + "#" + e.ID()
	}
	if r.split {
		return fmt.Sprintf("timeline/%d/#%s", e.Date().Year, e.ID())
	}
	return "timeline/#" + e.ID()
}

// timelineFilters is the filters of a list of events; those of the whole
// timeline, which every timeline page shows, are computed once.
func (r links) timelineFilters(events []*model.Event) TimelineFilters {
	m := r.memo
	if m == nil || len(events) != len(m.events) || len(events) == 0 || &events[0] != &m.events[0] {
		return timelineFilters(events)
	}
	m.once.Do(func() { m.filters = timelineFilters(m.events) })
	return m.filters
}

// plural prints a count with the right noun: plural 1 "event" "events" is
// "1 event".
func plural(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, pluralWord(n, one, many))
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// first returns at most the first n elements of a slice.
func first(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if !v.IsValid() {
		return list, nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("first: want a list, got %T", list)
	}
	if n < 0 {
		n = 0
	}
	if v.Len() > n {
		return v.Slice(0, n).Interface(), nil
	}
	return list, nil
}

// dict builds a map from key, value pairs, to hand several values to a
// partial: {{template "events" dict "Events" .Events "Anchors" true}}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// docTitle is a document's title, or its slug when it has none.
func docTitle(d *model.Document) string {
	if d == nil {
		return ""
	}
	if strings.TrimSpace(d.Title) != "" {
		return d.Title
	}
	return d.Slug
}

// groupEvents groups events (newest first) by year and month, keeping their
// order. Events known only by year come after the months of their year, as
// the model sorts them.
func groupEvents(events []*model.Event) []YearGroup {
	if years, ok := groupRuns(events); ok {
		return years
	}
	// Lookups by key rather than "same as the previous event" so that a list
	// in another order still yields one group (and one anchor) per month.
	var years []YearGroup
	yearAt := map[int]int{}
	monthAt := map[[2]int]int{}
	for _, e := range events {
		y, m := e.Date().Year, e.Date().Month
		yi, ok := yearAt[y]
		if !ok {
			yi = len(years)
			yearAt[y] = yi
			years = append(years, YearGroup{Year: y, Anchor: fmt.Sprintf("y%d", y)})
		}
		yg := &years[yi]
		yg.Count++
		mi, ok := monthAt[[2]int{y, m}]
		if !ok {
			mi = len(yg.Months)
			monthAt[[2]int{y, m}] = mi
			yg.Months = append(yg.Months, monthGroup(y, m, nil))
		}
		yg.Months[mi].Events = append(yg.Months[mi].Events, e)
	}
	return years
}

// groupRuns groups events in which every year and every month of a year
// is one run, as the model sorts them, without copying: each group holds
// a part of events. It reports false for a list in another order.
func groupRuns(events []*model.Event) ([]YearGroup, bool) {
	nYears := 0
	for i, e := range events {
		if i == 0 || e.Date().Year != events[i-1].Date().Year {
			nYears++
		}
	}
	years := make([]YearGroup, 0, nYears)
	for i := 0; i < len(events); {
		y := events[i].Date().Year
		for _, seen := range years {
			if seen.Year == y {
				return nil, false
			}
		}
		j := i
		for j < len(events) && events[j].Date().Year == y {
			j++
		}
		yg := YearGroup{Year: y, Anchor: "y" + strconv.Itoa(y), Count: j - i, run: events[i:j:j]}
		nMonths := 0
		for k := i; k < j; k++ {
			if k == i || events[k].Date().Month != events[k-1].Date().Month {
				nMonths++
			}
		}
		yg.Months = make([]MonthGroup, 0, nMonths)
		for k := i; k < j; {
			m := events[k].Date().Month
			for _, seen := range yg.Months {
				if seen.Month == m {
					return nil, false
				}
			}
			l := k
			for l < j && events[l].Date().Month == m {
				l++
			}
			yg.Months = append(yg.Months, monthGroup(y, m, events[k:l:l]))
			k = l
		}
		years = append(years, yg)
		i = j
	}
	return years, true
}

// monthGroup is the group of month m of year y (0: not known) with its
// anchor and heading.
func monthGroup(y, m int, events []*model.Event) MonthGroup {
	mg := MonthGroup{Year: y, Month: m, Events: events}
	ys := strconv.Itoa(y)
	switch {
	case m == 0:
		mg.Anchor = "m" + ys
		mg.Label = ys + ", month not known"
	case m >= 1 && m <= 12:
		mg.Anchor = "m" + ys + "-" + twoDigits[m]
		mg.Label = monthNames[m] + " " + ys
	default:
		mg.Anchor = fmt.Sprintf("m%d-%02d", y, m)
		mg.Label = fmt.Sprintf("%s %d", monthName(m), y)
	}
	return mg
}

var twoDigits = [...]string{"00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}

// filterEvents keeps the planned events, or the reported ones.
func filterEvents(es []*model.Event, planned bool) []*model.Event {
	var out []*model.Event
	for _, e := range es {
		if e.Planned == planned {
			out = append(out, e)
		}
	}
	return out
}

// fmtiso prints an ISO date ("2025-05-28", "2025-05", "2025") at its
// precision, as fmtdate does; anything else is returned as it is.
func fmtiso(key string) string {
	d, err := extract.ParseDate(key)
	if err != nil {
		return key
	}
	return fmtDate(d)
}

// countryCodes is the slugs of an event's countries, space-separated, for
// the data attribute the timeline's script filters on.
func countryCodes(cs []*model.Country) string {
	slugs := make([]string, len(cs))
	for i, c := range cs {
		slugs[i] = c.Slug
	}
	return strings.Join(slugs, " ")
}

// timelineEvents is the events of a page's timeline groups, in order.
func timelineEvents(years []YearGroup) []*model.Event {
	if len(years) == 1 && years[0].run != nil {
		return years[0].run // its months in order, without a copy
	}
	var out []*model.Event
	for _, y := range years {
		for _, m := range y.Months {
			out = append(out, m.Events...)
		}
	}
	return out
}

// after returns the elements of a slice after the first n: with first, it
// splits a list into what is shown and what is folded away.
func after(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if !v.IsValid() {
		return list, nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("after: want a list, got %T", list)
	}
	n = max(n, 0)
	if v.Len() <= n {
		return v.Slice(0, 0).Interface(), nil
	}
	return v.Slice(n, v.Len()).Interface(), nil
}
