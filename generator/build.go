// Package generator runs a build of a brief site as named stages over
// immutable values:
//
//	load     read content/ through an fs.FS           (generator/load)
//	extract  parse annotated Markdown, find entities   (generator/annotate, generator/extract)
//	model    merge everything into one typed Site      (generator/model)
//	render   execute templates into files in memory    (generator/render)
//	write    put the files on disk atomically          (generator/write)
//
// Build returns the files and the diagnostics of every stage; writing them is
// the caller's step, so that the preview server and the tests can use the
// in-memory result. A Builder keeps the per-document work of the extract
// stage, keyed by the document's content hash, so that a rebuild re-reads
// and re-extracts only documents that changed, and the model stage's work
// on those results (a model.Cache: merges of event dates whose reports did
// not change, rendered notes whose links resolve as before), so that it
// redoes the work of what changed; everything after it is the same
// pipeline as a full build. When the watcher's paths show that only the
// prose of notes changed (their findings, front matter and links are as
// before), a rebuild patches the last good build instead: model.Patch
// changes those documents' bodies in the last site, in place, and
// render.Patch renders their pages again. A build with Options.NoReuse
// keeps nothing.
package generator

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"io"
	"io/fs"
	"math"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"brief/generator/annotate"
	"brief/generator/diag"
	"brief/generator/extract"
	"brief/generator/load"
	"brief/generator/model"
	"brief/generator/render"
)

// The stages of a build, as Options.Progress is told them.
const (
	StageLoading    = "loading"
	StageExtracting = "extracting"
	StageModelling  = "modelling"
	StageRendering  = "rendering"
)

// Options of a build.
type Options struct {
	Content      fs.FS  // the content folder
	Templates    fs.FS  // the user's templates folder, or nil for the embedded defaults only
	TemplatesDir string // name of the templates folder for diagnostics
	BaseURL      string // overrides site.yaml's base_url
	Drafts       bool
	// NoReuse says that no build will follow on this Builder (brief
	// build): nothing is cached for a next build, so that each stage's
	// data can be freed as soon as the next stage has it.
	NoReuse bool
	// Scratch, with NoReuse, is a folder where the build may keep a
	// scratch file while it runs (see model.Shelf), such as the output's
	// parent folder; empty keeps everything in memory.
	Scratch string
	// Progress, when set, is told the name of each stage as it begins
	// (StageLoading, StageExtracting, StageModelling, StageRendering),
	// for a progress line on a terminal. It must not block.
	Progress func(stage string)
	// Sink, when set, takes the largest files (see render.Options.Sink)
	// as they are made, in BuildTo only; they are not emitted then.
	Sink func(path string, produce func(io.Writer) error)
	// Changed, when not nil, lists the content paths (slash-separated,
	// relative to Content; files or folders) that may differ from the
	// last build through this Builder, as a file-system watcher reports
	// them: only those are looked at again, and every other file is taken
	// as that build read it (see load.Cache.LoadChanged). Empty means that
	// nothing in the content changed (templates only). Nil means unknown:
	// every file is checked, as for a first build or after a watcher lost
	// events. With NoReuse it is ignored.
	Changed []string
}

// Result of a build.
type Result struct {
	// Site is the model the pages were made from. A later build on the
	// same Builder may patch it in place (see Builder.Build). After a
	// build with NoReuse and the default templates its documents have no
	// HTML: each went once its page was made (see render.Options.Once).
	Site  *model.Site
	Files []render.File // sorted by path; static files included
	Diags diag.List
	Stats Stats
}

// Stats summarise a build for the one-line report.
type Stats struct {
	Documents, Pages, Events, Countries int
	Reextracted                         int // documents analysed afresh (not from the cache)
	// Patched is the number of notes whose bodies alone changed, when the
	// rebuild patched the last site with them instead of building it
	// afresh (model.Patch).
	Patched  int
	Duration time.Duration
	// Time spent in each stage, for the preview server's report and for
	// finding what makes a rebuild slow.
	Load, Extract, Model, Render time.Duration
}

// patch applies the changes of the files in before (as the last build
// analysed them; their paths are Options.Changed) to the last good build's
// site with model.Patch, and returns the documents it changed (none when
// the files are as they were), or nil when the changes are more than the
// bodies of notes: then the site must be built afresh. A changed file
// that is new, gone, not a note, or named by a diagnostic of the model
// stage, is more.
func (b *Builder) patch(last *lastBuild, before map[string]*analysed, in model.Input) []*model.Document {
	var edits []model.Edit
	for p, old := range before {
		now := b.cache[p]
		switch {
		case old == nil || now == nil || now.a.File.Kind != load.Note:
			return nil
		case now == old:
			continue // touched, not changed
		}
		for _, d := range last.modelDiags {
			if d.File == p {
				return nil
			}
		}
		edits = append(edits, model.Edit{Old: old.a, New: now.a})
	}
	if len(edits) == 0 {
		return []*model.Document{} // nothing changed
	}
	docs, ok := model.Patch(last.site, in, edits)
	if !ok {
		return nil
	}
	return docs
}

