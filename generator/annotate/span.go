package annotate

import (
	"sort"
	"strings"

	"brief/generator/extract"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// span is [text]{key=value ...}. Its children are the bracketed text,
// parsed as inline Markdown.
type span struct {
	ast.BaseInline
	attrs      attrs
	start, end int // source range of the bracketed text
	links      linkContext
}

// kindSpan is the node kind of [text]{attrs} spans.
var kindSpan = ast.NewNodeKind("AnnotatedSpan")

func (n *span) Kind() ast.NodeKind { return kindSpan }

func (n *span) Dump(source []byte, level int) {
	kv := map[string]string{}
	for k, v := range n.attrs.values {
		kv[k] = v
	}
	ast.DumpHelper(n, source, level, kv, nil)
}

// attrs are the valid attributes of a span.
type attrs struct {
	values    map[string]string // key -> normalised value, "" for flags
	date      extract.Date
	countries []string
	seen      map[string]bool // keys given, valid or not
}

type spanParser struct{}

func (spanParser) Trigger() []byte { return []byte{'[', ']'} }

func (spanParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) == 0 {
		return nil
	}
	if line[0] == ']' {
		return closeSpan(parent, block, pc, seg.Start)
	}
	bt := blockTextOf(parent, block, pc)
	i, ok := bt.indexOf(seg.Start)
	if !ok {
		return nil
	}
	j, ok := bt.match[i]
	if !ok || bt.at(j+1) != '{' || bt.offs[j+1] != bt.offs[j]+1 {
		return nil // not followed by an attribute block: CommonMark's business
	}
	o := &opener{
		kind:    openSpan,
		Segment: text.NewSegment(seg.Start, seg.Start+1),
		closeAt: bt.offs[j],
		bottom:  pc.LastDelimiter(),
		start:   seg.Start + 1,
	}
	o.SetPos(seg.Start)
	pushOpener(pc, o)
	block.Advance(1)
	return o
}

func closeSpan(parent ast.Node, block text.Reader, pc parser.Context, off int) ast.Node {
	o := popOpener(pc, openSpan, off)
	if o == nil {
		return nil
	}
	n := &span{start: o.start, end: off}
	if !closeInto(parent, o, n, pc) {
		pushOpener(pc, o)
		return nil
	}
	if o.start == off {
		report(pc, o.Segment.Start, `empty span: no text between "[" and "]"`)
	}
	bt := blockTextOf(parent, block, pc)
	j, _ := bt.indexOf(off)
	a, end, closed := parseAttrs(bt, j+1, pc)
	n.attrs = a
	block.Advance(1)
	if closed {
		advanceTo(block, bt.offs[end-1]+1)
	}
	return n
}

func (spanParser) CloseBlock(parent ast.Node, pc parser.Context) { closeBlock(pc) }

// Attribute keys and whether they take a value.
var attrKeys = map[string]bool{
	"date":    true,
	"country": true,
	"person":  true,
	"org":     true,
	"place":   true,
	"event":   false,
	"ignore":  false,
}

// maxAttrBlock bounds the length of an attribute block in bytes.
const maxAttrBlock = 1024

