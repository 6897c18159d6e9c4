package generator

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"brief/generator/diag"
	"brief/generator/model"
	"brief/generator/render"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSites builds each testdata/site/*.txtar in memory and checks its
// expectations. An archive holds content/... and templates/... files and an
// "expect" file of one assertion per line:
//
//	file PATH                    the output has PATH
//	nofile PATH                  the output lacks PATH
//	contains PATH "TEXT"         PATH contains TEXT (Go-quoted)
//	lacks PATH "TEXT"            PATH does not contain TEXT
//	count PATH N "TEXT"          TEXT occurs N times in PATH
//	diag "DIAGNOSTIC"            the build reported exactly this diagnostic
//	nodiags                      the build reported no error or warning
//	option base-url URL          build with --base-url URL (before other lines)
//	option drafts                build with --drafts
//
// Lines starting with # are comments.
func TestSites(t *testing.T) {
	archives, _ := filepath.Glob("../testdata/site/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no whole-site cases in testdata/site")
	}
	for _, name := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			runSiteCase(t, ar)
		})
	}
}

// siteFS splits an archive into content and templates file systems.
func siteFS(ar *txtar.Archive) (content, templates fstest.MapFS, expect string) {
	content, templates = fstest.MapFS{}, fstest.MapFS{}
	for _, f := range ar.Files {
		switch {
		case f.Name == "expect":
			expect = string(f.Data)
		case strings.HasPrefix(f.Name, "content/"):
			content[strings.TrimPrefix(f.Name, "content/")] = &fstest.MapFile{Data: f.Data}
		case strings.HasPrefix(f.Name, "templates/"):
			templates[strings.TrimPrefix(f.Name, "templates/")] = &fstest.MapFile{Data: f.Data}
		}
	}
	return content, templates, expect
}

func runSiteCase(t *testing.T, ar *txtar.Archive) {
	content, templates, expect := siteFS(ar)
	opts := Options{Content: content, Templates: templates}
	lines := strings.Split(expect, "\n")
	for _, l := range lines {
		f := fields(l)
		if len(f) >= 2 && f[0] == "option" {
			switch f[1] {
			case "base-url":
				opts.BaseURL = f[2]
			case "drafts":
				opts.Drafts = true
			}
		}
	}
	res := Build(opts)
	out := map[string][]byte{}
	for _, f := range res.Files {
		out[f.Path] = f.Data
	}
	var diags []string
	for _, d := range res.Diags {
		diags = append(diags, d.String())
	}
	wantDiags := []string{}
	checkDiags := false
	for n, l := range lines {
		f := fields(l)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		where := fmt.Sprintf("expect:%d: %s", n+1, l)
		get := func(p string) []byte {
			data, ok := out[p]
			if !ok {
				t.Errorf("%s: no output file %s", where, p)
			}
			return data
		}
		switch f[0] {
		case "option":
		case "file":
			get(f[1])
		case "nofile":
			if _, ok := out[f[1]]; ok {
				t.Errorf("%s: output has %s", where, f[1])
			}
		case "contains":
			if data := get(f[1]); data != nil && !bytes.Contains(data, []byte(f[2])) {
				t.Errorf("%s: %s lacks %q", where, f[1], f[2])
			}
		case "lacks":
			if data := get(f[1]); data != nil && bytes.Contains(data, []byte(f[2])) {
				t.Errorf("%s: %s contains %q", where, f[1], f[2])
			}
		case "count":
			n, _ := strconv.Atoi(f[2])
			if data := get(f[1]); data != nil && bytes.Count(data, []byte(f[3])) != n {
				t.Errorf("%s: %s has %q %d times", where, f[1], f[3], bytes.Count(data, []byte(f[3])))
			}
		case "diag":
			checkDiags = true
			wantDiags = append(wantDiags, f[1])
		case "nodiags":
			checkDiags = true
		default:
			t.Fatalf("%s: unknown assertion", where)
		}
	}
	if checkDiags && strings.Join(diags, "\n") != strings.Join(wantDiags, "\n") {
		t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(diags, "\n      "), strings.Join(wantDiags, "\n      "))
	}
	if t.Failed() {
		var paths []string
		for p := range out {
			paths = append(paths, p)
		}
		t.Logf("output files: %v", paths)
	}
}

// fields splits an assertion line into words, keeping Go-quoted strings whole.
func fields(line string) []string {
	var out []string
	s := strings.TrimSpace(line)
	for s != "" {
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err == nil {
				v, _ := strconv.Unquote(q)
				out = append(out, v)
				s = strings.TrimSpace(s[len(q):])
				continue
			}
		}
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i])
		s = strings.TrimSpace(s[i:])
	}
	return out
}

// TestBundledGolden pins the open data of the bundled briefing: the events,
// countries and timeline that the extractor and the model make of the seed
// and its note. Refresh with `go test ./generator -run Golden -update` after
// a deliberate change, and read the diff.
func TestBundledGolden(t *testing.T) {
	res := Build(Options{Content: os.DirFS("../content")})
	if res.Diags.HasErrors() {
		t.Fatalf("bundled content: %v", res.Diags)
	}
	got := map[string][]byte{}
	for _, f := range res.Files {
		got[f.Path] = f.Data
	}
	for _, p := range []string{"api/events.json", "api/countries.json"} {
		golden := filepath.Join("../testdata/golden/bundled", strings.ReplaceAll(p, "/", "_"))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got[p], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got[p], want) {
			t.Errorf("%s differs from %s; run with -update and review the diff", p, golden)
		}
	}
}

// TestShelvedEqualsInMemory: a one-off build that keeps its notes' bodies
// on a shelf in a scratch folder makes the same files as one that keeps
// them in memory, with the default templates (where only a document's own
// page shows its body) and with a user's template that shows every body
// on the home page; and it leaves nothing in the scratch folder.
func TestShelvedEqualsInMemory(t *testing.T) {
	home := fstest.MapFS{"home.html": {Data: []byte(`{{define "main"}}{{range .Site.Documents}}<article>{{.HTML}}</article>{{end}}{{end}}`)}}
	for _, c := range []struct {
		name      string
		templates fs.FS
	}{{"default templates", nil}, {"home page with every body", home}} {
		t.Run(c.name, func(t *testing.T) {
			// The bundled briefing, whose note links to entities (its
			// body renders in the model), and notes that link nowhere,
			// whose bodies go on the shelf: a note of its own, and two
			// that annotate a seed, one of them with a link.
			content := fstest.MapFS{}
			if err := fs.WalkDir(os.DirFS("../content"), ".", func(p string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return err
				}
				data, err := fs.ReadFile(os.DirFS("../content"), p)
				content[p] = &fstest.MapFile{Data: data}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			content["seeds/tajik-border.txt"] = &fstest.MapFile{Data: []byte("Tajikistan reinforces its border\n\nTajikistan sent 2,000 troops to the Afghan border on 3 June 2025, the defence ministry said.\n")}
			content["notes/tajik-border-a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Tajik border\nseed: seeds/tajik-border.txt\npublished: 2025-06-04\n---\n\nThe **first** note on the border.\n")}
			content["notes/tajik-border-b.md"] = &fstest.MapFile{Data: []byte("---\nseed: seeds/tajik-border.txt\n---\n\nThe second note, on [[CSTO]] support.\n")}
			content["notes/uzbek-drill.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Uzbek drill\npublished: 2025-06-10\n---\n\nUzbekistan held a drill near Termez on 9 June 2025.\n\n- one\n- two\n")}
			want := NewBuilder().Build(Options{Content: content, Templates: c.templates, NoReuse: true})
			scratch := t.TempDir()
			got := NewBuilder().Build(Options{Content: content, Templates: c.templates, NoReuse: true, Scratch: scratch})
			if want.Diags.HasErrors() || got.Diags.HasErrors() {
				t.Fatalf("diagnostics: in memory %v, shelved %v", want.Diags, got.Diags)
			}
			if left, _ := os.ReadDir(scratch); len(left) > 0 {
				t.Errorf("the scratch folder holds %v after the build", left)
			}
			files := map[string][]byte{}
			for _, f := range want.Files {
				files[f.Path] = f.Data
			}
			bodies := 0
			for _, f := range got.Files {
				if !bytes.Equal(files[f.Path], f.Data) {
					t.Errorf("%s differs from the build that keeps bodies in memory", f.Path)
				}
				delete(files, f.Path)
				bodies += bytes.Count(f.Data, []byte(`class="prose"`))
			}
			for p := range files {
				t.Errorf("%s is missing from the shelved build", p)
			}
			if bodies == 0 {
				t.Error("no page shows a note's body: the test proves nothing")
			}
			// A scratch folder that cannot be used (it does not exist)
			// leaves the bodies in memory, and the build as it was.
			unusable := NewBuilder().Build(Options{Content: content, Templates: c.templates, NoReuse: true, Scratch: filepath.Join(scratch, "missing")})
			if len(unusable.Files) != len(want.Files) || unusable.Diags.HasErrors() {
				t.Fatalf("with an unusable scratch folder: %d files, %v; want %d files", len(unusable.Files), unusable.Diags, len(want.Files))
			}
			for _, f := range want.Files {
				files[f.Path] = f.Data
			}
			for _, f := range unusable.Files {
				if !bytes.Equal(files[f.Path], f.Data) {
					t.Errorf("with an unusable scratch folder, %s differs", f.Path)
				}
			}
		})
	}
}

// figuresContent is a site whose key figures overflow the lists the
// default templates show (ListCap of the site's, and of each country's):
// notes of several dates and countries, with figures repeated in a note,
// in markup ("**40** drones", quoted as a reader reads it) and in notes
// that link (whose Markdown renders in the model); a seed whose
// annotating notes repeat one of its figures (kept once, from the seed);
// a country named only in the oldest notes, so that the model walks to
// the last document; and a hint with an unknown country code.
func figuresContent() fstest.MapFS {
	content := fstest.MapFS{"site.yaml": {Data: []byte("title: Figures\n")}}
	countries := []string{"Tajikistan", "Uzbekistan", "Kyrgyzstan", "Kazakhstan"}
	for i := range 60 {
		c := countries[i%len(countries)]
		var text string
		switch i % 4 {
		case 0:
			text = fmt.Sprintf("%s said %d fighters crossed from Afghanistan, and %d%% of the border is patrolled.\n", c, 100+i, 10+i)
		case 1:
			text = fmt.Sprintf("In %s, **%d** drones patrol the border.\n\nThe %d drones fly at night, %s said.\n", c, 40+i, 40+i, c)
		case 2:
			text = fmt.Sprintf("[[%s]] sent %d troops, and %d guards stayed in Afghanistan.\n", c, 2000+i, 300+i)
		case 3:
			text = fmt.Sprintf("%s reported %d refugees.\n", c, 50+i)
		}
		if i >= 56 {
			text += fmt.Sprintf("\nMongolia sent %d observers to %s.\n", 5+i, c)
		}
		content[fmt.Sprintf("notes/r%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Report %d\npublished: %d-%02d-%02d\n---\n\n%s", i, 2025-i/30, 12-i%12, 1+i%28, text))}
	}
	content["seeds/border.txt"] = &fstest.MapFile{Data: []byte("Tajikistan reinforces its border\n\nTajikistan sent 2,000 troops to the Afghan border, the defence ministry said. Kyrgyzstan pledged 500 troops.\n")}
	content["notes/border-a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Border\nseed: seeds/border.txt\npublished: 2024-03-01\n---\n\nThe ministry's 2,000 troops join 300 guards from [[Kazakhstan]].\n")}
	content["notes/border-b.md"] = &fstest.MapFile{Data: []byte("---\nseed: seeds/border.txt\n---\n\nTajikistan sent 2,000 troops, and **40** drones watch Uzbekistan.\n")}
	content["notes/atlantis.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Atlantis\npublished: 2024-02-01\n---\n\n[Atlantis]{country=ZZ} sent 700 divers, and [the republic]{country=TJ} 80 boats.\n")}
	return content
}

// diagLines is diagnostics one a line.
func diagLines(ds diag.List) string {
	var lines []string
	for _, d := range ds {
		lines = append(lines, d.String())
	}
	return strings.Join(lines, "\n")
}

// figureLines describes figures with every field a page may show of them.
func figureLines(figs []*model.Figure) []string {
	var out []string
	for _, f := range figs {
		var codes []string
		for _, c := range f.Countries {
			codes = append(codes, c.Code)
		}
		s := f.Source
		out = append(out, fmt.Sprintf("%q %v %q %v %s %d %d %q", f.Text, f.Value, f.Unit, codes, s.Doc.Path, s.Sentence, s.Offset, s.Text))
	}
	return out
}

// TestKeptFiguresEqualAll: a one-off build with the default templates
// keeps only the key figures its pages show, and its extract stage keeps
// of most notes' figures their keys only (the model has the notes it
// makes figures of analysed again); its figures (the site's and each
// country's, with their sources) and its files equal those of a build
// that keeps every figure and all that figures are made of, however many
// of the newest documents keep their notes' figures whole.
func TestKeptFiguresEqualAll(t *testing.T) {
	content := figuresContent()
	all := NewBuilder().Build(Options{Content: content})
	if len(all.Site.Figures) <= 2*render.ListCap {
		t.Fatalf("%d figures in all: want over %d", len(all.Site.Figures), 2*render.ListCap)
	}
	last := all.Site.Documents[len(all.Site.Documents)-1]
	if !slices.ContainsFunc(all.Site.CountryByCode["MN"].Figures, func(f *model.Figure) bool { return f.Source.Doc == last }) {
		t.Fatalf("no figure of Mongolia comes from the oldest document, %s: the test does not walk every document", last.Path)
	}
	want := map[string][]string{"site": figureLines(all.Site.Figures[:render.ListCap])}
	for _, c := range all.Site.Countries {
		want[c.Code] = figureLines(c.Figures[:min(len(c.Figures), render.ListCap)])
	}
	files := map[string][]byte{}
	for _, f := range all.Files {
		files[f.Path] = f.Data
	}
	for _, n := range []int{0, 7, newestFigureDocs} {
		t.Run(fmt.Sprintf("newest %d", n), func(t *testing.T) {
			b := NewBuilder()
			b.newestFigureDocs = n
			kept := b.Build(Options{Content: content, NoReuse: true})
			if got, want := diagLines(kept.Diags), diagLines(all.Diags); got != want {
				t.Fatalf("diagnostics:\n%s\nwant:\n%s", got, want)
			}
			got := map[string][]string{"site": figureLines(kept.Site.Figures)}
			for _, c := range kept.Site.Countries {
				got[c.Code] = figureLines(c.Figures)
			}
			for k, w := range want {
				if g := got[k]; strings.Join(g, "\n") != strings.Join(w, "\n") {
					t.Errorf("figures of %s:\n%s\nwant:\n%s", k, strings.Join(g, "\n"), strings.Join(w, "\n"))
				}
			}
			left := maps.Clone(files)
			for _, f := range kept.Files {
				if !bytes.Equal(left[f.Path], f.Data) {
					t.Errorf("%s differs from the build that keeps every figure", f.Path)
				}
				delete(left, f.Path)
			}
			for p := range left {
				t.Errorf("%s is missing from the build that keeps some figures", p)
			}
		})
	}
}

// TestReducedFigureChanged: when a note whose figures the extract stage
// reduced to their keys changes or goes before the model has it analysed
// again, the build says so, and makes no figure of the note as it is now.
func TestReducedFigureChanged(t *testing.T) {
	const note = "notes/troops.md"
	for _, c := range []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"changed", func(content fstest.MapFS) {
			content[note] = &fstest.MapFile{Data: []byte("---\ntitle: Troops\npublished: 2025-06-04\n---\n\nTajikistan quickly sent 2,000 troops to the border.\n")}
		}, note + ": error: changed while the site was built: build it again"},
		{"gone", func(content fstest.MapFS) { delete(content, note) }, note + ": error: cannot read it again: file does not exist"},
	} {
		t.Run(c.name, func(t *testing.T) {
			content := fstest.MapFS{
				"site.yaml": {Data: []byte("title: Troops\n")},
				note:        {Data: []byte("---\ntitle: Troops\npublished: 2025-06-04\n---\n\nTajikistan sent 2,000 troops to the border.\n")},
			}
			b := NewBuilder()
			b.newestFigureDocs = 0
			res := b.Build(Options{Content: content, NoReuse: true, Progress: func(stage string) {
				if stage == "modelling" {
					c.change(content)
				}
			}})
			if got := diagLines(res.Diags); got != c.want {
				t.Errorf("diagnostics: %s\nwant: %s", got, c.want)
			}
			if len(res.Site.Figures) > 0 {
				t.Errorf("figures %v of a note that changed", figureLines(res.Site.Figures))
			}
		})
	}
}
