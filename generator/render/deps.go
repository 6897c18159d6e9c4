package render

import (
	"bytes"
	"io/fs"
	"runtime"
	"strings"
	"sync"

	"brief/generator/extract"
	"brief/generator/model"
	"brief/templates"
)

// A preview server rebuilds on every save, and most saves change a few
// pages of thousands. Prints lets a rebuild skip the others: each page and
// data file gets a fingerprint of everything it shows (the model values'
// own fingerprints, model.Hasher, plus what the renderer adds: where each
// event's entry is, the page's place in its list, the template), and a file
// whose fingerprint equals the last build's is not rendered again.
//
// Fingerprints are written here by hand for the embedded default
// templates, which read only what printer.page and the data files'
// fingerprints cover; a page whose template,
// or any partial or layout, is the user's own is always rendered, because
// a template may show anything of the site. The property tests that hold
// a rebuild equal to a fresh build (generator and the preview server) go
// through Prints, so a fingerprint that misses an input fails them. When a
// default template starts to show another field, add that field here (or
// to the model's fingerprints, model/sum.go) in the same change.

// Prints remembers the fingerprints of the files of the last good render.
// It belongs to one caller that renders the same site again and again; its
// methods are not safe for concurrent use with a render that uses it.
type Prints struct {
	last map[string]uint64 // of the last committed render
	next map[string]uint64 // of the render in progress
	mu   sync.Mutex
	// skipped lists the files of the last render whose fingerprint
	// matched, so that a test rendering with VerifyPrints can check them.
	skipped map[string]bool
	// lines keeps the items of the large data files, by name (see
	// lineCache).
	lines map[string]*lineCache
	// kept is the last committed render, for Patch; pending is the
	// render in progress, kept once it is committed.
	kept, pending *kept
	// patched lists the files the last render rendered when it was a
	// Patch (nil otherwise); next then holds their fingerprints only.
	patched map[string]bool
}

// lineCache keeps, for one large data file, the bytes each item (an event,
// a document) was written as in the last render, by the item's
// fingerprint: when one event changed, the others are copied rather than
// made again. The items also depend on the site's address (config).
type lineCache struct {
	config     uint64
	last, next map[uint64][]byte
}

// lineCache returns the line cache of the data file name for this render, or
// nil when there are no fingerprints.
func (r *renderer) lineCache(name string) *lineCache {
	p, pr := r.opts.Prints, r.printer
	if p == nil || pr == nil {
		return nil
	}
	pr.globals()
	if p.lines == nil {
		p.lines = map[string]*lineCache{}
	}
	c := p.lines[name]
	if c == nil || c.config != pr.config {
		c = &lineCache{config: pr.config}
		p.lines[name] = c
	}
	c.next = make(map[uint64][]byte, len(c.last))
	return c
}

// write writes the item of fingerprint key to buf: the bytes of the last
// render when it had the item, else what make writes.
func (c *lineCache) write(buf *bytes.Buffer, key uint64, make func()) {
	if c == nil {
		make()
		return
	}
	if b, ok := c.last[key]; ok {
		buf.Write(b)
		c.next[key] = b
		return
	}
	start := buf.Len()
	make()
	c.next[key] = bytes.Clone(buf.Bytes()[start:])
}

// Skipped reports whether the last render found the file at path
// unchanged (rendered or not).
func (p *Prints) Skipped(path string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.patched != nil {
		_, known := p.last[path]
		return known && !p.patched[path]
	}
	return p.skipped[path]
}

// NewPrints returns Prints that know no file: the first render renders
// everything.
func NewPrints() *Prints { return &Prints{} }

// Commit makes the fingerprints of the last render the reference for the
// next one. Call it only when that render's files were all kept (no
// errors): a file reported Same is the same as in the last committed
// render.
func (p *Prints) Commit() {
	p.kept, p.pending = p.pending, nil
	if p.patched != nil {
		// A Patch: the files it rendered have new fingerprints, and
		// every other file, the data files among them, is as it was.
		for path, v := range p.next {
			p.last[path] = v
		}
		p.next = nil
		return
	}
	p.last, p.next = p.next, nil
	for name, c := range p.lines {
		switch {
		case c.next != nil:
			c.last, c.next = c.next, nil
		case !p.skipped[lineFile(name)]:
			delete(p.lines, name) // the file is gone
		}
	}
}

// lineFile is the data file of a line cache's name ("search-index.json"
// of "search-index.json#events").
func lineFile(name string) string {
	if i := strings.LastIndexByte(name, '#'); i >= 0 {
		return name[:i]
	}
	return name
}

