// Command gengeo converts the Natural Earth 1:110m country outlines of the
// world-atlas npm package (countries-110m.json, TopoJSON) into the compact
// text file that package geo embeds (data/countries-110m.txt).
//
// It runs once, through `go generate` in generator/geo, not at build time:
// the site generator must not need npm. The npm packages are read from the
// folder given by -modules or the BRIEF_NODE_MODULES environment variable
// (a node_modules folder holding world-atlas and world-countries).
//
// world-atlas names countries by ISO 3166-1 numeric code; the site uses
// alpha-2 codes. The numeric-to-alpha-2 table comes from world-countries
// (its ccn3 and cca2 fields), the same package the extractor's country data
// derives from. Three outlines have no numeric code in Natural Earth; they
// are mapped by name (see byName).
//
// Output format, one record per line:
//
//	# comment
//	C XX              a country, by alpha-2 code
//	R lon,lat dx,dy…  one ring of the country: the first point in
//	                  hundredths of a degree, then differences to the
//	                  previous point
//
// Countries are sorted by code and rings keep the source order, so the same
// input always gives the same bytes.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// byName maps the Natural Earth outlines that have no ISO numeric code to
// the alpha-2 code the site uses: Northern Cyprus and Somaliland are drawn
// as part of the states that the UN recognises, Kosovo has the user-assigned
// code XK (as in world-countries).
var byName = map[string]string{
	"N. Cyprus":  "CY",
	"Somaliland": "SO",
	"Kosovo":     "XK",
}

func main() {
	modules := flag.String("modules", os.Getenv("BRIEF_NODE_MODULES"), "node_modules folder with world-atlas and world-countries")
	out := flag.String("out", "data/countries-110m.txt", "output file")
	flag.Parse()
	if err := run(*modules, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gengeo:", err)
		os.Exit(1)
	}
}

