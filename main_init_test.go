package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The built program advises its heap for huge pages (internal/hugeheap)
// before the collector first runs; a collection before would make the
// runtime zero the advised block, touching every page of it. So no
// collection may begin before the package's initialisation does (the
// collections it starts itself are reported after the initialisation
// before it), and the package must initialise before chroma's lexers,
// whose initialisation allocates enough to start the first collection.
// An import that changes Go's order of initialisation fails here.
func TestHugeHeapInitialisesFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "brief")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "build", "--content", "content", "--out", filepath.Join(dir, "public"), "--quiet")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1,gctrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("brief build: %v\n%s", err, stderr.Bytes())
	}
	lines := strings.Split(stderr.String(), "\n")
	at := func(prefix string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return i
			}
		}
		t.Fatalf("no line %q in the trace:\n%s", prefix, stderr.Bytes())
		return -1
	}
	hugeheap := at("init brief/internal/hugeheap ")
	if lexers := at("init github.com/alecthomas/chroma/v2/lexers "); lexers < hugeheap {
		t.Errorf("chroma's lexers initialise before internal/hugeheap:\n%s", strings.Join(lines[:hugeheap+1], "\n"))
	}
	before := 0 // the line of the initialisation just before hugeheap's
	for i := hugeheap - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "init ") {
			before = i
			break
		}
	}
	for _, l := range lines[:before] {
		if strings.HasPrefix(l, "gc ") {
			t.Errorf("a collection ran before internal/hugeheap initialised: %s", l)
		}
	}
}
