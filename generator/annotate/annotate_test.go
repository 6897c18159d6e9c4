package annotate

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
	"golang.org/x/tools/txtar"
)

// FuzzParse feeds arbitrary bodies through Parse and Render and checks the
// invariants the extractor and the renderer rely on.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[[Tajikistan]] and [[Andrey Belousov|Belousov]]",
		"[text]{date=2025-05-28 country=TJ,kg person=\"A B\" event ignore}",
		"[a [b]{x} c]{y}\n> [[q\n> r]]",
		"| a | [[b]] |\n|---|---|\n| `c` | [d]{place=e} |",
		"[[[[", "]]]]{", "[x]{\"", "[x]{date=\"", "[`]`]{event}", "\\[x]{y}",
		"# [h]{date=2025}\n\n- [ ] [[t]]\n\n[^1]\n\n[^1]: [[n]]",
		"<b>[x]{event}</b> <a href=\"]{\">",
		"[x]{country=\"TJ,\n KG\"}",
	} {
		f.Add([]byte(s))
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, body []byte) {
		d, probs := m.Parse(body)
		checkDoc(t, "fuzz", body, d)
		for _, p := range probs {
			if p.Offset < 0 || p.Offset > len(body) {
				t.Fatalf("problem offset %d out of range: %v", p.Offset, p)
			}
		}
		html1, rp := m.Render(d, testResolver)
		for _, p := range rp {
			if p.Offset < 0 || p.Offset > len(body) {
				t.Fatalf("render problem offset %d out of range: %v", p.Offset, p)
			}
		}
		html2, _ := m.Render(d, testResolver)
		if !bytes.Equal(html1, html2) {
			t.Fatalf("rendering twice differs")
		}
		if utf8.Valid(body) && bytes.Contains(bytes.ToLower(html1), []byte("<script")) {
			t.Fatalf("script tag in safe output: %s", html1)
		}
	})
}

// TestSafeOutput checks that, without Unsafe, no markup from the body
// reaches the page, whichever construct carries it.
func TestSafeOutput(t *testing.T) {
	m := New(Options{})
	bodies := []string{
		"<script>alert(1)</script>",
		"text <script>alert(1)</script> text",
		"[[<script>alert(1)</script>]]",
		"[[x|<script>alert(1)</script>]]",
		"[<script>alert(1)</script>]{event}",
		`[x]{person="<script>alert(1)</script>"}`,
		"| <script>alert(1)</script> |\n|---|\n",
		"# <script>alert(1)</script>",
		"[^1]\n\n[^1]: <script>alert(1)</script>",
		"```<script>\n<script>alert(1)</script>\n```",
		"```html\n<script>alert(1)</script>\n```",
	}
	for _, b := range bodies {
		d, _ := m.Parse([]byte(b))
		html, _ := m.Render(d, func(string) (string, bool) { return "/x/", true })
		if bytes.Contains(html, []byte("<script")) {
			t.Errorf("%q renders a script tag: %s", b, html)
		}
	}
	links := []string{
		"[x](javascript:alert(1))",
		"<javascript:alert(1)>",
		"[x][r]\n\n[r]: javascript:alert(1)",
		"![x](javascript:alert(1))",
		"[x](JAVASCRIPT:alert(1))",
		"[x](vbscript:msgbox(1))",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
	}
	for _, b := range links {
		d, _ := m.Parse([]byte(b))
		html, _ := m.Render(d, nil)
		low := bytes.ToLower(html)
		for _, bad := range []string{"javascript:", "vbscript:", "data:text/html"} {
			if bytes.Contains(low, []byte(`="`+bad)) {
				t.Errorf("%q renders a live %s link: %s", b, bad, html)
			}
		}
	}
	// The resolver's URLs are trusted, but still escaped as attribute values.
	d, _ := m.Parse([]byte("[[x]]"))
	html, _ := m.Render(d, func(string) (string, bool) { return `/a"><script>`, true })
	if bytes.Contains(html, []byte("<script")) || bytes.Contains(html, []byte(`a"`)) {
		t.Errorf("resolver URL not escaped: %s", html)
	}
}

// TestUnsafe checks that the option does let raw HTML through.
func TestUnsafe(t *testing.T) {
	d, _ := New(Options{Unsafe: true}).Parse([]byte("<b>x</b>"))
	html, _ := New(Options{Unsafe: true}).Render(d, nil)
	if !bytes.Contains(html, []byte("<b>x</b>")) {
		t.Errorf("unsafe render dropped raw HTML: %s", html)
	}
}

