package model

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"brief/generator/annotate"
	"brief/generator/diag"
	"brief/generator/extract"
	"brief/generator/load"
)

// Analysed is one content file after the extract stage: the loaded file,
// its parsed annotated Markdown (nil for seeds), its publication date as
// finally decided, and what the extractor found (empty for profiles).
//
// The model reads neither the result's Dates nor its Warnings, and of a
// note's Mentions only those of countries in the sentences of its
// quantities (to place key figures), so that a build may leave out the
// rest; a build that keeps only the first key figures may also reduce a
// note's figures to their keys (see ReduceFigures).
type Analysed struct {
	File     *load.File
	Markdown *annotate.Doc
	// HTML is the rendered Markdown when it was rendered ahead (a note
	// that links to no entity renders the same whatever the site holds),
	// and Markdown has then dropped its syntax tree, which takes several
	// times the memory of the page.
	HTML template.HTML
	// Shelved is the rendered Markdown when it was rendered ahead and
	// put on a Shelf (HTML is empty then).
	Shelved Body
	// Quotes are a note's sentences that hold key figures, as a reader
	// sees them (its markup dropped), by sentence number: the file's bytes
	// would show "[[Taliban]]".
	Quotes    map[int]string
	Published extract.Date
	Result    extract.Result

	// figureKeys is what is left of a note's key figures once
	// ReduceFigures let their material go (see encodeFigureKeys); "" for
	// a file whose result has its quantities, or has none.
	figureKeys string

	work *fileWork // in Build's copies: the work on this document alone
}

// Input is what Build needs.
type Input struct {
	Config    load.Config
	BaseURL   string // overrides Config.BaseURL when set
	Files     []*Analysed
	Markdown  *annotate.Markdown
	Extractor *extract.Extractor
	Drafts    bool // include documents with draft: true
	// KeepFigures, when above 0, keeps only the first KeepFigures key
	// figures of the site and of each country (Site.Figures,
	// Country.Figures), all that the pages show with the default
	// templates; 0 keeps every figure.
	KeepFigures int
	// Reanalyse analyses a file again as the extract stage did, for the
	// key figures of a note that ReduceFigures left with their keys only:
	// the result must have the quantities, sentences and country mentions
	// of the note, and Quotes as before. Build calls it for the few notes
	// whose figures it makes, possibly from several goroutines at once.
	Reanalyse func(*Analysed) (*Analysed, error)
	// Cache, when set, keeps work for the next Build and reuses what the
	// last one kept (see Cache); nil keeps nothing.
	Cache *Cache
	// Consume, without a Cache, lets Build change Files as it goes,
	// dropping from each what it has used up, for a caller that passes
	// them to no other Build: a one-off build's memory is then the site
	// and what is still to be used, not every document's results too.
	Consume bool
	// NoFingerprints leaves Event.Sum, Document.Sum and Document.MetaSum
	// zero: a caller that renders every file and patches nothing (a
	// one-off build) does not read them.
	NoFingerprints bool
}

// builder holds the state of one Build.
type builder struct {
	in    Input
	site  *Site
	ds    diag.List
	docOf map[*load.File]*Document

	personByName map[string]*Person // what person(name) returned, to slug each name once

	diagMu sync.Mutex // for diagnostics of work done in parallel
}

// Build merges the analysed files into one Site. It never fails outright:
// problems (unknown link targets, duplicate slugs, unknown codes) are
// returned as diagnostics and the site holds what could be built.
func Build(in Input) (*Site, diag.List) {
	b := &builder{in: in, docOf: make(map[*load.File]*Document, len(in.Files)), personByName: map[string]*Person{}}
	// People merge across documents by their canonical name; the analysed
	// files are shared with the build cache, so work on copies.
	var kept map[*Analysed]*fileWork
	if in.Cache != nil {
		kept = in.Cache.files
	}
	files := make([]*Analysed, len(in.Files))
	parallel(len(files), func(i int) {
		w := kept[in.Files[i]]
		if in.Consume && in.Cache == nil {
			// The caller's files are ours to take apart: what each
			// stage has used up can go (see release). The work on each
			// event is not kept either: events finds dates as it goes.
			a := in.Files[i]
			a.Result = canonicalPeople(a.Result)
			w = &fileWork{result: &a.Result}
			a.work = w
			files[i] = a
			return
		}
		if w == nil {
			w = newFileWork(in.Files[i])
		}
		c := *in.Files[i]
		c.Result, c.work = *w.result, w
		files[i] = &c
	})
	if in.Cache != nil {
		// What this build does not use is not kept: a deleted or edited
		// document's work goes.
		in.Cache.files = make(map[*Analysed]*fileWork, len(files))
		for i, a := range in.Files {
			in.Cache.files[a] = files[i].work
		}
	}
	b.in.Files = files
	b.site = &Site{
		CountryByCode: map[string]*Country{},
		OrgByID:       map[string]*Organisation{},
		PersonBySlug:  map[string]*Person{},
		DocBySlug:     make(map[string]*Document, len(in.Files)),
	}
	b.config()
	b.organisations()
	b.documents()
	b.entities()
	b.release("entities")
	// Key figures need nothing of the events: they go first, so that
	// what they are made of is gone before events merge, when the most
	// is held.
	b.figures()
	b.release("figures")
	b.events()
	b.release("events")
	b.profiles()
	b.renderNotes()
	b.aggregate()
	if b.in.NoFingerprints {
		b.site.number()
	} else {
		b.site.sum()
	}
	b.ds.Sort()
	// The parsed Markdown is rendered now. The site keeps the analysed
	// files (as copies), so drop the syntax trees from them: on a large
	// site they are a good part of the memory, and when the caller keeps
	// no cache of its own they can be freed before pages are rendered.
	// Likewise the sentence spans and mention lists: they were needed to
	// split seeds into linked sentences and to count mentions, which is
	// done, and they are the largest part of what the extractor returns.
	for _, a := range b.in.Files {
		a.Markdown = nil
		a.Result.Sentences, a.Result.Mentions, a.Result.Warnings = nil, nil, nil
	}
	// Nor do pages need the files themselves (their bytes, front matter
	// and results are in the documents now): drop the links to them, so
	// that only the site stays reachable.
	for _, d := range b.site.Documents {
		d.parts = nil
	}
	for _, c := range b.site.CountryByCode {
		c.profileFile = nil
	}
	for _, o := range b.site.OrgByID {
		o.file = nil
	}
	for _, p := range b.site.PersonBySlug {
		p.file = nil
	}
	return b.site, b.ds
}

// release lets go what the stage done has used up of the documents'
// results: their lists of entities after entities, their events after
// events, and what key figures are made of after figures; the site needs
// none of it while pages render. Only the copies that Build works on are
// changed, and a Cache's work is kept.
func (b *builder) release(done string) {
	drop := func(r *extract.Result) {
		switch done {
		case "entities":
			dropLists(r)
		case "events":
			r.Events, r.Reports = nil, nil
		case "figures":
			r.Quantities, r.Sentences, r.Mentions = nil, nil, nil
		}
	}
	for _, a := range b.in.Files {
		drop(&a.Result)
		if done == "figures" {
			a.Quotes, a.figureKeys = nil, ""
		}
		if b.in.Cache != nil {
			continue
		}
		w := a.work
		drop(w.result)
		switch done {
		case "events":
			w.events = nil
		case "figures":
			w.figures = nil
		}
	}
}

// dropLists lets go what entities reads of a result: its lists of
// countries, organisations, people and places.
func dropLists(r *extract.Result) {
	r.Countries, r.Organisations, r.People, r.Places = nil, nil, nil, nil
}

func (b *builder) config() {
	c := b.in.Config
	base := c.BaseURL
	if b.in.BaseURL != "" {
		base = b.in.BaseURL
	}
	cfg := Config{
		Title: c.Title, Description: c.Description, Language: c.Language,
		CNAME: c.CNAME, Author: c.Author, UnsafeHTML: c.UnsafeHTML, Params: c.Params,
	}
	if problem := BaseURLProblem(base); problem != "" {
		if b.in.BaseURL != "" {
			b.ds.Errorf("", 0, 0, "base URL %q: %s", base, problem)
		} else {
			b.ds.Errorf("site.yaml", 0, 0, "base_url %q: %s", base, problem)
		}
	}
	cfg.BaseURL, cfg.BasePath = NormalizeBaseURL(base)
	b.site.Config = cfg
}

