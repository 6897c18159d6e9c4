// Package render turns a *model.Site into the files of the site, in memory.
//
// HTML pages come from html/template files: the embedded default set in the
// module's templates folder, each replaceable by a file of the same name in
// the user's templates folder. Files whose name starts with "_" (the layout
// and partials) are parsed into every page's template set; every other
// *.html file is one page type (home.html, country.html, ...). The data a
// template receives is a *Page, and the helper functions are listed in
// funcMap; the templates README documents both for site authors.
//
// The machine-readable files (feed.xml, sitemap.xml, api/*.json) are produced
// in Go with encoding/xml and encoding/json rather than templates, so that no
// template edit can make them invalid or let document text inject markup.
//
// Render is a pure function of its inputs: no clock, no file system other
// than the templates it is given, output sorted by path, so two builds of the
// same site are byte-identical. Pages render in parallel.
package render

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"brief/generator/diag"
	"brief/generator/model"
)

// Options says where templates come from and how pages are decorated.
type Options struct {
	// Templates is the user's templates folder, or nil. A file in it
	// replaces the embedded default of the same name (SPEC §6).
	Templates fs.FS
	// TemplatesDir is the name of the user's templates folder as shown in
	// diagnostics; "templates" when empty.
	TemplatesDir string
	// Sink, when set, takes the files that grow with every event (the open
	// data files and the search index) as they are made instead of whole:
	// produce writes the file's bytes and returns the writer's first
	// error. Stream then does not emit them. Without a sink they are
	// emitted like the pages. Like emit, Sink may be called from several
	// goroutines at a time.
	Sink func(path string, produce func(io.Writer) error)
	// Prints, when set, holds the fingerprints of the last render of the
	// same site (see deps.go): a file whose inputs did not change is not
	// made again but emitted with Same set.
	Prints *Prints
	// VerifyPrints, for tests, renders the files that Prints would skip
	// anyway, as usual, and lists them in Prints.Skipped, so that the
	// caller can check that they are indeed the same.
	VerifyPrints bool
	// Once says that nothing renders this site again (a one-off build):
	// with the default templates, where only a document's own page shows
	// its HTML, the source pages go first and each document's HTML is let
	// go (Document.HTML emptied) as soon as its page is made, so that the
	// largest pages render without every note's HTML in memory.
	Once bool
}

// File is one output file.
type File struct {
	Path string // relative to the output root, slash-separated: "countries/tj/index.html"
	Data []byte
	// Same says that the file is the one of the same path in the last
	// render committed to Options.Prints, byte for byte; Data is nil.
	Same bool
}

// TimelineSplitAt is the number of events above which the timeline is also
// split into one page per year: a single page of thousands of events is slow
// to load and to scroll.
const TimelineSplitAt = 300

// timelineLatest is how many events the main timeline page shows when the
// timeline is split into year pages.
const timelineLatest = 50

