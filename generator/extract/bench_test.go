package extract

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// BenchmarkExtract measures throughput on news prose: the seed article and
// a wire-style sample, repeated to about 1 MB so that per-call costs do not
// dominate. The target is 20 MB/s on one core.
func BenchmarkExtract(b *testing.B) {
	var doc []byte
	for _, name := range []string{"testdata/seed-csto-bishkek.txt", "testdata/wire-sample.txt"} {
		t, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		doc = append(doc, t...)
		doc = append(doc, "\n\n"...)
	}
	doc = bytes.Repeat(doc, 1<<20/len(doc)+1)
	x := New(nil)
	in := Input{Text: doc, Published: pub2025}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Extract(in)
	}
}

// BenchmarkExtractSeed measures one article-sized call.
func BenchmarkExtractSeed(b *testing.B) {
	doc, err := os.ReadFile("testdata/seed-csto-bishkek.txt")
	if err != nil {
		b.Fatal(err)
	}
	x := New(nil)
	in := Input{Text: doc, Published: pub2025}
	b.SetBytes(int64(len(doc)))
	for i := 0; i < b.N; i++ {
		x.Extract(in)
	}
}

// BenchmarkPathological measures throughput on repetitive inputs that
// once made rules quadratic (TestPathologicalInputs checks their results). A
// rule that scans a whole document per token shows as a collapse of MB/s in
// one sub-benchmark against the others.
func BenchmarkPathological(b *testing.B) {
	for _, u := range pathologicalUnits {
		text := []byte(strings.Repeat(u, 300000/len(u)))
		in := Input{Text: text, Published: pub2025}
		b.Run(strings.TrimSpace(strings.NewReplacer(" ", "_", "\n", "_").Replace(u)), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				testX.Extract(in)
			}
		})
	}
}

// BenchmarkNew measures building the matchers.
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		New(nil)
	}
}