// StageTimes lists the time of each stage: "load 3 ms, extract 1 ms, ...".
func (s Stats) StageTimes() string {
	return fmt.Sprintf("load %d ms, extract %d ms, model %d ms, render %d ms",
		s.Load.Milliseconds(), s.Extract.Milliseconds(), s.Model.Milliseconds(), s.Render.Milliseconds())
}

func (s Stats) String() string {
	return fmt.Sprintf("%d documents, %d pages, %d events, %d countries in %d ms",
		s.Documents, s.Pages, s.Events, s.Countries, s.Duration.Milliseconds())
}

// Builder runs builds and keeps what can be reused between them.
type Builder struct {
	mu        sync.Mutex
	md        map[bool]*annotate.Markdown
	extractor *extract.Extractor
	entityKey string
	cache     map[string]*analysed // by path
	// The entries of the cache of the last build's files, in the
	// loader's order, which rarely changes between builds.
	analysedEntries []*analysed
	loads           load.Cache   // the last load and its files by stamp, for the next (Options.Changed)
	models          *model.Cache // the model stage's work on the cached documents
	// prints are the fingerprints of the last good build's files, so
	// that a rebuild renders only files whose inputs changed.
	prints *render.Prints
	// files is the last good build's files, which Build returns again
	// for the files a rebuild did not render.
	files map[string][]byte
	// verifyPrints, for tests, renders every file and reports one that
	// the fingerprints said was unchanged but is not.
	verifyPrints bool
	// last is the last good build, for a rebuild that only patches it
	// (see patch); nil after a build with errors.
	last *lastBuild
	// newestFigureDocs is how many of the newest documents keep their
	// notes' key-figure material in a one-off build (see
	// figuresToReduce); tests set it to 0 to have every note reduced.
	newestFigureDocs int
}

// lastBuild is what a rebuild that patches the last good build needs of it.
type lastBuild struct {
	site       *model.Site
	baseURL    string
	drafts     bool
	modelDiags diag.List
}

type analysed struct {
	hash  [32]byte
	pub   extract.Date
	a     *model.Analysed
	diags diag.List
}

// NewBuilder returns a Builder with an empty cache.
func NewBuilder() *Builder {
	return &Builder{md: map[bool]*annotate.Markdown{}, cache: map[string]*analysed{}, newestFigureDocs: newestFigureDocs}
}

// Build runs one build with a fresh Builder, which keeps nothing for a
// next build (Options.NoReuse).
func Build(opts Options) Result {
	opts.NoReuse = true
	return NewBuilder().Build(opts)
}

// Build runs the pipeline. It never panics: an internal error becomes a
// diagnostic.
func (b *Builder) Build(opts Options) (res Result) {
	opts.Sink = nil // Result.Files has every file
	var mu sync.Mutex
	var files []render.File
	last := b.files
	res = b.buildTo(opts, func(f render.File) {
		data := f.Data
		if f.Same {
			data = last[f.Path]
		} else {
			data = bytes.Clone(data)
		}
		mu.Lock()
		files = append(files, render.File{Path: f.Path, Data: data})
		mu.Unlock()
	})
	if res.Diags.HasErrors() && len(files) == 0 {
		return res
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	res.Files = files
	if b.verifyPrints && b.prints != nil && !res.Diags.HasErrors() {
		for _, f := range files {
			if b.prints.Skipped(f.Path) && !bytes.Equal(f.Data, last[f.Path]) {
				res.Diags.Errorf("", 0, 0, "internal error: %s changed, but its fingerprint did not", f.Path)
			}
		}
	}
	if !opts.NoReuse && !res.Diags.HasErrors() {
		b.files = make(map[string][]byte, len(files))
		for _, f := range files {
			b.files[f.Path] = f.Data
		}
	}
	return res
}

// BuildTo runs the pipeline as Build does, but hands every output file to
// emit as soon as it is made (see render.Stream: concurrently, in no
// particular order, the data valid only during the call) and leaves
// Result.Files empty, so that a large site is never in memory at once. The
// caller must discard what it got when Result.Diags has errors.
//
// A file whose inputs did not change since the last build without errors
// on this Builder comes with Same set and no data: the caller has it
// from then (see render.File).
func (b *Builder) BuildTo(opts Options, emit func(render.File)) (res Result) {
	if b.files != nil {
		// Build kept the files of the last build, and emit's caller
		// does not have them: start afresh.
		b.Forget()
	}
	return b.buildTo(opts, emit)
}

// Forget makes the next build render every file, as the first one did:
// for a caller that lost the files of the last build.
func (b *Builder) Forget() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.prints != nil {
		b.prints.Forget()
	}
	b.files = nil
	b.last = nil
}

