package render

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"brief/generator/model"
	"brief/internal/swar"
)

// The search index (/search-index.json) is what the search page's script
// looks through: one entry per country, organisation, person, document and
// event, with the words each should be found by. It is written in Go, each
// entry as encoding/json encodes it (jsonWriter.searchEntry), like the open
// data, so that no text can break it.
//
// An entry's Words are more than its title: a country is found by its
// official name, capital, region, the organisations it belongs to and the
// names of its key people ("Rahmon" finds Tajikistan); a person by title
// and country; an event by its sentence and the names of what it involves.

// searchEntry is one result. Short keys keep the file small; the script is
// the only reader, and it ships with the templates.
type searchEntry struct {
	Kind  string `json:"k"`           // "country", "organisation", "person", "document", "event"
	Title string `json:"t"`           // shown as the link
	URL   string `json:"u"`           // with the base path
	Info  string `json:"i,omitempty"` // one line under the title
	Date  string `json:"d,omitempty"` // ISO date, for sorting equal scores
	Words string `json:"w,omitempty"` // more text to match, not shown
}

// searchSnippet caps the text of a document or event that goes into the
// index: enough to find it by, not the whole site again.
const searchSnippet = 400

func clip(s string, n int) string {
	if !spacedOnce(s) {
		s = strings.Join(strings.Fields(s), " ")
	}
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], ' '); i > n/2 {
		cut = i
	}
	return s[:cut] + "…"
}

// eachSearchEntry hands every entry of the index to add, one at a time:
// countries, organisations and people first, then documents and events,
// newest first. make makes the entry; write, when not nil, writes what
// searchEntry writes of it without making it (an event's). cache and key
// say where its bytes may be kept (a nil cache when they are not, see
// lineCache).
func (r *renderer) eachSearchEntry(add func(cache *lineCache, key uint64, make func() searchEntry, write func(*jsonWriter))) {
	r.entitySearchEntries(func(e searchEntry) { add(nil, 0, func() searchEntry { return e }, nil) })
	// Documents and events are most of the index: made again only when
	// they changed (when there are fingerprints).
	docs := r.lineCache("search-index.json#documents")
	var scratch []byte
	for _, d := range r.site.Documents {
		add(docs, d.MetaSum, func() searchEntry { return r.docSearchEntry(d) },
			func(w *jsonWriter) { scratch = w.docSearchEntry(r, d, scratch) })
	}
	events := r.lineCache("search-index.json#events")
	for _, e := range r.site.Events {
		add(events, r.printer.eventKey(events, e), func() searchEntry { return r.eventSearchEntry(e) },
			func(w *jsonWriter) { scratch = w.eventSearchEntry(r, e, scratch) })
	}
}

// entitySearchEntries hands the entries of the countries, organisations
// and people to add.
func (r *renderer) entitySearchEntries(add func(searchEntry)) {
	s := r.site
	for _, c := range s.Countries {
		var words []string
		words = append(words, c.Official, c.Capital, c.Region, c.Subregion, c.Code)
		for _, o := range c.Memberships {
			words = append(words, o.Name, o.Acronym)
		}
		var people []string
		for _, p := range c.People {
			people = append(people, p.Name)
			words = append(words, p.Name, p.Title)
		}
		info := joinNonEmpty(", ", c.Capital, c.Subregion)
		if len(people) > 0 {
			info = joinNonEmpty(" · ", info, "Key people: "+strings.Join(people, ", "))
		}
		add(searchEntry{Kind: "country", Title: c.Name, URL: r.url(countryPath(c)),
			Info: info, Date: c.LastMention.String(), Words: joinNonEmpty(" ", words...)})
	}
	for _, o := range s.Organisations {
		words := append([]string{o.Acronym}, o.Aliases...)
		for _, m := range o.Members {
			words = append(words, m.Name)
		}
		info := ""
		if len(o.Members) > 0 {
			info = plural(len(o.Members), "member", "members")
		}
		add(searchEntry{Kind: "organisation", Title: o.Name, URL: r.url(orgPath(o)),
			Info: info, Words: joinNonEmpty(" ", words...)})
	}
	for _, p := range s.People {
		info := p.Title
		words := []string{p.Title}
		if p.Country != nil {
			info = joinNonEmpty(", ", p.Title, p.Country.Name)
			words = append(words, p.Country.Name)
		}
		add(searchEntry{Kind: "person", Title: p.Name, URL: r.url(personPath(p)),
			Info: info, Words: joinNonEmpty(" ", words...)})
	}
}