// NormalizeBaseURL returns the base URL ending in "/" and its path, escaped
// as it appears in a link. An empty
// or path-only base ("/repo") gives a site-relative base. The path is
// cleaned ("/a//b/../c" is "/a/c/"), so that no link the site makes holds
// "//". A base that BaseURLProblem refuses gives the site-relative "/":
// a "javascript:" or protocol-relative base would otherwise end up in
// every canonical link, the feed and the sitemap.
func NormalizeBaseURL(base string) (full, pathPart string) {
	u, problem := parseBaseURL(base)
	if u == nil || problem != "" {
		return "/", "/"
	}
	// The path goes into links as it is, so it is kept escaped ("/a%20b/").
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: cleanBasePath(u.Path)}
	p := v.EscapedPath()
	if u.Host == "" {
		return p, p
	}
	return v.String(), p
}

// BaseURLProblem says what is wrong with a base URL ("" when nothing): it
// must be an http or https URL with a host, or a path starting with "/".
func BaseURLProblem(base string) string {
	_, problem := parseBaseURL(base)
	return problem
}

func parseBaseURL(base string) (*url.URL, string) {
	base = strings.TrimSpace(base)
	if base == "" {
		return &url.URL{}, ""
	}
	u, err := url.Parse(base)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, "not a URL: " + err.Error()
	}
	switch {
	case u.Scheme == "" && u.Host == "" && u.Opaque == "":
		if !strings.HasPrefix(u.Path, "/") {
			return nil, "want an http:// or https:// URL, or a path that starts with /"
		}
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, "want an http:// or https:// URL, or a path that starts with /"
	case u.Host == "" || u.Opaque != "":
		return nil, "the URL has no host"
	case u.User != nil:
		return nil, "a published address must not hold a user name or password"
	}
	return u, ""
}

// cleanBasePath makes a URL path into a base path: "/" alone or
// "/seg/.../" with no empty, "." or ".." segments.
func cleanBasePath(p string) string {
	p = path.Clean("/" + p)
	if p == "/" {
		return p
	}
	return p + "/"
}

func (b *builder) country(code string) *Country {
	code = strings.ToUpper(code)
	if c, ok := b.site.CountryByCode[code]; ok {
		return c
	}
	info, ok := extract.LookupCountry(code)
	if !ok {
		return nil
	}
	c := &Country{
		Code: info.Code, Slug: strings.ToLower(info.Code), Name: info.Name,
		Official: info.Official, Capital: info.Capital, Region: info.Region,
		Subregion: info.Subregion, Flag: info.Flag, monthly: map[string]int{},
	}
	b.site.CountryByCode[code] = c
	return c
}

// organisations registers the built-in organisations and the editors'
// organisation profiles; which of them appear on the site is decided once
// mentions are known.
func (b *builder) organisations() {
	for _, o := range extract.OrgData() {
		b.site.OrgByID[o.ID] = &Organisation{
			ID: o.ID, Slug: o.ID, Name: o.Name, Acronym: o.Acronym, Aliases: o.Aliases,
			memberCodes: o.Members,
		}
	}
	for _, a := range b.in.Files {
		f := a.File
		if f.Kind != load.Entity || f.Front.Kind != "org" {
			continue
		}
		id := f.Front.ID
		if id == "" {
			id = NameSlug("org", f.Front.Name)
		}
		o := b.site.OrgByID[id]
		if o == nil {
			o = &Organisation{ID: id, Slug: NameSlug("org", id)}
			b.site.OrgByID[id] = o
		}
		if f.Front.Name != "" {
			o.Name = f.Front.Name
		}
		o.Aliases = mergeStrings(o.Aliases, f.Front.Aliases)
		if len(f.Front.Members) > 0 {
			o.memberCodes = f.Front.Members
		}
		o.profiled = true
		o.file = a
	}
}

