// Package model builds the one typed Site that every page is rendered from:
// documents, the cross-document timeline, countries, organisations, people
// and key figures, merged from what the extractor found in each document and
// what the editors wrote. The Site is built once per build, sorted
// deterministically, and read-only afterwards (templates only read it).
package model

import (
	"html/template"

	"brief/generator/extract"
)

// Site is everything a build knows.
type Site struct {
	Config Config

	Documents     []*Document     // newest first, then by slug
	Events        []*Event        // newest first (by date, then first source)
	Countries     []*Country      // every country mentioned or profiled, by name
	Organisations []*Organisation // by name
	People        []*Person       // by name
	Figures       []*Figure       // key figures (quantities), newest document first

	// Lookups by key. Templates use the helper functions instead.
	CountryByCode map[string]*Country // "TJ"
	OrgByID       map[string]*Organisation
	PersonBySlug  map[string]*Person
	DocBySlug     map[string]*Document

	Years []int // years that have events, newest first
}

// Config is content/site.yaml after defaults and command-line overrides.
type Config struct {
	Title       string
	Description string
	BaseURL     string // absolute, always ends in "/": "https://user.github.io/repo/"
	BasePath    string // path part of BaseURL, always ends in "/": "/repo/"
	Language    string // "en"
	CNAME       string
	Author      string
	UnsafeHTML  bool
	Params      map[string]any // other keys of site.yaml, for templates
}

// Document is one seed or note.
type Document struct {
	Slug      string // URL segment under /sources/
	Path      string // path relative to the content folder: "seeds/x.txt"
	Kind      string // "seed" or "note"
	Title     string
	Published extract.Date // zero when unknown
	Summary   string
	Source    string // URL of the original
	Publisher string
	Tags      []string
	Draft     bool
	Params    map[string]any // unknown front-matter fields

	// For a seed: its sentences as paragraphs, for the source page.
	Paragraphs [][]*Sentence
	// For a note: the rendered Markdown body. A render that nothing
	// follows empties it once the document's page is made (see
	// render.Options.Once).
	HTML template.HTML
	// shelved is the body when it waits on a Shelf instead (HTML is
	// empty then): the bodies of its notes, in order.
	shelved []Body

	// For a seed: the editors' notes that annotate it (front matter
	// `seed:`). They are not pages of their own: their metadata is the
	// seed's, their rendered commentary is HTML, and their prose counts as
	// part of this document.
	Notes       []string // content paths of the annotating notes
	Corrections []string

	// What the extractor found is in the fields below and in the site's
	// events and figures: the site, which stays in memory while every
	// page renders, keeps no extractor results of its own.
	Countries []*Country // mentioned, by mentions
	Orgs      []*Organisation
	People    []*Person
	Events    []*Event // events this document is a source of
	nEvents   int      // len(Events) to be, while Events is made

	// Sum is the fingerprint of the fields above (see Hasher), and
	// MetaSum of those but HTML and Events (what lists of documents, the
	// feed and the search index show); set when the site is built.
	Sum, MetaSum uint64
	refSum       uint64 // what a link to it shows (Hasher.DocRef); 0 until made

	parts []*Analysed // the seed or note, then annotating notes
}

// Sentence is one sentence of a seed, split into pieces so that entity
// mentions and dates can be linked.
type Sentence struct {
	N      int // 1-based; the anchor is "s{N}"
	Pieces []Piece
}

// Piece is a run of sentence text, plain or a mention.
type Piece struct {
	Text     string
	Kind     string // "" for plain text, else extract.Kind*
	ID       string // the mention's entity id (extract.Mention.ID)
	URL      string // link for an entity mention ("" when none)
	Datetime string // for a date: ISO value for <time datetime>
}

// Event is one timeline entry, possibly reported by several documents.
//
// A large site holds tens of thousands of events while every page
// renders, so an event keeps its dates and id packed: Date, End and ID
// make them. Title is the text: a curated event's title is its text.
type Event struct {
	Text      string // the sentence (from the first source), or the curated title
	Countries []*Country
	Orgs      []*Organisation
	People    []*Person
	Sources   []Source

	// Sum is the fingerprint of the fields above (see Hasher), set when
	// the site is built.
	Sum uint64

	year, endYear int32  // Date and End (endYear 0: not a range)
	idSum         uint32 // the hash that ID ends in
	// Pos is the event's index in Site.Events.
	Pos                          int32
	month, day, endMonth, endDay uint8
	Planned                      bool
}

