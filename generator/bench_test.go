package generator

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"brief/generator/load"
	"brief/generator/model"
	"brief/generator/render"
	"brief/generator/write"
)

// The stage benchmarks build a synthetic briefing of benchNotes notes in
// the style of the shared comparison with Hugo (regional security news:
// officials, organisations, figures and dates in six paragraphs) and report
// each stage's cost per document:
//
//	go test ./generator -run XXX -bench Stage -benchtime 3x
//
// The whole-site figures (against Hugo, and at 10,000 and 100,000 notes)
// come from ../shared/bench/vs-hugo.sh; see the README.
const benchNotes = 1000

var (
	benchCountries = []string{"Tajikistan", "Afghanistan", "Kyrgyzstan", "Uzbekistan", "Kazakhstan", "Russia", "Iran", "Pakistan", "China", "Turkmenistan"}
	benchAdjective = []string{"Tajik", "Afghan", "Kyrgyz", "Uzbek", "Kazakh", "Russian", "Iranian", "Pakistani", "Chinese", "Turkmen"}
	benchCapitals  = []string{"Dushanbe", "Kabul", "Bishkek", "Tashkent", "Astana", "Moscow", "Tehran", "Islamabad", "Beijing", "Ashgabat"}
	benchCodes     = []string{"TJ", "AF", "KG", "UZ", "KZ", "RU", "IR", "PK", "CN", "TM"}
	benchOrgs      = []string{"the Collective Security Treaty Organisation (CSTO)", "the Shanghai Cooperation Organisation (SCO)", "the United Nations", "the Commonwealth of Independent States"}
	benchRoles     = []string{"Defence Minister", "Foreign Minister", "President", "Interior Minister"}
	benchFirst     = []string{"Aziz", "Olga", "Ruslan", "Zarina", "Bakhtiyor", "Aida", "Timur", "Dilnoza"}
	benchLast      = []string{"Rahimov", "Petrova", "Tokayev", "Sadykov", "Bekov", "Alimov", "Nazarov", "Karimova"}
	benchTopics    = []string{"joint military exercises", "border security", "drug trafficking routes", "counter-terrorism cooperation", "refugee flows"}
	benchVerbs     = []string{"discussed", "reviewed", "condemned", "called for talks on", "signed an agreement on"}
	benchWhen      = []string{"on Monday", "last month", "earlier this year", "in March 2024", "on 12 May 2025", "next year"}
)