// Forget discards the fingerprints, so that the next render renders
// everything.
func (p *Prints) Forget() { p.last, p.next, p.lines, p.kept, p.pending = nil, nil, nil, nil, nil }

// begin starts a render.
func (p *Prints) begin(n int) {
	p.pending, p.patched = nil, nil
	p.next = make(map[string]uint64, n)
	p.skipped = map[string]bool{}
	for _, c := range p.lines {
		c.next = nil // of a render that was not kept
	}
}

// same records the fingerprint of the file at path and reports whether
// the last committed render had the same.
func (p *Prints) same(path string, print uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next[path] = print
	old, ok := p.last[path]
	if ok && old == print {
		p.skipped[path] = true
		return true
	}
	return false
}

// printer computes the fingerprints of one render.
type printer struct {
	r *renderer
	// printable says which page templates are the embedded defaults,
	// with the default partials and layout around them.
	printable map[string]bool

	once                                      sync.Once
	config, countries, timeline, orgs, people uint64
	timelineNav                               uint64   // the timeline's filters without their counts
	events                                    uint64   // every event, in order, with its anchor
	evp                                       []uint64 // each event's fingerprint with its anchor, by Pos
	docs                                      uint64   // every document, in order

	viewMu sync.Mutex
	views  map[listKey]uint64
}

func newPrinter(r *renderer, set *templateSet) *printer {
	pr := &printer{r: r, printable: map[string]bool{}, views: map[listKey]uint64{}}
	for i, e := range r.site.Events {
		if int(e.Pos) != i {
			return nil // not a site from model.Build: no fingerprints
		}
	}
	if !set.goLayout {
		return pr
	}
	if !defaultPartials(set.files) {
		return pr // a partial of the user's: any page may show anything
	}
	for name, f := range set.files {
		if name[0] != '_' && defaultText(name) == f.text {
			pr.printable[name] = true
		}
	}
	return pr
}

// globals fingerprints what many pages show: the configuration, the
// countries with their counts, the timeline's totals and filters, the
// organisation and people indexes, and every event.
func (pr *printer) globals() {
	pr.once.Do(func() {
		r, s := pr.r, pr.r.site
		h := model.NewHasher()
		c := &s.Config
		for _, v := range []string{c.Title, c.Description, c.BaseURL, c.BasePath, c.Language, c.CNAME, c.Author, r.base, r.baseURL, r.language} {
			h.Str(v)
		}
		h.Params(c.Params)
		h.Bool(r.split)
		pr.config = h.Sum64()

		h.Reset()
		h.Int(len(s.Countries))
		for _, c := range s.Countries {
			h.Str(c.Code)
			h.Int(c.Mentions)
			h.Int(len(c.Events))
			h.Int(len(c.Documents))
			h.Date(c.LastMention)
		}
		pr.countries = h.Sum64()

		// Every timeline page offers the filters, in the order of their
		// counts; the first page shows the counts too.
		fs := r.timelineFilters(s.Events)
		for _, counts := range []bool{false, true} {
			h.Reset()
			if counts {
				h.Int(len(s.Events))
			}
			for _, list := range [][]TimelineFilter{fs.Status, fs.Countries} {
				h.Int(len(list))
				for _, f := range list {
					pr.filter(h, &f, counts)
				}
			}
			if counts {
				pr.timeline = h.Sum64()
			} else {
				pr.timelineNav = h.Sum64()
			}
		}

		h.Reset()
		h.Int(len(s.Organisations))
		for _, o := range s.Organisations {
			h.Org(o)
			h.Int(o.Mentions)
			h.Int(len(o.Events))
			h.Int(len(o.Members))
			h.Int(len(o.OtherMembers))
		}
		pr.orgs = h.Sum64()

		h.Reset()
		h.Int(len(s.People))
		for _, p := range s.People {
			h.Person(p)
			h.Int(p.Mentions)
			h.Int(len(p.Events))
		}
		pr.people = h.Sum64()

		pr.evp = make([]uint64, len(s.Events))
		parallelChunks(len(s.Events), func(lo, hi int) {
			h := model.NewHasher()
			for i := lo; i < hi; i++ {
				e := s.Events[i]
				h.Reset()
				h.U64(e.Sum)
				a, _ := r.anchor.get(e)
				h.Str(a)
				pr.evp[i] = h.Sum64()
			}
		})
		h.Reset()
		pr.eventList(h, s.Events)
		pr.events = h.Sum64()

		h.Reset()
		h.Int(len(s.Documents))
		for _, d := range s.Documents {
			h.U64(d.MetaSum)
		}
		pr.docs = h.Sum64()
	})
}

