package render

import (
	"html/template"
	"strconv"
	"strings"
	"sync"

	"brief/generator/model"
)

// The timeline's pages and the documents' pages are most of a large site:
// hundreds of timeline views of thousands of events, a page for every
// document, and the source index. Executing their "main" templates costs
// dozens of reflective calls per event, sentence, document and filter
// link, so while those templates, the layout and every partial are the
// embedded defaults, renderPage writes their "main" in Go (goMains),
// straight into the page's buffer, byte for byte what the templates make.
// TestGoPagesMatchTemplates holds the two identical on every page of
// several sites; a template of the user's own (or a partial of theirs that
// redefines a default one) is always executed as written.

// goMain writes the "main" template of one page kind.
type goMain func(r *renderer, b htmlOut, p *Page)

// goMains are the page templates whose default "main" is written in Go.
var goMains = map[string]goMain{
	"timeline.html": (*renderer).timelineMain,
	"source.html":   (*renderer).sourceMain,
	"sources.html":  (*renderer).sourcesMain,
	"person.html":   (*renderer).personMain,
	"country.html":  (*renderer).countryMain,
}

// htmlOut is where markup is written: a page's buffer, or a builder for
// the result of a helper function. *bytes.Buffer and *strings.Builder
// both are one.
type htmlOut interface {
	Write([]byte) (int, error)
	WriteByte(byte) error
	WriteString(string) (int, error)
}

// templateSigs is the text of every template a page's set defines, by
// name, as parsed: two sets whose templates print the same execute the
// same.
func templateSigs(t *template.Template) map[string]string {
	out := map[string]string{}
	for _, x := range t.Templates() {
		if x.Tree == nil || x.Tree.Root == nil {
			continue
		}
		out[x.Name()] = x.Tree.Root.String()
	}
	return out
}

// defaultSigs are the template texts of the embedded default set, for
// each page written in Go, without those of the layout (which the Go
// layout decides on separately).
var defaultSigs = sync.OnceValue(func() map[string]map[string]string {
	files := map[string]templateFile{}
	for _, name := range []string{"_layout.html", "_partials.html"} {
		files[name] = embeddedFile(name)
	}
	layoutNames := map[string]bool{}
	if lt, err := template.New("_layout.html").Funcs(links{}.funcs()).Parse(files["_layout.html"].text); err == nil {
		for _, x := range lt.Templates() {
			layoutNames[x.Name()] = true
		}
	}
	// The layout's {{block "main"}} is what every page redefines: the one
	// template that must be compared above all.
	delete(layoutNames, "main")
	out := map[string]map[string]string{}
	for name := range goMains {
		files[name] = embeddedFile(name)
		set, _ := parseSet(files, links{}.funcs())
		delete(files, name)
		t := set.pages[name]
		if t == nil {
			continue
		}
		sigs := templateSigs(t)
		for n := range layoutNames {
			delete(sigs, n)
		}
		out[name] = sigs
	}
	return out
})

// defaultPartials reports whether the partials of files ("_*.html") are
// the embedded ones, and only those.
func defaultPartials(files map[string]templateFile) bool {
	for name, f := range files {
		if strings.HasPrefix(name, "_") && strings.HasSuffix(name, ".html") && f.text != defaultText(name) {
			return false
		}
	}
	return true
}

// embeddedFile is the embedded default template name as a file of a set.
func embeddedFile(name string) templateFile {
	return templateFile{name: name, diag: "templates/" + name, text: defaultText(name)}
}

// goPages lists the pages of set whose "main" may be written in Go: every
// template that the default page and partials define prints the same in
// set as in the defaults.
func goPages(set *templateSet) map[string]goMain {
	out := map[string]goMain{}
	if defaultPartials(set.files) {
		// The usual case, decided without parsing the defaults again.
		for name, main := range goMains {
			if f, ok := set.files[name]; ok && f.text == defaultText(name) && set.pages[name] != nil {
				out[name] = main
			}
		}
		return out
	}
	defaults := defaultSigs()
	for name, main := range goMains {
		t := set.pages[name]
		want := defaults[name]
		if t == nil || want == nil {
			continue
		}
		have := templateSigs(t)
		same := true
		for n, text := range want {
			if have[n] != text {
				same = false
				break
			}
		}
		if same {
			out[name] = main
		}
	}
	return out
}

