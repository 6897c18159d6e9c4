// Package annotate parses and renders the annotated Markdown of notes
// (SPEC §2).
//
// The dialect is CommonMark plus the GFM extensions (tables, strikethrough,
// autolinks, task lists), footnotes, and two annotations:
//
//	[[Tajikistan]]                      a link to an entity's profile
//	[[Andrey Belousov|Belousov]]        the same with display text
//	[the meeting]{date=2025-05-28 event} a span with attributes
//
// A span's attribute block holds space-separated items: date=YYYY[-MM[-DD]],
// country=XX[,YY...], person=..., org=..., place=... (values may be quoted
// with double or single quotes) and the flags event and ignore. A span is
// recognised only when its closing "]" is immediately followed by "{";
// anything else is ordinary CommonMark, so links and reference links keep
// working.
//
// Both annotations are goldmark extensions in the style of goldmark's own
// (an inline parser, a node kind and a renderer func each), so the rest of
// the Markdown is parsed exactly as goldmark parses it. Fenced code blocks
// are highlighted by chroma with CSS classes; ChromaCSS returns the matching
// stylesheet.
//
// Parse turns a body into a Doc: the syntax tree, the annotations with their
// byte offsets, the headings, and the prose — the body with every byte that
// is not running text blanked out, so that the extractor reads clean
// sentences at the offsets of the original file. Render turns a Doc into
// HTML, resolving entity links through a Resolver supplied per call.
//
// The HTML they render to, for templates and stylesheets:
//
//	[[Name|text]]             <a class="entity" href="URL">text</a>, or plain text when unresolved
//	[text]{place=X}           <span class="ann" data-place="X">text</span>
//	[text]{date=2025-05 ...}  <time datetime="2025-05" class="ann" data-date="2025-05" ...>text</time>
//	[text]{country=TJ}        <span class="ann" data-country="TJ"><a href="URL">text</a></span> when it resolves
//	[text]{ignore}            text
//
// Flags render as empty data attributes (data-event=""). Headings carry
// GitHub-style ids; fenced code is <pre class="chroma"> with token classes.
//
// Problems (bad attributes, unclosed annotations, unknown entities) are
// values with a byte offset into the body; the caller turns them into
// file:line:col diagnostics.
//
// Conformance: every example of the CommonMark spec renders exactly as
// through the same goldmark configuration without the two annotation
// extensions, except three examples where "[[" deliberately becomes an
// entity link (548, 559 and 590 of spec 0.31.2; see commonmark_test.go).
// No spec example contains "]{", so spans take over nothing there.
package annotate

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"sync"

	"brief/generator/extract"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure the Markdown dialect.
type Options struct {
	// Unsafe lets raw HTML and dangerous link destinations through, as
	// goldmark's html.WithUnsafe does. Off by default: text from documents
	// must not inject markup into pages.
	Unsafe bool
}

// Markdown is a configured parser and renderer. It holds no per-document
// state, so one value serves any number of goroutines.
type Markdown struct {
	md goldmark.Markdown
	// noLinks parses the documents in which the Linkify parser can find
	// nothing (mayHaveLinks): the same dialect without it. goldmark calls
	// that parser at every space of running text, ends the text node
	// there and starts another; without it a line of prose is one text
	// node. The tree has the same text, split in fewer nodes, and renders
	// to the same HTML, except where a line ends in two or more blanks
	// (trailingBlanks): there the split keeps blanks that a whole line
	// loses. Nil parses every document with md.
	noLinks parser.Parser
}

// New configures the dialect once.
func New(opts Options) *Markdown {
	return &Markdown{md: newGoldmark(opts, true, true), noLinks: newGoldmark(opts, true, false).Parser()}
}

// Annotation kinds.
const (
	KindLink = "link"
	KindSpan = "span"
)

// Annotation is one [[link]] or [span]{attrs} of a document.
type Annotation struct {
	Kind       string            // KindLink or KindSpan
	Start, End int               // bytes of body the annotation covers: a link's displayed text, a span's bracketed text
	Pos        int               // byte offset of the opening "["
	Target     string            // link: the target name, whitespace normalised
	Attrs      map[string]string // span: key -> value ("" for flags); only valid attributes
	Date       extract.Date      // span with a valid date=
	Countries  []string          // span with a valid country=: upper-case alpha-2 codes
}