// Render produces every file of the site, sorted by path. Diagnostics report
// template parse and execution errors and unusable slugs; files of pages that
// failed are left out, so a caller must not publish output with errors.
func Render(site *model.Site, opts Options) (files []File, diags diag.List) {
	opts.Prints = nil // every file is wanted whole
	var mu sync.Mutex
	diags = Stream(site, opts, func(f File) {
		data := bytes.Clone(f.Data)
		mu.Lock()
		files = append(files, File{Path: f.Path, Data: data})
		mu.Unlock()
	})
	if diags.HasErrors() && len(files) == 0 {
		return nil, diags
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, diags
}

// Stream renders the site as Render does, but hands each file to emit as
// soon as it is made instead of keeping them all, so that the pages of a
// large site never have to be in memory at once. emit is called from
// several goroutines at a time, in no particular order, and f.Data is valid
// only during the call (the buffer is reused): emit must copy what it
// keeps. Rendering goes on after a failed page so that every error is
// reported; a caller must not publish output when diags has errors.
func Stream(site *model.Site, opts Options, emit func(File)) (diags diag.List) {
	defer func() {
		// A bug here must not take the whole program down (STYLE §5).
		if r := recover(); r != nil {
			diags.Errorf("", 0, 0, "internal error while rendering: %v", r)
		}
	}()
	if opts.TemplatesDir == "" {
		opts.TemplatesDir = "templates"
	}
	r := newRenderer(site, opts)
	// The templates are read and bound on another core while the pages
	// are laid out (binding reads nothing that the layout sets).
	type bound struct {
		set *templateSet
		ds  diag.List
	}
	templates := make(chan bound, 1)
	go func() {
		var b bound
		defer func() {
			if x := recover(); x != nil {
				b = bound{}
				b.ds.Errorf("", 0, 0, "internal error while reading templates: %v", x)
			}
			templates <- b
		}()
		b.set, b.ds = loadTemplates(opts, r.links)
	}()
	// The pages first: they decide where each event's anchor is, which the
	// helper functions need.
	pages := r.pages()
	t := <-templates
	set := t.set
	diags.Add(t.ds...)
	if set == nil {
		return diags
	}
	if opts.Prints != nil {
		opts.Prints.begin(len(pages) + 16)
		r.printer = newPrinter(r, set)
	}
	// Two pages claiming the same path (two entities with the same slug)
	// would silently overwrite each other.
	paths := make([]string, 0, len(pages)+16)
	for _, p := range pages {
		paths = append(paths, p.file)
	}
	paths = append(paths, r.dataPaths(set)...)
	sort.Strings(paths)
	for i := 1; i < len(paths); i++ {
		if paths[i] == paths[i-1] && (i == 1 || paths[i-2] != paths[i]) {
			diags.Errorf("", 0, 0, "two pages would be written to %s", paths[i])
		}
	}

	// The data files are made one at a time (the largest are as big as
	// many pages together) beside the pages, which keeps both processors
	// busy while page workers wait for the disk.
	var dataDiags diag.List
	urls := sitemapURLs(pages)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if x := recover(); x != nil {
				dataDiags.Errorf("", 0, 0, "internal error while rendering: %v", x)
			}
		}()
		r.dataFiles(set, urls, &dataDiags, emit)
	}()
	r.renderPages(set, pages, &diags, emit)
	<-done
	diags.Add(dataDiags...)
	diags.Sort()
	if opts.Prints != nil && r.printer != nil && !diags.HasErrors() {
		opts.Prints.pending = &kept{r: r, set: set, pages: pages, diags: diags}
	}
	return diags
}

// renderer holds what the helpers need while one site renders.
type renderer struct {
	links
	site    *model.Site
	opts    Options
	printer *printer // when opts.Prints is set
}

func newRenderer(site *model.Site, opts Options) *renderer {
	return &renderer{links: newLinks(site), site: site, opts: opts}
}

// Page is the value handed to every HTML template as ".".
type Page struct {
	Site        *model.Site
	Kind        string // the template's name without ".html": "home", "timeline", "country", ...
	Section     string // top navigation entry this page belongs to: "timeline", "countries", ...
	URL         string // path relative to the site root: "" (home), "countries/tj/", "404.html"
	Title       string // page title; "" on the home page
	Description string

	// One of these is set on an entity or document page.
	Country *model.Country
	Org     *model.Organisation
	Person  *model.Person
	Doc     *model.Document

	// What an entity page lists, capped so that no page grows with the
	// corpus: the latest events and documents, and where the rest are.
	Events        []*model.Event    // the latest events of the entity (at most ListCap)
	MoreEvents    string            // the entity's filtered timeline, when Events is not all of them
	Documents     []*model.Document // the latest documents (entity pages), or this page's part of the source index
	MoreDocuments string            // where every document is listed, when Documents is not all of them
	Figures       []*model.Figure   // a country's key figures, the first ListCap

	// Timeline pages: the events shown, grouped, and the year index.
	View      []*model.Event  // every event of this view (the whole timeline, a filter, or a year of it)
	Year      int             // on a timeline year page
	Timeline  []YearGroup     // events of this page by year and month
	YearIndex []YearLink      // every year with events
	Split     bool            // this view has one page per year
	Anchors   bool            // events on this page carry their id (they are the link target)
	Filter    *TimelineFilter // on a filtered timeline page ("timeline/planned/", "timeline/country/tj/")

	// Pages of a long list (a year of the timeline, the source index).
	PageNumber int        // 1-based; 0 on a page that is not part of a paged list
	Pager      []PageLink // every page of the list, when there is more than one

	// ungrouped is the events of a timeline page whose Timeline is still
	// to be made from them (see group): grouping the hundreds of pages of
	// the timeline is left to the workers that render them.
	ungrouped []*model.Event
}

