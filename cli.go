package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"brief/generator"
	"brief/generator/diag"
	"brief/generator/extract"
	"brief/generator/load"
	"brief/generator/render"
	"brief/generator/write"
	"brief/internal/gcpace"
)

// Exit codes (SPEC §1).
const (
	exitOK      = 0
	exitContent = 1 // content or template errors, or an output that cannot be written
	exitUsage   = 2
)

const usage = `brief builds a briefing site from news articles and annotated Markdown.

Usage:
  brief [build] [flags]          build content/ with templates/ into public/
  brief check [flags]            lint the content; exit 1 on any error
  brief serve [flags]            build, serve on 127.0.0.1:1313, rebuild and
                                 reload the browser on every change
  brief extract [--published YYYY-MM-DD] [--json] FILE...
                                 show what the extractor finds in files
  brief new note|country|entity NAME
                                 scaffold a content file
  brief version                  print version and build information

Run "brief COMMAND --help" for the flags of a command.
`

// common holds the flags that every site command takes.
type common struct {
	content, templates, out, baseURL string
	drafts, quiet, verbose           bool
}

func (c *common) register(fl *flag.FlagSet, withOut bool) {
	fl.StringVar(&c.content, "content", "content", "content `folder`")
	fl.StringVar(&c.templates, "templates", "templates", "templates `folder`; the embedded defaults are used for files it lacks")
	if withOut {
		fl.StringVar(&c.out, "out", "public", "output `folder`")
	}
	fl.StringVar(&c.baseURL, "base-url", "", "base `URL` of the published site (overrides site.yaml)")
	fl.BoolVar(&c.drafts, "drafts", false, "include documents with draft: true")
	fl.BoolVar(&c.quiet, "quiet", false, "print only errors")
	fl.BoolVar(&c.verbose, "verbose", false, "also print warnings and what was written")
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "build"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "build":
		return runBuild(args, stdout, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "serve":
		return runServe(args, stdout, stderr)
	case "extract":
		return runExtract(args, stdout, stderr)
	case "new":
		return runNew(args, stdout, stderr)
	case "version":
		return runVersion(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "brief: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

// newFlags returns a flag set that lists its flags the GNU way (--name).
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.Usage = func() {}
	usageText[fl] = synopsis
	return fl
}

var usageText = map[*flag.FlagSet]string{}

// printUsage writes the synopsis and the flags of fl.
func printUsage(fl *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\nFlags:\n", usageText[fl])
	fl.VisitAll(func(f *flag.Flag) {
		arg, help := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s%s\n        %s%s\n", f.Name, arg, help, def)
	})
}

// parse parses flags: --help prints to stdout and exits 0, a usage error
// prints the problem and the flags to stderr and exits 2.
func parse(fl *flag.FlagSet, args []string, stdout, stderr io.Writer) (int, bool) {
	err := fl.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(fl, stdout)
		return exitOK, false
	}
	if err != nil {
		fmt.Fprintf(stderr, "brief %s: %v\n", fl.Name(), err)
		printUsage(fl, stderr)
		return exitUsage, false
	}
	return exitOK, true
}

func (c *common) options() (generator.Options, error) {
	info, err := os.Stat(c.content)
	if err != nil || !info.IsDir() {
		return generator.Options{}, fmt.Errorf("content folder %q not found (use --content DIR)", c.content)
	}
	opts := generator.Options{
		Content: load.Dir(c.content), BaseURL: c.baseURL, Drafts: c.drafts,
		TemplatesDir: filepath.ToSlash(c.templates),
	}
	if info, err := os.Stat(c.templates); err == nil && info.IsDir() {
		opts.Templates = os.DirFS(c.templates)
	}
	return opts, nil
}

// report prints diagnostics: errors always, warnings when asked for.
func report(ds diag.List, c *common, warnings bool, w io.Writer) (errs, warns int) {
	for _, d := range ds {
		if d.Severity == diag.Warning {
			warns++
			if !warnings {
				continue
			}
		} else {
			errs++
		}
		fmt.Fprintln(w, c.display(d))
	}
	return errs, warns
}

// display shows content file paths as paths from the current folder, so
// that an editor can jump to them from the terminal. Template diagnostics
// already name their folder.
func (c *common) display(d diag.Diagnostic) string {
	tdir := filepath.ToSlash(c.templates) + "/"
	if d.File != "" && !strings.HasPrefix(d.File, tdir) && !strings.HasPrefix(d.File, "templates/") && c.content != "." {
		d.File = filepath.ToSlash(filepath.Join(c.content, d.File))
	}
	return d.String()
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	var c common
	fl := newFlags("build", "brief build [flags]", stderr)
	c.register(fl, true)
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile of the build to `file` (for developers)")
	memprofile := fl.String("memprofile", "", "write a heap profile, taken when the pages are rendered, to `file` (for developers)")
	if code, ok := parse(fl, args, stdout, stderr); !ok {
		return code
	}
	if *memprofile == "" {
		// Nobody asked for a heap profile: the runtime need not sample
		// allocations for one. Its records of where they were made take
		// about 1.5 MB at 10,000 notes.
		runtime.MemProfileRate = 0
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintf(stderr, "brief: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "brief: %v\n", err)
			return exitUsage
		}
		defer pprof.StopCPUProfile()
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "brief build: unexpected argument %q\n", fl.Arg(0))
		return exitUsage
	}
	opts, err := c.options()
	if err != nil {
		fmt.Fprintf(stderr, "brief: %v\n", err)
		return exitUsage
	}
	if err := write.Check(c.out, c.content, c.templates); err != nil {
		fmt.Fprintf(stderr, "brief: %v\n", err)
		return exitContent
	}
	// Pages go to disk as they are rendered (only the changed ones), and
	// the output changes only at Commit, after the build succeeded.
	out, err := write.Begin(c.out)
	if err != nil {
		fmt.Fprintf(stderr, "brief: %v\n", err)
		return exitContent
	}
	opts.NoReuse = true
	if abs, err := filepath.Abs(c.out); err == nil {
		opts.Scratch = filepath.Dir(abs) // where the output's staging folder is too
	}
	progress := startProgress(stderr, c.quiet)
	defer pace(&opts, progress.Stage).Stop()
	opts.Sink = func(path string, produce func(io.Writer) error) {
		out.AddStream(path, produce)
		progress.File()
	}
	res := generator.NewBuilder().BuildTo(opts, func(f render.File) {
		out.Add(write.File{Path: f.Path, Data: f.Data})
		progress.File()
	})
	progress.Stop()
	errs, warns := report(res.Diags, &c, c.verbose, stderr)
	if errs > 0 {
		out.Abort()
		fmt.Fprintf(stderr, "brief: build failed with %d error(s); %s left unchanged\n", errs, c.out)
		return exitContent
	}
	if *memprofile != "" {
		if err := writeHeapProfile(*memprofile, res.Site); err != nil {
			fmt.Fprintf(stderr, "brief: %v\n", err)
		}
	}
	// Every page is made: the site may go before the output is committed,
	// which lists folders and writes the output's index.
	res.Site = nil
	committing := time.Now()
	wr, err := out.Commit()
	if err != nil {
		fmt.Fprintf(stderr, "brief: %v\n", err)
		return exitContent
	}
	if !c.quiet {
		extra := ""
		if warns > 0 && !c.verbose {
			extra = fmt.Sprintf("; %d warning(s), see brief check", warns)
		}
		fmt.Fprintf(stdout, "built %s: %s (%d written, %d unchanged, %d removed)%s\n",
			c.out, res.Stats, wr.Written, wr.Unchanged, wr.Removed, extra)
		if c.verbose {
			// Render includes writing: pages go to disk as they are made.
			fmt.Fprintf(stdout, "  %s, commit %d ms\n", res.Stats.StageTimes(), time.Since(committing).Milliseconds())
		}
	}
	return exitOK
}

