package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"brief/generator/extract"
	"brief/generator/model"
)

// Event lists are most of the bytes of a large site: every event appears on
// the timeline, on its filtered views and on the page of every country,
// organisation, person and document it involves. Executing the "event"
// partial through html/template costs dozens of reflective calls per event
// and page, so the default "events" partial calls eventList instead, which
// writes the same markup in Go, escaped as html/template escapes it. The
// "event" partial stays in _partials.html as the reference for the markup
// and for custom templates; TestEventListMatchesPartial holds the two
// byte-identical.

// ChipsShown is how many countries, organisations and people an event's
// entry shows away from the timeline; the entry on the timeline shows
// them all. An event that many documents report gathers the entities of
// all of them.
const ChipsShown = 6

// SourcesShown is how many sources an event's entry names away from the
// timeline; the entry on the timeline names them all. An event that many
// documents report would otherwise repeat hundreds of links on every page
// that lists it.
const SourcesShown = 3

// eventList is the markup of the "events" partial for a list of events:
// an <ol> of entries, or a note that there are none.
func (r links) eventList(events []*model.Event, anchorsArg any) template.HTML {
	// Anchors is whatever the page put into the dict; like {{if .Anchors}}
	// in the partial, anything but true means no anchors.
	anchors, _ := anchorsArg.(bool)
	if len(events) == 0 {
		return noEvents
	}
	return markup(len(events)*1200, func(b htmlOut) { r.writeEventList(b, events, anchors) })
}

// noEvents is what an empty list of events is written as.
const noEvents = `<p class="empty">No events.</p>`

// writeEventList writes the markup of the "events" partial.
func (r links) writeEventList(b htmlOut, events []*model.Event, anchors bool) {
	if len(events) == 0 {
		b.WriteString(noEvents)
		return
	}
	b.WriteString(`<ol class="events">`)
	for _, e := range events {
		b.WriteByte('\n')
		r.writeEvent(b, e, anchors)
	}
	b.WriteString("\n</ol>")
}

// idBuf is room to make an event's id in (model.Event.AppendID) while it
// is written: every event's id is written on several pages, and the site
// keeps none.
type idBuf [32]byte

// of returns e's id made in buf: it holds as long as buf is not used
// again.
func (buf *idBuf) of(e *model.Event) string {
	id := e.AppendID(buf[:0])
	return unsafe.String(unsafe.SliceData(id), len(id))
}

// writeEvent writes one entry as the "event" partial does.
func (r links) writeEvent(b htmlOut, e *model.Event, anchors bool) {
	b.WriteString(`<li class="event`)
	if e.Planned {
		b.WriteString(` is-planned`)
	}
	b.WriteByte('"')
	if anchors {
		b.WriteString(` id="`)
		var id idBuf
		escText(b, id.of(e))
		b.WriteByte('"')
	}
	if e.Planned {
		b.WriteString(` data-status="planned" data-countries="`)
	} else {
		b.WriteString(` data-status="reported" data-countries="`)
	}
	for i, c := range e.Countries {
		if i > 0 {
			b.WriteByte(' ')
		}
		escText(b, c.Slug)
	}
	b.WriteString("\">\n<p class=\"event-date\">")
	writeWhen(b, e)
	b.WriteString("</p>\n<div class=\"event-body\">\n<p class=\"event-title\">")
	r.writeTitle(b, e, e.Text)
	b.WriteString("</p>")
	b.WriteByte('\n')
	limit := 0
	if !anchors {
		limit = ChipsShown
	}
	r.writeEntities(b, e.Countries, e.Orgs, e.People, limit)
	b.WriteString("\n<p class=\"event-sources\">")
	if len(e.Sources) > 0 {
		if len(e.Sources) == 1 {
			b.WriteString("Source: ")
		} else {
			b.WriteString("Sources: ")
		}
		shown := e.Sources
		if !anchors && len(shown) > SourcesShown {
			shown = shown[:SourcesShown]
		}
		for i := range shown {
			s := &shown[i]
			if i > 0 {
				b.WriteString(", ")
			}
			if s.Doc == nil {
				continue
			}
			b.WriteString(`<a href="`)
			r.writeSentenceLink(b, s)
			b.WriteString(`">`)
			escText(b, docTitle(s.Doc))
			b.WriteString("</a>")
		}
		if more := len(e.Sources) - len(shown); more > 0 {
			b.WriteString(" and ")
			b.WriteString(strconv.Itoa(more))
			b.WriteString(" more")
		}
	}
	if !anchors {
		b.WriteString(`<span class="to-timeline">`)
		if len(e.Sources) > 0 {
			b.WriteString(" · ")
		}
		b.WriteString(`<a href="`)
		r.writeEventLink(b, e)
		b.WriteString(`">On the timeline</a></span>`)
	}
	b.WriteString("</p>\n</div>\n</li>")
}

