package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/generator"
	"brief/generator/serve"
)

// TestServeRebuildEqualsBuild: after every edit, creation, deletion, broken
// and fixed file, the preview's output folder and the site it serves are
// exactly the files of a fresh build of the content as it is; after a
// failed build they stay those of the last good one. The preview looks
// only at the paths the watcher reports, and writes and publishes only what
// changed, so this is what keeps that honest.
func TestServeRebuildEqualsBuild(t *testing.T) {
	var log bytes.Buffer
	p := testPreview(t, &log, io.Discard)
	c, content := p.c, p.c.content
	p.rebuild(nil)

	r := rand.New(rand.NewSource(11))
	// touched is what the watcher would report: the paths changed, and a
	// folder created.
	var touched []string
	touch := func(name string) { touched = append(touched, filepath.Join(content, filepath.FromSlash(name))) }
	put := func(name, text string) {
		path := filepath.Join(content, filepath.FromSlash(name))
		if _, err := os.Stat(filepath.Dir(path)); err != nil {
			touch(filepath.Dir(name))
		}
		touch(name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	note := func(i int) string {
		return fmt.Sprintf("---\ntitle: Note %d\npublished: 2025-06-%02d\n---\nOn 3 June 2025 [Tajikistan](TJ) reported %d incidents.\n", i, 1+i%28, r.Intn(50))
	}
	var good map[string]string // the last good build
	for step := range 60 {
		var did string
		switch r.Intn(13) {
		case 7, 8, 9, 10:
			// Words that name nothing, at the end of a note: the
			// rebuild patches the last site.
			did = "prose"
			notes, _ := filepath.Glob(filepath.Join(content, "notes", "n*.md"))
			if len(notes) == 0 {
				put("notes/n0.md", note(r.Intn(100)))
				break
			}
			name := "notes/" + filepath.Base(notes[r.Intn(len(notes))])
			data, err := os.ReadFile(filepath.Join(content, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			if r.Intn(2) == 0 {
				put(name, string(data)+"\nThe desk will follow this up.\n")
				break
			}
			// Saved as many editors do: written to a temporary file
			// beside the note and renamed over it.
			did = "prose through a temporary file"
			put("notes/4913", "")
			os.Remove(filepath.Join(content, "notes", "4913"))
			put("notes/tmp8Kq2", string(data)+"\nThe desk will follow this up.\n")
			if err := os.Rename(filepath.Join(content, "notes", "tmp8Kq2"), filepath.Join(content, filepath.FromSlash(name))); err != nil {
				t.Fatal(err)
			}
			touch(name)
		case 0, 1:
			did = "note"
			put(fmt.Sprintf("notes/n%d.md", r.Intn(6)), note(r.Intn(100)))
		case 2:
			did = "delete"
			name := fmt.Sprintf("notes/n%d.md", r.Intn(6))
			os.Remove(filepath.Join(content, filepath.FromSlash(name)))
			touch(name)
		case 3:
			did = "static"
			put(fmt.Sprintf("static/s%d.txt", r.Intn(3)), fmt.Sprint(r.Intn(3)))
		case 4:
			did = "delete static"
			os.RemoveAll(filepath.Join(content, "static"))
			touch("static")
		case 5:
			did = "break"
			put("notes/broken.md", "---\ntitle: [x\n---\nx\n")
		case 6, 11, 12:
			did = "fix"
			os.Remove(filepath.Join(content, "notes", "broken.md"))
			touch("notes/broken.md")
		}
		if r.Intn(5) == 0 {
			continue // more changes in one batch
		}
		if r.Intn(6) == 0 {
			touched = nil // the watcher lost events
		} else if touched == nil {
			touched = []string{}
		}
		p.rebuild(touched)
		touched = nil

		if files, failed := freshBuild(t, c); !failed {
			good = files
		}
		if good == nil {
			continue
		}
		if disk := readDir(t, c.out); !maps.Equal(disk, good) {
			t.Fatalf("step %d (%s): the output folder differs from a full build", step, did)
		}
		served := map[string]string{}
		for path, data := range p.site {
			served[path] = string(data)
		}
		if !maps.Equal(served, good) {
			t.Fatalf("step %d (%s): the site served differs from a full build", step, did)
		}
		// Saves within one tick of the clock: the loader must still see them.
		time.Sleep(time.Duration(r.Intn(2)) * time.Millisecond)
	}
	if n := strings.Count(log.String(), " patched ("); n < 3 {
		t.Errorf("%d rebuilds patched the last site; want at least 3 to test them:\n%s", n, log.String())
	}
}

// TestServeSaveThroughTemporaryFile: a note saved as many editors save
// it, through a temporary file renamed over it, is patched into the last
// site like a note written in place (milliseconds instead of a rebuild of
// the model, seconds on a large site), though the watcher also reports
// the temporary file, which is gone.
func TestServeSaveThroughTemporaryFile(t *testing.T) {
	var log bytes.Buffer
	p := testPreview(t, &log, io.Discard)
	content := p.c.content
	note := filepath.Join(content, "notes", "desk.md")
	text := "---\ntitle: Desk note\npublished: 2025-06-02\n---\n[Tajikistan](TJ) reported 12 incidents on 1 June 2025.\n"
	if err := os.WriteFile(note, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	p.rebuild(nil)

	tmp := filepath.Join(content, "notes", "desk.md.tmp.4821")
	if err := os.WriteFile(tmp, []byte(text+"\nThe desk will follow this up.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, note); err != nil {
		t.Fatal(err)
	}
	log.Reset()
	p.rebuild([]string{filepath.Join(content, "notes", "4913"), tmp, note})
	if !strings.Contains(log.String(), ", 1 patched (") {
		t.Errorf("the save did not patch the last site:\n%s", log.String())
	}
	want, _ := freshBuild(t, p.c)
	if page := want["sources/desk/index.html"]; !strings.Contains(page, "The desk will follow this up.") {
		t.Fatalf("a fresh build's page of the note lacks the new sentence")
	}
	if disk := readDir(t, p.c.out); !maps.Equal(disk, want) {
		t.Errorf("the output folder differs from a full build")
	}
}

// TestServeStartKeepsOutput: the preview's first write over the output of
// `brief build` goes through the same writer, which leaves the folder and
// every file that is already right where they are (with the build's index,
// after a stat each) rather than making a new tree and removing the old;
// an output folder removed while the preview runs is written whole again.
func TestServeStartKeepsOutput(t *testing.T) {
	var log, stdout, stderr bytes.Buffer
	p := testPreview(t, &log, &stderr)
	content, out := p.c.content, p.c.out
	if code := run([]string{"build", "--quiet", "--content", content, "--out", out, "--templates", p.c.templates}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr.String())
	}
	stat := func(p string) os.FileInfo {
		t.Helper()
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	folder, page := stat(out), stat(filepath.Join(out, "index.html"))

	p.rebuild(nil)
	if !strings.Contains(log.String(), "(0 written, ") || stderr.Len() > 0 {
		t.Fatalf("the preview's first build rewrote an output that was up to date:\n%s%s", log.String(), stderr.String())
	}
	if !os.SameFile(stat(out), folder) || !os.SameFile(stat(filepath.Join(out, "index.html")), page) {
		t.Errorf("the output folder or its home page was replaced, not left in place")
	}

	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(content, "notes", "desk.md")
	if err := os.WriteFile(note, []byte("---\ntitle: Desk note\npublished: 2025-06-02\n---\nNothing yet.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.rebuild([]string{note})
	want, _ := freshBuild(t, p.c)
	if disk := readDir(t, out); !maps.Equal(disk, want) {
		t.Errorf("after the output folder was removed, the preview wrote %d files, want the %d of a fresh build:\n%s%s", len(disk), len(want), log.String(), stderr.String())
	}
}

// testPreview is a preview of a copy of the bundled content in a folder of
// its own (content/, templates/, public/), which reports to log and
// stderr.
func testPreview(t *testing.T, log, stderr io.Writer) *preview {
	t.Helper()
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.CopyFS(content, os.DirFS("content")); err != nil {
		t.Fatal(err)
	}
	c := &common{content: content, templates: filepath.Join(dir, "templates"), out: filepath.Join(dir, "public")}
	return &preview{c: c, b: generator.NewBuilder(), srv: serve.New("/"), stdout: log, stderr: stderr}
}

// freshBuild returns the files of a fresh build of c's content, by path,
// and whether the build failed.
func freshBuild(t *testing.T, c *common) (map[string]string, bool) {
	t.Helper()
	opts, err := c.options()
	if err != nil {
		t.Fatal(err)
	}
	res := generator.Build(opts)
	files := map[string]string{}
	for _, f := range res.Files {
		files[f.Path] = string(f.Data)
	}
	return files, res.Diags.HasErrors()
}

// readDir reads every file under root, by slash-separated relative path.
func readDir(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestContentPaths: the paths a watcher reports become content paths; a
// template is none, and the content folder itself or unknown paths mean
// that everything is looked at.
func TestContentPaths(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	at := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	tests := []struct {
		name    string
		changed []string
		want    []string
	}{
		{"unknown", nil, nil},
		{"files and folders", []string{at("content/notes/a.md"), at("content/static")}, []string{"notes/a.md", "static"}},
		{"templates only", []string{at("templates/home.html")}, []string{}},
		{"mixed", []string{at("content/site.yaml"), at("templates/home.html")}, []string{"site.yaml"}},
		{"a sibling with a longer name", []string{at("content2/x.md")}, []string{}},
		{"the content folder", []string{at("content/notes/a.md"), content}, nil},
	}
	for _, tt := range tests {
		got := contentPaths(content, tt.changed)
		if (got == nil) != (tt.want == nil) || !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

// TestServeRescan: a rebuild looks only at the paths the watcher reported
// (a change it did not report stays unseen, which is what makes a rebuild
// of a large site fast), and at everything when the paths are not known
// (the watcher lost events) or a rebuild before it stopped short of
// loading (the content folder was gone).
func TestServeRescan(t *testing.T) {
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	put := func(name, sentence string) {
		writeFile(t, filepath.Join(content, filepath.FromSlash(name)), serveNote(sentence))
	}
	writeFile(t, filepath.Join(content, "site.yaml"), serveSiteYAML)
	put("notes/a.md", "Edit one of note a.")
	c := &common{content: content, templates: filepath.Join(dir, "templates"), out: filepath.Join(dir, "public")}
	var log bytes.Buffer
	p := &preview{c: c, b: generator.NewBuilder(), srv: serve.New("/"), stdout: &log, stderr: io.Discard}
	page := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(c.out, "sources", name, "index.html"))
		return string(b)
	}
	check := func(what, name, want string) {
		t.Helper()
		if got := page(name); !strings.Contains(got, want) {
			t.Errorf("%s: page %s lacks %q", what, name, want)
		}
	}
	p.rebuild(nil)
	check("first build", "a", "Edit one")

	put("notes/a.md", "Edit two of note a.")
	put("notes/b.md", "Edit one of note b.")
	p.rebuild([]string{filepath.Join(content, "notes", "b.md")})
	check("b reported", "b", "Edit one of note b")
	check("a not reported", "a", "Edit one of note a")

	p.rebuild(nil)
	check("events lost", "a", "Edit two")

	gone := content + ".away"
	if err := os.Rename(content, gone); err != nil {
		t.Fatal(err)
	}
	p.rebuild([]string{content})
	if err := os.Rename(gone, content); err != nil {
		t.Fatal(err)
	}
	put("notes/a.md", "Edit three of note a.")
	p.rebuild([]string{filepath.Join(dir, "templates", "home.html")})
	check("after a rebuild that could not load", "a", "Edit three")
}
