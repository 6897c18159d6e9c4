package render

import (
	"bytes"

	"brief/generator/model"
	"strconv"
	"unicode/utf8"
)

// The open data files hold every event, so on a large site encoding them
// through reflection costs as much as rendering many pages. jsonWriter
// writes the two event shapes directly, byte for byte as json.Marshal
// does (HTML characters escaped, as encoding/json does by default);
// TestJSONWriterMatchesEncoding holds the two identical. The files hold
// one event a line, unindented: indenting made a third of their bytes.

type jsonWriter struct {
	b     *bytes.Buffer
	first bool // no field or element written yet at this depth
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

// modelEvent writes an event of api/events.json. Its field names are part
// of the site's public interface: add, do not rename. (The tests hold it
// equal to encoding a value of every field with encoding/json.)
func (w *jsonWriter) modelEvent(r *renderer, e *model.Event) {
	w.open('{')
	w.stringField("id", e.ID)
	w.stringField("date", e.Date.String())
	w.stringField("precision", e.Date.Precision())
	if end := e.End.String(); end != "" {
		w.stringField("end", end)
	}
	if e.Planned {
		w.stringField("status", "planned")
	} else {
		w.stringField("status", "reported")
	}
	w.stringField("title", e.Title)
	w.stringField("text", e.Text)
	stringList(w, "countries", e.Countries, func(c *model.Country) string { return c.Code })
	stringList(w, "organisations", e.Orgs, func(o *model.Organisation) string { return o.ID })
	stringList(w, "people", e.People, func(p *model.Person) string { return p.Name })
	w.stringField("url", r.abs(r.eventPath(e)))
	w.key("sources")
	w.open('[')
	for _, s := range e.Sources {
		if s.Doc == nil {
			continue
		}
		w.next()
		w.open('{')
		w.stringField("document", s.Doc.Slug)
		w.stringField("title", docTitle(s.Doc))
		w.stringField("url", r.abs(sentencePath(s)))
		if s.Sentence != 0 {
			w.key("sentence")
			w.b.WriteString(strconv.Itoa(s.Sentence))
		}
		if s.Text != "" {
			w.stringField("text", s.Text)
		}
		w.close('}')
	}
	w.close(']')
	w.close('}')
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
	if d.Month != "" {
		w.stringField("month", d.Month)
	}
	if d.Day != "" {
		w.stringField("day", d.Day)
	}
	if d.DisplayDate != "" {
		w.stringField("display_date", d.DisplayDate)
	}
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
	if e.Text.Text != "" {
		w.stringField("text", e.Text.Text)
	}
	w.close('}')
	if e.Group != "" {
		w.stringField("group", e.Group)
	}
	w.stringField("unique_id", e.UniqueID)
	w.close('}')
}

// jsonString writes s as a JSON string the way encoding/json does with
// HTML escaping: quotes, backslashes and control characters escaped, <, >
// and & as \u003c, \u003e and \u0026, U+2028 and U+2029 escaped, and
// invalid UTF-8 replaced by \ufffd.
func jsonString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
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
	b.WriteByte('"')
}