// eventRows is the markup of the "eventrows" partial: an <ol> of events
// one a line, as the "event-row" partial makes them, or a note that there
// are none.
func (r links) eventRows(events []*model.Event, docArg any) template.HTML {
	// Like .Doc in the partial: a *model.Document, or nil from the dict.
	doc, _ := docArg.(*model.Document)
	if len(events) == 0 {
		return noEvents
	}
	return markup(len(events)*400, func(b htmlOut) { r.writeRows(b, events, doc) })
}

// writeRows writes the markup of the "eventrows" partial.
func (r links) writeRows(b htmlOut, events []*model.Event, doc *model.Document) {
	if len(events) == 0 {
		b.WriteString(noEvents)
		return
	}
	b.WriteString(`<ol class="event-rows">`)
	var kept *keptRows
	if r.memo != nil {
		kept = r.memo.rows
	}
	for _, e := range events {
		if kept == nil || !r.anchor.at(e) {
			b.WriteByte('\n')
			r.writeRowHead(b, e)
			r.writeTitle(b, e, reportedAs(e, doc))
			b.WriteString("</a></li>")
			continue
		}
		c := kept.chunk(r, int(e.Pos))
		i := int(e.Pos) % rowChunk
		row, end := c.rows[i], c.rows[i+1].start
		b.WriteString(c.heads[row.head])
		b.WriteString(c.links[row.start:end])
		r.writeTitle(b, e, reportedAs(e, doc))
		b.WriteString("</a></li>")
	}
	b.WriteString("\n</ol>")
}

// An event is a row on every filtered view of the timeline it belongs to
// (its status, each of its countries, organisations and people) and on the
// page of each document that reports it: each row's markup is made once,
// and kept with the rows of the events around it in the site's list. The
// first part of a row (its date and the link up to the event's id) is the
// same for the events of a day on one page, which follow each other in the
// list: it is kept once for all of them, and the rest of each link, from
// the event's id to the end of its address, one after the other. The
// words of the link (the event's title, or how a document words it) are
// escaped as they are written: kept, they would be a second copy of every
// event's text, and most need no escaping.

// rowChunk is how many events' rows are made and kept together.
const rowChunk = 512

// keptRows are the rows of the site's events, made a chunk at a time when
// first needed.
type keptRows struct {
	chunks []rowsChunk
}

type rowsChunk struct {
	once  sync.Once
	heads []string  // the rows' distinct first parts, "\n<li ...> <a href=\"...#"
	links string    // the rest of each event's link up to its words, "id\">", in order
	rows  []keptRow // each event's, and one more for the end of links
}

// keptRow is where an event's row is in its chunk, in one place so that a
// row is found with one look-up.
type keptRow struct {
	start int32  // where the rest of the link starts in links
	head  uint16 // the first part, in heads
}

func newKeptRows(n int) *keptRows {
	return &keptRows{chunks: make([]rowsChunk, (n+rowChunk-1)/rowChunk)}
}

// chunk returns the chunk of the event at pos, made.
func (k *keptRows) chunk(r links, pos int) *rowsChunk {
	c := &k.chunks[pos/rowChunk]
	c.once.Do(func() {
		events := r.anchor.events[pos/rowChunk*rowChunk:]
		c.make(r, events[:min(len(events), rowChunk)])
	})
	return c
}

