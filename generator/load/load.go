// Package load is the first stage of a build: it reads the content folder
// through an fs.FS and returns its files as values, checked and classified,
// without interpreting their prose. The content format (SPEC §2):
//
//	site.yaml           title, description, base_url, language, cname, author, unsafe_html
//	seeds/*.txt         articles as received: plain UTF-8 text, first line = headline
//	notes/*.md          annotated Markdown with YAML front matter
//	countries/XX.md     an editor's profile of a country (XX = ISO 3166-1 alpha-2)
//	entities/*.md       profiles of organisations and people (kind, name, aliases)
//	static/...          copied unchanged to the site root
//
// Problems are collected as diagnostics with file:line:col positions; front
// matter lines count as lines of the file. Nothing is skipped silently: a
// file the loader cannot use is an error or a warning that names it.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"brief/generator/diag"
)

// Kind of a content file.
type Kind string

const (
	Seed    Kind = "seed"
	Note    Kind = "note"
	Profile Kind = "country" // countries/XX.md
	Entity  Kind = "entity"  // entities/*.md
)

// File is one content document.
type File struct {
	Path      string // relative to the content folder, slash-separated: "seeds/x.txt"
	Kind      Kind
	Raw       []byte // the bytes as they are on disk
	BodyStart int    // offset of the Markdown body (after front matter); 0 for seeds
	Front     FrontMatter
	Diags     diag.List // problems found in this file alone
}

// Body returns the part of the file after its front matter.
func (f *File) Body() []byte { return f.Raw[f.BodyStart:] }

// Static is a file under static/, copied as it is.
type Static struct {
	Path string // relative to static/, which is the site root
	// Data is the file's bytes, or nil when the file is read only when it
	// is wanted (see Bytes): a one-off Load keeps no static file in
	// memory, for a site may hold hundreds of megabytes of images.
	Data []byte

	fsys fs.FS  // where to read it, when Data is nil
	name string // its path in fsys
}

// Bytes returns the file's bytes: Data, or the file as it is now when the
// load did not read it. An error is one for people, naming the file.
func (s *Static) Bytes() ([]byte, error) {
	if s.Data != nil || s.fsys == nil {
		return s.Data, nil
	}
	raw, size, err := readLimited(s.fsys, s.name, MaxFileSize, false)
	switch {
	case size > MaxFileSize:
		return nil, fmt.Errorf("file is too large (%d MB; the limit is %d MB)", size>>20, MaxFileSize>>20)
	case err != nil:
		return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	return raw, nil
}

// Config is content/site.yaml.
type Config struct {
	Title       string
	Description string
	BaseURL     string
	Language    string
	CNAME       string
	Author      string
	UnsafeHTML  bool
	Params      map[string]any
}

// Content is everything the loader read.
type Content struct {
	Config Config
	Files  []*File // sorted by path
	Static []Static
	// Changed, after a LoadChanged that looked only at the paths it was
	// given, lists (sorted) the paths of the files and static files that
	// differ from the last Load's (added, removed or changed), and
	// site.yaml when the configuration changed. A path reported that
	// changed nothing is not among them: a temporary file that an editor
	// wrote and renamed over a note, a file that is not content, a file
	// saved again as it was. It is nil after a walk of the whole folder.
	Changed []string
}

// MaxFileSize bounds one static file and MaxTextSize one document (seed,
// note or profile). A larger file is refused with an error rather than read
// into memory, so a stray video or database dump in the content folder
// cannot exhaust memory; no news article comes near 16 MB of text.
const (
	MaxFileSize = 64 << 20
	MaxTextSize = 16 << 20
)

// Load reads the content folder. Diagnostics of every file are returned
// together; the Content holds every file that could be read. Files are read
// and checked on all processors at once, so fsys must allow concurrent use
// (os.DirFS and fstest.MapFS do); the result, diagnostics included, is the
// same in every order.
func Load(fsys fs.FS) (*Content, diag.List) {
	return (*Cache)(nil).Load(fsys)
}

// Load reads the content folder as the package's Load does, but takes a
// file from the cache when it has not changed since the last Load (see
// Cache). A nil Cache reads every file.
func (cache *Cache) Load(fsys fs.FS) (*Content, diag.List) {
	if cache != nil {
		cache.mu.Lock()
		defer cache.mu.Unlock()
	}
	l := cache.loadAll(fsys)
	return l.Content, l.ds
}

// loadAll is Load; the caller holds cache.mu.
func (cache *Cache) loadAll(fsys fs.FS) loaded {
	if cache != nil {
		cache.begin()
		cache.scans++
	}
	var ds diag.List
	config := readConfig(fsys, &ds)
	// The walk only lists; reading and checking, most of the work, happen
	// afterwards in parallel. Each entry keeps its own diagnostics, merged
	// in walk order, so the list is the same as a sequential load's.
	var entries []*entry
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		e, skip := visit(fsys, p, d, err)
		if e != nil {
			entries = append(entries, e)
		}
		return skip
	})
	cache.readAll(fsys, entries)
	if cache != nil {
		cache.keep(entries)
		if err == nil && (len(entries) == 0 || entries[0].path != ".") {
			// (A folder that cannot be read is no base for a next Load.)
			cache.last = newSnapshot(fsys, config, ds, entries)
		}
	}
	l := assemble(config, ds, entries)
	if err != nil {
		l.ds.Errorf("", 0, 0, "cannot read the content folder: %v", err)
	}
	return l
}

