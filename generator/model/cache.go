package model

import (
	"slices"

	"brief/generator/annotate"
	"brief/generator/extract"
)

// Cache keeps work of the model stage for the next Build of the same
// site, so that a rebuild after an edit redoes the work of what changed
// rather than of every document: a preview server rebuilds a site of
// thousands of notes on every save. Build with a nil Cache keeps nothing.
//
// Work is reused only where its inputs are provably the same, so that a
// Build with a Cache gives exactly the Site a Build without one gives:
//
//   - per document (an *Analysed of Input.Files, by identity): the result
//     with people under their canonical names, the events' parsed dates,
//     the merge keys of those on dates with many events, the ids of the
//     events they lead, and what its key figures take from it alone;
//   - per event date: which events merge into one, reused when the same
//     events come in the same order from the same owners;
//   - per rendered Markdown body: the HTML, reused when every link target
//     it resolved resolves to the same URL again.
//
// The caller must treat an Analysed it passed to a Build with this Cache as
// immutable for as long as it may pass it again, except for its File, which
// may be replaced by a file of the same content (the extract stage does so
// when a file was touched but not changed). A Cache is not safe for
// concurrent Builds.
type Cache struct {
	files map[*Analysed]*fileWork
	dates map[string]*dateWork
	html  map[htmlKey]*htmlWork
	stats CacheStats
}

// CacheStats say how much work the last Build with a Cache reused.
type CacheStats struct {
	Dates, DatesReused   int // event dates, and those whose merge was reused
	Bodies, BodiesReused int // Markdown bodies rendered, and those reused
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{} }

// Stats returns what the last Build with c reused.
func (c *Cache) Stats() CacheStats { return c.stats }

// fileWork is the work of one analysed document that needs nothing but the
// document.
type fileWork struct {
	// result is the document's result under canonical names: the
	// Analysed's own when the build consumes its files, else a copy
	result *extract.Result
	events []eventWork // by index in result.Reports
	// figures are the candidates for key figures, by index in
	// result.Quantities, once a build has asked for them.
	figures []figureCandidate
}

// eventWork is the work of one extracted event.
type eventWork struct {
	date, end extract.Date
	dated     bool // its date parses: the event is on the timeline

	key *extract.MergeKey // once computed and kept: most events never need theirs again

	// idSum is the hash of the event's id when it led its group from a
	// document at idPath (empty until then) with source sentence
	// idSentence: the id is a function of those and of the event.
	idSum      uint32
	idPath     string
	idSentence int32
}

// newFileWork does the work of a document that needs nothing else.
func newFileWork(a *Analysed) *fileWork {
	r := canonicalPeople(a.Result)
	w := &fileWork{result: &r}
	w.events = make([]eventWork, len(w.result.Reports))
	for j := range w.result.Reports {
		ew := &w.events[j]
		ew.date, ew.end, ew.dated = eventDates(&w.result.Reports[j])
	}
	return w
}

// eventDates parses the date of an extracted event, and its end; dated is
// false when the date does not parse.
func eventDates(e *extract.Report) (date, end extract.Date, dated bool) {
	date, err := extract.ParseDate(e.Date())
	if err != nil {
		return extract.Date{}, extract.Date{}, false
	}
	if s := e.End(); s != "" {
		end, _ = extract.ParseDate(s)
	}
	return date, end, true
}

// mergeKey returns the merge key of event j, computing it once when keep
// is set (without it, the key is left to the merger that asked for it).
// Callers may ask for distinct events of one document concurrently. A
// build that keeps no work on each event (Consume) has its mergers make
// the keys (EventMerger.AddEvent).
func (w *fileWork) mergeKey(j int, keep bool) extract.MergeKey {
	ew := &w.events[j]
	if ew.key != nil {
		return *ew.key
	}
	k := w.result.Reports[j].MergeKey()
	if keep {
		ew.key = &k
	}
	return k
}

// dateWork is how the events of one date merged: the events in the order
// they were given, and for each the position of the first event of its
// group.
type dateWork struct {
	sig     []mergeSig
	leaders []int32
}

// mergeSig is what the merger's outcome depends on for one event: the
// event itself, and which of the date's other events come from the same
// part (owner) and the same document. Owners and documents are numbered
// by their first appearance in the date's list, so that a change elsewhere
// in the site, which renumbers parts and documents, does not count.
type mergeSig struct {
	e     *extract.Report // in a fileWork's result, which does not change
	owner int32
	doc   int32
}

// sameMerge reports whether two events' merge signatures are equal: the
// merger reads neither an event's sentence number nor its offset, so an
// edit that only moves an event in its document does not count.
func sameMerge(a, b mergeSig) bool {
	if a.owner != b.owner || a.doc != b.doc {
		return false
	}
	if a.e == b.e {
		return true
	}
	x, y := a.e, b.e
	return x.Date() == y.Date() && x.Text == y.Text && x.Planned == y.Planned && x.End() == y.End() &&
		slices.Equal(x.Countries(), y.Countries()) && slices.Equal(x.Organisations(), y.Organisations()) &&
		slices.Equal(x.People(), y.People())
}

// htmlKey names a rendered Markdown body: the parsed document, rendered
// by one Markdown configuration.
type htmlKey struct {
	doc *annotate.Doc
	md  *annotate.Markdown
}

// htmlWork is a rendered body and the link targets its rendering resolved,
// in order, with their outcomes. Rendering is a function of the parsed
// document, the Markdown configuration and those outcomes, and asks for
// each target knowing the outcomes before it; so when every target
// resolves as before, in the same order, the rendering is the same.
type htmlWork struct {
	key      htmlKey
	html     string
	problems []annotate.Problem
	resolved []resolution
}

type resolution struct {
	target, url string
	ok          bool
}

// recording returns resolve, noting each target and its outcome in w.
func (w *htmlWork) recording(resolve annotate.Resolver) annotate.Resolver {
	return func(target string) (string, bool) {
		url, ok := resolve(target)
		w.resolved = append(w.resolved, resolution{target: target, url: url, ok: ok})
		return url, ok
	}
}

// resolvesAgain resolves w's targets in order, as rendering the body would,
// and reports whether each gives what it gave before. When one does not,
// the targets asked so far are the first ones a new rendering asks for:
// resolving a target twice has no effect of its own.
func (w *htmlWork) resolvesAgain(resolve annotate.Resolver) bool {
	for _, r := range w.resolved {
		if url, ok := resolve(r.target); url != r.url || ok != r.ok {
			return false
		}
	}
	return true
}
