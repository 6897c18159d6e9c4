package extract

// This file is the contract between the extractor and the rest of the
// pipeline. The JSON tags give the shape that `brief extract --json` prints
// (SPEC §4); fields tagged "-" are for the site model only.

import "strings"

// Date is a calendar date at a precision, used for the publication date of a
// document and for normalised date values.
type Date struct {
	Year, Month, Day int // Month and Day are 0 when the precision is coarser
}

// Precision names how much of a Date is known: "day", "month" or "year".
func (d Date) Precision() string {
	switch {
	case d.Day != 0:
		return "day"
	case d.Month != 0:
		return "month"
	default:
		return "year"
	}
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// Hint is what an editor's annotation says about a span of a note's text
// (SPEC §2: `[[Name]]` links and `[text]{key=value}` spans). Start and End are
// byte offsets into Input.Text. The extractor trusts hints over its own
// findings: an Ignore hint suppresses anything found inside the span, a Date
// hint replaces any date found there, entity hints add a mention.
type Hint struct {
	Start, End int
	Ignore     bool
	Date       Date     // set: the span is a date with this value
	Countries  []string // alpha-2 codes
	Person     string   // full name
	Org        string   // organisation id or name
	Place      string   // place name
	Event      bool     // the enclosing sentence is a timeline event
}

// Input is one document to read.
//
// Text is the document's bytes as they are in the file. For a note the loader
// blanks out everything that is not prose (front matter, markup characters,
// code blocks, HTML) with spaces, keeping newlines, so that offsets into Text
// are offsets into the file.
type Input struct {
	Text      []byte
	Published Date // zero when unknown: relative dates stay unresolved
	Hints     []Hint

	// Blocks, when set, are the text ranges of the document's paragraphs,
	// headings, list items and table cells (a note's Markdown structure).
	// A sentence never crosses a block boundary, and a line break inside a
	// block is soft: Markdown wraps lines anywhere, and the blanked markup
	// at a line's start is not indentation.
	Blocks []Span

	// Lean, when set, leaves out of the Result what a caller that keeps
	// only a document's events, entities and figures does not read: the
	// Dates list, every Mention but those of countries, and the places
	// (the Places list, and each event's); and the events come as Reports
	// instead of Events. Everything else is as without it.
	Lean bool

	// Packed, when set, carves the pieces of the text that the Result
	// keeps (see detach) and its lists that a build keeps beyond the
	// analysis (its countries, organisations, people, sentences and
	// reports) from memory that the Results of other documents share, a
	// chunk at a time, instead of giving each memory of its own. A one-off
	// build keeps every document's Result until its model is made, and
	// much of it to its end: packed, they lie together, and not scattered
	// among the garbage that analysing the documents leaves, where each
	// would keep a page of it from being reused. A caller that lets
	// Results go one by one (a preview server, whose documents change)
	// must not pack them: one Result kept would keep a chunk of others'.
	Packed bool
}

// Result is what the extractor found in one document. Every list is sorted
// deterministically (by offset, or by descending mentions then name).
type Result struct {
	Countries     []Country      `json:"countries"`
	Organisations []Organisation `json:"organisations"`
	People        []Person       `json:"people"`
	Places        []Place        `json:"places"`
	Quantities    []Quantity     `json:"quantities"`
	Dates         []DateMention  `json:"dates"`
	Events        []Event        `json:"events"`

	// Reports are the events in the form a site keeps them, instead of
	// Events, when Input.Lean is set.
	Reports []Report `json:"-"`

	Sentences []Span    `json:"-"` // every sentence, in order; Event.Sentence indexes it (1-based)
	Mentions  []Mention `json:"-"` // every entity mention, by offset, for linking in rendered sources
	Warnings  []Warning `json:"-"` // low-confidence findings for `brief check`
}

// Span is a half-open byte range [Start, End) of Input.Text.
type Span struct{ Start, End int }

type Country struct {
	Code     string `json:"code"` // ISO 3166-1 alpha-2, upper case
	Name     string `json:"name"` // common English name
	Mentions int    `json:"mentions"`
}

type Organisation struct {
	ID       string `json:"id"`   // stable lower-case id, e.g. "csto", "isis"
	Name     string `json:"name"` // canonical full name
	Mentions int    `json:"mentions"`
}

type Person struct {
	Name     string `json:"name"`              // full name as first given
	Title    string `json:"title,omitempty"`   // e.g. "Defence Minister", "President"
	Country  string `json:"country,omitempty"` // alpha-2 code, from the title adjective or context
	Mentions int    `json:"mentions"`
	// Canonical is the name to merge people by across documents: a known
	// person's full name even when this document only says "Putin", or
	// the standard spelling ("Andrey Belousov" for "Andrei Belousov").
	// Name is the longest form in this document; person Mentions use Name.
	Canonical string `json:"canonical,omitempty"`
}

type Place struct {
	Name    string `json:"name"`
	Country string `json:"country"`
}

type Quantity struct {
	Text     string  `json:"text"`
	Value    float64 `json:"value"`
	Unit     string  `json:"unit"`
	Offset   int     `json:"offset"`
	Sentence int     `json:"sentence"`
}

type DateMention struct {
	Text      string  `json:"text"`
	Offset    int     `json:"offset"`
	Value     *string `json:"value"` // "YYYY", "YYYY-MM" or "YYYY-MM-DD"; nil when unresolved
	Precision string  `json:"precision"`
	Sentence  int     `json:"sentence"`
	Relative  bool    `json:"relative,omitempty"` // resolved against the publication date
}

type Event struct {
	Date          string   `json:"date"`
	Precision     string   `json:"precision"`
	Status        string   `json:"status"` // "reported" or "planned"
	Text          string   `json:"text"`
	Countries     []string `json:"countries"`
	Organisations []string `json:"organisations,omitempty"` // ids
	People        []string `json:"people,omitempty"`        // full names
	Places        []string `json:"places,omitempty"`
	Sentence      int      `json:"sentence"` // 1-based
	Offset        int      `json:"offset"`
	End           string   `json:"end,omitempty"` // for ranges
}

// Mention kinds.
const (
	KindCountry = "country"
	KindOrg     = "org"
	KindPerson  = "person"
	KindPlace   = "place"
	KindDate    = "date"
)

// Mention is one occurrence of an entity or date in the text.
type Mention struct {
	Start, End int
	Kind       string
	ID         string // country code, org id, person name (Person.Name), place name, or ISO date value
}

// Warning is a low-confidence finding, at a byte offset of Input.Text.
type Warning struct {
	Offset  int
	Message string
}

// EntityDef describes an organisation or person that an editor added through
// content/entities/*.md, so that the extractor knows its names.
type EntityDef struct {
	Kind    string   // KindOrg or KindPerson
	ID      string   // id for organisations; full name for people
	Name    string   // canonical name
	Aliases []string // other names, acronyms, spellings
	Country string   // alpha-2, optional
	Title   string   // for people, optional
}

// Report is an event as a site build keeps it until events merge: what
// an Event says but its places, its precision (the length of Date tells
// it) and its status (Planned tells it), with the entities in one list.
// A site of 10,000 notes holds over 100,000 of them at once, in less than
// half the memory of as many Events.
type Report struct {
	// when is the date, or a range as ISO 8601 writes one: the date, a
	// slash and the end ("2024-02/2024-03-04"). Few reports have an end.
	when string
	Text string
	// ents are the countries, organisations, then people; orgs and
	// people count the last two parts
	ents             []string
	orgs, people     int32
	Sentence, Offset int32 // as Event's
	Planned          bool
}

// Date is the date, as Event's.
func (r *Report) Date() string {
	date, _ := r.dates()
	return date
}

// End is the end of a range, as Event's: "" unless r is one.
func (r *Report) End() string {
	_, end := r.dates()
	return end
}

// dates splits when into the date and the end of a range. The merger
// asks for the date at every comparison: a date alone ("2025",
// "2025-05", "2025-05-28") is returned without a look for the slash,
// which only a range of two years ("2024/2025") or a longer one has.
func (r *Report) dates() (date, end string) {
	w := r.when
	if len(w) > 10 || len(w) == 9 {
		if i := strings.IndexByte(w, '/'); i >= 0 {
			return w[:i], w[i+1:]
		}
	}
	return w, ""
}

// setDates sets Date and End.
func (r *Report) setDates(date, end string) {
	r.when = date
	if end != "" {
		r.when = date + "/" + end
	}
}

// Countries returns the codes of the countries r names.
func (r *Report) Countries() []string {
	n := len(r.ents) - int(r.orgs) - int(r.people)
	return r.ents[:n:n]
}

// Organisations returns the ids of the organisations r names.
func (r *Report) Organisations() []string {
	a, b := len(r.ents)-int(r.orgs)-int(r.people), len(r.ents)-int(r.people)
	return r.ents[a:b:b]
}

// People returns the full names of the people r names.
func (r *Report) People() []string {
	return r.ents[len(r.ents)-int(r.people):]
}

// SetPeople replaces the people r names. The list of r is not changed in
// place: a Report may share it with others.
func (r *Report) SetPeople(people []string) {
	n := len(r.ents) - int(r.people)
	ents := make([]string, n, n+len(people))
	copy(ents, r.ents)
	r.ents, r.people = append(ents, people...), int32(len(people))
}

// ReportOf returns e as a Report.
func ReportOf(e *Event) Report {
	r := Report{Text: e.Text, Sentence: int32(e.Sentence), Offset: int32(e.Offset), Planned: e.Status == "planned"}
	r.setDates(e.Date, e.End)
	r.setEntities(nil, false, e.Countries, e.Organisations, e.People)
	return r
}

// setEntities gives r the lists, carved out of buf when it has room (see
// doc.entityLists and roomFor), and returns what is left of buf.
func (r *Report) setEntities(buf []string, packed bool, countries, orgs, people []string) []string {
	n := len(countries) + len(orgs) + len(people)
	if n == 0 {
		r.ents, r.orgs, r.people = nil, 0, 0
		return buf
	}
	buf = roomFor(buf, n, packed)
	k := len(buf)
	buf = append(append(append(buf, countries...), orgs...), people...)
	r.ents, r.orgs, r.people = buf[k:len(buf):len(buf)], int32(len(orgs)), int32(len(people))
	return buf
}
