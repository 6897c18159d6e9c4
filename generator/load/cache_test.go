package load

import (
	"fmt"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"brief/generator/diag"
)

// TestCacheEqualsLoad: after any sequence of edits, same-size rewrites
// with the old modification time, renames over files, deletions, new,
// renamed and removed folders, links, hard links and unreadable files, a
// Load through a Cache that saw every earlier state gives exactly what a
// fresh Load gives. So does a LoadChanged told the paths that a watcher
// would report (none under hidden names, a folder rather than what it
// holds), sometimes after several steps, sometimes with paths that did not
// change; it walks the whole folder only when the folder itself was among
// them.
func TestCacheEqualsLoad(t *testing.T) {
	for _, restricted := range []bool{false, true} {
		for _, ahead := range []bool{false, true} {
			t.Run(fmt.Sprintf("changed=%v/settled=%v", restricted, ahead), func(t *testing.T) {
				testCacheEqualsLoad(t, restricted, ahead)
			})
		}
	}
}

func testCacheEqualsLoad(t *testing.T, restricted, ahead bool) {
	dir := t.TempDir()
	fsys := os.DirFS(dir)
	c := &Cache{}
	if ahead {
		// Every file counts as settled, so the stamps decide.
		c.now = func() time.Time { return time.Now().Add(time.Hour) }
	}
	r := rand.New(rand.NewSource(3))
	names := []string{
		"notes/a.md", "notes/b.md", "notes/sub/c.md", "notes/sub/deep/d.md", "notes/sub.md", "seeds/a.txt", "seeds/b.txt",
		"countries/TJ.md", "entities/x.md", "static/s.css", "static/d/e.txt", "other/x.md", "README.md",
		"notes/4913", "notes/.hidden.md", "notes/.git/x.md", "notes/b.md~",
	}
	texts := []string{
		"---\ntitle: A\n---\nBody one.\n", "---\ntitle: B\n---\nBody two.\n", "Headline\nText.\n",
		"---\ntitle: [x\n---\nBad.\n", "", "bad \xff\n", "---\nkind: person\nname: X\n---\nY\n",
	}
	// touched collects what a watcher would report: every path changed
	// but those in hidden folders (which are not watched), and a folder
	// created rather than what it holds.
	var touched []string
	touch := func(name string) {
		if dir := path.Dir(name); name == "." || dir == "." || !hidden(dir) {
			touched = append(touched, name)
		}
	}
	mkdirs := func(name string) {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(d))); err != nil {
				touch(d) // the outermost one created comes last
			}
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(path.Dir(name))), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		mkdirs(name)
		if info, err := os.Lstat(p); err == nil && info.Mode()&os.ModeSymlink != 0 {
			os.Remove(p) // write the file, not what the link points to
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		touch(name)
	}
	for _, n := range names {
		write(n, texts[r.Intn(len(texts))])
	}
	prev, _ := c.Load(fsys)
	touched = nil
	wantScans := 1
	var unreadable []string
	rootGone := false
	for step := range 400 {
		name := names[r.Intn(len(names))]
		p := filepath.Join(dir, filepath.FromSlash(name))
		var did string
		switch r.Intn(11) {
		case 0, 1:
			did = "edit"
			write(name, texts[r.Intn(len(texts))])
		case 2:
			// The same size and modification time: only the change
			// time (or the read) tells.
			did = "same-size rewrite"
			info, err := os.Stat(p)
			if err != nil {
				continue
			}
			old, _ := os.ReadFile(p)
			if len(old) == 0 {
				continue
			}
			old[0] ^= 1
			write(name, string(old))
			os.Chtimes(p, info.ModTime(), info.ModTime())
		case 3:
			did = "rename over"
			tmp := p + ".new"
			write(name+".new", texts[r.Intn(len(texts))])
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
			touch(name)
		case 4:
			did = "delete"
			os.Remove(p)
			touch(name)
		case 5:
			did = "delete folder"
			os.RemoveAll(filepath.Dir(p))
			touch(path.Dir(name))
		case 6:
			did = "link"
			os.Remove(p)
			other := names[r.Intn(len(names))]
			rel, _ := filepath.Rel(filepath.Dir(p), filepath.Join(dir, filepath.FromSlash(other)))
			mkdirs(name)
			os.Symlink(rel, p)
			touch(name)
		case 7:
			// Writes to either name change both, and are events of one.
			did = "hard link"
			if restricted && hidden(path.Dir(name)) {
				// Nothing tells of a content file that gets another
				// name where nothing is watched, nor of writes to it
				// through that name.
				continue
			}
			other := names[r.Intn(len(names))]
			os.Remove(p)
			mkdirs(name)
			os.Link(filepath.Join(dir, filepath.FromSlash(other)), p)
			touch(name)
		case 8:
			did = "rename folder"
			from := path.Dir(name)
			to := []string{"notes", "notes/sub", "notes/sub2", "static", "static/d", "seeds", ".trash"}[r.Intn(7)]
			if from == "." || within(to, from) || within(from, to) {
				continue
			}
			mkdirs(to)
			os.RemoveAll(filepath.Join(dir, to))
			touch(to)
			if os.Rename(filepath.Join(dir, from), filepath.Join(dir, to)) == nil {
				touch(from)
			}
		case 9:
			did = "unreadable"
			if os.Chmod(p, 0) == nil {
				unreadable = append(unreadable, name)
				touch(name) // a change of attributes
			}
		case 10:
			did = "readable again"
			for _, n := range unreadable {
				os.Chmod(filepath.Join(dir, filepath.FromSlash(n)), 0o644)
				touch(n)
			}
			unreadable = nil
		}
		if r.Intn(3) == 0 {
			continue // more steps in one batch
		}
		var got *Content
		var gotDs diag.List
		if restricted {
			reported := touched
			if r.Intn(4) == 0 {
				// Watchers report more than changed: both ends of a
				// rename, a folder and what is in it.
				reported = append(reported, names[r.Intn(len(names))], path.Dir(names[r.Intn(len(names))]))
			}
			if slices.Contains(reported, ".") || rootGone {
				wantScans++
			}
			got, gotDs = c.LoadChanged(fsys, reported)
		} else {
			got, gotDs = c.Load(fsys)
			wantScans++
		}
		touched = nil
		_, err := os.Stat(dir)
		rootGone = err != nil // then the next load walks the whole folder
		want, wantDs := Load(fsys)
		// A one-off Load reads static files only when they are wanted.
		readStatic(t, got)
		readStatic(t, want)
		if got.Changed != nil {
			// Every file that differs from the last load is among the
			// paths the load reports changed.
			for _, p := range differing(prev, got) {
				if _, found := slices.BinarySearch(got.Changed, p); !found {
					t.Fatalf("step %d (%s %s): %s changed, but the load reports only %q", step, did, name, p, got.Changed)
				}
			}
			got.Changed = nil
		}
		prev = got
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotDs, wantDs) {
			t.Fatalf("step %d (%s %s): the cached load differs from a fresh one:\ncached %+v\n%v\nfresh  %+v\n%v", step, did, name, got, gotDs, want, wantDs)
		}
		if c.scans != wantScans {
			t.Fatalf("step %d (%s %s): %d walks of the whole folder, want %d", step, did, name, c.scans, wantScans)
		}
	}
	for _, n := range unreadable {
		os.Chmod(filepath.Join(dir, filepath.FromSlash(n)), 0o644)
	}
}

