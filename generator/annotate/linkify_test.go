package annotate

import (
	"bufio"
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
	"golang.org/x/tools/txtar"
)

// stockLinkify is the dialect with goldmark's own Linkify extension in
// place of the filtered one, parsing every document with it.
func stockLinkify(opts Options) *Markdown {
	saved := linkify
	defer func() { linkify = saved }()
	linkify = extension.Linkify
	m := New(opts)
	m.noLinks = nil
	return m
}

// sameAsStockLinkify requires that body parses and renders exactly as with
// goldmark's own Linkify: the filter in front of it, and the parser without
// it for documents without links, only save work.
func sameAsStockLinkify(t *testing.T, ours, stock *Markdown, body []byte) {
	t.Helper()
	d1, p1 := ours.Parse(body)
	d2, p2 := stock.Parse(body)
	if !bytes.Equal(d1.Prose, d2.Prose) || !reflect.DeepEqual(d1.Blocks, d2.Blocks) ||
		!reflect.DeepEqual(d1.Annotations, d2.Annotations) || !reflect.DeepEqual(d1.Headings, d2.Headings) ||
		!reflect.DeepEqual(p1, p2) {
		t.Fatalf("%q: parses differently with the Linkify filter", body)
	}
	h1, r1 := ours.Render(d1, testResolver)
	h2, r2 := stock.Render(d2, testResolver)
	if !bytes.Equal(h1, h2) || !reflect.DeepEqual(r1, r2) {
		t.Fatalf("%q: renders differently with the Linkify filter:\n got %q\nwant %q", body, h1, h2)
	}
}

var linkifySamples = []string{
	"see http://example.org/a?b=c, https://x.y/(z) and ftp://f.example.org.",
	"www.example.com and (www.example.com) and *www.x.com* and ~www.y.org~ and _www.z.net_",
	"mail a@b.co, a.b+c@d.example.org. or x@y or @z or foo@bar.baz-",
	"wwwexample http:no https ftp:/ www @ @@ a@ @b",
	"a http\nb ftp\nc www\nd htt\ne http:\nf https\n(http (www *ftp: ~@",
	"[link http://inside.org](http://dest.org) [[Tajikistan|see www.x.org]] [x http://y.z]{event}",
	"line one www.a.org\nline two\tb@c.de\n\n- item http://i.org\n\n> quote www.q.org",
	"| a | http://t.org |\n|---|---|\n| b@c.de | www.d.org |",
	"`code http://c.org` <http://auto.org> <a@b.cd>",
	strings.Repeat("x", 70) + "@example.org and " + strings.Repeat("y", 63) + "@e.org",
	"Iranian Foreign Minister Aida Alimov welcomed supplies (since 2014), during a meeting in Damascus.",
	// Blanks at the ends of lines, which goldmark trims differently when
	// the Linkify parser has split the line.
	"a \nb  \nc   \nd\t\ne \t\nf\t \r\ng \r\nh\v \ni \f\nj  \\\nk (  \nl *\t\nm",
	"| a  | b \t|\n|---|---|\n| c \t | d  |\n\n# head  \nsetext \t\n---\n\n- item  \n- item \t\n\n> quote \t\n> more",
	"last line  ",
	"last line \t",
}

// TestLinkifyFilter compares the dialect with and without the filter on
// the CommonMark spec, the case file, the fuzz corpus and text full of
// links, addresses and near misses.
func TestLinkifyFilter(t *testing.T) {
	for _, opts := range []Options{{}, {Unsafe: true}} {
		ours, stock := New(opts), stockLinkify(opts)
		for _, s := range linkifySamples {
			sameAsStockLinkify(t, ours, stock, []byte(s))
		}
		for _, ex := range loadSpec(t) {
			sameAsStockLinkify(t, ours, stock, []byte(ex.Markdown))
		}
		ar, err := txtar.ParseFile(casesFile)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, "/in.md") {
				sameAsStockLinkify(t, ours, stock, f.Data)
			}
		}
		seeds, _ := filepath.Glob("testdata/fuzz/FuzzParse/*")
		for _, name := range seeds {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			// A corpus file is "go test fuzz v1" and a []byte("…") line.
			for _, line := range strings.Split(string(b), "\n") {
				if q, ok := strings.CutPrefix(line, "[]byte("); ok {
					body, err := strconv.Unquote(strings.TrimSuffix(q, ")"))
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					sameAsStockLinkify(t, ours, stock, []byte(body))
				}
			}
		}
	}
}

func FuzzLinkifyFilter(f *testing.F) {
	for _, s := range linkifySamples {
		f.Add([]byte(s))
	}
	ours, stock := New(Options{}), stockLinkify(Options{})
	f.Fuzz(func(t *testing.T, body []byte) {
		sameAsStockLinkify(t, ours, stock, body)
	})
}

