package extract

import (
	"hash/maphash"
	"math/bits"
	"slices"
	"unsafe"
)

// EventMerger groups events that report the same thing, as SameEvent
// decides, without comparing every pair: candidates are found through an
// index by date and entity, visited in order of creation so that the
// search stops at the first group that accepts the event, and each event's
// words are read once (see MergeKeyOf). Most candidates are ruled out by
// what the group keeps of its first event's words and entities, without
// reading the event (see mayReach): a date given by the year alone holds
// thousands of groups, and a newcomer is compared with many of them.
type EventMerger struct {
	groups []mergeGroup
	probes []probe // of each group
	index  map[string]*dateIndex

	// scratch space of Add, kept to spare an allocation per event
	lists [][]int32
	pos   []int
	top   []uint16

	// what Reset keeps for the next events: the people of groups are
	// carved out of names, the keys that AddEvent makes out of keyWords
	// and keyText, and emptied buckets and indexes are reused
	names    []string
	keyWords []keyWord
	keyText  []byte
	buckets  []*bucket
	dates    []*dateIndex
}

// Reset empties m for other events, as a new EventMerger, keeping the
// memory it has made: a build merges each date's events on their own,
// thousands of dates, most with a few events.
func (m *EventMerger) Reset() {
	clear(m.groups)
	clear(m.names)
	m.groups, m.probes, m.names = m.groups[:0], m.probes[:0], m.names[:0]
	m.keyWords, m.keyText = m.keyWords[:0], m.keyText[:0]
	for _, d := range m.index {
		for _, b := range d.entity {
			b.all, b.unpeopled = b.all[:0], b.unpeopled[:0]
			m.buckets = append(m.buckets, b)
		}
		clear(d.entity)
		d.none.all, d.none.unpeopled = d.none.all[:0], d.none.unpeopled[:0]
		d.all.all, d.all.unpeopled = d.all.all[:0], d.all.unpeopled[:0]
		m.dates = append(m.dates, d)
	}
	clear(m.index)
}

// dateIndex holds the buckets of one date: of the groups whose first
// event names one entity, by the entity, of those whose first event names
// none, and of all groups.
type dateIndex struct {
	entity    map[entityKey]*bucket
	none, all bucket
}

// entityKey names an entity: its kind ('c', 'o' or 'p') and id.
type entityKey struct {
	kind byte
	id   string
}

// bucket lists groups in order of creation. For country and organisation
// keys, unpeopled lists again those whose first event names no people:
// an event that names people can only join a group whose first event
// names one of them (found through the person's key) or names nobody.
type bucket struct {
	all, unpeopled []int32
}

type mergeGroup struct {
	ev    *Report // the first event, as given to AddKeyed
	words MergeKey
	// people named by the group's events so far: a newcomer that names
	// people must share one with them when there are any, so that an
	// event without people cannot bridge reports about different people.
	people []string
}

// probe is what a newcomer reads of every candidate group, packed
// together apart from the rest of the group: the candidates of a year
// are thousands, visited in order of creation, and most are ruled out by
// their probe alone, read one after another instead of each from a
// group of its own.
type probe struct {
	owner, doc int
	// the number of countries, organisations and people the first event
	// names, and whether it names none twice in a list: what least needs
	// of it
	countries, orgs, persons int32
	unique                   bool
	// the number of the key's words, and the top 16 bits of the hashes
	// of its first words, in order: what mayReach needs of it
	words int32
	fp    [16]uint16
	// a bit for each of the key's words (see wordMask)
	mask uint64
}

// least returns a similarity that an event naming so many countries,
// organisations and people must exceed (when strict) or reach to join
// group c, judged from the numbers of entities of both, without reading
// c's first event: what similarityNeeded asks of the pair, or
// less, and ok false when it would refuse the pair anyway. year says
// that the date is a year alone, sameDoc that the event is of c's
// document.
func (c *probe) least(countries, orgs, people int, year, sameDoc bool) (t float64, strict, ok bool) {
	na := c.countries + c.orgs + c.persons
	nb := countries + orgs + people
	// overlap counts the entities of c's first event that e names too:
	// at most as many as it names, or as e names when it names none
	// twice.
	most := func(n int32, m int) int {
		if c.unique {
			return min(int(n), m)
		}
		return int(n)
	}
	shared := most(c.countries, countries) + most(c.orgs, orgs) + 2*most(c.persons, people)
	return threshold(int(na), nb, shared, year && !sameDoc)
}

