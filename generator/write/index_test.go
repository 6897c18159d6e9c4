package write

import (
	"errors"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// noMargin trusts what the index records as soon as the file system's
// clock has moved past it, instead of a second later, so that tests need
// not wait. settle waits for that move.
func noMargin(tb testing.TB) {
	old := racyMargin
	racyMargin = 0
	tb.Cleanup(func() { racyMargin = old })
}

// settle waits until the clock of the file system that holds dir has
// moved past everything written in it so far (a few milliseconds at most
// on the file systems that stamp in ticks), so that a build begun then
// sees nothing racy.
func settle(tb testing.TB, dir string) {
	tb.Helper()
	f, err := os.CreateTemp(dir, ".settle-")
	if err != nil {
		tb.Fatal(err)
	}
	f.Close()
	defer os.Remove(f.Name())
	first, _ := lstat(f.Name())
	for {
		now := time.Now()
		if err := os.Chtimes(f.Name(), now, now); err != nil {
			tb.Fatal(err)
		}
		if now, _ := lstat(f.Name()); now.ctime > first.ctime || !now.known() {
			return
		}
	}
}

// syncCounted is syncFiles that also tells how many files the Syncer read
// to compare them and how many folders it listed; streamed names the
// paths to add with AddStream, in small pieces.
func syncCounted(t testing.TB, out string, m map[string]string, streamed ...string) (res Result, compared, listed int) {
	t.Helper()
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	addFrom(s, toFiles(m), 3, streamed...)
	res, err = s.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return res, int(s.compared.Load()), int(s.listed.Load())
}

// exactTree is everything under root: files (regular, mode 0644) by
// content and folders (mode 0755) as "/"; anything else fails the test.
func exactTree(t testing.TB, root string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	for rel, e := range snapshot(t, root) {
		switch e.mode {
		case fs.ModeDir | dirPerm:
			tree[rel] = "/"
		case filePerm:
			tree[rel] = e.data
		default:
			t.Errorf("%s: mode %v", rel, e.mode)
		}
	}
	return tree
}

// nested is a site of several levels of folders.
var nested = map[string]string{
	"index.html":       "home",
	".nojekyll":        "",
	"a/index.html":     "page a",
	"a/b/index.html":   "page a/b",
	"a/b/data.json":    `{"x": 1}`,
	"d/index.html":     "page d",
	"d/e/f/index.html": "deep page",
	"d/e/g/index.html": "another deep page",
}

// trusted builds m into a new output until the index vouches for every
// file and folder: the last build reads and lists nothing.
func trusted(t *testing.T, m map[string]string, streamed ...string) string {
	t.Helper()
	noMargin(t)
	out := filepath.Join(t.TempDir(), "public")
	syncCounted(t, out, m, streamed...)
	settle(t, filepath.Dir(out))
	syncCounted(t, out, m, streamed...)
	settle(t, filepath.Dir(out))
	res, compared, listed := syncCounted(t, out, m, streamed...)
	if res != (Result{Unchanged: len(m)}) || compared != 0 || listed != 0 {
		t.Fatalf("a rebuild of an unchanged output: %+v, %d files read, %d folders listed", res, compared, listed)
	}
	return out
}

// TestIndexUnchangedRebuild: once the index vouches for the output, a
// rebuild of the same site reads no file, lists no folder and writes
// nothing: every file keeps its mtime and the tree is as it was. The index
// lives beside the output, never in it.
func TestIndexUnchangedRebuild(t *testing.T) {
	out := trusted(t, nested, "a/b/data.json")
	before := snapshot(t, out)
	res, compared, listed := syncCounted(t, out, nested, "a/b/data.json")
	if res != (Result{Unchanged: len(nested)}) || compared != 0 || listed != 0 {
		t.Errorf("%+v, %d files read, %d folders listed", res, compared, listed)
	}
	if after := snapshot(t, out); !maps.Equal(after, before) {
		t.Errorf("the output changed:\n%v\n%v", before, after)
	}
	if _, err := os.Stat(indexPath(out)); err != nil {
		t.Errorf("no index beside the output: %v", err)
	}
	if got := exactTree(t, out); got[".public.index"] != "" || len(got) != len(nested)+7 {
		t.Errorf("the output holds more than the site: %v", slices.Sorted(maps.Keys(got)))
	}
	noLeftovers(t, out)
}

// TestIndexSeesEdits: what a user may do to the output between builds is
// undone by the next build, as without the index. A stat sees every edit
// of a file: its size, its modification time or, when both are put back,
// its change time (which only the kernel sets) differ from the index's;
// and a name added to or removed from a folder changes the folder's
// times. Only the edited file is read.
func TestIndexSeesEdits(t *testing.T) {
	must := func(t *testing.T, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name    string
		edit    func(t *testing.T, out string)
		want    Result
		compare int // files opened to compare them
	}{
		{"same size, other bytes", func(t *testing.T, out string) {
			rewrite(t, filepath.Join(out, "a/index.html"), "page A")
		}, Result{Written: 1, Unchanged: 7}, 1},
		{"same size, modification time put back", func(t *testing.T, out string) {
			p := filepath.Join(out, "a/index.html")
			info, err := os.Stat(p)
			must(t, err)
			rewrite(t, p, "page A")
			must(t, os.Chtimes(p, info.ModTime(), info.ModTime()))
		}, Result{Written: 1, Unchanged: 7}, 1},
		{"same bytes written again", func(t *testing.T, out string) {
			rewrite(t, filepath.Join(out, "a/index.html"), "page a")
		}, Result{Unchanged: 8}, 1},
		{"longer", func(t *testing.T, out string) {
			rewrite(t, filepath.Join(out, "d/e/f/index.html"), "deep page, edited")
		}, Result{Written: 1, Unchanged: 7}, 1},
		{"streamed file edited", func(t *testing.T, out string) {
			rewrite(t, filepath.Join(out, "a/b/data.json"), `{"x": 2}`)
		}, Result{Written: 1, Unchanged: 7}, 1},
		{"mode changed", func(t *testing.T, out string) {
			must(t, os.Chmod(filepath.Join(out, "index.html"), 0o600))
		}, Result{Written: 1, Unchanged: 7}, 1},
		{"touched", func(t *testing.T, out string) {
			now := time.Now()
			must(t, os.Chtimes(filepath.Join(out, "index.html"), now, now))
		}, Result{Unchanged: 8}, 1},
		{"deleted", func(t *testing.T, out string) {
			must(t, os.Remove(filepath.Join(out, "d/e/g/index.html")))
		}, Result{Written: 1, Unchanged: 7}, 1},
		{"folder deleted", func(t *testing.T, out string) {
			must(t, os.RemoveAll(filepath.Join(out, "d/e")))
		}, Result{Written: 2, Unchanged: 6}, 2},
		{"stray file", func(t *testing.T, out string) {
			must(t, os.WriteFile(filepath.Join(out, "a/b/stray.html"), []byte("stray"), filePerm))
		}, Result{Unchanged: 8, Removed: 1}, 0},
		{"stray folder", func(t *testing.T, out string) {
			must(t, os.MkdirAll(filepath.Join(out, "d/e/h/i"), dirPerm))
			must(t, os.WriteFile(filepath.Join(out, "d/e/h/i/x"), []byte("x"), filePerm))
		}, Result{Unchanged: 8, Removed: 1}, 0},
		{"stray empty folder", func(t *testing.T, out string) {
			must(t, os.Mkdir(filepath.Join(out, "empty"), dirPerm))
		}, Result{Unchanged: 8}, 0},
		{"file renamed away and back", func(t *testing.T, out string) {
			p := filepath.Join(out, "a/index.html")
			must(t, os.Rename(p, p+".tmp"))
			must(t, os.Rename(p+".tmp", p))
		}, Result{Unchanged: 8}, 1},
		{"file replaced by a copy", func(t *testing.T, out string) {
			p := filepath.Join(out, "a/index.html")
			must(t, os.WriteFile(p+".tmp", []byte("page A"), filePerm))
			must(t, os.Rename(p+".tmp", p))
		}, Result{Written: 1, Unchanged: 7}, 1},
		{"file replaced by a folder", func(t *testing.T, out string) {
			p := filepath.Join(out, "d/index.html")
			must(t, os.Remove(p))
			must(t, os.MkdirAll(filepath.Join(p, "x"), dirPerm))
		}, Result{Written: 1, Unchanged: 7}, 1},
		{"folder replaced by a file", func(t *testing.T, out string) {
			p := filepath.Join(out, "a/b")
			must(t, os.RemoveAll(p))
			must(t, os.WriteFile(p, []byte("a file"), filePerm))
		}, Result{Written: 2, Unchanged: 6, Removed: 1}, 1},
		{"folder replaced by a link to a copy", func(t *testing.T, out string) {
			copy := filepath.Join(filepath.Dir(out), "copy")
			must(t, os.Rename(filepath.Join(out, "d/e"), copy))
			must(t, os.Symlink(copy, filepath.Join(out, "d/e")))
		}, Result{Written: 2, Unchanged: 6, Removed: 1}, 0},
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := syncFiles(t, fresh, nested); err != nil {
		t.Fatal(err)
	}
	want := exactTree(t, fresh)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := trusted(t, nested, "a/b/data.json")
			c.edit(t, out)
			res, compared, _ := syncCounted(t, out, nested, "a/b/data.json")
			if got := exactTree(t, out); !maps.Equal(got, want) {
				t.Errorf("tree %v, want %v", got, want)
			}
			if res != c.want {
				t.Errorf("%+v, want %+v", res, c.want)
			}
			if compared > c.compare {
				t.Errorf("%d files read, want at most %d", compared, c.compare)
			}
		})
	}
}

