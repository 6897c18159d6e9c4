//go:build unix

package write

import (
	"io/fs"
	"maps"
	"path/filepath"
	"syscall"
	"testing"
)

// TestSyncIgnoresUmask: under a strict umask, files are still 0644 and
// folders 0755, whether the output is new or rebuilt.
func TestSyncIgnoresUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	out := filepath.Join(t.TempDir(), "public")
	next := maps.Clone(site)
	next["countries/tj/index.html"] = "Tajikistan, updated"
	next["new/folder/index.html"] = "new"
	for _, m := range []map[string]string{site, next} {
		if _, err := syncFiles(t, out, m); err != nil {
			t.Fatal(err)
		}
		for p, e := range snapshot(t, out) {
			if want := map[bool]fs.FileMode{false: filePerm, true: fs.ModeDir | dirPerm}[e.mode.IsDir()]; e.mode != want {
				t.Errorf("%s: mode %v, want %v", p, e.mode, want)
			}
		}
	}
}
