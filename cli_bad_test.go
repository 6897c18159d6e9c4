package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A minimal valid site that each bad-input case breaks in one place.
var goodSite = map[string]string{
	"content/site.yaml":       "title: Battery\nbase_url: https://example.org/\n",
	"content/seeds/good.txt":  "Tajik guards report clash\nTajik border guards said on Monday that they repelled an armed group from Afghanistan.\n",
	"content/notes/good.md":   "---\ntitle: Good note\nseed: seeds/good.txt\npublished: 2025-06-05\n---\nThe clash on the [[Tajikistan]] border.\n",
	"content/countries/TJ.md": "---\ntitle: Tajikistan\n---\nA profile of [[Tajikistan]].\n",
}

// TestBadInput builds a site with one bad file at a time and checks the
// exact diagnostics, the exit code of build and check, that nothing
// panicked, and that the previous output is exactly as it was.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string // added to (or, with "", removed from) the good site
		args  []string          // extra build flags
		want  []string          // diagnostics on stderr (errors; warnings with --verbose)
		code  int               // exit code of build
	}{
		{"invalid utf-8", map[string]string{"content/seeds/bad.txt": "Headline\nA caf\xe9 in Dushanbe.\n"},
			nil, []string{"content/seeds/bad.txt:2:6: error: invalid UTF-8 (byte 0xe9): save the file as UTF-8"}, 1},
		{"binary seed", map[string]string{"content/seeds/bin.txt": "\x89PNG\r\n\x1a\n\x00\x00"},
			nil, []string{"content/seeds/bin.txt:3:1: error: binary file (NUL byte): content files must be UTF-8 text"}, 1},
		{"binary note", map[string]string{"content/notes/bin.md": "---\ntitle: x\n---\n\x00"},
			nil, []string{"content/notes/bin.md:4:1: error: binary file (NUL byte): content files must be UTF-8 text"}, 1},
		{"empty seed", map[string]string{"content/seeds/empty.txt": ""},
			nil, []string{"content/seeds/empty.txt:1:1: error: empty file"}, 1},
		{"blank note", map[string]string{"content/notes/blank.md": "\n \n\t\n"},
			nil, []string{"content/notes/blank.md:1:1: error: empty file"}, 1},
		{"huge seed", map[string]string{"content/seeds/huge.txt": "Headline\n" + strings.Repeat("Tajik guards met. ", 50<<20/18)},
			nil, []string{"content/seeds/huge.txt: error: file is too large (50 MB; the limit is 16 MB)"}, 1},
		{"huge static file", map[string]string{"content/static/big.bin": strings.Repeat("x", 65<<20)},
			nil, []string{"content/static/big.bin: error: file is too large (65 MB; the limit is 64 MB)"}, 1},
		{"broken yaml", map[string]string{"content/notes/y.md": "---\ntitle: \"unclosed\npublished: 2025-01-01\n---\nx\n"},
			nil, []string{"content/notes/y.md:4:1: error: front matter: found unexpected end of stream"}, 1},
		{"front matter a list", map[string]string{"content/notes/y.md": "---\n- title\n- x\n---\nx\n"},
			nil, []string{"content/notes/y.md:2:1: error: front matter must be a mapping of fields (title: ...), not a list"}, 1},
		{"front matter a scalar", map[string]string{"content/notes/y.md": "---\njust words\n---\nx\n"},
			nil, []string{"content/notes/y.md:2:1: error: front matter must be a mapping of fields (title: ...), not a scalar"}, 1},
		{"unterminated front matter", map[string]string{"content/notes/y.md": "---\ntitle: x\n\nBody without end.\n"},
			nil, []string{"content/notes/y.md:1:1: error: front matter is not closed: add a line with --- after it"}, 1},
		{"title is a list", map[string]string{"content/notes/y.md": "---\ntitle: [a, b]\n---\nx\n"},
			nil, []string{"content/notes/y.md:2:8: error: front matter: title must be text, not a list"}, 1},
		{"published is a number", map[string]string{"content/notes/y.md": "---\npublished: 12\n---\nx\n"},
			nil, []string{`content/notes/y.md:2:12: error: front matter: published: bad date "12": want YYYY, YYYY-MM or YYYY-MM-DD`}, 1},
		{"draft is a word", map[string]string{"content/notes/y.md": "---\ndraft: yes please\n---\nx\n"},
			nil, []string{"content/notes/y.md:2:8: error: front matter: draft must be true or false"}, 1},
		{"tags a mapping", map[string]string{"content/notes/y.md": "---\ntags: {a: 1}\n---\nx\n"},
			nil, []string{"content/notes/y.md:2:7: error: front matter: tags must be a list, not a mapping"}, 1},
		{"events not a list", map[string]string{"content/notes/y.md": "---\nevents: 2025\n---\nx\n"},
			nil, []string{"content/notes/y.md:2:9: error: front matter: events must be a list of events (- date: ..., title: ...)"}, 1},
		{"event without date", map[string]string{"content/notes/y.md": "---\nevents:\n  - title: Something\n---\nx\n"},
			nil, []string{"content/notes/y.md:3:5: error: front matter: event without a date"}, 1},
		{"unknown event field", map[string]string{"content/notes/y.md": "---\nevents:\n  - date: 2025\n    title: T\n    place: Kabul\n---\nx\n"},
			nil, []string{`content/notes/y.md:5:5: error: front matter: unknown event field "place" (want date, end, title, countries, source)`}, 1},
		{"event ends before it starts", map[string]string{"content/notes/y.md": "---\nevents:\n  - date: 2025-05-02\n    end: 2025-05-01\n    title: T\n---\nx\n"},
			nil, []string{"content/notes/y.md:3:5: error: front matter: event ends (2025-05-01) before it starts (2025-05-02)"}, 1},
		{"impossible date", map[string]string{"content/notes/y.md": "---\npublished: 2025-02-30\n---\nx\n"},
			nil, []string{`content/notes/y.md:2:12: error: front matter: published: bad date "2025-02-30": no such day`}, 1},
		{"year out of range", map[string]string{"content/notes/y.md": "---\npublished: 0999-01-01\n---\nx\n"},
			nil, []string{`content/notes/y.md:2:12: error: front matter: published: bad date "0999-01-01": year out of range 1000-2999`}, 1},
		{"duplicate field", map[string]string{"content/notes/y.md": "---\ntitle: a\ntitle: b\n---\nx\n"},
			nil, []string{`content/notes/y.md:3:1: error: front matter: field "title" given twice`}, 1},
		{"bad slug", map[string]string{"content/notes/y.md": "---\nslug: ../../etc\n---\nx\n"},
			nil, []string{`content/notes/y.md:2:7: error: front matter: slug "../../etc": use lower-case letters, digits and hyphens`}, 1},
		{"unknown country code", map[string]string{"content/notes/y.md": "---\ntitle: y\ncountries: [TJ, XX]\n---\nx\n"},
			nil, []string{`content/notes/y.md:3:12: error: unknown country code "XX" (want ISO 3166-1 alpha-2, like TJ)`}, 1},
		{"unknown field is a warning", map[string]string{"content/notes/y.md": "---\ntitle: y\nmood: grim\n---\nx\n"},
			[]string{"--verbose"}, []string{`content/notes/y.md:3:1: warning: unknown front-matter field "mood" (kept for templates)`}, 0},
		{"date in span", map[string]string{"content/notes/y.md": "---\ntitle: y\n---\nMet on [the 30th]{date=2025-02-30}.\n"},
			nil, []string{`content/notes/y.md:4:24: error: bad date "2025-02-30": no such day`}, 1},
		{"unclosed link", map[string]string{"content/notes/y.md": "---\ntitle: y\n---\nSee [[Tajikistan for more.\n"},
			nil, []string{`content/notes/y.md:4:5: error: unclosed "[[": missing "]]"`}, 1},
		{"unclosed attributes", map[string]string{"content/notes/y.md": "---\ntitle: y\n---\nSee [Kabul]{place=Kabul for more.\n"},
			nil, []string{`content/notes/y.md:4:12: error: unclosed attribute block: missing "}"`}, 1},
		{"bad attribute syntax", map[string]string{"content/notes/y.md": "---\ntitle: y\n---\nSee [Kabul]{=Kabul}.\n"},
			nil, []string{`content/notes/y.md:4:13: error: unexpected "=" in attribute block: want key=value or a flag`}, 1},
		{"unknown attribute", map[string]string{"content/notes/y.md": "---\ntitle: y\n---\nSee [Kabul]{city=Kabul}.\n"},
			nil, []string{`content/notes/y.md:4:13: error: unknown attribute "city"`}, 1},
		{"flag with a value", map[string]string{"content/notes/y.md": "---\ntitle: y\n---\nSee [Kabul]{event=yes}.\n"},
			nil, []string{`content/notes/y.md:4:13: error: attribute "event" takes no value`}, 1},
		{"unknown entity", map[string]string{"content/notes/y.md": "---\ntitle: y\n---\nSee [[Atlantis]].\n"},
			nil, []string{`content/notes/y.md:4:5: error: unknown entity "Atlantis"`}, 1},
		{"same slug", map[string]string{"content/notes/good-2.md": "---\ntitle: y\nslug: good\n---\nx\n"},
			nil, []string{`content/seeds/good.txt:1:1: error: slug "good" is also used by notes/good-2.md: give one of them a different file name or slug`}, 1},
		{"seed missing", map[string]string{"content/notes/y.md": "---\ntitle: y\nseed: seeds/gone.txt\n---\nx\n"},
			nil, []string{`content/notes/y.md:3:7: error: seed "seeds/gone.txt" does not exist (want a path like seeds/NAME.txt)`}, 1},
		{"profile of no country", map[string]string{"content/countries/XX.md": "Nowhere.\n"},
			nil, []string{`content/countries/XX.md:1:1: error: no country has the code "XX"`}, 1},
		{"site.yaml broken", map[string]string{"content/site.yaml": "title: [x\n"},
			nil, []string{`content/site.yaml:1:1: error: did not find expected ',' or ']'`}, 1},
		{"site.yaml a list", map[string]string{"content/site.yaml": "- a\n"},
			nil, []string{`content/site.yaml:1:1: error: site.yaml must be a mapping of settings (title: ...)`}, 1},
		{"static over a page", map[string]string{"content/static/index.html": "<p>mine</p>\n"},
			nil, []string{`content/static/index.html: error: would overwrite the generated file index.html: rename or remove it`}, 1},
		{"static where a page's folder goes", map[string]string{"content/static/sources/good": "mine\n"},
			nil, []string{`content/static/sources/good: error: would take the place of the folder of the generated file sources/good/index.html: rename or remove it`}, 1},
		{"static where many pages' folder goes", map[string]string{"content/static/sources": "mine\n"},
			nil, []string{`content/static/sources: error: would take the place of the folder of the generated file sources/good/index.html: rename or remove it`}, 1},
		{"static inside a page", map[string]string{"content/static/404.html/note.txt": "mine\n"},
			nil, []string{`content/static/404.html/note.txt: error: would go inside the generated file 404.html, which is not a folder: rename or move it`}, 1},
		{"template syntax", map[string]string{"templates/home.html": "{{define \"main\"}}\n{{.Title}\n{{end}}\n"},
			nil, []string{`templates/home.html:2: error: bad character U+007D '}'`}, 1},
		{"template execution", map[string]string{"templates/country.html": "{{define \"main\"}}\n<p>{{.Country.Nope}}</p>\n{{end}}\n"},
			nil, []string{`templates/country.html:2:14: error: executing "country.html" for /countries/af/ (and 1 more page): at <.Country.Nope>: can't evaluate field Nope in type *model.Country`}, 1},
		{"output is the content folder", nil, []string{"--out", "content"},
			[]string{`brief: output folder "content" is the input folder "content"; choose a folder such as "public"`}, 1},
		{"output is a parent of content", nil, []string{"--out", "."},
			[]string{`brief: output folder "." contains the input folder "content"; choose a folder such as "public"`}, 1},
		{"output under a file", map[string]string{"afile": "x"}, []string{"--out", "afile/public"},
			[]string{`brief: output folder "afile/public": not a directory`}, 1},
	}
	if len(cases) < 40 {
		t.Fatalf("the battery has %d cases; it must keep at least 40", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{}
			for k, v := range goodSite {
				files[k] = v
			}
			for k, v := range tc.files {
				files[k] = v
			}
			for name, data := range files {
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// A previous good build, which a failed build must not touch.
			chdir(t, dir)
			var out, errOut bytes.Buffer
			if code := run([]string{"build", "--quiet"}, &out, &errOut); code != 0 {
				// The bad file is already in place; build the good site into
				// public/ by hand so there is something to protect.
				if err := os.MkdirAll("public", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile("public/index.html", []byte("previous"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := readTree(t, "public")

			out.Reset()
			errOut.Reset()
			code := run(append([]string{"build", "--quiet"}, tc.args...), &out, &errOut)
			if code != tc.code {
				t.Errorf("build exit %d, want %d; stderr:\n%s", code, tc.code, errOut.String())
			}
			var got []string
			for _, l := range strings.Split(errOut.String(), "\n") {
				if l != "" && !strings.HasPrefix(l, "brief: build failed") {
					got = append(got, l)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("diagnostics:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tc.want, "\n      "))
			}
			if strings.Contains(errOut.String(), "panic") || strings.Contains(errOut.String(), "goroutine ") {
				t.Errorf("a panic reached the user:\n%s", errOut.String())
			}
			if tc.code != 0 && !equalTrees(before, readTree(t, "public")) {
				t.Error("a failed build changed public/")
			}
			if tc.code != 0 && len(tc.args) == 0 {
				out.Reset()
				if code := run([]string{"check", "--quiet"}, &out, &errOut); code != 1 {
					t.Errorf("check exit %d, want 1", code)
				}
			}
		})
	}
}

// chdir changes the working folder for one test and restores it after.
func chdir(t *testing.T, dir string) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chdir(old) })
}
