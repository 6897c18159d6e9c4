package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"brief/generator"
	"brief/generator/diag"
	"brief/generator/render"
	"brief/generator/serve"
	"brief/generator/watch"
	"brief/generator/write"
	"brief/internal/blockbuf"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveSite(ctx, args, stdout, stderr, nil)
}

// serveSite is `brief serve`: build, write, serve, then rebuild on every
// change until ctx ends. ready, when not nil, is called with the site's URL
// once the first build is served (tests use it).
func serveSite(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(url string)) int {
	var c common
	fl := newFlags("serve", "brief serve [flags]", stderr)
	c.register(fl, true)
	addr := fl.String("addr", "127.0.0.1:1313", "`host:port` to listen on; the default is reachable from this machine only")
	if code, ok := parse(fl, args, stdout, stderr); !ok {
		return code
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "brief serve: unexpected argument %q\n", fl.Arg(0))
		return exitUsage
	}
	if _, err := c.options(); err != nil {
		fmt.Fprintf(stderr, "brief: %v\n", err)
		return exitUsage
	}
	if err := write.Check(c.out, c.content, c.templates); err != nil {
		fmt.Fprintf(stderr, "brief: %v\n", err)
		return exitContent
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "brief serve: %v\n", err)
		return exitContent
	}
	if host, _, err := net.SplitHostPort(*addr); err == nil && !isLoopback(host) {
		fmt.Fprintf(stderr, "brief serve: warning: listening on %s: the preview is reachable from other machines\n", *addr)
	}

	// Start watching before the first build, so that a save during it is
	// not lost.
	w, err := watch.New(watch.Options{}, c.content, c.templates)
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "brief serve: watching %s and %s: %v\n", c.content, c.templates, err)
		return exitContent
	}
	defer w.Close()

	// Serve from the start: a large site takes a while to build, and a
	// browser that comes early gets a placeholder that reloads when the
	// first build is in.
	p := &preview{c: &c, b: generator.NewBuilder(), srv: serve.New("/"), stdout: stdout, stderr: stderr}
	hs := &http.Server{Handler: p.srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	p.rebuild(nil)
	url := "http://" + displayAddr(ln.Addr()) + p.srv.Base()
	if !c.quiet {
		fmt.Fprintf(stdout, "serving %s (Ctrl-C to stop)\n", url)
	}
	if ready != nil {
		ready(url)
	}

	code := exitOK
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-served:
			fmt.Fprintf(stderr, "brief serve: %v\n", err)
			code = exitContent
			break loop
		case b, ok := <-w.C:
			if !ok {
				break loop
			}
			if b.Rescan {
				p.rebuild(nil) // the watcher lost events: look at everything
			} else {
				p.rebuild(b.Paths)
			}
		case err := <-w.Errors:
			fmt.Fprintf(stderr, "brief serve: watching: %v\n", err)
		}
	}
	// Event streams never end on their own: close them first so that
	// Shutdown does not wait for the browsers.
	p.srv.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		hs.Close()
	}
	if !c.quiet && code == exitOK {
		fmt.Fprintln(stdout, "stopped")
	}
	return code
}

// preview is the state of one `brief serve`: the builder with its caches,
// the server, and the files of the last good build.
type preview struct {
	c   *common
	b   *generator.Builder
	srv *serve.Server
	// site is the last good build, path to bytes: the server holds the same
	// slices. A rebuild compares each file it makes with it and keeps only
	// the ones that changed, so that a large site is not copied on every
	// save.
	site   map[string][]byte
	onDisk bool // the output folder holds site
	// built: a build ran. missed: a rebuild stopped before loading, so
	// that the paths it was told of were not looked at; the next one
	// looks at everything.
	built, missed bool
	stdout        io.Writer
	stderr        io.Writer
}