func mergeStrings(a, b []string) []string {
	if len(a)+len(b) <= 16 {
		// A few tags or aliases: look back instead of hashing.
		var out []string
		for _, list := range [2][]string{a, b} {
			for _, s := range list {
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
		return out
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string{}, a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// documents turns seeds and notes into Documents, with slugs, metadata from
// annotating notes, and paragraphs of sentences for seeds.
func (b *builder) documents() {
	// Which note annotates which seed.
	notesOf := map[string][]*Analysed{}
	seeds := map[string]bool{}
	for _, a := range b.in.Files {
		if a.File.Kind == load.Seed {
			seeds[a.File.Path] = true
		}
	}
	isSeed := func(p string) bool { return seeds[p] }
	annotating := map[*load.File]bool{}
	for _, a := range b.in.Files {
		f := a.File
		target, _ := load.Annotates(f, isSeed)
		if target == "" {
			continue
		}
		annotating[f] = true
		if !seeds[target] {
			l, c := b.frontPos(f, "seed")
			b.ds.Errorf(f.Path, l, c, "seed %q does not exist (want a path like seeds/NAME.txt)", f.Front.Seed)
			continue
		}
		notesOf[target] = append(notesOf[target], a)
	}
	// Sized for every file, as are docOf and DocBySlug: growing a map of
	// thousands of keys moves them again and again.
	slugOwner := make(map[string]string, len(b.in.Files))
	b.site.Documents = make([]*Document, 0, len(b.in.Files))
	for _, a := range b.in.Files {
		f := a.File
		if f.Kind != load.Seed && f.Kind != load.Note {
			continue
		}
		if annotating[f] {
			continue // part of its seed's document
		}
		if f.Front.Draft && !b.in.Drafts {
			continue
		}
		d := &Document{
			Path: f.Path, Kind: string(f.Kind),
			Published: a.Published, Params: f.Front.Params, parts: []*Analysed{a},
		}
		base := strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
		d.Slug = NameSlug("document", base)
		if f.Kind == load.Seed {
			d.Title = load.Headline(f.Raw)
			d.Paragraphs = paragraphs(f.Raw, a.Result)
			for _, n := range notesOf[f.Path] {
				if n.File.Front.Draft && !b.in.Drafts {
					continue
				}
				b.applyFront(d, n.File.Front)
				d.Notes = append(d.Notes, n.File.Path)
				d.parts = append(d.parts, n)
				b.docOf[n.File] = d
			}
		} else {
			b.applyFront(d, f.Front)
			if d.Title == "" {
				d.Title = headingOrName(a, base)
			}
		}
		if d.Slug == "" {
			d.Slug = "document"
		}
		if other, dup := slugOwner[d.Slug]; dup {
			b.ds.Errorf(f.Path, 1, 1, "slug %q is also used by %s: give one of them a different file name or slug", d.Slug, other)
			continue
		}
		slugOwner[d.Slug] = f.Path
		b.docOf[f] = d
		b.site.DocBySlug[d.Slug] = d
		b.site.Documents = append(b.site.Documents, d)
	}
	// Slugs are unique: the order is total, and a stable sort (much
	// slower) would give the same.
	slices.SortFunc(b.site.Documents, func(di, dj *Document) int {
		switch {
		case di.Published != dj.Published:
			if dj.Published.Before(di.Published) {
				return -1
			}
			return 1
		case di.Slug != dj.Slug:
			return strings.Compare(di.Slug, dj.Slug)
		}
		return 0
	})
}

// canonicalPeople returns r with every person named by the canonical name
// the extractor gives ("Vladimir Putin" where a document only says
// "Putin"), in the people list, events and mentions, and its events as
// Reports. r is not modified.
func canonicalPeople(r extract.Result) extract.Result {
	if r.Reports == nil && r.Events != nil {
		// A result made without Input.Lean.
		r.Reports = make([]extract.Report, len(r.Events))
		for i := range r.Events {
			r.Reports[i] = extract.ReportOf(&r.Events[i])
		}
	}
	r.Events = nil
	canon := map[string]string{}
	for _, p := range r.People {
		if p.Canonical != "" && p.Canonical != p.Name {
			canon[p.Name] = p.Canonical
		}
	}
	if len(canon) == 0 {
		return r
	}
	rename := func(n string) string {
		if c, ok := canon[n]; ok {
			return c
		}
		return n
	}
	r.People = append([]extract.Person(nil), r.People...)
	for i := range r.People {
		r.People[i].Name = rename(r.People[i].Name)
	}
	r.Reports = append([]extract.Report(nil), r.Reports...)
	for i := range r.Reports {
		people := make([]string, len(r.Reports[i].People()))
		for j, n := range r.Reports[i].People() {
			people[j] = rename(n)
		}
		r.Reports[i].SetPeople(people)
	}
	r.Mentions = append([]extract.Mention(nil), r.Mentions...)
	for i := range r.Mentions {
		if r.Mentions[i].Kind == extract.KindPerson {
			r.Mentions[i].ID = rename(r.Mentions[i].ID)
		}
	}
	return r
}

// applyFront copies a note's front matter onto its document. For a seed
// annotated by several notes, the first note that gives a field wins.
func (b *builder) applyFront(d *Document, fm load.FrontMatter) {
	if fm.Title != "" && (d.Kind == "note" || len(d.Notes) == 0) {
		d.Title = fm.Title
	}
	if fm.Slug != "" && (d.Kind == "note" || len(d.Notes) == 0) {
		d.Slug = fm.Slug
	}
	d.Summary = firstNonEmpty(d.Summary, fm.Summary)
	d.Source = firstNonEmpty(d.Source, fm.Source)
	d.Publisher = firstNonEmpty(d.Publisher, fm.Publisher)
	d.Tags = mergeStrings(d.Tags, fm.Tags)
	d.Draft = d.Draft || fm.Draft
	d.Corrections = append(d.Corrections, fm.Corrections...)
	if d.Published.IsZero() {
		d.Published = fm.Published
	}
}

func headingOrName(a *Analysed, base string) string {
	if a.Markdown != nil && len(a.Markdown.Headings) > 0 && a.Markdown.Headings[0].Level == 1 {
		return a.Markdown.Headings[0].Text
	}
	return base
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// frontPos finds the line of a front-matter field for a diagnostic.
func (b *builder) frontPos(f *load.File, field string) (int, int) {
	for i, l := range strings.Split(string(f.Raw[:f.BodyStart]), "\n") {
		if strings.HasPrefix(l, field+":") {
			return i + 1, len(field) + 3
		}
	}
	return 1, 1
}

// paragraphs splits a seed into lines (its paragraphs) of sentences, each
// cut into pieces at entity and date mentions. Text between sentences is
// kept, so the pieces of a paragraph spell the line exactly.
func paragraphs(raw []byte, r extract.Result) [][]*Sentence {
	text := string(raw)
	var out [][]*Sentence
	sents := r.Sentences
	si := 0
	mentions := r.Mentions
	mi := 0
	start := 0
	for start < len(text) {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := strings.TrimRight(text[start:end], "\r")
		lineEnd := start + len(line)
		if strings.TrimSpace(line) == "" {
			start = end + 1
			continue
		}
		var para []*Sentence
		pos := start
		for pos < lineEnd {
			// Skip sentences that ended before this position.
			for si < len(sents) && sents[si].End <= pos {
				si++
			}
			sEnd := lineEnd
			n := 0
			if si < len(sents) && sents[si].Start <= pos {
				n = si + 1
				if sents[si].End < sEnd {
					sEnd = sents[si].End
				}
			} else if si < len(sents) && sents[si].Start < lineEnd {
				sEnd = sents[si].Start // text before the next sentence
			}
			s := &Sentence{N: n}
			for mi < len(mentions) && mentions[mi].Start < pos {
				mi++
			}
			p := pos
			for mi < len(mentions) && mentions[mi].Start < sEnd {
				m := mentions[mi]
				if m.End > sEnd {
					break
				}
				if m.Start > p {
					s.Pieces = append(s.Pieces, Piece{Text: text[p:m.Start]})
				}
				s.Pieces = append(s.Pieces, Piece{Text: text[m.Start:m.End], Kind: m.Kind, ID: m.ID})
				p = m.End
				mi++
			}
			if p < sEnd {
				s.Pieces = append(s.Pieces, Piece{Text: text[p:sEnd]})
			}
			if n > 0 || strings.TrimSpace(text[pos:sEnd]) != "" {
				para = append(para, s)
			}
			pos = sEnd
		}
		out = append(out, para)
		start = end + 1
	}
	return out
}

// entities registers countries, organisations and people found in the
// documents, with their mentions.
func (b *builder) entities() {
	// Countries are counted on a core of their own while organisations
	// and people are counted on this one; each kind goes through the
	// documents in order. A person's country is looked up once both are
	// done, as the other core registers countries meanwhile.
	// A build that consumes its files lets each document's lists go once
	// both have passed it (see release).
	consume := b.in.Consume && b.in.Cache == nil
	var counted atomic.Int64 // documents the countries' loop is done with
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k, d := range b.site.Documents {
			for _, part := range d.parts {
				b.countryMentions(d, part.Result)
			}
			counted.Store(int64(k + 1))
		}
	}()
	countryOf := map[*Person]string{}
	var order []*Person
	released := 0
	for k, d := range b.site.Documents {
		for _, part := range d.parts {
			b.orgMentions(d, part.Result)
			order = append(order, b.peopleMentions(d, part.Result, countryOf)...)
		}
		if consume && (k+1)%slabLen == 0 {
			for done := min(k+1, int(counted.Load())); released < done; released++ {
				for _, part := range b.site.Documents[released].parts {
					dropLists(&part.Result)
					dropLists(part.work.result)
				}
			}
		}
	}
	wg.Wait()
	for _, per := range order {
		per.Country = b.country(countryOf[per])
	}
	b.profilesAndMembers()
}

// countryMentions counts the countries one part of a document mentions.
func (b *builder) countryMentions(d *Document, r extract.Result) {
	month := ""
	for _, c := range r.Countries {
		if co := b.country(c.Code); co != nil {
			co.Mentions += c.Mentions
			d.Countries = appendCountry(d.Countries, co)
			co.Documents = append(co.Documents, d)
			if co.LastMention.Before(d.Published) {
				co.LastMention = d.Published
			}
			if !d.Published.IsZero() {
				if month == "" {
					month = monthKey(d.Published)
				}
				co.monthly[month] += c.Mentions
			}
		}
	}
}

// orgMentions counts the organisations one part of a document mentions.
func (b *builder) orgMentions(d *Document, r extract.Result) {
	for _, o := range r.Organisations {
		org := b.site.OrgByID[o.ID]
		if org == nil {
			org = &Organisation{ID: o.ID, Slug: NameSlug("org", o.ID), Name: o.Name}
			b.site.OrgByID[o.ID] = org
		}
		org.Mentions += o.Mentions
		org.mentioned = true
		if !containsOrg(d.Orgs, org) {
			d.Orgs = append(d.Orgs, org)
		}
		org.Documents = append(org.Documents, d)
	}
}

// peopleMentions counts the people one part of a document mentions. A
// person's country is the first of their mentions' countries that is a
// country: it goes into countryOf, and the people who got one are
// returned.
func (b *builder) peopleMentions(d *Document, r extract.Result, countryOf map[*Person]string) []*Person {
	var got []*Person
	for _, p := range r.People {
		per := b.person(p.Name)
		per.Mentions += p.Mentions
		if per.Title == "" {
			per.Title = p.Title
		}
		if _, done := countryOf[per]; !done && p.Country != "" {
			if _, ok := extract.LookupCountry(strings.ToUpper(p.Country)); ok {
				countryOf[per] = p.Country
				got = append(got, per)
			}
		}
		d.People = appendPerson(d.People, per)
		per.Documents = append(per.Documents, d)
	}
	return got
}

// profilesAndMembers registers people with profiles, countries named in
// front matter, profiled countries and the members of organisations.
func (b *builder) profilesAndMembers() {
	// People with profiles in content/entities.
	for _, a := range b.in.Files {
		f := a.File
		if f.Kind != load.Entity || f.Front.Kind != "person" {
			continue
		}
		per := b.person(firstNonEmpty(f.Front.Name, strings.TrimSuffix(path.Base(f.Path), ".md")))
		if f.Front.Role != "" {
			per.Title = f.Front.Role
		}
		if f.Front.Country != "" {
			if c := b.country(f.Front.Country); c != nil {
				per.Country = c
			} else {
				l, col := b.frontPos(f, "country")
				b.ds.Errorf(f.Path, l, col, "unknown country code %q", f.Front.Country)
			}
		}
		per.file = a
	}
	// Countries named in notes' front matter count as mentions.
	for _, a := range b.in.Files {
		d := b.docOf[a.File]
		if d == nil {
			continue
		}
		for _, code := range a.File.Front.Countries {
			c := b.country(code)
			if c == nil {
				l, col := b.frontPos(a.File, "countries")
				b.ds.Errorf(a.File.Path, l, col, "unknown country code %q (want ISO 3166-1 alpha-2, like TJ)", code)
				continue
			}
			if !containsCountry(d.Countries, c) {
				d.Countries = append(d.Countries, c)
				c.Documents = append(c.Documents, d)
				c.Mentions++
			}
		}
	}
	// Profiled countries have pages even when no document names them.
	for _, a := range b.in.Files {
		if a.File.Kind == load.Profile {
			code := strings.ToUpper(strings.TrimSuffix(path.Base(a.File.Path), ".md"))
			if b.country(code) == nil {
				b.ds.Errorf(a.File.Path, 1, 1, "no country has the code %q", code)
			}
		}
	}
	for _, o := range b.site.OrgByID {
		if !o.mentioned && !o.profiled {
			continue
		}
		// Members the briefing covers link to their profiles; the others
		// are named only, so that mentioning the UN does not make a page
		// for each of its 193 members.
		for _, code := range o.memberCodes {
			if c := b.site.CountryByCode[strings.ToUpper(code)]; c != nil {
				o.Members = append(o.Members, c)
				c.Memberships = append(c.Memberships, o)
			} else if info, ok := extract.LookupCountry(code); ok {
				o.OtherMembers = append(o.OtherMembers, info.Name)
			}
		}
		sort.Strings(o.OtherMembers)
	}
}

func containsCountry(cs []*Country, c *Country) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func monthKey(d extract.Date) string {
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 {
		if d.Month == 0 {
			return fmt.Sprintf("%04d", d.Year)
		}
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	// fmt, in short: a document's month is counted for every country it
	// names.
	b := make([]byte, 0, 7)
	b = append(b, byte('0'+d.Year/1000), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10))
	if d.Month != 0 {
		b = append(b, '-', byte('0'+d.Month/10), byte('0'+d.Month%10))
	}
	return string(b)
}

// NameSlug is the URL segment for a name: its slug, or, for a name in
// which Slugify finds no Latin letter or digit ("Путин", "!!!"), a stable
// one made from a hash of the name ("person-1a2b3c4d"), so that every
// person, organisation and document has a page of its own instead of the
// build failing on an empty path segment.
func NameSlug(kind, name string) string {
	if s := load.Slugify(name); s != "" || strings.TrimSpace(name) == "" {
		return s
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(name)))
	return kind + "-" + hex.EncodeToString(h[:4])
}

func (b *builder) person(name string) *Person {
	if p, ok := b.personByName[name]; ok {
		return p
	}
	slug := NameSlug("person", name)
	p, ok := b.site.PersonBySlug[slug]
	if !ok {
		p = &Person{Slug: slug, Name: name}
		b.site.PersonBySlug[slug] = p
	}
	b.personByName[name] = p
	return p
}

// keepKeysFrom is the number of events of a date from which a Cache keeps
// their merge keys.
const keepKeysFrom = 512

// events collects events from every document and the editors' curated
// events, and merges the same event reported by several documents.
func (b *builder) events() {
	var all []*Event
	var origin []*eventWork // of each event in all: the work of its first report
	// Every event, in the order of documents and their parts; the part's
	// number is the event's owner for the merger.
	// An item is small: a site of 100,000 notes has over a million.
	type item struct {
		e      *extract.Report
		part   int32
		event  int32 // number of the event in its part
		leader int32 // the item whose group this one joins; itself when it starts one; -1 without a date
	}
	var parts []*Analysed
	var docOf []*Document
	var docNum []int // number of each part's document, for the merger
	var first []int  // first item of each part
	n := 0
	for k, d := range b.site.Documents {
		for _, part := range d.parts {
			parts = append(parts, part)
			docOf = append(docOf, d)
			docNum = append(docNum, k+1)
			first = append(first, n)
			n += len(part.Result.Reports)
		}
	}
	items := make([]item, n)
	parallel(len(parts), func(i int) {
		evs := parts[i].Result.Reports
		w := parts[i].work
		for j := range evs {
			it := &items[first[i]+j]
			it.e, it.part, it.event, it.leader = &evs[j], int32(i), int32(j), -1
			dated := false
			if w.events != nil {
				dated = w.events[j].dated
			} else {
				_, _, dated = eventDates(&evs[j])
			}
			if dated {
				it.leader = int32(first[i] + j)
			}
		}
	})
	// Only events of the same date merge, so each date's events go
	// through a merger of their own, in their order, on every core; the
	// outcome is the one a single merger gives.
	dateNum := map[string]int32{}
	var dateText []string
	var size []int32
	num := make([]int32, len(items))
	for i := range items {
		if items[i].leader < 0 {
			continue
		}
		date := items[i].e.Date()
		k, ok := dateNum[date]
		if !ok {
			k = int32(len(size))
			dateNum[date] = k
			dateText = append(dateText, date)
			size = append(size, 0)
		}
		num[i] = k
		size[k]++
	}
	dateNum = nil
	// The items of date k are order[at[k]:at[k+1]], in their order.
	at := make([]int32, len(size)+1)
	for k, c := range size {
		at[k+1] = at[k] + c
	}
	order := make([]int32, at[len(size)])
	fill := slices.Clone(at[:len(size)])
	for i := range items {
		if items[i].leader >= 0 {
			order[fill[num[i]]] = int32(i)
			fill[num[i]]++
		}
	}
	num, fill = nil, nil
	// The largest first, so that the cores finish together.
	dates := make([]int32, len(size))
	for k := range dates {
		dates[k] = int32(k)
	}
	sort.Slice(dates, func(i, j int) bool {
		if size[dates[i]] != size[dates[j]] {
			return size[dates[i]] > size[dates[j]]
		}
		return dates[i] < dates[j]
	})
	cache := b.in.Cache
	var kept map[string]*dateWork
	if cache != nil {
		kept = cache.dates
	}
	merged := make([]*dateWork, len(size))
	var reused atomic.Int64
	parallel(len(dates), func(k int) {
		d := dates[k]
		list := order[at[d]:at[d+1]]
		var sig []mergeSig
		if cache != nil {
			// The merger's outcome is a function of the events in their
			// order and of which of them share an owner or a document.
			sig = make([]mergeSig, len(list))
			owner, doc := int32(-1), int32(-1)
			lastPart, lastDoc := int32(-1), -1
			for p, i := range list {
				it := &items[i]
				// Parts, and so documents, come in runs: an owner or a
				// document is new exactly when it differs from the last.
				if it.part != lastPart {
					owner, lastPart = owner+1, it.part
				}
				if docNum[it.part] != lastDoc {
					doc, lastDoc = doc+1, docNum[it.part]
				}
				sig[p] = mergeSig{e: it.e, owner: owner, doc: doc}
			}
			if w := kept[dateText[d]]; w != nil && slices.EqualFunc(w.sig, sig, sameMerge) {
				for p, i := range list {
					items[i].leader = list[w.leaders[p]]
				}
				// The new list holds the same events: keep it, so that the
				// old documents' results can go.
				merged[d] = &dateWork{sig: sig, leaders: w.leaders}
				reused.Add(1)
				return
			}
		}
		// Merging again needs every event's merge key. Those of a date
		// with many events are kept (a year holds thousands, and a note
		// added or removed merges them again); the others take less time
		// to make again than memory to keep.
		keep := cache != nil && len(list) >= keepKeysFrom
		m := mergers.Get().(*extract.EventMerger)
		defer func() {
			m.Reset()
			mergers.Put(m)
		}()
		var leaders []int32 // position of the first item of each group
		leaderAt := make([]int32, len(list))
		for p, i := range list {
			it := &items[i]
			var g int
			var isNew bool
			if w := parts[it.part].work; w.events == nil {
				// Nothing of the event is kept (Consume): the merger
				// makes its key in memory of its own.
				g, isNew = m.AddEvent(it.e, int(it.part)+1, docNum[it.part])
			} else {
				g, isNew = m.AddKeyed(it.e, w.mergeKey(int(it.event), keep), int(it.part)+1, docNum[it.part])
			}
			if isNew {
				leaders = append(leaders, int32(p))
			}
			leaderAt[p] = leaders[g]
			it.leader = list[leaders[g]]
		}
		if cache != nil {
			merged[d] = &dateWork{sig: sig, leaders: leaderAt}
		}
	})
	if cache != nil {
		cache.dates = make(map[string]*dateWork, len(merged))
		for d, w := range merged {
			cache.dates[dateText[d]] = w
		}
		cache.stats.Dates, cache.stats.DatesReused = len(merged), int(reused.Load())
	}
	// Events are allocated together, and so are their sources and entity
	// lists, each with room for what its group's reports can add: a large
	// site has tens of thousands of events, and the merged ones are
	// completed while later ones are made.
	group := make([]int32, len(items)) // of an item that starts a group: its event
	groups := 0
	for i := range items {
		if int(items[i].leader) == i {
			groups++
		}
	}
	room := make([]struct{ sources, countries, orgs, people int32 }, 0, groups)
	lastDoc := make([]int32, 0, groups)
	var total struct{ sources, countries, orgs, people int }
	for i := range items {
		it := &items[i]
		if it.leader < 0 {
			continue
		}
		dn := int32(docNum[it.part])
		g := int32(len(room))
		if int(it.leader) == i {
			group[i] = g
			room = append(room, struct{ sources, countries, orgs, people int32 }{})
			lastDoc = append(lastDoc, -1)
		} else {
			g = group[it.leader]
		}
		r := &room[g]
		if lastDoc[g] != dn {
			r.sources++
			lastDoc[g] = dn
			total.sources++
		}
		nc, no, np := len(it.e.Countries()), len(it.e.Organisations()), len(it.e.People())
		r.countries += int32(nc)
		r.orgs += int32(no)
		r.people += int32(np)
		total.countries += nc
		total.orgs += no
		total.people += np
	}
	lastDoc = nil
	// A build that consumes its files makes the events in slabs as it
	// goes and lets each part's reports go once both loops below have
	// passed it, so that the merged events and the reports they are made
	// of are not all held at once (see releaseReports).
	consume := b.in.Consume && b.in.Cache == nil
	events := newEventSlabs(len(room), consume)
	sources := newSlab[Source](total.sources, consume)
	countries := newSlab[*Country](total.countries, consume)
	orgs := newSlab[*Organisation](total.orgs, consume)
	people := newSlab[*Person](total.people, consume)
	all = make([]*Event, len(room))
	origin = make([]*eventWork, len(room))
	// Sources are filled on a core of their own while entities are added
	// on this one: each goes through the reports in order, writing fields
	// of the events that the other does not.
	var sourced atomic.Int64 // items the sources' loop is done with
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range items {
			it := &items[i]
			if i%slabLen == 0 {
				sourced.Store(int64(i))
			}
			if it.leader < 0 {
				continue
			}
			e, d := it.e, docOf[it.part]
			src := Source{Doc: d, Sentence: e.Sentence, Offset: e.Offset, Text: e.Text}
			if parts[it.part].File.Kind != load.Seed {
				// Rendered Markdown has no sentence anchors, and no page
				// points into a note's text: an edit that moves a
				// note's sentences changes nothing of its events.
				src.Sentence, src.Offset = 0, 0
			}
			if int(it.leader) != i {
				// One source per document. Items come document by
				// document, so a source of d, if x has one, is its last:
				// checking that one keeps an event with thousands of
				// sources linear.
				x := events.at(group[it.leader])
				if x.Sources[len(x.Sources)-1].Doc != d {
					x.Sources = append(x.Sources, src)
				}
				continue
			}
			g := group[i]
			ev := events.at(g)
			var w *eventWork // nil without work on each event (Consume)
			if ws := parts[it.part].work.events; ws != nil {
				w = &ws[it.event]
				ev.SetDates(w.date, w.end)
			} else {
				date, end, _ := eventDates(e)
				ev.SetDates(date, end)
			}
			ev.Text, ev.Planned = e.Text, e.Planned
			ev.Sources = append(sources.take(int(room[g].sources)), src)
			all[g], origin[g] = ev, w
		}
		sourced.Store(int64(len(items)))
	}()
	released := 0 // parts whose reports are let go
	for i := range items {
		it := &items[i]
		if consume && i%slabLen == 0 {
			released = releaseReports(parts, first, len(items), released, min(i, int(sourced.Load())), func(k int) { items[k].e = nil })
		}
		if it.leader < 0 {
			continue
		}
		ev := events.at(group[it.leader])
		if int(it.leader) == i {
			r := room[group[i]]
			if r.countries > 0 {
				ev.Countries = countries.take(int(r.countries))
			}
			if r.orgs > 0 {
				ev.Orgs = orgs.take(int(r.orgs))
			}
			if r.people > 0 {
				ev.People = people.take(int(r.people))
			}
		}
		b.addEntities(ev, it.e)
	}
	wg.Wait()
	items = nil
	for _, ev := range all {
		// A list with room and nothing in it (the codes were unknown) is
		// no list, as when appending made it.
		if len(ev.Countries) == 0 {
			ev.Countries = nil
		}
		if len(ev.Orgs) == 0 {
			ev.Orgs = nil
		}
		if len(ev.People) == 0 {
			ev.People = nil
		}
	}
	b.curatedEvents(&all)
	b.finishEvents(all, origin)
}

// mergers are the event mergers of events, reused from date to date.
var mergers = sync.Pool{New: func() any { return new(extract.EventMerger) }}

// curatedEvents adds the editors' events from front matter `events:`.
func (b *builder) curatedEvents(all *[]*Event) {
	// Curated events from front matter.
	for _, a := range b.in.Files {
		d := b.docOf[a.File]
		if d == nil {
			continue
		}
		for _, ce := range a.File.Front.Events {
			ev := &Event{Text: ce.Title, Sources: []Source{{Doc: d, Text: ce.Title}}}
			ev.SetDates(ce.Date, ce.End)
			ev.Planned = !d.Published.IsZero() && d.Published.Before(ce.Date) && !sameOrWithin(ce.Date, d.Published)
			for _, code := range ce.Countries {
				if c := b.country(code); c != nil {
					ev.Countries = appendCountry(ev.Countries, c)
				} else {
					b.ds.Errorf(a.File.Path, ce.Line, ce.Col, "event: unknown country code %q", code)
				}
			}
			*all = append(*all, ev)
		}
	}
}

// finishEvents sorts the timeline and links events to what they involve.
// origin holds the work of the first report of each extracted event, which
// come first in all; curated events have none.
func (b *builder) finishEvents(all []*Event, origin []*eventWork) {
	parallel(len(all), func(i int) {
		ev := all[i]
		sortCountries(ev.Countries)
		if i >= len(origin) || origin[i] == nil {
			ev.idSum = eventSum(ev)
			return
		}
		// The id of an extracted event is a function of the event and of
		// where its first report is.
		w, src := origin[i], ev.Sources[0]
		if w.idPath == "" || w.idPath != src.Doc.Path || w.idSentence != src.Sentence {
			w.idSum, w.idPath, w.idSentence = eventSum(ev), src.Doc.Path, src.Sentence
		}
		ev.idSum = w.idSum
	})
	// Newest first, then by id; events equal in both keep their order.
	// Events of one date are sorted on their own, on every core; each
	// sorts its keys, copied next to each other, with the position as the
	// last key (a stable sort would move them O(n log² n) times).
	// Of one date, the ids differ only in their hash, written in digits
	// of the same number: they sort as the hashes do.
	type sortKey struct {
		sum uint32
		pos int32
	}
	var dates []extract.Date
	var keys [][]sortKey
	bucket := map[extract.Date]int{}
	for i, ev := range all {
		date := ev.Date()
		k, ok := bucket[date]
		if !ok {
			k = len(dates)
			bucket[date] = k
			dates = append(dates, date)
			keys = append(keys, nil)
		}
		keys[k] = append(keys[k], sortKey{ev.idSum, int32(i)})
	}
	bucket = nil
	byDate := make([]int, len(dates))
	for k := range byDate {
		byDate[k] = k
	}
	slices.SortFunc(byDate, func(i, j int) int {
		if dates[j].Before(dates[i]) {
			return -1
		}
		return 1 // dates differ
	})
	parallel(len(keys), func(k int) {
		slices.SortFunc(keys[k], func(a, b sortKey) int {
			if a.sum != b.sum {
				return cmp.Compare(a.sum, b.sum)
			}
			return int(a.pos - b.pos)
		})
	})
	sorted := make([]*Event, 0, len(all))
	for _, k := range byDate {
		for _, key := range keys[k] {
			sorted = append(sorted, all[key.pos])
		}
	}
	all = sorted
	b.site.Events = all
	// Documents get their events on a core of their own while entities
	// get theirs on this one: no list is written by both. Each list is
	// counted first and made at its size: a country's holds thousands of
	// events, and appending would make it again a dozen times.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, ev := range all {
			for _, s := range ev.Sources {
				s.Doc.nEvents++
			}
		}
		for i, ev := range all {
			// Newest first: each year comes after the later ones.
			if i == 0 || ev.year != all[i-1].year {
				b.site.Years = append(b.site.Years, int(ev.year))
			}
			for _, s := range ev.Sources {
				appendSized(&s.Doc.Events, s.Doc.nEvents, ev)
			}
		}
	}()
	defer wg.Wait()
	for _, ev := range all {
		for _, c := range ev.Countries {
			c.nEvents++
		}
		for _, o := range ev.Orgs {
			o.nEvents++
		}
		for _, p := range ev.People {
			p.nEvents++
		}
	}
	for _, ev := range all {
		for _, c := range ev.Countries {
			appendSized(&c.Events, c.nEvents, ev)
		}
		for _, o := range ev.Orgs {
			appendSized(&o.Events, o.nEvents, ev)
		}
		for _, p := range ev.People {
			appendSized(&p.Events, p.nEvents, ev)
		}
	}
}

