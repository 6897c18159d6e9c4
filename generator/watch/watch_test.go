package watch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// testDebounce is longer than the watcher's default: on a loaded machine
// (the race detector, parallel packages) the steps of one os.WriteFile can
// be further apart than 30ms, and these tests are about which paths come
// together, not about the interval.
const testDebounce = 150 * time.Millisecond

// start watches a fresh temporary folder.
func start(t *testing.T) (*Watcher, string) {
	t.Helper()
	return startWith(t, testDebounce)
}

func startWith(t *testing.T, debounce time.Duration) (*Watcher, string) {
	t.Helper()
	dir := t.TempDir()
	w, err := New(Options{Debounce: debounce}, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w, dir
}

// next waits for the next batch, with paths relative to dir.
func next(t *testing.T, w *Watcher, dir string) []string {
	t.Helper()
	select {
	case b, ok := <-w.C:
		if !ok {
			t.Fatal("watcher closed")
		}
		var rel []string
		for _, p := range b.Paths {
			r, err := filepath.Rel(dir, p)
			if err != nil {
				t.Fatal(err)
			}
			rel = append(rel, filepath.ToSlash(r))
		}
		return rel
	case err := <-w.Errors:
		t.Fatalf("watch error: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5s")
	}
	return nil
}

// quiet asserts that no batch comes.
func quiet(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.C:
		t.Fatalf("unexpected batch %v", b.Paths)
	case <-time.After(3 * testDebounce):
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func wantPaths(t *testing.T, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("batch %v lacks %q", got, w)
		}
	}
}

func TestWriteCreateDelete(t *testing.T) {
	w, dir := start(t)
	write(t, filepath.Join(dir, "a.md"), "one")
	if got := next(t, w, dir); !slices.Equal(got, []string{"a.md"}) {
		t.Errorf("create: got %v", got)
	}
	write(t, filepath.Join(dir, "a.md"), "two")
	if got := next(t, w, dir); !slices.Equal(got, []string{"a.md"}) {
		t.Errorf("write: got %v", got)
	}
	if err := os.Remove(filepath.Join(dir, "a.md")); err != nil {
		t.Fatal(err)
	}
	if got := next(t, w, dir); !slices.Equal(got, []string{"a.md"}) {
		t.Errorf("delete: got %v", got)
	}
	quiet(t, w)
}

// An editor's atomic save: write a hidden temporary file, rename it over the
// original. The batch names the original and the temporary file, which is
// not content.
func TestAtomicSave(t *testing.T) {
	w, dir := start(t)
	write(t, filepath.Join(dir, "a.md"), "one")
	next(t, w, dir)
	tmp := filepath.Join(dir, ".a.md.tmp123")
	write(t, tmp, "two")
	if err := os.Rename(tmp, filepath.Join(dir, "a.md")); err != nil {
		t.Fatal(err)
	}
	if got := next(t, w, dir); !slices.Equal(got, []string{".a.md.tmp123", "a.md"}) {
		t.Errorf("atomic save: got %v", got)
	}
	// A backup file alone is not a change.
	write(t, filepath.Join(dir, "a.md~"), "backup")
	write(t, filepath.Join(dir, ".a.md.swp"), "swap")
	quiet(t, w)
}

