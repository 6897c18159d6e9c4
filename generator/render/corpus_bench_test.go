package render_test

import (
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"brief/generator"
	"brief/generator/render"
)

// BenchmarkCorpusRender renders the site of a content folder as a one-off
// build does (no fingerprints, the large data files to a sink), and
// reports the processor time of a render besides its wall time, since the
// machines that measure are shared:
//
//	CORPUS=/path/to/content go test ./generator/render -run XXX -bench CorpusRender -benchtime 3x
func BenchmarkCorpusRender(b *testing.B) {
	dir := os.Getenv("CORPUS")
	if dir == "" {
		b.Skip("CORPUS (a content folder) not set")
	}
	res := generator.Build(generator.Options{Content: os.DirFS(dir), NoReuse: true})
	if res.Diags.HasErrors() {
		b.Fatal(res.Diags)
	}
	opts := render.Options{Sink: func(path string, produce func(io.Writer) error) { produce(io.Discard) }}
	var cpu time.Duration
	for b.Loop() {
		c0 := cpuTime()
		if ds := render.Stream(res.Site, opts, func(render.File) {}); ds.HasErrors() {
			b.Fatal(ds)
		}
		cpu += cpuTime() - c0
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the processor time of the process so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