// Date is the day, month or year the event happened or is planned for.
func (e *Event) Date() extract.Date {
	return extract.Date{Year: int(e.year), Month: int(e.month), Day: int(e.day)}
}

// End is the last day of a range, zero unless the event is one.
func (e *Event) End() extract.Date {
	return extract.Date{Year: int(e.endYear), Month: int(e.endMonth), Day: int(e.endDay)}
}

// SetDates sets Date and End (zero unless a range).
func (e *Event) SetDates(date, end extract.Date) {
	e.year, e.month, e.day = int32(date.Year), uint8(date.Month), uint8(date.Day)
	e.endYear, e.endMonth, e.endDay = int32(end.Year), uint8(end.Month), uint8(end.Day)
}

// Identify sets the id of an event made outside a build (a renderer's
// tests, a tool) as a build sets it: from its date, its text and its
// first source. Set the dates first.
func (e *Event) Identify() { e.idSum = eventSum(e) }

// Title is what the timeline shows: the text.
func (e *Event) Title() string { return e.Text }

// ID is the event's stable anchor, "e-2025-05-28-ab12cd34": its date and
// a hash of the date, the text and where its first report is (see
// eventSum). It is made on each call; AppendID makes it without an
// allocation.
func (e *Event) ID() string { return string(e.AppendID(make([]byte, 0, idLen))) }

// idLen is the length of the id of an event dated to the day.
const idLen = len("e-2025-05-28-ab12cd34")

// AppendID appends ID to b.
func (e *Event) AppendID(b []byte) []byte {
	b = e.Date().AppendISO(append(b, "e-"...))
	const hex = "0123456789abcdef"
	s := e.idSum
	return append(b, '-', hex[s>>28], hex[s>>24&15], hex[s>>20&15], hex[s>>16&15],
		hex[s>>12&15], hex[s>>8&15], hex[s>>4&15], hex[s&15])
}

// Source is a link from an event or figure to the sentence it came from.
type Source struct {
	Doc  *Document
	Text string
	// Sentence is 1-based, and Offset the sentence's byte offset in the
	// seed; both are 0 for a note (its rendered Markdown has no sentence
	// anchors) and for curated events. A site holds a source for every
	// report of an event: they are as small as the extractor's.
	Sentence int32
	Offset   int32
}

// Country is a country as the site presents it.
type Country struct {
	Code        string // "TJ"
	Slug        string // "tj"
	Name        string
	Official    string
	Capital     string
	Region      string
	Subregion   string
	Flag        string // emoji flag
	Memberships []*Organisation

	Profile    template.HTML // editor's profile (content/countries/XX.md), rendered
	ProfileDoc *Document     // nil when there is no profile

	Mentions        int
	LastMention     extract.Date
	Events          []*Event
	nEvents         int // len(Events) to be, while Events is made
	People          []*Person
	Figures         []*Figure
	Documents       []*Document
	CoMentions      []CountryCount // other countries in the same documents, by count
	MentionsByMonth []MonthCount

	monthly     map[string]int
	profileFile *Analysed
	num         int // place in Site.Countries, for counting co-mentions
}

type CountryCount struct {
	Country *Country
	Count   int
}

type MonthCount struct {
	Month string // "2025-05"
	Count int
}

// Organisation is an organisation known from data, entities or text.
type Organisation struct {
	ID      string
	Slug    string
	Name    string
	Acronym string
	Aliases []string
	Members []*Country // members that the site has pages for
	// OtherMembers names the members that no document mentions.
	OtherMembers []string
	About        template.HTML // from content/entities/, rendered
	Mentions     int
	Events       []*Event
	Documents    []*Document
	CoMentions   []CountryCount

	memberCodes []string
	nEvents     int  // len(Events) to be, while Events is made
	mentioned   bool // named in a document
	profiled    bool // has a file in content/entities
	linked      bool // the target of a [[link]]
	file        *Analysed
}

// Person is a named person.
type Person struct {
	Slug       string
	Name       string
	Title      string
	Country    *Country // nil when unknown
	About      template.HTML
	Mentions   int
	Events     []*Event
	Documents  []*Document
	CoMentions []CountryCount

	nEvents int // len(Events) to be, while Events is made
	file    *Analysed
}

// Figure is a key figure: a quantity with the sentence it came from.
type Figure struct {
	Text      string
	Value     float64
	Unit      string
	Countries []*Country
	Source    Source
}