func run(modules, out string) error {
	if modules == "" {
		return errors.New("no node_modules folder: pass -modules or set BRIEF_NODE_MODULES")
	}
	atlasVersion, err := packageVersion(filepath.Join(modules, "world-atlas"))
	if err != nil {
		return err
	}
	wcVersion, err := packageVersion(filepath.Join(modules, "world-countries"))
	if err != nil {
		return err
	}
	numeric, err := numericCodes(filepath.Join(modules, "world-countries", "countries.json"))
	if err != nil {
		return err
	}
	topo, err := readTopology(filepath.Join(modules, "world-atlas", "countries-110m.json"))
	if err != nil {
		return err
	}
	countries, skipped, err := decode(topo, numeric)
	if err != nil {
		return err
	}
	for _, s := range skipped {
		fmt.Fprintln(os.Stderr, "gengeo: skipped", s)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "# Natural Earth 1:110m Admin 0 country outlines (public domain), from the npm package world-atlas %s, countries-110m.json.\n", atlasVersion)
	fmt.Fprintf(&b, "# ISO numeric codes mapped to alpha-2 with world-countries %s. Made by internal/gengeo; do not edit.\n", wcVersion)
	fmt.Fprintf(&b, "# C code / R ring: first point lon,lat in 1/100 degree, then differences.\n")
	codes := make([]string, 0, len(countries))
	for c := range countries {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, code := range codes {
		fmt.Fprintf(&b, "C %s\n", code)
		for _, ring := range countries[code] {
			b.WriteString("R")
			var px, py int
			for i, p := range ring {
				if i == 0 {
					fmt.Fprintf(&b, " %d,%d", p[0], p[1])
				} else {
					fmt.Fprintf(&b, " %d,%d", p[0]-px, p[1]-py)
				}
				px, py = p[0], p[1]
			}
			b.WriteString("\n")
		}
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

func packageVersion(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return "", err
	}
	var p struct{ Version string }
	if err := json.Unmarshal(data, &p); err != nil {
		return "", fmt.Errorf("%s: %v", dir, err)
	}
	return p.Version, nil
}

// numericCodes reads ccn3 → cca2 from world-countries.
func numericCodes(file string) (map[string]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var list []struct {
		CCA2 string `json:"cca2"`
		CCN3 string `json:"ccn3"`
	}
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	m := map[string]string{}
	for _, c := range list {
		if c.CCN3 != "" && c.CCA2 != "" {
			m[c.CCN3] = c.CCA2
		}
	}
	return m, nil
}

// topology is the part of a TopoJSON file that gengeo reads.
type topology struct {
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects map[string]struct {
		Geometries []geometry `json:"geometries"`
	} `json:"objects"`
}

type geometry struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Arcs       json.RawMessage `json:"arcs"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

func readTopology(file string) (*topology, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if _, ok := t.Objects["countries"]; !ok {
		return nil, fmt.Errorf("%s: no countries object", file)
	}
	return &t, nil
}

// decode resolves every country's arcs into rings of points in hundredths
// of a degree.
func decode(t *topology, numeric map[string]string) (map[string][][][2]int, []string, error) {
	arcs := make([][][2]float64, len(t.Arcs))
	for i, arc := range t.Arcs {
		arcs[i] = absolute(t, arc)
	}
	out := map[string][][][2]int{}
	var skipped []string
	for _, g := range t.Objects["countries"].Geometries {
		code := numeric[g.ID]
		if code == "" {
			code = byName[g.Properties.Name]
		}
		if code == "" {
			skipped = append(skipped, fmt.Sprintf("%q (id %q): no alpha-2 code", g.Properties.Name, g.ID))
			continue
		}
		var polygons [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, nil, fmt.Errorf("%s: %v", g.Properties.Name, err)
			}
			polygons = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polygons); err != nil {
				return nil, nil, fmt.Errorf("%s: %v", g.Properties.Name, err)
			}
		default:
			return nil, nil, fmt.Errorf("%s: unexpected geometry %s", g.Properties.Name, g.Type)
		}
		for _, poly := range polygons {
			for _, ringArcs := range poly {
				ring, err := stitch(arcs, ringArcs)
				if err != nil {
					return nil, nil, fmt.Errorf("%s: %v", g.Properties.Name, err)
				}
				pieces, ok := cutAntimeridian(ring)
				if !ok {
					skipped = append(skipped, fmt.Sprintf("%q: a ring around a pole", g.Properties.Name))
					continue
				}
				for _, piece := range pieces {
					if len(piece) >= 4 {
						out[code] = append(out[code], piece)
					}
				}
			}
		}
	}
	return out, skipped, nil
}

// absolute undoes TopoJSON's quantisation: positions are deltas of integers
// scaled and translated by the topology's transform.
func absolute(t *topology, arc [][2]float64) [][2]float64 {
	pts := make([][2]float64, len(arc))
	var x, y float64
	for i, p := range arc {
		if t.Transform == nil {
			pts[i] = p
			continue
		}
		x += p[0]
		y += p[1]
		pts[i] = [2]float64{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
	}
	return pts
}

// stitch joins a ring's arcs (a negative index ~i is arc i reversed); each
// arc starts where the previous one ended, so that shared point is kept
// once. Points are rounded to hundredths of a degree and repeated points
// dropped.
func stitch(arcs [][][2]float64, idx []int) ([][2]int, error) {
	var ring [][2]int
	for _, a := range idx {
		rev := a < 0
		if rev {
			a = ^a
		}
		if a >= len(arcs) {
			return nil, fmt.Errorf("arc %d out of range", a)
		}
		pts := arcs[a]
		for k := range pts {
			p := pts[k]
			if rev {
				p = pts[len(pts)-1-k]
			}
			q := [2]int{int(math.Round(p[0] * 100)), int(math.Round(p[1] * 100))}
			if len(ring) > 0 && ring[len(ring)-1] == q {
				continue
			}
			ring = append(ring, q)
		}
	}
	return ring, nil
}

// cutAntimeridian splits a ring that crosses the 180th meridian (Russia's
// Chukotka, Fiji) into pieces on either side, each closed along the
// meridian: on a flat map the edge from 179.9°E to 179.9°W would otherwise
// run across the whole world. A ring that crosses an odd number of times
// encloses a pole (Antarctica); it cannot be drawn this way and is reported
// (ok false).
func cutAntimeridian(ring [][2]int) (pieces [][][2]int, ok bool) {
	n := len(ring)
	crosses := func(i int) bool {
		a, b := ring[i], ring[(i+1)%n]
		return a[0]-b[0] > 18000 || b[0]-a[0] > 18000
	}
	first, count := -1, 0
	for i := range ring {
		if crosses(i) {
			if first < 0 {
				first = i
			}
			count++
		}
	}
	if count == 0 {
		return [][][2]int{ring}, true
	}
	if count%2 != 0 {
		return nil, false
	}
	var cur [][2]int
	for k := 1; k <= n; k++ {
		i := (first + k) % n
		cur = append(cur, ring[i])
		if !crosses(i) {
			continue
		}
		a, b := ring[i], ring[(i+1)%n]
		side := 18000
		if a[0] < 0 {
			side = -18000
		}
		bx := b[0] + 2*side // b moved to a's side of the meridian
		t := float64(side-a[0]) / float64(bx-a[0])
		lat := int(math.Round(float64(a[1]) + t*float64(b[1]-a[1])))
		cur = append(cur, [2]int{side, lat})
		pieces = append(pieces, cur)
		cur = [][2]int{{-side, lat}}
	}
	return pieces, true
}
