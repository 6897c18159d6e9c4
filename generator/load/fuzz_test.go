package load

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// fuzzPaths are the kinds of content file a fuzzed file can be.
var fuzzPaths = []string{"notes/x.md", "entities/x.md", "countries/TJ.md", "seeds/x.txt"}

// FuzzLoad loads a content folder with one file of fuzzed bytes and checks
// what the rest of the build relies on: no panic; every diagnostic names
// that file and a position inside it (a line that exists, a column at most
// one past its end); a returned file keeps its bytes, its body starts at a
// line start after a closed front matter, and front-matter fields are set
// only when there is front matter. Seeds are in testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("---\ntitle: A note\npublished: 2025-05-29\nsource: https://example.org/\n---\nBody with [[Tajikistan]].\n"), uint8(0))
	f.Add([]byte("---\nkind: org\nid: csto\nname: Collective Security Treaty Organisation\naliases: [CSTO]\nmembers: [TJ, KG]\n---\nAbout.\n"), uint8(1))
	f.Add([]byte("---\ntitle: \"unclosed\n---\n"), uint8(0))
	f.Add([]byte("---\r\nevents:\n  - date: 2025-13-01\n    title: x\n    source: javascript:x\n...\nbody"), uint8(0))
	f.Add([]byte("---\na: &a [*a, *a]\nb: {c: [d, e\n---\n"), uint8(2))
	f.Add([]byte("Headline\nA caf\xe9 in Dushanbe.\n"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		name := fuzzPaths[int(kind)%len(fuzzPaths)]
		fsys := fstest.MapFS{
			"site.yaml": {Data: []byte("title: Fuzz\nbase_url: https://example.org/\n")},
			name:        {Data: data},
		}
		c, ds := Load(fsys)
		lines := bytes.Split(data, []byte("\n"))
		for _, d := range ds {
			if d.File != name {
				t.Fatalf("diagnostic about another file: %v", d)
			}
			switch {
			case d.Line < 0 || d.Line > len(lines):
				t.Fatalf("%v: line outside the file of %d lines", d, len(lines))
			case d.Line == 0 && d.Col != 0:
				t.Fatalf("%v: a column without a line", d)
			case d.Line > 0 && (d.Col < 1 || d.Col > len(lines[d.Line-1])+1):
				t.Fatalf("%v: column outside line %q", d, lines[d.Line-1])
			}
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("%v", d)
			}
		}
		if len(c.Files) > 1 {
			t.Fatalf("%d files from one", len(c.Files))
		}
		if len(c.Files) == 0 {
			if !ds.HasErrors() {
				t.Fatalf("the file was dropped without an error: %v", ds)
			}
			return
		}
		file := c.Files[0]
		if file.Path != name || !bytes.Equal(file.Raw, data) {
			t.Fatalf("file %s lost its bytes", file.Path)
		}
		if file.BodyStart < 0 || file.BodyStart > len(data) || !bytes.Equal(file.Body(), data[file.BodyStart:]) {
			t.Fatalf("body starts at %d of %d bytes", file.BodyStart, len(data))
		}
		if file.BodyStart > 0 {
			if !bytes.HasPrefix(data, []byte("---")) {
				t.Fatalf("body at %d but no front matter: %q", file.BodyStart, data)
			}
			if file.BodyStart < len(data) && data[file.BodyStart-1] != '\n' {
				t.Fatalf("body at %d does not start a line: %q", file.BodyStart, data)
			}
			closing := strings.TrimRight(string(lines[bytes.Count(data[:file.BodyStart-1], []byte("\n"))]), " \t\r")
			if closing != "---" && closing != "..." {
				t.Fatalf("front matter closed by %q", closing)
			}
		}
		fm := file.Front
		if file.BodyStart == 0 && (fm.Title != "" || fm.Source != "" || fm.Kind != "" || len(fm.Params) > 0 || len(fm.Events) > 0 || !fm.Published.IsZero()) {
			t.Fatalf("front matter fields without front matter: %+v", fm)
		}
		if file.Kind == Seed && file.BodyStart != 0 {
			t.Fatalf("a seed with front matter: seeds are plain text")
		}
	})
}

// TestYAMLPositions checks diagnostics in front matter where YAML and the
// file disagree on lines and columns: YAML breaks lines at a lone "\r" and
// at NEL, LS and PS and counts characters; files count "\n" lines and
// bytes. (The lone "\r" case was found by FuzzLoad.)
func TestYAMLPositions(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"---\n\r    0\n...\n", "notes/x.md:2:6: error: front matter must be a mapping of fields (title: ...), not a scalar"},
		{"---\n{é: 1, zz: 2}\n---\nx\n", `notes/x.md:2:2: warning: unknown front-matter field "é" (kept for templates)
notes/x.md:2:9: warning: unknown front-matter field "zz" (kept for templates)`},
		{"---\r\ntitle: x\r\ndraft: maybe\r\n---\r\nx\r\n", "notes/x.md:3:8: error: front matter: draft must be true or false"},
		{"---\ntitle: a\u2028b: [1]\n---\n", `notes/x.md:2:12: warning: unknown front-matter field "b" (kept for templates)`},
		{"---\ntitle: \"unclosed\npublished: 2025-01-01\n---\nx\n", "notes/x.md:4:1: error: front matter: found unexpected end of stream"},
	} {
		_, ds := ReadFile("notes/x.md", Note, []byte(tt.src))
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, strings.Join(got, "\n     "), tt.want)
		}
	}
}

// TestYAMLPositionsLF checks the short way of pos for front matter whose
// only breaks are "\n" against the long way, for every line and column
// in and around the text.
func TestYAMLPositionsLF(t *testing.T) {
	for _, yml := range []string{"", "\n", "title: x\n", "a: b\n\nc: [é, 日本]\nd: \"naïve\"", "x\ny\n\n\n"} {
		p := newYAMLPositions([]byte(yml), 2)
		if !p.lf {
			t.Fatalf("%q: not taken as \"\\n\" breaks only", yml)
		}
		long := p
		long.lf = false
		for line := -1; line <= len(p.starts)+2; line++ {
			for col := -1; col <= len(yml)+2; col++ {
				fl, fc := p.pos(line, col)
				ll, lc := long.pos(line, col)
				if fl != ll || fc != lc {
					t.Errorf("%q: pos(%d, %d) = %d:%d, want %d:%d", yml, line, col, fl, fc, ll, lc)
				}
			}
		}
	}
	for _, yml := range []string{"a\r\nb", "a\rb", "a\u2028b", "a\u0085b"} {
		if newYAMLPositions([]byte(yml), 2).lf {
			t.Errorf("%q: taken as \"\\n\" breaks only", yml)
		}
	}
}
