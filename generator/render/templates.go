package render

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"

	"brief/generator/diag"
	"brief/templates"
)

// templateFile is one file of the merged template set.
type templateFile struct {
	name string // file name: "country.html"
	diag string // name in diagnostics: "templates/country.html"
	text string
}

// templateSet is the parsed templates of one Render.
type templateSet struct {
	pages  map[string]*template.Template // by page template file name
	broken map[string]bool               // page templates that failed to parse (already reported)
	robots *texttemplate.Template        // nil when robots.txt failed to parse
	style  string                        // the stylesheet's text
	script string                        // the site's script (site.js)
	icon   string                        // the site's icon (icon.svg)
	files  map[string]templateFile       // every file, for diagnostics
	// goLayout: the layout is the embedded default, written in Go (see
	// layout.go).
	goLayout bool
	// goMains: the pages whose "main" is the default, written in Go (see
	// gopages.go), by page template name.
	goMains map[string]goMain
	// key identifies the template files the set was parsed from.
	key [sha256.Size]byte
}

// defaults reports whether every template is the embedded default.
func (s *templateSet) defaults() bool {
	return s.goLayout && allDefault(s.files)
}

// Defaults reports whether opts renders with the embedded templates
// alone: no file of the user's templates folder differs from its default.
func Defaults(opts Options) bool {
	files, _ := readTemplates(opts)
	return allDefault(files) && isDefaultLayout(files)
}

// allDefault reports whether every file is the embedded default.
func allDefault(files map[string]templateFile) bool {
	for name, f := range files {
		if defaultText(name) != f.text {
			return false
		}
	}
	return true
}

// errReported marks a page whose template failed to parse: the parse error
// is reported once, not once per page.
var errReported = errors.New("template not usable")

func (s *templateSet) page(name string) (*template.Template, error) {
	if t := s.pages[name]; t != nil {
		return t, nil
	}
	if s.broken[name] {
		return nil, errReported
	}
	return nil, fmt.Errorf("html/template: no page template %q", name)
}

// readTemplates merges the embedded defaults with the user's folder: a user
// file replaces the default of the same name. Only the top level is read;
// the template namespace is flat.
func readTemplates(opts Options) (map[string]templateFile, diag.List) {
	var diags diag.List
	files := map[string]templateFile{}
	read := func(fsys fs.FS, dir string) {
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			diags.Errorf(dir, 0, 0, "cannot read templates: %v", err)
			return
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !isTemplateName(name) {
				continue
			}
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				diags.Errorf(dir+"/"+name, 0, 0, "cannot read template: %v", err)
				continue
			}
			files[name] = templateFile{name: name, diag: dir + "/" + name, text: string(data)}
		}
	}
	read(templates.FS, "templates")
	defaults := map[string]bool{}
	for name := range files {
		defaults[name] = true
	}
	if opts.Templates != nil {
		read(opts.Templates, opts.TemplatesDir)
		for name, f := range files {
			// A new partial is useful (pages can call it); a new page
			// template is not, because the set of pages is fixed.
			if !defaults[name] && !strings.HasPrefix(name, "_") {
				diags.Warnf(f.diag, 0, 0, "template not used: only the default names are rendered (a new partial must start with \"_\")")
			}
		}
	}
	return files, diags
}