// appendSized appends ev to *list, made with room for size events when
// it is the first.
func appendSized(list *[]*Event, size int, ev *Event) {
	if *list == nil {
		*list = make([]*Event, 0, size)
	}
	*list = append(*list, ev)
}

// sameOrWithin reports whether a coarse date contains the day d ("2025"
// contains 2025-05-29): such an event is current, not planned.
func sameOrWithin(coarse, d extract.Date) bool {
	if coarse.Year != d.Year {
		return false
	}
	return coarse.Month == 0 || coarse.Month == d.Month && (coarse.Day == 0 || coarse.Day == d.Day)
}

func (b *builder) addEntities(ev *Event, e *extract.Report) {
	for _, code := range e.Countries() {
		if c := b.country(code); c != nil {
			ev.Countries = appendCountry(ev.Countries, c)
		}
	}
	for _, id := range e.Organisations() {
		if o := b.site.OrgByID[id]; o != nil && !containsOrg(ev.Orgs, o) {
			ev.Orgs = append(ev.Orgs, o)
		}
	}
	for _, name := range e.People() {
		p := b.person(name)
		if !containsPerson(ev.People, p) {
			ev.People = append(ev.People, p)
		}
	}
}

func appendCountry(cs []*Country, c *Country) []*Country {
	if containsCountry(cs, c) {
		return cs
	}
	return append(cs, c)
}

