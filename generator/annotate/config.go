package annotate

import (
	"bytes"
	"encoding/binary"
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

	"brief/internal/swar"
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
// difference is one an annotation made. Without links it lacks the
// Linkify parser, for documents where that finds nothing.
func newGoldmark(opts Options, annotations, links bool) goldmark.Markdown {
	exts := []goldmark.Extender{
		// GFM, spelled out so that tables can be told not to align cells
		// while rendering (see tableAlign).
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		tableAlign,
		extension.Strikethrough,
	}
	if links {
		exts = append(exts, linkify)
	}
	exts = append(exts,
		extension.TaskList,
		extension.Footnote,
		highlighting.NewHighlighting(
			highlighting.WithStyle(lightStyle),
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
		),
		headingIDs,
	)
	if annotations {
		exts = append(exts, WikiLinks, Spans)
	}
	ropts := []goldmark.Option{goldmark.WithRendererOptions(html.WithWriter(plainWriter{html.DefaultWriter}))}
	if opts.Unsafe {
		ropts = append(ropts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	ropts = append(ropts, goldmark.WithParser(parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(util.Prioritized(linkReferences{}, 100)),
	)))
	return goldmark.New(append(ropts, goldmark.WithExtensions(exts...))...)
}

// linkReferences is goldmark's default paragraph transformer, which takes
// link reference definitions ("[label]: /url") off the start of a
// paragraph, for the paragraphs that may start with one: their first line
// starts with "[" (after blanks). For any other it would read the
// paragraph through a reader of its own and leave it as it was.
type linkReferences struct{}

func (linkReferences) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if lines := node.Lines(); lines.Len() > 0 {
		seg := lines.At(0)
		line := reader.Source()[seg.Start:seg.Stop]
		i := 0
		for i < len(line) && util.IsSpace(line[i]) {
			i++
		}
		if i < len(line) && line[i] != '[' {
			return
		}
	}
	parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
}

// plainWriter is goldmark's HTML text writer with a shortcut: text without
// a byte that it escapes or resolves (a backslash, an ampersand, "<", ">",
// a double quote, NUL) is written as it is, in one piece, which is what
// the writer makes of it byte by byte. Most text of a note is such text.
type plainWriter struct{ html.Writer }

func (w plainWriter) Write(out util.BufWriter, source []byte) {
	if unchanged(source, true) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.Write(out, source)
}

func (w plainWriter) RawWrite(out util.BufWriter, source []byte) {
	if unchanged(source, false) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.RawWrite(out, source)
}

// htmlSpecial marks the bytes goldmark's writer escapes; a backslash,
// which it also resolves, is checked apart.
var htmlSpecial = [256]bool{0: true, '&': true, '<': true, '>': true, '"': true}

// unchanged reports whether source has no byte the writer changes;
// escapes says whether backslash escapes count. It looks at eight bytes
// at a time, as one number (see changes), and at the last few one by one.
func unchanged(source []byte, escapes bool) bool {
	i := 0
	for ; i+8 <= len(source); i += 8 {
		if changes(binary.LittleEndian.Uint64(source[i:]), escapes) {
			return false
		}
	}
	for _, c := range source[i:] {
		if htmlSpecial[c] || escapes && c == '\\' {
			return false
		}
	}
	return true
}

// changes reports whether one of the eight bytes w is one that the
// writer changes: NUL, & < > ", or a backslash when escapes counts.
func changes(w uint64, escapes bool) bool {
	m := swar.HasZero(w) | swar.Markup(w)
	if escapes {
		m |= swar.HasZero(w ^ '\\'*swar.Ones)
	}
	return m != 0
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
	if bytes.IndexByte(reader.Source(), '|') < 0 {
		return // a table has a row of pipes
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*east.TableCell); ok && entering && c.Alignment != east.AlignNone {
			c.SetAttributeString("style", []byte("text-align:"+c.Alignment.String()))
		}
		return inlinesSkipped(n, entering), nil
	})
}

type tableAlignExtension struct{}

