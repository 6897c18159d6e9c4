package generator

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// sourceFolders lists the folders of the documents' pages among files.
func sourceFolders(res Result) []string {
	var dirs []string
	for _, f := range res.Files {
		dir, ok := strings.CutSuffix(f.Path, "/index.html")
		if ok && strings.HasPrefix(dir, "sources/") && !strings.HasPrefix(dir, "sources/page/") {
			dirs = append(dirs, dir)
		}
	}
	slices.Sort(dirs)
	return dirs
}

// TestPrefoldForecast: the folders a build forecasts once its content is
// loaded are exactly those of the documents' pages it makes, for every
// whole-site case without errors, the bundled briefing, and a site of
// drafts, a seed with its notes (the first of which names it, drafts
// counting only when built), a slug set in front matter and file names
// that make no slug of their own.
func TestPrefoldForecast(t *testing.T) {
	odd := fstest.MapFS{
		"site.yaml":                 {Data: []byte("title: Odd names\nbase_url: https://example.org/\n")},
		"seeds/kabul-talks.txt":     {Data: []byte("Talks in Kabul\n\nDelegations met in Kabul on 3 March 2024.\n")},
		"notes/on-kabul.md":         {Data: []byte("---\nseed: seeds/kabul-talks.txt\nslug: the-first-note-names-the-seed\n---\nThe talks went on.\n")},
		"notes/a-draft-on-kabul.md": {Data: []byte("---\nseed: seeds/kabul-talks.txt\nslug: named-by-a-draft\ndraft: true\n---\nA draft.\n")},
		"notes/zz-on-kabul.md":      {Data: []byte("---\nseed: seeds/kabul-talks.txt\nslug: not-the-first-note\n---\nMore talks.\n")},
		"notes/renamed.md":          {Data: []byte("---\ntitle: Renamed\nslug: chosen-slug\n---\nTajikistan closed the border.\n")},
		"notes/draft.md":            {Data: []byte("---\ntitle: Draft\ndraft: true\n---\nUzbekistan said nothing.\n")},
		"notes/Ünïcödé Nämé.md":     {Data: []byte("---\ntitle: Accents\n---\nKazakhstan agreed.\n")},
		"notes/---.md":              {Data: []byte("---\ntitle: No slug\n---\nKyrgyzstan agreed.\n")},
	}
	type siteCase struct {
		name    string
		content fstest.MapFS
		drafts  bool
	}
	cases := []siteCase{{"odd names", odd, false}, {"odd names with drafts", odd, true}}
	archives, _ := filepath.Glob("../testdata/site/*.txtar")
	for _, name := range archives {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		content, _, _ := siteFS(ar)
		cases = append(cases, siteCase{filepath.Base(name), content, false})
	}
	checked := 0
	for _, tc := range cases {
		var forecast []string
		res := Build(Options{Content: tc.content, Drafts: tc.drafts, Prefold: func(dirs []string) { forecast = dirs }})
		if res.Diags.HasErrors() {
			continue
		}
		slices.Sort(forecast)
		if got := sourceFolders(res); !slices.Equal(forecast, got) {
			t.Errorf("%s: forecast %q, pages in %q", tc.name, forecast, got)
		}
		checked++
	}
	var forecast []string
	res := Build(Options{Content: os.DirFS("../content"), Prefold: func(dirs []string) { forecast = dirs }})
	if got := sourceFolders(res); len(got) == 0 || !slices.Equal(forecast, got) {
		t.Errorf("bundled: forecast %q, pages in %q", forecast, got)
	}
	if checked < 4 {
		t.Errorf("only %d sites built without errors", checked)
	}
}