func containsOrg(os []*Organisation, o *Organisation) bool {
	for _, x := range os {
		if x == o {
			return true
		}
	}
	return false
}

func appendPerson(ps []*Person, p *Person) []*Person {
	if containsPerson(ps, p) {
		return ps
	}
	return append(ps, p)
}

func containsPerson(ps []*Person, p *Person) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

// sortCountries sorts by name as sort.Slice would (the same algorithm),
// without the reflection that sort.Slice costs on every event's list.
func sortCountries(cs []*Country) {
	if len(cs) < 2 {
		return
	}
	slices.SortFunc(cs, func(a, b *Country) int { return strings.Compare(a.Name, b.Name) })
}

// eventSum is the hash that an event's id ends in: of its date, of the
// path and sentence of its first report, and of its text.
func eventSum(ev *Event) uint32 {
	var src Source
	if len(ev.Sources) > 0 {
		src = ev.Sources[0]
	}
	path := ""
	if src.Doc != nil {
		path = src.Doc.Path
	}
	// What is hashed is made on the stack: most texts are a sentence.
	var stack [512]byte
	buf := ev.Date().AppendISO(stack[:0])
	buf = append(buf, 0)
	buf = append(buf, path...)
	buf = append(buf, 0)
	buf = append(buf, ev.Text...)
	buf = append(buf, 0)
	buf = strconv.AppendInt(buf, int64(src.Sentence), 10)
	sum := sha256.Sum256(buf)
	return binary.BigEndian.Uint32(sum[:4])
}

