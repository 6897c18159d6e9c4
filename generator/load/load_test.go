package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// TestDiagnostics checks the exact message and position of each problem the
// loader reports, front-matter lines counted as lines of the file.
func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		file string
		data string
		want []string
	}{
		{"ok", "notes/a.md", "---\ntitle: A\npublished: 2025-05-29\n---\nBody.\n", nil},
		{"no front matter", "notes/a.md", "Just text.\n", nil},
		{"unterminated", "notes/a.md", "---\ntitle: A\nBody.\n", []string{"notes/a.md:1:1: error: front matter is not closed: add a line with --- after it"}},
		{"not a mapping", "notes/a.md", "---\n- a\n- b\n---\nx\n", []string{"notes/a.md:2:1: error: front matter must be a mapping of fields (title: ...), not a list"}},
		{"yaml syntax", "notes/a.md", "---\ntitle: A\ntags: [a, b\n---\nx\n", []string{"notes/a.md:3:1: error: front matter: did not find expected ',' or ']'"}},
		{"impossible date", "notes/a.md", "---\ntitle: A\npublished: 2025-02-30\n---\nx\n", []string{`notes/a.md:3:12: error: front matter: published: bad date "2025-02-30": no such day`}},
		{"year out of range", "notes/a.md", "---\ndate: 20255-01-01\n---\nx\n", []string{`notes/a.md:2:7: error: front matter: date: bad date "20255-01-01": want YYYY, YYYY-MM or YYYY-MM-DD`}},
		{"unknown field", "notes/a.md", "---\ntitle: A\nauthorz: me\n---\nx\n", []string{`notes/a.md:3:1: warning: unknown front-matter field "authorz" (kept for templates)`}},
		{"wrong type", "notes/a.md", "---\ntitle: [a, b]\n---\nx\n", []string{"notes/a.md:2:8: error: front matter: title must be text, not a list"}},
		{"draft type", "notes/a.md", "---\ndraft: maybe\n---\nx\n", []string{"notes/a.md:2:8: error: front matter: draft must be true or false"}},
		{"duplicate field", "notes/a.md", "---\ntitle: A\ntitle: B\n---\nx\n", []string{"notes/a.md:3:1: error: front matter: field \"title\" given twice"}},
		{"event without title", "notes/a.md", "---\nevents:\n  - date: 2025-05-28\n---\nx\n", []string{"notes/a.md:3:5: error: front matter: event without a title"}},
		{"bad slug", "notes/a.md", "---\nslug: Hello World\n---\nx\n", []string{`notes/a.md:2:7: error: front matter: slug "Hello World": use lower-case letters, digits and hyphens`}},
		{"empty", "seeds/a.txt", "  \n", []string{"seeds/a.txt:1:1: error: empty file"}},
		{"binary", "seeds/a.txt", "ab\ncd\x00ef", []string{"seeds/a.txt:2:3: error: binary file (NUL byte): content files must be UTF-8 text"}},
		{"invalid utf8", "seeds/a.txt", "Headline\nBad \xff byte", []string{"seeds/a.txt:2:5: error: invalid UTF-8 (byte 0xff): save the file as UTF-8"}},
		{"entity field on a note", "notes/a.md", "---\naliases: [x]\n---\nx\n", []string{`notes/a.md:2:1: warning: unknown front-matter field "aliases" (kept for templates)`}},
		{"entity kind", "entities/x.md", "---\nkind: group\n---\nx\n", []string{`entities/x.md:2:7: error: front matter: kind must be org or person, not "group"`}},
		{"wrong folder", "other/x.md", "x\n", []string{"other/x.md: warning: folder other/ is not part of the content format; this file is ignored"}},
		{"profile name", "countries/Tajikistan.md", "x\n", []string{"countries/Tajikistan.md: error: country profiles are named by ISO 3166-1 alpha-2 code, like countries/TJ.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Load(fstest.MapFS{tt.file: {Data: []byte(tt.data)}})
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestFrontMatterFields(t *testing.T) {
	src := "---\ntitle: \"A <b>title</b>\"\ndate: 2025-05-29\nsummary: S\nsource: https://example.org/a\npublisher: P\nseed: seeds/x.txt\ncountries: [tj, AF]\ntags: [a, b]\nslug: my-note\ndraft: true\ncorrections: [\"fixed a name\"]\nevents:\n  - date: 2026\n    title: Border phase one\n    countries: TJ, AF\n---\nBody.\n"
	c, ds := Load(fstest.MapFS{"notes/x.md": {Data: []byte(src)}})
	if len(ds) != 0 {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
	f := c.Files[0]
	fm := f.Front
	if fm.Title != "A <b>title</b>" || fm.Published.String() != "2025-05-29" || fm.Summary != "S" ||
		fm.Source != "https://example.org/a" || fm.Publisher != "P" || fm.Seed != "seeds/x.txt" ||
		strings.Join(fm.Countries, ",") != "TJ,AF" || strings.Join(fm.Tags, ",") != "a,b" ||
		fm.Slug != "my-note" || !fm.Draft || len(fm.Corrections) != 1 {
		t.Errorf("front matter decoded wrong: %+v", fm)
	}
	if len(fm.Events) != 1 || fm.Events[0].Date.String() != "2026" || fm.Events[0].Title != "Border phase one" ||
		strings.Join(fm.Events[0].Countries, ",") != "TJ,AF" {
		t.Errorf("events decoded wrong: %+v", fm.Events)
	}
	if got := string(f.Body()); got != "Body.\n" {
		t.Errorf("body = %q", got)
	}
}

func TestConfigAndStatic(t *testing.T) {
	c, ds := Load(fstest.MapFS{
		"site.yaml":        {Data: []byte("title: T\nbase_url: https://x.github.io/r/\ncname: brief.example.org\nunsafe_html: true\nextra: 3\n")},
		"static/img/a.png": {Data: []byte{0x89, 'P', 'N', 'G', 0}},
		"seeds/.hidden":    {Data: []byte("x")},
		"notes/a.md~":      {Data: []byte("x")},
	})
	if len(ds) != 0 {
		t.Fatalf("unexpected diagnostics: %v", ds)
	}
	if c.Config.Title != "T" || c.Config.BaseURL != "https://x.github.io/r/" || c.Config.CNAME != "brief.example.org" || !c.Config.UnsafeHTML || c.Config.Params["extra"] != 3 {
		t.Errorf("config = %+v", c.Config)
	}
	if len(c.Static) != 1 || c.Static[0].Path != "img/a.png" {
		t.Errorf("static = %+v", c.Static)
	}
	if len(c.Files) != 0 {
		t.Errorf("hidden and backup files were loaded: %+v", c.Files)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Andrey Belousov":  "andrey-belousov",
		"Türkiye":          "turkiye",
		"ISIS-K":           "isis-k",
		"  Hello,  World ": "hello-world",
		"2025-05-29 note":  "2025-05-29-note",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSymlinks refuses links that leave the content folder and follows
// those that stay inside.
func TestSymlinks(t *testing.T) {
	for name, open := range map[string]func(string) fs.FS{"os.DirFS": os.DirFS, "Dir": Dir} {
		t.Run(name, func(t *testing.T) { testSymlinks(t, open) })
	}
}

func testSymlinks(t *testing.T, open func(string) fs.FS) {
	dir := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "seeds"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "notes"), 0o755))
	must(os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("Secret\nNot for publication.\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "seeds", "a.txt"), []byte("A\nText.\n"), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "seeds", "abs.txt")))
	must(os.Symlink("../../"+filepath.Base(outside)+"/secret.txt", filepath.Join(dir, "seeds", "rel.txt")))
	must(os.Symlink("../seeds/a.txt", filepath.Join(dir, "notes", "inside.txt")))
	must(os.Symlink("a.txt", filepath.Join(dir, "seeds", "b.txt")))
	c, ds := Load(open(dir))
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		`seeds/abs.txt: error: symbolic link leaves the content folder (points to "` + filepath.Join(outside, "secret.txt") + `"): refused`,
		`notes/inside.txt: warning: notes/ holds Markdown .md files; this file is ignored`,
		`seeds/rel.txt: error: symbolic link leaves the content folder (points to "../../` + filepath.Base(outside) + `/secret.txt"): refused`,
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n got %q\nwant %q", got, want)
	}
	var paths []string
	for _, f := range c.Files {
		paths = append(paths, f.Path)
	}
	if strings.Join(paths, ",") != "seeds/a.txt,seeds/b.txt" {
		t.Errorf("loaded %v, want the real seed and the link inside", paths)
	}
}

func TestDateAlias(t *testing.T) {
	for _, tt := range []struct{ fm, want string }{
		{"date: 2017-05-31\npublished: 2017-05-31\n", ""},
		{"date: 2017-05-31\n", ""},
		{"published: 2017-05-31\ndate: 2017-06-01\n", "notes/a.md:3:1: error: front matter: published and date differ (2017-05-31, 2017-06-01); date is an alias of published"},
	} {
		c, ds := Load(fstest.MapFS{"notes/a.md": {Data: []byte("---\n" + tt.fm + "---\nx\n")}})
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("%q: got %q, want %q", tt.fm, got, tt.want)
		}
		if tt.want == "" && c.Files[0].Front.Published.String() != "2017-05-31" {
			t.Errorf("%q: published = %s", tt.fm, c.Files[0].Front.Published)
		}
	}
}

// TestStaticReadWhenWanted: a one-off Load keeps no static file in memory;
// its bytes are read when the build writes it, as they are then, and a
// file gone meanwhile is an error that names it.
func TestStaticReadWhenWanted(t *testing.T) {
	fsys := fstest.MapFS{
		"static/a.png": {Data: []byte{0x89, 'P', 'N', 'G', 0}},
		"static/b.txt": {Data: []byte("b")},
	}
	c, ds := Load(fsys)
	if len(ds) != 0 || len(c.Static) != 2 {
		t.Fatalf("load: %+v, %v", c.Static, ds)
	}
	for _, s := range c.Static {
		if s.Data != nil {
			t.Errorf("static/%s was read at load", s.Path)
		}
	}
	fsys["static/a.png"] = &fstest.MapFile{Data: []byte("new")}
	delete(fsys, "static/b.txt")
	if data, err := c.Static[0].Bytes(); err != nil || string(data) != "new" {
		t.Errorf("static/a.png: %q, %v", data, err)
	}
	if _, err := c.Static[1].Bytes(); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("a static file gone: %v", err)
	}
}
