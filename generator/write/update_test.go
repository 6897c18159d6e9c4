package write

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestUpdate: after Update the folder holds exactly next, files that kept
// their bytes were not touched, and folders left empty are gone.
func TestUpdate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	prev := []File{
		{Path: "index.html", Data: []byte("home")},
		{Path: "a/index.html", Data: []byte("a")},
		{Path: "gone/deep/index.html", Data: []byte("gone")},
		{Path: "x", Data: []byte("file that becomes a folder")},
		{Path: "y/index.html", Data: []byte("folder that becomes a file")},
	}
	if _, err := Update(out, nil, prev); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(out, "index.html"), old, old); err != nil {
		t.Fatal(err)
	}
	next := []File{
		{Path: "index.html", Data: []byte("home")},
		{Path: "a/index.html", Data: []byte("a2")},
		{Path: "b/c/index.html", Data: []byte("new")},
		{Path: "x/index.html", Data: []byte("x")},
		{Path: "y", Data: []byte("y")},
	}
	res, err := Update(out, prev, next)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Result{Written: 4, Unchanged: 1, Removed: 3}); res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}
	got := readTree(t, out)
	if len(got) != len(next) {
		t.Errorf("tree %v, want %d files", got, len(next))
	}
	for _, f := range next {
		if got[f.Path] != string(f.Data) {
			t.Errorf("%s = %q, want %q", f.Path, got[f.Path], f.Data)
		}
	}
	if info, err := os.Stat(filepath.Join(out, "index.html")); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("unchanged file was touched: %v %v", info.ModTime(), err)
	}
	if _, err := os.Stat(filepath.Join(out, "gone")); !os.IsNotExist(err) {
		t.Errorf("empty folder left behind: %v", err)
	}
	if info, err := os.Stat(filepath.Join(out, "a", "index.html")); err != nil || info.Mode().Perm() != filePerm {
		t.Errorf("mode of a written file: %v %v", info.Mode(), err)
	}
	if _, err := Update(out, next, []File{{Path: "../escape", Data: nil}}); err == nil {
		t.Error("invalid path accepted")
	}
}

// readTree returns every file under dir by slash path; temporary files
// would show up here too.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUpdateRandom: a long sequence of random sites, each written over the
// last with Update, always leaves exactly the new site on disk, including
// paths that switch between file and folder.
func TestUpdateRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	names := []string{"a", "b", "a/b", "a/c", "b/a/index.html", "c/d/e", "c", "index.html", "x/y/z/w"}
	out := filepath.Join(t.TempDir(), "public")
	var prev []File
	for step := range 300 {
		var next []File
		taken := map[string]bool{}
		for _, n := range r.Perm(len(names))[:r.Intn(len(names))] {
			p := names[n]
			// Skip a path that is a folder of a taken path, or the reverse.
			clash := false
			for q := range taken {
				if strings.HasPrefix(q, p+"/") || strings.HasPrefix(p, q+"/") {
					clash = true
				}
			}
			if clash {
				continue
			}
			taken[p] = true
			next = append(next, File{Path: p, Data: []byte(fmt.Sprint(r.Intn(3)))})
		}
		if _, err := Update(out, prev, next); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		got := readTree(t, out)
		want := map[string]string{}
		for _, f := range next {
			want[f.Path] = string(f.Data)
		}
		if !maps.Equal(got, want) {
			t.Fatalf("step %d: tree %v, want %v", step, got, want)
		}
		prev = next
	}
}

// TestApply: Apply, given the changes, leaves the folder as Update given
// both builds does, validates every path of the build, and refuses a
// folder that is gone.
func TestApply(t *testing.T) {
	prev := []File{
		{Path: "index.html", Data: []byte("home")},
		{Path: "a/index.html", Data: []byte("a")},
		{Path: "gone/deep/index.html", Data: []byte("gone")},
		{Path: "x", Data: []byte("file that becomes a folder")},
	}
	next := []File{
		{Path: "index.html", Data: []byte("home")},
		{Path: "a/index.html", Data: []byte("a2")},
		{Path: "x/index.html", Data: []byte("x")},
	}
	viaUpdate := filepath.Join(t.TempDir(), "public")
	viaApply := filepath.Join(t.TempDir(), "public")
	for _, out := range []string{viaUpdate, viaApply} {
		if _, err := Write(out, prev); err != nil {
			t.Fatal(err)
		}
	}
	want, err := Update(viaUpdate, prev, next)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Apply(viaApply, []string{"index.html", "a/index.html", "x/index.html"}, next[1:], []string{"gone/deep/index.html", "x"})
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("Apply: %+v, Update: %+v", got, want)
	}
	if a, u := readTree(t, viaApply), readTree(t, viaUpdate); !maps.Equal(a, u) {
		t.Errorf("Apply left %v, Update %v", a, u)
	}
	if _, err := Apply(viaApply, []string{"a", "a/b"}, nil, nil); err == nil || !strings.Contains(err.Error(), "is a file and also the folder") {
		t.Errorf("conflicting paths: %v", err)
	}
	if _, err := Apply(filepath.Join(t.TempDir(), "none"), []string{"a"}, []File{{Path: "a"}}, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
}

func TestApplySame(t *testing.T) {
	prev := []File{
		{Path: "index.html", Data: []byte("home")},
		{Path: "a/index.html", Data: []byte("a")},
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(out, prev); err != nil {
		t.Fatal(err)
	}
	got, err := ApplySame(out, 2, []File{{Path: "a/index.html", Data: []byte("a2")}})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Result{Written: 1, Unchanged: 1}); got != want {
		t.Errorf("ApplySame: %+v, want %+v", got, want)
	}
	if tree, want := readTree(t, out), map[string]string{"index.html": "home", "a/index.html": "a2"}; !maps.Equal(tree, want) {
		t.Errorf("ApplySame left %v, want %v", tree, want)
	}
	if _, err := ApplySame(out, 2, []File{{Path: "../escape", Data: []byte("x")}}); err == nil || !strings.Contains(err.Error(), "invalid output path") {
		t.Errorf("a path out of the folder: %v", err)
	}
	if _, err := ApplySame(filepath.Join(t.TempDir(), "none"), 1, []File{{Path: "a"}}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
}
