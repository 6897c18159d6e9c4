package render

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"brief/generator/extract"
	"brief/generator/model"
	"brief/internal/swar"
)

// The open data files hold every event, so on a large site encoding them
// through reflection costs as much as rendering many pages. jsonWriter
// writes the two event shapes directly, byte for byte as json.Marshal
// does (HTML characters escaped, as encoding/json does by default);
// TestJSONWriterMatchesEncoding holds the two identical. The files hold
// one event a line, unindented: indenting made a third of their bytes.

type jsonWriter struct {
	b      *bytes.Buffer
	first  bool // no field or element written yet at this depth
	pieces pieceMemo
}

// pieceMemo remembers of the last pieces of links (the base URL, a
// page's path) whether the JSON escapings write them as they are: a data
// file writes a link for every event and source, of few distinct bases
// and pages, which come in runs. (A document's slug is written through
// the escaping: the slugs of events in a row rarely repeat.)
type pieceMemo struct {
	s     [2]string
	plain [2]bool
	last  int // the one used last: a new piece takes the other's place
}

// write writes s through body: as it is when no escaping changes it.
func (m *pieceMemo) write(b *bytes.Buffer, body func(*bytes.Buffer, string), s string) {
	i := 0
	for ; i < len(m.s); i++ {
		if m.s[i] == s {
			break
		}
	}
	if i == len(m.s) {
		i = 1 - m.last
		m.s[i], m.plain[i] = s, plainIn(s) == titleHTML|titleJSON
	}
	m.last = i
	if m.plain[i] {
		b.WriteString(s)
	} else {
		body(b, s)
	}
}

func (w *jsonWriter) open(c byte) {
	w.b.WriteByte(c)
	w.first = true
}

func (w *jsonWriter) close(c byte) {
	w.b.WriteByte(c)
	w.first = false
}

// next starts an element or a field.
func (w *jsonWriter) next() {
	if !w.first {
		w.b.WriteByte(',')
	}
	w.first = false
}

func (w *jsonWriter) key(k string) {
	w.next()
	w.b.WriteByte('"')
	w.b.WriteString(k)
	w.b.WriteString(`":`)
}

func (w *jsonWriter) stringField(k, v string) {
	w.key(k)
	jsonString(w.b, v)
}

// titleField writes the field k with the value s, e's title itself or
// another string, as stringField does.
func (w *jsonWriter) titleField(r *renderer, k string, e *model.Event, s string) {
	if sameString(s, e.Text) && r.memo.titleFlags(e)&titleJSON != 0 {
		w.key(k)
		w.b.WriteByte('"')
		w.b.WriteString(s)
		w.b.WriteByte('"')
		return
	}
	w.stringField(k, s)
}

// stringFieldOmitEmpty writes the field k unless v is empty, as a field
// tagged omitempty.
func (w *jsonWriter) stringFieldOmitEmpty(k, v string) {
	if v != "" {
		w.stringField(k, v)
	}
}

// modelEvent writes an event of api/events.json. Its field names are part
// of the site's public interface: add, do not rename. (The tests hold it
// equal to encoding a value of every field with encoding/json.)
func (w *jsonWriter) modelEvent(r *renderer, e *model.Event) {
	w.open('{')
	var id idBuf
	w.stringField("id", id.of(e))
	w.dateField("date", e.Date())
	w.stringField("precision", e.Date().Precision())
	if !e.End().IsZero() {
		w.dateField("end", e.End())
	}
	if e.Planned {
		w.stringField("status", "planned")
	} else {
		w.stringField("status", "reported")
	}
	w.titleField(r, "title", e, e.Text)
	w.titleField(r, "text", e, e.Text)
	stringList(w, "countries", e.Countries, func(c *model.Country) string { return c.Code })
	stringList(w, "organisations", e.Orgs, func(o *model.Organisation) string { return o.ID })
	stringList(w, "people", e.People, func(p *model.Person) string { return p.Name })
	w.key("url")
	w.b.WriteByte('"')
	r.eventURLBody(w, e, jsonBody)
	w.b.WriteByte('"')
	w.key("sources")
	w.open('[')
	for i := range e.Sources {
		s := &e.Sources[i]
		if s.Doc == nil {
			continue
		}
		w.next()
		w.open('{')
		w.stringField("document", s.Doc.Slug)
		w.stringField("title", docTitle(s.Doc))
		w.key("url")
		w.b.WriteByte('"')
		r.sentenceURLBody(w, s, jsonBody)
		w.b.WriteByte('"')
		if s.Sentence != 0 {
			w.key("sentence")
			writeInt(w.b, int(s.Sentence))
		}
		if s.Text != "" {
			w.titleField(r, "text", e, s.Text) // the first source's is the title
		}
		w.close('}')
	}
	w.close(']')
	w.close('}')
}