// uniqueEntities reports whether e names no country, organisation or
// person twice.
func uniqueEntities(e *Report) bool {
	for _, l := range [][]string{e.Countries(), e.Organisations(), e.People()} {
		for i, x := range l {
			if slices.Contains(l[:i], x) {
				return false
			}
		}
	}
	return true
}

// MergeKey is what EventMerger compares of an event's wording, computed
// once per event. Computing it is the costly part of merging and needs
// nothing but the event, so callers may compute keys in parallel.
//
// The content words are kept sorted by a hash of each word, then by the
// word: comparing two sets walks them in that order, and compares words
// only when their hashes are equal. The order is total, so the count of
// common words is exact whatever the hashes are.
type MergeKey struct {
	words []keyWord
	// the words one after another: keys hold no pointers but this one,
	// so that making them and keeping them costs the collector little
	text string
}

// keyWord is a content word of a key, text[off:end], with its hash.
type keyWord struct {
	hash     uint64
	off, end uint32
}

// word returns the i-th word of k.
func (k MergeKey) word(i int) string {
	w := k.words[i]
	return k.text[w.off:w.end]
}

// MergeKeyOf returns the merge key of e: the set of contentWords(e.Text,
// e.Date), each word hashed once, which both sorts the set and tells stop
// words apart.
func MergeKeyOf(e Event) MergeKey { return keyOf(e.Text, e.Date) }

// MergeKey returns the merge key of r, as MergeKeyOf of its Event.
func (r *Report) MergeKey() MergeKey { return keyOf(r.Text, r.Date()) }

// keyOf returns the merge key of an event's text and date.
func keyOf(s, date string) MergeKey {
	// The words found, and their lower-case forms one after another: on
	// the stack while there are few, and without pointers, so that the
	// work writes nothing the collector must see.
	var buf [32]keyWord
	var tb [512]byte
	words, text := appendKey(s, date, buf[:0], tb[:0])
	// The key is kept for as long as the event is merged: exactly sized,
	// and nil for no words.
	var k MergeKey
	n := len(words)
	if n == 0 {
		return k
	}
	size := 0
	for _, w := range words {
		size += int(w.end - w.off)
	}
	kept := make([]byte, 0, size)
	k.words = make([]keyWord, n)
	for i, w := range words {
		k.words[i] = keyWord{w.hash, uint32(len(kept)), uint32(len(kept)) + w.end - w.off}
		kept = append(kept, text[w.off:w.end]...)
	}
	k.text = unsafe.String(unsafe.SliceData(kept), len(kept))
	return k
}

// appendKey appends the words of the merge key of text s dated date to
// words, sorted and without duplicates, and their lower-case forms to
// text, at the offsets the words give, and returns both. Forms of words
// that the key leaves out may stay in text between them.
func appendKey(s, date string, words []keyWord, text []byte) ([]keyWord, []byte) {
	year := date
	if len(year) > 4 {
		year = year[:4]
	}
	first := len(words)
	word := func(w keyWord) string { return unsafe.String(&text[w.off], w.end-w.off) }
	sc := newWordScanner(s)
	for {
		start, end, num, ascii, upper, ok := sc.next()
		if !ok {
			break
		}
		if end-start < 3 && ascii {
			continue // a low form as long as the text is too short
		}
		mark := len(text)
		switch {
		case num || ascii && !upper:
			text = append(text, s[start:end]...)
		case ascii:
			text = appendLowerASCII(text, s[start:end])
		default:
			text = append(text, normWord(s[start:end])...)
		}
		if len(text)-mark < 3 {
			text = text[:mark]
			continue
		}
		w := keyWord{off: uint32(mark), end: uint32(len(text))}
		low := word(w)
		if low == year {
			text = text[:mark]
			continue
		}
		w.hash = maphash.String(wordSeed, low)
		if isStopWord(w.hash, low) {
			text = text[:mark]
			continue
		}
		words = append(words, w)
	}
	less := func(a, b keyWord) bool { return a.hash < b.hash || a.hash == b.hash && word(a) < word(b) }
	ws := words[first:]
	if len(ws) > 32 {
		slices.SortFunc(ws, func(a, b keyWord) int {
			if less(a, b) {
				return -1
			}
			if less(b, a) {
				return 1
			}
			return 0
		})
	} else {
		// A sentence has a few words: sorted by insertion, comparing
		// words only when hashes are equal.
		for i := 1; i < len(ws); i++ {
			w, j := ws[i], i
			for ; j > 0 && less(w, ws[j-1]); j-- {
				ws[j] = ws[j-1]
			}
			ws[j] = w
		}
	}
	// Equal words have equal hashes, so duplicates are neighbours.
	n := 0
	for i, w := range ws {
		if i == 0 || w.hash != ws[n-1].hash || word(w) != word(ws[n-1]) {
			ws[n] = w
			n++
		}
	}
	return words[:first+n], text
}

