package render

import (
	"bytes"
	"container/heap"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"brief/generator/annotate"
	"brief/generator/diag"
	"brief/generator/extract"
	"brief/generator/model"
	"brief/internal/blockbuf"
)

// feedMax caps the entries of the Atom feed: feed readers want what is
// new, and the JSON files carry everything.
const feedMax = 200

// dataFiles produces the files that are not HTML pages, each handed to emit
// as soon as it is made. urls are the addresses the sitemap lists (see
// sitemapURLs): the pages may be let go while the data files are made.
func (r *renderer) dataFiles(set *templateSet, urls []string, diags *diag.List, emit func(File)) {
	// Without fingerprints nothing is shared between the files (see
	// deps.go), so the three large files, as long to make as many pages
	// together, are made each beside the others and the pages: one
	// goroutine making them in turn would finish well after the pages.
	var big sync.WaitGroup
	var bigDiags diag.List
	var bigMu sync.Mutex
	bigFile := func(path string, produce func(io.Writer) error) {
		if r.opts.Prints != nil {
			r.bigFile(path, produce, emit)
			return
		}
		big.Go(func() {
			defer func() {
				if x := recover(); x != nil {
					bigMu.Lock()
					bigDiags.Errorf("", 0, 0, "internal error while rendering: %v", x)
					bigMu.Unlock()
				}
			}()
			r.bigFile(path, produce, emit)
		})
	}
	defer func() {
		big.Wait()
		diags.Add(bigDiags...)
	}()
	pr := r.printer
	if !r.sameData("sitemap.xml", func(h *model.Hasher) {
		h.Int(len(urls))
		for _, u := range urls {
			h.Str(u)
		}
	}, emit) {
		emit(File{Path: "sitemap.xml", Data: r.sitemap(urls)})
	}
	if !r.sameData("feed.xml", func(h *model.Hasher) { h.U64(pr.events); h.U64(pr.docs) }, emit) {
		emit(File{Path: "feed.xml", Data: r.feed()})
	}
	// The files with every event are as large as many pages together:
	// they go to the sink as they are made when there is one.
	if !r.sameData("api/events.json", func(h *model.Hasher) { h.U64(pr.events) }, emit) {
		bigFile("api/events.json", r.streamEventsJSON)
	}
	if !r.sameData("api/countries.json", func(h *model.Hasher) {
		h.U64(pr.countries)
		for _, c := range r.site.Countries {
			h.Int(len(c.Memberships))
			for _, o := range c.Memberships {
				h.Str(o.ID)
			}
		}
	}, emit) {
		emit(File{Path: "api/countries.json", Data: jsonBytes(r.countriesJSON())})
	}
	if !r.sameData("api/timeline.json", func(h *model.Hasher) { h.U64(pr.events) }, emit) {
		bigFile("api/timeline.json", r.streamTimelineJSON)
	}
	if !r.sameData("search-index.json", func(h *model.Hasher) {
		h.U64(pr.events)
		h.U64(pr.docs)
		pr.searchEntities(h)
	}, emit) {
		bigFile("search-index.json", r.writeSearchIndex)
	}
	r.plainFiles(set, diags, emit)
}

// plainFiles produces the small files that have no fingerprint: they are
// made on every render.
func (r *renderer) plainFiles(set *templateSet, diags *diag.List, emit func(File)) {
	emit(File{Path: ".nojekyll", Data: []byte{}})
	emit(File{Path: "assets/style.css", Data: []byte(stylesheet(set.style))})
	if set.script != "" {
		emit(File{Path: "assets/site.js", Data: []byte(set.script)})
	}
	// The icon is a file rather than a data: URL in the page, so that the
	// site works under a Content-Security-Policy of default-src 'self'.
	if set.icon != "" {
		emit(File{Path: "assets/icon.svg", Data: []byte(set.icon)})
	}
	if cname := strings.TrimSpace(r.site.Config.CNAME); cname != "" {
		emit(File{Path: "CNAME", Data: []byte(cname + "\n")})
	}
	if set.robots != nil {
		var buf bytes.Buffer
		if err := set.robots.Execute(&buf, r.site); err != nil {
			diags.Add(execDiagnostic(set.files, "robots.txt", "robots.txt", err))
		} else {
			emit(File{Path: "robots.txt", Data: buf.Bytes()})
		}
	}
}

// dataPaths lists the paths dataFiles writes.
func (r *renderer) dataPaths(set *templateSet) []string {
	paths := []string{".nojekyll", "assets/style.css", "sitemap.xml", "feed.xml", "api/events.json",
		"api/countries.json", "api/timeline.json", "search-index.json"}
	if set.script != "" {
		paths = append(paths, "assets/site.js")
	}
	if set.icon != "" {
		paths = append(paths, "assets/icon.svg")
	}
	if strings.TrimSpace(r.site.Config.CNAME) != "" {
		paths = append(paths, "CNAME")
	}
	if set.robots != nil {
		paths = append(paths, "robots.txt")
	}
	return paths
}

