package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"brief/generator"
	"brief/generator/diag"
	"brief/generator/render"
	"brief/generator/serve"
	"brief/generator/watch"
	"brief/generator/write"
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
			p.rebuild(b.Paths)
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
// the server, and the files the output folder holds.
type preview struct {
	c       *common
	b       *generator.Builder
	srv     *serve.Server
	written []write.File // what the output folder holds; nil when unknown
	stdout  io.Writer
	stderr  io.Writer
}

// rebuild runs one build through the same pipeline as `brief build`, with
// the Builder's caches. A failed build keeps the last good site and shows
// its errors in the terminal and over the open pages.
func (p *preview) rebuild(changed []string) {
	c := p.c
	opts, err := c.options()
	if err != nil {
		p.fail([]string{err.Error()})
		return
	}
	res := p.b.Build(opts)
	errs, warns := report(res.Diags, c, c.verbose, p.stderr)
	if errs > 0 {
		var lines []string
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				lines = append(lines, c.display(d))
			}
		}
		fmt.Fprintf(p.stderr, "brief: build failed with %d error(s); still serving the last good build\n", errs)
		p.srv.Fail(lines)
		return
	}
	if res.Site != nil {
		p.srv.SetBase(res.Site.Config.BasePath)
	}

	files := toWrite(res.Files)
	wr, err := write.Update(c.out, p.written, files)
	if err != nil {
		// The folder's state is unknown now: the next build writes it whole.
		p.written = nil
		fmt.Fprintf(p.stderr, "brief: %v\n", err)
	} else {
		p.written = files
	}
	paths, change := p.srv.Publish(res.Files)
	if c.quiet {
		return
	}
	extra := ""
	if warns > 0 && !c.verbose {
		extra = fmt.Sprintf("; %d warning(s), see brief check", warns)
	}
	what := "built"
	if changed != nil {
		what = "rebuilt"
	}
	fmt.Fprintf(p.stdout, "%s %s: %s, %d re-read (%d written, %d unchanged, %d removed; %s)%s\n",
		what, c.out, res.Stats, res.Stats.Reextracted, wr.Written, wr.Unchanged, wr.Removed, change, extra)
	if c.verbose {
		fmt.Fprintf(p.stdout, "  %s\n", res.Stats.StageTimes())
		for _, path := range paths {
			fmt.Fprintf(p.stdout, "  %s\n", path)
		}
	}
}

func (p *preview) fail(lines []string) {
	for _, l := range lines {
		fmt.Fprintf(p.stderr, "brief: %s\n", l)
	}
	p.srv.Fail(lines)
}

func toWrite(files []render.File) []write.File {
	out := make([]write.File, len(files))
	for i, f := range files {
		out[i] = write.File{Path: f.Path, Data: f.Data}
	}
	return out
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
