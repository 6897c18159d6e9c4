package annotate

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

type specExample struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
	Example  int    `json:"example"`
	Section  string `json:"section"`
}

func loadSpec(t testing.TB) []specExample {
	t.Helper()
	b, err := os.ReadFile("testdata/commonmark/spec.json")
	if err != nil {
		t.Fatal(err)
	}
	var ex []specExample
	if err := json.Unmarshal(b, &ex); err != nil {
		t.Fatal(err)
	}
	if len(ex) != 652 {
		t.Fatalf("spec.json has %d examples, want the 652 of CommonMark 0.31.2", len(ex))
	}
	return ex
}

// annotationTakeovers lists the CommonMark examples whose rendering the
// annotations change on purpose, each with the reason. Every other example
// renders exactly as through the same goldmark without the annotation
// extensions.
var annotationTakeovers = map[int]string{
	548: `"[[[foo]]]" is "[", the entity link [[foo]], "]"; CommonMark keeps the brackets as text`,
	559: `"[[*foo* bar]]" is an entity link to "*foo* bar"; CommonMark reads "[", a shortcut reference link, "]"`,
	590: `"[[foo]]: /url" is not a link reference definition (labels cannot hold brackets), so its "[[foo]]" is an entity link`,
}

func render(t testing.TB, md goldmark.Markdown, src string) string {
	t.Helper()
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCommonMark renders every example of the CommonMark spec through the
// dialect and through the dialect minus the annotation extensions (GFM,
// footnotes, highlighting and heading ids included in both), and requires
// identical HTML except for the listed takeovers.
func TestCommonMark(t *testing.T) {
	ours := New(Options{Unsafe: true})
	base := newGoldmark(Options{Unsafe: true}, false, true)
	differ := map[int]bool{}
	for _, ex := range loadSpec(t) {
		d, _ := ours.Parse([]byte(ex.Markdown))
		got, _ := ours.Render(d, func(string) (string, bool) { return "/e/", true })
		want := render(t, base, ex.Markdown)
		if string(got) == want {
			continue
		}
		differ[ex.Example] = true
		if _, ok := annotationTakeovers[ex.Example]; !ok {
			t.Errorf("example %d (%s) differs:\nmarkdown: %q\nwant: %q\ngot:  %q", ex.Example, ex.Section, ex.Markdown, want, got)
		}
	}
	for n := range annotationTakeovers {
		if !differ[n] {
			t.Errorf("example %d is listed as a takeover but renders like the baseline", n)
		}
	}
}

// TestCommonMarkBaseline counts how far the configured extensions (GFM,
// footnotes, highlighting, heading ids) move goldmark from pure CommonMark,
// for the README. It fails only if plain goldmark stops passing the spec.
func TestCommonMarkBaseline(t *testing.T) {
	plain := goldmark.New(goldmark.WithRendererOptions(html.WithUnsafe()))
	// The spec's expected HTML is XHTML-style ("<br />"); goldmark writes
	// HTML5 unless told otherwise.
	xhtml := goldmark.New(goldmark.WithRendererOptions(html.WithUnsafe(), html.WithXHTML()))
	gfm := goldmark.New(goldmark.WithRendererOptions(html.WithUnsafe()),
		goldmark.WithExtensions(extension.GFM, extension.Footnote))
	base := newGoldmark(Options{Unsafe: true}, false, true)
	ours := New(Options{Unsafe: true})
	var plainFail, gfmDiff, baseDiff, oursDiff []int
	for _, ex := range loadSpec(t) {
		p := render(t, plain, ex.Markdown)
		if render(t, xhtml, ex.Markdown) != ex.HTML {
			plainFail = append(plainFail, ex.Example)
		}
		if render(t, gfm, ex.Markdown) != p {
			gfmDiff = append(gfmDiff, ex.Example)
		}
		if render(t, base, ex.Markdown) != p {
			baseDiff = append(baseDiff, ex.Example)
		}
		d, _ := ours.Parse([]byte(ex.Markdown))
		if html, _ := ours.Render(d, func(string) (string, bool) { return "/e/", true }); string(html) != p {
			oursDiff = append(oursDiff, ex.Example)
		}
	}
	sort.Ints(plainFail)
	t.Logf("plain goldmark (XHTML mode) differs from the spec's HTML in %d examples: %v", len(plainFail), plainFail)
	t.Logf("GFM+footnotes change %d examples: %v", len(gfmDiff), gfmDiff)
	t.Logf("GFM+footnotes+highlighting+heading ids change %d examples: %v", len(baseDiff), baseDiff)
	t.Logf("the whole dialect (with annotations) changes %d examples: %v", len(oursDiff), oursDiff)
	if len(plainFail) > 0 {
		t.Errorf("plain goldmark no longer passes the spec")
	}
}