// Problem is an error at a byte offset of the body.
type Problem struct {
	Offset  int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("%d: %s", p.Offset, p.Message) }

// Heading is a heading of a document, for tables of contents.
type Heading struct {
	Level  int
	Text   string // plain text, markup removed
	ID     string // the id attribute it renders with: a GitHub-style slug, unique in the document
	Offset int    // byte offset of the heading's first text byte (or of its line when empty)
}

// Doc is a parsed document. It is not modified by Render, so it may be
// rendered any number of times, from any number of goroutines.
type Doc struct {
	Annotations []Annotation
	// Prose has the length of the body. Every byte that is not running text
	// (markup characters, link destinations, attribute blocks, the "[[", "]]"
	// and "target|" of links, code, raw HTML, table pipes, heading and list
	// markers, footnote labels) is a space; newlines are kept, and table
	// cells are separated by a newline put in place of the pipe between
	// them, so that sentences never run from one block into the next.
	Prose []byte
	// Blocks are the ranges of body, in order, from the first to the last
	// byte of text of each paragraph, heading, tight list item and table
	// cell. A sentence never crosses from one block into another, even
	// where only one newline separates them in Prose.
	Blocks   []extract.Span
	Headings []Heading

	src  []byte
	root ast.Node
}

// Parse parses body. It never fails: what it cannot read as an annotation
// stays text, and each such place is reported as a Problem. Problems are
// sorted by offset.
func (m *Markdown) Parse(body []byte) (d *Doc, problems []Problem) {
	return m.parse(body, nil)
}

// ParseInto is Parse with Doc.Prose written into prose instead of memory
// of its own, for a caller that reads the prose as part of a larger
// buffer (the extractor reads a note's front matter blanked and its body
// as prose). prose must be as long as body; any other length is ignored.
func (m *Markdown) ParseInto(body, prose []byte) (d *Doc, problems []Problem) {
	if len(prose) != len(body) {
		prose = nil
	}
	return m.parse(body, prose)
}

func (m *Markdown) parse(body, into []byte) (d *Doc, problems []Problem) {
	src := body
	if src == nil {
		src = []byte{}
	}
	defer func() {
		// goldmark and the extensions are meant never to panic; if one
		// does, the document still yields a Doc (all prose blanked, no
		// markup) and the reason, instead of taking the build down.
		if r := recover(); r != nil {
			d = &Doc{src: src, root: ast.NewDocument(), Prose: blank(into, src)}
			problems = []Problem{{0, fmt.Sprintf("internal error parsing Markdown: %v", r)}}
		}
	}()
	pc := parser.NewContext()
	p := m.md.Parser()
	if !mayHaveLinks(src) {
		pc.Set(noLinksKey, true)
		if m.noLinks != nil && !trailingBlanks(src) {
			p = m.noLinks
		}
	}
	probs := &problemList{}
	pc.Set(problemsKey, probs)
	root := p.Parse(text.NewReader(src), parser.WithContext(pc))
	d = &Doc{src: src, root: root}
	if bytes.IndexByte(src, '[') >= 0 {
		// Annotations open with "[": without one there is none to find
		// or mark.
		markLinks(root)
		d.Annotations = collectAnnotations(root)
	}
	d.Headings = collectHeadings(root, src)
	d.Prose, d.Blocks = prose(root, src, into)
	sortProblems(probs.list)
	return d, probs.list
}

// DropTree lets the syntax tree and the source go once the document is
// rendered, keeping Headings and Annotations; Render then renders nothing.
func (d *Doc) DropTree() {
	d.root, d.src = nil, nil
}

// Resolver maps an entity link target to the URL of its page. Render also
// asks it for "country:XX" when a span names a single country, and for the
// values of person= and org=; ok false means there is no such page.
type Resolver func(target string) (url string, ok bool)

