package load

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"brief/generator/diag"
	"brief/generator/extract"
)

// FrontMatter is the YAML block at the top of a Markdown file, decoded into
// the fields that SPEC §2 names. Fields it does not know are kept in Params
// (templates may use them) and `check` warns about them.
type FrontMatter struct {
	Title       string
	Published   extract.Date
	Summary     string
	Source      string
	Publisher   string
	Seed        string
	Countries   []string
	Tags        []string
	Slug        string
	Draft       bool
	Events      []CuratedEvent
	Corrections []string

	// Entity profiles (content/entities/*.md).
	Kind    string // "org" or "person"
	Name    string
	ID      string
	Aliases []string
	Country string
	Role    string // a person's title ("President")
	Members []string

	Params map[string]any
}

// CuratedEvent is an editor's own timeline entry from front matter `events:`.
type CuratedEvent struct {
	Date      extract.Date
	End       extract.Date
	Title     string
	Countries []string
	Source    string
	Line, Col int // position in the file, for diagnostics
}

// fmKind says which kind of file a front matter belongs to; entity profiles
// accept a few fields that notes do not.
type fmKind int

const (
	fmNote fmKind = iota
	fmCountry
	fmEntity
)

var knownFields = map[string]fmKind{
	"title": fmNote, "published": fmNote, "date": fmNote, "summary": fmNote,
	"source": fmNote, "publisher": fmNote, "seed": fmNote, "countries": fmNote,
	"tags": fmNote, "slug": fmNote, "draft": fmNote, "events": fmNote,
	"corrections": fmNote,
	"kind":        fmEntity, "name": fmEntity, "id": fmEntity, "aliases": fmEntity,
	"country": fmEntity, "role": fmEntity, "members": fmEntity,
}

// splitFrontMatter finds a leading "---" YAML block. It returns the YAML
// text, the line on which the YAML starts (1-based), and the byte offset at
// which the body starts. A file without front matter has body offset 0.
func splitFrontMatter(src []byte) (yml []byte, yamlLine, bodyStart int, ok bool, unterminated bool) {
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || strings.TrimRight(string(first), " \t\r") != "---" {
		if strings.TrimRight(string(src), " \t\r\n") == "---" {
			return nil, 0, 0, false, true
		}
		return nil, 0, 0, false, false
	}
	off := len(first) + 1
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		l := strings.TrimRight(string(line), " \t\r")
		if l == "---" || l == "..." {
			end := off + len(line)
			if end < len(src) {
				end++ // the newline
			}
			return src[len(first)+1 : off], 2, end, true, false
		}
		off += len(line) + 1
		rest = next
	}
	return nil, 0, 0, false, true
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlPositions maps YAML's positions to the file's. YAML counts a lone
// carriage return and the Unicode breaks NEL, LS and PS as line breaks and
// counts columns in characters; a file's lines end at "\n" only and its
// columns count bytes (diag.Diagnostic). Without the mapping a "\r" in front
// matter would put later diagnostics on the wrong line, or past the file.
type yamlPositions struct {
	yml    []byte
	line   int   // file line of the YAML's first line
	starts []int // byte offset of each YAML line in yml
	lf     bool  // every break is a "\n": YAML's lines are the file's
}

func newYAMLPositions(yml []byte, line int) yamlPositions {
	// Room for a line a "\n"; other breaks are rare.
	p := yamlPositions{yml: yml, line: line, starts: make([]int, 1, bytes.Count(yml, []byte("\n"))+2), lf: true}
	for i := 0; i < len(yml); {
		if c := yml[i]; c != '\n' && c != '\r' && c != 0xC2 && c != 0xE2 {
			i++ // the common case, no break: not a byte a break starts with
			continue
		}
		n := yamlBreak(yml[i:])
		if n == 0 {
			i++
			continue
		}
		p.lf = p.lf && n == 1 && yml[i] == '\n'
		i += n
		p.starts = append(p.starts, i)
	}
	return p
}

// yamlBreak is the length of the line break at the start of b, or 0.
func yamlBreak(b []byte) int {
	switch {
	case len(b) >= 2 && b[0] == '\r' && b[1] == '\n':
		return 2
	case len(b) >= 1 && (b[0] == '\r' || b[0] == '\n'):
		return 1
	case len(b) >= 2 && b[0] == 0xC2 && b[1] == 0x85:
		return 2
	case len(b) >= 3 && b[0] == 0xE2 && b[1] == 0x80 && (b[2] == 0xA8 || b[2] == 0xA9):
		return 3
	}
	return 0
}