// defaultTexts are the embedded default templates, by file name.
var defaultTexts = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	entries, _ := fs.ReadDir(templates.FS, ".")
	for _, e := range entries {
		if b, err := fs.ReadFile(templates.FS, e.Name()); err == nil {
			out[e.Name()] = string(b)
		}
	}
	return out
})

func defaultText(name string) string { return defaultTexts()[name] }

// sameData fingerprints the data file at path from what print writes and
// emits it as Same when the last render had the same; it reports whether
// it did (and the file need not be made).
func (r *renderer) sameData(path string, print func(*model.Hasher), emit func(File)) bool {
	if r.opts.Prints == nil || r.printer == nil {
		return false
	}
	pr := r.printer
	pr.globals()
	h := model.NewHasher()
	h.Str(path)
	h.U64(pr.config)
	print(h)
	if !r.opts.Prints.same(path, h.Sum64()) || r.opts.VerifyPrints {
		return false
	}
	emit(File{Path: path, Same: true})
	return true
}

// searchEntities writes what the search index shows of the countries,
// organisations and people.
func (pr *printer) searchEntities(h *model.Hasher) {
	s := pr.r.site
	h.U64(pr.countries)
	for _, c := range s.Countries {
		h.Orgs(c.Memberships)
		h.People(c.People)
	}
	h.U64(pr.orgs)
	for _, o := range s.Organisations {
		h.Strs(o.Aliases)
		h.Countries(o.Members)
	}
	h.U64(pr.people)
}

func (pr *printer) filter(h *model.Hasher, f *TimelineFilter, count bool) {
	h.Str(f.Key)
	h.Str(f.Label)
	h.Str(f.URL)
	if count {
		h.Int(f.Count)
	}
	h.Str(f.Status)
	if f.Country != nil {
		h.Str(f.Country.Code)
	} else {
		h.Str("")
	}
}

// eventList writes a list of events as a page shows them: each one's
// fingerprint and where its entry is.
func (pr *printer) eventList(h *model.Hasher, es []*model.Event) {
	var buf [64]uint64
	h.Int(len(es))
	for len(es) > 0 {
		n := min(len(es), len(buf))
		for i, e := range es[:n] {
			buf[i] = pr.evp[e.Pos]
		}
		h.U64s(buf[:n])
		es = es[n:]
	}
}

func (pr *printer) docList(h *model.Hasher, ds []*model.Document) {
	h.Int(len(ds))
	for _, d := range ds {
		h.DocRef(d)
	}
}

func (pr *printer) figures(h *model.Hasher, fs []*model.Figure) {
	h.Int(len(fs))
	for _, f := range fs {
		h.Str(f.Text)
		h.Float(f.Value)
		h.Str(f.Unit)
		h.Countries(f.Countries)
		h.Source(f.Source)
	}
}

func coMentions(h *model.Hasher, cs []model.CountryCount) {
	h.Int(len(cs))
	for _, c := range cs {
		h.Str(c.Country.Code)
		h.Int(c.Count)
	}
}

// view fingerprints what a timeline view's chart shows of its events:
// their dates and status. The pages of a view share the list.
func (pr *printer) view(es []*model.Event) uint64 {
	k := keyOf(es)
	pr.viewMu.Lock()
	v, ok := pr.views[k]
	pr.viewMu.Unlock()
	if ok {
		return v
	}
	h := model.NewHasher()
	h.Int(len(es))
	var buf [64]uint64
	for len(es) > 0 {
		n := min(len(es), len(buf)/2)
		for i, e := range es[:n] {
			buf[2*i], buf[2*i+1] = packDate(e.Date()), packDate(e.End())
			if e.Planned {
				buf[2*i] |= 1 << 63
			}
		}
		h.U64s(buf[:2*n])
		es = es[n:]
	}
	v = h.Sum64()
	pr.viewMu.Lock()
	pr.views[k] = v
	pr.viewMu.Unlock()
	return v
}