// make makes the rows of events, the chunk's events in order, up to the
// words of their links, as writeRowHead writes them.
func (c *rowsChunk) make(r links, events []*model.Event) {
	n := len(events)
	c.rows = make([]keptRow, n+1)
	var heads, text strings.Builder
	text.Grow(n * 24)
	var headAt []int
	var prev *model.Event
	prevPage, prevPlain := "", false
	var id idBuf
	for i, e := range events {
		// writeEventLink writes the link to an entry as the page's
		// address, "#" and the id, each part normalised on its own,
		// unless a part has a colon.
		page, ok := r.anchor.get(e)
		idText := id.of(e)
		plain := ok && plainParts(page, "#", idText)
		if prev == nil || e.Date() != prev.Date() || e.End() != prev.End() || e.Planned != prev.Planned ||
			plain != prevPlain || plain && page != prevPage {
			headAt = append(headAt, heads.Len())
			heads.WriteByte('\n')
			writeRowStart(&heads, e)
			if plain {
				r.writeLink(&heads, page, "#")
			}
		}
		prev, prevPage, prevPlain = e, page, plain
		start := text.Len()
		if plain {
			normURL(&text, idText)
		} else {
			r.writeEventLink(&text, e)
		}
		text.WriteString(`">`)
		c.rows[i] = keptRow{start: int32(start), head: uint16(len(headAt) - 1)}
	}
	c.rows[n].start = int32(text.Len())
	headAt = append(headAt, heads.Len())
	all := trimmed(&heads)
	c.heads = make([]string, len(headAt)-1)
	for j := range c.heads {
		c.heads[j] = all[headAt[j]:headAt[j+1]]
	}
	c.links = trimmed(&text)
}

// trimmed is what b holds, copied when b has much more room than that: a
// chunk is kept to the end of the render.
func trimmed(b *strings.Builder) string {
	if b.Cap()-b.Len() > b.Len()/16 {
		return strings.Clone(b.String())
	}
	return b.String()
}

// writeRowHead writes an event's row up to the words of its link.
func (r links) writeRowHead(b htmlOut, e *model.Event) {
	writeRowStart(b, e)
	r.writeEventLink(b, e)
	b.WriteString(`">`)
}

// writeRowStart writes an event's row up to the address of its link.
func writeRowStart(b htmlOut, e *model.Event) {
	b.WriteString("<li class=\"event-row")
	if e.Planned {
		b.WriteString(` is-planned`)
	}
	b.WriteString(`">`)
	writeWhen(b, e)
	b.WriteString(` <a href="`)
}

// writeEventLink writes the link to an event's entry on the timeline.
func (r links) writeEventLink(b htmlOut, e *model.Event) {
	if page, ok := r.anchor.get(e); ok {
		var id idBuf
		r.writeLink(b, page, "#", id.of(e))
		return
	}
	escURL(b, r.url(r.eventPath(e)))
}

// reportedAs is how doc words event e: the text of its source in doc, or
// the event's title when doc is nil or not among its sources. An event
// that several documents report is titled after the first; a document's
// page quotes its own sentence.
func reportedAs(e *model.Event, docArg any) string {
	if doc, _ := docArg.(*model.Document); doc != nil {
		for i := range e.Sources {
			if s := &e.Sources[i]; s.Doc == doc && strings.TrimSpace(s.Text) != "" {
				return s.Text
			}
		}
	}
	return e.Text
}

// chips is the "entities" partial: a list of chips for the countries,
// organisations and people of an event or a document. With a limit, it
// shows at most that many (countries first) and says how many more there
// are.
func (r links) chips(v any, limit ...int) (template.HTML, error) {
	var b strings.Builder
	n := 0
	if len(limit) > 0 {
		n = max(limit[0], 0)
	}
	// About 130 bytes a chip: grown once, not by doubling.
	switch x := v.(type) {
	case *model.Event:
		b.Grow(32 + 140*(len(x.Countries)+len(x.Orgs)+len(x.People)))
		r.writeEntities(&b, x.Countries, x.Orgs, x.People, n)
	case *model.Document:
		b.Grow(32 + 140*(len(x.Countries)+len(x.Orgs)+len(x.People)))
		r.writeEntities(&b, x.Countries, x.Orgs, x.People, n)
	case nil:
	default:
		return "", fmt.Errorf("chips: want an event or a document, got %T", v)
	}
	return template.HTML(b.String()), nil
}