func (b *builder) figures() {
	docs := b.site.Documents
	if keep := b.in.KeepFigures; keep > 0 {
		// Only the first figures of the site and of each country are
		// shown: a figure is made only when a list it would join has
		// room, document after document, so that the others (on a large
		// site, most) are never held.
		wanted := func(cs []*Country) bool {
			return len(b.site.Figures) < keep || slices.ContainsFunc(cs, func(c *Country) bool { return len(c.Figures) < keep })
		}
		add := func(f *Figure) {
			if len(b.site.Figures) < keep {
				b.site.Figures = append(b.site.Figures, f)
			}
			for _, c := range f.Countries {
				if len(c.Figures) < keep {
					c.Figures = append(c.Figures, f)
				}
			}
		}
		var seen keySet // one for every document in turn, emptied for each
		for _, d := range docs {
			seen.reset()
			for _, part := range d.parts {
				b.partFigures(d, part, &seen, wanted, add)
			}
		}
		return
	}
	// Documents find their figures independently; the lists are joined in
	// document order.
	figs := make([][]*Figure, len(docs))
	parallel(len(docs), func(i int) {
		var seen keySet
		for _, part := range docs[i].parts {
			b.partFigures(docs[i], part, &seen, nil, func(f *Figure) { figs[i] = append(figs[i], f) })
		}
	})
	n := 0
	for _, fs := range figs {
		n += len(fs)
	}
	if n > 0 {
		b.site.Figures = make([]*Figure, 0, n)
	}
	for _, fs := range figs {
		for _, f := range fs {
			for _, c := range f.Countries {
				c.Figures = append(c.Figures, f)
			}
		}
		b.site.Figures = append(b.site.Figures, fs...)
	}
}

// partFigures hands the key figures of one part of a document to add, in
// order; a figure an annotating note repeats from its seed is kept once.
// With wanted, a figure is made only when wanted accepts its countries,
// and the part's candidates are not kept for a next build. It only reads
// the site, so documents can be done in parallel when add allows it.
func (b *builder) partFigures(d *Document, part *Analysed, seen *keySet, wanted func([]*Country) bool, add func(*Figure)) {
	if part.figureKeys != "" {
		b.reducedPartFigures(d, part, seen, wanted, add)
		return
	}
	var cands []figureCandidate
	var made []Figure
	if wanted == nil {
		cands = part.work.figureCandidates(part)
		made = make([]Figure, 0, len(cands))
	} else {
		cands = figureCandidatesOf(part)
	}
	for i := range cands {
		fc := &cands[i]
		if !seen.add(fc.key) {
			continue
		}
		var countries []*Country
		for _, code := range fc.countries {
			if c := b.site.CountryByCode[code]; c != nil {
				countries = append(countries, c)
			}
		}
		if wanted != nil && !wanted(countries) {
			continue
		}
		fig := figureOf(d, part, &part.Result.Quantities[i], fc.text, countries)
		var f *Figure
		if made != nil {
			made = append(made, fig)
			f = &made[len(made)-1]
		} else {
			f = &fig
		}
		add(f)
	}
}

// figureOf makes the key figure of quantity q of a part of document d,
// whose sentence reads text.
func figureOf(d *Document, part *Analysed, q *extract.Quantity, text string, countries []*Country) Figure {
	src := Source{Doc: d, Sentence: int32(q.Sentence), Offset: int32(q.Offset), Text: text}
	if part.File.Kind != load.Seed {
		src.Sentence, src.Offset = 0, 0 // as for events
	}
	sortCountries(countries)
	return Figure{Text: q.Text, Value: q.Value, Unit: q.Unit, Countries: countries, Source: src}
}

// reducedPartFigures is partFigures for a note that ReduceFigures left
// with its figures' keys: it chooses among them as partFigures does, and
// has the note analysed again (Input.Reanalyse) for the figures it makes.
func (b *builder) reducedPartFigures(d *Document, part *Analysed, seen *keySet, wanted func([]*Country) bool, add func(*Figure)) {
	var full *Analysed // part analysed again, once a figure is made of it
	var cands []figureCandidate
	var countries []*Country
	for k := range decodeFigureKeys(part.figureKeys) {
		if !seen.add(k.key) {
			continue
		}
		countries = countries[:0]
		for code := range k.countries() {
			if c := b.site.CountryByCode[code]; c != nil {
				countries = append(countries, c)
			}
		}
		if wanted != nil && !wanted(countries) {
			continue
		}
		if full == nil {
			var err error
			if full, err = b.reanalyse(part); err != nil {
				b.diagMu.Lock()
				b.ds.Errorf(part.File.Path, 0, 0, "%v", err)
				b.diagMu.Unlock()
				return
			}
			cands = figureCandidatesOf(full)
		}
		var cs []*Country
		if len(countries) > 0 {
			cs = slices.Clone(countries)
		}
		f := figureOf(d, part, &full.Result.Quantities[k.index], cands[k.index].text, cs)
		add(&f)
	}
}

// reanalyse returns a note that ReduceFigures reduced as the extract stage
// analysed it, with the material of its key figures, or an error for
// people.
func (b *builder) reanalyse(part *Analysed) (*Analysed, error) {
	if b.in.Reanalyse == nil {
		return nil, errors.New("internal error: the key figures of this note are not at hand")
	}
	full, err := b.in.Reanalyse(part)
	if err != nil {
		return nil, err
	}
	if encodeFigureKeys(full) != part.figureKeys {
		return nil, errors.New("internal error: the key figures of this note differ when it is analysed again")
	}
	return full, nil
}

// keySet is a set of strings that looks back through a short list and
// hashes only once it grows long: most documents have a few key figures.
// While the keys are few it holds copies of them in room of its own, so
// that a key may be a view of memory the caller writes again, and a set
// on the stack allocates nothing.
type keySet struct {
	buf  [512]byte // the keys, one after another, while they are few
	ends [maxListed]uint16
	n    int // keys in buf
	m    map[string]bool
}

