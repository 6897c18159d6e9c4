package extract

import (
	"slices"
	"strings"
	"unsafe"
)

// result assembles the Result from the findings, sorted deterministically.
func (d *doc) result() Result {
	res := emptyResult()
	pub := d.in.Published
	lean := d.in.Lean
	if lean {
		n := 0
		for k := range d.finds {
			if f := &d.finds[k]; f.kind == KindCountry && !f.hidden {
				n++
			}
		}
		res.Mentions = make([]Mention, 0, n)
	} else {
		res.Mentions = make([]Mention, 0, len(d.finds)+len(d.dates))
	}

	countryCount, orgCount, personCount := d.buf.countryCount, d.buf.orgCount, d.buf.personCount
	places := d.buf.places[:0]
	defer func() { d.buf.places = places }()
	placeSeen := d.buf.placeSeen
	// Findings in text order. The sort runs over small keys (offsets
	// packed with the index) instead of the findings; findings with the
	// same span then go by kind and id, so that the order is
	// deterministic.
	d.order = slices.Grow(d.buf.order[:0], len(d.finds))[:len(d.finds)]
	byFinding := func(x, y int32) int {
		a, b := &d.finds[x], &d.finds[y]
		if a.start != b.start {
			return a.start - b.start
		}
		if a.end != b.end {
			return a.end - b.end
		}
		if c := strings.Compare(a.kind, b.kind); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	}
	if len(d.finds) < 1<<24 && len(d.s) < 1<<20 {
		keys := slices.Grow(d.buf.keys[:0], len(d.finds))[:len(d.finds)]
		defer func() { d.buf.keys = keys[:0] }()
		for k := range d.finds {
			f := &d.finds[k]
			keys[k] = uint64(f.start)<<44 | uint64(min(f.end-f.start, 1<<20-1))<<24 | uint64(k)
		}
		slices.Sort(keys)
		for k := range d.order {
			d.order[k] = int32(keys[k] & (1<<24 - 1))
		}
		for a := 0; a < len(d.order); {
			b := a + 1
			for b < len(d.order) && d.finds[d.order[b]].start == d.finds[d.order[a]].start && d.finds[d.order[b]].end == d.finds[d.order[a]].end {
				b++
			}
			if b-a > 1 {
				slices.SortFunc(d.order[a:b], byFinding)
			}
			a = b
		}
	} else {
		for k := range d.order {
			d.order[k] = int32(k)
		}
		slices.SortFunc(d.order, byFinding)
	}
	for _, k := range d.order {
		f := &d.finds[k]
		if f.kind == "" {
			continue // dropped by a later rule
		}
		code := ""
		switch f.kind {
		case KindCountry:
			code = f.id
		case KindPlace:
			code = f.country
			if !placeSeen[f.id] {
				placeSeen[f.id] = true
				places = append(places, Place{Name: f.id, Country: f.country})
			}
		case KindOrg:
			orgCount[f.id]++
		case KindPerson:
			personCount[f.id]++
		}
		if code != "" {
			countryCount[code]++
		}
		if !f.hidden && (!lean || f.kind == KindCountry) {
			id := f.id
			if f.kind == KindPerson {
				// The person's Name in this Result, so that a mention
				// links to the entry of Result.People.
				if p := d.people[f.id]; p != nil {
					id = p.display
				}
			}
			res.Mentions = append(res.Mentions, Mention{Start: f.start, End: f.end, Kind: f.kind, ID: id})
		}
	}
	// Every list is made at its final size, and sorted by a total order
	// (cmpMentions ends at a unique key), so any sort gives one result.
	res.Countries = carve(&d.buf.packs.countries, len(countryCount), d.in.Packed)
	for code, n := range countryCount {
		name := code
		if c, ok := d.x.data.byCode[code]; ok {
			name = c.Name
		}
		res.Countries = append(res.Countries, Country{Code: code, Name: name, Mentions: n})
	}
	slices.SortFunc(res.Countries, func(a, b Country) int {
		return cmpMentions(a.Mentions, b.Mentions, a.Name, b.Name, a.Code, b.Code)
	})
	res.Organisations = carve(&d.buf.packs.organisations, len(orgCount), d.in.Packed)
	for id, n := range orgCount {
		name := id
		if o, ok := d.x.orgs[id]; ok {
			name = o.Name
		} else {
			// An organisation the document defined: the name it gave,
			// the longest if it gave several.
			for _, o := range d.acronyms {
				if o.ID == id && (len(o.Name) > len(name) || len(o.Name) == len(name) && o.Name < name) {
					name = o.Name
				}
			}
		}
		res.Organisations = append(res.Organisations, Organisation{ID: id, Name: name, Mentions: n})
	}
	slices.SortFunc(res.Organisations, func(a, b Organisation) int {
		return cmpMentions(a.Mentions, b.Mentions, a.Name, b.Name, a.ID, b.ID)
	})
	res.People = carve(&d.buf.packs.people, len(personCount), d.in.Packed)
	for canon, n := range personCount {
		p := d.people[canon]
		res.People = append(res.People, Person{Name: p.display, Title: p.title, Country: p.country,
			Mentions: n, Canonical: p.canon})
	}
	slices.SortFunc(res.People, func(a, b Person) int {
		return cmpMentions(a.Mentions, b.Mentions, a.Name, b.Name, a.Canonical, b.Canonical)
	})
	if len(places) > 0 && !lean {
		res.Places = slices.Clone(places)
	}
	slices.SortStableFunc(d.quants, func(a, b Quantity) int { return a.Offset - b.Offset })
	res.Quantities = append(res.Quantities, d.quants...)

	sortDates(d.dates)
	if !lean {
		d.dateMentions(&res)
	}
	res.Events, res.Reports = d.events(pub)
	res.Sentences = carve(&d.buf.packs.sentences, len(d.sents), d.in.Packed)[:len(d.sents)]
	for k, s := range d.sents {
		res.Sentences[k] = Span{Start: s.start, End: s.end}
	}
	slices.SortStableFunc(d.warnings, func(a, b Warning) int { return a.Offset - b.Offset })
	res.Warnings = d.warnings
	return res
}