func (b *Builder) buildTo(opts Options, emit func(render.File)) (res Result) {
	b.mu.Lock()
	defer b.mu.Unlock()
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			res.Files = nil
			res.Diags.Errorf("", 0, 0, "internal error: %v (please report this with the content that caused it)", r)
		}
	}()

	progress := opts.Progress
	if progress == nil {
		progress = func(string) {}
	}

	// load, and meanwhile what the extractor needs of its own
	go extract.Prepare()
	progress(StageLoading)
	var content *load.Content
	var ds diag.List
	switch {
	case opts.NoReuse:
		content, ds = load.Load(opts.Content)
	case opts.Changed != nil:
		content, ds = b.loads.LoadChanged(opts.Content, opts.Changed)
	default:
		content, ds = b.loads.Load(opts.Content)
	}
	res.Diags.Add(ds...)
	lap := time.Now()
	res.Stats.Load = lap.Sub(start)

	// extract
	progress(StageExtracting)
	md := b.markdown(content.Config.UnsafeHTML)
	x := b.extractorFor(content.Files)
	last := b.last
	b.last = nil
	var before map[string]*analysed // the changed files as the last build analysed them
	if last != nil && !opts.NoReuse && len(opts.Changed) > 0 && opts.BaseURL == last.baseURL && opts.Drafts == last.drafts {
		// The files the reported paths reached, when the load could
		// tell: an editor that saves through a temporary file (written
		// beside the note, then renamed over it) has the watcher report
		// a path that is gone again and changed nothing.
		changed := opts.Changed
		if content.Changed != nil {
			changed = content.Changed
		}
		before = make(map[string]*analysed, len(changed))
		for _, p := range changed {
			before[p] = b.cache[p]
		}
	}
	var shelf *model.Shelf
	if opts.NoReuse && opts.Scratch != "" {
		// A one-off build keeps its notes' rendered bodies on a shelf
		// until their pages are made.
		if s, err := model.NewShelf(opts.Scratch); err == nil {
			shelf = s
			defer shelf.Close()
		}
	}
	keepFigures := 0
	if opts.NoReuse && render.Defaults(render.Options{Templates: opts.Templates, TemplatesDir: opts.TemplatesDir}) {
		// The default templates show the first ListCap key figures of
		// a country, and fewer of the site (a preview keeps them all,
		// as a template may change).
		keepFigures = render.ListCap
	}
	// A seed's publication date comes from the note that annotates it.
	seedPub := SeedDates(content.Files)
	var reduced *reducedFigures
	if keepFigures > 0 {
		reduced = reduceFigures(opts.Content, content.Files, seedPub, opts.Drafts, b.newestFigureDocs, md, x)
	}
	files, fresh, ds := b.analyse(content.Files, seedPub, md, x, opts.NoReuse, shelf, reduced)
	if opts.NoReuse {
		b.resetCache()
	}
	res.Stats.Reextracted = fresh
	res.Diags.Add(ds...)
	res.Stats.Extract, lap = time.Since(lap), time.Now()

	// model
	progress(StageModelling)
	var models *model.Cache
	if opts.NoReuse {
		b.models = nil
	} else {
		if b.models == nil {
			b.models = model.NewCache()
		}
		models = b.models
	}
	in := model.Input{
		Config: content.Config, BaseURL: opts.BaseURL, Files: files,
		Markdown: md, Extractor: x, Drafts: opts.Drafts, Cache: models,
		Consume: opts.NoReuse, NoFingerprints: opts.NoReuse,
		KeepFigures: keepFigures,
	}
	if reduced != nil {
		in.Reanalyse = reduced.reanalyse
	}
	var site *model.Site
	var patched []*model.Document
	if before != nil && !res.Diags.HasErrors() {
		patched = b.patch(last, before, in)
	}
	var modelDiags diag.List
	if patched != nil {
		site, modelDiags = last.site, last.modelDiags
		res.Stats.Patched = len(patched)
	} else {
		site, modelDiags = model.Build(in)
	}
	res.Diags.Add(modelDiags...)
	res.Site = site
	if opts.NoReuse {
		// Rendering needs the site only: let the files' bytes go, and the
		// extractor (its gazetteer and vocabulary), which no build reuses.
		files, content.Files = nil, nil
		b.extractor, b.entityKey = nil, ""
	}
	res.Stats.Model, lap = time.Since(lap), time.Now()

	// render
	progress(StageRendering)
	var mu sync.Mutex
	generated := map[string]bool{}
	ropts := render.Options{Templates: opts.Templates, TemplatesDir: opts.TemplatesDir, Once: opts.NoReuse}
	if !opts.NoReuse {
		if b.prints == nil {
			b.prints = render.NewPrints()
		}
		ropts.Prints = b.prints
		ropts.VerifyPrints = b.verifyPrints
	}
	if opts.Sink != nil {
		ropts.Sink = func(path string, produce func(io.Writer) error) {
			mu.Lock()
			generated[path] = true
			mu.Unlock()
			opts.Sink(path, produce)
		}
	}
	patching := false
	emitted := func(f render.File) {
		mu.Lock()
		if !patching {
			generated[f.Path] = true
		}
		if strings.HasSuffix(f.Path, ".html") {
			res.Stats.Pages++
		}
		mu.Unlock()
		emit(f)
	}
	var renderDiags diag.List
	if patched != nil {
		// The site is the last one with the bodies of a few notes
		// changed: their pages are rendered again, and not every page
		// laid out and fingerprinted anew. The files are those of the
		// last build, which no static file collided with.
		patching = true
		renderDiags, patching = render.Patch(site, ropts, patched, emitted)
	}
	if !patching {
		renderDiags = render.Stream(site, ropts, emitted)
	}
	res.Diags.Add(renderDiags...)
	var folders map[string]string // static paths that are folders of generated files
	if !patching && len(content.Static) > 0 {
		folders = generatedFolders(generated, content.Static)
	}
	for _, s := range content.Static {
		if !patching && generated[s.Path] {
			// A static file may not replace a generated page: that would
			// silently hide the page.
			res.Diags.Errorf("static/"+s.Path, 0, 0, "would overwrite the generated file %s: rename or remove it", s.Path)
			continue
		}
		// Nor stand where a generated file's folder goes, or inside a
		// generated file: the output could not hold both.
		if f, ok := folders[s.Path]; ok {
			res.Diags.Errorf("static/"+s.Path, 0, 0, "would take the place of the folder of the generated file %s: rename or remove it", f)
			continue
		}
		if f := generatedParent(generated, s.Path); f != "" {
			res.Diags.Errorf("static/"+s.Path, 0, 0, "would go inside the generated file %s, which is not a folder: rename or move it", f)
			continue
		}
		data, err := s.Bytes()
		if err != nil {
			res.Diags.Errorf("static/"+s.Path, 0, 0, "%v", err)
			continue
		}
		if strings.HasSuffix(s.Path, ".html") {
			res.Stats.Pages++
		}
		emit(render.File{Path: s.Path, Data: data})
	}
	res.Stats.Render = time.Since(lap)
	if ropts.Prints != nil && !res.Diags.HasErrors() {
		// The caller keeps this build: the next one compares with it.
		ropts.Prints.Commit()
		b.last = &lastBuild{site: site, baseURL: opts.BaseURL, drafts: opts.Drafts, modelDiags: modelDiags}
	}

	res.Diags.Sort()
	res.Stats.Documents = len(site.Documents)
	res.Stats.Events = len(site.Events)
	res.Stats.Countries = len(site.Countries)
	res.Stats.Duration = time.Since(start)
	return res
}