// wordSeed seeds the word hashes of one process; any seed gives the
// same merges.
var wordSeed = maphash.MakeSeed()

// stopTable holds the stopWords in open addressing by their hash under
// wordSeed, so that MergeKeyOf tests a word with the hash it makes
// anyway: a slot or two, and a comparison of the word only when a slot is
// taken.
var stopTable = func() (t [stopSlots]string) {
	for w := range stopWords {
		i := maphash.String(wordSeed, w) % stopSlots
		for t[i] != "" {
			i = (i + 1) % stopSlots
		}
		t[i] = w
	}
	return t
}()

const stopSlots = 256 // a power of two, well above len(stopWords)

// isStopWord reports whether w, whose hash under wordSeed is h, is one of
// the stopWords.
func isStopWord(h uint64, w string) bool {
	for i := h % stopSlots; stopTable[i] != ""; i = (i + 1) % stopSlots {
		if stopTable[i] == w {
			return true
		}
	}
	return false
}

// mayReach reports whether the similarity of a key and the key of group
// p may pass t (exceed it when strict, else reach it), as sameEventWords
// asks; top holds the top 16 bits of the hashes of the key's words, in
// order. It rules out most pairs by the sizes of the sets and those bits:
// two keys have at most as many words in common as they have such bits,
// as a merge of the two lists counts them (a common word has the same
// bits in both). The bound is divided as the similarity is, so it passes
// whenever the similarity does.
func mayReach(top []uint16, p *probe, t float64, strict bool) bool {
	a, b := len(top), int(p.words)
	if a == 0 || b == 0 {
		return a == b // the similarity is 1 or 0
	}
	n := min(a, b)
	if b <= len(p.fp) {
		// A merge without branches on the values, which are
		// unpredictable.
		n = 0
		fp := p.fp[:b]
		for i, j := 0, 0; i < a && j < b; {
			x, y := top[i], fp[j]
			n += b2i(x == y)
			i += b2i(x <= y)
			j += b2i(y <= x)
		}
	}
	bound := float64(n) / float64(a+b-n)
	return bound > t || !strict && bound >= t
}

// wordMask sets a bit for each word of a key, given the top bits of the
// words' hashes (as mayReach): bit x%64 for each x of top.
func wordMask(top []uint16) uint64 {
	var m uint64
	for _, x := range top {
		m |= 1 << (x % 64)
	}
	return m
}

// maskMayReach is mayReach's bound with a count of common words from the
// masks of two keys (a and b, of keys of na and nb words; see wordMask):
// a test of a few instructions, which rules out most of the pairs that
// mayReach rules out, and none that it lets pass. A word that the two
// keys share sets the same bit in both; the bits they share count such
// words, but for words of the first key that set a bit another of its
// words set too (na less the bits of a), which may be shared as well.
func maskMayReach(a, b uint64, na, nb int, t float64, strict bool) bool {
	if na == 0 || nb == 0 {
		return na == nb // the similarity is 1 or 0
	}
	n := min(bits.OnesCount64(a&b)+na-bits.OnesCount64(a), na, nb)
	bound := float64(n) / float64(na+nb-n)
	return bound > t || !strict && bound >= t
}

// b2i is 1 for true and 0 for false, without a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// similarity is the Jaccard similarity of two keys' word sets, as
// jaccardSorted computes it for the sets sorted by word.
func (k *MergeKey) similarity(o *MergeKey) float64 {
	a, b := k.words, o.words
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].hash < b[j].hash:
			i++
		case a[i].hash > b[j].hash:
			j++
		case k.word(i) == o.word(j):
			inter++
			i++
			j++
		case k.word(i) < o.word(j):
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Add puts e into the first earlier group whose first event is the same
// event, whose owner differs (events of one text are never merged with
// each other) and whose people, if both name any, include one of e's, or
// into a new group. It returns the group's number, counted
// from 0 in order of creation, and whether e started it.
// Each owner is a document of its own (see AddKeyed).
func (m *EventMerger) Add(e Event, owner int) (group int, isNew bool) {
	r := ReportOf(&e)
	return m.AddKeyed(&r, r.MergeKey(), owner, owner)
}