// stylesheet is the site's stylesheet followed by the code highlighting
// classes, so that the site makes one stylesheet request.
func stylesheet(site string) string {
	css := strings.TrimRight(site, "\n") + "\n"
	if chroma := annotate.ChromaCSS(); chroma != "" {
		css += "\n" + strings.TrimRight(chroma, "\n") + "\n"
	}
	return css
}

func jsonBytes(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// HTML escaping stays on: a document title with "</script>" stays
	// harmless even if someone inlines the JSON into a page.
	enc.SetEscapeHTML(true)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		// Only plain strings, numbers and slices go in; this cannot fail.
		panic(err)
	}
	return buf.Bytes()
}

func xmlBytes(v any) []byte {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(append([]byte(xml.Header), out...), '\n')
}

// sitemapURLs are the site paths of every page except the 404 page.
func sitemapURLs(pages []page) []string {
	urls := make([]string, 0, len(pages))
	for _, p := range pages {
		if p.tmpl != "404.html" {
			urls = append(urls, p.url())
		}
	}
	return urls
}

// sitemap lists the pages of the site paths urls, by absolute URL, as
// xml.MarshalIndent writes a urlset of them with two spaces of indent,
// written here without the values of a site's thousands of entries and
// the copies of the encoding.
func (r *renderer) sitemap(urls []string) []byte {
	locs := make([]string, len(urls))
	size := 0
	for i, u := range urls {
		locs[i] = r.abs(u)
		size += len(locs[i])
	}
	sort.Strings(locs)
	var b bytes.Buffer
	b.Grow(len(xml.Header) + 80 + size + len(locs)*len("\n  <url>\n    <loc></loc>\n  </url>"))
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	if len(locs) == 0 {
		b.WriteString("</urlset>\n")
		return b.Bytes()
	}
	for _, l := range locs {
		b.WriteString("\n  <url>\n    <loc>")
		if plainXML(l) {
			b.WriteString(l)
		} else {
			xml.EscapeText(&b, []byte(l)) // a bytes.Buffer does not fail
		}
		b.WriteString("</loc>\n  </url>")
	}
	b.WriteString("\n</urlset>\n")
	return b.Bytes()
}

// plainXML reports whether xml.EscapeText writes s as it is: printable
// ASCII without quotes, ampersands and angle brackets.
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' {
			return false
		}
	}
	return true
}

// Atom feed (RFC 4287).
type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomAuthor  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel   string `xml:"rel,attr,omitempty"`
	Type  string `xml:"type,attr,omitempty"`
	Href  string `xml:"href,attr"`
	Title string `xml:"title,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Title      atomText       `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
	date       extract.Date   // for sorting
}

// dateHeap is a min-heap of dates (container/heap).
type dateHeap []extract.Date