// eventURLBody writes r.abs(r.eventPath(e)) through body (a JSON
// string's escaping), piece by piece: every piece meets the next at an
// ASCII byte, where escaping a whole and escaping its pieces agree.
func (r *renderer) eventURLBody(w *jsonWriter, e *model.Event, body func(*bytes.Buffer, string)) {
	if page, ok := r.plainAnchorPage(e); ok {
		w.anchorPieces(body, r.baseURL, page, e)
		return
	}
	body(w.b, r.abs(r.eventPath(e)))
}

// anchorPieces writes base+page+"#"+e.ID() through body, piece by piece.
// The id is written as it is: it has only lower-case letters, digits and
// hyphens, which no escaping changes.
func (w *jsonWriter) anchorPieces(body func(*bytes.Buffer, string), base, page string, e *model.Event) {
	w.pieces.write(w.b, body, base)
	w.pieces.write(w.b, body, page)
	w.b.WriteByte('#')
	var id idBuf
	w.b.Write(e.AppendID(id[:0]))
}

// plainAnchorPage is the page of e's anchor when url and abs leave
// page+"#"+id as the base and those pieces: no scheme, no leading slash
// or backslash that they would trim, not a fragment, nothing a JSON or
// HTML escaping could split.
func (r *renderer) plainAnchorPage(e *model.Event) (string, bool) {
	page, ok := r.anchor.get(e)
	if !ok || page == "" {
		return "", false
	}
	c := page[0]
	return page, c > ' ' && c < utf8.RuneSelf && c != '/' && c != '\\' && c != '#' && strings.IndexByte(page, ':') < 0
}

// eventLinkBody writes r.url(r.eventPath(e)) through jsonBody, piece by
// piece where the event has an anchor on a page whose path url leaves as
// it is (the base path starts with "/", so a page path that does not
// cannot be taken for a link already).
func (r *renderer) eventLinkBody(w *jsonWriter, e *model.Event) {
	if page, ok := r.plainAnchorPage(e); ok && strings.HasPrefix(r.base, "/") {
		w.anchorPieces(jsonBody, r.base, page, e)
		return
	}
	jsonBody(w.b, r.url(r.eventPath(e)))
}

// sentenceURLBody writes r.abs(sentencePath(s)) through body, as
// eventURLBody does; s.Doc is not nil.
func (r *renderer) sentenceURLBody(w *jsonWriter, s *model.Source, body func(*bytes.Buffer, string)) {
	w.pieces.write(w.b, body, r.baseURL)
	w.b.WriteString("sources/") // nothing to escape
	body(w.b, s.Doc.Slug)
	w.b.WriteByte('/')
	if s.Sentence > 0 && s.Doc.Kind == "seed" {
		w.b.WriteString("#s")
		writeInt(w.b, int(s.Sentence))
	}
}

// dateField writes the field k: the date in ISO 8601 (Date.String).
func (w *jsonWriter) dateField(k string, d extract.Date) {
	w.key(k)
	w.b.WriteByte('"')
	var buf [16]byte
	w.b.Write(d.AppendISO(buf[:0]))
	w.b.WriteByte('"')
}

// stringList writes the field k: an array of one string per element of xs.
func stringList[T any](w *jsonWriter, k string, xs []T, str func(T) string) {
	w.key(k)
	w.open('[')
	for _, x := range xs {
		w.next()
		jsonString(w.b, str(x))
	}
	w.close(']')
}

func (w *jsonWriter) tljsDate(d *tljsDate) {
	w.open('{')
	w.stringField("year", d.Year)
	w.stringFieldOmitEmpty("month", d.Month)
	w.stringFieldOmitEmpty("day", d.Day)
	w.stringFieldOmitEmpty("display_date", d.DisplayDate)
	w.close('}')
}

func (w *jsonWriter) tljsEvent(e *tljsEvent) {
	w.open('{')
	w.key("start_date")
	w.tljsDate(&e.StartDate)
	if e.EndDate != nil {
		w.key("end_date")
		w.tljsDate(e.EndDate)
	}
	w.key("text")
	w.open('{')
	w.stringField("headline", e.Text.Headline)
	w.stringFieldOmitEmpty("text", e.Text.Text)
	w.close('}')
	w.stringFieldOmitEmpty("group", e.Group)
	w.stringField("unique_id", e.UniqueID)
	w.close('}')
}