// group makes the page's Timeline when it was left to the renderer.
func (p *Page) group() {
	if p.ungrouped != nil {
		p.Timeline, p.ungrouped = groupEvents(p.ungrouped), nil
	}
}

// PageLink is one entry of a pager.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// YearGroup is the events of one year, by month.
type YearGroup struct {
	Year   int
	Anchor string // "y2025"
	Months []MonthGroup
	Count  int

	run []*model.Event // the events of Months, in order, when they are one list
}

// MonthGroup is the events of one month (Month 0: the month is not known).
type MonthGroup struct {
	Year, Month int
	Anchor      string // "m2025-05", or "m2025" for events known only by year
	Label       string // "May 2025", or "2025, month not known"
	Events      []*model.Event
}

// YearLink is one entry of the timeline's year index.
type YearLink struct {
	Year  int
	Count int
	URL   string // "timeline/#y2025" or "timeline/2025/", relative to the site root
}

// page describes one HTML page to render.
type page struct {
	file string // output path
	tmpl string // page template name: "country.html"
	data *Page
	// doc is the document of a source page whose data is made only when
	// the page is rendered (data is nil until then; see pageData): in a
	// one-off build, a site of 10,000 documents would otherwise hold as
	// many Pages from the start of the render.
	doc *model.Document
}

// pageData returns the data of p, made now for a source page that waited.
func (r *renderer) pageData(p *page) *Page {
	if p.data == nil && p.doc != nil {
		d := p.doc
		p.data = &Page{Site: r.site, Kind: "source", Section: "sources", URL: docPath(d),
			Title: d.Title, Doc: d, Description: d.Summary}
	}
	return p.data
}

// document is the document of a source page, nil for other pages.
func (p *page) document() *model.Document {
	if p.data != nil {
		return p.data.Doc
	}
	return p.doc
}

// url returns the site path of p, as its data gives it.
func (p *page) url() string {
	if p.data == nil && p.doc != nil {
		return docPath(p.doc)
	}
	return p.data.URL
}

// Bounds that keep every page's size independent of the size of the corpus.
const (
	// ListCap is how many events and documents a country, organisation or
	// person page lists (the latest), and how many key figures a country
	// page shows; the rest are on the entity's filtered timeline and in the
	// source index.
	ListCap = 20
	// YearPageSize is the most events one page of a year of the timeline
	// shows; a year with more continues on ".../2025/2/", ".../2025/3/"...
	YearPageSize = 500
	// SourcesPageSize is how many documents one page of the source index
	// lists.
	SourcesPageSize = 200
)

type addFunc func(tmpl, url string, p *Page)

