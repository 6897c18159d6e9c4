package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenResult is what a golden file records: the JSON of `brief extract`
// plus the warnings and sentences, which the JSON leaves out.
type goldenResult struct {
	Result
	Warnings  []Warning `json:"warnings"`
	Sentences []string  `json:"sentences"`
}

// TestGolden extracts every testdata/golden/YYYY-MM-DD-name.txt (the date
// is the publication date) and compares the result with the .json file
// beside it. Run `go test -run TestGolden -update` after a deliberate
// change and read the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, name := range files {
		base := filepath.Base(name)
		pub, err := ParseDate(base[:10])
		if err != nil {
			t.Errorf("%s: name must start with the publication date: %v", base, err)
			continue
		}
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		r := testX.Extract(Input{Text: text, Published: pub})
		checkOffsets(t, text, r)
		g := goldenResult{Result: r, Warnings: r.Warnings}
		if g.Warnings == nil {
			g.Warnings = []Warning{}
		}
		for _, s := range r.Sentences {
			g.Sentences = append(g.Sentences, string(text[s.Start:s.End]))
		}
		got, err := json.MarshalIndent(g, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		want := strings.TrimSuffix(name, ".txt") + ".json"
		if *update {
			if err := os.WriteFile(want, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		exp, err := os.ReadFile(want)
		if err != nil {
			t.Errorf("%s: %v (run with -update)", base, err)
			continue
		}
		if !bytes.Equal(got, exp) {
			t.Errorf("%s: result differs from %s; run go test -run TestGolden -update and review the diff", base, filepath.Base(want))
		}
	}
}