// TestMayHaveLinks: the quick test agrees with looking for each sign of a
// link, on random text made of their pieces.
func TestMayHaveLinks(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	pieces := []string{"a", " ", ".", ":", "w", "ww", "www", "h", "http", "ftp", "f", "@", "\n", "tp:"}
	for range 20000 {
		var b []byte
		for range r.Intn(12) {
			b = append(b, pieces[r.Intn(len(pieces))]...)
		}
		want := bytes.Contains(b, []byte("@")) || bytes.Contains(b, []byte("http:")) || bytes.Contains(b, []byte("https:")) ||
			bytes.Contains(b, []byte("ftp:")) || bytes.Contains(b, []byte("www."))
		if got := mayHaveLinks(b); !got && want {
			t.Fatalf("%q: no links, but it has a sign of one", b)
		}
	}
}

// TestPlainWriter: the shortcut of plainWriter writes what goldmark's
// writer writes, for Write, RawWrite and SecureWrite, on random text of
// plain bytes and of every byte it escapes or resolves.
func TestPlainWriter(t *testing.T) {
	r := rand.New(rand.NewSource(17))
	pieces := []string{"a", " ", "é", "\\", "\\*", "\\ ", "&", "&amp;", "&#65;", "&#x41;", "&nosuch;", "<", ">", "\"", "'", "\x00", "\n", "javascript:", "x"}
	w := plainWriter{html.DefaultWriter}
	for range 20000 {
		var b []byte
		for range r.Intn(10) {
			b = append(b, pieces[r.Intn(len(pieces))]...)
		}
		for _, f := range []func(html.Writer, util.BufWriter, []byte){
			html.Writer.Write, html.Writer.RawWrite, html.Writer.SecureWrite,
		} {
			var got, want bytes.Buffer
			gw, ww := bufio.NewWriter(&got), bufio.NewWriter(&want)
			f(w, gw, b)
			f(html.DefaultWriter, ww, b)
			_, _ = gw.Flush(), ww.Flush()
			if got.String() != want.String() {
				t.Fatalf("%q: got %q, want %q", b, got.String(), want.String())
			}
		}
	}
}

// TestUnchanged holds unchanged, which reads eight bytes at a time, equal
// to a look at each byte, for every byte the writer changes at every
// place in texts of every length up to 40, among plain bytes and bytes
// near the changed ones (0x80, 0xff, and the neighbours of " & < > \).
func TestUnchanged(t *testing.T) {
	byByte := func(b []byte, escapes bool) bool {
		for _, c := range b {
			if htmlSpecial[c] || escapes && c == '\\' {
				return false
			}
		}
		return true
	}
	plain := []byte("a Z0 .\x01\x7f\x80\xff!#%'=?@[]^~\x21\x23\x24\x27\x3b\x3d\x3f\x5b\x5d\xa2\xa6\xbc\xbe\xdc")
	special := []byte{0, '&', '<', '>', '"', '\\'}
	r := rand.New(rand.NewSource(3))
	randomTexts(r, 200, func() byte { return plain[r.Intn(len(plain))] }, func(b []byte) {
		check := func() {
			for _, escapes := range []bool{false, true} {
				if got, want := unchanged(b, escapes), byByte(b, escapes); got != want {
					t.Fatalf("unchanged(%q, %v) = %v, want %v", b, escapes, got, want)
				}
			}
		}
		check()
		if len(b) > 0 {
			at := r.Intn(len(b))
			for _, c := range special {
				b[at] = c
				check()
			}
		}
	})
}

// TestSingleSpaced holds singleSpaced, which reads eight bytes at a time,
// equal to a look at each byte, on texts of every length up to 40 made of
// spaces, breaks and bytes next to them, so that runs of two spaces fall
// on every place, across the eights too.
func TestSingleSpaced(t *testing.T) {
	byByte := func(b []byte) bool {
		prev := byte(0)
		for _, c := range b {
			if c == '\n' || c == '\t' || c == '\r' || c == ' ' && prev == ' ' {
				return false
			}
			prev = c
		}
		return true
	}
	alphabet := []byte("  aZ.\x00\x1f\x21\xa0\xff\x80\n\t\r\x0b\x0c\x08")
	r := rand.New(rand.NewSource(5))
	randomTexts(r, 3000, func() byte {
		c := alphabet[r.Intn(len(alphabet))]
		if r.Intn(3) > 0 && c < 0x20 {
			c = 'x' // breaks are rarer, so that long texts pass too
		}
		return c
	}, func(b []byte) {
		if got, want := singleSpaced(b), byByte(b); got != want {
			t.Fatalf("singleSpaced(%q) = %v, want %v", b, got, want)
		}
	})
}

// randomTexts calls f with perLength texts of each length from 0 to 40,
// each byte from pick.
func randomTexts(r *rand.Rand, perLength int, pick func() byte, f func([]byte)) {
	for n := 0; n <= 40; n++ {
		for range perLength {
			b := make([]byte, n)
			for i := range b {
				b[i] = pick()
			}
			f(b)
		}
	}
}