// pace starts the collector's pacer for a one-off build (or check) and
// has opts tell it when the build's data has grown; stage, when not nil,
// is told every stage too. Stop the pacer when the build is done.
func pace(opts *generator.Options, stage func(string)) *gcpace.Pacer {
	pacer := gcpace.Start()
	opts.Progress = func(name string) {
		if name == generator.StageModelling {
			// Every document is analysed: the build's data has
			// about reached its peak.
			pacer.Settle()
		}
		if stage != nil {
			stage(name)
		}
	}
	return pacer
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	var c common
	fl := newFlags("check", "brief check [flags]", stderr)
	c.register(fl, false)
	if code, ok := parse(fl, args, stdout, stderr); !ok {
		return code
	}
	opts, err := c.options()
	if err != nil {
		fmt.Fprintf(stderr, "brief: %v\n", err)
		return exitUsage
	}
	// A check renders every page, for the templates' errors, but keeps
	// none: its memory is a build's, not the whole site's.
	opts.NoReuse = true
	opts.Scratch = os.TempDir() // rendered notes wait there, as a build's do beside its output
	defer pace(&opts, nil).Stop()
	var streamMu sync.Mutex
	var streamErr error
	opts.Sink = func(path string, produce func(io.Writer) error) {
		if err := produce(io.Discard); err != nil {
			streamMu.Lock()
			streamErr = cmp.Or(streamErr, fmt.Errorf("%s: %w", path, err))
			streamMu.Unlock()
		}
	}
	res := generator.NewBuilder().BuildTo(opts, func(render.File) {})
	errs, warns := report(res.Diags, &c, true, stdout)
	if streamErr != nil {
		// After the diagnostics, which may say why.
		fmt.Fprintf(stderr, "brief: %v\n", streamErr)
		errs++
	}
	if !c.quiet {
		fmt.Fprintf(stdout, "checked %s: %d documents, %d error(s), %d warning(s)\n", c.content, res.Stats.Documents, errs, warns)
	}
	if errs > 0 {
		return exitContent
	}
	return exitOK
}