// maxListed is the most keys a keySet looks for one by one.
const maxListed = 32

// reset empties s.
func (s *keySet) reset() { s.n, s.m = 0, nil }

// add adds a copy of k and reports whether it was new.
func (s *keySet) add(k string) bool {
	if s.m == nil {
		start := uint16(0)
		for _, end := range s.ends[:s.n] {
			if string(s.buf[start:end]) == k {
				return false
			}
			start = end
		}
		if s.n < maxListed && int(start)+len(k) <= len(s.buf) {
			s.ends[s.n] = start + uint16(copy(s.buf[start:], k))
			s.n++
			return true
		}
		// Too many, or too long: a map from now on.
		s.m = make(map[string]bool, 4*maxListed)
		start = 0
		for _, end := range s.ends[:s.n] {
			s.m[string(s.buf[start:end])] = true
			start = end
		}
	} else if s.m[k] {
		return false
	}
	s.m[strings.Clone(k)] = true
	return true
}

// figureCandidate is what a key figure of a document takes from the
// document alone: its key, its sentence as the source's text, and the
// codes of the countries named in the sentence, once each, in order.
type figureCandidate struct {
	key       string
	text      string
	countries []string
}

// figureCandidates returns the candidates of a's quantities, by index,
// working them out once; a is the part w is the work of.
func (w *fileWork) figureCandidates(a *Analysed) []figureCandidate {
	if w.figures != nil || len(a.Result.Quantities) == 0 {
		return w.figures
	}
	w.figures = figureCandidatesOf(a)
	return w.figures
}

// figureCandidatesOf works out the candidates of a's quantities, by index.
func figureCandidatesOf(a *Analysed) []figureCandidate {
	if len(a.Result.Quantities) == 0 {
		return nil
	}
	r := a.Result
	out := make([]figureCandidate, len(r.Quantities))
	// Figures of one sentence share its text.
	lastN, lastText := 0, ""
	for i, q := range r.Quantities {
		fc := &out[i]
		fc.key = figureKey(q.Value, q.Unit)
		if q.Sentence != lastN || lastN == 0 {
			lastN, lastText = q.Sentence, sentenceOf(a, q.Sentence)
		}
		fc.text = lastText
		fc.countries = appendSentenceCountries(nil, &r, q.Sentence)
	}
	return out
}

// appendSentenceCountries appends to dst the codes of the countries named
// in sentence n (1-based) of r, once each, in order: a figure belongs to
// the countries named in its sentence.
func appendSentenceCountries(dst []string, r *extract.Result, n int) []string {
	if n <= 0 || n > len(r.Sentences) {
		return dst
	}
	s := r.Sentences[n-1]
	from := len(dst)
	for _, m := range r.Mentions {
		if m.Kind == extract.KindCountry && m.Start >= s.Start && m.End <= s.End && !slices.Contains(dst[from:], m.ID) {
			dst = append(dst, m.ID)
		}
	}
	return dst
}

// figureKey is fmt.Sprintf("%g %s", v, unit) without fmt: figures with
// equal keys are one figure.
func figureKey(v float64, unit string) string {
	var buf [40]byte
	return string(appendFigureKey(buf[:0], v, unit))
}

// appendFigureKey appends figureKey(v, unit) to dst.
func appendFigureKey(dst []byte, v float64, unit string) []byte {
	n := len(dst)
	dst = strconv.AppendFloat(dst, v, 'g', -1, 64)
	if dst[n] == '+' {
		// fmt writes +Inf with its sign too; keep whatever it writes.
		return fmt.Appendf(dst[:n], "%g %s", v, unit)
	}
	return append(append(dst, ' '), unit...)
}

// sentenceOf returns the text of sentence n (1-based) of a part, with
// the whitespace of the file's line breaks collapsed.
func sentenceOf(a *Analysed, n int) string {
	if q, ok := a.Quotes[n]; ok {
		return q
	}
	if n <= 0 || n > len(a.Result.Sentences) {
		return ""
	}
	sp := a.Result.Sentences[n-1]
	if sp.Start < 0 || sp.End > len(a.File.Raw) || sp.Start > sp.End {
		return ""
	}
	return collapseSpace(a.File.Raw[sp.Start:sp.End])
}