// rewrite writes p in place, as an editor that does not save by rename.
func rewrite(t testing.TB, p, data string) {
	t.Helper()
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	if err == nil {
		_, err = f.WriteString(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}

// forgeIndex writes x as the index of out, as written at the time when.
func forgeIndex(t testing.TB, out string, x *index, when time.Time) {
	t.Helper()
	rels := slices.Sorted(maps.Keys(x.dirs))
	dirs := make([]indexDir, len(rels))
	for i, rel := range rels {
		dirs[i] = x.dirs[rel]
	}
	p := indexPath(out)
	if err := os.WriteFile(p, encodeIndex(x.dev, slices.Sorted(maps.Keys(x.files)), x.files, rels, dirs), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, when, when); err != nil {
		t.Fatal(err)
	}
}

// TestIndexRacy: entries stamped too close to the index's own time, or
// marked racy when it was written, are read and compared, not trusted.
// The case they guard against cannot be made on purpose (a file changed
// again within the clock tick of its stamp, after the stamp was taken), so
// it is forged: an index whose entry has the stamp of the edited file and
// the hashes of the old bytes.
func TestIndexRacy(t *testing.T) {
	out := trusted(t, nested)
	racyMargin = int64(time.Hour)
	res, compared, listed := syncCounted(t, out, nested)
	if res != (Result{Unchanged: len(nested)}) || compared != len(nested) || listed != 7 {
		t.Errorf("margin of an hour: %+v, %d files read (want %d), %d folders listed (want 7)", res, compared, len(nested), listed)
	}
	racyMargin = 0

	for _, c := range []struct {
		name    string
		racy    bool          // marked racy in the file
		written time.Duration // the index's time after the file's stamp
		repair  bool
	}{
		{"index written in the tick of the stamp", false, 0, true},
		{"marked racy", true, time.Hour, true},
		{"neither (what the rules prevent)", false, time.Hour, false},
	} {
		out := trusted(t, nested)
		p := filepath.Join(out, "a/index.html")
		rewrite(t, p, "page A")
		st, _ := lstat(p)
		settle(t, filepath.Dir(out))
		x := loadIndex(indexPath(out))
		if x == nil {
			t.Fatal("no index")
		}
		e := x.files["a/index.html"]
		e.stamp, e.racy = st, c.racy
		forgeIndex(t, out, x, time.Unix(0, st.ctime).Add(c.written))
		syncCounted(t, out, nested)
		if repaired := readTree(t, out)["a/index.html"] == nested["a/index.html"]; repaired != c.repair {
			t.Errorf("%s: repaired %v, want %v", c.name, repaired, c.repair)
		}
	}
}

// TestIndexUnusable: a missing, truncated, corrupt, foreign or alien index
// only means that everything is read; the next build writes a good one.
func TestIndexUnusable(t *testing.T) {
	cases := map[string]func(t *testing.T, p string, data []byte){
		"missing": func(t *testing.T, p string, data []byte) { os.Remove(p) },
		"empty":   func(t *testing.T, p string, data []byte) { os.WriteFile(p, nil, 0o600) },
		"truncated": func(t *testing.T, p string, data []byte) {
			os.WriteFile(p, data[:len(data)/2], 0o600)
		},
		"a byte changed": func(t *testing.T, p string, data []byte) {
			data[len(data)/2] ^= 0x20
			os.WriteFile(p, data, 0o600)
		},
		"another version": func(t *testing.T, p string, data []byte) {
			os.WriteFile(p, []byte(strings.Replace(string(data), " 1\n", " 9\n", 1)), 0o600)
		},
		"garbage": func(t *testing.T, p string, data []byte) {
			os.WriteFile(p, []byte(strings.Repeat("\xff", 1000)), 0o600)
		},
		"a folder": func(t *testing.T, p string, data []byte) {
			os.Remove(p)
			os.Mkdir(p, dirPerm)
		},
		"another output's": func(t *testing.T, p string, data []byte) {
			other := filepath.Join(t.TempDir(), "public")
			syncCounted(t, other, nested)
			settle(t, filepath.Dir(other))
			syncCounted(t, other, nested)
			b, err := os.ReadFile(indexPath(other))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(p, b, 0o600)
		},
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			out := trusted(t, nested)
			p := indexPath(out)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			spoil(t, p, data)
			// Something the index would have let pass unseen, were it
			// trusted without its stamps.
			if err := os.WriteFile(filepath.Join(out, "a/stray"), []byte("x"), filePerm); err != nil {
				t.Fatal(err)
			}
			res, compared, listed := syncCounted(t, out, nested)
			if res != (Result{Unchanged: len(nested), Removed: 1}) || compared != len(nested) || listed != 7 {
				t.Errorf("%+v, %d files read, %d folders listed", res, compared, listed)
			}
			if got := contents(t, out); !maps.Equal(got, nested) {
				t.Errorf("tree %v", got)
			}
			if name == "a folder" {
				return // not replaced: a rename cannot put a file over a folder
			}
			if loadIndex(p) == nil {
				t.Error("no good index after the build")
			}
		})
	}
}