// navSections are the entries of the main navigation: URL, section, label.
var navSections = [][3]string{
	{"timeline/", "timeline", "Timeline"},
	{"countries/", "countries", "Countries"},
	{"organisations/", "organisations", "Organisations"},
	{"people/", "people", "People"},
	{"sources/", "sources", "Sources"},
	{"search/", "search", "Search"},
}

// navLinks is the main navigation's entries, each as the "navlink" partial
// makes it, one a line: every page has them, so they are written in Go.
func (r links) navLinks(p *Page) template.HTML {
	return markup(512, func(b htmlOut) { r.writeNavLinks(b, p) })
}

// writeNavLinks writes navLinks(p).
func (r links) writeNavLinks(b htmlOut, p *Page) {
	for i, s := range navSections {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(`<li><a href="`)
		r.writeLink(b, s[0])
		b.WriteByte('"')
		if p != nil && p.Section == s[1] {
			if p.URL == s[0] {
				b.WriteString(` aria-current="page"`)
			} else {
				b.WriteString(` aria-current="true"`)
			}
		}
		b.WriteByte('>')
		b.WriteString(s[2])
		b.WriteString("</a></li>")
	}
}

// writeEntities writes the chips: chips for countries,
// organisations and people.
func (r links) writeEntities(b htmlOut, cs []*model.Country, os []*model.Organisation, ps []*model.Person, limit int) {
	if len(cs) == 0 && len(os) == 0 && len(ps) == 0 {
		return
	}
	more := 0
	if total := len(cs) + len(os) + len(ps); limit > 0 && total > limit {
		more = total - limit
		left := limit
		cs = cs[:min(len(cs), left)]
		left -= len(cs)
		os = os[:min(len(os), left)]
		left -= len(os)
		ps = ps[:min(len(ps), left)]
	}
	b.WriteString(`<ul class="chips">`)
	if m := r.memo; m != nil && m.chips != nil {
		r.writeKeptChips(b, m.chips, cs, os, ps)
	} else {
		r.writeChips(b, cs, os, ps)
	}
	if more > 0 {
		b.WriteString("\n<li class=\"chip-more\">and ")
		b.WriteString(strconv.Itoa(more))
		b.WriteString(" more</li>")
	}
	b.WriteString("\n</ul>")
}

// keptChips are the chips of the site's countries, organisations and
// people, made once: every entry of an event lists them.
type keptChips struct {
	countries map[*model.Country]string
	orgs      map[*model.Organisation]string
	people    map[*model.Person]string
}

// keepChips makes the chips of every entity of s.
func (r links) keepChips(s *model.Site) *keptChips {
	k := &keptChips{countries: map[*model.Country]string{}, orgs: map[*model.Organisation]string{}, people: map[*model.Person]string{}}
	var b strings.Builder
	chip := func(write func()) string {
		b.Reset()
		write()
		return b.String()
	}
	for _, c := range s.Countries {
		k.countries[c] = chip(func() { r.writeChips(&b, []*model.Country{c}, nil, nil) })
	}
	for _, o := range s.Organisations {
		k.orgs[o] = chip(func() { r.writeChips(&b, nil, []*model.Organisation{o}, nil) })
	}
	for _, p := range s.People {
		k.people[p] = chip(func() { r.writeChips(&b, nil, nil, []*model.Person{p}) })
	}
	return k
}

