package model

import (
	"fmt"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"sync"

	"brief/generator/extract"
)

// Fingerprints let a rebuild tell which pages' inputs changed without
// rendering them: a page is rendered again only when the fingerprint of
// what it shows differs from the last build's. A fingerprint covers every
// field of the value that any default template or data file shows, and
// names the values it refers to by their keys (a country by its code, a
// document by its slug and title), whose own changes are covered by the
// pages that show them. Fingerprints are only compared within one process
// (the hash seed is random), never stored.

// Hasher builds a fingerprint. It collects what is written and hashes it
// once, which is several times faster than hashing many small pieces. The
// zero value is ready to use.
type Hasher struct{ buf []byte }

var seed = maphash.MakeSeed()

// NewHasher returns an empty Hasher.
func NewHasher() *Hasher { return &Hasher{buf: make([]byte, 0, 512)} }

// Sum64 is the fingerprint of everything written so far.
func (h *Hasher) Sum64() uint64 { return maphash.Bytes(seed, h.buf) }

// Reset empties the Hasher.
func (h *Hasher) Reset() { h.buf = h.buf[:0] }

// Str writes a string; its length goes first, so that ("ab","c") and
// ("a","bc") differ.
func (h *Hasher) Str(s string) {
	h.Int(len(s))
	h.buf = append(h.buf, s...)
}

// Int writes an integer.
func (h *Hasher) Int(i int) { h.U64(uint64(i)) }

// U64 writes a 64-bit value.
func (h *Hasher) U64(v uint64) {
	h.buf = append(h.buf, byte(v), byte(v>>8), byte(v>>16), byte(v>>24),
		byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56))
}

// U64s writes a list of 64-bit values.
func (h *Hasher) U64s(vs []uint64) {
	h.Int(len(vs))
	for _, v := range vs {
		h.U64(v)
	}
}

// Bool writes a flag.
func (h *Hasher) Bool(b bool) {
	if b {
		h.buf = append(h.buf, 1)
	} else {
		h.buf = append(h.buf, 0)
	}
}

// Float writes a number.
func (h *Hasher) Float(f float64) { h.U64(math.Float64bits(f)) }

// Date writes a date at its precision.
func (h *Hasher) Date(d extract.Date) {
	h.Int(d.Year)
	h.Int(d.Month)
	h.Int(d.Day)
}

// eventID writes what an event's id is made of.
func (h *Hasher) eventID(e *Event) {
	h.Date(e.Date())
	h.U64(uint64(e.idSum))
}

// Strs writes a list of strings.
func (h *Hasher) Strs(ss []string) {
	h.Int(len(ss))
	for _, s := range ss {
		h.Str(s)
	}
}

// Countries writes a list of countries by code.
func (h *Hasher) Countries(cs []*Country) {
	h.Int(len(cs))
	for _, c := range cs {
		h.Str(c.Code)
	}
}

// Orgs writes a list of organisations as Org does each.
func (h *Hasher) Orgs(os []*Organisation) {
	h.Int(len(os))
	for _, o := range os {
		h.Org(o)
	}
}

// People writes a list of people as Person does each.
func (h *Hasher) People(ps []*Person) {
	h.Int(len(ps))
	for _, p := range ps {
		h.Person(p)
	}
}

// Org writes what a link to an organisation shows: its id, slug, name and
// acronym.
func (h *Hasher) Org(o *Organisation) {
	h.Str(o.ID)
	h.Str(o.Slug)
	h.Str(o.Name)
	h.Str(o.Acronym)
}

// Person writes what a mention of a person shows: slug, name, title and
// country.
func (h *Hasher) Person(p *Person) {
	h.Str(p.Slug)
	h.Str(p.Name)
	h.Str(p.Title)
	if p.Country != nil {
		h.Str(p.Country.Code)
	} else {
		h.Str("")
	}
}

// DocRef writes what a link to a document shows: slug, title (its path
// when it has none), kind, publisher and publication date.
func (h *Hasher) DocRef(d *Document) {
	if d == nil {
		h.Str("")
		return
	}
	if d.refSum != 0 {
		h.U64(d.refSum)
		return
	}
	h.docRef(d)
}

func (h *Hasher) docRef(d *Document) {
	h.Str(d.Slug)
	h.Str(d.Title)
	h.Str(d.Path)
	h.Str(d.Kind)
	h.Str(d.Publisher)
	h.Date(d.Published)
}