// generatedFolders maps the path of each static file that is a folder of
// generated files to the first of those files in path order.
func generatedFolders(generated map[string]bool, static []load.Static) map[string]string {
	isStatic := make(map[string]bool, len(static))
	for _, s := range static {
		isStatic[s.Path] = true
	}
	folders := map[string]string{}
	for p := range generated {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if f, ok := folders[dir]; isStatic[dir] && (!ok || p < f) {
				folders[dir] = p
			}
		}
	}
	return folders
}

// generatedParent returns the generated file that is a folder of the path
// p, or "".
func generatedParent(generated map[string]bool, p string) string {
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		if generated[dir] {
			return dir
		}
	}
	return ""
}

func (b *Builder) markdown(unsafe bool) *annotate.Markdown {
	if m, ok := b.md[unsafe]; ok {
		return m
	}
	m := annotate.New(annotate.Options{Unsafe: unsafe})
	b.md[unsafe] = m
	return m
}

// extractorFor returns an extractor that knows the editors' entities. It is
// rebuilt only when the entity definitions change, and then every document
// must be extracted again.
func (b *Builder) extractorFor(files []*load.File) *extract.Extractor {
	var defs []extract.EntityDef
	for _, f := range files {
		if f.Kind != load.Entity {
			continue
		}
		fm := f.Front
		kind := extract.KindOrg
		id := fm.ID
		name := fm.Name
		if name == "" {
			name = strings.TrimSuffix(f.Path[len("entities/"):], ".md")
		}
		if fm.Kind == "person" {
			kind, id = extract.KindPerson, name
		} else if id == "" {
			id = model.NameSlug("org", name)
		}
		defs = append(defs, extract.EntityDef{Kind: kind, ID: id, Name: name, Aliases: fm.Aliases, Country: fm.Country, Title: fm.Role})
	}
	key := fmt.Sprintf("%#v", defs)
	if b.extractor == nil || key != b.entityKey {
		b.extractor = extract.New(defs)
		b.entityKey = key
		b.resetCache()
	}
	return b.extractor
}

// resetCache forgets every analysed file.
func (b *Builder) resetCache() {
	b.cache = map[string]*analysed{}
	b.analysedEntries = nil
}

// SeedDates maps each annotated seed's content path to the publication
// date its annotating note gives.
func SeedDates(files []*load.File) map[string]extract.Date {
	seeds := map[string]bool{}
	for _, f := range files {
		if f.Kind == load.Seed {
			seeds[f.Path] = true
		}
	}
	out := map[string]extract.Date{}
	if len(seeds) == 0 {
		return out
	}
	for _, f := range files {
		seed, _ := load.Annotates(f, func(p string) bool { return seeds[p] })
		if seed != "" && !f.Front.Published.IsZero() {
			if _, done := out[seed]; !done {
				out[seed] = f.Front.Published
			}
		}
	}
	return out
}