// TestConcurrentRender renders documents from many goroutines at once (run
// with -race) and requires every result to equal the sequential one.
func TestConcurrentRender(t *testing.T) {
	m := New(Options{})
	var docs []*Doc
	var want [][]byte
	for i := range 8 {
		body := fmt.Sprintf("# Doc %d\n\n[[Tajikistan]] [[Nowhere %d]] [x]{date=2025-05-%02d country=TJ}\n\n```go\nvar x = %d\n```\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |\n", i, i, i+1, i)
		d, _ := m.Parse([]byte(body))
		html, _ := m.Render(d, testResolver)
		docs = append(docs, d)
		want = append(want, html)
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 20 {
				i := (g + k) % len(docs)
				html, probs := m.Render(docs[i], testResolver)
				if !bytes.Equal(html, want[i]) {
					t.Errorf("doc %d renders differently under concurrency", i)
				}
				if len(probs) != 1 || !strings.Contains(probs[0].Message, fmt.Sprintf("Nowhere %d", i)) {
					t.Errorf("doc %d: problems %v", i, probs)
				}
			}
		}()
	}
	wg.Wait()
	// Parsing concurrently shares the one goldmark instance too.
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, probs := m.Parse([]byte(fmt.Sprintf("[a]{dat=%d} [[b", g)))
			if len(probs) != 2 || len(d.Annotations) != 1 {
				t.Errorf("concurrent parse %d: %v %v", g, probs, d.Annotations)
			}
		}()
	}
	wg.Wait()
}

func TestChromaCSS(t *testing.T) {
	css := ChromaCSS()
	dark := strings.Index(css, "@media (prefers-color-scheme: dark) {")
	if dark < 0 {
		t.Fatalf("no dark section:\n%s", css)
	}
	light := css[:dark]
	for _, part := range []string{light, css[dark:]} {
		if !strings.Contains(part, ".chroma .k {") && !strings.Contains(part, ".chroma .k{") {
			t.Errorf("keyword rule missing in\n%s", part)
		}
	}
	if !strings.HasSuffix(strings.TrimSpace(css), "}") || strings.Count(css, "{") != strings.Count(css, "}") {
		t.Errorf("unbalanced CSS:\n%s", css)
	}
	if strings.Contains(css, "style=") {
		t.Errorf("inline styles in CSS output")
	}
	// Code blocks must use the classes the CSS styles, not inline styles.
	m := New(Options{})
	d, _ := m.Parse([]byte("```go\nfunc main() {}\n```\n"))
	html, _ := m.Render(d, nil)
	if !bytes.Contains(html, []byte(`<pre class="chroma">`)) || bytes.Contains(html, []byte("style=")) {
		t.Errorf("code block not highlighted with classes: %s", html)
	}
}

// TestRenderUnchangedDoc checks that Render leaves the Doc as it was.
func TestRenderUnchangedDoc(t *testing.T) {
	m := New(Options{})
	d, _ := m.Parse([]byte("[[Tajikistan]] and [x]{date=2025 country=TJ}"))
	before := fmt.Sprintf("%+v", d.Annotations)
	a, _ := m.Render(d, testResolver)
	b, _ := m.Render(d, nil)
	c, _ := m.Render(d, testResolver)
	if !bytes.Equal(a, c) || bytes.Equal(a, b) {
		t.Errorf("renders depend on earlier calls:\n%s\n%s\n%s", a, b, c)
	}
	if fmt.Sprintf("%+v", d.Annotations) != before {
		t.Errorf("annotations changed by Render")
	}
}

func BenchmarkParseRender(b *testing.B) {
	var body bytes.Buffer
	for i := range 200 {
		fmt.Fprintf(&body, "## Section %d\n\nOn [Wednesday]{date=2025-05-28 event} the [[CSTO]] met in [Bishkek]{place=Bishkek country=KG}; [[Andrey Belousov|Belousov]] spoke of *15,000* fighters.\n\n", i)
	}
	m := New(Options{})
	b.SetBytes(int64(body.Len()))
	for b.Loop() {
		d, _ := m.Parse(body.Bytes())
		_, _ = m.Render(d, testResolver)
	}
}

