package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCutAntimeridian(t *testing.T) {
	tests := []struct {
		name string
		ring [][2]int
		want string
		ok   bool
	}{
		{"no crossing", [][2]int{{0, 0}, {100, 0}, {100, 100}}, "[[0 0] [100 0] [100 100]]", true},
		// A box from 179°E to 179°W: one piece on each side, closed on
		// the meridian at the latitude where each edge crosses it.
		{"crossing twice",
			[][2]int{{17900, 0}, {-17900, 0}, {-17900, 100}, {17900, 100}},
			"[[-17900 0] [-17900 100] [-18000 100]] [[18000 100] [17900 100] [17900 0] [18000 0]]", true},
		{"around a pole", [][2]int{{17000, -8000}, {-17000, -8000}, {0, -8500}}, "", false},
	}
	for _, tt := range tests {
		pieces, ok := cutAntimeridian(tt.ring)
		var got []string
		for _, p := range pieces {
			got = append(got, fmt.Sprint(p))
		}
		if ok != tt.ok || strings.Join(got, " ") != tt.want {
			t.Errorf("%s: %v %s, want %v %s", tt.name, ok, strings.Join(got, " "), tt.ok, tt.want)
		}
	}
}

func TestStitch(t *testing.T) {
	arcs := [][][2]float64{
		{{0, 0}, {1, 0}, {1, 1}},
		{{1, 1}, {0, 1}, {0, 0}},
	}
	ring, err := stitch(arcs, []int{0, 1})
	if err != nil || fmt.Sprint(ring) != "[[0 0] [100 0] [100 100] [0 100] [0 0]]" {
		t.Errorf("stitch forward: %v %v", ring, err)
	}
	// ~1 is arc 1 reversed.
	ring, err = stitch(arcs, []int{^1})
	if err != nil || fmt.Sprint(ring) != "[[0 0] [0 100] [100 100]]" {
		t.Errorf("stitch reversed: %v %v", ring, err)
	}
	if _, err := stitch(arcs, []int{5}); err == nil {
		t.Error("arc out of range: no error")
	}
}

// TestRun converts a two-country topology written in the world-atlas shape
// and checks the output file byte for byte.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(path, data string) {
		p := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	topo := map[string]any{
		"type":      "Topology",
		"transform": map[string]any{"scale": []float64{0.01, 0.01}, "translate": []float64{60, 30}},
		// Quantised, delta-encoded arcs: a shared border and two outlines.
		"arcs": [][][2]int{
			{{100, 0}, {0, 100}},                         // 0: border (61,30)→(61,31)
			{{100, 100}, {-100, 0}, {0, -100}, {100, 0}}, // 1: west of the border, (61,31)→(60,31)→(60,30)→(61,30)
			{{100, 0}, {100, 0}, {0, 100}, {-100, 0}},    // 2: east, (61,30)→(62,30)→(62,31)→(61,31)
		},
		"objects": map[string]any{"countries": map[string]any{"type": "GeometryCollection", "geometries": []any{
			map[string]any{"type": "Polygon", "id": "762", "arcs": [][]int{{0, 1}}, "properties": map[string]any{"name": "Tajikistan"}},
			map[string]any{"type": "MultiPolygon", "id": "417", "arcs": [][][]int{{{2, ^0}}}, "properties": map[string]any{"name": "Kyrgyzstan"}},
			map[string]any{"type": "Polygon", "arcs": [][]int{{0, 1}}, "properties": map[string]any{"name": "Atlantis"}},
		}}},
	}
	data, _ := json.Marshal(topo)
	write("world-atlas/countries-110m.json", string(data))
	write("world-atlas/package.json", `{"version": "2.0.2"}`)
	write("world-countries/package.json", `{"version": "5.1.0"}`)
	write("world-countries/countries.json", `[{"cca2": "TJ", "ccn3": "762"}, {"cca2": "KG", "ccn3": "417"}]`)
	out := filepath.Join(dir, "out.txt")
	if err := run(filepath.Join(dir), out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want := `# Natural Earth 1:110m Admin 0 country outlines (public domain), from the npm package world-atlas 2.0.2, countries-110m.json.
# ISO numeric codes mapped to alpha-2 with world-countries 5.1.0. Made by internal/gengeo; do not edit.
# C code / R ring: first point lon,lat in 1/100 degree, then differences.
C KG
R 6100,3000 100,0 0,100 -100,0 0,-100
C TJ
R 6100,3000 0,100 -100,0 0,-100 100,0
`
	if string(got) != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if err := run("", out); err == nil {
		t.Error("no modules folder: no error")
	}
}
