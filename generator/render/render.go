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
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
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
	// LiveReload injects the preview server's reload script before </body>
	// of every HTML page. Only `serve` sets it; build output never has it.
	LiveReload bool
}

// File is one output file.
type File struct {
	Path string // relative to the output root, slash-separated: "countries/tj/index.html"
	Data []byte
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
	defer func() {
		// A bug here must not take the whole program down (STYLE §5).
		if r := recover(); r != nil {
			files = nil
			diags.Errorf("", 0, 0, "internal error while rendering: %v", r)
		}
	}()
	if opts.TemplatesDir == "" {
		opts.TemplatesDir = "templates"
	}
	r := newRenderer(site, opts)
	set, ds := loadTemplates(opts, r.links)
	diags.Add(ds...)
	if set == nil {
		return nil, diags
	}

	pages := r.pages()
	files = append(files, r.renderPages(set, pages, &diags)...)
	files = append(files, r.dataFiles(set, pages, &diags)...)

	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	// Two pages claiming the same path (two entities with the same slug)
	// would silently overwrite each other.
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			diags.Errorf("", 0, 0, "two pages would be written to %s", files[i].Path)
		}
	}
	diags.Sort()
	return files, diags
}

// renderer holds what the helpers need while one site renders.
type renderer struct {
	links
	site *model.Site
	opts Options
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

	// Timeline pages: the events shown, grouped, and the year index.
	Year      int             // on a timeline year page
	Timeline  []YearGroup     // events of this page by year and month
	YearIndex []YearLink      // every year with events
	Split     bool            // the timeline has one page per year
	Anchors   bool            // events on this page carry their id (they are the link target)
	Filter    *TimelineFilter // on a filtered timeline page ("timeline/planned/", "timeline/country/tj/")
}

// YearGroup is the events of one year, by month.
type YearGroup struct {
	Year   int
	Anchor string // "y2025"
	Months []MonthGroup
	Count  int
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
}

// pages lists every HTML page of the site.
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

	years := groupEvents(s.Events)
	index := make([]YearLink, len(years))
	for i, y := range years {
		index[i] = YearLink{Year: y.Year, Count: y.Count, URL: "timeline/#" + y.Anchor}
		if r.split {
			index[i].URL = fmt.Sprintf("timeline/%d/", y.Year)
		}
	}
	tl := &Page{Section: "timeline", Title: "Timeline", YearIndex: index, Split: r.split,
		Description: "Every event of " + s.Config.Title + ", newest first."}
	if r.split {
		tl.Timeline = groupEvents(firstEvents(s.Events, timelineLatest))
	} else {
		tl.Timeline, tl.Anchors = years, true
	}
	add("timeline.html", "timeline/", tl)
	if r.split {
		for _, y := range years {
			add("timeline.html", fmt.Sprintf("timeline/%d/", y.Year), &Page{
				Section: "timeline", Title: fmt.Sprintf("Timeline %d", y.Year), Year: y.Year,
				Timeline: []YearGroup{y}, YearIndex: index, Split: true, Anchors: true,
				Description: fmt.Sprintf("Events of %d, newest first.", y.Year),
			})
		}
	}

	r.filterPages(add, index)

	add("countries.html", "countries/", &Page{Section: "countries", Title: "Countries"})
	for _, c := range s.Countries {
		add("country.html", "countries/"+c.Slug+"/", &Page{Section: "countries", Title: c.Name, Country: c})
	}
	add("organisations.html", "organisations/", &Page{Section: "organisations", Title: "Organisations"})
	for _, o := range s.Organisations {
		add("organisation.html", "organisations/"+orgSlug(o)+"/", &Page{Section: "organisations", Title: o.Name, Org: o})
	}
	add("people.html", "people/", &Page{Section: "people", Title: "People"})
	for _, p := range s.People {
		add("person.html", "people/"+p.Slug+"/", &Page{Section: "people", Title: p.Name, Person: p})
	}
	add("sources.html", "sources/", &Page{Section: "sources", Title: "Sources"})
	for _, d := range s.Documents {
		add("source.html", "sources/"+d.Slug+"/", &Page{Section: "sources", Title: d.Title, Doc: d, Description: d.Summary})
	}
	add("404.html", "404.html", &Page{Title: "Page not found"})
	return ps
}

func orgSlug(o *model.Organisation) string {
	if o.Slug != "" {
		return o.Slug
	}
	return o.ID
}

func firstEvents(es []*model.Event, n int) []*model.Event {
	if len(es) > n {
		return es[:n]
	}
	return es
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

// renderPages executes the page templates in parallel. Results land in a
// slice indexed like pages, so the output does not depend on scheduling.
func (r *renderer) renderPages(set *templateSet, pages []page, diags *diag.List) []File {
	type result struct {
		data []byte
		err  error
	}
	results := make([]result, len(pages))
	jobs := make(chan int)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				data, err := r.renderPage(set, pages[i])
				results[i] = result{data, err}
			}
		}()
	}
	for i := range pages {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	var files []File
	errs := newErrorCollector(set.files)
	for i, p := range pages {
		if !validPath(p.file) {
			diags.Errorf("", 0, 0, "cannot render /%s: unusable name in path %q", p.data.URL, p.file)
			continue
		}
		if results[i].err != nil {
			errs.add(p.tmpl, p.data.URL, results[i].err)
			continue
		}
		files = append(files, File{Path: p.file, Data: results[i].data})
	}
	diags.Add(errs.diagnostics()...)
	return files
}

// renderPage executes one page template; a panic in a template function
// becomes an error of that page.
func (r *renderer) renderPage(set *templateSet, p page) (data []byte, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("internal error: %v", x)
		}
	}()
	t, perr := set.page(p.tmpl)
	if perr != nil {
		return nil, perr
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p.data); err != nil {
		return nil, err
	}
	out := buf.Bytes()
	if r.opts.LiveReload {
		out = injectReload(out, r.base)
	}
	return out, nil
}

// injectReload adds the live-reload script before the last </body>, or at the
// end when a custom layout has none.
func injectReload(page []byte, base string) []byte {
	tag := []byte(`<script src="` + template.HTMLEscapeString(basePath(base)) + `__brief/reload.js"></script>`)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
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