// rebuild runs one build through the same pipeline as `brief build`, with
// the Builder's caches. changed are the paths the watcher reported since
// the last rebuild, or nil when they are not known (the first build, a
// watcher that lost events): only the content files among them are looked
// at again. A failed build keeps the last good site and shows its errors
// in the terminal and over the open pages.
func (p *preview) rebuild(changed []string) {
	c := p.c
	opts, err := c.options()
	if err != nil {
		p.missed = true
		p.fail([]string{err.Error()})
		return
	}
	if !p.missed {
		opts.Changed = contentPaths(c.content, changed)
	}
	p.missed = false
	// The build's files are compared as they come with the last good
	// build's (which nothing modifies meanwhile) and kept only when they
	// differ.
	var mu sync.Mutex
	var paths []string
	var diff []render.File
	unknown := 0 // paths the last good build did not have
	keep := func(path string, data []byte, same bool) {
		mu.Lock()
		paths = append(paths, path)
		if !same {
			diff = append(diff, render.File{Path: path, Data: data})
			if _, ok := p.site[path]; !ok {
				unknown++
			}
		}
		mu.Unlock()
	}
	// The files that grow with every event (tens of megabytes on a large
	// site) are compared as they are written, and copied only from their
	// first difference: one that did not change is never in memory twice.
	opts.Sink = func(path string, produce func(io.Writer) error) {
		old, ok := p.site[path]
		w := &diffWriter{old: old}
		produce(w) // a diffWriter does not fail
		data, same := w.result()
		keep(path, data, ok && same)
	}
	lost := false
	res := p.b.BuildTo(opts, func(f render.File) {
		old, ok := p.site[f.Path]
		if f.Same {
			// Not rendered again: its inputs did not change since the
			// last good build, which is p.site.
			if !ok {
				mu.Lock()
				lost = true
				mu.Unlock()
			}
			keep(f.Path, old, true)
			return
		}
		same := ok && bytes.Equal(old, f.Data)
		data := old
		if !same {
			data = bytes.Clone(f.Data)
		}
		keep(f.Path, data, same)
	})
	if lost {
		res.Diags.Errorf("", 0, 0, "internal error: a file the preview does not have was not rendered again; rebuilding everything on the next change")
		p.b.Forget()
	}
	what := "built"
	if p.built {
		what = "rebuilt"
	}
	p.built = true
	errs, warns := report(res.Diags, c, c.verbose, p.stderr)
	if errs > 0 {
		var lines []string
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				lines = append(lines, c.display(d))
			}
		}
		serving := "still serving the last good build"
		if p.site == nil {
			// No good build yet: serve the placeholder where the site
			// will be, when the content says where that is, so that the
			// page open there becomes the site once it builds.
			if res.Site != nil {
				p.srv.SetBase(res.Site.Config.BasePath)
			}
			serving = "the preview shows the site once it builds"
		}
		fmt.Fprintf(p.stderr, "brief: build failed with %d error(s); %s\n", errs, serving)
		p.srv.Fail(lines)
		return
	}
	if res.Site != nil {
		p.srv.SetBase(res.Site.Config.BasePath)
	}

	// The new site: the last one with the changes. A build of as many
	// files, none of them new, has the same paths (a build emits each
	// once): nothing was removed.
	samePaths := unknown == 0 && len(paths) == len(p.site) && p.site != nil
	var removed []string
	if !samePaths {
		inBuild := make(map[string]bool, len(paths))
		for _, path := range paths {
			inBuild[path] = true
		}
		for path := range p.site {
			if !inBuild[path] {
				removed = append(removed, path)
			}
		}
	}
	if p.site == nil {
		p.site = make(map[string][]byte, len(paths))
	}
	for _, path := range removed {
		delete(p.site, path)
	}
	for _, f := range diff {
		p.site[f.Path] = f.Data
	}

	writing := time.Now()
	wr, err := p.writeOut(paths, diff, removed, samePaths)
	if err != nil {
		// The folder's state is unknown now: the next build writes it whole.
		p.onDisk = false
		fmt.Fprintf(p.stderr, "brief: %v\n", err)
	} else {
		p.onDisk = true
	}
	published, change := p.srv.Update(diff, removed)
	written := time.Since(writing)
	if c.quiet {
		return
	}
	extra := ""
	if warns > 0 && !c.verbose {
		extra = fmt.Sprintf("; %d warning(s), see brief check", warns)
	}
	patched := ""
	if res.Stats.Patched > 0 {
		patched = fmt.Sprintf(", %d patched", res.Stats.Patched)
	}
	fmt.Fprintf(p.stdout, "%s %s: %s, %d re-read%s (%d written, %d unchanged, %d removed; %s)%s\n",
		what, c.out, res.Stats, res.Stats.Reextracted, patched, wr.Written, wr.Unchanged, wr.Removed, change, extra)
	if c.verbose {
		fmt.Fprintf(p.stdout, "  %s, write %d ms\n", res.Stats.StageTimes(), written.Milliseconds())
		for _, path := range published {
			fmt.Fprintf(p.stdout, "  %s\n", path)
		}
	}
}

