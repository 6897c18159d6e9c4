package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runCLI runs the command line in-process and returns its exit code and
// output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// readTree returns every file under dir with its bytes and mtime.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		tree[filepath.ToSlash(rel)] = string(data) + "\x00" + info.ModTime().String()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// TestBundledSite builds the bundled briefing and checks the files and the
// events that the acceptance of the foundation names.
func TestBundledSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCLI(t, "build", "--out", out)
	if code != 0 {
		t.Fatalf("build exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built ") {
		t.Errorf("summary line = %q", stdout)
	}
	for _, p := range []string{
		"index.html", "timeline/index.html", "countries/index.html",
		"countries/af/index.html", "countries/am/index.html", "countries/by/index.html",
		"countries/kg/index.html", "countries/kz/index.html", "countries/ru/index.html",
		"countries/tj/index.html", "organisations/index.html", "organisations/csto/index.html",
		"people/index.html", "sources/index.html", "feed.xml", "sitemap.xml", "robots.txt",
		"404.html", ".nojekyll", "api/events.json", "api/countries.json", "api/timeline.json",
		"assets/style.css",
	} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	var events []struct {
		Date, Precision, Status, Text string
		Countries                     []string
	}
	data, err := os.ReadFile(filepath.Join(out, "api/events.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &events); err != nil {
		t.Fatal(err)
	}
	want := []struct{ date, precision, status, phrase, country string }{
		{"2025-05-28", "day", "reported", "Council of Defence Ministers", "KG"},
		{"2021-08", "month", "reported", "takeover in August 2021", "AF"},
		{"2025", "year", "reported", "Supreme Court", "RU"},
		{"2025-03", "month", "reported", "Putin", "TJ"},
		{"2026", "year", "planned", "beginning in 2026", "TJ"},
	}
	for _, w := range want {
		found := false
		for _, e := range events {
			if e.Date == w.date && e.Precision == w.precision && e.Status == w.status &&
				strings.Contains(e.Text, w.phrase) && contains(e.Countries, w.country) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s event %s (%s) with %q and %s in %+v", w.status, w.date, w.precision, w.phrase, w.country, events)
		}
	}
	page := func(p string) string {
		data, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	tj := page("countries/tj/index.html")
	for _, s := range []string{"Emomali Rahmon", "takeover in August 2021", "beginning in 2026", "March 2025 meeting"} {
		if !strings.Contains(tj, s) {
			t.Errorf("Tajikistan profile lacks %q", s)
		}
	}
	ru := page("countries/ru/index.html")
	for _, s := range []string{`href="/people/andrey-belousov/"`, `href="/people/vladimir-putin/"`} {
		if !strings.Contains(ru, s) {
			t.Errorf("Russia profile lacks %s", s)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestExtractJSON checks the SPEC §4 shape and that every offset indexes
// exactly its text.
func TestExtractJSON(t *testing.T) {
	seeds, _ := filepath.Glob("content/seeds/*.txt")
	if len(seeds) == 0 {
		t.Fatal("no bundled seed")
	}
	code, stdout, stderr := runCLI(t, "extract", "--json", "--published", "2025-05-29", seeds[0])
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var reports []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &reports); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, stdout)
	}
	if len(reports) != 1 {
		t.Fatalf("%d reports", len(reports))
	}
	r := reports[0]
	for _, k := range []string{"file", "title", "published", "countries", "organisations", "people", "places", "quantities", "dates", "events"} {
		if _, ok := r[k]; !ok {
			t.Errorf("report lacks %q", k)
		}
	}
	var published string
	_ = json.Unmarshal(r["published"], &published)
	if published != "2025-05-29" {
		t.Errorf("published = %q", published)
	}
	raw, _ := os.ReadFile(seeds[0])
	type located struct {
		Text   string `json:"text"`
		Offset int    `json:"offset"`
	}
	for _, k := range []string{"quantities", "dates", "events"} {
		var items []located
		if err := json.Unmarshal(r[k], &items); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if len(items) == 0 {
			t.Errorf("no %s", k)
		}
		for _, it := range items {
			if it.Offset < 0 || it.Offset+len(it.Text) > len(raw) || string(raw[it.Offset:it.Offset+len(it.Text)]) != it.Text {
				t.Errorf("%s: offset %d does not index %q", k, it.Offset, it.Text)
			}
		}
	}
	var dates []struct {
		Text      string  `json:"text"`
		Value     *string `json:"value"`
		Precision string  `json:"precision"`
	}
	_ = json.Unmarshal(r["dates"], &dates)
	found := false
	for _, d := range dates {
		if strings.Contains(d.Text, "Wednesday") && d.Value != nil && *d.Value == "2025-05-28" && d.Precision == "day" {
			found = true
		}
	}
	if !found {
		t.Errorf("\"on Wednesday\" not resolved to 2025-05-28: %+v", dates)
	}
}

// TestDeterministicAndAtomic builds twice into two folders and compares
// them, then breaks a template and checks that the build fails with the
// template's position and leaves the previous output exactly as it was.
func TestDeterministicAndAtomic(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, out := range []string{a, b} {
		if code, _, stderr := runCLI(t, "build", "--quiet", "--out", out); code != 0 {
			t.Fatalf("build: %s", stderr)
		}
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files vs %d", len(ta), len(tb))
	}
	for p, va := range ta {
		ca, _, _ := strings.Cut(va, "\x00")
		cb, _, _ := strings.Cut(tb[p], "\x00")
		if ca != cb {
			t.Errorf("%s differs between two builds", p)
		}
	}

	// A rebuild keeps every unchanged file's modification time.
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	_ = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			_ = os.Chtimes(p, past, past)
		}
		return nil
	})
	before := readTree(t, a)
	if code, _, stderr := runCLI(t, "build", "--quiet", "--out", a); code != 0 {
		t.Fatalf("rebuild: %s", stderr)
	}
	if after := readTree(t, a); !equalTrees(before, after) {
		t.Error("a rebuild of the same input changed files or their modification times")
	}

	// A broken template fails the build and leaves the output alone.
	tmpl := filepath.Join(dir, "templates")
	if err := os.MkdirAll(tmpl, 0o755); err != nil {
		t.Fatal(err)
	}
	broken := "{{define \"main\"}}\n<h1>{{.Title}</h1>\n{{end}}\n"
	if err := os.WriteFile(filepath.Join(tmpl, "country.html"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "build", "--out", a, "--templates", tmpl)
	if code != 1 {
		t.Errorf("broken template: exit %d, want 1", code)
	}
	if !regexp.MustCompile(`templates/country\.html:2:(\d+:)? error: `).MatchString(stderr) {
		t.Errorf("diagnostic lacks the template's file:line: %s", stderr)
	}
	if after := readTree(t, a); !equalTrees(before, after) {
		t.Error("a failed build changed the previous output")
	}
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"build", "--nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"build", "--help"}, 0, "--base-url"},
		{[]string{"check", "--help"}, 0, "--content"},
		{[]string{"extract"}, 2, "name at least one file"},
		{[]string{"extract", "--published", "2025-13-01", "x.txt"}, 2, "--published: want a day as YYYY-MM-DD"},
		{[]string{"build", "--content", "no-such-folder"}, 2, `content folder "no-such-folder" not found`},
		{[]string{"build", "--out", "."}, 1, "repository root"},
		{[]string{"build", "--out", "content"}, 1, "content"},
		{[]string{"version"}, 0, "brief "},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.out) {
			t.Errorf("brief %s: exit %d, output %q; want exit %d and %q", strings.Join(tt.args, " "), code, stdout+stderr, tt.code, tt.out)
		}
	}
}

func TestCheckBundledContent(t *testing.T) {
	code, stdout, _ := runCLI(t, "check")
	if code != 0 || strings.Contains(stdout, "error:") {
		t.Errorf("check of the bundled content: exit %d\n%s", code, stdout)
	}
}