// readConfig reads site.yaml, the defaults when there is none.
func readConfig(fsys fs.FS, ds *diag.List) Config {
	if raw, err := fs.ReadFile(fsys, "site.yaml"); err == nil {
		return parseConfig(raw, ds)
	} else if !errors.Is(err, fs.ErrNotExist) {
		ds.Errorf("site.yaml", 0, 0, "cannot read: %v", err)
	}
	return Config{Title: "Briefing", Language: "en"}
}

// visit is the step of the walk of the content folder at p (see
// fs.WalkDirFunc): it returns the entry of p when p is a file to read or
// has problems, and fs.SkipDir for a folder that is not content.
func visit(fsys fs.FS, p string, d fs.DirEntry, err error) (*entry, error) {
	e := &entry{path: p}
	if err != nil {
		e.ds.Errorf(p, 0, 0, "cannot read: %v", unwrapPathError(err))
		return e, nil
	}
	if p == "." {
		return nil, nil
	}
	if ignoredName(d.Name()) {
		if d.IsDir() {
			return nil, fs.SkipDir
		}
		return nil, nil
	}
	if d.Type()&fs.ModeSymlink != 0 {
		// What a link gives depends on its target, whose changes are
		// not the link's.
		e.volatile = true
		if !checkSymlink(fsys, p, &e.ds) {
			return e.orNil(), nil
		}
		info, err := fs.Stat(fsys, p)
		if err != nil {
			e.ds.Errorf(p, 0, 0, "broken symbolic link: %v", unwrapPathError(err))
			return e, nil
		}
		if info.IsDir() {
			e.ds.Errorf(p, 0, 0, "symbolic link to a folder: not followed; link the files instead")
			return e, nil
		}
	} else if d.IsDir() {
		return nil, nil
	} else {
		// A link is read every time: its own stamp says nothing of
		// its target's.
		e.dirent = d
	}
	e.read = true
	return e, nil
}

// ignoredName reports whether a file or folder name is not content: hidden
// files and editors' backup and swap files.
func ignoredName(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "#")
}

// readAll reads the entries that are files, on all processors.
func (cache *Cache) readAll(fsys fs.FS, entries []*entry) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(entries)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(entries); i = int(next.Add(1)) - 1 {
				if e := entries[i]; e.read {
					cache.read(fsys, e)
					e.dirent = nil // the cache keeps entries: let the listing go
				}
			}
		})
	}
	wg.Wait()
}

// loaded is a Content with its diagnostics.
type loaded struct {
	*Content
	ds diag.List
}