// dateMentions lists the dates of a result, and adds them to its mentions
// in text order.
func (d *doc) dateMentions(res *Result) {
	res.Dates = make([]DateMention, 0, len(d.dates))
	found := len(res.Mentions)
	for _, df := range d.dates {
		start, end := d.toks[df.t0].start, d.toks[df.t1-1].end
		dm := DateMention{Text: d.s[start:end], Offset: start, Sentence: int(d.sentOf[df.t0]) + 1,
			Relative: df.relative}
		if df.val.IsZero() {
			dm.Precision = df.prec
		} else {
			v := df.val.String()
			dm.Value = &v
			dm.Precision = df.val.Precision()
		}
		res.Dates = append(res.Dates, dm)
		id := ""
		if dm.Value != nil {
			id = *dm.Value
		}
		res.Mentions = append(res.Mentions, Mention{Start: start, End: end, Kind: KindDate, ID: id})
	}
	mergeMentions(res.Mentions, found)
}

// mergeMentions merges the two runs of m, m[:n] and m[n:], each sorted by
// Start, in place into one, entities (the first run) first on ties. It
// works from the back, with a copy of the second run: the dates, a few
// against many entities.
func mergeMentions(m []Mention, n int) {
	var room [32]Mention
	b := append(room[:0], m[n:]...)
	i, j := n-1, len(b)-1
	for k := len(m) - 1; j >= 0; k-- {
		if i >= 0 && m[i].Start > b[j].Start {
			m[k] = m[i]
			i--
		} else {
			m[k] = b[j]
			j--
		}
	}
}

// cmpMentions orders findings most mentioned first, then by name, then by
// key, so that every list of a Result has one total order.
func cmpMentions(am, bm int, an, bn, ak, bk string) int {
	if am != bm {
		return bm - am
	}
	if c := strings.Compare(an, bn); c != 0 {
		return c
	}
	return strings.Compare(ak, bk)
}

// packs are the chunks that packed Results (see Input.Packed) take their
// text and their longer-lived lists from: the lists that a build keeps
// until its model is made, or to its end.
type packs struct {
	text          []byte
	countries     []Country
	organisations []Organisation
	people        []Person
	sentences     []Span
	reports       []Report
	lists         []string // the events' lists of entities (see roomFor)
}

// packChunk is the size of a chunk of packs, in bytes. A list of more
// than an eighth of that gets an array of its own, so that less than that
// is left unused at a chunk's end.
const packChunk = 32 << 10

// packLen is the number of elements of T in a chunk of packs; a list of
// more than an eighth of that has an array of its own.
func packLen[T any]() int { return packChunk / max(int(unsafe.Sizeof(*new(T))), 1) }

// carve returns an empty slice, never nil, with room for n elements:
// from the chunk when packed (a new chunk when the chunk has not that much
// room), else an array of its own.
func carve[T any](chunk *[]T, n int, packed bool) []T {
	each := packLen[T]()
	if !packed || n == 0 || n > each/8 {
		return make([]T, 0, n) // empty, not nil, when n is 0: JSON shows []
	}
	if cap(*chunk)-len(*chunk) < n {
		*chunk = make([]T, 0, each)
	}
	k := len(*chunk)
	*chunk = (*chunk)[:k+n]
	return (*chunk)[k : k : k+n]
}