// writeKeptChips writes the chips as writeChips does, copying those of k.
func (r links) writeKeptChips(b htmlOut, k *keptChips, cs []*model.Country, os []*model.Organisation, ps []*model.Person) {
	for i, c := range cs {
		if s, ok := k.countries[c]; ok {
			b.WriteString(s)
		} else {
			r.writeChips(b, cs[i:i+1], nil, nil)
		}
	}
	for i, o := range os {
		if s, ok := k.orgs[o]; ok {
			b.WriteString(s)
		} else {
			r.writeChips(b, nil, os[i:i+1], nil)
		}
	}
	for i, p := range ps {
		if s, ok := k.people[p]; ok {
			b.WriteString(s)
		} else {
			r.writeChips(b, nil, nil, ps[i:i+1])
		}
	}
}

// writeChips writes one chip a line for each of cs, os and ps.
func (r links) writeChips(b htmlOut, cs []*model.Country, os []*model.Organisation, ps []*model.Person) {
	for _, c := range cs {
		b.WriteString("\n<li><a class=\"chip chip-country\" href=\"")
		r.writeLink(b, "countries/", c.Slug, "/")
		b.WriteString(`"><span class="flag" aria-hidden="true">`)
		escText(b, c.Flag)
		b.WriteString("</span> ")
		escText(b, c.Name)
		b.WriteString("</a></li>")
	}
	for _, o := range os {
		b.WriteString("\n<li><a class=\"chip chip-org\" href=\"")
		r.writeLink(b, "organisations/", orgSlug(o), "/")
		b.WriteString(`">`)
		writeOrgName(b, o)
		b.WriteString("</a></li>")
	}
	for _, p := range ps {
		b.WriteString("\n<li><a class=\"chip chip-person\" href=\"")
		r.writeLink(b, "people/", p.Slug, "/")
		b.WriteString(`">`)
		escText(b, p.Name)
		b.WriteString("</a></li>")
	}
}

// writeWhen writes an event's date, its end when it has one, and the
// "planned" mark, as the "event" and "event-row" partials do.
func writeWhen(b htmlOut, e *model.Event) {
	writeDate(b, e.Date())
	if !e.End().IsZero() {
		b.WriteString(" – ")
		writeDate(b, e.End())
	}
	if e.Planned {
		b.WriteString(` <strong class="planned">Planned</strong>`)
	}
}

// writeDate writes the "date" partial.
func writeDate(b htmlOut, d extract.Date) {
	b.WriteString(`<time datetime="`)
	if d.Year < 1 || d.Year > 9999 || d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 || d.Month == 0 && d.Day != 0 {
		// Out of the ordinary: the general way.
		escText(b, d.String())
		b.WriteString(`">`)
		escText(b, fmtDate(d))
		b.WriteString("</time>")
		return
	}
	var num [8]byte
	pad := func(n, width int) {
		out := strconv.AppendInt(num[:0], int64(n), 10)
		for i := len(out); i < width; i++ {
			b.WriteByte('0')
		}
		b.Write(out)
	}
	pad(d.Year, 4)
	if d.Month != 0 {
		b.WriteByte('-')
		pad(d.Month, 2)
		if d.Day != 0 {
			b.WriteByte('-')
			pad(d.Day, 2)
		}
	}
	b.WriteString(`">`)
	switch {
	case d.Month == 0:
	case d.Day == 0:
		b.WriteString(monthNames[d.Month])
		b.WriteByte(' ')
	default:
		pad(d.Day, 1)
		b.WriteByte(' ')
		b.WriteString(monthNames[d.Month])
		b.WriteByte(' ')
	}
	pad(d.Year, 1)
	b.WriteString("</time>")
}

// writeLink writes the link to the site path made of parts, exactly as
// escURL(r.url(path)) would, without building the path: the base path
// starts with "/", so no scheme can appear and each part is normalised on
// its own. A part with a colon takes the general way.
func (r links) writeLink(b htmlOut, parts ...string) {
	if !plainParts(parts...) {
		escURL(b, r.url(strings.Join(parts, "")))
		return
	}
	normURL(b, r.base)
	for _, p := range parts {
		normURL(b, p)
	}
}

// plainParts reports whether writeLink writes parts each on its own
// after the base: the first is not empty and none has a colon, or a "%"
// (whether it starts an escape depends on what follows it).
func plainParts(parts ...string) bool {
	if len(parts) > 0 && parts[0] == "" {
		return false
	}
	for _, p := range parts {
		if strings.ContainsAny(p, ":%") {
			return false
		}
	}
	return true
}

