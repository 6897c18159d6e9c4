package render

import (
	"bytes"

	"brief/generator/diag"
	"brief/generator/model"
)

// kept is a committed render that Patch can take up again: the renderer,
// with where every event's anchor is, the templates bound to it, and the
// pages.
type kept struct {
	r     *renderer
	set   *templateSet
	pages []page
	diags diag.List
}

// Patch renders again what changed after model.Patch changed the bodies of
// docs in the site of the last committed render: their source pages, and
// every page the fingerprints do not cover (a user's template may show a
// body anywhere). Every other file is emitted with Same set, as Stream
// emits the files whose fingerprints did not change, and the small files
// without fingerprints are made again. It reports false, having emitted
// nothing, when it cannot: no committed render of this very site, other
// templates than that render's, or Options.VerifyPrints (which asks for
// everything to be rendered); the caller then runs Stream. The
// diagnostics are the committed render's, which had no errors, and any
// of this one.
func Patch(site *model.Site, opts Options, docs []*model.Document, emit func(File)) (diag.List, bool) {
	p := opts.Prints
	if p == nil || p.kept == nil || p.kept.r.site != site || opts.VerifyPrints {
		return nil, false
	}
	k := p.kept
	if opts.TemplatesDir == "" {
		opts.TemplatesDir = "templates"
	}
	files, _ := readTemplates(opts)
	if cacheKey(files) != k.set.key {
		return nil, false
	}
	r, pr := k.r, k.r.printer
	r.opts = opts
	changed := make(map[*model.Document]bool, len(docs))
	for _, d := range docs {
		changed[d] = true
	}
	p.begin(0)
	p.pending = k
	rendered := map[string]bool{}
	p.patched = rendered
	diags := append(diag.List(nil), k.diags...)
	var failed []int
	errs := map[int]error{}
	var buf bytes.Buffer
	for i, pg := range k.pages {
		// Of the pages the fingerprints cover, only the changed
		// documents' own pages show their bodies.
		if pr.printable[pg.tmpl] && !(pg.tmpl == "source.html" && changed[pg.data.Doc]) {
			continue
		}
		if !validPath(pg.file) {
			continue
		}
		v, printable := pr.page(pg)
		buf.Reset()
		out, err := r.renderPage(k.set, pg, &buf)
		if err != nil {
			failed = append(failed, i)
			errs[i] = err
			continue
		}
		if printable {
			p.next[pg.file] = v
		}
		rendered[pg.file] = true
		emit(File{Path: pg.file, Data: out})
	}
	if len(failed) > 0 {
		collector := newErrorCollector(k.set.files)
		for _, i := range failed {
			collector.add(k.pages[i].tmpl, k.pages[i].data.URL, errs[i])
		}
		diags.Add(collector.diagnostics()...)
	}
	for path := range p.last {
		if !rendered[path] {
			emit(File{Path: path, Same: true})
		}
	}
	r.plainFiles(k.set, &diags, emit)
	diags.Sort()
	return diags, true
}
