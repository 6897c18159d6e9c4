package annotate

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Both annotations parse the same way. When the opening bracket is seen,
// the block's bracket table (blockText) says where the closing one is; the
// parser then leaves an opener node in the tree and lets goldmark parse the
// annotated text as ordinary inline Markdown. When the parser is triggered
// at the recorded closing bracket it processes the emphasis delimiters
// opened since, moves everything after the opener into the annotation node
// and replaces the opener by it, the way goldmark's link parser handles
// link text. An opener whose closing bracket never comes (some tighter
// construct such as raw HTML swallowed it) turns back into text at the end
// of the block.

type openerKind int

const (
	openWiki openerKind = iota
	openSpan
)

// opener is a provisional node: an annotation whose text is being parsed.
type opener struct {
	ast.BaseInline
	kind    openerKind
	Segment text.Segment // source consumed by the opener: put back as text if it never closes
	closeAt int          // source offset of the closing "]"
	bottom  ast.Node     // last emphasis delimiter before the opener
	start   int          // source offset where the annotated text starts
	target  string       // wiki links: the target name
}

var kindOpener = ast.NewNodeKind("AnnotationOpener")

func (o *opener) Kind() ast.NodeKind { return kindOpener }

func (o *opener) Dump(source []byte, level int) {
	ast.DumpHelper(o, source, level, map[string]string{"Segment": string(o.Segment.Value(source))}, nil)
}

// openerStack holds the openers of the block being parsed, innermost last.
type openerStack struct{ list []*opener }

var openersKey = parser.NewContextKey()

func pushOpener(pc parser.Context, o *opener) {
	st, _ := pc.Get(openersKey).(*openerStack)
	if st == nil {
		st = &openerStack{}
		pc.Set(openersKey, st)
	}
	st.list = append(st.list, o)
}

// popOpener removes and returns the opener of kind k waiting for a "]" at
// source offset off, or nil.
func popOpener(pc parser.Context, k openerKind, off int) *opener {
	st, _ := pc.Get(openersKey).(*openerStack)
	if st == nil {
		return nil
	}
	for i := len(st.list) - 1; i >= 0; i-- {
		o := st.list[i]
		if o.kind == k && o.closeAt == off {
			st.list = append(st.list[:i], st.list[i+1:]...)
			return o
		}
	}
	return nil
}

// closeInto finishes an annotation: the inline nodes parsed since the opener
// become the children of n, which takes the opener's place. It reports false
// (and changes nothing) when the opener is no longer a direct child of the
// block, which only happens when other markup overlapped the annotation.
func closeInto(parent ast.Node, o *opener, n ast.Node, pc parser.Context) bool {
	if o.Parent() != parent {
		return false
	}
	parser.ProcessDelimiters(o.bottom, pc)
	for c := o.NextSibling(); c != nil; {
		next := c.NextSibling()
		parent.RemoveChild(parent, c)
		n.AppendChild(n, c)
		c = next
	}
	parent.RemoveChild(parent, o)
	n.(interface{ SetPos(int) }).SetPos(o.Segment.Start)
	return true
}

// closeBlock turns the openers left at the end of a block back into text.
func closeBlock(pc parser.Context) {
	if st, _ := pc.Get(openersKey).(*openerStack); st != nil {
		for _, o := range st.list {
			if p := o.Parent(); p != nil {
				ast.MergeOrReplaceTextSegment(p, o, o.Segment)
			}
			if o.kind == openWiki {
				report(pc, o.Segment.Start, `unclosed "[[": its "]]" is part of other markup`)
			} else {
				report(pc, o.Segment.Start, `unclosed "[": its "]" is part of other markup`)
			}
		}
	}
	pc.Set(openersKey, nil)
	pc.Set(blockTextKey, nil)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// normalizeSpace trims b and collapses each run of white space to one
// space: a name wrapped over two lines is still one name.
func normalizeSpace(b []byte) string {
	out := make([]byte, 0, len(b))
	space := false
	for _, c := range b {
		if isSpace(c) {
			space = len(out) > 0
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, c)
	}
	return string(out)
}

// linkContext says where an annotation sits relative to links, so that the
// renderer never writes an <a> inside another.
type linkContext uint8

const (
	inLink   linkContext = 1 << iota // a link or [[link]] encloses it
	hasLinks                         // it encloses a link or [[link]]
)

// markLinks sets the linkContext of every annotation in one walk. A link
// marks the annotations open around it, innermost first, and stops at the
// first one already marked: those further out were marked with it, so the
// walk stays linear however deep the nesting.
func markLinks(root ast.Node) {
	var open []ast.Node // enclosing annotations, outermost first
	depth := 0          // enclosing links
	ctx := func(n ast.Node) *linkContext {
		switch n := n.(type) {
		case *wikiLink:
			return &n.links
		case *span:
			return &n.links
		}
		return nil
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		isLink := false
		switch n.Kind() {
		case ast.KindLink, ast.KindAutoLink, kindWikiLink:
			isLink = true
		}
		c := ctx(n)
		if !entering {
			if c != nil {
				open = open[:len(open)-1]
			}
			if isLink {
				depth--
			}
			return ast.WalkContinue, nil
		}
		if isLink {
			for i := len(open) - 1; i >= 0; i-- {
				oc := ctx(open[i])
				if *oc&hasLinks != 0 {
					break
				}
				*oc |= hasLinks
			}
		}
		if c != nil {
			if depth > 0 {
				*c |= inLink
			}
			open = append(open, n)
		}
		if isLink {
			depth++
		}
		return ast.WalkContinue, nil
	})
}