// differing lists the paths of the files and static files that are in
// one of a and b and not in the other, or differ between them.
func differing(a, b *Content) []string {
	all := map[string][2]any{}
	for i, c := range []*Content{a, b} {
		for _, f := range c.Files {
			v := all[f.Path]
			v[i] = f
			all[f.Path] = v
		}
		for _, s := range c.Static {
			v := all["static/"+s.Path]
			v[i] = s.Data
			all["static/"+s.Path] = v
		}
	}
	var paths []string
	for p, v := range all {
		if !reflect.DeepEqual(v[0], v[1]) {
			paths = append(paths, p)
		}
	}
	return paths
}

// TestCacheReuses: an unchanged, settled file is taken from the cache
// (the same value), a changed one is read again.
func TestCacheReuses(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "notes"), 0o755)
	for _, n := range []string{"a", "b"} {
		os.WriteFile(filepath.Join(dir, "notes", n+".md"), []byte("---\ntitle: "+n+"\n---\nx\n"), 0o644)
	}
	c := &Cache{now: func() time.Time { return time.Now().Add(time.Hour) }}
	first, _ := c.Load(os.DirFS(dir))
	os.WriteFile(filepath.Join(dir, "notes", "b.md"), []byte("---\ntitle: B\n---\ny\n"), 0o644)
	second, _ := c.Load(os.DirFS(dir))
	if first.Files[0] != second.Files[0] {
		t.Errorf("unchanged notes/a.md was read again")
	}
	if first.Files[1] == second.Files[1] || second.Files[1].Front.Title != "B" {
		t.Errorf("changed notes/b.md was not read again: %+v", second.Files[1].Front)
	}

	// Just written: not trusted by its stamp, but reused after reading
	// when the bytes are the same.
	recent := &Cache{}
	first, _ = recent.Load(os.DirFS(dir))
	second, _ = recent.Load(os.DirFS(dir))
	if first.Files[0] != second.Files[0] {
		t.Errorf("a file read again with the same bytes was parsed again")
	}
}