// contentPaths turns paths a watcher reported into paths of the content
// folder (generator.Options.Changed): nil, which means that everything is
// looked at, when they are not known or the content folder itself is among
// them; empty when none is in the content folder (templates only).
func contentPaths(content string, changed []string) []string {
	if changed == nil {
		return nil
	}
	root, err := filepath.Abs(content)
	if err != nil {
		return nil
	}
	paths := make([]string, 0, len(changed))
	for _, path := range changed {
		rel, err := filepath.Rel(root, path)
		switch {
		case err != nil || rel == ".":
			return nil
		case rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)):
			continue // a template
		}
		paths = append(paths, filepath.ToSlash(rel))
	}
	return paths
}

// writeOut brings the output folder to p.site, which differs from the last
// good build by diff and removed; paths are all of its files, and
// samePaths says that they are those of the last good build. Only changes
// are written when the folder holds the last build; otherwise (the first
// build, a failed write, a folder removed meanwhile) the whole site goes
// through the writer of `brief build`, which leaves the files that are
// already as they should be where they are (with the index of a build
// before, after a stat each) instead of making a new tree of the whole
// site and removing the old one.
func (p *preview) writeOut(paths []string, diff []render.File, removed []string, samePaths bool) (write.Result, error) {
	if p.onDisk {
		changed := make([]write.File, len(diff))
		for i, f := range diff {
			changed[i] = write.File{Path: f.Path, Data: f.Data}
		}
		var wr write.Result
		var err error
		if samePaths {
			wr, err = write.ApplySame(p.c.out, len(paths), changed)
		} else {
			wr, err = write.Apply(p.c.out, paths, changed, removed)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return wr, err
		}
	}
	out, err := write.Begin(p.c.out)
	if err != nil {
		return write.Result{}, err
	}
	out.AddAll(len(paths), func(i int) write.File { return write.File{Path: paths[i], Data: p.site[paths[i]]} })
	return out.Commit()
}

// diffWriter takes a file as it is written and compares it with old, its
// bytes in the last build: while they match nothing is copied. What comes
// after the first difference is kept in blocks and the file put together
// once at its exact length: a new file (all of them at the first build)
// or one that grew would otherwise grow a slice by doubling, allocating
// about twice its length and keeping up to that for as long as the
// preview holds it.
type diffWriter struct {
	old  []byte
	n    int              // bytes written so far, all equal to old's first n
	rest *blockbuf.Buffer // what was written after them, once the file differs from old
}

func (w *diffWriter) Write(p []byte) (int, error) {
	if w.rest == nil {
		if end := w.n + len(p); end <= len(w.old) && bytes.Equal(w.old[w.n:end], p) {
			w.n = end
			return len(p), nil
		}
		w.rest = &blockbuf.Buffer{}
	}
	return w.rest.Write(p)
}

// result returns the file's bytes, and whether they are old's.
func (w *diffWriter) result() ([]byte, bool) {
	switch {
	case w.rest != nil:
		data := make([]byte, 0, w.n+w.rest.Len())
		return w.rest.AppendTo(append(data, w.old[:w.n]...)), false
	case w.n == len(w.old):
		return w.old, true
	default:
		// A prefix of old: a copy, so that old's array can go.
		return bytes.Clone(w.old[:w.n]), false
	}
}

func (p *preview) fail(lines []string) {
	for _, l := range lines {
		fmt.Fprintf(p.stderr, "brief: %s\n", l)
	}
	p.srv.Fail(lines)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// displayAddr is the address to print: a wildcard listener is shown as the
// loopback address, which a browser on this machine can open.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