// AddEvent is AddKeyed with e's merge key made by the merger, in memory
// that it keeps for the keys of its groups only and reuses after Reset.
func (m *EventMerger) AddEvent(e *Report, owner, doc int) (group int, isNew bool) {
	w0, t0 := len(m.keyWords), len(m.keyText)
	m.keyWords, m.keyText = appendKey(e.Text, e.Date(), m.keyWords, m.keyText)
	var k MergeKey
	if len(m.keyWords) > w0 {
		// The words' offsets are in keyText, which the key's text starts
		// with; what is appended later is past its end, and what a
		// truncation lets be written over is past every kept key's.
		k.words = m.keyWords[w0:len(m.keyWords):len(m.keyWords)]
		k.text = unsafe.String(unsafe.SliceData(m.keyText), len(m.keyText))
	}
	group, isNew = m.AddKeyed(e, k, owner, doc)
	if !isNew {
		m.keyWords, m.keyText = m.keyWords[:w0], m.keyText[:t0]
	}
	return group, isNew
}

// AddKeyed is Add with e's merge key already computed: k must be
// e.MergeKey(). The merger keeps e, which must not change afterwards.
// doc is the document the owner belongs to: the parts of one document (a
// seed and the notes that annotate it) merge more readily with each other
// than with other documents.
func (m *EventMerger) AddKeyed(e *Report, k MergeKey, owner, doc int) (group int, isNew bool) {
	countries, orgs, persons := e.Countries(), e.Organisations(), e.People()
	// The candidates: every group that SameEvent could accept, as lists
	// in order of creation.
	lists := m.lists[:0]
	add := func(l []int32) {
		if len(l) > 0 {
			lists = append(lists, l)
		}
	}
	named := len(countries)+len(orgs)+len(persons) > 0
	date := e.Date()
	var d *dateIndex
	if date != "" {
		d = m.dateIndex(date)
		if !named {
			// Events without entities compare with everything of their
			// date.
			add(d.all.all)
		} else {
			people := len(persons) > 0
			for _, c := range countries {
				if b := d.entity[entityKey{'c', c}]; b != nil {
					add(pick(b, people))
				}
			}
			for _, o := range orgs {
				if b := d.entity[entityKey{'o', o}]; b != nil {
					add(pick(b, people))
				}
			}
			for _, p := range persons {
				if b := d.entity[entityKey{'p', p}]; b != nil {
					add(b.all)
				}
			}
			add(d.none.all)
		}
	}
	m.lists = lists
	year := len(date) == 4
	top := m.top[:0]
	for _, w := range k.words {
		top = append(top, uint16(w.hash>>48))
	}
	m.top = top
	mask := wordMask(top)
	best := m.firstMatch(lists, func(g int32) bool {
		p := &m.probes[g]
		if p.owner == owner {
			return false
		}
		if t, strict, ok := p.least(len(countries), len(orgs), len(persons), year, p.doc == doc); !ok ||
			!maskMayReach(mask, p.mask, len(top), int(p.words), t, strict) || !mayReach(top, p, t, strict) {
			return false
		}
		c := &m.groups[g]
		return (len(c.people) == 0 || len(persons) == 0 || overlap(c.people, persons) > 0) &&
			sameEventWords(c.ev, e, &c.words, &k, p.doc == doc)
	})
	if best >= 0 {
		c := &m.groups[best]
		for _, p := range persons {
			if !slices.Contains(c.people, p) {
				c.people = append(c.people, p)
			}
		}
		return best, false
	}
	g := int32(len(m.groups))
	var people []string // as slices.Clone(persons), from names
	if persons != nil {
		at := len(m.names)
		m.names = append(m.names, persons...)
		people = m.names[at:len(m.names):len(m.names)]
	}
	m.groups = append(m.groups, mergeGroup{ev: e, words: k, people: people})
	p := probe{owner: owner, doc: doc, words: int32(len(k.words)),
		countries: int32(len(countries)), orgs: int32(len(orgs)), persons: int32(len(persons)), unique: uniqueEntities(e)}
	copy(p.fp[:], top)
	p.mask = mask
	m.probes = append(m.probes, p)
	if date == "" {
		return int(g), true
	}
	put := func(b *bucket, unpeopled bool) {
		b.all = append(b.all, g)
		if unpeopled {
			b.unpeopled = append(b.unpeopled, g)
		}
	}
	entity := func(key entityKey) *bucket {
		b := d.entity[key]
		if b == nil {
			if n := len(m.buckets); n > 0 {
				b, m.buckets = m.buckets[n-1], m.buckets[:n-1]
			} else {
				b = &bucket{}
			}
			d.entity[key] = b
		}
		return b
	}
	if !named {
		put(&d.none, false)
	}
	for _, c := range countries {
		put(entity(entityKey{'c', c}), len(persons) == 0)
	}
	for _, o := range orgs {
		put(entity(entityKey{'o', o}), len(persons) == 0)
	}
	for _, p := range persons {
		put(entity(entityKey{'p', p}), false)
	}
	// Every event of a date is reachable for entity-less newcomers.
	put(&d.all, false)
	return int(g), true
}