// analyse parses and extracts every document, in parallel, reusing the
// cached result of a document whose bytes and publication date did not
// change; seedPub dates the seeds (see SeedDates). With once, no build follows: a note's body goes as soon as
// nothing more is made of it (see dropBody), and its rendered body goes
// onto shelf when there is one (see shelve). With once, the notes that
// reduced marks keep of their key figures only what the model needs to
// choose among them (see reducedFigures).
func (b *Builder) analyse(files []*load.File, seedPub map[string]extract.Date, md *annotate.Markdown, x *extract.Extractor, once bool, shelf *model.Shelf, reduced *reducedFigures) ([]*model.Analysed, int, diag.List) {
	out := make([]*model.Analysed, len(files))
	entries := make([]*analysed, len(files))
	// A few long-lived workers, not a goroutine per document: a new
	// goroutine starts with a small stack, and parsing and extracting grow
	// it again for every document.
	type job struct {
		i   int
		f   *load.File
		pub extract.Date
		h   [sha256.Size]byte
	}
	jobs := make(chan job, 64)
	var wg sync.WaitGroup
	workers := 0
	var analysed []int // files analysed afresh, by index
	last := b.analysedEntries
	for i, f := range files {
		pub := f.Front.Published
		if f.Kind == load.Seed {
			pub = seedPub[f.Path]
		}
		if i < len(last) && last[i].a.File == f && last[i].pub == pub {
			// The very file at the same place as in the last build: a
			// look at a list in order, not at the cache.
			entries[i] = last[i]
			continue
		}
		c, ok := b.cache[f.Path]
		if ok && c.a.File == f && c.pub == pub {
			// The loader's cache handed back the very file: no need to
			// hash its bytes again.
			entries[i] = c
			continue
		}
		var h [sha256.Size]byte
		if !once {
			// The key of the cache, which a one-off build does not keep.
			h = sha256.Sum256(f.Raw)
		}
		if ok && c.hash == h && c.pub == pub {
			c.a.File = f
			entries[i] = c
			continue
		}
		analysed = append(analysed, i)
		if workers < runtime.GOMAXPROCS(0) {
			workers++
			wg.Go(func() {
				// With a shelf, a note's body is rendered into this
				// worker's buffer and copied onto the shelf.
				w := &workBuffers{shelving: once && shelf != nil, packed: once}
				scratch := w.htmlBuffer()
				for j := range jobs {
					reduce := once && reduced.marks(j.i)
					e := analyseOne(j.f, j.pub, md, x, true, !reduce, w)
					e.hash = j.h
					lean(&e.a.Result, j.f.Kind, !reduce)
					if reduce {
						e.a.ReduceFigures()
					}
					if once {
						shelve(e.a, shelf, scratch != nil)
						if raw := dropBody(e.a); raw != nil && reduce {
							reduced.dropped(j.i, raw)
						}
					}
					entries[j.i] = e
				}
			})
		}
		jobs <- job{i, f, pub, h}
	}
	close(jobs)
	wg.Wait()
	var ds diag.List
	for i, e := range entries {
		out[i] = e.a
		ds.Add(e.diags...)
	}
	if once {
		// No build follows: nothing is kept for one.
		return out, len(analysed), ds
	}
	for _, i := range analysed {
		b.cache[files[i].Path] = entries[i]
	}
	b.analysedEntries = entries
	if len(b.cache) > len(files) {
		// Some files are gone: so are their entries.
		live := make(map[string]bool, len(files))
		for _, f := range files {
			live[f.Path] = true
		}
		for p := range b.cache {
			if !live[p] {
				delete(b.cache, p)
			}
		}
	}
	return out, len(analysed), ds
}