// Changes of attributes, backup and swap files start no batch, but come
// with the next one: a file made unreadable changes the build, and a
// hidden file may be another name of a content file. A batch waiting for
// its receiver takes them in at once, since its rebuild comes after them.
func TestRideAlong(t *testing.T) {
	w, dir := start(t)
	write(t, filepath.Join(dir, "a.md"), "a")
	write(t, filepath.Join(dir, "b.md"), "b")
	next(t, w, dir)
	if err := os.Chmod(filepath.Join(dir, "a.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, ".a.md.swp"), "swap")
	quiet(t, w)
	write(t, filepath.Join(dir, "b.md"), "b2")
	if got := next(t, w, dir); !slices.Equal(got, []string{".a.md.swp", "a.md", "b.md"}) {
		t.Errorf("with the next change: got %v", got)
	}

	write(t, filepath.Join(dir, "b.md"), "b3")
	time.Sleep(3 * testDebounce) // the batch is ready but not taken
	if err := os.Chmod(filepath.Join(dir, "a.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(testDebounce)
	if got := next(t, w, dir); !slices.Equal(got, []string{"a.md", "b.md"}) {
		t.Errorf("while busy: got %v", got)
	}
	quiet(t, w)
}

// When the system's event queue overflows, the next batch comes at once
// and says that everything must be looked at; the one after it is trusted
// again.
func TestOverflow(t *testing.T) {
	w, dir := start(t)
	write(t, filepath.Join(dir, "a.md"), "a")
	if b := nextBatch(t, w); b.Rescan {
		t.Errorf("batch %v: rescan without a lost event", b.Paths)
	}
	w.fsw.Errors <- fsnotify.ErrEventOverflow
	if err := <-w.Errors; !errors.Is(err, fsnotify.ErrEventOverflow) {
		t.Errorf("error %v, want the overflow", err)
	}
	if b := nextBatch(t, w); !b.Rescan {
		t.Errorf("batch %v after an overflow: no rescan", b.Paths)
	}
	write(t, filepath.Join(dir, "a.md"), "b")
	if b := nextBatch(t, w); b.Rescan || len(b.Paths) != 1 {
		t.Errorf("batch %v (rescan %v) after the rescan, want one path and no rescan", b.Paths, b.Rescan)
	}
}

func nextBatch(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.C:
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5s")
	}
	return Batch{}
}

func TestRename(t *testing.T) {
	w, dir := start(t)
	write(t, filepath.Join(dir, "a.md"), "one")
	next(t, w, dir)
	if err := os.Rename(filepath.Join(dir, "a.md"), filepath.Join(dir, "b.md")); err != nil {
		t.Fatal(err)
	}
	got := next(t, w, dir)
	if !slices.Equal(got, []string{"a.md", "b.md"}) {
		t.Errorf("rename: got %v", got)
	}
}

// Folders created later are watched, also several levels at once, and files
// that were already inside a folder moved in are reported.
func TestNewFolders(t *testing.T) {
	w, dir := start(t)
	if err := os.MkdirAll(filepath.Join(dir, "notes", "deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	next(t, w, dir)
	write(t, filepath.Join(dir, "notes", "deep", "x.md"), "x")
	if got := next(t, w, dir); !slices.Equal(got, []string{"notes/deep/x.md"}) {
		t.Errorf("file in new folder: got %v", got)
	}

	outside := t.TempDir()
	if err := os.MkdirAll(filepath.Join(outside, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(outside, "sub", "y.md"), "y")
	if err := os.Rename(outside, filepath.Join(dir, "moved")); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w, dir), "moved", "moved/sub/y.md")
	write(t, filepath.Join(dir, "moved", "sub", "y.md"), "y2")
	if got := next(t, w, dir); !slices.Equal(got, []string{"moved/sub/y.md"}) {
		t.Errorf("write in moved-in folder: got %v", got)
	}

	// A folder renamed inside the tree is watched under its new name.
	if err := os.Rename(filepath.Join(dir, "moved"), filepath.Join(dir, "renamed")); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w, dir), "moved", "renamed")
	write(t, filepath.Join(dir, "renamed", "sub", "y.md"), "y3")
	if got := next(t, w, dir); !slices.Equal(got, []string{"renamed/sub/y.md"}) {
		t.Errorf("write in renamed folder: got %v", got)
	}
}

// A burst of changes is one batch.
func TestDebounce(t *testing.T) {
	w, dir := startWith(t, 500*time.Millisecond)
	var want []string
	for i := range 40 {
		name := strings.Repeat("n", 1+i%3) + string(rune('a'+i%26)) + ".md"
		write(t, filepath.Join(dir, name), "x")
		want = append(want, name)
	}
	slices.Sort(want)
	want = slices.Compact(want)
	if got := next(t, w, dir); !slices.Equal(got, want) {
		t.Errorf("burst: got %v, want %v", got, want)
	}
	quiet(t, w)
}

// A batch waiting for a busy receiver absorbs later changes.
func TestCoalesceWhileBusy(t *testing.T) {
	w, dir := start(t)
	write(t, filepath.Join(dir, "a.md"), "a")
	time.Sleep(3 * testDebounce) // the first batch is ready but not taken
	write(t, filepath.Join(dir, "b.md"), "b")
	time.Sleep(3 * testDebounce)
	if got := next(t, w, dir); !slices.Equal(got, []string{"a.md", "b.md"}) {
		t.Errorf("coalesced: got %v", got)
	}
	quiet(t, w)
}

// A root that does not exist yet is picked up when it is created.
func TestMissingRoot(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "templates")
	w, err := New(Options{Debounce: testDebounce}, root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	write(t, filepath.Join(parent, "unrelated.txt"), "x")
	quiet(t, w)
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	wantPaths(t, next(t, w, parent), "templates")
	write(t, filepath.Join(root, "home.html"), "x")
	if got := next(t, w, parent); !slices.Equal(got, []string{"templates/home.html"}) {
		t.Errorf("file in new root: got %v", got)
	}
}

func TestClose(t *testing.T) {
	w, _ := start(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-w.C; ok {
		t.Error("C not closed after Close")
	}
	w.Close() // twice is fine
}

// TestEditorSaves: with the default quiet interval, each way editors save
// a file is one batch. A loaded machine (the race detector, packages
// tested in parallel) can pause a writer between two system calls for
// longer than the interval, which splits a save in two (and costs a second
// rebuild, no more): one split in ten saves is tolerated.
func TestEditorSaves(t *testing.T) {
	saves := map[string]func(t *testing.T, p string, text string){
		"in place": func(t *testing.T, p, text string) { write(t, p, text) },
		"temporary file renamed over": func(t *testing.T, p, text string) {
			tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
			write(t, tmp, text)
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
		},
		"backup by rename (vim)": func(t *testing.T, p, text string) {
			probe := filepath.Join(filepath.Dir(p), "4913")
			write(t, probe, "")
			os.Remove(probe)
			if err := os.Rename(p, p+"~"); err != nil {
				t.Fatal(err)
			}
			write(t, p, text)
			os.Chmod(p, 0o644)
			os.Remove(p + "~")
		},
	}
	for name, save := range saves {
		t.Run(name, func(t *testing.T) {
			w, dir := startWith(t, 0)
			p := filepath.Join(dir, "a.md")
			write(t, p, "first")
			next(t, w, dir)
			const n = 10
			batches := 0
			for i := range n {
				save(t, p, fmt.Sprintf("save %d", i))
				// Every batch until the quiet after the save.
				for done := false; !done; {
					select {
					case b := <-w.C:
						batches++
						if !slices.Contains(b.Paths, p) {
							t.Errorf("save %d: batch %v lacks a.md", i, b.Paths)
						}
					case <-time.After(20 * DefaultDebounce):
						done = true
					}
				}
			}
			if batches < n || batches > n+n/10 {
				t.Errorf("%d saves made %d batches", n, batches)
			}
		})
	}
}