// collapseSpace is strings.Join(strings.Fields(string(b)), " ") in one
// allocation: it runs once per key figure.
func collapseSpace(b []byte) string {
	var out strings.Builder
	out.Grow(len(b))
	space := false
	for i := 0; i < len(b); {
		r, w := rune(b[i]), 1
		var isSpace bool
		if r < utf8.RuneSelf {
			isSpace = r == ' ' || r >= '\t' && r <= '\r'
		} else {
			r, w = utf8.DecodeRune(b[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = true
		} else {
			if space && out.Len() > 0 {
				out.WriteByte(' ')
			}
			space = false
			out.Write(b[i : i+w])
		}
		i += w
	}
	return out.String()
}

// profiles attaches the editors' country profiles.
func (b *builder) profiles() {
	for _, a := range b.in.Files {
		if a.File.Kind != load.Profile {
			continue
		}
		code := strings.ToUpper(strings.TrimSuffix(path.Base(a.File.Path), ".md"))
		if c := b.site.CountryByCode[code]; c != nil {
			c.profileFile = a
		}
	}
}

// Resolve turns a [[link]] target into a URL on the site. It accepts
// "country:XX" for spans with country codes.
func (b *builder) resolve(target string) (string, bool) {
	return b.resolveAs(target, true)
}

// resolveAs is resolve; with record false it changes nothing in the site
// (a country that no document mentions is not registered, and an
// organisation is not marked as linked), for Patch, which only compares
// the outcomes with those of the build that made the site.
func (b *builder) resolveAs(target string, record bool) (string, bool) {
	base := b.site.Config.BasePath
	if code, ok := strings.CutPrefix(target, "country:"); ok {
		if c := b.site.CountryByCode[strings.ToUpper(code)]; c != nil {
			return base + "countries/" + c.Slug + "/", true
		}
		return "", false
	}
	if b.in.Extractor != nil {
		if kind, id, ok := b.in.Extractor.LookupName(target); ok {
			switch kind {
			case extract.KindCountry:
				c := b.site.CountryByCode[strings.ToUpper(id)]
				if record {
					c = b.country(id)
				}
				if c != nil {
					return base + "countries/" + c.Slug + "/", true
				}
			case extract.KindOrg:
				if o := b.site.OrgByID[id]; o != nil {
					if record {
						o.linked = true
					}
					return base + "organisations/" + o.Slug + "/", true
				}
			case extract.KindPerson:
				if p := b.site.PersonBySlug[NameSlug("person", id)]; p != nil {
					return base + "people/" + p.Slug + "/", true
				}
			}
		}
	}
	if p := b.site.PersonBySlug[NameSlug("person", target)]; p != nil {
		return base + "people/" + p.Slug + "/", true
	}
	return "", false
}

// renderNotes renders the Markdown of notes, profiles and entity pages now
// that every link target is known, and links seed mentions.
func (b *builder) renderNotes() {
	// The Markdown of every file renders on every core. Links are
	// resolved under a lock, as resolving may register a country or mark
	// an organisation linked; the outcome does not depend on the order.
	// Diagnostics and HTML are gathered in the order of the files.
	type job struct {
		a        *Analysed
		html     template.HTML
		body     Body // the HTML on a shelf
		problems []annotate.Problem
		work     *htmlWork // what a Cache keeps of the rendering
		reused   bool      // work is the last build's
	}
	var jobs []job
	for _, d := range b.site.Documents {
		for _, part := range d.parts {
			if part.File.Kind == load.Note {
				jobs = append(jobs, job{a: part})
			}
		}
	}
	countries := mapValues(b.site.CountryByCode, func(c *Country) bool { return c.profileFile != nil })
	for _, c := range countries {
		jobs = append(jobs, job{a: c.profileFile})
	}
	orgs := mapValues(b.site.OrgByID, func(o *Organisation) bool { return o.file != nil })
	for _, o := range orgs {
		jobs = append(jobs, job{a: o.file})
	}
	people := mapValues(b.site.PersonBySlug, func(p *Person) bool { return p.file != nil })
	for _, p := range people {
		jobs = append(jobs, job{a: p.file})
	}
	var mu sync.Mutex
	resolve := func(target string) (string, bool) {
		mu.Lock()
		defer mu.Unlock()
		return b.resolve(target)
	}
	cache := b.in.Cache
	var kept map[htmlKey]*htmlWork
	if cache != nil {
		kept = cache.html
	}
	parallel(len(jobs), func(i int) {
		a := jobs[i].a
		if a.HTML != "" || !a.Shelved.IsZero() {
			jobs[i].html, jobs[i].body = a.HTML, a.Shelved
			return
		}
		if a.Markdown == nil || b.in.Markdown == nil {
			return
		}
		if cache == nil {
			html, problems := b.in.Markdown.Render(a.Markdown, resolve)
			jobs[i].html, jobs[i].problems = template.HTML(html), problems
			return
		}
		key := htmlKey{doc: a.Markdown, md: b.in.Markdown}
		if w := kept[key]; w != nil && w.resolvesAgain(resolve) {
			jobs[i].html, jobs[i].problems, jobs[i].work, jobs[i].reused = template.HTML(w.html), w.problems, w, true
			return
		}
		w := &htmlWork{key: key}
		html, problems := b.in.Markdown.Render(a.Markdown, w.recording(resolve))
		w.html, w.problems = string(html), problems
		jobs[i].html, jobs[i].problems, jobs[i].work = template.HTML(w.html), problems, w
	})
	if cache != nil {
		cache.html = map[htmlKey]*htmlWork{}
		cache.stats.Bodies, cache.stats.BodiesReused = 0, 0
		for _, j := range jobs {
			if j.work == nil {
				continue
			}
			if j.reused {
				cache.stats.BodiesReused++
			}
			cache.html[j.work.key] = j.work
			cache.stats.Bodies++
		}
	}
	next := func() job {
		j := jobs[0]
		jobs = jobs[1:]
		for _, p := range j.problems {
			l, c := diag.Position(j.a.File.Raw, j.a.File.BodyStart+p.Offset)
			b.ds.Errorf(j.a.File.Path, l, c, "%s", p.Message)
		}
		return j
	}
	// Profiles, organisations and people are never shelved (shelve takes
	// notes' bodies only): their HTML is in memory.
	nextHTML := func() template.HTML { return next().html }
	for _, d := range b.site.Documents {
		var notes []job
		inMemory, shelved := false, false
		for _, part := range d.parts {
			if part.File.Kind == load.Note {
				j := next()
				notes = append(notes, j)
				inMemory = inMemory || j.html != ""
				shelved = shelved || !j.body.IsZero()
			}
		}
		if !shelved {
			var html template.HTML
			for _, j := range notes {
				html += j.html
			}
			d.HTML = html
			continue
		}
		if !inMemory {
			// Every body is on the shelf: the page reads them back when
			// it is made.
			for _, j := range notes {
				if !j.body.IsZero() {
					d.shelved = append(d.shelved, j.body)
				}
			}
			continue
		}
		// Some bodies are on the shelf and some are not: the document's
		// is made in memory, in the order of its notes.
		var html []byte
		for _, j := range notes {
			var err error
			if html, err = j.body.AppendTo(html); err != nil {
				b.ds.Errorf(j.a.File.Path, 0, 0, "%v", err)
			}
			html = append(html, j.html...)
		}
		d.HTML = template.HTML(html)
	}
	for _, c := range countries {
		c.Profile = nextHTML()
	}
	for _, o := range orgs {
		o.About = nextHTML()
	}
	for _, p := range people {
		p.About = nextHTML()
	}
	for _, d := range b.site.Documents {
		for _, para := range d.Paragraphs {
			for _, s := range para {
				for i := range s.Pieces {
					pc := &s.Pieces[i]
					switch pc.Kind {
					case extract.KindCountry:
						if c := b.site.CountryByCode[pc.ID]; c != nil {
							pc.URL = b.site.Config.BasePath + "countries/" + c.Slug + "/"
						}
					case extract.KindOrg:
						if o := b.site.OrgByID[pc.ID]; o != nil {
							pc.URL = b.site.Config.BasePath + "organisations/" + o.Slug + "/"
						}
					case extract.KindPerson:
						if p := b.site.PersonBySlug[NameSlug("person", pc.ID)]; p != nil {
							pc.URL = b.site.Config.BasePath + "people/" + p.Slug + "/"
						}
					case extract.KindDate:
						pc.Datetime = pc.ID
					}
				}
			}
		}
	}
}

// aggregate fills the lists and counts that pages show, and sorts
// everything deterministically.
func (b *builder) aggregate() {
	s := b.site
	for _, c := range s.CountryByCode {
		s.Countries = append(s.Countries, c)
	}
	sort.Slice(s.Countries, func(i, j int) bool { return s.Countries[i].Name < s.Countries[j].Name })
	for i, c := range s.Countries {
		c.num = i
	}
	for _, o := range s.OrgByID {
		if o.mentioned || o.profiled || o.linked {
			s.Organisations = append(s.Organisations, o)
		}
	}
	sort.Slice(s.Organisations, func(i, j int) bool { return s.Organisations[i].Name < s.Organisations[j].Name })
	for _, p := range s.PersonBySlug {
		s.People = append(s.People, p)
	}
	sort.Slice(s.People, func(i, j int) bool { return s.People[i].Name < s.People[j].Name })

	// Each entity's lists are its own; documents' countries are sorted
	// only after every co-mention count has read them.
	parallel(len(s.Countries), func(i int) {
		c := s.Countries[i]
		dedupeDocs(&c.Documents)
		sort.Slice(c.Memberships, func(i, j int) bool { return c.Memberships[i].Name < c.Memberships[j].Name })
		c.CoMentions = coMentions(c.Documents, c, s.Countries)
		for _, p := range s.People {
			if p.Country == c {
				c.People = append(c.People, p)
			}
		}
		keys := make([]string, 0, len(c.monthly))
		for k := range c.monthly {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			c.MentionsByMonth = append(c.MentionsByMonth, MonthCount{Month: k, Count: c.monthly[k]})
		}
	})
	parallel(len(s.Organisations), func(i int) {
		o := s.Organisations[i]
		dedupeDocs(&o.Documents)
		sortCountries(o.Members)
		o.CoMentions = coMentions(o.Documents, nil, s.Countries)
	})
	parallel(len(s.People), func(i int) {
		p := s.People[i]
		dedupeDocs(&p.Documents)
		p.CoMentions = coMentions(p.Documents, nil, s.Countries)
	})
	parallel(len(s.Documents), func(i int) {
		d := s.Documents[i]
		slices.SortStableFunc(d.Countries, func(a, b *Country) int { return strings.Compare(a.Name, b.Name) })
		dedupeEvents(&d.Events)
	})
}

func dedupeDocs(ds *[]*Document) { dedupe(ds) }

func dedupeEvents(es *[]*Event) { dedupe(es) }

// dedupe keeps the first of equal pointers, in order.
func dedupe[T any](list *[]*T) {
	out := (*list)[:0]
	if len(*list) <= 16 {
		// Most documents have a few events: look back instead of hashing.
		for _, x := range *list {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
		*list = out
		return
	}
	seen := make(map[*T]bool, len(*list))
	for _, x := range *list {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	*list = out
}

// coMentions counts the countries named in the same documents, except self.
// countries are the site's, sorted by name and numbered so (Country.num).
func coMentions(docs []*Document, self *Country, countries []*Country) []CountryCount {
	counts := make([]int, len(countries))
	distinct := 0
	for _, d := range docs {
		for _, c := range d.Countries {
			if c != self {
				if counts[c.num] == 0 {
					distinct++
				}
				counts[c.num]++
			}
		}
	}
	// By count, then by name: countries are in order of name already.
	out := make([]CountryCount, 0, distinct)
	for i, n := range counts {
		if n > 0 {
			out = append(out, CountryCount{Country: countries[i], Count: n})
		}
	}
	slices.SortStableFunc(out, func(a, b CountryCount) int { return b.Count - a.Count })
	return out
}

// parallel calls f(0), ..., f(n-1) on every core and returns when all
// calls have returned. The calls must be independent of each other.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// mapValues returns the values of m that keep accepts, in no particular
// order (as ranging over m would give them).
func mapValues[K comparable, V any](m map[K]V, keep func(V) bool) []V {
	var out []V
	for _, v := range m {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// releaseReports lets go the reports (the extractor's events) of the
// parts from done on whose items all come before upto: a build that
// consumes its files makes its events from them, in the order of the
// items, and needs them no more. clear is called with each item of a
// released part, which holds one of its reports. It returns the number
// of parts released so far.
func releaseReports(parts []*Analysed, first []int, items int, done, upto int, clear func(item int)) int {
	for ; done < len(parts); done++ {
		end := items
		if done+1 < len(first) {
			end = first[done+1]
		}
		if end > upto {
			break
		}
		for k := first[done]; k < end; k++ {
			clear(k)
		}
		parts[done].Result.Reports = nil
		parts[done].work.result.Reports = nil
	}
	return done
}
