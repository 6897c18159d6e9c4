package annotate

import (
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
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
		extension.GFM, // tables, strikethrough, linkify, task lists
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