// pages lists every HTML page of the site, and records on which page each
// event's anchor is.
func (r *renderer) pages() []page {
	s := r.site
	var ps []page
	add := func(tmpl, url string, p *Page) {
		p.Site = s
		p.Kind = strings.TrimSuffix(tmpl, ".html")
		p.URL = url
		file := url + "index.html"
		if strings.HasSuffix(url, ".html") {
			file = url
		}
		ps = append(ps, page{file: file, tmpl: tmpl, data: p})
	}

	add("home.html", "", &Page{Description: s.Config.Description})

	r.timelineView(add, "timeline/", s.Events, &Page{Section: "timeline", Title: "Timeline",
		Description: "Every event of " + s.Config.Title + ", newest first."}, true)
	r.filterPages(add)

	add("countries.html", "countries/", &Page{Section: "countries", Title: "Countries"})
	for _, c := range s.Countries {
		p := &Page{Section: "countries", Title: c.Name, Country: c, Figures: firstN(c.Figures, ListCap)}
		r.capLists(p, c.Events, c.Documents, "timeline/country/"+c.Slug+"/")
		add("country.html", "countries/"+c.Slug+"/", p)
	}
	add("organisations.html", "organisations/", &Page{Section: "organisations", Title: "Organisations"})
	for _, o := range s.Organisations {
		p := &Page{Section: "organisations", Title: o.Name, Org: o}
		r.capLists(p, o.Events, o.Documents, "timeline/organisation/"+orgSlug(o)+"/")
		add("organisation.html", "organisations/"+orgSlug(o)+"/", p)
	}
	add("people.html", "people/", &Page{Section: "people", Title: "People"})
	for _, pe := range s.People {
		p := &Page{Section: "people", Title: pe.Name, Person: pe}
		r.capLists(p, pe.Events, pe.Documents, "timeline/person/"+pe.Slug+"/")
		add("person.html", "people/"+pe.Slug+"/", p)
	}
	r.sourcePages(add)
	waiting := r.opts.Once && r.opts.Prints == nil // as renderPages lets pages go
	for _, d := range s.Documents {
		p := page{file: docPath(d) + "index.html", tmpl: "source.html", doc: d}
		if !waiting {
			r.pageData(&p)
		}
		ps = append(ps, p)
	}
	add("404.html", "404.html", &Page{Title: "Page not found"})
	// Every anchor is known: rows of events may be kept from now on.
	r.memo.rows = newKeptRows(len(s.Events))
	r.memo.chips = r.keepChips(s)
	return ps
}

// capLists fills an entity page's lists: the latest ListCap events and
// documents, and links to the full lists when they are longer.
func (r *renderer) capLists(p *Page, events []*model.Event, docs []*model.Document, timeline string) {
	p.Events = firstN(events, ListCap)
	if len(events) > ListCap {
		p.MoreEvents = timeline
	}
	p.Documents = docs
	if len(docs) > ListCap {
		p.Documents, p.MoreDocuments = docs[:ListCap], "sources/"
	}
}

// timelineView adds the pages of one view of the timeline at prefix
// ("timeline/", "timeline/country/tj/"): a single page when the view is
// short, else a page of the latest events with a year index and, for every
// year, pages of at most YearPageSize events. tmpl holds the view's title,
// description and filter. main marks the full timeline, whose entries are
// the link targets of events everywhere else.
func (r *renderer) timelineView(add addFunc, prefix string, events []*model.Event, tmpl *Page, main bool) {
	if !main {
		r.pagedView(add, prefix, events, tmpl)
		return
	}
	years := groupEvents(events)
	split := len(events) > TimelineSplitAt
	index := make([]YearLink, len(years))
	for i, y := range years {
		index[i] = YearLink{Year: y.Year, Count: y.Count, URL: prefix + "#" + y.Anchor}
		if split {
			index[i].URL = fmt.Sprintf("%s%d/", prefix, y.Year)
		}
	}
	top := *tmpl
	top.View, top.YearIndex, top.Split = events, index, split
	if !split {
		top.Timeline, top.Anchors = years, main
		if main {
			for _, e := range events {
				r.anchor.put(e, prefix)
			}
		}
		add("timeline.html", prefix, &top)
		return
	}
	top.Timeline = groupEvents(firstN(events, timelineLatest))
	add("timeline.html", prefix, &top)
	for _, y := range years {
		yearEvents := timelineEvents([]YearGroup{y})
		n := (len(yearEvents) + YearPageSize - 1) / YearPageSize
		url := func(i int) string {
			if i == 1 {
				return fmt.Sprintf("%s%d/", prefix, y.Year)
			}
			return fmt.Sprintf("%s%d/%d/", prefix, y.Year, i)
		}
		var pager []PageLink
		if n > 1 {
			for i := 1; i <= n; i++ {
				pager = append(pager, PageLink{Number: i, URL: url(i)})
			}
		}
		for i := 1; i <= n; i++ {
			chunk := yearEvents[(i-1)*YearPageSize : min(i*YearPageSize, len(yearEvents))]
			p := *tmpl
			p.View, p.Year, p.YearIndex, p.Split, p.Anchors = yearEvents, y.Year, index, true, main
			p.ungrouped = chunk
			p.Title = fmt.Sprintf("%s %d", tmpl.Title, y.Year)
			if tmpl.Filter != nil {
				p.Title = fmt.Sprintf("%s, %d", tmpl.Title, y.Year)
			}
			p.Description = fmt.Sprintf("Events of %d, newest first.", y.Year)
			if n > 1 {
				p.PageNumber = i
				p.Title += fmt.Sprintf(", page %d of %d", i, n)
				p.Pager = make([]PageLink, n)
				copy(p.Pager, pager)
				p.Pager[i-1].Current = true
			}
			if main {
				page := url(i)
				for _, e := range chunk {
					r.anchor.put(e, page)
				}
			}
			add("timeline.html", url(i), &p)
		}
	}
}