// writeSentenceLink writes the link to the sentence of a source.
func (r links) writeSentenceLink(b htmlOut, s *model.Source) {
	if s.Sentence > 0 && s.Doc.Kind == "seed" {
		// Digits come out of the URL escaping as they go in, after any
		// path.
		r.writeLink(b, "sources/", s.Doc.Slug, "/#s")
		writeInt(b, int(s.Sentence))
		return
	}
	r.writeLink(b, "sources/", s.Doc.Slug, "/")
}

// writeTitle writes s, which is e's title or how a document words e, as
// escText does.
func (r links) writeTitle(b htmlOut, e *model.Event, s string) {
	if sameString(s, e.Text) && r.memo.plainTitle(e) {
		b.WriteString(s)
		return
	}
	escText(b, s)
}

// escText escapes s as html/template escapes a string in element content
// or a quoted attribute: the five HTML specials, "+" (which html/template
// also escapes so that UTF-7 sniffing cannot turn it into markup) and NUL.
func escText(b htmlOut, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if !textSpecial[s[i]] {
			continue
		}
		var rep string
		switch s[i] {
		case 0:
			rep = "\uFFFD"
		case '"':
			rep = "&#34;"
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '+':
			rep = "&#43;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

var textSpecial = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

// urlKeep is the bytes that html/template's URL normaliser leaves as they
// are: letters, digits, the reserved characters of RFC 3986 except quotes
// and parentheses, the unreserved marks, and "%" of existing escapes.
var urlKeep = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "!#$&*+,/:;=?@[]-._~%" {
		t[c] = true
	}
	return t
}()

// escURL writes a URL as html/template writes one into an href: a URL
// with a scheme other than http, https or mailto becomes "#ZgotmplZ";
// bytes that may not appear in a URL are percent-encoded (reserved
// characters and existing escapes stay); then the attribute is escaped.
func escURL(b htmlOut, u string) {
	if i := strings.IndexByte(u, ':'); i >= 0 && !strings.Contains(u[:i], "/") {
		scheme := strings.ToLower(u[:i])
		if scheme != "http" && scheme != "https" && scheme != "mailto" {
			b.WriteString("#ZgotmplZ")
			return
		}
	}
	normURL(b, u)
}

// normURL is escURL without the scheme check. It makes one pass: the
// bytes it keeps that the attribute must escape are "&" and "+", which it
// escapes as escText does. A "%" stays when two hex digits follow it (an
// escape already), as html/template has it.
func normURL(b htmlOut, u string) {
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		if urlPlain[c] || c == '%' && i+2 < len(u) && isHexDigit(u[i+1]) && isHexDigit(u[i+2]) {
			continue
		}
		b.WriteString(u[last:i])
		switch {
		case c == '&':
			b.WriteString("&amp;")
		case c == '+':
			b.WriteString("&#43;")
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
		last = i + 1
	}
	b.WriteString(u[last:])
}

// urlPlain is the bytes that normURL writes as they are wherever they
// are: those urlKeep keeps and escText leaves alone (of the bytes escText
// escapes, urlKeep keeps "&" and "+" only), but "%".
var urlPlain = func() (t [256]bool) {
	for c := range t {
		t[c] = urlKeep[c] && !textSpecial[c] && c != '%'
	}
	return t
}()

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// writeOrgName writes an organisation's acronym, its name as the
// abbreviation's title, or its name when it has no acronym.
func writeOrgName(b htmlOut, o *model.Organisation) {
	if o.Acronym == "" {
		escText(b, o.Name)
		return
	}
	b.WriteString(`<abbr title="`)
	escText(b, o.Name)
	b.WriteString(`">`)
	escText(b, o.Acronym)
	b.WriteString("</abbr>")
}

// markup is what write writes, as a template function returns it; size is
// the room to make first.
func markup(size int, write func(b htmlOut)) template.HTML {
	var b strings.Builder
	b.Grow(size)
	write(&b)
	return template.HTML(b.String())
}