// TestLoadChanged: a LoadChanged looks at the reported paths only (a
// change nobody reported stays unseen, which is what makes it fast), and
// walks the whole folder when the last Load cannot be its base: none yet,
// another folder, the folder itself or a path that is not valid among the
// reported ones.
func TestLoadChanged(t *testing.T) {
	dir := t.TempDir()
	put := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	title := func(c *Content, p string) string {
		for _, f := range c.Files {
			if f.Path == p {
				return f.Front.Title
			}
		}
		return "(none)"
	}
	put("notes/a.md", "---\ntitle: A1\n---\nx\n")
	put("notes/b.md", "---\ntitle: B1\n---\nx\n")
	fsys := os.DirFS(dir)
	c := &Cache{}
	// reached is what the load says the reported paths reached (nil:
	// it walked the whole folder).
	var reached []string
	check := func(what string, changed []string, scans int, a, b string) {
		t.Helper()
		got, _ := c.LoadChanged(fsys, changed)
		reached = got.Changed
		if c.scans != scans || title(got, "notes/a.md") != a || title(got, "notes/b.md") != b {
			t.Errorf("%s: %d walks, a %q, b %q; want %d, %q, %q", what, c.scans, title(got, "notes/a.md"), title(got, "notes/b.md"), scans, a, b)
		}
	}
	wantReached := func(what string, want ...string) {
		t.Helper()
		if reached == nil || !slices.Equal(reached, want) {
			t.Errorf("%s: the load reports %#v changed, want %#v", what, reached, want)
		}
	}
	check("first load", []string{"notes/a.md"}, 1, "A1", "B1")
	if reached != nil {
		t.Errorf("first load: the load reports %q changed after a walk of the whole folder, want nil", reached)
	}

	put("notes/a.md", "---\ntitle: A2\n---\nx\n")
	put("notes/b.md", "---\ntitle: B2\n---\nx\n")
	check("a reported", []string{"notes/a.md"}, 1, "A2", "B1")
	wantReached("a reported", "notes/a.md")
	check("nothing reported", []string{}, 1, "A2", "B1")
	wantReached("nothing reported")
	check("the folder of b reported", []string{"notes"}, 1, "A2", "B2")
	wantReached("the folder of b reported", "notes/b.md")

	// An editor that saves through a temporary file writes it beside
	// the note and renames it over the note: the watcher reports both
	// names, and only the note changed. So does a test file written and
	// removed at once, and a backup that is not content.
	put("notes/.a.md.swp", "x")
	put("notes/a.md~", "---\ntitle: A2\n---\nx\n")
	put("notes/tmp123", "---\ntitle: A3\n---\nx\n")
	if err := os.Rename(filepath.Join(dir, "notes/tmp123"), filepath.Join(dir, "notes/a.md")); err != nil {
		t.Fatal(err)
	}
	check("a saved through a temporary file", []string{"notes/4913", "notes/tmp123", "notes/a.md", "notes/a.md~", "notes/.a.md.swp"}, 1, "A3", "B2")
	wantReached("a saved through a temporary file", "notes/a.md")
	put("notes/b.md", "---\ntitle: B2\n---\nx\n")
	check("b saved as it was", []string{"notes/b.md"}, 1, "A3", "B2")
	wantReached("b saved as it was")
	put("notes/c.txt", "x")
	check("a file that is not content", []string{"notes/c.txt"}, 1, "A3", "B2")
	wantReached("a file that is not content")
	put("static/c.txt", "x")
	put("site.yaml", "title: T\n")
	check("a static file, and site.yaml", []string{"static/c.txt", "site.yaml"}, 1, "A3", "B2")
	wantReached("a static file, and site.yaml", "site.yaml", "static/c.txt")
	check("site.yaml as it was", []string{"site.yaml"}, 1, "A3", "B2")
	wantReached("site.yaml as it was")
	os.Remove(filepath.Join(dir, "static/c.txt"))
	check("a static file removed", []string{"static/c.txt"}, 1, "A3", "B2")
	wantReached("a static file removed", "static/c.txt")

	put("notes/a.md", "---\ntitle: A3b\n---\nx\n")
	check("the content folder reported", []string{"."}, 2, "A3b", "B2")
	put("notes/a.md", "---\ntitle: A4\n---\nx\n")
	check("a path that is not valid", []string{"../x"}, 3, "A4", "B2")

	put("notes/b.md", "---\ntitle: B3\n---\nx\n")
	if _, ds := c.LoadChanged(os.DirFS(t.TempDir()), nil); len(ds) != 0 {
		t.Fatal(ds)
	}
	check("after a load of another folder", nil, 5, "A4", "B3")

	// A load that did not finish is no base.
	put("notes/b.md", "---\ntitle: B4\n---\nx\n")
	c.begin()
	check("after an unfinished load", nil, 6, "A4", "B4")
}