// TestIndexFileFormat: an index reads back as written, and no truncation
// or changed byte of it is taken for an index.
func TestIndexFileFormat(t *testing.T) {
	files := map[string]*indexFile{
		"a/b/index.html": {stamp: stamp{size: 3, mtime: 1e18, ctime: 1e18 + 5, ino: 7, dev: 9}, sums: []uint64{1}},
		"a/index.html":   {stamp: stamp{size: 200 << 10, mtime: 1e18, ctime: 1e18, ino: 8, dev: 9}, sums: []uint64{1, 2, 3, 4}},
		"index.html":     {stamp: stamp{size: 0, mtime: 5, ctime: 6, ino: 10, dev: 9}, racy: true, sums: []uint64{5}},
		"other-device":   {stamp: stamp{size: 1, mtime: 5, ctime: 6, ino: 11, dev: 10}, sums: []uint64{6}},
	}
	dirs := []indexDir{{stamp: stamp{mtime: 1, ctime: 2, ino: 3, dev: 9}}, {stamp: stamp{mtime: 4, ctime: 5, ino: 6, dev: 9}}, {stamp: stamp{mtime: 7, ctime: 8, ino: 9, dev: 9}, racy: true}}
	data := encodeIndex(9, slices.Sorted(maps.Keys(files)), files, []string{"", "a", "a/b"}, dirs)
	x, err := decodeIndex(data, 2e18)
	if err != nil {
		t.Fatal(err)
	}
	for p, e := range files {
		got := x.files[p]
		racy := e.racy || e.dev != 9
		if got == nil || got.stamp.size != e.size || got.mtime != e.mtime || got.ctime != e.ctime || got.ino != e.ino || got.racy != racy || !slices.Equal(got.sums, e.sums) {
			t.Errorf("%s: %+v, want %+v", p, got, e)
		}
	}
	for i, rel := range []string{"", "a", "a/b"} {
		if got := x.dirs[rel]; got != dirs[i] {
			t.Errorf("folder %q: %+v, want %+v", rel, got, dirs[i])
		}
	}
	if names := x.children(); !slices.Equal(slices.Sorted(slices.Values(names[""])), []string{"a", "index.html", "other-device"}) ||
		!slices.Equal(slices.Sorted(slices.Values(names["a"])), []string{"b", "index.html"}) {
		t.Errorf("children %v", names)
	}
	// Written at the time of an entry: the entry is racy.
	if x, _ := decodeIndex(data, 1e18); !x.files["a/index.html"].racy {
		t.Error("an entry of the index's own time is trusted")
	}
	for n := range len(data) {
		if _, err := decodeIndex(data[:n], 2e18); err == nil {
			t.Errorf("truncated to %d bytes: read", n)
		}
		spoiled := slices.Clone(data)
		spoiled[n] ^= 1
		if _, err := decodeIndex(spoiled, 2e18); err == nil {
			t.Errorf("byte %d changed: read", n)
		}
	}
}

