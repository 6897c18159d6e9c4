package annotate

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/cases.txtar")

// testResolver knows a few entities, as the site model would.
func testResolver(target string) (string, bool) {
	url, ok := map[string]string{
		"Tajikistan":       "/countries/tj/",
		"CSTO":             "/organisations/csto/",
		"Andrey Belousov":  "/people/andrey-belousov/",
		"country:TJ":       "/countries/tj/",
		"country:KG":       "/countries/kg/",
		"Taliban":          "/organisations/taliban/",
		"a \"quoted\" <b>": "/odd/?a=1&b=<2>",
	}[target]
	return url, ok
}

// The case file holds, per case NAME, the input NAME/in.md and the expected
// NAME/html (rendered with testResolver, unsafe off unless the case has a
// file NAME/unsafe), NAME/problems (parse then render problems, as
// "line:col: message (offset N)"), NAME/annotations and NAME/prose (blanks
// shown as "·" so that they survive editors).
const casesFile = "testdata/cases.txtar"

func TestCases(t *testing.T) {
	ar, err := txtar.ParseFile(casesFile)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range ar.Files {
		files[f.Name] = f.Data
		if path.Base(f.Name) == "in.md" {
			names = append(names, path.Dir(f.Name))
		}
	}
	safe, unsafe := New(Options{}), New(Options{Unsafe: true})
	got := map[string][]byte{}
	for _, name := range names {
		in := files[name+"/in.md"]
		m := safe
		if _, ok := files[name+"/unsafe"]; ok {
			m = unsafe
		}
		d, probs := m.Parse(in)
		html, rprobs := m.Render(d, testResolver)
		got[name+"/html"] = html
		got[name+"/problems"] = formatProblems(in, append(probs, rprobs...))
		got[name+"/annotations"] = formatAnnotations(d.Annotations)
		got[name+"/prose"] = bytes.ReplaceAll(d.Prose, []byte(" "), []byte("·"))
		if len(d.Headings) > 0 {
			got[name+"/headings"] = formatHeadings(d.Headings)
		}
		checkDoc(t, name, in, d)
	}
	if *update {
		var out []txtar.File
		for _, f := range ar.Files {
			if _, ok := got[f.Name]; !ok && !isOutput(f.Name) {
				out = append(out, f)
			}
			if path.Base(f.Name) == "in.md" {
				dir := path.Dir(f.Name)
				for _, kind := range []string{"html", "problems", "annotations", "prose", "headings"} {
					if b, ok := got[dir+"/"+kind]; ok {
						out = append(out, txtar.File{Name: dir + "/" + kind, Data: b})
					}
				}
			}
		}
		ar.Files = out
		if err := os.WriteFile(casesFile, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, name := range names {
		for _, kind := range []string{"html", "problems", "annotations", "prose", "headings"} {
			key := name + "/" + kind
			want, g := files[key], got[key]
			if !bytes.Equal(bytes.TrimRight(want, "\n"), bytes.TrimRight(g, "\n")) {
				t.Errorf("%s: got\n%s\nwant\n%s", key, g, want)
			}
		}
	}
}

func isOutput(name string) bool {
	switch path.Base(name) {
	case "html", "problems", "annotations", "prose", "headings":
		return true
	}
	return false
}

func formatProblems(src []byte, ps []Problem) []byte {
	var b bytes.Buffer
	for _, p := range ps {
		line, col := lineCol(src, p.Offset)
		fmt.Fprintf(&b, "%d:%d: %s (offset %d)\n", line, col, p.Message, p.Offset)
	}
	return b.Bytes()
}

func lineCol(src []byte, off int) (int, int) {
	off = min(off, len(src))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(src[:off], '\n')
	return line, col
}

func formatAnnotations(as []Annotation) []byte {
	var b bytes.Buffer
	for _, a := range as {
		fmt.Fprintf(&b, "%s %d-%d @%d", a.Kind, a.Start, a.End, a.Pos)
		if a.Target != "" {
			fmt.Fprintf(&b, " target=%q", a.Target)
		}
		keys := make([]string, 0, len(a.Attrs))
		for k := range a.Attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if a.Attrs[k] == "" {
				fmt.Fprintf(&b, " %s", k)
			} else {
				fmt.Fprintf(&b, " %s=%q", k, a.Attrs[k])
			}
		}
		if !a.Date.IsZero() {
			fmt.Fprintf(&b, " Date=%s/%s", a.Date, a.Date.Precision())
		}
		if a.Countries != nil {
			fmt.Fprintf(&b, " Countries=%s", strings.Join(a.Countries, ","))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func formatHeadings(hs []Heading) []byte {
	var b bytes.Buffer
	for _, h := range hs {
		fmt.Fprintf(&b, "h%d #%s @%d %q\n", h.Level, h.ID, h.Offset, h.Text)
	}
	return b.Bytes()
}

// checkDoc asserts the invariants every Doc keeps, whatever the input.
func checkDoc(t testing.TB, name string, in []byte, d *Doc) {
	t.Helper()
	if len(d.Prose) != len(in) {
		t.Fatalf("%s: prose has %d bytes, body %d", name, len(d.Prose), len(in))
	}
	for i, c := range in {
		if c == '\n' && d.Prose[i] != '\n' {
			t.Fatalf("%s: newline at %d lost in prose", name, i)
		}
	}
	for _, a := range d.Annotations {
		if a.Pos < 0 || a.Start < a.Pos || a.Start > a.End || a.End >= len(in) {
			t.Fatalf("%s: annotation out of range: %+v (body %d bytes)", name, a, len(in))
		}
		// The offsets point at the brackets the annotation was written with.
		open, close := "[", "]"
		if a.Kind == KindLink {
			open, close = "[[", "]]"
		}
		if !bytes.HasPrefix(in[a.Pos:], []byte(open)) || !bytes.HasPrefix(in[a.End:], []byte(close)) {
			t.Fatalf("%s: annotation %+v does not sit on %s...%s in %q", name, a, open, close, in)
		}
	}
	ids := map[string]bool{}
	for _, h := range d.Headings {
		if h.ID == "" || ids[h.ID] {
			t.Fatalf("%s: heading id %q empty or repeated", name, h.ID)
		}
		ids[h.ID] = true
	}
	if !bytes.Contains(in, []byte("&")) {
		// Without character references, prose is the body with bytes blanked.
		for i, c := range d.Prose {
			if c != in[i] && c != ' ' && !(c == '\n' && in[i] == '|') {
				t.Fatalf("%s: prose byte %d is %q, body has %q", name, i, c, in[i])
			}
		}
	}
	for _, s := range d.Blocks {
		if s.Start < 0 || s.Start > s.End || s.End > len(in) {
			t.Fatalf("%s: block out of range: %+v", name, s)
		}
	}
}