func (tableAlignExtension) Extend(m goldmark.Markdown) {
	// After goldmark's table transformers have built the cells.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(tableAlignTransformer{}, 1000)))
}

var tableAlign goldmark.Extender = tableAlignExtension{}

// linkifyExtension registers goldmark's Linkify parser behind a cheap
// test. goldmark calls it at every space of running text, and almost every
// word there is neither a URL nor an e-mail address; the test turns those
// away before the parser looks at the line. Where it lets a word through,
// the parser decides exactly as without the test.
type linkifyExtension struct{}

func (linkifyExtension) Extend(m goldmark.Markdown) {
	// The priority goldmark's own Linkify extension registers with.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(linkifyFilter{extension.NewLinkifyParser()}, 999)))
}

var linkify goldmark.Extender = linkifyExtension{}

// linkifyFilter passes to the Linkify parser only the places where it can
// find a link; elsewhere it returns nil, as that parser would, having
// changed nothing.
type linkifyFilter struct{ parser.InlineParser }

func (f linkifyFilter) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if pc.Get(noLinksKey) != nil {
		return nil
	}
	line, _ := block.PeekLine()
	if len(line) > 0 && !mayLinkify(line) {
		return nil
	}
	return f.InlineParser.Parse(parent, block, pc)
}

// noLinksKey marks the parser.Context of a document in which the Linkify
// parser can find nothing (mayHaveLinks): then the filter turns every
// place away without looking.
var noLinksKey = parser.NewContextKey()

// mayHaveLinks reports whether src has anything that the Linkify parser
// may take for a link: an "@", or a URL prefix it knows. It looks for the
// bytes that are rare in running text first: a colon, which "http:",
// "https:" and "ftp:" have, and the full stops, of which few follow "www".
func mayHaveLinks(src []byte) bool {
	if bytes.IndexByte(src, '@') >= 0 {
		return true
	}
	if bytes.IndexByte(src, ':') >= 0 && (bytes.Contains(src, []byte("http")) || bytes.Contains(src, []byte("ftp:"))) {
		return true
	}
	for i := 0; ; i++ {
		k := bytes.IndexByte(src[i:], '.')
		if k < 0 {
			return false
		}
		i += k
		if i >= 3 && string(src[i-3:i]) == "www" {
			return true
		}
	}
}

// trailingBlanks reports whether a line of src ends in two or more blanks
// (spaces, tabs, carriage returns, vertical tabs or form feeds). goldmark
// trims the blanks at the end of a line's last text node; when the
// Linkify parser has ended a text node at one of those blanks, the blanks
// before it stay in the text, and the HTML keeps them ("aaa  <br>").
func trailingBlanks(src []byte) bool {
	blank := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }
	for i := 0; i <= len(src); {
		k := bytes.IndexByte(src[i:], '\n')
		if k < 0 {
			k = len(src) - i
		}
		i += k // a newline, or the end
		if i >= 2 && blank(src[i-1]) && blank(src[i-2]) {
			return true
		}
		i++
	}
	return false
}

// mayLinkify reports whether goldmark's Linkify parser may find a link at
// the start of line, that is after the one trigger character it skips: a
// URL starts with one of the prefixes it knows, and an e-mail address has
// an "@" right after its local part, at most 64 characters that are never
// white space.
func mayLinkify(line []byte) bool {
	switch line[0] {
	case ' ', '*', '_', '~', '(':
		line = line[1:]
	}
	if len(line) >= 4 {
		switch line[0] {
		case 'h':
			if len(line) >= 5 && string(line[:5]) == "http:" || len(line) >= 6 && string(line[:6]) == "https:" {
				return true
			}
		case 'f':
			if string(line[:4]) == "ftp:" {
				return true
			}
		case 'w':
			if string(line[:4]) == "www." {
				return true
			}
		}
	}
	for i := 0; i < len(line) && i <= 64; i++ {
		switch line[i] {
		case '@':
			return true
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return false
		}
	}
	return false
}