// Source writes a link to a sentence.
func (h *Hasher) Source(s Source) {
	h.DocRef(s.Doc)
	h.Int(int(s.Sentence))
	h.Int(int(s.Offset))
	h.Str(s.Text)
}

// Params writes a map of parameters, sorted by key.
func (h *Hasher) Params(m map[string]any) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	h.Int(len(keys))
	for _, k := range keys {
		h.Str(k)
		h.Str(fmt.Sprintf("%#v", m[k]))
	}
}

// number sets each event's place in the timeline (Event.Pos).
func (s *Site) number() {
	for i, e := range s.Events {
		e.Pos = int32(i)
	}
}

// sum numbers the events and sets the fingerprints of every event and
// document of the site.
func (s *Site) sum() {
	s.number()
	// What a link to a document shows, once per document: events name
	// their sources by it. Sources may be documents left out of the site
	// (drafts); they get theirs when first met, on one core. Nothing is
	// taken from an earlier build.
	for _, e := range s.Events {
		for _, src := range e.Sources {
			if src.Doc != nil {
				src.Doc.refSum = 0
			}
		}
	}
	chunks(len(s.Documents), func(h *Hasher, i int) {
		d := s.Documents[i]
		h.docRef(d)
		d.refSum = h.Sum64() | 1 // never 0, which means "not made"
	})
	for _, e := range s.Events {
		for _, src := range e.Sources {
			if d := src.Doc; d != nil && d.refSum == 0 {
				h := NewHasher()
				h.docRef(d)
				d.refSum = h.Sum64() | 1
			}
		}
	}
	chunks(len(s.Events), func(h *Hasher, i int) { s.Events[i].Sum = s.Events[i].fingerprint(h) })
	chunks(len(s.Documents), func(h *Hasher, i int) { s.Documents[i].sum(h) })
}

// chunks calls f for every i in [0, n) on every core, each core with a
// Hasher of its own, reset before each call.
func chunks(n int, f func(h *Hasher, i int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			h := NewHasher()
			for i := w; i < n; i += workers {
				h.Reset()
				f(h, i)
			}
		})
	}
	wg.Wait()
}

func (e *Event) fingerprint(h *Hasher) uint64 {
	h.eventID(e)
	h.Date(e.End())
	h.Str(e.Text)
	h.Bool(e.Planned)
	h.Countries(e.Countries)
	h.Orgs(e.Orgs)
	h.People(e.People)
	h.Int(len(e.Sources))
	for _, s := range e.Sources {
		h.DocRef(s.Doc)
		h.Int(int(s.Sentence))
		h.Int(int(s.Offset))
		if s.Text == e.Text {
			h.Int(-1)
		} else {
			h.Str(s.Text)
		}
	}
	return h.Sum64()
}

// sum sets the document's fingerprints: MetaSum of all but its rendered
// body and its events, and Sum of everything.
func (d *Document) sum(h *Hasher) {
	d.MetaSum = d.meta(h)
	h.Reset()
	h.U64(d.MetaSum)
	if len(d.shelved) > 0 {
		h.Int(-len(d.shelved))
		for _, b := range d.shelved {
			h.U64(b.sum)
		}
	} else {
		h.Str(string(d.HTML))
	}
	// The events are named by id: a page that lists them adds their own
	// fingerprints.
	h.Int(len(d.Events))
	for _, e := range d.Events {
		h.eventID(e)
	}
	d.Sum = h.Sum64()
}

func (d *Document) meta(h *Hasher) uint64 {
	h.DocRef(d)
	h.Str(d.Summary)
	h.Str(d.Source)
	h.Strs(d.Tags)
	h.Bool(d.Draft)
	h.Params(d.Params)
	h.Int(len(d.Paragraphs))
	for _, para := range d.Paragraphs {
		h.Int(len(para))
		for _, s := range para {
			h.Int(s.N)
			h.Int(len(s.Pieces))
			for _, p := range s.Pieces {
				h.Str(p.Text)
				h.Str(p.Kind)
				h.Str(p.ID)
				h.Str(p.URL)
				h.Str(p.Datetime)
			}
		}
	}
	h.Strs(d.Notes)
	h.Strs(d.Corrections)
	h.Countries(d.Countries)
	h.Orgs(d.Orgs)
	h.People(d.People)
	return h.Sum64()
}