// assemble makes the Content of a load from its configuration and the
// entries of the walk, in walk order; ds holds the diagnostics of the
// configuration.
func assemble(config Config, ds diag.List, entries []*entry) loaded {
	c := &Content{Config: config}
	ds = slices.Clip(ds) // the cache keeps the configuration's list
	for _, e := range entries {
		ds.Add(e.ds...)
		if e.file != nil {
			c.Files = append(c.Files, e.file)
		}
		if e.static != nil {
			c.Static = append(c.Static, *e.static)
		}
	}
	// The walk's order is the paths' order but for a folder's files
	// coming before its sibling files with longer names ("a/x" before
	// "a.md"): mostly sorted already.
	byPath := func(a, b string) int { return strings.Compare(a, b) }
	if !slices.IsSortedFunc(c.Files, func(a, b *File) int { return byPath(a.Path, b.Path) }) {
		slices.SortFunc(c.Files, func(a, b *File) int { return byPath(a.Path, b.Path) })
	}
	if !slices.IsSortedFunc(c.Static, func(a, b Static) int { return byPath(a.Path, b.Path) }) {
		slices.SortFunc(c.Static, func(a, b Static) int { return byPath(a.Path, b.Path) })
	}
	return loaded{c, ds}
}

// entry is one path of the content folder that is read or has problems.
type entry struct {
	path   string
	read   bool // a file to read
	ds     diag.List
	file   *File
	static *Static
	dirent fs.DirEntry // for the cache; nil for a symbolic link and after the read
	cached *cached     // what the cache keeps of this entry after the Load
	// volatile: the entry can change without an event for its path (a
	// symbolic link whose target changes, a file with other names), so
	// that LoadChanged looks at it every time.
	volatile bool
}

// regular reports whether the listing found e a regular file.
func (e *entry) regular() bool { return e.dirent != nil && e.dirent.Type().IsRegular() }

// orNil is e when it has something to report, else nil.
func (e *entry) orNil() *entry {
	if e.read || len(e.ds) > 0 {
		return e
	}
	return nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkSymlink refuses a symbolic link whose target leaves the content
// folder: following it would publish files the editor did not put there.
func checkSymlink(fsys fs.FS, p string, ds *diag.List) bool {
	return checkLinkChain(fsys, p, ds, 0)
}

// maxLinks bounds a chain of links, as the system's own limit does: a
// link that leads back to itself would otherwise be followed forever.
const maxLinks = 40

func checkLinkChain(fsys fs.FS, p string, ds *diag.List, hops int) bool {
	if hops >= maxLinks {
		ds.Errorf(p, 0, 0, "too many levels of symbolic links")
		return false
	}
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return true
	}
	target, err := rl.ReadLink(p)
	if err != nil {
		ds.Errorf(p, 0, 0, "cannot read symbolic link: %v", unwrapPathError(err))
		return false
	}
	if path.IsAbs(target) || strings.HasPrefix(target, "/") {
		ds.Errorf(p, 0, 0, "symbolic link leaves the content folder (points to %q): refused", target)
		return false
	}
	resolved := path.Join(path.Dir(p), target)
	if resolved == ".." || strings.HasPrefix(resolved, "../") {
		ds.Errorf(p, 0, 0, "symbolic link leaves the content folder (points to %q): refused", target)
		return false
	}
	// A chain of links is checked link by link.
	if info, err := rl.Lstat(resolved); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return checkLinkChain(fsys, resolved, ds, hops+1)
	}
	return true
}

// readEntry reads the file p of the content folder: a document, a static
// file, or nothing (with a warning) for a file that is not content.
func readEntry(fsys fs.FS, p string, regular bool, ds *diag.List) (*File, *Static) {
	if rest, ok := strings.CutPrefix(p, "static/"); ok {
		// Read when it is written (Static.Bytes); its size is checked now.
		info, err := fs.Stat(fsys, p)
		switch {
		case err != nil:
			ds.Errorf(p, 0, 0, "cannot read: %v", unwrapPathError(err))
			return nil, nil
		case info.Size() > MaxFileSize:
			ds.Errorf(p, 0, 0, "file is too large (%d MB; the limit is %d MB)", info.Size()>>20, int64(MaxFileSize)>>20)
			return nil, nil
		}
		return nil, &Static{Path: rest, fsys: fsys, name: p}
	}
	f, s, _ := readEntryPrev(fsys, p, regular, ds, nil)
	return f, s
}