func (h dateHeap) Len() int           { return len(h) }
func (h dateHeap) Less(i, j int) bool { return h[i].Before(h[j]) }
func (h dateHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dateHeap) Push(x any)        { *h = append(*h, x.(extract.Date)) }
func (h *dateHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func atomTime(d extract.Date) string { return d.Time().Format(time.RFC3339) }

// feed is an Atom feed of the documents and events, newest first. It has no
// build time: <updated> is the newest date the content itself carries, so
// that two builds are identical.
func (r *renderer) feed() []byte {
	s := r.site

	var newest extract.Date
	later := func(d extract.Date) {
		if newest.Before(d) {
			newest = d
		}
	}
	for _, d := range s.Documents {
		later(d.Published)
	}
	for _, e := range s.Events {
		if !e.Planned {
			later(e.Date())
		}
	}

	// Entries are chosen by date and ID first and made only for the
	// feedMax newest: a large site has tens of thousands of candidates,
	// and only those on or after the date of the feedMax-th newest are
	// kept to be sorted.
	type candidate struct {
		date extract.Date
		id   string
		doc  *model.Document
		ev   *model.Event
	}
	docDate := func(d *model.Document) extract.Date {
		if d.Published.IsZero() {
			return newest
		}
		return d.Published
	}
	eventDate := func(ev *model.Event) extract.Date {
		// An event is news when a document reports it: the newest source's
		// publication date, else the event's own date when it is past.
		var date extract.Date
		for i := range ev.Sources {
			if src := &ev.Sources[i]; src.Doc != nil && date.Before(src.Doc.Published) {
				date = src.Doc.Published
			}
		}
		if date.IsZero() && !ev.Planned {
			date = ev.Date()
		}
		if date.IsZero() {
			date = newest
		}
		return date
	}
	var bar extract.Date // the date of the feedMax-th newest, when there are more
	cut := len(s.Documents)+len(s.Events) > feedMax
	if cut {
		top := make(dateHeap, 0, feedMax)
		keep := func(d extract.Date) {
			switch {
			case len(top) < feedMax:
				heap.Push(&top, d)
			case top[0].Before(d):
				top[0] = d
				heap.Fix(&top, 0)
			}
		}
		for _, d := range s.Documents {
			keep(docDate(d))
		}
		for _, ev := range s.Events {
			keep(eventDate(ev))
		}
		bar = top[0]
	}
	var cands []candidate
	for _, d := range s.Documents {
		if date := docDate(d); !cut || !date.Before(bar) {
			cands = append(cands, candidate{date: date, doc: d})
		}
	}
	for _, ev := range s.Events {
		if date := eventDate(ev); !cut || !date.Before(bar) {
			cands = append(cands, candidate{date: date, ev: ev})
		}
	}
	for i := range cands {
		if c := &cands[i]; c.doc != nil {
			c.id = r.abs(docPath(c.doc))
		} else {
			c.id = r.abs(r.eventPath(c.ev))
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.date != b.date {
			return b.date.Before(a.date)
		}
		return a.id < b.id
	})
	if len(cands) > feedMax {
		cands = cands[:feedMax]
	}
	entries := make([]atomEntry, 0, len(cands))
	for _, c := range cands {
		e := atomEntry{ID: c.id, Updated: atomTime(c.date), date: c.date,
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: c.id}}}
		if d := c.doc; d != nil {
			e.Title = atomText{Type: "text", Body: docTitle(d)}
			if !d.Published.IsZero() {
				e.Published = atomTime(d.Published)
			}
			if isWebURL(d.Source) {
				e.Links = append(e.Links, atomLink{Rel: "related", Href: d.Source, Title: d.Publisher})
			}
			if d.Summary != "" {
				e.Summary = &atomText{Type: "text", Body: d.Summary}
			}
			for _, c := range d.Countries {
				e.Categories = append(e.Categories, atomCategory{Term: c.Code, Label: c.Name})
			}
		} else {
			ev := c.ev
			title := fmtDate(ev.Date()) + ": " + ev.Text
			if ev.Planned {
				title = fmtDate(ev.Date()) + " (planned): " + ev.Text
			}
			e.Title = atomText{Type: "text", Body: title}
			for _, src := range ev.Sources {
				if src.Doc != nil {
					e.Links = append(e.Links, atomLink{Rel: "via", Type: "text/html", Href: r.abs(sentencePath(src)), Title: docTitle(src.Doc)})
				}
			}
			for _, c := range ev.Countries {
				e.Categories = append(e.Categories, atomCategory{Term: c.Code, Label: c.Name})
			}
		}
		entries = append(entries, e)
	}

	author := s.Config.Author
	if author == "" {
		author = s.Config.Title
	}
	updated := newest
	if updated.IsZero() {
		// An empty site still needs a valid, stable <updated>.
		updated = extract.Date{Year: 1970, Month: 1, Day: 1}
	}
	f := atomFeed{
		Lang:     r.lang(),
		Title:    s.Config.Title,
		Subtitle: s.Config.Description,
		ID:       r.abs(""),
		Updated:  atomTime(updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: r.abs("feed.xml")},
			{Rel: "alternate", Type: "text/html", Href: r.abs("")},
		},
		Author:  atomAuthor{Name: author},
		Entries: entries,
	}
	return xmlBytes(f)
}

// eventsJSONBytes is the events as a JSON array, one event a line (see
// jsonLines), made one event at a time.

// bigFile hands the file that produce writes to the sink, or, without
// one, makes it in memory and emits it.
func (r *renderer) bigFile(path string, produce func(io.Writer) error, emit func(File)) {
	if r.opts.Sink != nil {
		r.opts.Sink(path, produce)
		return
	}
	// Made in blocks and copied once: such a file is tens of megabytes
	// on a large site, and a slice that grows by doubling costs more.
	var buf blockbuf.Buffer
	produce(&buf) // a blockbuf.Buffer does not fail
	emit(File{Path: path, Data: buf.AppendTo(nil)})
}

// chunker collects output in a small buffer and passes it on in pieces.
type chunker struct {
	w   io.Writer
	buf bytes.Buffer
	err error
}

// flush passes the buffer on when it is large enough, or always when
// final; the first error sticks.
func (c *chunker) flush(final bool) error {
	if c.err == nil && (final || c.buf.Len() >= 64<<10) {
		_, c.err = c.w.Write(c.buf.Bytes())
		c.buf.Reset()
	}
	return c.err
}