// TestIndexOtherWriters: Write and Update remove the Syncer's index before
// they change the output, and a crashed Commit's unfinished index is
// removed by the next build while the index itself stays.
func TestIndexOtherWriters(t *testing.T) {
	writers := map[string]func(out string) error{
		"Write": func(out string) error { _, err := Write(out, toFiles(nested)); return err },
		"Update": func(out string) error {
			_, err := Update(out, toFiles(nested), toFiles(map[string]string{"index.html": "home"}))
			return err
		},
		"Apply": func(out string) error {
			_, err := Apply(out, slices.Collect(maps.Keys(nested)), []File{{Path: "index.html", Data: []byte("home!")}}, nil)
			return err
		},
		"ApplySame": func(out string) error {
			_, err := ApplySame(out, len(nested), []File{{Path: "index.html", Data: []byte("home!")}})
			return err
		},
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			out := trusted(t, nested)
			if err := write(out); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(indexPath(out)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the index survived: %v", err)
			}
			syncCounted(t, out, nested)
			if got := contents(t, out); !maps.Equal(got, nested) {
				t.Errorf("tree %v", got)
			}
		})
	}
	t.Run("leftover", func(t *testing.T) {
		out := trusted(t, nested)
		leftover := filepath.Join(filepath.Dir(out), ".public.staging-index-123")
		if err := os.WriteFile(leftover, []byte("half an index"), 0o600); err != nil {
			t.Fatal(err)
		}
		res, _, _ := syncCounted(t, out, nested)
		if _, err := os.Stat(leftover); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the unfinished index survived: %v", err)
		}
		if res != (Result{Unchanged: len(nested)}) || loadIndex(indexPath(out)) == nil {
			t.Errorf("%+v, or no index", res)
		}
	})
}