// writeURL writes the link to site path p as {{url p}} in an href
// makes it: escURL(r.url(p)), without building the path when p is a
// plain path.
func (r links) writeURL(b htmlOut, p string) {
	if r.base == "" || r.base[0] != '/' || p == "" || p[0] == '#' || strings.IndexByte(p, ':') >= 0 ||
		r.base != "/" && strings.HasPrefix(p, r.base) {
		escURL(b, r.url(p))
		return
	}
	// Neither a web address nor a link already: url is the base and p
	// without leading slashes, and the base starts with "/", so escURL
	// would find no scheme.
	normURL(b, r.base)
	normURL(b, trimSlashes(p))
}

// writePageOf writes " Page N of M." on a page of a list split into
// pages, and nothing on a list of one page.
func writePageOf(b htmlOut, p *Page) {
	if len(p.Pager) == 0 {
		return
	}
	b.WriteString(" Page ")
	writeInt(b, p.PageNumber)
	b.WriteString(" of ")
	writeInt(b, len(p.Pager))
	b.WriteByte('.')
}

// writeAnchor writes a link to site path p with the text text, as
// <a href="{{url p}}">{{text}}</a> makes it.
func (r links) writeAnchor(b htmlOut, p, text string) {
	b.WriteString(`<a href="`)
	r.writeURL(b, p)
	b.WriteString(`">`)
	escText(b, text)
	b.WriteString("</a>")
}

// writeInt writes n in decimal, as {{n}} prints an integer.
func writeInt(b htmlOut, n int) {
	if n >= 0 && n < len(smallInts) {
		// Most are counts and sentence numbers: written without making
		// the digits (which, handed to an interface, would be allocated).
		b.WriteString(smallInts[n])
		return
	}
	b.WriteString(strconv.Itoa(n))
}

// smallInts are the decimal forms of 0 to 999.
var smallInts = func() (t [1000]string) {
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return t
}()

// writePlural writes {{plural n one many}}.
func writePlural(b htmlOut, n int, one, many string) {
	writeInt(b, n)
	b.WriteByte(' ')
	escText(b, pluralWord(n, one, many))
}