func runExtract(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("extract", "brief extract [--published YYYY-MM-DD] [--json] FILE...", stderr)
	published := fl.String("published", "", "publication `date` (YYYY-MM-DD) to resolve relative dates against; overrides the file's annotating note")
	asJSON := fl.Bool("json", false, "print JSON (SPEC §4 shape)")
	content := fl.String("content", "content", "content `folder` whose notes give seeds their publication dates")
	if code, ok := parse(fl, args, stdout, stderr); !ok {
		return code
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(stderr, "brief extract: name at least one file")
		printUsage(fl, stderr)
		return exitUsage
	}
	var pub extract.Date
	if *published != "" {
		d, err := extract.ParseDate(*published)
		if err != nil || d.Day == 0 {
			fmt.Fprintf(stderr, "brief extract: --published: want a day as YYYY-MM-DD, got %q\n", *published)
			return exitUsage
		}
		pub = d
	}
	seedPub := seedDates(*content)
	var reports []generator.Report
	code := exitOK
	for _, name := range fl.Args() {
		raw, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "%s: error: %v\n", name, unwrap(err))
			code = exitContent
			continue
		}
		r, ds := generator.ExtractFile(filepath.ToSlash(name), raw, pub, seedPub)
		for _, d := range ds {
			if d.Severity == diag.Error {
				code = exitContent
			}
			fmt.Fprintln(stderr, d)
		}
		reports = append(reports, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if reports == nil {
			reports = []generator.Report{}
		}
		if err := enc.Encode(reports); err != nil {
			fmt.Fprintf(stderr, "brief: %v\n", err)
			return exitContent
		}
	} else {
		for _, r := range reports {
			r.WriteText(stdout)
		}
	}
	return code
}

// seedDates maps seed paths (as given on the command line, relative to the
// current folder, and relative to the content folder) to the publication
// date their annotating note gives.
func seedDates(content string) map[string]extract.Date {
	out := map[string]extract.Date{}
	info, err := os.Stat(content)
	if err != nil || !info.IsDir() {
		return out
	}
	c, _ := load.Load(os.DirFS(content))
	for rel, d := range generator.SeedDates(c.Files) {
		out[rel] = d
		out[filepath.ToSlash(filepath.Join(content, rel))] = d
	}
	return out
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("version", "brief version", stderr)
	if code, ok := parse(fl, args, stdout, stderr); !ok {
		return code
	}
	version, settings := "(devel)", map[string]string{}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		fmt.Fprintf(stdout, "brief %s %s", version, bi.GoVersion)
	} else {
		fmt.Fprintf(stdout, "brief %s", version)
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		fmt.Fprintf(stdout, " commit %s", rev)
		if settings["vcs.modified"] == "true" {
			fmt.Fprint(stdout, " (modified)")
		}
	}
	fmt.Fprintln(stdout)
	return exitOK
}

// writeHeapProfile writes what is in memory while the site model still
// is, which is the peak of a build.
func writeHeapProfile(name string, site any) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC()
	err = pprof.WriteHeapProfile(f)
	runtime.KeepAlive(site)
	return err
}
