package annotate

import (
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Chroma styles of code blocks: a light one, and a dark one for readers
// whose system prefers dark pages.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// newGoldmark builds the dialect. Without annotations it is the baseline
// that the CommonMark conformance test compares against: the same GFM,
// footnote, highlighting and heading-id configuration, so that any
// difference is one an annotation made.
func newGoldmark(opts Options, annotations bool) goldmark.Markdown {
	exts := []goldmark.Extender{
		// GFM, spelled out so that tables can be told not to align cells
		// while rendering (see tableAlign).
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		tableAlign,
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
		extension.Footnote,
		highlighting.NewHighlighting(
			highlighting.WithStyle(lightStyle),
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
		),
		headingIDs,
	}
	if annotations {
		exts = append(exts, WikiLinks, Spans)
	}
	var ropts []goldmark.Option
	if opts.Unsafe {
		ropts = append(ropts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(append(ropts, goldmark.WithExtensions(exts...))...)
}

// ChromaCSS returns the stylesheet for highlighted code blocks: the light
// style, then the dark style inside a prefers-color-scheme media query.
// Rules are scoped under the .chroma class that code blocks render with.
func ChromaCSS() string {
	var b strings.Builder
	f := chromahtml.New(chromahtml.WithClasses(true))
	b.WriteString("/* code highlighting: chroma style " + lightStyle + " */\n")
	_ = f.WriteCSS(&b, styles.Get(lightStyle))
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	b.WriteString("/* code highlighting: chroma style " + darkStyle + " */\n")
	_ = f.WriteCSS(&b, styles.Get(darkStyle))
	b.WriteString("}\n")
	return b.String()
}

// tableAlignTransformer gives aligned table cells their style attribute
// once, while parsing. goldmark's table renderer would otherwise add it to
// the cell node on every render, so that a Doc rendered twice gets
// "text-align:right;text-align:right", and two goroutines rendering one Doc
// race on the node. The HTML is the same as goldmark's default.
type tableAlignTransformer struct{}

func (tableAlignTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*east.TableCell); ok && entering && c.Alignment != east.AlignNone {
			c.SetAttributeString("style", []byte("text-align:"+c.Alignment.String()))
		}
		return ast.WalkContinue, nil
	})
}

type tableAlignExtension struct{}

func (tableAlignExtension) Extend(m goldmark.Markdown) {
	// After goldmark's table transformers have built the cells.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(tableAlignTransformer{}, 1000)))
}

var tableAlign goldmark.Extender = tableAlignExtension{}