// pagedView adds a filtered view of the timeline: one page when it has at
// most YearPageSize events, else pages of that many, newest first
// (prefix, prefix+"2/", ...). Its year index links to the page where each
// year begins.
func (r *renderer) pagedView(add addFunc, prefix string, events []*model.Event, tmpl *Page) {
	n := max(1, (len(events)+YearPageSize-1)/YearPageSize)
	url := func(i int) string {
		if i == 1 {
			return prefix
		}
		return fmt.Sprintf("%s%d/", prefix, i)
	}
	var index []YearLink
	for i, e := range events {
		y := e.Date().Year
		if len(index) > 0 && index[len(index)-1].Year == y {
			index[len(index)-1].Count++
			continue
		}
		// groupEvents makes one group per year even when a list is not
		// sorted; the index follows it.
		found := false
		for j := range index {
			if index[j].Year == y {
				index[j].Count++
				found = true
				break
			}
		}
		if !found {
			index = append(index, YearLink{Year: y, Count: 1, URL: fmt.Sprintf("%s#y%d", url(i/YearPageSize+1), y)})
		}
	}
	var pager []PageLink
	if n > 1 {
		for i := 1; i <= n; i++ {
			pager = append(pager, PageLink{Number: i, URL: url(i)})
		}
	}
	for i := 1; i <= n; i++ {
		p := *tmpl
		p.View, p.YearIndex = events, index
		p.ungrouped = events[(i-1)*YearPageSize : min(i*YearPageSize, len(events))]
		if n > 1 {
			p.PageNumber = i
			if i > 1 {
				p.Title = fmt.Sprintf("%s, page %d of %d", tmpl.Title, i, n)
			}
			p.Pager = make([]PageLink, n)
			copy(p.Pager, pager)
			p.Pager[i-1].Current = true
		}
		add("timeline.html", url(i), &p)
	}
}

// sourcePages adds the source index, in pages of SourcesPageSize
// documents: "sources/", "sources/page/2/", ...
func (r *renderer) sourcePages(add addFunc) {
	docs := r.site.Documents
	n := max(1, (len(docs)+SourcesPageSize-1)/SourcesPageSize)
	url := func(i int) string {
		if i == 1 {
			return "sources/"
		}
		return fmt.Sprintf("sources/page/%d/", i)
	}
	for i := 1; i <= n; i++ {
		p := &Page{Section: "sources", Title: "Sources", Documents: docs[(i-1)*SourcesPageSize : min(i*SourcesPageSize, len(docs))]}
		if n > 1 {
			p.PageNumber = i
			if i > 1 {
				p.Title = fmt.Sprintf("Sources, page %d of %d", i, n)
			}
			for j := 1; j <= n; j++ {
				p.Pager = append(p.Pager, PageLink{Number: j, URL: url(j), Current: j == i})
			}
		}
		add("sources.html", url(i), p)
	}
}

func orgSlug(o *model.Organisation) string {
	if o.Slug != "" {
		return o.Slug
	}
	return o.ID
}

// firstN is the first n elements of xs, or all of them.
func firstN[T any](xs []T, n int) []T {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}

// validPath reports whether every segment of an output path is a usable
// folder or file name: a slug such as "" or "../x" would escape or collide.
func validPath(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, "\\\x00") {
			return false
		}
	}
	return path.Clean(p) == p
}