// timelineMain is timeline.html's "main".
func (r *renderer) timelineMain(b htmlOut, p *Page) {
	all := r.timelineFilters(p.Site.Events)
	events := p.View
	isMain := p.Filter == nil && p.Year == 0
	b.WriteString("\n<h1>")
	escText(b, p.Title)
	b.WriteString("</h1>\n<p class=\"lead\">")
	switch {
	case p.Year != 0:
		writePlural(b, len(events), "event", "events")
		b.WriteString(" of ")
		writeInt(b, p.Year)
		if p.Filter != nil {
			writeFilterPhrase(b, p.Filter)
		}
		b.WriteString(", newest first.")
		writePageOf(b, p)
		if f := p.Filter; f != nil {
			b.WriteString(` <a href="`)
			r.writeURL(b, f.URL)
			b.WriteString(`">Show all `)
			writePlural(b, f.Count, "event", "events")
			writeFilterPhrase(b, f)
			b.WriteString("</a>.")
		}
	case p.Filter != nil:
		writePlural(b, len(events), "event", "events")
		writeFilterPhrase(b, p.Filter)
		b.WriteString(", newest first.")
		writePageOf(b, p)
		b.WriteString(` <a href="`)
		r.writeURL(b, "timeline/")
		b.WriteString(`">Show all events</a>.`)
	default:
		writePlural(b, len(p.Site.Events), "event", "events")
		b.WriteString(" found in the briefing's documents, newest first. Each links to the sentence it comes from.")
	}
	b.WriteString("</p>\n\n<div class=\"timeline-tools\">\n")
	if p.PageNumber <= 1 {
		writeEventsChart(b, events)
	}
	if len(all.Status) > 0 || len(all.Countries) > 0 {
		b.WriteString("\n<nav class=\"filters\" aria-label=\"Filter the timeline\">\n<div class=\"filter-group\">\n<p class=\"filter-label\" id=\"filter-status-label\">Status</p>\n<ul aria-labelledby=\"filter-status-label\">\n<li><a class=\"pill\" href=\"")
		r.writeURL(b, "timeline/")
		b.WriteString(`" data-filter="" data-title="Timeline"`)
		if isMain {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(">All")
		if isMain {
			b.WriteString(` <span class="count">`)
			writeInt(b, len(p.Site.Events))
			b.WriteString("</span>")
		}
		b.WriteString("</a></li>")
		for i := range all.Status {
			f := &all.Status[i]
			b.WriteString("\n<li><a class=\"pill\" href=\"")
			r.writeURL(b, f.URL)
			b.WriteString(`" data-filter="`)
			escText(b, f.Key)
			b.WriteString(`" data-title="Timeline: `)
			escText(b, f.Label)
			b.WriteString(` events"`)
			if p.Filter != nil && p.Filter.URL == f.URL {
				b.WriteString(` aria-current="page"`)
			}
			b.WriteByte('>')
			escText(b, f.Label)
			if isMain {
				b.WriteString(` <span class="count">`)
				writeInt(b, f.Count)
				b.WriteString("</span>")
			}
			b.WriteString("</a></li>")
		}
		b.WriteString("\n</ul>\n</div>")
		if cs := all.Countries; len(cs) > 0 {
			b.WriteString("\n<div class=\"filter-group\">\n<p class=\"filter-label\" id=\"filter-country-label\">Country</p>\n<ul aria-labelledby=\"filter-country-label\">")
			for i := range firstN(cs, 12) {
				b.WriteByte('\n')
				r.writeCountryPill(b, &cs[i], p, isMain)
			}
			b.WriteString("\n</ul>")
			if len(cs) > 12 {
				rest := cs[12:]
				open := false
				for i := range rest {
					if p.Filter != nil && p.Filter.URL == rest[i].URL {
						open = true
					}
				}
				b.WriteString("\n<details class=\"more-filters\"")
				if open {
					b.WriteString(" open")
				}
				b.WriteString(">\n<summary>")
				writePlural(b, len(rest), "more country", "more countries")
				b.WriteString("</summary>\n<ul>")
				for i := range rest {
					b.WriteByte('\n')
					r.writeCountryPill(b, &rest[i], p, isMain)
				}
				b.WriteString("\n</ul>\n</details>")
			}
			b.WriteString("\n</div>")
		}
		b.WriteString("\n</nav>")
	}
	b.WriteString("\n</div>")
	if len(p.YearIndex) > 0 {
		b.WriteString("\n<nav class=\"year-index\" aria-label=\"Years\">\n<p class=\"filter-label\">Jump to year</p>\n<ul>")
		for _, y := range p.YearIndex {
			b.WriteString("\n<li><a href=\"")
			r.writeURL(b, y.URL)
			b.WriteByte('"')
			if y.Year == p.Year {
				b.WriteString(` aria-current="page"`)
			}
			b.WriteByte('>')
			writeInt(b, y.Year)
			b.WriteString("</a>")
			if p.Year == 0 {
				b.WriteString(` <span class="count">`)
				writePlural(b, y.Count, "event", "events")
				b.WriteString("</span>")
			}
			b.WriteString("</li>")
		}
		b.WriteString("\n</ul>\n</nav>")
	}
	if p.Split && p.Year == 0 {
		b.WriteString("\n<p>")
		if p.Filter != nil {
			b.WriteString("These ")
			writePlural(b, len(events), "event", "events")
			b.WriteString(" are")
		} else {
			b.WriteString("The timeline has ")
			writePlural(b, len(p.Site.Events), "event", "events")
			b.WriteByte(',')
		}
		b.WriteString(" one page per year (above). The latest are below.</p>")
	}
	b.WriteString("\n<p class=\"filter-status\" id=\"filter-status\" role=\"status\"></p>\n<div class=\"timeline\"")
	if p.Anchors && !p.Split {
		b.WriteString(" data-timeline")
	}
	b.WriteByte('>')
	for _, y := range p.Timeline {
		b.WriteString("\n<section class=\"year\" aria-labelledby=\"")
		escText(b, y.Anchor)
		b.WriteString("\">\n<h2 id=\"")
		escText(b, y.Anchor)
		b.WriteString("\">")
		writeInt(b, y.Year)
		b.WriteString("</h2>")
		for _, m := range y.Months {
			b.WriteString("\n<section class=\"month\" aria-labelledby=\"")
			escText(b, m.Anchor)
			b.WriteString("\">\n<h3 id=\"")
			escText(b, m.Anchor)
			b.WriteString("\">")
			escText(b, m.Label)
			b.WriteString("</h3>\n")
			if p.Filter != nil {
				r.writeRows(b, m.Events, nil)
			} else {
				r.writeEventList(b, m.Events, p.Anchors)
			}
			b.WriteString("\n</section>")
		}
		b.WriteString("\n</section>")
	}
	if len(p.Timeline) == 0 {
		b.WriteString("\n<p class=\"empty\">No events yet.</p>")
	}
	b.WriteString("\n</div>")
	r.writePager(b, p.Pager)
}

// writeFilterPhrase is the "filter-phrase" partial.
func writeFilterPhrase(b htmlOut, f *TimelineFilter) {
	switch {
	case f.Country != nil || f.Org != nil || f.Person != nil:
		b.WriteString(" involving ")
		escText(b, f.Label)
	case f.Status == "planned":
		b.WriteString(" announced or scheduled")
	default:
		b.WriteString(" reported")
	}
}

// writeCountryPill is the "country-pill" partial.
func (r *renderer) writeCountryPill(b htmlOut, f *TimelineFilter, p *Page, counts bool) {
	b.WriteString(`<li><a class="pill" href="`)
	r.writeURL(b, f.URL)
	b.WriteString(`" data-filter="`)
	escText(b, f.Key)
	b.WriteString(`" data-title="Timeline: `)
	escText(b, f.Label)
	b.WriteByte('"')
	if p.Filter != nil && p.Filter.URL == f.URL {
		b.WriteString(` aria-current="page"`)
	}
	b.WriteString(`><span class="flag" aria-hidden="true">`)
	escText(b, f.Country.Flag)
	b.WriteString("</span> ")
	escText(b, f.Label)
	if counts {
		b.WriteString(` <span class="count">`)
		writeInt(b, f.Count)
		b.WriteString("</span>")
	}
	b.WriteString("</a></li>")
}

// writePager is the "pager" partial.
func (r *renderer) writePager(b htmlOut, pager []PageLink) {
	if len(pager) <= 1 {
		return
	}
	b.WriteString("<nav class=\"pager\" aria-label=\"Pages\">\n<ul>")
	for _, l := range pager {
		b.WriteString("\n<li><a href=\"")
		r.writeURL(b, l.URL)
		b.WriteByte('"')
		if l.Current {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteByte('>')
		writeInt(b, l.Number)
		b.WriteString("</a></li>")
	}
	b.WriteString("\n</ul>\n</nav>")
}

// writeEventsChart writes the "eventschart" partial for a list of events.
// Only the first page of a view shows it, so it is not kept for other
// pages: a site has hundreds of views, and the charts of all of them
// would stay in memory to the end of the render.
func writeEventsChart(b htmlOut, es []*model.Event) {
	bs := eventBuckets(es)
	chart := bucketsChart(bs)
	if chart == "" {
		return
	}
	b.WriteString("<figure class=\"chart-figure\">\n")
	b.WriteString(string(chart))
	b.WriteString("\n<figcaption>\n<ul class=\"legend\" aria-label=\"Legend\">\n<li><svg class=\"swatch\" width=\"16\" height=\"16\" aria-hidden=\"true\"><rect class=\"bar\" width=\"16\" height=\"16\"/></svg>Reported</li>\n<li><svg class=\"swatch\" width=\"16\" height=\"16\" aria-hidden=\"true\"><rect class=\"bar-planned\" width=\"16\" height=\"16\"/><line class=\"swatch-hatch\" x1=\"0\" y1=\"16\" x2=\"16\" y2=\"0\"/></svg>Planned (hatched)</li>\n</ul>\n<details class=\"data-table\">\n<summary>The numbers as a table</summary>\n<table class=\"counts\">\n<thead><tr><th scope=\"col\">Period</th><th scope=\"col\" class=\"num\">Reported</th><th scope=\"col\" class=\"num\">Planned</th></tr></thead>\n<tbody>")
	for _, row := range bucketRows(bs) {
		b.WriteString("\n<tr><td><time datetime=\"")
		escText(b, row.Key)
		b.WriteString("\">")
		escText(b, row.Label)
		b.WriteString("</time></td><td class=\"num\">")
		writeInt(b, row.Reported)
		b.WriteString("</td><td class=\"num\">")
		writeInt(b, row.Planned)
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>\n</details>\n</figcaption>\n</figure>")
}

// sourceMain is source.html's "main".
func (r *renderer) sourceMain(b htmlOut, p *Page) {
	d := p.Doc
	seed := d.Kind == "seed"
	b.WriteString("<article class=\"document\">\n<header>\n<p class=\"kicker\">")
	if seed {
		b.WriteString("Article as received")
	} else {
		b.WriteString("Desk note")
	}
	b.WriteString("</p>\n<h1>")
	escText(b, docTitle(d))
	b.WriteString("</h1>\n<p class=\"meta\">")
	if seed {
		b.WriteString("Article")
	} else {
		b.WriteString("Note")
	}
	if d.Publisher != "" {
		b.WriteString(" · ")
		escText(b, d.Publisher)
	}
	if d.Published.IsZero() {
		b.WriteString(" · publication date unknown")
	} else {
		b.WriteString(" · published ")
		writeDate(b, d.Published)
	}
	if u := webURL(d.Source); u != "" {
		b.WriteString(` · <a href="`)
		escURL(b, u)
		b.WriteString(`" rel="external noopener">original</a>`)
	}
	b.WriteString("</p>")
	if d.Summary != "" {
		b.WriteString("\n<p class=\"lead\">")
		escText(b, d.Summary)
		b.WriteString("</p>")
	}
	b.WriteString("\n</header>")
	if seed {
		b.WriteString("\n<p class=\"mention-key\" aria-hidden=\"true\">Highlighted: <span class=\"m m-country\">countries</span> <span class=\"m m-org\">organisations</span> <span class=\"m m-person\">people</span> <span class=\"m m-place\">places</span> <span class=\"m m-date\">dates</span></p>\n<div class=\"seed\">")
		for _, para := range d.Paragraphs {
			b.WriteString("\n<p>")
			for i, s := range para {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(`<span id="s`)
				writeInt(b, s.N)
				b.WriteString(`" class="s">`)
				for j := range s.Pieces {
					r.writePiece(b, &s.Pieces[j])
				}
				b.WriteString("</span>")
			}
			b.WriteString("</p>")
		}
		b.WriteString("\n</div>")
		if d.HTML != "" {
			b.WriteString("\n<section class=\"commentary\" aria-label=\"Commentary\">\n<p class=\"section-label\">The desk's commentary</p>\n<div class=\"prose\">\n")
			b.WriteString(string(d.HTML))
			b.WriteString("\n</div>\n</section>")
		}
	} else {
		b.WriteString("\n<div class=\"prose\">\n")
		b.WriteString(string(d.HTML))
		b.WriteString("\n</div>")
	}
	if len(d.Corrections) > 0 {
		b.WriteString("\n<section aria-labelledby=\"corrections\">\n<h2 id=\"corrections\">Corrections</h2>\n<ul>")
		for _, c := range d.Corrections {
			b.WriteString("\n<li>")
			escText(b, c)
			b.WriteString("</li>")
		}
		b.WriteString("\n</ul>\n</section>")
	}
	b.WriteString("\n</article>")
	if len(d.Countries) > 0 || len(d.Orgs) > 0 || len(d.People) > 0 {
		b.WriteString("\n<section aria-labelledby=\"mentioned\">\n<h2 id=\"mentioned\">Mentioned</h2>\n")
		r.writeEntities(b, d.Countries, d.Orgs, d.People, 0)
		b.WriteString("\n</section>")
	}
	if len(d.Events) > 0 {
		b.WriteString("\n<section aria-labelledby=\"events\">\n<h2 id=\"events\">Events from this document</h2>\n")
		r.writeRows(b, d.Events, d)
		b.WriteString("\n</section>")
	}
}

// writePiece writes one piece of a seed's sentence.
func (r *renderer) writePiece(b htmlOut, pc *model.Piece) {
	switch {
	case pc.URL != "":
		b.WriteString(`<a class="m m-`)
		escText(b, pc.Kind)
		b.WriteString(`" href="`)
		r.writeURL(b, pc.URL)
		b.WriteString(`">`)
		escText(b, pc.Text)
		b.WriteString("</a>")
	case pc.Datetime != "":
		b.WriteString(`<time class="m m-date" datetime="`)
		escText(b, pc.Datetime)
		b.WriteString(`" title="`)
		escText(b, fmtiso(pc.Datetime))
		b.WriteString(`">`)
		escText(b, pc.Text)
		b.WriteString("</time>")
	case pc.Kind != "":
		b.WriteString(`<span class="m m-`)
		escText(b, pc.Kind)
		b.WriteString(`">`)
		escText(b, pc.Text)
		b.WriteString("</span>")
	default:
		escText(b, pc.Text)
	}
}

// sourcesMain is sources.html's "main".
func (r *renderer) sourcesMain(b htmlOut, p *Page) {
	b.WriteString("<h1>")
	escText(b, p.Title)
	b.WriteString("</h1>\n<p>Articles as received and the desk's own notes, newest first.</p>\n")
	r.writeDocuments(b, p.Documents)
	r.writePager(b, p.Pager)
}

// writeDocuments is the "documents" partial.
func (r *renderer) writeDocuments(b htmlOut, docs []*model.Document) {
	if len(docs) == 0 {
		b.WriteString(`<p class="empty">No documents.</p>`)
		return
	}
	b.WriteString(`<ol class="documents">`)
	for _, d := range docs {
		b.WriteString("\n<li><a class=\"doc-title\" href=\"")
		r.writeURL(b, docPath(d))
		b.WriteString(`">`)
		escText(b, docTitle(d))
		b.WriteString("</a>\n<span class=\"meta\">")
		if d.Kind == "seed" {
			b.WriteString("Article")
		} else {
			b.WriteString("Note")
		}
		if d.Publisher != "" {
			b.WriteString(" · ")
			escText(b, d.Publisher)
		}
		b.WriteString(" · ")
		if d.Published.IsZero() {
			b.WriteString("date unknown")
		} else {
			writeDate(b, d.Published)
		}
		b.WriteString("</span></li>")
	}
	b.WriteString("\n</ol>")
}

// personMain is person.html's "main".
func (r *renderer) personMain(b htmlOut, p *Page) {
	pe := p.Person
	b.WriteString("<p class=\"kicker\">Person</p>\n<h1>")
	escText(b, pe.Name)
	b.WriteString("</h1>")
	if pe.Title != "" || pe.Country != nil {
		b.WriteString("\n<p class=\"role\">")
		escText(b, pe.Title)
		if c := pe.Country; c != nil {
			if pe.Title != "" {
				b.WriteString(", ")
			}
			b.WriteString(`<a href="`)
			r.writeURL(b, countryPath(c))
			b.WriteString(`"><span class="flag" aria-hidden="true">`)
			escText(b, c.Flag)
			b.WriteString("</span> ")
			escText(b, c.Name)
			b.WriteString("</a>")
		}
		b.WriteString("</p>")
	}
	b.WriteString("\n<p class=\"stats\">")
	writePlural(b, pe.Mentions, "mention", "mentions")
	b.WriteString(" in ")
	writePlural(b, len(pe.Documents), "document", "documents")
	b.WriteString("</p>")
	writeProse(b, "about", "About", pe.About)
	b.WriteString("\n<section aria-labelledby=\"timeline\">\n<h2 id=\"timeline\">Events</h2>\n")
	r.writeEventList(b, p.Events, false)
	r.writeMoreEvents(b, p, len(pe.Events), pe.Name)
	b.WriteString("\n</section>\n<section aria-labelledby=\"comentions\">\n<h2 id=\"comentions\">Countries mentioned with them</h2>\n")
	r.writeComentions(b, pe.CoMentions)
	b.WriteString("\n</section>\n<section aria-labelledby=\"sources\">\n<h2 id=\"sources\">Sources</h2>\n")
	r.writeDocuments(b, p.Documents)
	r.writeMoreDocuments(b, p, len(pe.Documents))
	b.WriteString("\n</section>")
}

// writeComentions is the "comentions" partial.
func (r *renderer) writeComentions(b htmlOut, cs []model.CountryCount) {
	if len(cs) == 0 {
		b.WriteString(`<p class="empty">No other countries.</p>`)
		return
	}
	b.WriteString("<table class=\"counts\">\n<thead><tr><th scope=\"col\">Country</th><th scope=\"col\" class=\"num\">Mentioned together</th></tr></thead>\n<tbody>")
	for _, cc := range cs {
		b.WriteString("\n<tr><td><a href=\"")
		r.writeURL(b, countryPath(cc.Country))
		b.WriteString(`"><span class="flag" aria-hidden="true">`)
		escText(b, cc.Country.Flag)
		b.WriteString("</span> ")
		escText(b, cc.Country.Name)
		b.WriteString(`</a></td><td class="num">`)
		writeInt(b, cc.Count)
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody>\n</table>")
}

// writeMoreDocuments is the "more-documents" partial for page p of an
// entity with all documents.
// writeProse writes an editor's text (rendered Markdown) as a section
// headed heading, with the anchor id; nothing when there is none.
func writeProse(b htmlOut, id, heading string, html template.HTML) {
	if html == "" {
		return
	}
	b.WriteString("\n<section class=\"prose\" aria-labelledby=\"")
	b.WriteString(id)
	b.WriteString("\">\n<h2 id=\"")
	b.WriteString(id)
	b.WriteString("\">")
	b.WriteString(heading)
	b.WriteString("</h2>\n")
	b.WriteString(string(html))
	b.WriteString("\n</section>")
}

// writeMoreEvents writes the link to an entity's filtered timeline, which
// has all of its events, when its page lists only the latest.
func (r *renderer) writeMoreEvents(b htmlOut, p *Page, all int, name string) {
	if p.MoreEvents == "" {
		return
	}
	b.WriteString("\n<p class=\"more\"><a href=\"")
	r.writeURL(b, p.MoreEvents)
	b.WriteString("\">All ")
	writePlural(b, all, "event", "events")
	b.WriteString(" involving ")
	escText(b, name)
	b.WriteString("</a></p>")
}

func (r *renderer) writeMoreDocuments(b htmlOut, p *Page, all int) {
	if p.MoreDocuments == "" {
		return
	}
	b.WriteString("\n<p class=\"more\">The latest ")
	writeInt(b, len(p.Documents))
	b.WriteString(" of ")
	writePlural(b, all, "document", "documents")
	b.WriteString("; every document is in the <a href=\"")
	r.writeURL(b, p.MoreDocuments)
	b.WriteString("\">source index</a>.</p>")
}

// countryMain is country.html's "main".
func (r *renderer) countryMain(b htmlOut, p *Page) {
	c := p.Country
	b.WriteString("<header class=\"profile-head\">\n<p class=\"kicker\">Country profile</p>\n<h1><span class=\"flag\" aria-hidden=\"true\">")
	escText(b, c.Flag)
	b.WriteString("</span> ")
	escText(b, c.Name)
	b.WriteString("</h1>")
	if c.Official != "" && c.Official != c.Name {
		b.WriteString("\n<p class=\"official\">")
		escText(b, c.Official)
		b.WriteString("</p>")
	}
	b.WriteString("\n</header>\n\n<div class=\"profile\">\n<aside class=\"factbox\" aria-labelledby=\"glance\">\n<h2 id=\"glance\">At a glance</h2>")
	if m := r.locatorMap(c, p.Site.Countries); m != "" {
		b.WriteString("\n<figure class=\"map-figure locator-figure\">\n")
		b.WriteString(string(m))
		b.WriteString("\n<figcaption class=\"note\">")
		escText(b, c.Name)
		b.WriteString(" highlighted; other countries of the briefing are shaded and link to their profiles.</figcaption>\n</figure>")
	}
	b.WriteString("\n<dl class=\"facts\">")
	if c.Capital != "" {
		b.WriteString("\n<dt>Capital</dt><dd>")
		escText(b, c.Capital)
		b.WriteString("</dd>")
	}
	if c.Region != "" {
		b.WriteString("\n<dt>Region</dt><dd>")
		escText(b, c.Region)
		if c.Subregion != "" {
			b.WriteString(" · ")
			escText(b, c.Subregion)
		}
		b.WriteString("</dd>")
	}
	if len(c.Memberships) > 0 {
		b.WriteString("\n<dt>Member of</dt><dd>")
		for i, o := range c.Memberships {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`<a href="`)
			r.writeURL(b, orgPath(o))
			b.WriteString(`">`)
			writeOrgName(b, o)
			b.WriteString("</a>")
		}
		b.WriteString("</dd>")
	}
	b.WriteString("\n<dt>Mentions</dt><dd>")
	writePlural(b, c.Mentions, "mention", "mentions")
	b.WriteString(" in ")
	writePlural(b, len(c.Documents), "document", "documents")
	b.WriteString("</dd>\n<dt>Events</dt><dd>")
	if len(c.Events) > 0 {
		b.WriteString(`<a href="`)
		r.writeURL(b, "timeline/country/"+c.Slug+"/")
		b.WriteString(`">`)
		writePlural(b, len(c.Events), "event", "events")
		b.WriteString("</a>")
	} else {
		b.WriteString("none")
	}
	b.WriteString("</dd>")
	if !c.LastMention.IsZero() {
		b.WriteString("\n<dt>Last mention</dt><dd>")
		writeDate(b, c.LastMention)
		b.WriteString("</dd>")
	}
	b.WriteString("\n</dl>\n</aside>\n\n<div class=\"profile-main\">")
	writeProse(b, "profile", "Profile", c.Profile)
	if len(c.People) > 0 {
		b.WriteString("\n<section aria-labelledby=\"people\">\n<h2 id=\"people\">Key people</h2>\n<ul class=\"people\">")
		for _, pe := range c.People {
			b.WriteString("\n<li>")
			r.writeAnchor(b, personPath(pe), pe.Name)
			if pe.Title != "" {
				b.WriteString(", ")
				escText(b, pe.Title)
			}
			if pc := pe.Country; pc != nil {
				b.WriteString(" (")
				r.writeAnchor(b, countryPath(pc), pc.Name)
				b.WriteByte(')')
			}
			b.WriteString("</li>")
		}
		b.WriteString("\n</ul>\n</section>")
	}
	if len(p.Figures) > 0 {
		b.WriteString("\n<section aria-labelledby=\"figures\">\n<h2 id=\"figures\">Key figures</h2>\n<ul class=\"figures\">")
		for _, f := range p.Figures {
			b.WriteString("\n<li><span class=\"figure-text\">")
			escText(b, f.Text)
			b.WriteString("</span>")
			if len(f.Countries) > 0 {
				b.WriteString(` <span class="figure-countries">(`)
				for i, fc := range f.Countries {
					if i > 0 {
						b.WriteString(", ")
					}
					r.writeAnchor(b, countryPath(fc), fc.Name)
				}
				b.WriteString(")</span>")
			}
			if f.Source.Text != "" {
				b.WriteString(`<br><q class="figure-quote">`)
				escText(b, f.Source.Text)
				b.WriteString("</q>")
			}
			if f.Source.Doc != nil {
				b.WriteString(`<br><span class="figure-source">Source: <a href="`)
				escURL(b, r.url(sentencePath(f.Source)))
				b.WriteString(`">`)
				escText(b, docTitle(f.Source.Doc))
				b.WriteString("</a></span>")
			}
			b.WriteString("</li>")
		}
		b.WriteString("\n</ul>\n</section>")
	}
	b.WriteString("\n\n<section aria-labelledby=\"timeline\">\n<h2 id=\"timeline\">Timeline</h2>\n")
	r.writeEventList(b, p.Events, false)
	r.writeMoreEvents(b, p, len(c.Events), c.Name)
	b.WriteString("\n</section>")
	if ms := c.MentionsByMonth; len(ms) > 0 {
		b.WriteString("\n<section aria-labelledby=\"over-time\">\n<h2 id=\"over-time\">Mentions over time</h2>\n<figure class=\"chart-figure\">\n")
		b.WriteString(string(mentionsChart(c.Name, ms)))
		b.WriteString("\n<figcaption>\n<details class=\"data-table\">\n<summary>The numbers as a table</summary>\n<table class=\"counts\">\n<thead><tr><th scope=\"col\">Month</th><th scope=\"col\" class=\"num\">Mentions</th></tr></thead>\n<tbody>")
		for _, m := range ms {
			b.WriteString("\n<tr><td><time datetime=\"")
			escText(b, m.Month)
			b.WriteString(`">`)
			escText(b, fmtiso(m.Month))
			b.WriteString(`</time></td><td class="num">`)
			writeInt(b, m.Count)
			b.WriteString("</td></tr>")
		}
		b.WriteString("\n</tbody>\n</table>\n</details>\n</figcaption>\n</figure>\n</section>")
	}
	if len(c.Memberships) > 0 {
		b.WriteString("\n<section aria-labelledby=\"memberships\">\n<h2 id=\"memberships\">Memberships</h2>\n<ul class=\"memberships\">")
		for _, o := range c.Memberships {
			b.WriteString("\n<li>")
			r.writeAnchor(b, orgPath(o), o.Name)
			if o.Acronym != "" {
				b.WriteString(" (")
				escText(b, o.Acronym)
				b.WriteByte(')')
			}
			if len(o.Members) > 0 {
				b.WriteString(": ")
				r.writeEntities(b, o.Members, nil, nil, 0)
			}
			b.WriteString("</li>")
		}
		b.WriteString("\n</ul>\n</section>")
	}
	b.WriteString("\n\n<section aria-labelledby=\"comentions\">\n<h2 id=\"comentions\">Mentioned with</h2>\n")
	r.writeComentions(b, c.CoMentions)
	b.WriteString("\n</section>\n\n<section aria-labelledby=\"sources\">\n<h2 id=\"sources\">Sources</h2>\n")
	r.writeDocuments(b, p.Documents)
	r.writeMoreDocuments(b, p, len(c.Documents))
	b.WriteString("\n</section>\n</div>\n</div>")
}
