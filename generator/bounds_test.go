package generator

// Resource bounds (SPEC §9: huge files, bad input never hangs a build).
// These tests assert that pathological documents finish and that memory
// grows linearly with the number of documents. They make no claim about
// speed: how fast a build is belongs to the benchmarks. The one clock in
// here is a hang detector with a bound far above any plausible build time,
// so that a regression into an endless or exponential loop fails with a
// message instead of running into the test binary's -timeout.

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"brief/generator/diag"
	"brief/generator/extract"
)

var monthNames = []string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// hangBound is how long a build may take before the test calls it a hang.
// A build of the largest case here takes a few seconds on a slow machine.
const hangBound = 60 * time.Second

// buildOrHang runs Build in a goroutine and fails when it does not return
// within hangBound.
func buildOrHang(t *testing.T, content fstest.MapFS) Result {
	t.Helper()
	done := make(chan Result, 1)
	go func() { done <- Build(Options{Content: content}) }()
	select {
	case res := <-done:
		for _, d := range res.Diags {
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("build panicked: %v", d)
			}
		}
		return res
	case <-time.After(hangBound):
		t.Fatalf("the build did not finish within %v: a hang (this is a hang detector, not a performance goal)", hangBound)
		return Result{}
	}
}

func outputFile(res Result, path string) []byte {
	for _, f := range res.Files {
		if f.Path == path {
			return f.Data
		}
	}
	return nil
}

// pathological is one document that is legal but extreme.
type pathological struct {
	name string
	path string // content path
	text string
	page string // the output page that must exist
	want string // text the page must hold
	errs int    // errors the document must cause instead (then no page is checked)
}

// longLine is n bytes of prose on one line: every fortieth clause names
// countries and a date, the rest is filler, as in a pasted article that
// lost its line breaks.
func longLine(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i%40 == 0 {
			b.WriteString("Tajik border guards met officials of Kyrgyzstan in Dushanbe on 1 May 2025 and talked, ")
		} else {
			b.WriteString("and the weather was mild and the roads were quiet, ")
		}
	}
	return b.String()
}

func pathologicalCases() []pathological {
	var dates strings.Builder
	dates.WriteString("A hundred thousand dates\n")
	for i := range 100_000 {
		// Every date in its own sentence, without an entity: the dates are
		// found and resolved; the timeline gets none of them.
		fmt.Fprintf(&dates, "It rained on %d %s %d. ", 1+i%28, monthNames[i%12], 1900+i%200)
		if i%50 == 49 {
			dates.WriteString("\n\n")
		}
	}
	const nest = 10_000
	return []pathological{
		{"10 MB line", "seeds/long-line.txt", "A very long line\n" + longLine(10<<20),
			"sources/long-line/index.html", "Tajik border guards met", 0},
		{"10 MB without a sentence end", "seeds/no-stop.txt",
			"No sentence ends\n" + strings.Repeat("guards and officials and ", 10<<20/25),
			"sources/no-stop/index.html", "guards and officials", 0},
		{"100,000 dates", "seeds/dates.txt", dates.String(), "sources/dates/index.html", "It rained", 0},
		{"nested blockquotes", "notes/quotes.md",
			"---\ntitle: Quotes\npublished: 2025-05-01\n---\n" + strings.Repeat(">", nest) + " deep\n",
			"sources/quotes/index.html", "deep", 0},
		{"nested lists", "notes/lists.md",
			"---\ntitle: Lists\npublished: 2025-05-01\n---\n" + strings.Repeat("- ", nest) + "deep\n",
			"sources/lists/index.html", "deep", 0},
		{"nested brackets", "notes/brackets.md",
			"---\ntitle: Brackets\npublished: 2025-05-01\n---\n" + strings.Repeat("[ ", nest) + "deep" + strings.Repeat(" ]", nest) + "\n",
			"sources/brackets/index.html", "deep", 0},
		{"nested links", "notes/links.md",
			"---\ntitle: Links\npublished: 2025-05-01\n---\n" + strings.Repeat("[a ", nest) + "deep" + strings.Repeat("](/x)", nest) + "\n",
			"sources/links/index.html", "deep", 0},
		// [[ inside brackets is an entity link; "deep" is no entity.
		{"brackets around a link", "notes/wiki.md",
			"---\ntitle: Wiki\npublished: 2025-05-01\n---\n" + strings.Repeat("[", nest) + "deep" + strings.Repeat("]", nest) + "\n",
			"", "", 1},
		// Every "]{" without its "}" is an error at its own position.
		{"unclosed attribute blocks", "notes/open.md",
			"---\ntitle: Open\npublished: 2025-05-01\n---\n" + strings.Repeat("[[a]{", nest) + "deep\n",
			"", "", nest},
		{"nested emphasis", "notes/emphasis.md",
			"---\ntitle: Emphasis\npublished: 2025-05-01\n---\n" + strings.Repeat("*a _", nest) + "deep" + strings.Repeat("_ a*", nest) + "\n",
			"sources/emphasis/index.html", "deep", 0},
	}
}