func isTemplateName(name string) bool {
	for _, ext := range []string{".html", ".css", ".js", ".txt", ".xml", ".svg"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// templateCache keeps the parsed templates of the last build. A preview
// server rebuilds on every save, and most saves touch content, not
// templates, so parsing is done once per set of template files. The cached
// set is never executed: html/template can only clone a set that has not
// run, and every build clones it and binds the helper functions of that
// build (which know, for instance, on which page each event's anchor is).
var templateCache struct {
	sync.Mutex
	key   [sha256.Size]byte
	set   *templateSet
	diags diag.List
}

// loadTemplates returns the templates of one build: a clone of the parsed
// set, from the cache when the template files did not change, bound to the
// build's helper functions.
func loadTemplates(opts Options, l links) (*templateSet, diag.List) {
	files, diags := readTemplates(opts)
	key := cacheKey(files)
	templateCache.Lock()
	if templateCache.set == nil || templateCache.key != key {
		// Parsing only checks that each function exists; the zero links
		// value provides the names.
		templateCache.set, templateCache.diags = parseTemplates(files, links{}.funcs())
		templateCache.key = key
	}
	master, masterDiags := templateCache.set, templateCache.diags
	if opts.Once {
		// No build follows to reuse the parsed set: it can go once this
		// build has its copy.
		templateCache.set = nil
	}
	templateCache.Unlock()
	diags = append(diags, masterDiags...)
	set, err := master.bind(l.funcs())
	if err != nil {
		diags.Errorf("", 0, 0, "internal error while preparing templates: %v", err)
		return nil, diags
	}
	set.key = key
	return set, diags
}

// bind returns a copy of the set whose templates call funcs.
func (s *templateSet) bind(funcs template.FuncMap) (*templateSet, error) {
	out := *s
	out.pages = make(map[string]*template.Template, len(s.pages))
	for name, t := range s.pages {
		c, err := t.Clone()
		if err != nil {
			return nil, err
		}
		out.pages[name] = c.Funcs(funcs)
	}
	if s.robots != nil {
		c, err := s.robots.Clone()
		if err != nil {
			return nil, err
		}
		out.robots = c.Funcs(texttemplate.FuncMap(funcs))
	}
	return &out, nil
}

func cacheKey(files map[string]templateFile) [sha256.Size]byte {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		f := files[name]
		fmt.Fprintf(h, "%q %q %d\n%s", f.name, f.diag, len(f.text), f.text)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key
}

// parseTemplates parses every template once. Partials ("_*.html") are
// parsed into a base set that each page template is cloned from, so that
// the {{define "main"}} of one page cannot clash with another's.
func parseTemplates(files map[string]templateFile, funcs template.FuncMap) (*templateSet, diag.List) {
	set, diags := parseSet(files, funcs)
	set.goMains = goPages(set)
	return set, diags
}

// parseSet parses the templates of files.
func parseSet(files map[string]templateFile, funcs template.FuncMap) (*templateSet, diag.List) {
	var diags diag.List
	set := &templateSet{pages: map[string]*template.Template{}, broken: map[string]bool{}, files: files}

	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)

	base := template.New("").Funcs(funcs)
	baseOK := true
	for _, name := range names {
		if !strings.HasPrefix(name, "_") || !strings.HasSuffix(name, ".html") {
			continue
		}
		f := files[name]
		if _, err := base.New(name).Parse(f.text); err != nil {
			diags.Add(parseDiagnostic(files, f, err))
			baseOK = false
		}
	}
	if baseOK && base.Lookup("layout") == nil {
		diags.Errorf("templates/_layout.html", 0, 0, `no template named "layout": the page layout must be {{define "layout"}}...{{end}}`)
		baseOK = false
	}

	for _, name := range names {
		if strings.HasPrefix(name, "_") || !strings.HasSuffix(name, ".html") {
			continue
		}
		if !baseOK {
			set.broken[name] = true
			continue
		}
		f := files[name]
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(name).Parse(f.text)
		}
		if err != nil {
			diags.Add(parseDiagnostic(files, f, err))
			set.broken[name] = true
			continue
		}
		set.pages[name] = t
	}

	if f, ok := files["robots.txt"]; ok {
		t, err := texttemplate.New("robots.txt").Funcs(texttemplate.FuncMap(funcs)).Parse(f.text)
		if err != nil {
			diags.Add(parseDiagnostic(files, f, err))
		} else {
			set.robots = t
		}
	}
	set.goLayout = isDefaultLayout(files)
	set.style = files["style.css"].text
	set.script = files["site.js"].text
	set.icon = files["icon.svg"].text
	return set, diags
}