// renderPages executes the page templates in parallel and emits each page
// that succeeded. Errors are reported in the order of pages, so the
// diagnostics do not depend on scheduling.
func (r *renderer) renderPages(set *templateSet, pages []page, diags *diag.List, emit func(File)) {
	errs := make([]error, len(pages))
	jobs := make(chan int, 64)
	dropHTML := r.opts.Once && set.defaults()
	// In a one-off build nothing looks at a page once it is made (the
	// data files have what they need of the pages): it is let go, and
	// with it the groups of events its workers made (see Page.group).
	release := r.opts.Once && r.opts.Prints == nil
	if !dropHTML {
		// A template of the user's may show any document's body on any
		// page: every body waiting on the build's shelf is read back,
		// in the shelf's order.
		docs := slices.Clone(r.site.Documents)
		slices.SortStableFunc(docs, func(a, b *model.Document) int { return cmp.Compare(a.ShelfOrder(), b.ShelfOrder()) })
		for _, d := range docs {
			if err := d.LoadBody(); err != nil {
				diags.Errorf(d.Path, 0, 0, "%v", err)
			}
		}
	}
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			var body []byte // a shelved body, read back for its page
			for i := range jobs {
				r.pageData(&pages[i])
				p := pages[i]
				if !validPath(p.file) {
					continue
				}
				p.data.group()
				if r.printer != nil {
					if v, ok := r.printer.page(p); ok && r.opts.Prints.same(p.file, v) && !r.opts.VerifyPrints {
						emit(File{Path: p.file, Same: true})
						continue
					}
				}
				shelved := dropHTML && p.tmpl == "source.html"
				if shelved {
					// Only its own page shows a document's body, and the
					// page is made before the body is read again.
					var err error
					if body, err = p.data.Doc.LoadBodyInto(body); err != nil {
						errs[i] = err
						continue
					}
				}
				buf.Reset()
				out, err := r.renderPage(set, p, &buf)
				if shelved {
					p.data.Doc.DropBody()
				}
				if err != nil {
					errs[i] = err
					continue
				}
				emit(File{Path: p.file, Data: out})
				if release {
					pages[i].data = nil
				}
				if buf.Cap() > 8<<20 {
					buf = bytes.Buffer{} // do not keep a huge buffer for small pages
				}
			}
		})
	}
	// Only the template of each page is read here once a job is sent: a
	// worker may be letting go of the page's data.
	if dropHTML {
		// In the order their bodies are on the shelf, which reads them
		// back a window at a time. The order is found before the first
		// job is sent, while no worker has a page.
		var sources []int
		for i := range pages {
			if pages[i].tmpl == "source.html" {
				sources = append(sources, i)
			}
		}
		slices.SortFunc(sources, func(i, j int) int {
			if c := cmp.Compare(pages[i].document().ShelfOrder(), pages[j].document().ShelfOrder()); c != 0 {
				return c
			}
			return i - j
		})
		for _, i := range sources {
			jobs <- i
		}
	}
	for i := range pages {
		if !dropHTML || pages[i].tmpl != "source.html" {
			jobs <- i
		}
	}
	close(jobs)
	wg.Wait()

	collector := newErrorCollector(set.files)
	for i, p := range pages {
		if !validPath(p.file) {
			diags.Errorf("", 0, 0, "cannot render /%s: unusable name in path %q", p.url(), p.file)
			continue
		}
		if errs[i] != nil {
			collector.add(p.tmpl, p.url(), errs[i])
		}
	}
	diags.Add(collector.diagnostics()...)
}

// renderPage executes one page template into buf; a panic in a template
// function becomes an error of that page.
func (r *renderer) renderPage(set *templateSet, p page, buf *bytes.Buffer) (data []byte, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("internal error: %v", x)
		}
	}()
	t, perr := set.page(p.tmpl)
	if perr != nil {
		return nil, perr
	}
	p.data.group()
	if set.goLayout {
		if err := r.executeWithLayout(t, set.goMains[p.tmpl], buf, p.data); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	if err := t.ExecuteTemplate(buf, "layout", p.data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func basePath(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}
