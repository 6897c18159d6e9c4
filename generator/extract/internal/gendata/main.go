// Command gendata derives data/countries.json, the country facts that the
// extractor embeds, from the countries.json file of the world-countries npm
// package (ODbL). It keeps only what the extractor and the site use, so that
// the committed file is small and its provenance is plain.
//
// Usage (from generator/extract, see data/README.md):
//
//	npm install --prefix /some/temp/dir world-countries@5.1.0
//	WORLD_COUNTRIES=/some/temp/dir/node_modules/world-countries go generate
//
// or run it directly with -pkg DIR -out data/countries.json.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
)

// source is the part of a world-countries record that we read.
type source struct {
	Name struct {
		Common   string `json:"common"`
		Official string `json:"official"`
	} `json:"name"`
	CCA2         string    `json:"cca2"`
	CCA3         string    `json:"cca3"`
	Independent  *bool     `json:"independent"`
	UNMember     bool      `json:"unMember"`
	Capital      []string  `json:"capital"`
	AltSpellings []string  `json:"altSpellings"`
	Region       string    `json:"region"`
	Subregion    string    `json:"subregion"`
	LatLng       []float64 `json:"latlng"`
	Demonyms     map[string]struct {
		F string `json:"f"`
		M string `json:"m"`
	} `json:"demonyms"`
	Borders []string `json:"borders"`
	Flag    string   `json:"flag"`
}

// country is one record of the derived file.
type country struct {
	Code        string    `json:"code"`
	Code3       string    `json:"code3"`
	Name        string    `json:"name"`
	Official    string    `json:"official"`
	AltNames    []string  `json:"alt_names,omitempty"`
	Capitals    []string  `json:"capitals,omitempty"`
	Region      string    `json:"region"`
	Subregion   string    `json:"subregion,omitempty"`
	Demonyms    []string  `json:"demonyms,omitempty"`
	Borders     []string  `json:"borders,omitempty"`
	Flag        string    `json:"flag"`
	Independent bool      `json:"independent"`
	UNMember    bool      `json:"un_member"`
	LatLng      []float64 `json:"latlng,omitempty"`
}

func main() {
	pkg := flag.String("pkg", os.Getenv("WORLD_COUNTRIES"), "folder of the world-countries npm package (default $WORLD_COUNTRIES)")
	out := flag.String("out", "data/countries.json", "file to write")
	flag.Parse()
	if err := run(*pkg, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func run(pkg, out string) error {
	if pkg == "" {
		return errors.New("set -pkg or WORLD_COUNTRIES to the world-countries package folder")
	}
	meta, err := os.ReadFile(filepath.Join(pkg, "package.json"))
	if err != nil {
		return err
	}
	var pj struct{ Name, Version string }
	if err := json.Unmarshal(meta, &pj); err != nil {
		return fmt.Errorf("package.json: %w", err)
	}
	if pj.Name != "world-countries" {
		return fmt.Errorf("%s is %q, not world-countries", pkg, pj.Name)
	}
	raw, err := os.ReadFile(filepath.Join(pkg, "countries.json"))
	if err != nil {
		return err
	}
	var src []source
	if err := json.Unmarshal(raw, &src); err != nil {
		return fmt.Errorf("countries.json: %w", err)
	}
	alpha2 := map[string]string{}
	for _, s := range src {
		alpha2[s.CCA3] = s.CCA2
	}
	var list []country
	for _, s := range src {
		c := country{
			Code:        s.CCA2,
			Code3:       s.CCA3,
			Name:        s.Name.Common,
			Official:    s.Name.Official,
			Capitals:    s.Capital,
			Region:      s.Region,
			Subregion:   s.Subregion,
			Flag:        s.Flag,
			Independent: s.Independent != nil && *s.Independent,
			UNMember:    s.UNMember,
			LatLng:      s.LatLng,
		}
		seen := map[string]bool{c.Name: true, c.Official: true}
		for _, a := range s.AltSpellings {
			// Codes ("TJ") and names in scripts other than Latin are of no use
			// for matching English prose.
			if seen[a] || len(a) <= 2 || !latin(a) {
				continue
			}
			seen[a] = true
			c.AltNames = append(c.AltNames, a)
		}
		if d, ok := s.Demonyms["eng"]; ok {
			for _, v := range []string{d.M, d.F} {
				// "Antiguan, Barbudan" lists two demonyms in one string.
				for _, part := range strings.Split(v, ",") {
					part = strings.TrimSpace(part)
					if part != "" && !contains(c.Demonyms, part) {
						c.Demonyms = append(c.Demonyms, part)
					}
				}
			}
		}
		for _, b := range s.Borders {
			if a2, ok := alpha2[b]; ok {
				c.Borders = append(c.Borders, a2)
			}
		}
		sort.Strings(c.Borders)
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Code < list[j].Code })
	doc := struct {
		Source    string    `json:"source"`
		License   string    `json:"license"`
		Countries []country `json:"countries"`
	}{
		Source:    "world-countries " + pj.Version + " (npm), countries.json, trimmed by internal/gendata",
		License:   "ODbL-1.0, see data/README.md",
		Countries: list,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// latin reports whether s is written in Latin letters (with diacritics),
// spaces and punctuation only.
func latin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