// detach gives every string of r that is a piece of text (the document's
// text as the extractor read it) a copy of its own, so that the text,
// as large as the document, can be freed while the much smaller result
// is kept: a build keeps the results of every document until its pages
// are rendered. The pieces overlap (a sentence, its figures, a person's
// name in every mention), so the parts of text they cover are copied,
// each once, into one buffer, and every piece becomes a part of it.
//
// b, when not nil, lends the working lists; with packed, the copy is
// carved from b's chunk of text (see Input.Packed).
func detach(r *Result, text string, b *buffers, packed bool) {
	if b == nil {
		b = new(buffers)
	}
	arena := b.doc.arena
	if len(text) == 0 && len(arena) == 0 {
		return
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	hi := lo + uintptr(len(text))
	// The arena is written again for the next document: a string in it
	// (the rules use its words to look things up, and none is known to
	// end in a Result) is copied on its own.
	alo := uintptr(unsafe.Pointer(unsafe.SliceData(arena)))
	ahi := alo + uintptr(cap(arena))
	// The pieces, and their offsets in text.
	n := 16 + len(r.Mentions) + 2*len(r.Events) + 2*len(r.Reports) + 2*len(r.Quantities) + len(r.Dates)
	pieces, offs := slices.Grow(b.pieces[:0], n), slices.Grow(b.offs[:0], n)
	defer func() {
		// Cleared, so that pooled memory does not keep the result alive.
		b.pieces, b.offs = clearSlice(pieces), offs[:0]
	}()
	own := func(s *string) {
		if len(*s) == 0 {
			return
		}
		switch p := uintptr(unsafe.Pointer(unsafe.StringData(*s))); {
		case p >= lo && p < hi:
			pieces = append(pieces, s)
			offs = append(offs, int(p-lo))
		case p >= alo && p < ahi:
			*s = strings.Clone(*s)
		}
	}
	ownAll := func(ss []string) {
		for i := range ss {
			own(&ss[i])
		}
	}
	for i := range r.Countries {
		own(&r.Countries[i].Name)
	}
	for i := range r.Organisations {
		own(&r.Organisations[i].ID)
		own(&r.Organisations[i].Name)
	}
	for i := range r.People {
		p := &r.People[i]
		own(&p.Name)
		own(&p.Title)
		own(&p.Country)
		own(&p.Canonical)
	}
	for i := range r.Places {
		own(&r.Places[i].Name)
		own(&r.Places[i].Country)
	}
	for i := range r.Quantities {
		own(&r.Quantities[i].Text)
		own(&r.Quantities[i].Unit)
	}
	for i := range r.Dates {
		own(&r.Dates[i].Text)
	}
	for i := range r.Events {
		e := &r.Events[i]
		own(&e.Text)
		ownAll(e.Countries)
		ownAll(e.Organisations)
		ownAll(e.People)
		ownAll(e.Places)
	}
	for i := range r.Reports {
		own(&r.Reports[i].Text)
		ownAll(r.Reports[i].ents)
	}
	for i := range r.Mentions {
		own(&r.Mentions[i].ID)
	}
	for i := range r.Warnings {
		own(&r.Warnings[i].Message)
	}
	if len(pieces) == 0 {
		return
	}
	// The pieces in text order, sorted as plain numbers (offset and
	// index packed in one) where the text allows.
	order := slices.Grow(b.porder[:0], len(pieces))[:len(pieces)]
	defer func() { b.porder = order[:0] }()
	if uint64(len(text)) < 1<<32 {
		for i, off := range offs {
			order[i] = uint64(off)<<32 | uint64(i)
		}
		slices.Sort(order)
		for i := range order {
			order[i] &= 1<<32 - 1
		}
	} else {
		for i := range order {
			order[i] = uint64(i)
		}
		slices.SortFunc(order, func(a, b uint64) int { return offs[a] - offs[b] })
	}
	// The union of the pieces, as runs of text in order: its size, then
	// the copy.
	size, end := 0, -1
	for _, i := range order {
		off, e := offs[i], offs[i]+len(*pieces[i])
		switch {
		case off >= end:
			size += e - off
			end = e
		case e > end:
			size += e - end
			end = e
		}
	}
	buf := carve(&b.packs.text, size, packed)
	start, base := 0, 0 // the current run: its start in text, and in buf
	end = -1
	for _, i := range order {
		s := pieces[i]
		off, e := offs[i], offs[i]+len(*s)
		switch {
		case off >= end:
			start, base = off, len(buf)
			buf = append(buf, text[off:e]...)
			end = e
		case e > end:
			buf = append(buf, text[end:e]...)
			end = e
		}
		*s = unsafe.String(&buf[base+off-start], len(*s))
	}
}