func (r *renderer) docSearchEntry(d *model.Document) searchEntry {
	words := []string{d.Summary, d.Publisher, strings.Join(d.Tags, " ")}
	for _, c := range d.Countries {
		words = append(words, c.Name)
	}
	words = append(words, docText(d))
	info := joinNonEmpty(" · ", d.Publisher, fmtDate(d.Published))
	return searchEntry{Kind: "document", Title: docTitle(d), URL: r.url(docPath(d)),
		Info: info, Date: d.Published.String(), Words: clip(joinNonEmpty(" ", words...), searchSnippet)}
}

func (r *renderer) eventSearchEntry(e *model.Event) searchEntry {
	var words []string
	for _, c := range e.Countries {
		words = append(words, c.Name)
	}
	for _, o := range e.Orgs {
		words = append(words, o.Name, o.Acronym)
	}
	for _, p := range e.People {
		words = append(words, p.Name)
	}
	info := fmtDate(e.Date())
	if e.Planned {
		info += " · planned"
	}
	return searchEntry{Kind: "event", Title: clip(e.Text, 200), URL: r.url(r.eventPath(e)),
		Info: info, Date: e.Date().String(), Words: clip(joinNonEmpty(" ", words...), searchSnippet)}
}

// docSearchEntry writes what searchEntry writes of r.docSearchEntry(d)
// without making most of its strings, as eventSearchEntry does.
func (w *jsonWriter) docSearchEntry(r *renderer, d *model.Document, scratch []byte) []byte {
	w.open('{')
	w.stringField("k", "document")
	w.stringField("t", docTitle(d))
	w.key("u")
	w.b.WriteByte('"')
	if strings.HasPrefix(r.base, "/") {
		// url leaves "sources/..." as it is after the base path.
		jsonBody(w.b, r.base)
		w.b.WriteString("sources/")
		jsonBody(w.b, d.Slug)
		w.b.WriteByte('/')
	} else {
		jsonBody(w.b, r.url(docPath(d)))
	}
	w.b.WriteByte('"')
	// The information as joinNonEmpty(" · ", ...) joins it.
	b := scratch[:0]
	if pub := strings.TrimSpace(d.Publisher); pub != "" {
		b = append(b, pub...)
	}
	if !d.Published.IsZero() {
		if len(b) > 0 {
			b = append(b, " · "...)
		}
		b = appendFmtDate(b, d.Published)
	}
	w.stringFieldOmitEmpty("i", bytesString(b))
	b = d.Published.AppendISO(b[:0])
	w.stringFieldOmitEmpty("d", bytesString(b))
	b = appendWord(b[:0], d.Summary)
	b = appendWord(b, d.Publisher)
	b = appendWord(b, strings.Join(d.Tags, " "))
	for _, c := range d.Countries {
		b = appendWord(b, c.Name)
	}
	b = appendWord(b, docText(d))
	w.closeWithWords(b)
	return b
}

// appendWord appends s to the words b as joinNonEmpty(" ", ...) joins
// them: without the spaces at its ends, and not at all when that leaves
// nothing.
func appendWord(b []byte, s string) []byte {
	if s = strings.TrimSpace(s); s != "" {
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, s...)
	}
	return b
}