// analyseOne parses and extracts one document. leanNotes asks the
// extractor for only what lean keeps of a note, for a build; a report
// shows everything. quotes makes the quotes of a note's key figures (see
// quoteAsRead), which a build whose model reads them needs. With w, the
// text the extractor reads is made in w's buffer, and with w.shelving a
// body rendered ahead is rendered into w's other buffer, and Analysed.HTML
// holds those bytes until the caller shelves them (see shelve).
func analyseOne(f *load.File, pub extract.Date, md *annotate.Markdown, x *extract.Extractor, leanNotes, quotes bool, w *workBuffers) (e *analysed) {
	scratch := w.htmlBuffer()
	e = &analysed{pub: pub, a: &model.Analysed{File: f, Published: pub}}
	defer func() {
		if r := recover(); r != nil {
			e.diags.Errorf(f.Path, 0, 0, "internal error while reading this file: %v", r)
		}
	}()
	in := extract.Input{Published: pub, Packed: w != nil && w.packed}
	var prose []byte // a note's, while its events are quoted
	switch f.Kind {
	case load.Seed:
		in.Text = f.Raw
		if pub.IsZero() {
			e.diags.Warnf(f.Path, 1, 1, "seed has no publication date: relative dates stay unresolved; annotate it with a note (seed: %s, published: YYYY-MM-DD)", f.Path)
		}
	default:
		var text []byte
		var doc *annotate.Doc
		var problems []annotate.Problem
		if f.Kind == load.Note {
			// The extractor reads the file with its front matter blanked
			// and its body as prose: the prose is made in place there.
			text = w.textBuffer(len(f.Raw))
			for i := 0; i < f.BodyStart; i++ {
				if f.Raw[i] == '\n' {
					text[i] = '\n'
				} else {
					text[i] = ' '
				}
			}
			doc, problems = md.ParseInto(f.Body(), text[f.BodyStart:])
		} else {
			doc, problems = md.Parse(f.Body())
		}
		e.a.Markdown = doc
		for _, p := range problems {
			l, c := diag.Position(f.Raw, f.BodyStart+p.Offset)
			e.diags.Errorf(f.Path, l, c, "%s", p.Message)
		}
		if len(doc.Annotations) == 0 {
			// Nothing in it asks the site for a link: render it now and
			// let the syntax tree go.
			if scratch != nil {
				html, rproblems := md.RenderTo(*scratch, doc, nil)
				*scratch = html
				if len(rproblems) == 0 && len(html) > 0 {
					e.a.HTML = template.HTML(unsafe.String(&html[0], len(html)))
					doc.DropTree()
				}
			} else if html, rproblems := md.Render(doc, nil); len(rproblems) == 0 {
				e.a.HTML = template.HTML(pageString(html))
				doc.DropTree()
			}
		}
		if f.Kind != load.Note {
			return e // profiles are rendered, not mined for events
		}
		in.Text = text
		in.Lean = leanNotes
		in.Hints = hints(f, doc, x, &e.diags)
		// The blocks in the file's offsets, in place: the document lets
		// them go below.
		for i := range doc.Blocks {
			doc.Blocks[i].Start += f.BodyStart
			doc.Blocks[i].End += f.BodyStart
		}
		in.Blocks = doc.Blocks
		// What the extractor reads is made; rendering needs none of it,
		// and the document is kept until its page is rendered (or in the
		// cache).
		prose = doc.Prose
		doc.Prose, doc.Blocks, doc.Annotations = nil, nil, nil
	}
	e.a.Result = x.Extract(in)
	if prose != nil {
		quoteAsRead(e.a, f, prose, quotes)
	}
	for _, w := range e.a.Result.Warnings {
		l, c := diag.Position(f.Raw, w.Offset)
		e.diags.Warnf(f.Path, l, c, "%s", w.Message)
	}
	return e
}

// workBuffers are an analysing worker's buffers, reused from document to
// document: nothing of a document's analysis points into them once it is
// done (the extractor gives its results text of their own).
type workBuffers struct {
	shelving bool   // bodies rendered ahead go to a shelf (see shelve)
	packed   bool   // the build keeps every result to its end (see extract.Input.Packed)
	html     []byte // such a body, until it is shelved
	text     []byte // a note as the extractor reads it
}

// htmlBuffer returns the buffer a body rendered ahead goes into, or nil
// when bodies are not shelved.
func (w *workBuffers) htmlBuffer() *[]byte {
	if w == nil || !w.shelving {
		return nil
	}
	return &w.html
}

// textBuffer returns a buffer of n bytes for the text the extractor
// reads: w's when there is one, else a new one.
func (w *workBuffers) textBuffer(n int) []byte {
	if w == nil {
		return make([]byte, n)
	}
	if cap(w.text) < n {
		w.text = make([]byte, n, n+n/4)
	}
	return w.text[:n]
}

// pageString makes a rendered page a string without copying it when the
// bytes are the page's alone (Render returns them so) and the buffer has
// little room left over: the string keeps the whole buffer alive.
func pageString(b []byte) string {
	if len(b) == 0 || cap(b)-len(b) > len(b)/4 {
		return string(b)
	}
	return unsafe.String(&b[0], len(b))
}

// quoteAsRead gives a note's event titles, and with figures its key-figure
// quotes, as a reader sees the sentence: the extractor read the prose with
// its markup blanked ("The   Taliban  's"), and the file has the markup
// ("[[Taliban]]").
func quoteAsRead(a *model.Analysed, f *load.File, prose []byte, figures bool) {
	body := f.Body()
	// Each text is made in buf first: most sentences read as the
	// extractor read them, and an event keeps its text then, without a
	// copy. The quotes are made one after another in buf and become
	// pieces of one string.
	var room [2048]byte
	buf := room[:0]
	readable := func(dst []byte, start, end int) ([]byte, bool) {
		start, end = start-f.BodyStart, end-f.BodyStart
		if start < 0 || start > end || end > len(prose) {
			return dst, false
		}
		return annotate.AppendReadableText(dst, body, prose, start, end), true
	}
	r := &a.Result
	asRead := func(text *string, offset int) {
		if t, ok := readable(buf[:0], offset, offset+len(*text)); ok {
			buf = t
			if string(t) != *text {
				*text = string(t)
			}
		}
	}
	for i := range r.Events {
		asRead(&r.Events[i].Text, r.Events[i].Offset)
	}
	for i := range r.Reports {
		asRead(&r.Reports[i].Text, int(r.Reports[i].Offset))
	}
	if !figures {
		return
	}
	type quote struct{ sentence, start, end int }
	var qroom [16]quote
	quotes := qroom[:0]
	buf = buf[:0]
	for _, q := range r.Quantities {
		if q.Sentence < 1 || q.Sentence > len(r.Sentences) {
			continue
		}
		if slices.ContainsFunc(quotes, func(o quote) bool { return o.sentence == q.Sentence }) {
			continue // a sentence with several figures
		}
		sp := r.Sentences[q.Sentence-1]
		start := len(buf)
		if t, ok := readable(buf, sp.Start, sp.End); ok {
			buf = t
			quotes = append(quotes, quote{q.Sentence, start, len(buf)})
		}
	}
	if len(quotes) == 0 {
		return
	}
	all := string(buf)
	a.Quotes = make(map[int]string, len(quotes))
	for _, q := range quotes {
		a.Quotes[q.sentence] = all[q.start:q.end]
	}
}