// Go's template errors carry their position in the message text:
//
//	template: NAME:LINE: msg                                  (parse)
//	template: NAME:LINE:COL: executing "T" at <CTX>: msg       (execution)
//	html/template:NAME:LINE:COL: msg                           (escaping)
//
// The column Go prints is 0-based; diagnostics are 1-based.
var (
	reExec   = regexp.MustCompile(`(?s)^template: ([^:]+):(\d+):(\d+): executing "[^"]*" at <(.*?)>: (.*)$`)
	reParse  = regexp.MustCompile(`(?s)^template: ([^:]+):(\d+): (.*)$`)
	reEscape = regexp.MustCompile(`(?s)^html/template:([^:]+):(\d+)(?::(\d+))?: (.*)$`)
	reNoLoc  = regexp.MustCompile(`(?s)^(?:html/)?template: ?(.*)$`)
)

// diagName maps a template's parse name to its file for diagnostics.
func diagName(files map[string]templateFile, name string) string {
	if f, ok := files[name]; ok {
		return f.diag
	}
	return "templates/" + name
}

func parseDiagnostic(files map[string]templateFile, f templateFile, err error) diag.Diagnostic {
	msg := err.Error()
	if m := reParse.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		return diag.Diagnostic{File: diagName(files, m[1]), Line: line, Severity: diag.Error, Message: m[3]}
	}
	if m := reNoLoc.FindStringSubmatch(msg); m != nil {
		msg = m[1]
	}
	return diag.Diagnostic{File: f.diag, Severity: diag.Error, Message: msg}
}

// execDiagnostic turns an execution error of a page into a diagnostic at the
// template position that failed, naming the page being rendered.
func execDiagnostic(files map[string]templateFile, tmpl, url string, err error) diag.Diagnostic {
	msg := err.Error()
	what := fmt.Sprintf("executing %q for /%s", tmpl, url)
	if m := reExec.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return diag.Diagnostic{File: diagName(files, m[1]), Line: line, Col: col + 1, Severity: diag.Error,
			Message: fmt.Sprintf("%s: at <%s>: %s", what, m[4], m[5])}
	}
	if m := reEscape.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col := 0
		if m[3] != "" {
			col, _ = strconv.Atoi(m[3])
			col++
		}
		return diag.Diagnostic{File: diagName(files, m[1]), Line: line, Col: col, Severity: diag.Error,
			Message: fmt.Sprintf("%s: %s", what, m[4])}
	}
	if m := reNoLoc.FindStringSubmatch(msg); m != nil {
		msg = m[1]
	}
	return diag.Diagnostic{File: diagName(files, tmpl), Severity: diag.Error, Message: fmt.Sprintf("%s: %s", what, msg)}
}

// errorCollector reports each distinct template error once: a bug in
// country.html fails every country page the same way, and one line that
// names the first page and counts the others is more useful than fifty.
type errorCollector struct {
	files map[string]templateFile
	order []string
	first map[string]diag.Diagnostic
	more  map[string]int
}

func newErrorCollector(files map[string]templateFile) *errorCollector {
	return &errorCollector{files: files, first: map[string]diag.Diagnostic{}, more: map[string]int{}}
}

func (c *errorCollector) add(tmpl, url string, err error) {
	if errors.Is(err, errReported) {
		return
	}
	d := execDiagnostic(c.files, tmpl, url, err)
	// The key leaves out the page so that equal failures group together.
	plain := execDiagnostic(c.files, tmpl, "", err)
	key := plain.String()
	if _, ok := c.first[key]; ok {
		c.more[key]++
		return
	}
	c.first[key] = d
	c.order = append(c.order, key)
}

func (c *errorCollector) diagnostics() diag.List {
	var out diag.List
	for _, key := range c.order {
		d := c.first[key]
		if n := c.more[key]; n > 0 {
			// Insert the count right after the page's URL.
			if i := strings.Index(d.Message, ": "); i >= 0 {
				d.Message = fmt.Sprintf("%s (and %d more %s)%s", d.Message[:i], n, pluralWord(n, "page", "pages"), d.Message[i:])
			}
		}
		out = append(out, d)
	}
	return out
}