// benchCorpus returns n notes and a site.yaml as a file system.
func benchCorpus(n int) fstest.MapFS {
	r := rand.New(rand.NewSource(int64(n)))
	pick := func(xs []string) int { return r.Intn(len(xs)) }
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("title: Synthetic briefing\nbase_url: https://example.org/briefing/\n")}}
	for i := range n {
		a, c := pick(benchCountries), pick(benchCountries)
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: \"%s and %s discuss %s\"\npublished: %d-%02d-%02d\ncountries: [%s, %s]\n---\n",
			benchCountries[a], benchCountries[c], benchTopics[pick(benchTopics)], 2015+i%10, 1+i%12, 1+i%28, benchCodes[a], benchCodes[c])
		for range 6 {
			fmt.Fprintf(&b, "\n%s %s %s %s %s %s, during a meeting in %s. ", benchAdjective[pick(benchAdjective)], benchRoles[pick(benchRoles)],
				benchFirst[pick(benchFirst)], benchLast[pick(benchLast)], benchVerbs[pick(benchVerbs)], benchTopics[pick(benchTopics)]+" "+benchWhen[pick(benchWhen)],
				benchCapitals[pick(benchCapitals)])
			fmt.Fprintf(&b, "According to %s, more than %d000 fighters remain active in %s. ", benchOrgs[pick(benchOrgs)], 2+r.Intn(18), benchCountries[pick(benchCountries)])
			fmt.Fprintf(&b, "Analysts said the move reflected growing concern about instability in the region.\n")
		}
		fsys[fmt.Sprintf("notes/%05d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

func corpusBytes(fsys fstest.MapFS) int {
	n := 0
	for _, f := range fsys {
		n += len(f.Data)
	}
	return n
}

// perDoc reports the time per document and the input throughput.
func perDoc(b *testing.B, docs, bytes int) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*docs), "µs/doc")
	b.ReportMetric(float64(bytes*b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkStageLoad(b *testing.B) {
	fsys := benchCorpus(benchNotes)
	for b.Loop() {
		if _, ds := load.Load(fsys); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
	perDoc(b, benchNotes, corpusBytes(fsys))
}

// BenchmarkStageLoadDisk loads the corpus from a folder, as a build does
// (through load.Dir): reading the files is part of the cost.
func BenchmarkStageLoadDisk(b *testing.B) {
	fsys := benchCorpus(benchNotes)
	dir := b.TempDir()
	for p, f := range fsys {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	disk := load.Dir(dir)
	for b.Loop() {
		if _, ds := load.Load(disk); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
	perDoc(b, benchNotes, corpusBytes(fsys))
}

func BenchmarkStageExtract(b *testing.B) {
	fsys := benchCorpus(benchNotes)
	content, _ := load.Load(fsys)
	for b.Loop() {
		bl := NewBuilder()
		md := bl.markdown(false)
		x := bl.extractorFor(content.Files)
		if _, _, ds := bl.analyse(content.Files, SeedDates(content.Files), md, x, false, nil, nil); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
	perDoc(b, benchNotes, corpusBytes(fsys))
}

// BenchmarkStageExtractOnce is the extract stage of a one-off build, with
// the notes' key figures whole (as with a user's templates) and reduced to
// their keys (with the default templates, but for the newest documents),
// and the memory its results hold.
func BenchmarkStageExtractOnce(b *testing.B) {
	fsys := benchCorpus(benchNotes)
	for _, reduce := range []bool{false, true} {
		b.Run(map[bool]string{false: "whole", true: "reduced"}[reduce], func(b *testing.B) {
			var held int64
			for range b.N {
				b.StopTimer()
				// A one-off build takes the files apart: each round
				// loads them afresh.
				content, _ := load.Load(fsys)
				bl := NewBuilder()
				md := bl.markdown(false)
				x := bl.extractorFor(content.Files)
				var reduced *reducedFigures
				if reduce {
					reduced = reduceFigures(fsys, content.Files, SeedDates(content.Files), false, 0, md, x)
				}
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				b.StartTimer()
				files, _, ds := bl.analyse(content.Files, SeedDates(content.Files), md, x, true, nil, reduced)
				b.StopTimer()
				if ds.HasErrors() {
					b.Fatal(ds)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				held += int64(after.HeapAlloc) - int64(before.HeapAlloc)
				runtime.KeepAlive(files)
				b.StartTimer()
			}
			perDoc(b, benchNotes, corpusBytes(fsys))
			b.ReportMetric(float64(held)/float64(b.N*benchNotes), "B-held/doc")
		})
	}
}

func BenchmarkStageModel(b *testing.B) {
	fsys := benchCorpus(benchNotes)
	content, _ := load.Load(fsys)
	bl := NewBuilder()
	md := bl.markdown(false)
	x := bl.extractorFor(content.Files)
	files, _, _ := bl.analyse(content.Files, SeedDates(content.Files), md, x, false, nil, nil)
	for b.Loop() {
		model.Build(model.Input{Config: content.Config, Files: files, Markdown: md, Extractor: x})
	}
	perDoc(b, benchNotes, corpusBytes(fsys))
}

// BenchmarkStageModelRebuild is the model stage of `brief serve` after an
// edit: one note of the corpus changes (a sentence is appended, as an
// editor types), it is analysed again, and the model is built with the
// Cache of the builds before. Only the model stage is timed.
func BenchmarkStageModelRebuild(b *testing.B) {
	fsys := benchCorpus(benchNotes)
	bl := NewBuilder()
	cache := model.NewCache()
	orig := fsys["notes/00042.md"].Data
	round := 0
	input := func() model.Input {
		round++
		fsys["notes/00042.md"] = &fstest.MapFile{Data: fmt.Appendf(slices.Clone(orig), "\nTajik officials met in Dushanbe in March 2024, round %d.\n", round)}
		content, _ := bl.loads.Load(fsys)
		md := bl.markdown(false)
		x := bl.extractorFor(content.Files)
		files, _, _ := bl.analyse(content.Files, SeedDates(content.Files), md, x, false, nil, nil)
		return model.Input{Config: content.Config, Files: files, Markdown: md, Extractor: x, Cache: cache}
	}
	model.Build(input())
	for b.Loop() {
		b.StopTimer()
		in := input()
		b.StartTimer()
		model.Build(in)
	}
	st := cache.Stats()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/rebuild")
	b.ReportMetric(float64(st.DatesReused)/float64(st.Dates), "dates-reused")
	b.ReportMetric(0, "ns/op")
}

// benchSite is the model of the synthetic corpus.
func benchSite(b *testing.B) *model.Site {
	res := Build(Options{Content: benchCorpus(benchNotes)})
	if res.Diags.HasErrors() {
		b.Fatal(res.Diags)
	}
	return res.Site
}

func BenchmarkStageRender(b *testing.B) {
	site := benchSite(b)
	var out atomic.Int64
	for b.Loop() {
		out.Store(0)
		if ds := render.Stream(site, render.Options{}, func(f render.File) { out.Add(int64(len(f.Data))) }); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*benchNotes), "µs/doc")
	b.ReportMetric(float64(out.Load()*int64(b.N))/b.Elapsed().Seconds()/1e6, "MB/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkStageWrite syncs the rendered site into a folder that holds
// the previous build: every file is compared, one in twenty changed.
func BenchmarkStageWrite(b *testing.B) {
	files, ds := render.Render(benchSite(b), render.Options{})
	if ds.HasErrors() {
		b.Fatal(ds)
	}
	out := filepath.Join(b.TempDir(), "public")
	sync := func(round int) {
		s, err := write.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		for i, f := range files {
			data := f.Data
			if i%20 == round%20 {
				data = append(append([]byte{}, data...), fmt.Sprint(round)...)
			}
			s.Add(write.File{Path: f.Path, Data: data})
		}
		if _, err := s.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	sync(0)
	round := 0
	for b.Loop() {
		round++
		sync(round)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*benchNotes), "µs/doc")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(files)), "µs/file")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkRebuildProse is a whole rebuild of `brief serve` after an
// editor types a sentence that names nothing at the end of a note: the
// changed path is known, as the watcher reports it, and the rebuild
// patches the last site (model.Patch, render.Patch). The files are handed
// to a caller that keeps nothing.
func BenchmarkRebuildProse(b *testing.B) {
	benchRebuild(b, "\nThe desk will follow this up, round %d.\n", true)
}

// BenchmarkRebuildEvent is BenchmarkRebuildProse with a dated sentence:
// each edit adds an event, and the rebuild goes through the whole
// pipeline with the caches of the builds before.
func BenchmarkRebuildEvent(b *testing.B) {
	benchRebuild(b, "\nTajikistan closed border crossing number %d on 3 March 2024.\n", false)
}

func benchRebuild(b *testing.B, sentence string, patch bool) {
	// On disk, where the loader can tell changed files by their stamps.
	dir := b.TempDir()
	corpus := benchCorpus(benchNotes)
	for name, f := range corpus {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	bl := NewBuilder()
	const p = "notes/00042.md"
	orig := corpus[p].Data
	opts := Options{Content: os.DirFS(dir)}
	if res := bl.BuildTo(opts, func(render.File) {}); res.Diags.HasErrors() {
		b.Fatal(res.Diags)
	}
	round, patched := 0, 0
	for b.Loop() {
		round++
		if err := os.WriteFile(filepath.Join(dir, p), fmt.Appendf(slices.Clone(orig), sentence, round), 0o644); err != nil {
			b.Fatal(err)
		}
		opts.Changed = []string{p}
		res := bl.BuildTo(opts, func(render.File) {})
		if res.Diags.HasErrors() {
			b.Fatal(res.Diags)
		}
		if res.Stats.Patched > 0 {
			patched++
		}
	}
	if patch && patched != b.N || !patch && patched != 0 {
		b.Fatalf("%d of %d rebuilds patched the last site", patched, b.N)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/rebuild")
	b.ReportMetric(0, "ns/op")
}