// pos converts YAML's 1-based line and column to the file's, clamped to
// the YAML text (an error "at the end" may name the line after the last).
func (p yamlPositions) pos(line, col int) (int, int) {
	line = max(1, min(line, len(p.starts)))
	off := p.starts[line-1]
	for ; col > 1 && off < len(p.yml) && yamlBreak(p.yml[off:]) == 0; col-- {
		_, size := utf8.DecodeRune(p.yml[off:])
		off += size
	}
	if p.lf {
		// The column stays on its line, which is a file line.
		return p.line + line - 1, off - p.starts[line-1] + 1
	}
	fileLine, lineStart := p.line, 0
	for i, c := range p.yml[:off] {
		if c == '\n' {
			fileLine++
			lineStart = i + 1
		}
	}
	return fileLine, off - lineStart + 1
}

// parseFrontMatter decodes the YAML of a file into fm, reporting problems
// with positions in the file.
func parseFrontMatter(file string, yml []byte, yamlLine int, kind fmKind, ds *diag.List) (fm FrontMatter) {
	at := newYAMLPositions(yml, yamlLine)
	doc, tree, err := decodeYAML(yml)
	if tree != nil {
		defer tree.release()
	}
	if err != nil {
		msg := err.Error()
		line, col := yamlLine, 1
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			msg = m[2]
			if strings.HasPrefix(msg, "did not find expected ',' or") {
				// yaml.v3 reports an unclosed flow collection at the
				// 0-based line of its opening bracket.
				n++
			}
			line, col = at.pos(n, 1)
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		ds.Errorf(file, line, col, "front matter: %s", msg)
		return fm
	}
	if len(doc.Content) == 0 {
		return fm // empty front matter is fine
	}
	root := doc.Content[0]
	pos := func(n *yaml.Node) (int, int) { return at.pos(n.Line, n.Column) }
	if root.Kind != yaml.MappingNode {
		l, c := pos(root)
		ds.Errorf(file, l, c, "front matter must be a mapping of fields (title: ...), not a %s", nodeKind(root))
		return fm
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		kl, kc := pos(k)
		if seen[key] {
			ds.Errorf(file, kl, kc, "front matter: field %q given twice", key)
			continue
		}
		seen[key] = true
		fk, known := knownFields[key]
		if !known || (fk == fmEntity && kind != fmEntity) {
			if fm.Params == nil {
				fm.Params = map[string]any{}
			}
			var val any
			_ = v.Decode(&val)
			fm.Params[key] = val
			ds.Warnf(file, kl, kc, "unknown front-matter field %q (kept for templates)", key)
			continue
		}
		vl, vc := pos(v)
		str := func() string {
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				if v.Tag != "!!null" {
					ds.Errorf(file, vl, vc, "front matter: %s must be text, not a %s", key, nodeKind(v))
				}
				return ""
			}
			return v.Value
		}
		list := func() []string {
			switch {
			case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
				return nil
			case v.Kind == yaml.ScalarNode:
				// "countries: TJ, AF" is a common shorthand for a list.
				var out []string
				for _, s := range strings.Split(v.Value, ",") {
					if s = strings.TrimSpace(s); s != "" {
						out = append(out, s)
					}
				}
				return out
			case v.Kind == yaml.SequenceNode:
				var out []string
				for _, it := range v.Content {
					if it.Kind != yaml.ScalarNode {
						il, ic := pos(it)
						ds.Errorf(file, il, ic, "front matter: %s must be a list of text, not of %ss", key, nodeKind(it))
						continue
					}
					out = append(out, it.Value)
				}
				return out
			}
			ds.Errorf(file, vl, vc, "front matter: %s must be a list, not a %s", key, nodeKind(v))
			return nil
		}
		date := func(n *yaml.Node, field string) extract.Date {
			l, c := pos(n)
			if n.Kind != yaml.ScalarNode {
				ds.Errorf(file, l, c, "front matter: %s must be a date (YYYY-MM-DD), not a %s", field, nodeKind(n))
				return extract.Date{}
			}
			s := n.Value
			// YAML timestamps such as 2025-05-29T10:00:00Z keep only their day.
			if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
				s = s[:10]
			}
			d, err := extract.ParseDate(s)
			if err != nil {
				ds.Errorf(file, l, c, "front matter: %s: %v", field, err)
			}
			return d
		}
		switch key {
		case "title":
			fm.Title = str()
		case "published", "date":
			d := date(v, key)
			if !fm.Published.IsZero() && !d.IsZero() && d != fm.Published {
				ds.Errorf(file, kl, kc, "front matter: published and date differ (%s, %s); date is an alias of published", fm.Published, d)
				continue
			}
			if fm.Published.IsZero() {
				fm.Published = d
			}
		case "summary":
			fm.Summary = str()
		case "source":
			fm.Source = str()
			warnNotWeb(file, vl, vc, "source", fm.Source, ds)
		case "publisher":
			fm.Publisher = str()
		case "seed":
			fm.Seed = str()
		case "countries":
			for _, c := range list() {
				fm.Countries = append(fm.Countries, strings.ToUpper(c))
			}
		case "tags":
			fm.Tags = list()
		case "slug":
			fm.Slug = str()
			if fm.Slug != "" && !validSlug(fm.Slug) {
				ds.Errorf(file, vl, vc, "front matter: slug %q: use lower-case letters, digits and hyphens", fm.Slug)
				fm.Slug = ""
			}
		case "draft":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				ds.Errorf(file, vl, vc, "front matter: draft must be true or false")
				continue
			}
			fm.Draft = v.Value == "true"
		case "corrections":
			fm.Corrections = list()
		case "events":
			fm.Events = parseEvents(file, v, pos, date, ds)
		case "kind":
			fm.Kind = str()
			if fm.Kind != "org" && fm.Kind != "person" {
				ds.Errorf(file, vl, vc, "front matter: kind must be org or person, not %q", fm.Kind)
			}
		case "name":
			fm.Name = str()
		case "id":
			fm.ID = str()
		case "aliases":
			fm.Aliases = list()
		case "country":
			fm.Country = strings.ToUpper(str())
		case "role":
			fm.Role = str()
		case "members":
			for _, c := range list() {
				fm.Members = append(fm.Members, strings.ToUpper(c))
			}
		}
	}
	return fm
}