// shelve puts a note's rendered body on the shelf, when there is one, to
// wait there for its page. borrowed says that the HTML is in a buffer the
// caller reuses: a body the shelf does not take is copied then.
func shelve(a *model.Analysed, shelf *model.Shelf, borrowed bool) {
	if a.HTML == "" {
		return
	}
	if a.File.Kind == load.Note {
		if body, ok := shelf.Put(unsafe.Slice(unsafe.StringData(string(a.HTML)), len(a.HTML))); ok {
			a.HTML, a.Shelved = "", body
			return
		}
	}
	if borrowed {
		a.HTML = template.HTML(strings.Clone(string(a.HTML)))
	}
}

// dropBody lets the body of a note's file go when the note is analysed
// and rendered, and every key figure has its sentence as a quote: the
// model reads the front matter only then (for the positions of its
// diagnostics), and a build that keeps nothing for the next one need not
// hold the bytes of every note while its pages are made. It returns the
// file's bytes when it let them go.
func dropBody(a *model.Analysed) (raw []byte) {
	f := a.File
	if f.Kind != load.Note || (a.HTML == "" && a.Shelved.IsZero()) {
		return nil // its Markdown renders in the model
	}
	for _, q := range a.Result.Quantities {
		if _, ok := a.Quotes[q.Sentence]; !ok && q.Sentence > 0 && q.Sentence <= len(a.Result.Sentences) {
			return nil // the model quotes it from the file
		}
	}
	raw = f.Raw
	f.Raw = bytes.Clone(f.Raw[:f.BodyStart])
	return raw
}

// lean drops from a document's result what the model does not read, as
// model.Analysed describes: every document's result is held until the
// model is built, and a preview server holds them for as long as it runs.
// kept says that the result is held as lean leaves it (its key figures
// are not reduced next, see model.Analysed.ReduceFigures): the mentions
// it keeps are then copied, so that the longer list can go.
func lean(r *extract.Result, kind load.Kind, kept bool) {
	r.Warnings = nil // reported as diagnostics already
	r.Dates = nil
	if kind == load.Seed {
		return // a seed's page links every mention
	}
	// A note's mentions place its key figures: those of countries in the
	// sentences of its quantities (see model's figureCandidates).
	var room [16]extract.Span
	spans := room[:0]
	for _, q := range r.Quantities {
		if q.Sentence > 0 && q.Sentence <= len(r.Sentences) {
			spans = append(spans, r.Sentences[q.Sentence-1])
		}
	}
	n := 0
	for _, m := range r.Mentions {
		if m.Kind == extract.KindCountry && slices.ContainsFunc(spans, func(s extract.Span) bool { return m.Start >= s.Start && m.End <= s.End }) {
			r.Mentions[n] = m
			n++
		}
	}
	if n < len(r.Mentions) && kept {
		r.Mentions = slices.Clone(r.Mentions[:n])
	} else {
		r.Mentions = r.Mentions[:n]
	}
	if n == 0 {
		r.Mentions = nil
	}
}

// hints turns a note's annotations into what the extractor must trust.
func hints(f *load.File, doc *annotate.Doc, x *extract.Extractor, ds *diag.List) []extract.Hint {
	var hs []extract.Hint
	for _, a := range doc.Annotations {
		h := extract.Hint{Start: f.BodyStart + a.Start, End: f.BodyStart + a.End}
		switch a.Kind {
		case "link":
			kind, id, ok := x.LookupName(a.Target)
			switch {
			case ok && kind == extract.KindCountry:
				h.Countries = []string{id}
			case ok && kind == extract.KindOrg:
				h.Org = id
			case ok && kind == extract.KindPerson:
				h.Person = id
			default:
				// Not a known name: the extractor reads the displayed text
				// as prose, and rendering reports the link if no document
				// names such a person.
				continue
			}
		case "span":
			_, h.Ignore = a.Attrs["ignore"]
			_, h.Event = a.Attrs["event"]
			h.Date = a.Date
			for _, code := range a.Countries {
				if _, ok := extract.LookupCountry(code); !ok {
					l, c := diag.Position(f.Raw, f.BodyStart+a.Pos)
					ds.Errorf(f.Path, l, c, "unknown country code %q", code)
					continue
				}
				h.Countries = append(h.Countries, code)
			}
			h.Person, h.Org, h.Place = a.Attrs["person"], a.Attrs["org"], a.Attrs["place"]
			if h.Org != "" {
				if kind, id, ok := x.LookupName(h.Org); ok && kind == extract.KindOrg {
					h.Org = id
				}
			}
		}
		hs = append(hs, h)
	}
	return hs
}

