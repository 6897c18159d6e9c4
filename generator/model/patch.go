package model

import (
	"fmt"
	"html/template"
	"path"
	"slices"
	"strings"

	"brief/generator/load"
)

// Edit is a note as the last Build saw it (Old) and as it is now (New).
type Edit struct{ Old, New *Analysed }

// Patch brings site, which the last Build with in.Cache made, up to date
// with edits that change nothing but the bodies of notes: the prose an
// editor types between the facts. It is what a preview server does on
// most saves, in a fraction of the time a Build takes, and it gives the
// Site a Build of the new files would give.
//
// An edit qualifies when the note is a document of its own (not a draft
// left out, not the annotation of a seed) and everything the rest of the
// site takes from it is as before: its front matter, title and publication
// date; what the extractor found in it (countries, organisations, people,
// places, events, key figures with their quotes), apart from where they
// are in the note, and from the sentence spans and mentions, which only
// serve the note's own page and those findings; and every link of its body
// resolving to the same page as before. Only the document's body (HTML)
// and its fingerprints change, in place.
//
// Patch reports the documents it changed, or false, having changed
// nothing, when an edit does not qualify or its body has a problem: the
// caller then runs Build, which also reports the problem.
func Patch(site *Site, in Input, edits []Edit) ([]*Document, bool) {
	c := in.Cache
	if site == nil || c == nil || in.Markdown == nil || len(edits) == 0 {
		return nil, false
	}
	b := &builder{in: in, site: site}
	type change struct {
		doc  *Document
		next Document
		old  *Analysed
		new  *Analysed
		work *fileWork
		html *htmlWork
	}
	changes := make([]change, 0, len(edits))
	for _, e := range edits {
		if e.Old == nil || e.New == nil || e.Old.File.Kind != load.Note || e.New.File.Kind != load.Note ||
			e.Old.File.Path != e.New.File.Path {
			return nil, false
		}
		d := site.docAt(e.New.File.Path)
		oldWork := c.files[e.Old]
		if d == nil || d.Kind != "note" || oldWork == nil {
			return nil, false
		}
		work := newFileWork(e.New)
		if contribution(e.Old, oldWork) != contribution(e.New, work) {
			return nil, false
		}
		ch := change{doc: d, next: *d, old: e.Old, new: e.New, work: work}
		switch {
		case e.New.HTML != "" && e.Old.HTML != "":
			// Neither links to anything: rendered when analysed.
			ch.next.HTML = e.New.HTML
		case e.New.HTML == "" && e.Old.HTML == "" && e.New.Markdown != nil && e.Old.Markdown != nil:
			was := c.html[htmlKey{doc: e.Old.Markdown, md: in.Markdown}]
			if was == nil || len(was.problems) > 0 {
				return nil, false
			}
			w := &htmlWork{key: htmlKey{doc: e.New.Markdown, md: in.Markdown}}
			html, problems := in.Markdown.Render(e.New.Markdown, w.recording(func(target string) (string, bool) {
				return b.resolveAs(target, false)
			}))
			if len(problems) > 0 || !slices.Equal(w.resolved, was.resolved) {
				return nil, false
			}
			w.html = string(html)
			ch.html = w
			ch.next.HTML = template.HTML(w.html)
		default:
			// A body that starts or stops linking may change which
			// pages exist.
			return nil, false
		}
		h := NewHasher()
		ch.next.sum(h)
		if ch.next.MetaSum != d.MetaSum {
			return nil, false
		}
		changes = append(changes, ch)
	}
	docs := make([]*Document, len(changes))
	for i, ch := range changes {
		*ch.doc = ch.next
		docs[i] = ch.doc
		delete(c.files, ch.old)
		c.files[ch.new] = ch.work
		if ch.html != nil {
			delete(c.html, htmlKey{doc: ch.old.Markdown, md: in.Markdown})
			c.html[ch.html.key] = ch.html
		}
	}
	return docs, true
}

// docAt returns the document whose file is at path, or nil.
func (s *Site) docAt(p string) *Document {
	for _, d := range s.Documents {
		if d.Path == p {
			return d
		}
	}
	return nil
}

// contribution is everything the site takes from a note apart from its
// own page's body, as text: two versions of a note with the same
// contribution differ in their bodies only. It is written with %#v, so
// that a field added to the front matter or to the extractor's result is
// part of it without further ado.
func contribution(a *Analysed, w *fileWork) string {
	r := *w.result
	// What is left out serves the note's own page and the findings below.
	r.Sentences, r.Mentions, r.Warnings, r.Dates = nil, nil, nil, nil
	// Where its events and figures are in the note shows nowhere (see
	// Source): words typed before them move them, and change nothing else.
	r.Reports = slices.Clone(r.Reports)
	for i := range r.Reports {
		r.Reports[i].Sentence, r.Reports[i].Offset = 0, 0
	}
	r.Quantities = slices.Clone(r.Quantities)
	for i := range r.Quantities {
		r.Quantities[i].Sentence, r.Quantities[i].Offset = 0, 0
	}
	f := a.File
	base := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
	var b strings.Builder
	fmt.Fprintf(&b, "%q %q %#v %#v %q %#v", f.Path, f.Kind, f.Front, a.Published, headingOrName(a, base), r)
	// The figures' quotes (Analysed.Quotes, by sentence number) are in
	// their candidates.
	for _, fc := range w.figureCandidates(a) {
		fmt.Fprintf(&b, " %#v", fc)
	}
	return b.String()
}