// eventSearchEntry writes what searchEntry writes of r.eventSearchEntry(e)
// without making its strings: the index has an entry for every event.
// scratch is room for the words; the room used is returned.
func (w *jsonWriter) eventSearchEntry(r *renderer, e *model.Event, scratch []byte) []byte {
	w.open('{')
	w.stringField("k", "event")
	title := e.Text
	if len(title) > 200 || r.memo.titleFlags(e)&titleSpaced == 0 {
		title = clip(title, 200)
	}
	w.titleField(r, "t", e, title)
	w.key("u")
	w.b.WriteByte('"')
	r.eventLinkBody(w, e)
	w.b.WriteByte('"')
	b := appendFmtDate(scratch[:0], e.Date())
	if e.Planned {
		b = append(b, " · planned"...)
	}
	w.stringFieldOmitEmpty("i", bytesString(b))
	b = e.Date().AppendISO(b[:0])
	w.stringFieldOmitEmpty("d", bytesString(b))
	b = b[:0]
	for _, c := range e.Countries {
		b = appendWord(b, c.Name)
	}
	for _, o := range e.Orgs {
		b = appendWord(b, o.Name)
		b = appendWord(b, o.Acronym)
	}
	for _, p := range e.People {
		b = appendWord(b, p.Name)
	}
	w.closeWithWords(b)
	return b
}

// bytesString is b as a string, without a copy: only while b is not
// changed.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// docText is a document's prose for the index: a seed's sentences, or a
// note's summary (its Markdown is HTML by now, and the summary says what it
// is about).
func docText(d *model.Document) string {
	var b strings.Builder
	for _, para := range d.Paragraphs {
		for _, s := range para {
			for _, p := range s.Pieces {
				b.WriteString(p.Text)
			}
			b.WriteByte(' ')
		}
		if b.Len() > searchSnippet {
			break
		}
	}
	return b.String()
}

// spacedOnce reports whether s is its words joined by single spaces, as
// strings.Join(strings.Fields(s), " ") would make it.
func spacedOnce(s string) bool {
	space := true // before the first word: a space there is one too many
	i := 0
	// Eight ASCII bytes at a time: none of the other white space (tab
	// to carriage return), no space after a space, also across the
	// eights; the rest, from the first byte of a wider rune on, one by
	// one.
	for ; i+8 <= len(s); i += 8 {
		w := swar.Load8(s, i)
		if w&swar.High != 0 {
			break
		}
		if swar.Between(w, '\t', '\r') != 0 {
			return false
		}
		var twice bool
		if twice, space = swar.Twice(w, ' ', space); twice {
			return false
		}
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				if space || c != ' ' {
					return false
				}
				space = true
			} else {
				space = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		space = false
		i += size
	}
	return !space || s == ""
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func joinNonEmpty(sep string, xs ...string) string {
	n, parts := 0, 0
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			n += len(x)
			parts++
		}
	}
	if parts == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(n + (parts-1)*len(sep))
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			if b.Len() > 0 {
				b.WriteString(sep)
			}
			b.WriteString(x)
		}
	}
	return b.String()
}

// writeSearchIndex writes the index as one line of JSON, without
// indentation (the index is for a script, and every byte is downloaded by
// every search), one entry at a time through a small buffer.
func (r *renderer) writeSearchIndex(w io.Writer) error {
	c := chunker{w: w}
	c.buf.WriteByte('[')
	first := true
	// One writer for every entry: what it remembers of links holds for
	// the next.
	jw := &jsonWriter{b: &c.buf}
	r.eachSearchEntry(func(cache *lineCache, key uint64, make func() searchEntry, write func(*jsonWriter)) {
		if !first {
			c.buf.WriteByte(',')
		}
		first = false
		cache.write(&c.buf, key, func() {
			if write != nil {
				write(jw)
				return
			}
			e := make()
			jw.searchEntry(&e)
		})
		c.flush(false)
	})
	c.buf.WriteString("]\n")
	return c.flush(true)
}

// closeWithWords ends a search entry with its words, clipped to
// searchSnippet, unless there are none (clipped, words without a space
// at either end are not empty either).
func (w *jsonWriter) closeWithWords(words []byte) {
	w.stringFieldOmitEmpty("w", clip(bytesString(words), searchSnippet))
	w.close('}')
}
