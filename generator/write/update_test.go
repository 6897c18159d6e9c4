package write

import (
	"os"
	"path/filepath"
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