// Render renders d as HTML. A [[link]] whose target resolve does not know is
// a Problem at its "[[" and renders as plain text. A nil resolve knows no
// targets.
func (m *Markdown) Render(d *Doc, resolve Resolver) (html []byte, problems []Problem) {
	return m.RenderTo(nil, d, resolve)
}

// RenderTo is Render into dst's memory: the HTML is appended to dst[:0],
// for a caller that renders many documents and keeps none of the bytes.
func (m *Markdown) RenderTo(dst []byte, d *Doc, resolve Resolver) (html []byte, problems []Problem) {
	if d == nil || d.root == nil {
		return nil, nil
	}
	buf := bytes.NewBuffer(dst[:0])
	// Running text renders to about its own size; room for the tags of
	// a paragraph or two more.
	buf.Grow(len(d.src) + len(d.src)/8 + 64)
	bw := bufWriters.Get().(*bufio.Writer)
	bw.Reset(buf)
	defer func() {
		bw.Reset(nil)
		bufWriters.Put(bw)
	}()
	rw := &renderWriter{Writer: bw, resolve: resolve}
	defer func() {
		if r := recover(); r != nil {
			html = nil
			problems = []Problem{{0, fmt.Sprintf("internal error rendering Markdown: %v", r)}}
		}
	}()
	if err := m.md.Renderer().Render(rw, d.src, d.root); err != nil {
		// goldmark's HTML renderer only fails when the writer does; a
		// bytes.Buffer does not, but report rather than hide it.
		rw.problems = append(rw.problems, Problem{0, "render: " + err.Error()})
	}
	_ = rw.Flush()
	sortProblems(rw.problems)
	return buf.Bytes(), rw.problems
}

// bufWriters recycles the buffered writers that goldmark renders through:
// a site renders every note.
var bufWriters = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// renderWriter carries the per-call state of Render to the node renderer
// funcs, which goldmark registers once and shares between goroutines.
// goldmark hands the writer it is given to every renderer func, so this is
// the one place where call-specific state can travel without a global.
type renderWriter struct {
	*bufio.Writer
	resolve  Resolver
	problems []Problem
	closers  []closer
}

// closer is the end tag an annotation node wrote on entering, so that
// leaving it does not have to resolve its target again.
type closer struct {
	node ast.Node
	tag  string
}

func (w *renderWriter) push(n ast.Node, tag string) {
	w.closers = append(w.closers, closer{n, tag})
}

// pop writes the end tags that n pushed. It is safe on a nil writer.
func (w *renderWriter) pop(out util.BufWriter, n ast.Node) {
	for w != nil && len(w.closers) > 0 && w.closers[len(w.closers)-1].node == n {
		_, _ = out.WriteString(w.closers[len(w.closers)-1].tag)
		w.closers = w.closers[:len(w.closers)-1]
	}
}

func (w *renderWriter) lookup(target string) (string, bool) {
	if w.resolve == nil {
		return "", false
	}
	return w.resolve(target)
}

// problemList collects the problems of one Parse call; it lives in the
// parser.Context of that call.
type problemList struct{ list []Problem }

var problemsKey = parser.NewContextKey()

func report(pc parser.Context, offset int, format string, args ...any) {
	if l, ok := pc.Get(problemsKey).(*problemList); ok {
		l.list = append(l.list, Problem{Offset: offset, Message: fmt.Sprintf(format, args...)})
	}
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Offset < ps[j].Offset })
}

func collectAnnotations(root ast.Node) []Annotation {
	var out []Annotation
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *wikiLink:
			out = append(out, Annotation{
				Kind: KindLink, Start: n.start, End: n.end, Pos: n.Pos(), Target: n.target,
			})
		case *span:
			a := Annotation{Kind: KindSpan, Start: n.start, End: n.end, Pos: n.Pos(), Attrs: map[string]string{}}
			for k, v := range n.attrs.values {
				a.Attrs[k] = v
			}
			a.Date = n.attrs.date
			a.Countries = append([]string(nil), n.attrs.countries...)
			if len(a.Countries) == 0 {
				a.Countries = nil
			}
			out = append(out, a)
		}
		return ast.WalkContinue, nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pos < out[j].Pos })
	return out
}