// TestPathologicalDocuments builds a site of each extreme document and
// checks that it finishes (see hangBound) with its page.
func TestPathologicalDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("pathological documents take seconds; skipped in -short mode")
	}
	for _, c := range pathologicalCases() {
		t.Run(c.name, func(t *testing.T) {
			res := buildOrHang(t, fstest.MapFS{
				"site.yaml": {Data: []byte("title: Bounds\n")},
				c.path:      {Data: []byte(c.text)},
			})
			errs := 0
			for _, d := range res.Diags {
				if d.Severity == diag.Error {
					errs++
					if d.File != c.path || d.Line != 5 || d.Col < 1 {
						t.Fatalf("error without its position: %v", d)
					}
				}
			}
			if errs != c.errs {
				t.Fatalf("%d errors, want %d: %.500v", errs, c.errs, res.Diags)
			}
			if c.errs > 0 {
				return
			}
			page := outputFile(res, c.page)
			if page == nil {
				t.Fatalf("no page %s", c.page)
			}
			if !strings.Contains(string(page), c.want) {
				t.Errorf("%s lacks %q", c.page, c.want)
			}
		})
	}
}

// TestDatesAreFound checks the 100,000-date seed for what it is about: the
// extractor finds and resolves every date, not just the first ones.
func TestDatesAreFound(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	var text string
	for _, c := range pathologicalCases() {
		if c.name == "100,000 dates" {
			text = c.text
		}
	}
	r := extract.New(nil).Extract(extract.Input{Text: []byte(text)})
	if len(r.Dates) != 100_000 {
		t.Errorf("found %d dates, want 100000", len(r.Dates))
	}
}

// briefing returns a content folder of n documents, a note and a seed
// alternately, with the countries, dates, figures and entity links that
// make a build do all its work.
func briefing(n int) fstest.MapFS {
	countries := []string{"Tajikistan", "Kyrgyzstan", "Afghanistan", "Kazakhstan", "Uzbekistan", "Russia"}
	fs := fstest.MapFS{"site.yaml": {Data: []byte("title: Growth\nbase_url: https://example.org/\n")}}
	for i := range n {
		a, b := countries[i%len(countries)], countries[(i/len(countries)+i+1)%len(countries)]
		day, month := 1+i%28, 1+(i/28)%12
		prose := fmt.Sprintf("Officials of %s met envoys of %s in the capital on %d %s 2025. "+
			"They said over %d fighters had crossed the border. "+
			"A second meeting will take place in %s 2026, the ministry of %s said.",
			a, b, day, monthNames[month-1], 1000+i, monthNames[(i+5)%12], b)
		if i%2 == 0 {
			fs[fmt.Sprintf("notes/n%05d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
				"---\ntitle: Note %d on %s\npublished: 2025-%02d-%02d\n---\n[[%s]]: %s\n", i, a, month, day, a, prose))}
		} else {
			fs[fmt.Sprintf("seeds/s%05d.txt", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("Article %d on %s\n%s\n", i, a, prose))}
		}
	}
	return fs
}

// TestMemoryGrowsLinearly builds a briefing of n and of 2n documents and
// compares the bytes allocated: twice the documents may cost about twice
// the allocations, not four times (which a quadratic merge of events or
// co-mentions would). Allocation counts, unlike times, are nearly the
// same from run to run.
func TestMemoryGrowsLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	const n = 150
	buildOrHang(t, briefing(8)) // parse the templates and load the data first
	alloc := func(docs int) uint64 {
		content := briefing(docs)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res := buildOrHang(t, content)
		runtime.ReadMemStats(&after)
		if res.Diags.HasErrors() {
			t.Fatalf("%d documents: %v", docs, res.Diags)
		}
		if res.Stats.Documents != docs {
			t.Fatalf("built %d documents of %d", res.Stats.Documents, docs)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(n), alloc(2*n)
	ratio := float64(large) / float64(small)
	t.Logf("%d documents: %d MB allocated; %d documents: %d MB; ratio %.2f", n, small>>20, 2*n, large>>20, ratio)
	if ratio >= 3 {
		t.Errorf("doubling the documents multiplied the allocations by %.2f: growth is not linear", ratio)
	}
}

// TestLongDocumentGrowsLinearly is TestMemoryGrowsLinearly within one
// document: a seed of twice the length may cost about twice the
// allocations, which a sentence splitter or piece builder that rescans
// the text from the start would not.
func TestLongDocumentGrowsLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	const size = 512 << 10
	buildOrHang(t, fstest.MapFS{"seeds/warm.txt": {Data: []byte("Warm up\n" + longLine(4<<10))}})
	alloc := func(n int) uint64 {
		content := fstest.MapFS{"seeds/long.txt": {Data: []byte("A long line\n" + longLine(n))}}
		// Two collections empty the pools (sync.Pool keeps its memory
		// for one more), so that both sizes start alike whatever ran
		// before.
		runtime.GC()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res := buildOrHang(t, content)
		runtime.ReadMemStats(&after)
		if res.Diags.HasErrors() || outputFile(res, "sources/long/index.html") == nil {
			t.Fatalf("%d bytes: no page: %v", n, res.Diags)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(size), alloc(2*size)
	ratio := float64(large) / float64(small)
	t.Logf("%d KB: %d MB allocated; %d KB: %d MB; ratio %.2f", size>>10, small>>20, 2*size>>10, large>>20, ratio)
	if ratio >= 3 {
		t.Errorf("doubling the length multiplied the allocations by %.2f: growth is not linear", ratio)
	}
}