// BenchmarkParseNote parses a note of six paragraphs of plain prose, as
// most notes of a briefing are: no links, few annotations.
func BenchmarkParseNote(b *testing.B) {
	var body bytes.Buffer
	for i := range 6 {
		fmt.Fprintf(&body, "Iranian Foreign Minister Aida Alimov welcomed supplies of weapons and equipment since 201%d, during a meeting in Damascus. "+
			"According to the European Union, more than 9000 fighters and 16 groups remain active in Pakistan. "+
			"The Syrian government said it reviewed drug trafficking routes beginning in 2019. "+
			"Analysts said the move reflected growing concern about instability in the region.\n\n", i)
	}
	m := New(Options{})
	b.SetBytes(int64(body.Len()))
	b.ReportAllocs()
	for b.Loop() {
		_, _ = m.Parse(body.Bytes())
	}
}

// TestCRLF checks offsets in a body with Windows line ends.
func TestCRLF(t *testing.T) {
	body := []byte("# Title\r\n\r\nOn [Wednesday]{date=2025-05-28}\r\n[[Tajikistan]] said.\r\n")
	m := New(Options{})
	d, probs := m.Parse(body)
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	checkDoc(t, "crlf", body, d)
	if len(d.Annotations) != 2 {
		t.Fatalf("annotations: %+v", d.Annotations)
	}
	for _, a := range d.Annotations {
		got := string(body[a.Start:a.End])
		if got != "Wednesday" && got != "Tajikistan" {
			t.Errorf("annotation covers %q", got)
		}
	}
	// Carriage returns are not prose; the newlines stay.
	want := "  Title \n \nOn  Wednesday" + strings.Repeat(" ", 19) + "\n  Tajikistan   said. \n"
	if got := string(d.Prose); got != want {
		t.Errorf("prose %q", got)
	}
	if len(d.Headings) != 1 || d.Headings[0].ID != "title" {
		t.Errorf("headings %+v", d.Headings)
	}
}

// BenchmarkPathological parses inputs that would be quadratic if bracket
// matching or attribute scanning restarted at every bracket; each should
// take time in proportion to its size.
func BenchmarkPathological(b *testing.B) {
	const n = 20000
	m := New(Options{})
	for name, body := range map[string]string{
		"open-brackets":   strings.Repeat("[", n),
		"open-wiki":       strings.Repeat("[[", n/2),
		"nested-spans":    strings.Repeat("[", n/8) + strings.Repeat("]{event}", n/8),
		"unclosed-blocks": strings.Repeat("[a]{", n/4),
		"unclosed-quotes": strings.Repeat("[a]{\"", n/5),
		"backticks":       strings.Repeat("` `` ``` ", n/9),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				d, _ := m.Parse([]byte(body))
				_, _ = m.Render(d, nil)
			}
		})
	}
}

// TestReadableText: a sentence of a note quoted without its markup.
func TestReadableText(t *testing.T) {
	md := New(Options{})
	for _, c := range []struct{ in, want string }{
		{"The [[Taliban]]'s envoy met [Emomali Rahmon]{person=\"Emomali Rahmon\"} in Dushanbe.", "The Taliban's envoy met Emomali Rahmon in Dushanbe."},
		{"Talks with [[Tajikistan|the Tajik side]]\nwent on  for *two* days.", "Talks with the Tajik side went on for two days."},
		{"See [the report](https://example.org/a) on `code`.", "See the report on ."},
		{"plain", "plain"},
	} {
		d, problems := md.Parse([]byte(c.in))
		if len(problems) > 0 {
			t.Fatalf("%q: %v", c.in, problems)
		}
		if got := ReadableText([]byte(c.in), d.Prose, 0, len(c.in)); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
		// Appending to a buffer that holds an earlier quote: the leading
		// space rule looks at the new text only.
		if got := string(AppendReadableText([]byte("x"), []byte(" "+c.in), append([]byte{' '}, d.Prose...), 0, len(c.in)+1)); got != "x"+c.want {
			t.Errorf("append %q:\n got %q\nwant %q", c.in, got, "x"+c.want)
		}
	}
	if got := ReadableText([]byte("abc"), []byte("abc"), -3, 99); got != "abc" {
		t.Errorf("out of range: %q", got)
	}
}