// readEntryPrev is readEntry with the cached result of an earlier read of
// p: when the file's bytes are still the same, that result is returned
// (with its diagnostics) instead of checking and parsing them again. raw is
// the bytes read, or nil when the file was not read whole.
func readEntryPrev(fsys fs.FS, p string, regular bool, ds *diag.List, prev *cached) (file *File, static *Static, raw []byte) {
	top, rest, nested := strings.Cut(p, "/")
	if !nested {
		switch p {
		case "site.yaml":
		case "README.md", "README", "README.txt", "LICENSE":
		default:
			ds.Warnf(p, 0, 0, "file outside seeds/, notes/, countries/, entities/ and static/ is ignored")
		}
		return nil, nil, nil
	}
	limit := int64(MaxTextSize)
	if top == "static" {
		limit = MaxFileSize
	}
	raw, size, err := readLimited(fsys, p, limit, regular)
	if size > limit {
		ds.Errorf(p, 0, 0, "file is too large (%d MB; the limit is %d MB)", size>>20, limit>>20)
		return nil, nil, nil
	}
	if err != nil {
		ds.Errorf(p, 0, 0, "cannot read: %v", unwrapPathError(err))
		return nil, nil, nil
	}
	if prev != nil && prev.raw != nil && bytes.Equal(prev.raw, raw) {
		ds.Add(prev.ds...)
		return prev.file, prev.static, prev.raw
	}
	if top == "static" {
		return nil, &Static{Path: rest, Data: raw}, raw
	}
	var kind Kind
	ext := path.Ext(p)
	switch {
	case top == "seeds" && ext == ".txt":
		kind = Seed
	case top == "notes" && ext == ".md":
		kind = Note
	case top == "countries" && ext == ".md":
		kind = Profile
	case top == "entities" && ext == ".md":
		kind = Entity
	default:
		switch top {
		case "seeds":
			ds.Warnf(p, 0, 0, "seeds are plain-text .txt files; this file is ignored")
		case "notes", "countries", "entities":
			ds.Warnf(p, 0, 0, "%s/ holds Markdown .md files; this file is ignored", top)
		default:
			ds.Warnf(p, 0, 0, "folder %s/ is not part of the content format; this file is ignored", top)
		}
		return nil, nil, nil
	}
	f, fds := ReadFile(p, kind, raw)
	ds.Add(fds...)
	return f, nil, raw
}

// readLimited reads the file p unless its size, which it returns, is over
// limit. It opens the file once, where a stat and a read would each look
// the path up. regular says that the listing of p's folder found a
// regular file, which a read that returns less than it asks for has read
// to its end.
func readLimited(fsys fs.FS, p string, limit int64, regular bool) ([]byte, int64, error) {
	if d, ok := fsys.(dirFS); ok {
		return d.readLimited(p, limit, regular)
	}
	return readFrom(fsys, p, limit)
}

// readFrom is readLimited through fs.FS's methods.
func readFrom(fsys fs.FS, p string, limit int64) ([]byte, int64, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	var size int64
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	if size > limit {
		return nil, size, nil
	}
	// As os.ReadFile: room for one more byte, so that the read that meets
	// the end needs no new buffer.
	data := make([]byte, 0, max(int(size)+1, 512))
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, size, nil
		}
		if err != nil {
			return nil, size, err
		}
		if len(data) == cap(data) {
			data = slices.Grow(data, 512)
		}
	}
}

