package main

import (
	"os"
	"strings"
	"testing"

	"brief/generator/load"
)

// TestNew scaffolds each kind of file and checks that the loader accepts
// it without a diagnostic, and that nothing is overwritten.
func TestNew(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"new", "country", "Tajikistan", "--content", dir},
		{"new", "country", "kg", "--content", dir},
		{"new", "entity", "Islamic Movement of Uzbekistan", "--content", dir},
		{"new", "entity", "Emomali Rahmon", "--kind", "person", "--content", dir},
		{"new", "note", "Border clashes in Gorno-Badakhshan", "--content", dir},
	} {
		if code, out, errOut := runCLI(t, args...); code != 0 || !strings.HasPrefix(out, "created ") {
			t.Fatalf("brief %v: exit %d %s%s", args, code, out, errOut)
		}
	}
	fsys := os.DirFS(dir)
	c, ds := load.Load(fsys)
	if len(ds) != 0 {
		t.Errorf("scaffolded files have problems: %v", ds)
	}
	if len(c.Files) != 5 {
		t.Errorf("%d files loaded, want 5", len(c.Files))
	}
	if code, _, errOut := runCLI(t, "new", "country", "TJ", "--content", dir); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("overwrote an existing profile: exit %d %s", code, errOut)
	}
	if code, _, _ := runCLI(t, "new", "country", "Narnia", "--content", dir); code != 2 {
		t.Errorf("unknown country: exit %d, want 2", code)
	}
}