func parseEvents(file string, v *yaml.Node, pos func(*yaml.Node) (int, int), date func(*yaml.Node, string) extract.Date, ds *diag.List) []CuratedEvent {
	if v.Kind != yaml.SequenceNode {
		l, c := pos(v)
		ds.Errorf(file, l, c, "front matter: events must be a list of events (- date: ..., title: ...)")
		return nil
	}
	var out []CuratedEvent
	for _, it := range v.Content {
		il, ic := pos(it)
		if it.Kind != yaml.MappingNode {
			ds.Errorf(file, il, ic, "front matter: each event must be a mapping with date and title")
			continue
		}
		ev := CuratedEvent{Line: il, Col: ic}
		for j := 0; j+1 < len(it.Content); j += 2 {
			k, val := it.Content[j], it.Content[j+1]
			kl, kc := pos(k)
			switch k.Value {
			case "date":
				ev.Date = date(val, "event date")
			case "end":
				ev.End = date(val, "event end")
			case "title":
				ev.Title = val.Value
			case "source":
				ev.Source = val.Value
				vl, vc := pos(val)
				warnNotWeb(file, vl, vc, "event source", ev.Source, ds)
			case "countries":
				if val.Kind == yaml.SequenceNode {
					for _, c := range val.Content {
						ev.Countries = append(ev.Countries, strings.ToUpper(c.Value))
					}
				} else {
					for _, c := range strings.Split(val.Value, ",") {
						if c = strings.TrimSpace(c); c != "" {
							ev.Countries = append(ev.Countries, strings.ToUpper(c))
						}
					}
				}
			default:
				ds.Errorf(file, kl, kc, "front matter: unknown event field %q (want date, end, title, countries, source)", k.Value)
			}
		}
		if ev.Date.IsZero() {
			ds.Errorf(file, il, ic, "front matter: event without a date")
			continue
		}
		if ev.Title == "" {
			ds.Errorf(file, il, ic, "front matter: event without a title")
			continue
		}
		if !ev.End.IsZero() && ev.End.Before(ev.Date) {
			ds.Errorf(file, il, ic, "front matter: event ends (%s) before it starts (%s)", ev.End, ev.Date)
		}
		out = append(out, ev)
	}
	return out
}

// warnNotWeb warns when a source is not an http or https address: pages
// link a source only when it is one, so "javascript:", "data:" or a bare
// name is kept as data but never becomes a link.
func warnNotWeb(file string, line, col int, field, u string, ds *diag.List) {
	l := strings.ToLower(strings.TrimSpace(u))
	if u == "" || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return
	}
	ds.Warnf(file, line, col, "front matter: %s %q is not a web address (http:// or https://) and is not linked", field, u)
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "scalar"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}

func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Slugify turns a name into a URL segment: lower case ASCII letters and
// digits separated by single hyphens. Letters with diacritics lose them.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r2, ok := fold[r]; ok {
			r = r2
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

var fold = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a', 'ā': 'a',
	'ç': 'c', 'č': 'c', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ı': 'i', 'ñ': 'n', 'ó': 'o',
	'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ø': 'o', 'ş': 's', 'š': 's',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ū': 'u', 'ý': 'y', 'ž': 'z',
	'ğ': 'g', 'ʼ': '-', '’': '-',
}
