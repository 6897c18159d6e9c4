package annotate

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// headingIDTransformer gives every heading an id attribute the way GitHub
// does: the heading's text, lower-cased, without punctuation, spaces as
// hyphens, and "-1", "-2"... for repeats. goldmark's own auto ids slug the
// raw source line (markup included), which is why this is separate.
type headingIDTransformer struct{}

func (headingIDTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var used map[string]bool
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return inlinesSkipped(n, entering), nil
		}
		if used == nil {
			used = map[string]bool{}
		}
		id := slug(plainText(h, src))
		if id == "" {
			id = "section"
		}
		if used[id] {
			base := id
			for i := 1; used[id]; i++ {
				id = base + "-" + strconv.Itoa(i)
			}
		}
		used[id] = true
		h.SetAttributeString("id", []byte(id))
		return ast.WalkSkipChildren, nil
	})
}

type headingIDExtension struct{}

func (headingIDExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(headingIDTransformer{}, 1000)))
}

// headingIDs is part of the dialect, annotations or not.
var headingIDs goldmark.Extender = headingIDExtension{}

// slug makes a GitHub-style anchor name of s.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r), unicode.IsNumber(r), unicode.Is(unicode.Mn, r), r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// plainText is the text of an inline tree as a reader sees it: escapes and
// character references resolved, markup and images left out, line breaks as
// spaces.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if _, code := c.Parent().(*ast.CodeSpan); !code {
				v = util.ResolveNumericReferences(util.ResolveEntityNames(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.Image, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

func collectHeadings(root ast.Node, src []byte) []Heading {
	var out []Heading
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return inlinesSkipped(n, entering), nil
		}
		hd := Heading{Level: h.Level, Text: plainText(h, src), Offset: firstOffset(h)}
		if v, ok := h.AttributeString("id"); ok {
			if id, ok := v.([]byte); ok {
				hd.ID = string(id)
			}
		}
		out = append(out, hd)
		return ast.WalkSkipChildren, nil
	})
	return out
}

// inlinesSkipped tells a walk that looks for blocks (headings, table
// cells) not to enter a paragraph's or a text block's inline nodes, most
// of a document's tree, where no block can be.
func inlinesSkipped(n ast.Node, entering bool) ast.WalkStatus {
	if entering {
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			return ast.WalkSkipChildren
		}
	}
	return ast.WalkContinue
}

// firstOffset is the source offset of the first text of a block, else of
// its first line, else where goldmark saw the block start.
func firstOffset(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 && n.Lines().Len() > 0 {
		off = n.Lines().At(0).Start
	}
	if off < 0 {
		off = n.Pos()
	}
	return max(off, 0)
}