// BenchmarkCacheLoad: a rebuild's load of a folder of 10,000 notes, one of
// them edited, through a Cache: walking the whole folder (Load) and
// looking at the edited file only (LoadChanged).
func BenchmarkCacheLoad(b *testing.B) {
	dir := b.TempDir()
	os.MkdirAll(filepath.Join(dir, "notes"), 0o755)
	for i := range 10000 {
		text := fmt.Sprintf("---\ntitle: Note %d\n---\nBody of note %d.\n", i, i)
		if err := os.WriteFile(filepath.Join(dir, "notes", fmt.Sprintf("%05d.md", i)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	edit := func(i int) {
		text := fmt.Sprintf("---\ntitle: Note 7 edit %d\n---\nBody.\n", i)
		if err := os.WriteFile(filepath.Join(dir, "notes", "00007.md"), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, changed := range []bool{false, true} {
		b.Run(map[bool]string{false: "Load", true: "LoadChanged"}[changed], func(b *testing.B) {
			// The files are settled, as in an editing session.
			c := &Cache{now: func() time.Time { return time.Now().Add(time.Hour) }}
			c.Load(fsys)
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				edit(i)
				b.StartTimer()
				if changed {
					c.LoadChanged(fsys, []string{"notes/00007.md"})
				} else {
					c.Load(fsys)
				}
			}
		})
	}
}

// readStatic replaces every static file of c by its bytes, as a build
// writes them.
func readStatic(t *testing.T, c *Content) {
	t.Helper()
	for i, s := range c.Static {
		data, err := s.Bytes()
		if err != nil {
			t.Fatalf("static/%s: %v", s.Path, err)
		}
		c.Static[i] = Static{Path: s.Path, Data: data}
	}
}