// newestFigureDocs is how many of the newest documents keep their notes'
// key-figure material in a one-off build. The model makes the first
// figures of the site and of each country, newest document first: on the
// synthetic briefings of 1,000 and 10,000 notes, those of the newest 80
// documents. A note kept whole costs about 2 KB more than a reduced one,
// and a reduced note whose figures the model makes is analysed again
// (about 100 µs).
const newestFigureDocs = 256

// reducedFigures are the notes whose key figures the extract stage of a
// one-off build reduces to what the model needs to choose among them (see
// model.Analysed.ReduceFigures), when the model makes only the first
// figures of the site and of each country, walking the documents newest
// first: every note but those of the newest documents, where the model
// finds most or all of the figures it makes. The model has the reduced
// notes it makes figures of analysed again (reanalyse), so that which
// notes are reduced changes how much is held and done again, never the
// figures.
type reducedFigures struct {
	content fs.FS
	files   []*load.File
	md      *annotate.Markdown
	x       *extract.Extractor
	reduce  []bool // by index in files
	// bodies are the sums of the bytes of reduced notes whose bodies
	// were let go (see dropBody), by index in files, to tell whether
	// such a file read again is the file the build read.
	bodies []bodySum
	seed   maphash.Seed
}

type bodySum struct {
	dropped bool
	sum     uint64
}

// reduceFigures marks the notes of files whose key figures the extract
// stage reduces: every note but those of the newest n documents, or nil
// when there are no others. Documents are dated as the model dates them:
// a seed by its annotating note (see SeedDates), and a note that
// annotates a seed is part of the seed's document.
func reduceFigures(content fs.FS, files []*load.File, seedPub map[string]extract.Date, drafts bool, n int, md *annotate.Markdown, x *extract.Extractor) *reducedFigures {
	seeds := map[string]bool{}
	for _, f := range files {
		if f.Kind == load.Seed {
			seeds[f.Path] = true
		}
	}
	isSeed := func(p string) bool { return seeds[p] }
	// Dates as numbers that sort as the dates do.
	day := func(d extract.Date) int { return (d.Year*100+d.Month)*100 + d.Day }
	docDay := make([]int, len(files)) // each note's document's
	var days []int                    // every document's
	for i, f := range files {
		switch f.Kind {
		case load.Seed:
			days = append(days, day(seedPub[f.Path]))
		case load.Note:
			if seed, _ := load.Annotates(f, isSeed); seed != "" {
				docDay[i] = day(seedPub[seed])
				continue
			}
			docDay[i] = day(f.Front.Published)
			if !f.Front.Draft || drafts {
				days = append(days, docDay[i])
			}
		}
	}
	if n >= len(days) {
		return nil // every document is among the newest
	}
	// The newest n documents are those from the day of the nth newest
	// (and any more of that day).
	from := math.MaxInt
	if n > 0 {
		slices.Sort(days)
		from = days[len(days)-n]
	}
	r := &reducedFigures{
		content: content, files: files, md: md, x: x,
		reduce: make([]bool, len(files)), bodies: make([]bodySum, len(files)),
		seed: maphash.MakeSeed(),
	}
	for i, f := range files {
		r.reduce[i] = f.Kind == load.Note && docDay[i] < from
	}
	return r
}

// marks reports whether file i is reduced.
func (r *reducedFigures) marks(i int) bool {
	return r != nil && r.reduce[i]
}

// dropped notes that the body of reduced file i, whose bytes were raw, was
// let go. Workers call it for different files at once.
func (r *reducedFigures) dropped(i int, raw []byte) {
	r.bodies[i] = bodySum{dropped: true, sum: maphash.Bytes(r.seed, raw)}
}

// reanalyse is the model's Input.Reanalyse: it analyses a reduced note
// again as analyse did, with its key figures' material, reading its file
// again when its body was let go.
func (r *reducedFigures) reanalyse(a *model.Analysed) (*model.Analysed, error) {
	i := slices.Index(r.files, a.File)
	if i < 0 {
		return nil, errors.New("internal error: this note is not one the build read")
	}
	f := *a.File
	if b := r.bodies[i]; b.dropped {
		raw, err := fs.ReadFile(r.content, f.Path)
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err
		}
		switch {
		case err != nil:
			return nil, fmt.Errorf("cannot read it again: %v", err)
		case maphash.Bytes(r.seed, raw) != b.sum:
			return nil, errors.New("changed while the site was built: build it again")
		}
		f.Raw = raw
	}
	return analyseOne(&f, a.Published, r.md, r.x, true, true, nil).a, nil
}
