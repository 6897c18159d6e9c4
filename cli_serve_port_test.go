package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServePortInUse: a taken port is a clear error with exit 1, before
// anything is built or written.
func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	for name, data := range goodSite {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	chdir(t, dir)
	code, _, stderr := runCLI(t, "serve", "--addr", ln.Addr().String())
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := "brief serve: listen tcp " + ln.Addr().String() + ": bind: address already in use"
	if strings.TrimSpace(stderr) != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	if _, err := os.Stat("public"); err == nil {
		t.Error("public/ was written although the server could not start")
	}
}
