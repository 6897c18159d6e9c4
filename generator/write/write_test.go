package write

import (
	"errors"
	"fmt"
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

// past is the modification time tests give old files, so that a kept mtime
// cannot be confused with "written just now".
var past = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// entry is what a test knows about one path of a tree.
type entry struct {
	data  string // empty for folders
	mode  fs.FileMode
	mtime time.Time
}

// snapshot reads a whole tree: every folder and file with its mode, and the
// mtime of files.
func snapshot(t testing.TB, root string) map[string]entry {
	t.Helper()
	tree := map[string]entry{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		e := entry{mode: info.Mode()}
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			e.data, e.mtime = string(b), info.ModTime()
		}
		tree[filepath.ToSlash(rel)] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// contents is the files of a tree without metadata.
func contents(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for p, e := range snapshot(t, root) {
		if !e.mode.IsDir() {
			m[p] = e.data
		}
	}
	return m
}

func toFiles(m map[string]string) []File {
	var files []File
	for _, p := range slices.Sorted(maps.Keys(m)) {
		files = append(files, File{Path: p, Data: []byte(m[p])})
	}
	return files
}

// age sets every file of the tree to the past mtime.
func age(t *testing.T, root string) {
	t.Helper()
	for p, e := range snapshot(t, root) {
		if !e.mode.IsDir() {
			if err := os.Chtimes(filepath.Join(root, p), past, past); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// noLeftovers fails when a staging or backup folder remains beside out.
func noLeftovers(t *testing.T, out string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".staging-") || strings.Contains(e.Name(), ".old-") {
			t.Errorf("leftover %s beside the output", e.Name())
		}
	}
}

func mustWrite(t *testing.T, out string, m map[string]string) Result {
	t.Helper()
	res, err := Write(out, toFiles(m))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var site = map[string]string{
	"index.html":              "<h1>home</h1>",
	"countries/tj/index.html": "Tajikistan",
	"countries/kg/index.html": "Kyrgyzstan",
	"assets/site.css":         "body{}",
	".nojekyll":               "",
}

func TestWriteFirstCreatesAll(t *testing.T) {
	// The parent does not exist either: Write creates it.
	out := filepath.Join(t.TempDir(), "site", "public")
	res := mustWrite(t, out, site)
	if want := (Result{Written: len(site)}); res != want {
		t.Errorf("result = %+v, want %+v", res, want)
	}
	tree := snapshot(t, out)
	if got := contents(t, out); !maps.Equal(got, site) {
		t.Errorf("tree = %v, want %v", got, site)
	}
	for p, e := range tree {
		want := filePerm
		if e.mode.IsDir() {
			want = fs.ModeDir | dirPerm
		}
		if e.mode != want {
			t.Errorf("%s: mode %v, want %v", p, e.mode, want)
		}
	}
	noLeftovers(t, out)
}

func TestWriteEmptyList(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustWrite(t, out, site)
	res := mustWrite(t, out, nil)
	if want := (Result{Removed: len(site)}); res != want {
		t.Errorf("result = %+v, want %+v", res, want)
	}
	if got := contents(t, out); len(got) != 0 {
		t.Errorf("tree = %v, want empty", got)
	}
}

func TestWriteIdenticalKeepsMtimes(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode fs.FileMode // mode given to the old files before the rewrite
	}{
		{"hard link", filePerm},
		// A different mode rules out the hard link; the copy must still
		// keep the mtime and end up with the standard mode.
		{"copy", 0o600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			mustWrite(t, out, site)
			age(t, out)
			for p := range site {
				if err := os.Chmod(filepath.Join(out, p), tc.mode); err != nil {
					t.Fatal(err)
				}
			}
			res := mustWrite(t, out, site)
			if want := (Result{Unchanged: len(site)}); res != want {
				t.Errorf("result = %+v, want %+v", res, want)
			}
			for p, e := range snapshot(t, out) {
				if e.mode.IsDir() {
					continue
				}
				if !e.mtime.Equal(past) {
					t.Errorf("%s: mtime %v, want %v", p, e.mtime, past)
				}
				if e.mode != filePerm {
					t.Errorf("%s: mode %v, want %v", p, e.mode, filePerm)
				}
			}
			noLeftovers(t, out)
		})
	}
}

func TestWriteChangesAndRemovals(t *testing.T) {
	next := map[string]string{
		"index.html":              "<h1>HOME</h1>", // same size, other bytes
		"countries/tj/index.html": "Tajikistan",    // unchanged
		"assets/site.css":         "body{color:red}",
		"feed.xml":                "<feed/>", // new
		// countries/kg and .nojekyll are gone.
	}
	out := filepath.Join(t.TempDir(), "public")
	mustWrite(t, out, site)
	age(t, out)
	res := mustWrite(t, out, next)
	if want := (Result{Written: 3, Unchanged: 1, Removed: 2}); res != want {
		t.Errorf("result = %+v, want %+v", res, want)
	}
	tree := snapshot(t, out)
	if got := contents(t, out); !maps.Equal(got, next) {
		t.Errorf("tree = %v, want %v", got, next)
	}
	for p := range next {
		kept := tree[p].mtime.Equal(past)
		if want := site[p] == next[p]; kept != want {
			t.Errorf("%s: mtime kept = %v, want %v", p, kept, want)
		}
	}
	// The emptied folder is gone too, not only its file.
	if _, ok := tree["countries/kg"]; ok {
		t.Errorf("folder countries/kg survived")
	}
	noLeftovers(t, out)
}

// A path may turn from a file into a folder and back between builds.
func TestWriteFileBecomesFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	steps := []map[string]string{
		{"a": "file", "b/c": "x"},
		{"a/index.html": "folder", "b": "file"},
		{"a": "file again", "b/c": "x"},
	}
	for i, step := range steps {
		if _, err := Write(out, toFiles(step)); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := contents(t, out); !maps.Equal(got, step) {
			t.Fatalf("step %d: tree = %v, want %v", i, got, step)
		}
	}
}

func TestWriteFailureLeavesOutputUntouched(t *testing.T) {
	injected := errors.New("injected failure")
	files := toFiles(map[string]string{
		"index.html":   "new home",
		"a/index.html": "new a",
		"b/index.html": "new b",
		"c.css":        "new c",
	})
	for _, tc := range []struct {
		name string
		h    func(out string) hooks
	}{
		{"first file fails", func(string) hooks {
			return hooks{file: func(p string) error { return injected }}
		}},
		{"last file fails", func(string) hooks {
			return hooks{file: func(p string) error {
				if p == files[len(files)-1].Path {
					return injected
				}
				return nil
			}}
		}},
		{"moving the old output aside fails", func(out string) hooks {
			return hooks{rename: func(oldpath, newpath string) error {
				if oldpath == out {
					return injected
				}
				return os.Rename(oldpath, newpath)
			}}
		}},
		{"moving staging in fails", func(out string) hooks {
			return hooks{rename: func(oldpath, newpath string) error {
				if newpath == out && strings.Contains(oldpath, ".staging-") {
					return injected
				}
				return os.Rename(oldpath, newpath)
			}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			mustWrite(t, out, site)
			age(t, out)
			before := snapshot(t, out)
			_, err := write(out, files, tc.h(out))
			if !errors.Is(err, injected) {
				t.Fatalf("error = %v, want the injected failure", err)
			}
			if after := snapshot(t, out); !maps.Equal(after, before) {
				t.Errorf("output changed:\nbefore %v\nafter  %v", before, after)
			}
			noLeftovers(t, out)
		})
	}
}

func TestWriteRejectsBadFileLists(t *testing.T) {
	for _, tc := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"absolute", []string{"/etc/passwd"}, `write: invalid output path "/etc/passwd"`},
		{"dot dot", []string{"a/../../x"}, `write: invalid output path "a/../../x"`},
		{"empty segment", []string{"a//b"}, `write: invalid output path "a//b"`},
		{"empty", []string{""}, `write: invalid output path ""`},
		{"duplicate", []string{"a.html", "b.html", "a.html"}, `write: output path "a.html" appears twice`},
		{"file and folder", []string{"a/b/c", "a"}, `write: output path "a" is a file and also the folder of "a/b/c"`},
		{"file and deep folder", []string{"a/b", "a/b/c/d"}, `write: output path "a/b" is a file and also the folder of "a/b/c/d"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			mustWrite(t, out, site)
			before := snapshot(t, out)
			var files []File
			for _, p := range tc.paths {
				files = append(files, File{Path: p, Data: []byte("x")})
			}
			_, err := Write(out, files)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v, want %s", err, tc.want)
			}
			if after := snapshot(t, out); !maps.Equal(after, before) {
				t.Errorf("output changed")
			}
			noLeftovers(t, out)
		})
	}
}

func TestWriteRefusesOddOutputs(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, dirPerm); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("keep me"), filePerm); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ out, want string }{
		{link, "is a symbolic link"},
		{file, "exists and is not a folder"},
		{"/", "is the root of the file system"},
		{"", "output folder is empty"},
	} {
		_, err := Write(tc.out, toFiles(site))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Write(%q) error = %v, want one containing %q", tc.out, err, tc.want)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "keep me" {
		t.Errorf("the file in place of the output was changed")
	}
	if got := contents(t, target); len(got) != 0 {
		t.Errorf("the link target was written: %v", got)
	}
}

func TestWriteCleansLeftovers(t *testing.T) {
	t.Run("staging", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "public")
		mustWrite(t, out, site)
		junk := filepath.Join(filepath.Dir(out), ".public.staging-123", "half.html")
		if err := os.MkdirAll(filepath.Dir(junk), dirPerm); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(junk, []byte("half"), filePerm); err != nil {
			t.Fatal(err)
		}
		// A sibling that merely looks similar is not ours and must stay.
		other := filepath.Join(filepath.Dir(out), ".public2.staging-1")
		if err := os.Mkdir(other, dirPerm); err != nil {
			t.Fatal(err)
		}
		mustWrite(t, out, site)
		if _, err := os.Stat(filepath.Dir(junk)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("leftover staging folder survived: %v", err)
		}
		if _, err := os.Stat(other); err != nil {
			t.Errorf("unrelated folder removed: %v", err)
		}
	})
	t.Run("crash between the renames", func(t *testing.T) {
		// The previous output was moved aside and the new one never moved
		// in: the backup is the output and its mtimes must survive.
		out := filepath.Join(t.TempDir(), "public")
		mustWrite(t, out, site)
		age(t, out)
		if err := os.Rename(out, filepath.Join(filepath.Dir(out), ".public.old-42")); err != nil {
			t.Fatal(err)
		}
		res := mustWrite(t, out, site)
		if want := (Result{Unchanged: len(site)}); res != want {
			t.Errorf("result = %+v, want %+v", res, want)
		}
		for p, e := range snapshot(t, out) {
			if !e.mode.IsDir() && !e.mtime.Equal(past) {
				t.Errorf("%s: mtime %v, want %v", p, e.mtime, past)
			}
		}
		noLeftovers(t, out)
	})
}

// TestWriteRandomSequence writes a random sequence of sites into one output
// and checks after each write that the tree is exactly the latest site and
// that the counts and kept mtimes agree with a model computed from the two
// file lists alone.
func TestWriteRandomSequence(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// Same-length bodies make the byte comparison, not the size check,
	// decide most cases.
	bodies := []string{"aa", "ab", "ba", "longer body"}
	randomSite := func() map[string]string {
		m := map[string]string{}
		for range r.IntN(30) {
			p := fmt.Sprintf("f%d.html", r.IntN(4))
			if depth := r.IntN(3); depth > 0 {
				p = fmt.Sprintf("d%d/", r.IntN(3)) + p
				if depth > 1 {
					p = fmt.Sprintf("e%d/", r.IntN(2)) + p
				}
			}
			m[p] = bodies[r.IntN(len(bodies))]
		}
		return m
	}
	out := filepath.Join(t.TempDir(), "public")
	prev := map[string]string{}
	for i := range 40 {
		next := randomSite()
		var want Result
		for p, body := range next {
			if old, ok := prev[p]; ok && old == body {
				want.Unchanged++
			} else {
				want.Written++
			}
		}
		for p := range prev {
			if _, ok := next[p]; !ok {
				want.Removed++
			}
		}
		res, err := Write(out, toFiles(next))
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		if res != want {
			t.Errorf("write %d: result = %+v, want %+v", i, res, want)
		}
		tree := snapshot(t, out)
		if got := contents(t, out); !maps.Equal(got, next) {
			t.Fatalf("write %d: tree = %v, want %v", i, got, next)
		}
		for p, body := range next {
			old, existed := prev[p]
			kept := tree[p].mtime.Equal(past)
			if wantKept := existed && old == body; kept != wantKept {
				t.Errorf("write %d: %s: mtime kept = %v, want %v", i, p, kept, wantKept)
			}
		}
		noLeftovers(t, out)
		age(t, out)
		prev = next
	}
}

func TestValidPath(t *testing.T) {
	for _, tc := range []struct {
		p  string
		ok bool
	}{
		{"index.html", true},
		{"countries/tj/index.html", true},
		{".nojekyll", true},
		{"a..b/c", true},
		{"...", true},
		{"", false},
		{"/index.html", false},
		{"a/", false},
		{"a//b", false},
		{"./a", false},
		{"a/./b", false},
		{"..", false},
		{"a/../b", false},
		{"a\\b", false},
		{"a\x00b", false},
	} {
		if got := ValidPath(tc.p); got != tc.ok {
			t.Errorf("ValidPath(%q) = %v, want %v", tc.p, got, tc.ok)
		}
	}
}

func BenchmarkWriteUnchanged(b *testing.B) {
	const n = 10000
	m := make(map[string]string, n)
	for i := range n {
		m[fmt.Sprintf("d%d/p%d/index.html", i%100, i)] = strings.Repeat("x", 2000+i%7)
	}
	files := toFiles(m)
	out := filepath.Join(b.TempDir(), "public")
	if _, err := Write(out, files); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Write(out, files); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "files/s")
}