// TestReadableTextFastPath: the copy of plain sentences gives what the
// byte-by-byte reading gives, on random text with blanked markup, runs of
// spaces, line breaks and tabs at any place.
func TestReadableTextFastPath(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	alphabet := []byte("ab  \n\t\r.[]")
	for range 20000 {
		n := 1 + r.Intn(12)
		body, prose := make([]byte, n), make([]byte, n)
		for i := range body {
			body[i] = alphabet[r.Intn(len(alphabet))]
			prose[i] = body[i]
			if r.Intn(6) == 0 && body[i] != '\n' {
				prose[i] = ' ' // blanked markup
			}
		}
		if r.Intn(2) == 0 {
			copy(prose, body) // no markup at all: the common case
		}
		start, end := r.Intn(n+1)-1, r.Intn(n+2)
		got := AppendReadableText([]byte("q"), body, prose, start, end)
		want := appendReadable([]byte("q"), body, prose, max(start, 0), min(end, n))
		if !bytes.Equal(got, want) {
			t.Fatalf("body %q prose %q [%d:%d]: got %q, want %q", body, prose, start, end, got, want)
		}
	}
}

// TestCopyTextBlocks: copying text between escapes as blocks writes what
// copying it byte by byte writes, on random text of escapes, references,
// newlines and letters.
func TestCopyTextBlocks(t *testing.T) {
	byByte := func(p, src []byte, start, stop int) {
		stop = min(stop, len(src))
		for i := start; i < stop; i++ {
			c := src[i]
			switch {
			case c == '\\' && i+1 < stop && isASCIIPunct(src[i+1]):
				p[i+1] = src[i+1]
				i++
				continue
			case c == '&':
				if j := bytes.IndexByte(src[i:min(stop, i+40)], ';'); j > 1 {
					ref := src[i : i+j+1]
					if v := util.ResolveNumericReferences(util.ResolveEntityNames(ref)); !bytes.Equal(v, ref) && len(v) <= len(ref) {
						copy(p[i:], v)
						i += j
						continue
					}
				}
			}
			if c != '\n' {
				p[i] = c
			}
		}
	}
	r := rand.New(rand.NewSource(11))
	pieces := []string{"a", "Z", " ", "\n", "\\", "\\*", "\\\\", "&", "&amp;", "&lt;", "&#65;", "&#x41;", "&copy;", "&bogus;", ";", "&am", "p;", "é"}
	for range 20000 {
		var src []byte
		for range r.Intn(14) {
			src = append(src, pieces[r.Intn(len(pieces))]...)
		}
		start, stop := 0, len(src)
		if len(src) > 0 {
			start, stop = r.Intn(len(src)), r.Intn(len(src)+3)
		}
		got, want := blank(nil, src), bytes.Repeat([]byte{' '}, len(src))
		for i, c := range src {
			if c == '\n' {
				want[i] = '\n'
			}
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("blank(%q) = %q, want %q", src, got, want)
		}
		copyText(got, src, start, stop)
		byByte(want, src, start, stop)
		if !bytes.Equal(got, want) {
			t.Fatalf("%q [%d:%d]: got %q, want %q", src, start, stop, got, want)
		}
	}
}

// TestParseInto: ParseInto writes the prose Parse makes into the given
// buffer, whatever that held, and ignores a buffer of another length.
func TestParseInto(t *testing.T) {
	m := New(Options{})
	ar, err := txtar.ParseFile(casesFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, "/in.md") {
			continue
		}
		want, wp := m.Parse(f.Data)
		buf := bytes.Repeat([]byte{'x', '\n'}, len(f.Data)/2+1)[:len(f.Data)]
		got, gp := m.ParseInto(f.Data, buf)
		if !bytes.Equal(got.Prose, want.Prose) || !reflect.DeepEqual(got.Blocks, want.Blocks) || !reflect.DeepEqual(gp, wp) {
			t.Errorf("%s: ParseInto differs from Parse", f.Name)
		}
		if len(buf) > 0 && &got.Prose[0] != &buf[0] {
			t.Errorf("%s: the prose is not in the given buffer", f.Name)
		}
		if other, _ := m.ParseInto(f.Data, make([]byte, len(f.Data)+1)); !bytes.Equal(other.Prose, want.Prose) {
			t.Errorf("%s: a buffer of another length changed the prose", f.Name)
		}
	}
}
