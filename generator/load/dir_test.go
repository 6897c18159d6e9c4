package load

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Dir reads a file as os.DirFS does: the same bytes, the same size, the
// same refusal of a file over the limit, and the same errors.
func TestDirReadsAsDirFS(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("notes/empty.md", nil)
	write("notes/one.md", []byte("x"))
	write("notes/small.md", []byte("---\ntitle: A\n---\nBody.\n"))
	write("notes/block.md", bytes.Repeat([]byte("a"), 511))
	write("notes/block1.md", bytes.Repeat([]byte("b"), 512))
	write("notes/large.md", bytes.Repeat([]byte("0123456789abcdef"), 70000)) // over 1 MiB
	for _, n := range []int{firstRead - 1, firstRead, firstRead + 1} {
		write(fmt.Sprintf("notes/first%d.md", n), bytes.Repeat([]byte("c"), n))
	}
	if err := os.Symlink("small.md", filepath.Join(dir, "notes", "link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "notes", "folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	want, got := os.DirFS(dir), Dir(dir)
	for _, c := range []struct {
		name  string
		limit int64
	}{
		{"notes/empty.md", 100},
		{"notes/one.md", 100},
		{"notes/small.md", 100},
		{"notes/small.md", 5}, // over the limit: not read
		{"notes/block.md", 1 << 20},
		{"notes/block1.md", 1 << 20},
		{"notes/large.md", 16 << 20},
		{"notes/large.md", 1 << 20},
		{fmt.Sprintf("notes/first%d.md", firstRead-1), 1 << 20},
		{fmt.Sprintf("notes/first%d.md", firstRead), 1 << 20},
		{fmt.Sprintf("notes/first%d.md", firstRead+1), 1 << 20},
		{fmt.Sprintf("notes/first%d.md", firstRead), firstRead - 1},
		{"notes/link.md", 100},
		{"notes/missing.md", 100},
		{"notes/folder.md", 100},
		{"../outside.md", 100},
		{"/notes/small.md", 100},
		{"notes//small.md", 100},
	} {
		// Told or not that the file is regular (the listing may be out
		// of date), Dir reads the same.
		for _, regular := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s,%d,%v", c.name, c.limit, regular), func(t *testing.T) {
				wd, ws, werr := readFrom(want, c.name, c.limit)
				gd, gs, gerr := readLimited(got, c.name, c.limit, regular)
				if !bytes.Equal(gd, wd) || (gd == nil) != (wd == nil) {
					t.Errorf("read %d bytes (nil %v), want %d (nil %v)", len(gd), gd == nil, len(wd), wd == nil)
				}
				if gs != ws {
					t.Errorf("size %d, want %d", gs, ws)
				}
				if fmt.Sprint(unwrapPathError(gerr)) != fmt.Sprint(unwrapPathError(werr)) {
					t.Errorf("error %v, want %v", gerr, werr)
				}
			})
		}
	}
}

// Load through Dir gives what it gives through os.DirFS.
func TestLoadDirEqualsDirFS(t *testing.T) {
	root := filepath.Join("..", "..", "content")
	a, ads := Load(os.DirFS(root))
	b, bds := Load(Dir(root))
	if fmt.Sprint(ads) != fmt.Sprint(bds) {
		t.Errorf("diagnostics differ:\n%v\n%v", ads, bds)
	}
	if len(a.Files) == 0 || len(a.Files) != len(b.Files) {
		t.Fatalf("%d files through os.DirFS, %d through Dir", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Raw, b.Files[i].Raw) {
			t.Errorf("file %d: %s (%d bytes) through os.DirFS, %s (%d bytes) through Dir", i, a.Files[i].Path, len(a.Files[i].Raw), b.Files[i].Path, len(b.Files[i].Raw))
		}
	}
	// The walk, stats and links go through the same interfaces.
	d := Dir(root)
	for name, ok := range map[string]bool{
		"fs.StatFS": is[fs.StatFS](d), "fs.ReadDirFS": is[fs.ReadDirFS](d),
		"fs.ReadFileFS": is[fs.ReadFileFS](d), "fs.ReadLinkFS": is[fs.ReadLinkFS](d),
	} {
		if !ok {
			t.Errorf("Dir is not an %s", name)
		}
	}
}

func is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}