// ReadFile checks one content file of a known kind and parses its front
// matter. It returns nil when the file cannot be used at all.
func ReadFile(p string, kind Kind, raw []byte) (*File, diag.List) {
	f := &File{Path: p, Kind: kind, Raw: raw}
	if !checkText(f) {
		return nil, f.Diags
	}
	if kind == Profile {
		code := strings.TrimSuffix(path.Base(p), ".md")
		if len(code) != 2 || strings.ToUpper(code) != code && strings.ToLower(code) != code {
			f.Diags.Errorf(p, 0, 0, "country profiles are named by ISO 3166-1 alpha-2 code, like countries/TJ.md")
		}
	}
	if kind != Seed {
		yml, line, body, ok, unterminated := splitFrontMatter(raw)
		switch {
		case unterminated:
			f.Diags.Errorf(p, 1, 1, "front matter is not closed: add a line with --- after it")
		case ok:
			fk := fmNote
			switch kind {
			case Entity:
				fk = fmEntity
			case Profile:
				fk = fmCountry
			}
			f.Front = parseFrontMatter(p, yml, line, fk, &f.Diags)
			f.BodyStart = body
		}
	}
	return f, f.Diags
}

// checkText refuses what is not UTF-8 text, pointing at the first bad byte.
func checkText(f *File) bool {
	raw := f.Raw
	if len(bytes.TrimSpace(raw)) == 0 {
		f.Diags.Errorf(f.Path, 1, 1, "empty file")
		return false
	}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		l, c := diag.Position(raw, i)
		f.Diags.Errorf(f.Path, l, c, "binary file (NUL byte): content files must be UTF-8 text")
		return false
	}
	if !utf8.Valid(raw) {
		i := 0
		for i < len(raw) {
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		l, c := diag.Position(raw, i)
		f.Diags.Errorf(f.Path, l, c, "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", raw[i])
		return false
	}
	return true
}

func parseConfig(raw []byte, ds *diag.List) Config {
	cfg := Config{Title: "Briefing", Language: "en"}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		msg := err.Error()
		line := 1
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line = atoi(m[1])
			msg = m[2]
		}
		ds.Errorf("site.yaml", line, 1, "%s", strings.TrimPrefix(msg, "yaml: "))
		return cfg
	}
	if len(doc.Content) == 0 {
		return cfg
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		ds.Errorf("site.yaml", root.Line, root.Column, "site.yaml must be a mapping of settings (title: ...)")
		return cfg
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			if cfg.Params == nil {
				cfg.Params = map[string]any{}
			}
			var val any
			_ = v.Decode(&val)
			cfg.Params[k.Value] = val
			continue
		}
		switch k.Value {
		case "title":
			cfg.Title = v.Value
		case "description":
			cfg.Description = v.Value
		case "base_url", "baseURL", "baseurl":
			cfg.BaseURL = v.Value
		case "language":
			cfg.Language = v.Value
		case "cname":
			cfg.CNAME = v.Value
		case "author":
			cfg.Author = v.Value
		case "unsafe_html":
			if v.Tag != "!!bool" {
				ds.Errorf("site.yaml", v.Line, v.Column, "unsafe_html must be true or false")
				continue
			}
			cfg.UnsafeHTML = v.Value == "true"
		default:
			if cfg.Params == nil {
				cfg.Params = map[string]any{}
			}
			var val any
			_ = v.Decode(&val)
			cfg.Params[k.Value] = val
		}
	}
	return cfg
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// Headline returns the first non-empty line of a seed, which is its title.
func Headline(raw []byte) string {
	s := strings.TrimLeft(string(raw), "\ufeff \t\r\n")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// Annotates returns the content path of the seed that a note annotates:
// the one its front matter names with `seed:`, or else the seed with the
// same base name (notes/x.md annotates seeds/x.txt) when isSeed says there
// is one. explicit reports which; "" means the note stands alone.
func Annotates(f *File, isSeed func(path string) bool) (seed string, explicit bool) {
	if f.Kind != Note {
		return "", false
	}
	if f.Front.Seed != "" {
		return path.Clean(strings.TrimPrefix(f.Front.Seed, "content/")), true
	}
	base := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
	if p := "seeds/" + base + ".txt"; isSeed(p) {
		return p, false
	}
	return "", false
}