// streamEventsJSON writes the events as a JSON array, one event a line
// (one a line keeps a file of every event readable and diffable without
// the indentation that made a third of its bytes).
func (r *renderer) streamEventsJSON(w io.Writer) error {
	c := chunker{w: w}
	r.eventLines(&c, r.lineCache("api/events.json"), func(jw *jsonWriter, e *model.Event) { jw.modelEvent(r, e) })
	c.buf.WriteByte('\n')
	return c.flush(true)
}

// eventLines writes the site's events as a JSON array, one a line, each
// as write makes it, passing the output on as it grows.
func (r *renderer) eventLines(c *chunker, cache *lineCache, write func(*jsonWriter, *model.Event)) {
	es := r.site.Events
	if len(es) == 0 {
		c.buf.WriteString("[]")
		return
	}
	c.buf.WriteByte('[')
	// One writer for every line: what it remembers of links holds for
	// the next.
	w := &jsonWriter{b: &c.buf}
	for i, e := range es {
		if i > 0 {
			c.buf.WriteByte(',')
		}
		c.buf.WriteByte('\n')
		cache.write(&c.buf, r.printer.eventKey(cache, e), func() { write(w, e) })
		if c.flush(false) != nil {
			return
		}
	}
	c.buf.WriteString("\n]")
}

type jsonCountry struct {
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Official    string   `json:"official,omitempty"`
	Flag        string   `json:"flag,omitempty"`
	Capital     string   `json:"capital,omitempty"`
	Region      string   `json:"region,omitempty"`
	Subregion   string   `json:"subregion,omitempty"`
	Memberships []string `json:"memberships"`
	Mentions    int      `json:"mentions"`
	Events      int      `json:"events"`
	LastMention string   `json:"last_mention,omitempty"`
	URL         string   `json:"url"`
}

func (r *renderer) countriesJSON() []jsonCountry {
	out := []jsonCountry{}
	for _, c := range r.site.Countries {
		j := jsonCountry{Code: c.Code, Name: c.Name, Official: c.Official, Flag: c.Flag, Capital: c.Capital,
			Region: c.Region, Subregion: c.Subregion, Memberships: []string{}, Mentions: c.Mentions,
			Events: len(c.Events), LastMention: c.LastMention.String(), URL: r.abs(countryPath(c))}
		for _, o := range c.Memberships {
			j.Memberships = append(j.Memberships, o.ID)
		}
		out = append(out, j)
	}
	return out
}

// TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).
// Its headline and text fields are HTML, so document text is escaped here.
type tljsDate struct {
	Year        string `json:"year"`
	Month       string `json:"month,omitempty"`
	Day         string `json:"day,omitempty"`
	DisplayDate string `json:"display_date,omitempty"`
}

type tljsText struct {
	Headline string `json:"headline"`
	Text     string `json:"text,omitempty"`
}

type tljsEvent struct {
	StartDate tljsDate  `json:"start_date"`
	EndDate   *tljsDate `json:"end_date,omitempty"`
	Text      tljsText  `json:"text"`
	Group     string    `json:"group,omitempty"`
	UniqueID  string    `json:"unique_id"`
}

type tljsTimeline struct {
	Title  tljsTitle   `json:"title"`
	Events []tljsEvent `json:"events"`
}

type tljsTitle struct {
	Text tljsText `json:"text"`
}

func tljsDateOf(d extract.Date) tljsDate {
	t := tljsDate{Year: strconv.Itoa(d.Year), DisplayDate: fmtDate(d)}
	if d.Month != 0 {
		t.Month = strconv.Itoa(d.Month)
	}
	if d.Day != 0 {
		t.Day = strconv.Itoa(d.Day)
	}
	return t
}

// timelineHead is the timeline without its events.
func (r *renderer) timelineHead() tljsTimeline {
	s := r.site
	return tljsTimeline{
		Title:  tljsTitle{Text: tljsText{Headline: html.EscapeString(s.Config.Title), Text: html.EscapeString(s.Config.Description)}},
		Events: []tljsEvent{},
	}
}

// timelineJSONBytes is the TimelineJS3 document with its events one a
// line, made one event at a time.

func (r *renderer) streamTimelineJSON(w io.Writer) error {
	c := chunker{w: w}
	tl := r.timelineHead()
	title, err := json.Marshal(tl.Title)
	if err != nil {
		panic(err)
	}
	c.buf.WriteString(`{"title":`)
	c.buf.Write(title)
	c.buf.WriteString(`,"events":`)
	r.eventLines(&c, r.lineCache("api/timeline.json"), func(jw *jsonWriter, e *model.Event) { jw.timelineEvent(r, e) })
	c.buf.WriteString("}\n")
	return c.flush(true)
}

// isWebURL reports whether u is an http or https URL: the feed links only
// those, because feed readers do not all filter javascript: links.
func isWebURL(u string) bool {
	l := strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}
