package load

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestCacheEqualsLoad: after any sequence of edits, same-size rewrites
// with the old modification time, renames over files, deletions, new and
// removed folders, links and unreadable files, a Load through a Cache that
// saw every earlier state gives exactly what a fresh Load gives.
func TestCacheEqualsLoad(t *testing.T) {
	for _, ahead := range []bool{false, true} {
		t.Run(fmt.Sprintf("settled=%v", ahead), func(t *testing.T) {
			dir := t.TempDir()
			fsys := os.DirFS(dir)
			c := &Cache{}
			if ahead {
				// Every file counts as settled, so the stamps decide.
				c.now = func() time.Time { return time.Now().Add(time.Hour) }
			}
			r := rand.New(rand.NewSource(3))
			names := []string{
				"notes/a.md", "notes/b.md", "notes/sub/c.md", "seeds/a.txt", "seeds/b.txt",
				"countries/TJ.md", "entities/x.md", "static/s.css", "static/d/e.txt", "other/x.md", "README.md",
			}
			texts := []string{
				"---\ntitle: A\n---\nBody one.\n", "---\ntitle: B\n---\nBody two.\n", "Headline\nText.\n",
				"---\ntitle: [x\n---\nBad.\n", "", "bad \xff\n", "---\nkind: person\nname: X\n---\nY\n",
			}
			write := func(name, text string) {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if info, err := os.Lstat(p); err == nil && info.Mode()&os.ModeSymlink != 0 {
					os.Remove(p) // write the file, not what the link points to
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, n := range names {
				write(n, texts[r.Intn(len(texts))])
			}
			for step := range 300 {
				name := names[r.Intn(len(names))]
				p := filepath.Join(dir, filepath.FromSlash(name))
				var did string
				switch r.Intn(8) {
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
				case 4:
					did = "delete"
					os.Remove(p)
				case 5:
					did = "delete folder"
					os.RemoveAll(filepath.Dir(p))
				case 6:
					did = "link"
					os.Remove(p)
					other := names[r.Intn(len(names))]
					rel, _ := filepath.Rel(filepath.Dir(p), filepath.Join(dir, filepath.FromSlash(other)))
					os.MkdirAll(filepath.Dir(p), 0o755)
					os.Symlink(rel, p)
				case 7:
					did = "unreadable"
					os.Chmod(p, 0)
					defer os.Chmod(p, 0o644)
				}
				got, gotDs := c.Load(fsys)
				want, wantDs := Load(fsys)
				if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotDs, wantDs) {
					t.Fatalf("step %d (%s %s): the cached load differs from a fresh one:\ncached %+v\n%v\nfresh  %+v\n%v", step, did, name, got, gotDs, want, wantDs)
				}
				if did == "unreadable" {
					os.Chmod(p, 0o644)
				}
			}
		})
	}
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