// page returns the fingerprint of a page, or false when the page must be
// rendered whatever changed (its templates are the user's).
func (pr *printer) page(p page) (uint64, bool) {
	if !pr.printable[p.tmpl] {
		return 0, false
	}
	pr.globals()
	d := p.data
	h := model.NewHasher()
	h.Str(p.tmpl)
	h.Str(p.file)
	h.U64(pr.config)
	h.Str(d.Kind)
	h.Str(d.Section)
	h.Str(d.URL)
	h.Str(d.Title)
	h.Str(d.Description)
	h.Int(d.Year)
	h.Bool(d.Split)
	h.Bool(d.Anchors)
	h.Int(d.PageNumber)
	h.Int(len(d.Pager))
	for _, l := range d.Pager {
		h.Int(l.Number)
		h.Str(l.URL)
		h.Bool(l.Current)
	}
	h.Int(len(d.YearIndex))
	for _, y := range d.YearIndex {
		h.Int(y.Year)
		if d.Year == 0 {
			h.Int(y.Count) // a year's page shows no counts
		}
		h.Str(y.URL)
	}
	h.Str(d.MoreEvents)
	h.Str(d.MoreDocuments)
	pr.eventList(h, d.Events)
	pr.docList(h, d.Documents)
	pr.figures(h, d.Figures)
	if d.Filter != nil {
		pr.filter(h, d.Filter, true)
	}
	s := pr.r.site
	switch p.tmpl {
	case "home.html":
		h.U64(pr.countries)
		h.U64(pr.timeline)
		h.Int(len(s.Documents))
		pr.docList(h, firstN(s.Documents, 6))
		pr.figures(h, firstN(s.Figures, 6))
		pr.eventList(h, firstN(filterEvents(s.Events, false), 10))
		planned := filterEvents(s.Events, true)
		h.Int(len(planned))
		pr.eventList(h, firstN(planned, 5))
	case "timeline.html":
		h.U64(pr.timelineNav)
		if d.Filter == nil && d.Year == 0 {
			h.U64(pr.timeline)
		}
		h.Int(len(d.View))
		if d.PageNumber <= 1 {
			h.U64(pr.view(d.View)) // its chart
		}
		h.Int(len(d.Timeline))
		for _, y := range d.Timeline {
			h.Int(y.Year)
			h.Str(y.Anchor)
			h.Int(y.Count)
			h.Int(len(y.Months))
			for _, m := range y.Months {
				h.Int(m.Year)
				h.Int(m.Month)
				h.Str(m.Anchor)
				h.Str(m.Label)
				pr.eventList(h, m.Events)
			}
		}
	case "countries.html":
		h.U64(pr.countries)
	case "country.html":
		h.U64(pr.countries)
		c := d.Country
		for _, v := range []string{c.Code, c.Official, c.Capital, c.Region, c.Subregion, string(c.Profile)} {
			h.Str(v)
		}
		h.Int(len(c.Memberships))
		for _, o := range c.Memberships {
			h.Org(o)
			h.Countries(o.Members)
		}
		h.People(c.People)
		h.Int(len(c.MentionsByMonth))
		for _, m := range c.MentionsByMonth {
			h.Str(m.Month)
			h.Int(m.Count)
		}
		coMentions(h, c.CoMentions)
	case "organisations.html":
		h.U64(pr.orgs)
	case "organisation.html":
		o := d.Org
		h.Org(o)
		h.Strs(o.Aliases)
		h.Int(o.Mentions)
		h.Int(len(o.Documents))
		h.Int(len(o.Events))
		h.Str(string(o.About))
		h.Countries(o.Members)
		h.Strs(o.OtherMembers)
		coMentions(h, o.CoMentions)
	case "people.html":
		h.U64(pr.people)
	case "person.html":
		pe := d.Person
		h.Person(pe)
		h.Int(pe.Mentions)
		h.Int(len(pe.Documents))
		h.Int(len(pe.Events))
		h.Str(string(pe.About))
		coMentions(h, pe.CoMentions)
	case "source.html":
		h.U64(d.Doc.Sum)
		pr.eventList(h, d.Doc.Events)
	case "sources.html", "search.html", "404.html":
		// Their page fields and the configuration.
	default:
		return 0, false
	}
	return h.Sum64(), true
}

// parallelChunks calls f on consecutive ranges of [0, n), one per
// processor, and waits for them.
func parallelChunks(n int, f func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	size := (n + workers - 1) / workers
	if size < 1024 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += size {
		wg.Go(func() { f(lo, min(lo+size, n)) })
	}
	wg.Wait()
}

// eventKey is the key of an event in a line cache: its fingerprint with
// where its entry is (nothing without a cache).
func (pr *printer) eventKey(c *lineCache, e *model.Event) uint64 {
	if c == nil {
		return 0
	}
	return pr.evp[e.Pos]
}

// packDate is a date as one number (years are far below 2^40).
func packDate(d extract.Date) uint64 {
	return uint64(uint32(d.Year))<<16 | uint64(d.Month)<<8 | uint64(d.Day)
}