// parseAttrs reads the attribute block whose "{" is at bt.buf[open]. It
// returns the valid attributes, the index just past the "}", and false when
// there is no "}" (nothing is consumed then). Every fault is reported.
func parseAttrs(bt *blockText, open int, pc parser.Context) (attrs, int, bool) {
	a := attrs{values: map[string]string{}, seen: map[string]bool{}}
	buf := bt.buf
	end := -1
	var quote byte // the open quote character, or 0
	// A "{" or "[" outside quotes cannot be part of the block, and no real
	// block is longer than maxAttrBlock: stopping there keeps a paragraph
	// of unclosed blocks linear, and the error close to its cause.
	limit := min(len(buf), open+maxAttrBlock)
scan:
	for k := open + 1; k < limit; k++ {
		switch c := buf[k]; {
		case quote != 0 && c == '\\':
			k++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case (c == '"' || c == '\'') && buf[k-1] == '=':
			quote = c // quotes open values only: "place=O'Hare" is bare
		case c == '}':
			end = k
			break scan
		case c == '{' || c == '[':
			break scan
		}
	}
	if end < 0 {
		report(pc, bt.offs[open], `unclosed attribute block: missing "}"`)
		return a, 0, false
	}
	k := open + 1
	items := 0
	for {
		for k < end && isSpace(buf[k]) {
			k++
		}
		if k == end {
			break
		}
		keyStart := k
		for k < end && isKeyByte(buf[k]) {
			k++
		}
		if k == keyStart {
			report(pc, bt.offs[k], `unexpected %q in attribute block: want key=value or a flag`, string(buf[k]))
			break
		}
		key := string(buf[keyStart:k])
		var value []byte
		var valueOffs []int // source offset of each value byte
		hasValue := false
		valueAt := bt.offs[keyStart]
		if k < end && buf[k] == '=' {
			hasValue = true
			k++
			valueAt = bt.offs[min(k, end)]
			if k < end && (buf[k] == '"' || buf[k] == '\'') {
				q := buf[k]
				k++
				for k < end && buf[k] != q {
					if buf[k] == '\\' && k+1 < end {
						k++
					}
					value = append(value, buf[k])
					valueOffs = append(valueOffs, bt.offs[k])
					k++
				}
				k++ // the closing quote; the scan for "}" guarantees it
			} else {
				for k < end && !isSpace(buf[k]) {
					value = append(value, buf[k])
					valueOffs = append(valueOffs, bt.offs[k])
					k++
				}
			}
		}
		if k < end && !isSpace(buf[k]) {
			report(pc, bt.offs[k], `unexpected %q in attribute block: want key=value or a flag`, string(buf[k]))
			break
		}
		a.add(pc, key, bt.offs[keyStart], hasValue, value, valueAt, valueOffs)
		items++
	}
	if items == 0 && k == end {
		report(pc, bt.offs[open], `empty attribute block`)
	}
	return a, end + 1, true
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// add validates one attribute and keeps it when it is good.
func (a *attrs) add(pc parser.Context, key string, keyAt int, hasValue bool, value []byte, valueAt int, valueOffs []int) {
	needsValue, known := attrKeys[key]
	switch {
	case !known:
		report(pc, keyAt, "unknown attribute %q", key)
		return
	case a.seen[key]:
		report(pc, keyAt, "duplicate attribute %q", key)
		return
	}
	a.seen[key] = true
	switch {
	case !needsValue && hasValue:
		report(pc, keyAt, "attribute %q takes no value", key)
		return
	case !needsValue:
		a.values[key] = ""
		return
	case normalizeSpace(value) == "":
		report(pc, keyAt, "attribute %q needs a value", key)
		return
	}
	switch key {
	case "date":
		d, err := extract.ParseDate(string(value))
		if err != nil {
			report(pc, valueAt, "%s", err.Error())
			return
		}
		a.date = d
		a.values[key] = d.String()
	case "country":
		codes, ok := parseCountries(pc, value, valueOffs)
		if !ok {
			return
		}
		a.countries = codes
		a.values[key] = strings.Join(codes, ",")
	default:
		a.values[key] = normalizeSpace(value)
	}
}

// parseCountries reads "TJ,kg, UZ" as upper-case alpha-2 codes, reporting
// each code that does not have that shape at its own offset. Whether a code
// names a country is for the caller, which knows the country list.
func parseCountries(pc parser.Context, value []byte, offs []int) ([]string, bool) {
	var codes []string
	ok := true
	start := 0
	for i := 0; i <= len(value); i++ {
		if i < len(value) && value[i] != ',' {
			continue
		}
		s, e := start, i
		for s < e && isSpace(value[s]) {
			s++
		}
		for e > s && isSpace(value[e-1]) {
			e--
		}
		code := string(value[s:e])
		at := offs[min(s, len(offs)-1)]
		if !isAlpha2(code) {
			report(pc, at, "bad country code %q: want alpha-2 codes like TJ", code)
			ok = false
		} else if c := strings.ToUpper(code); !contains(codes, c) {
			codes = append(codes, c)
		}
		start = i + 1
	}
	return codes, ok
}

func isAlpha2(s string) bool {
	if len(s) != 2 {
		return false
	}
	for i := 0; i < 2; i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// renderSpan writes <span class="ann" data-KEY="VALUE"...>, or <time> with a
// datetime when the span has a date. A span whose person, org or single
// country has a page links to it, unless it already sits in or contains a
// link. An ignore span is plain text.
func renderSpan(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*span)
	rw, _ := w.(*renderWriter)
	if !entering {
		rw.pop(w, n)
		return ast.WalkContinue, nil
	}
	if _, ignore := n.attrs.values["ignore"]; ignore || rw == nil {
		return ast.WalkContinue, nil
	}
	tag := "span"
	if !n.attrs.date.IsZero() {
		tag = "time"
	}
	_, _ = w.WriteString("<" + tag)
	if tag == "time" {
		_, _ = w.WriteString(` datetime="` + n.attrs.date.String() + `"`)
	}
	_, _ = w.WriteString(` class="ann"`)
	keys := make([]string, 0, len(n.attrs.values))
	for k := range n.attrs.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		_, _ = w.WriteString(" data-" + k + `="`)
		_, _ = w.Write(util.EscapeHTML([]byte(n.attrs.values[k])))
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	closeTag := "</" + tag + ">"
	if url, ok := spanLink(rw, n); ok {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(url), true)))
		_, _ = w.WriteString(`">`)
		closeTag = "</a>" + closeTag
	}
	rw.push(n, closeTag)
	return ast.WalkContinue, nil
}

// spanLink finds the page a span links to: its person, else its org, else
// its one country.
func spanLink(rw *renderWriter, n *span) (string, bool) {
	if n.links != 0 {
		return "", false
	}
	if v, ok := n.attrs.values["person"]; ok {
		if url, ok := rw.lookup(v); ok {
			return url, true
		}
	}
	if v, ok := n.attrs.values["org"]; ok {
		if url, ok := rw.lookup(v); ok {
			return url, true
		}
	}
	if len(n.attrs.countries) == 1 {
		return rw.lookup("country:" + n.attrs.countries[0])
	}
	return "", false
}

type spans struct{}

// Spans is the goldmark extension for [text]{key=value} spans.
var Spans goldmark.Extender = spans{}

func (spans) Extend(m goldmark.Markdown) {
	// After wiki links (198), before the link parser (200).
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(spanParser{}, 199)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(annotationRenderer{}, 500)))
}