// timelineEvent writes an event of api/timeline.json: what tljsEvent
// writes of r.tljsEventOf(e), without making the value.
func (w *jsonWriter) timelineEvent(r *renderer, e *model.Event) {
	w.open('{')
	w.key("start_date")
	w.timelineDate(e.Date())
	if !e.End().IsZero() {
		w.key("end_date")
		w.timelineDate(e.End())
	}
	w.key("text")
	w.open('{')
	w.key("headline")
	w.b.WriteByte('"')
	if f := r.memo.titleFlags(e); f&titleHTML != 0 && f&titleJSON != 0 {
		w.b.WriteString(e.Text) // nothing to escape in HTML, nor then in JSON
	} else {
		jsonHTMLBody(w.b, e.Text)
	}
	w.b.WriteByte('"')
	hasSource := false
	for i := range e.Sources {
		if e.Sources[i].Doc != nil {
			hasSource = true
			break
		}
	}
	if e.Planned || hasSource {
		w.key("text")
		w.b.WriteByte('"')
		if e.Planned {
			w.b.WriteString(`\u003cp\u003e\u003cem\u003ePlanned.\u003c/em\u003e\u003c/p\u003e`)
		}
		if hasSource {
			w.b.WriteString(`\u003cp\u003eSource: `)
			first := true
			for i := range e.Sources {
				src := &e.Sources[i]
				if src.Doc == nil {
					continue
				}
				if !first {
					w.b.WriteString(", ")
				}
				first = false
				w.b.WriteString(`\u003ca href=\"`)
				r.sentenceURLBody(w, src, jsonHTMLBody)
				w.b.WriteString(`\"\u003e`)
				jsonHTMLBody(w.b, docTitle(src.Doc))
				w.b.WriteString(`\u003c/a\u003e`)
			}
			w.b.WriteString(`\u003c/p\u003e`)
		}
		w.b.WriteByte('"')
	}
	w.close('}')
	if len(e.Countries) > 0 && e.Countries[0].Name != "" {
		w.stringField("group", e.Countries[0].Name)
	}
	var id idBuf
	w.stringField("unique_id", id.of(e))
	w.close('}')
}

// timelineDate writes what tljsDate writes of tljsDateOf(d).
func (w *jsonWriter) timelineDate(d extract.Date) {
	var buf [32]byte
	w.open('{')
	w.key("year")
	w.b.WriteByte('"')
	w.b.Write(strconv.AppendInt(buf[:0], int64(d.Year), 10))
	w.b.WriteByte('"')
	if d.Month != 0 {
		w.key("month")
		w.b.WriteByte('"')
		w.b.Write(strconv.AppendInt(buf[:0], int64(d.Month), 10))
		w.b.WriteByte('"')
	}
	if d.Day != 0 {
		w.key("day")
		w.b.WriteByte('"')
		w.b.Write(strconv.AppendInt(buf[:0], int64(d.Day), 10))
		w.b.WriteByte('"')
	}
	if !d.IsZero() {
		w.key("display_date")
		w.b.WriteByte('"')
		w.b.Write(appendFmtDate(buf[:0], d))
		w.b.WriteByte('"')
	}
	w.close('}')
}

// searchEntry writes an entry of the search index as encoding/json
// encodes it.
func (w *jsonWriter) searchEntry(e *searchEntry) {
	w.open('{')
	w.stringField("k", e.Kind)
	w.stringField("t", e.Title)
	w.stringField("u", e.URL)
	w.stringFieldOmitEmpty("i", e.Info)
	w.stringFieldOmitEmpty("d", e.Date)
	w.stringFieldOmitEmpty("w", e.Words)
	w.close('}')
}

// jsonString writes s as a JSON string the way encoding/json does with
// HTML escaping: quotes, backslashes and control characters escaped, <, >
// and & as \u003c, \u003e and \u0026, U+2028 and U+2029 escaped, and
// invalid UTF-8 replaced by \ufffd.
func jsonString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	jsonBody(b, s)
	b.WriteByte('"')
}

// jsonHTMLBody writes html.EscapeString(s) as jsonBody would, without
// making the escaped string.
func jsonHTMLBody(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = `\u0026amp;`
		case '\'':
			rep = `\u0026#39;`
		case '<':
			rep = `\u0026lt;`
		case '>':
			rep = `\u0026gt;`
		case '"':
			rep = `\u0026#34;`
		default:
			continue
		}
		// Cut at an ASCII byte: the pieces escape as the whole does.
		jsonBody(b, s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	jsonBody(b, s[last:])
}

// jsonBody writes the inside of jsonString.
func jsonBody(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && !mayNeedJSON(swar.Load8(s, i)) {
			i += 8
			continue
		}
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '\\', '"':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
}

// jsonPlain reports whether jsonBody writes s as it is.
func jsonPlain(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if !jsonSafe[c] {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

// jsonSafe is the ASCII bytes that a JSON string holds as they are.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()
