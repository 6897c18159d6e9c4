package annotate

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// wikiLink is [[Target]] or [[Target|display text]]. Its children are the
// display text, parsed as inline Markdown.
type wikiLink struct {
	ast.BaseInline
	target     string
	start, end int // source range of the display text
	links      linkContext
}

// kindWikiLink is the node kind of [[links]].
var kindWikiLink = ast.NewNodeKind("WikiLink")

func (n *wikiLink) Kind() ast.NodeKind { return kindWikiLink }

func (n *wikiLink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": n.target}, nil)
}

type wikiLinkParser struct{}

// Trigger is both brackets: "[[" opens, the recorded "]]" closes.
func (wikiLinkParser) Trigger() []byte { return []byte{'[', ']'} }

func (wikiLinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) == 0 {
		return nil
	}
	if line[0] == ']' {
		return closeWikiLink(parent, block, pc, seg.Start)
	}
	if len(line) < 2 || line[1] != '[' {
		return nil
	}
	bt := blockTextOf(parent, block, pc)
	i, ok := bt.indexOf(seg.Start)
	if !ok {
		return nil
	}
	inner, ok := bt.match[i+1]
	if !ok {
		// "[[[" reports once, at its first "[[".
		if block.PrecendingCharacter() != '[' {
			report(pc, seg.Start, `unclosed "[[": missing "]]"`)
		}
		return nil
	}
	if bt.at(inner+1) != ']' || bt.offs[inner+1] != bt.offs[inner]+1 {
		return nil // "[[x] y]" or "[[x](url)": ordinary brackets
	}
	if bt.nested[i+1] {
		return nil // "[[a [b] c]]", or brackets hidden in code or escapes
	}
	content := bt.buf[i+2 : inner]
	display := i + 2
	targetEnd := inner
	if p := bytes.IndexByte(content, '|'); p >= 0 {
		targetEnd = i + 2 + p
		display = targetEnd + 1
		// In a table cell the pipe must be written "\|"; a target never
		// contains a pipe, so the backslash can only be that escape.
		if p > 0 && content[p-1] == '\\' {
			targetEnd--
		}
	}
	for display < inner && isSpace(bt.buf[display]) {
		display++
	}
	target := normalizeSpace(bt.buf[i+2 : targetEnd])
	switch {
	case target == "":
		report(pc, seg.Start, `empty link target in "[[...]]"`)
		return nil
	case display == inner:
		report(pc, seg.Start, `empty display text after "|" in "[[...]]"`)
		return nil
	}
	start := bt.offs[display]
	o := &opener{
		kind:    openWiki,
		Segment: text.NewSegment(seg.Start, start),
		closeAt: bt.offs[inner],
		bottom:  pc.LastDelimiter(),
		start:   start,
		target:  target,
	}
	o.SetPos(seg.Start)
	pushOpener(pc, o)
	advanceTo(block, start)
	return o
}

func closeWikiLink(parent ast.Node, block text.Reader, pc parser.Context, off int) ast.Node {
	o := popOpener(pc, openWiki, off)
	if o == nil {
		return nil
	}
	n := &wikiLink{target: o.target, start: o.start, end: off}
	if !closeInto(parent, o, n, pc) {
		pushOpener(pc, o) // closeBlock turns it back into text
		return nil
	}
	block.Advance(2)
	if block.Peek() == '{' {
		// Attributes belong to spans; wrapping the link in one keeps both.
		report(pc, off+2, `attributes cannot follow "[[...]]": write [[[%s]]]{...} to annotate the link`, o.target)
	}
	return n
}

func (wikiLinkParser) CloseBlock(parent ast.Node, pc parser.Context) { closeBlock(pc) }

// annotationRenderer renders both annotation kinds.
type annotationRenderer struct{}

func (annotationRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindWikiLink, renderWikiLink)
	reg.Register(kindSpan, renderSpan)
	reg.Register(kindOpener, renderOpener)
}

func renderWikiLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*wikiLink)
	rw, _ := w.(*renderWriter)
	if entering {
		if rw == nil {
			return ast.WalkContinue, nil
		}
		url, ok := rw.lookup(n.target)
		if !ok {
			rw.problems = append(rw.problems, Problem{Offset: n.Pos(), Message: `unknown entity "` + n.target + `"`})
			return ast.WalkContinue, nil
		}
		if n.links&inLink != 0 {
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<a class="entity" href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(url), true)))
		_, _ = w.WriteString(`">`)
		rw.push(n, "</a>")
		return ast.WalkContinue, nil
	}
	rw.pop(w, n)
	return ast.WalkContinue, nil
}

// renderOpener writes an opener that survived parsing as the text it
// consumed. closeBlock normally replaces every opener, so this is a guard.
func renderOpener(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.Write(util.EscapeHTML(node.(*opener).Segment.Value(source)))
	}
	return ast.WalkContinue, nil
}

type wikiLinks struct{}

// WikiLinks is the goldmark extension for [[Target]] and
// [[Target|display]] links.
var WikiLinks goldmark.Extender = wikiLinks{}

func (wikiLinks) Extend(m goldmark.Markdown) {
	// Before the link parser (200), which would otherwise take the "[".
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(wikiLinkParser{}, 198)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(annotationRenderer{}, 500)))
}
