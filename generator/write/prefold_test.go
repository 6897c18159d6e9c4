package write

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// folders lists the folders of the tree at root, without root itself.
func folders(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	for p, e := range snapshot(t, root) {
		if e.mode.IsDir() && p != "." {
			dirs = append(dirs, p)
		}
	}
	slices.Sort(dirs)
	return dirs
}

// TestSyncPrefold: in a new output, the folders Prefold makes are there
// before any file is added; the output ends with exactly the added files
// and their folders, the forecast folders no file needed removed (nested
// ones too), and a path that would leave the output is not made.
func TestSyncPrefold(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Prefold([]string{"countries/tj", "countries/uz", "sources/a/b", "../outside", "countries"})
	s.prefolding.Wait()
	for _, d := range []string{"countries/tj", "countries/uz", "sources/a/b"} {
		if info, err := os.Stat(filepath.Join(s.staging, d)); err != nil || !info.IsDir() || info.Mode().Perm() != dirPerm {
			t.Errorf("%s not made ahead: %v", d, err)
		}
	}
	addFrom(s, toFiles(site), 3)
	res, err := s.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if res != (Result{Written: len(site)}) {
		t.Errorf("result %+v", res)
	}
	if got := contents(t, out); !maps.Equal(got, site) {
		t.Errorf("files %v", got)
	}
	if got, want := folders(t, out), []string{"assets", "countries", "countries/kg", "countries/tj"}; !slices.Equal(got, want) {
		t.Errorf("folders %q, want %q", got, want)
	}
	if _, err := os.Lstat(filepath.Join(filepath.Dir(out), "outside")); !os.IsNotExist(err) {
		t.Errorf("a folder outside the output was made: %v", err)
	}
	noLeftovers(t, out)
}

// TestSyncPrefoldExistingOutput: a rebuild stages its files flat, so
// Prefold makes nothing, and the output keeps no folder it was told of.
func TestSyncPrefoldExistingOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := syncFiles(t, out, site); err != nil {
		t.Fatal(err)
	}
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Prefold([]string{"sources/x", "countries/uz"})
	s.prefolding.Wait()
	if got := folders(t, s.staging); len(got) != 0 {
		t.Errorf("staging holds folders %q", got)
	}
	addFrom(s, toFiles(site), 2)
	if _, err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, want := folders(t, out), []string{"assets", "countries", "countries/kg", "countries/tj"}; !slices.Equal(got, want) {
		t.Errorf("folders %q, want %q", got, want)
	}
}

// TestSyncPrefoldAbort: Abort stops the folder maker and leaves nothing
// behind, however far it got.
func TestSyncPrefoldAbort(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	dirs := make([]string, 2000)
	for i := range dirs {
		dirs[i] = filepath.ToSlash(filepath.Join("sources", string(rune('a'+i%26)), string(rune('a'+i/26%26)), "x"))
	}
	s.Prefold(dirs)
	s.Add(File{Path: "index.html", Data: []byte("home")})
	s.Abort()
	if _, err := os.Lstat(out); !os.IsNotExist(err) {
		t.Errorf("output made: %v", err)
	}
	noLeftovers(t, out)
}

// TestSyncFreshClash: in a new output, a file whose path is the folder of
// another is reported by the two paths, whichever comes first and whether
// or not the folder was made ahead, and nothing is left behind.
func TestSyncFreshClash(t *testing.T) {
	const want = `write: output path "sources/foo" is a file and also the folder of "sources/foo/index.html"`
	for _, tc := range []struct {
		name    string
		paths   []string
		prefold bool
	}{
		{"file first", []string{"sources/foo", "sources/foo/index.html"}, false},
		{"page first", []string{"sources/foo/index.html", "sources/foo"}, false},
		{"folder made ahead", []string{"sources/foo", "sources/foo/index.html"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			s, err := Begin(out)
			if err != nil {
				t.Fatal(err)
			}
			if tc.prefold {
				s.Prefold([]string{"sources/foo"})
				s.prefolding.Wait()
			}
			for _, p := range tc.paths {
				s.Add(File{Path: p, Data: []byte("x")})
			}
			if _, err := s.Commit(); err == nil || err.Error() != want {
				t.Errorf("error = %v, want %s", err, want)
			}
			if _, err := os.Lstat(out); !os.IsNotExist(err) {
				t.Errorf("output made: %v", err)
			}
			noLeftovers(t, out)
		})
	}
}
