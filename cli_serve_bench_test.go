package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	benchNotes = flag.Int("serve.notes", 10000, "notes in the corpus of BenchmarkServeEditToDisk")
	benchEvent = flag.Bool("serve.event", false, "BenchmarkServeEditToDisk: each edit adds a dated sentence, a new event of the timeline")
	benchFirst = flag.Bool("serve.first", false, "BenchmarkServeEditToDisk: each edit puts its sentence before the note's first paragraph, not after its last")
)

// BenchmarkServeEditToDisk measures what an editor waits for in `brief
// serve`: the time from writing a note to the end of the rebuild it
// triggers, every file written and published, through the whole loop
// (file-system event, debounce, incremental build, write, publication).
// The corpus is the synthetic briefing of the shared benchmark tools
// (../shared/bench/corpusgen, as used by the comparison with Hugo: notes
// and site.yaml); the benchmark skips when they are not beside the
// repository. The corpus is generated into a temporary folder, never into
// the repository. Each iteration is one edit; report the median with
//
//	go test -run XXX -bench ServeEditToDisk -benchtime 20x -timeout 60m
//	go test -run XXX -bench ServeEditToDisk -benchtime 20x -serve.notes 1000
//
// Each edit adds a sentence at the end of a note (with -serve.first,
// before its first paragraph, which moves everything the note holds);
// with -serve.event the sentence is dated, so that it is also a new event
// of the timeline, its year's pages, its country's views and the open data
// files.
func BenchmarkServeEditToDisk(b *testing.B) {
	bench, err := filepath.Abs(filepath.Join("..", "shared", "bench"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(bench, "corpusgen", "main.go")); err != nil {
		b.Skip("corpus generator not found beside the repository (../shared/bench/corpusgen)")
	}
	dir := b.TempDir()
	gen := exec.Command("go", "run", "./corpusgen", "-n", fmt.Sprint(*benchNotes), "-out", dir)
	gen.Dir = bench
	if out, err := gen.CombinedOutput(); err != nil {
		b.Fatalf("corpusgen: %v\n%s", err, out)
	}
	// Like the comparison with Hugo: the notes only. The seeds are the same
	// articles as plain text and would share their slugs.
	content := filepath.Join(dir, "content")
	if err := os.RemoveAll(filepath.Join(content, "seeds")); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "public")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan int, 1)
	var log syncBuffer
	go func() {
		done <- serveSite(ctx, []string{"--content", content, "--templates", filepath.Join(dir, "templates"),
			"--out", out, "--addr", "127.0.0.1:0", "--verbose"}, &log, &log, func(u string) { ready <- u })
	}()
	select {
	case <-ready:
	case code := <-done:
		b.Fatalf("serve exited with %d:\n%s", code, log.String())
	}
	if !bytes.Contains([]byte(log.String()), []byte("built ")) {
		b.Fatalf("the first build failed:\n%.2000s", log.String())
	}

	var lat []time.Duration
	// around: each edit's time outside the extract, model and render
	// stages (whole milliseconds as the log gives them): the file-system
	// event, the debounce, the load, the write and the publication.
	var around []time.Duration
	b.ResetTimer()
	for i := range b.N {
		name := fmt.Sprintf("%05d", (i*7919)%*benchNotes)
		src := filepath.Join(content, "notes", name+".md")
		page := filepath.Join(out, "sources", name, "index.html")
		old, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		marker := fmt.Sprintf("Edit number %d of the benchmark.", i)
		if *benchEvent {
			marker = fmt.Sprintf("Tajikistan closed border crossing number %d on %d March 2024.", i, 1+i%28)
		}
		// The edit is on disk when its page has the marker and the rebuild
		// that made it has finished: --verbose lists the files a rebuild
		// published after its report line, which is printed once every
		// file is written and published. A rebuild of an earlier batch
		// cannot list this page, which only this edit changes.
		published := "\n  " + path.Join("sources", name, "index.html") + "\n"
		edited := append(slices.Clone(old), []byte("\n"+marker+"\n")...)
		if *benchFirst {
			// After the front matter: every finding of the note moves.
			if i := bytes.Index(old[3:], []byte("\n---\n")); bytes.HasPrefix(old, []byte("---\n")) && i >= 0 {
				end := 3 + i + 5
				edited = slices.Concat(old[:end], []byte("\n"+marker+"\n"), old[end:])
			}
		}
		mark := log.Len()
		start := time.Now()
		if err := os.WriteFile(src, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		onDisk, after := false, ""
		for {
			if !onDisk {
				data, err := os.ReadFile(page)
				onDisk = err == nil && bytes.Contains(data, []byte(marker))
			}
			if onDisk {
				after = log.From(mark)
				if r := strings.Index(after, "rebuilt "); r >= 0 && strings.Contains(after[r:], published) {
					break
				}
			}
			if time.Since(start) > 30*time.Minute {
				b.Fatalf("edit %d not on disk after 30 minutes:\n%s", i, log.String())
			}
			time.Sleep(time.Millisecond)
		}
		took := time.Since(start)
		lat = append(lat, took)
		// The stage times of the rebuild that published the page, printed
		// after its report line.
		k := strings.Index(after, published)
		var load, extract, model, render, write int
		if r := strings.LastIndex(after[:k], "rebuilt "); r >= 0 {
			if l := strings.Index(after[r:k], "\n  load "); l >= 0 {
				fmt.Sscanf(after[r+l+1:], "  load %d ms, extract %d ms, model %d ms, render %d ms, write %d ms",
					&load, &extract, &model, &render, &write)
			}
		}
		around = append(around, took-time.Duration(extract+model+render)*time.Millisecond)
	}
	b.StopTimer()
	cancel()
	<-done
	slices.Sort(lat)
	slices.Sort(around)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "ms-median")
	b.ReportMetric(ms(around[len(around)/2]), "ms-median-around")
	b.ReportMetric(ms(lat[len(lat)-1]), "ms-max")
	b.ReportMetric(0, "ns/op") // the mean of a mix of debounce and build says little
	b.Logf("%d notes, %d edits: median %v, min %v, max %v; outside extract, model and render: median %v",
		*benchNotes, len(lat), lat[len(lat)/2], lat[0], lat[len(lat)-1], around[len(around)/2])
	// Where the time goes: the stage times of the last rebuild.
	if i := strings.LastIndex(log.String(), "  load "); i >= 0 {
		b.Logf("last rebuild: %s", strings.SplitN(log.String()[i+2:], "\n", 2)[0])
	}
}