// dateIndex returns the index of the date, made when needed.
func (m *EventMerger) dateIndex(date string) *dateIndex {
	d := m.index[date]
	if d == nil {
		if m.index == nil {
			m.index = map[string]*dateIndex{}
		}
		if n := len(m.dates); n > 0 {
			d, m.dates = m.dates[n-1], m.dates[:n-1]
		} else {
			d = &dateIndex{entity: map[entityKey]*bucket{}}
		}
		m.index[date] = d
	}
	return d
}

// pick returns the groups of a country or organisation bucket that an
// event may join: all of them, or, when the event names people, those
// whose first event names nobody.
func pick(b *bucket, people bool) []int32 {
	if people {
		return b.unpeopled
	}
	return b.all
}

// firstMatch returns the smallest group in the union of the ascending
// lists that ok accepts, or -1. It walks the lists in step, so each
// candidate is tried once and the walk ends at the first acceptance.
func (m *EventMerger) firstMatch(lists [][]int32, ok func(int32) bool) int {
	if len(lists) == 1 {
		for _, g := range lists[0] {
			if ok(g) {
				return int(g)
			}
		}
		return -1
	}
	pos := m.pos[:0]
	for range lists {
		pos = append(pos, 0)
	}
	m.pos = pos
	for {
		next := int32(-1)
		for i, l := range lists {
			if pos[i] < len(l) && (next < 0 || l[pos[i]] < next) {
				next = l[pos[i]]
			}
		}
		if next < 0 {
			return -1
		}
		for i, l := range lists {
			if pos[i] < len(l) && l[pos[i]] == next {
				pos[i]++
			}
		}
		if ok(next) {
			return int(next)
		}
	}
}

// stopWords are words of three letters or more that any two sentences may
// share without being about the same thing.
var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "from": true, "that": true,
	"this": true, "these": true, "those": true, "was": true, "were": true, "are": true,
	"has": true, "have": true, "had": true, "its": true, "their": true, "his": true,
	"her": true, "into": true, "onto": true, "over": true, "about": true, "after": true,
	"before": true, "during": true, "since": true, "until": true, "than": true,
	"which": true, "who": true, "whom": true, "will": true, "would": true, "not": true,
	"but": true, "also": true, "said": true, "says": true, "told": true, "been": true,
	"being": true, "beginning": true, "there": true, "they": true, "them": true,
	// Words of date expressions: two candidates have the same date by
	// construction, so how each phrases it says nothing more.
	"earlier": true, "later": true, "year": true, "years": true, "month": true,
	"months": true, "week": true, "weeks": true, "day": true, "days": true,
	"today": true, "yesterday": true, "tomorrow": true, "last": true, "next": true,
	"ago": true, "previous": true, "following": true, "january": true,
	"february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true,
}

// sameEventWords is sameEvent for events whose merge keys are aw and
// bw (sameDoc as there), comparing the words only when the entities allow a match and the
// set sizes do not already rule it out (the similarity of two sets is at
// most the smaller size over the larger).
func sameEventWords(a, b *Report, aw, bw *MergeKey, sameDoc bool) bool {
	t, strict, ok := similarityNeeded(a, b, sameDoc)
	if !ok {
		return false
	}
	lo, hi := len(aw.words), len(bw.words)
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi > 0 {
		if bound := float64(lo) / float64(hi); bound < t || strict && bound <= t {
			return false
		}
	}
	sim := aw.similarity(bw)
	return sim > t || !strict && sim >= t
}