// TestIndexRandomEdits: builds of random sites into one output, with
// random edits to the output between them (files rewritten with or
// without their old size and time, removed, replaced by folders, folders
// removed or replaced by files, strays added, modes changed), with the
// clock sometimes moved on and sometimes not, and now and then a Write
// instead of a Syncer: the output is always what a fresh build of the
// site makes.
func TestIndexRandomEdits(t *testing.T) {
	noMargin(t)
	r := rand.New(rand.NewPCG(7, 11))
	names := []string{"index.html", "a/index.html", "a/b/index.html", "a/b/data.json", "a/b", "c/index.html",
		"c/d/e/index.html", "c/d", "big.json", "c/big.json", "x/y/z/index.html"}
	streamed := []string{"a/b/data.json", "big.json", "c/big.json"}
	base := make([]byte, 3*sumBlock+1234)
	for i := range base {
		base[i] = byte('a' + r.IntN(26))
	}
	content := func(p string) string {
		if !strings.HasSuffix(p, "big.json") {
			return []string{"one", "two", "six", "three"}[r.IntN(4)]
		}
		b := slices.Clone(base)
		for range r.IntN(3) {
			b[r.IntN(len(b))] = '#'
		}
		switch r.IntN(4) {
		case 0:
			b = b[:r.IntN(len(b))]
		case 1:
			b = append(b, "tail"...)
		}
		return string(b)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	want := map[string]string{}
	for step := range 150 {
		// The site of the last step with a few paths added, changed or
		// dropped, so that the index has much to vouch for.
		want = maps.Clone(want)
		for range r.IntN(4) {
			p := names[r.IntN(len(names))]
			if _, ok := want[p]; ok && r.IntN(2) == 0 {
				delete(want, p)
				continue
			}
			for q := range want {
				if strings.HasPrefix(q, p+"/") || strings.HasPrefix(p, q+"/") {
					delete(want, q)
				}
			}
			want[p] = content(p)
		}
		if _, err := os.Lstat(out); err == nil {
			for range r.IntN(4) {
				randomEdit(t, r, out)
			}
		}
		if r.IntN(2) == 0 {
			settle(t, dir)
		}
		if r.IntN(10) == 0 {
			if _, err := Write(out, toFiles(want)); err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
		} else {
			syncCounted(t, out, want, streamed...)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		syncCounted(t, fresh, want, streamed...)
		if got, fresh := exactTree(t, out), exactTree(t, fresh); !maps.Equal(got, fresh) {
			t.Fatalf("step %d: tree %v,\nwant %v", step, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(fresh)))
		}
	}
	noLeftovers(t, out)
}

// randomEdit does one thing a user might do to the output folder out.
func randomEdit(t *testing.T, r *rand.Rand, out string) {
	t.Helper()
	var files, dirs []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != out {
			if d.IsDir() {
				dirs = append(dirs, p)
			} else {
				files = append(files, p)
			}
		}
		return nil
	})
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	mustDo := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	op := r.IntN(12)
	if len(files) == 0 && op < 8 || len(dirs) == 0 && op >= 10 {
		op = 8
	}
	switch op {
	case 0, 1: // the same size, other bytes; the time put back or not
		p := pick(files)
		info, err := os.Stat(p)
		mustDo(err)
		b, err := os.ReadFile(p)
		mustDo(err)
		if len(b) > 0 {
			b[r.IntN(len(b))] ^= 1
		}
		rewrite(t, p, string(b))
		if op == 1 {
			mustDo(os.Chtimes(p, info.ModTime(), info.ModTime()))
		}
	case 2: // another size
		p := pick(files)
		b, err := os.ReadFile(p)
		mustDo(err)
		rewrite(t, p, string(b)+"more")
	case 3:
		mustDo(os.Remove(pick(files)))
	case 4: // replaced by a folder
		p := pick(files)
		mustDo(os.Remove(p))
		mustDo(os.MkdirAll(filepath.Join(p, "inside"), dirPerm))
	case 5:
		mustDo(os.Chmod(pick(files), 0o600))
	case 6: // touched
		now := time.Now()
		mustDo(os.Chtimes(pick(files), now, now))
	case 7: // renamed away and back
		p := pick(files)
		mustDo(os.Rename(p, p+".away"))
		mustDo(os.Rename(p+".away", p))
	case 8: // a stray file
		in := out
		if len(dirs) > 0 && r.IntN(3) > 0 {
			in = pick(dirs)
		}
		mustDo(os.WriteFile(filepath.Join(in, "stray"), []byte("stray"), filePerm))
	case 9: // a stray folder
		in := out
		if len(dirs) > 0 {
			in = pick(dirs)
		}
		mustDo(os.MkdirAll(filepath.Join(in, "strays", "deeper"), dirPerm))
	case 10:
		mustDo(os.RemoveAll(pick(dirs)))
	case 11: // a folder replaced by a file
		p := pick(dirs)
		mustDo(os.RemoveAll(p))
		mustDo(os.WriteFile(p, []byte("was a folder"), filePerm))
	}
}

// TestIndexStreamChangedMeanwhile: a streamed file whose old version the
// index vouched for, and which someone changed while the build was making
// the new one, is not patched together from the changed file: the build
// fails and the output stays as it was.
func TestIndexStreamChangedMeanwhile(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 3*sumBlock/16)
	site := map[string]string{"index.html": "home", "api/big.json": big}
	out := trusted(t, site, "api/big.json")
	p := filepath.Join(out, "api/big.json")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Add(File{Path: "index.html", Data: []byte("home")})
	s.AddStream("api/big.json", func(w io.Writer) error {
		// Two equal blocks, then the old file changes, then a new block.
		if _, err := io.WriteString(w, big[:2*sumBlock]); err != nil {
			return err
		}
		rewrite(t, p, strings.ToUpper(big))
		_, err := io.WriteString(w, "new end")
		return err
	})
	if _, err := s.Commit(); err == nil || !strings.Contains(err.Error(), "changed during the build") {
		t.Errorf("error %v", err)
	}
	if got := readTree(t, out)["api/big.json"]; got != strings.ToUpper(big) {
		t.Errorf("the file holds %d bytes, not the ones written meanwhile", len(got))
	}
	noLeftovers(t, out)
}
