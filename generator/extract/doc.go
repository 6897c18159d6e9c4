package extract

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// ownerBlocker marks tokens of a phrase that hides a country word ("West
// Africa"); ownerIgnored (-1) marks tokens an editor told us to ignore.
const ownerBlocker = -2

// found is one entity occurrence in a document.
type found struct {
	t0, t1     int // token range [t0, t1)
	start, end int // byte range
	kind       string
	id         string // country code, org id, canonical person name, place name
	country    string // a place's or person's country
	sent       int    // 0-based sentence index
	// hidden findings count (a country inside an organisation's name,
	// "Islamic Movement of Uzbekistan") but are not linked as mentions,
	// because they lie inside another mention.
	hidden bool
	hint   bool // an editor's annotation: rules never drop it
}

// sentence is a span of tokens.
type sentence struct {
	t0, t1     int
	start, end int
}

// buffers are the large per-call slices, reused across calls through a
// pool: nothing in a Result points into them.
type buffers struct {
	toks    []token
	owner   []int
	sentOf  []int32
	finds   []found
	sents   []sentence
	dates   []dateFound
	covered []bool
	// result's and detach's working lists
	order  []int32
	keys   []uint64
	pieces []*string
	offs   []int
	porder []uint64
	packs  packs // what packed Results are carved from (see Input.Packed)
	// arena is the chunk the tokenizer writes words in lower case into
	// (see finishWordCase), used again by the next document: detach gives
	// any string of a Result that points into it a copy of its own.
	arena []byte

	// The document itself, and its maps and shorter lists: emptied, not
	// made again, for each document.
	doc          doc
	people       map[string]*personAcc
	acronyms     map[string]*OrgInfo
	forced       map[int]bool
	titleCountry map[int]bool
	persons      []personAcc // what people points to, carved here
	places       []Place     // result's, before it takes a copy
	quants       []Quantity
	blocks       []Span
	titleCaseOf  []int8
	findsOf      [][]int32
	resolved     []*dateFound
	ents         [4][]string // entitiesOf's lists, before an event takes a copy
	// result's counts
	countryCount, orgCount, personCount map[string]int
	placeSeen                           map[string]bool
	// resolveSurnames'
	bySurname map[string]string
	ambiguous map[string]bool
}

var bufPool = sync.Pool{New: func() any {
	return &buffers{people: map[string]*personAcc{}, acronyms: map[string]*OrgInfo{}, forced: map[int]bool{},
		titleCountry: map[int]bool{}, countryCount: map[string]int{}, orgCount: map[string]int{},
		personCount: map[string]int{}, placeSeen: map[string]bool{}, bySurname: map[string]string{},
		ambiguous: map[string]bool{}}
}}

// release returns the buffers to the pool; d must not be used after.
func (d *doc) release() {
	b := d.buf
	if b == nil {
		return
	}
	d.buf = nil
	// Keep the slices (with their capacity) but drop huge ones, so that
	// one giant document does not pin memory forever.
	if cap(d.toks) > 1<<20 {
		return
	}
	b.toks = d.toks[:0]
	b.owner = d.owner[:0]
	b.sentOf = d.sentOf[:0]
	// Cleared, so that pooled memory does not keep the strings of this
	// document alive.
	b.finds = clearSlice(d.finds)
	b.sents = d.sents[:0]
	b.dates = clearSlice(d.dates)
	b.order = d.order[:0]
	clear(b.people)
	clear(b.acronyms)
	clear(b.forced)
	clear(b.titleCountry)
	clear(b.countryCount)
	clear(b.orgCount)
	clear(b.personCount)
	clear(b.placeSeen)
	clear(b.bySurname)
	clear(b.ambiguous)
	b.persons = clearSlice(b.persons)
	b.quants = clearSlice(d.quants)
	b.blocks = b.blocks[:0]
	b.places = clearSlice(b.places)
	if d.titleCaseOf != nil {
		b.titleCaseOf = d.titleCaseOf[:0]
	}
	if d.findsOf != nil {
		b.findsOf = clearSlice(d.findsOf)
	}
	b.resolved = clearSlice(b.resolved)
	// The arena the document wrote last: at most a chunk (finishWordCase).
	b.arena = d.arena[:0]
	for i := range b.ents {
		b.ents[i] = clearSlice(b.ents[i])
	}
	b.doc = doc{} // d is b.doc
	bufPool.Put(b)
}

// clearSlice zeroes the elements of a slice and returns it emptied.
func clearSlice[T any](s []T) []T {
	clear(s)
	return s[:0]
}

// doc is the working state of one Extract call.
type doc struct {
	x     *Extractor
	lex   *lexicon
	in    Input
	s     string
	toks  []token
	sents []sentence
	// sentOf is the sentence index of every token.
	sentOf []int32
	// owner marks the tokens that a finding covers: 0 free, -1 blocked
	// (ignored or a blocker phrase), k > 0 the finding k-1.
	owner    []int
	finds    []found
	people   map[string]*personAcc
	acronyms map[string]*OrgInfo // acronyms defined in the document ("Full Name (FN)")
	dates    []dateFound
	quants   []Quantity
	warnings []Warning
	forced   map[int]bool // sentences an Event hint marks
	findsOf  [][]int32    // finding indices per sentence, for events
	order    []int32      // finding indices in text order
	// georgiaUS is set when a "Georgia" is clearly the US state.
	georgiaUS bool
	// linePerParagraph: every line break ends a sentence.
	linePerParagraph bool
	titleCaseOf      []int8 // cache of titleCase per sentence: 0 not known yet, 1 true, -1 false
	buf              *buffers
	titleCountry     map[int]bool    // tokens whose country a title took; empty, not nil, at first
	bodyCaps         map[string]bool // words capitalised in running text, for headlines
	dfRoom           [2]dateFound    // what matchDates returns (found1)
	dayRoom          dateFound       // what explicitDay returns (dayFound)
	// scratch and arena tokenize short texts of the document (people's
	// names) without allocating for each.
	scratch []token
	arena   []byte
	// strs holds the entity lists of the events (entityLists).
	strs []string
}

func newDoc(x *Extractor, in Input) *doc {
	// The text is read in place, not copied: Extract returns nothing
	// that points into it (detach).
	b := bufPool.Get().(*buffers)
	b.doc = doc{x: x, lex: &x.data.lex, in: in, s: unsafe.String(unsafe.SliceData(in.Text), len(in.Text)),
		people: b.people, acronyms: b.acronyms, forced: b.forced, titleCountry: b.titleCountry,
		quants: b.quants[:0], buf: b, arena: b.arena[:0]}
	d := &b.doc
	// The arena's room left after the text serves the short texts the
	// rules tokenize later.
	d.toks = tokenizeVocab(d.s, b.toks[:0], &d.arena, x.vocab)
	if cap(b.owner) < len(d.toks) {
		b.owner = make([]int, len(d.toks))
	}
	d.owner = b.owner[:len(d.toks)]
	clear(d.owner)
	d.applyBlocks()
	// News prose has an entity every ten to twenty tokens and a date
	// every forty or so.
	d.finds = slices.Grow(b.finds[:0], len(d.toks)/10+4)
	d.dates = slices.Grow(b.dates[:0], len(d.toks)/40+4)
	d.sents = slices.Grow(b.sents[:0], len(d.toks)/20+4)
	d.splitSentences()
	return d
}

func (d *doc) run() {
	d.applyHints()
	d.findNames()
	d.findAcronymDefinitions()
	d.findNamedOrgs()
	d.findPeople()
	d.findDates()
	d.inferPersonCountries() // after the dates: it skips datelines
	d.findQuantities()
}

// addFind records a finding over tokens [t0, t1).
func (d *doc) addFind(f found) {
	f.start = d.toks[f.t0].start
	f.end = d.toks[f.t1-1].end
	f.sent = int(d.sentOf[f.t0])
	d.finds = append(d.finds, f)
	for k := f.t0; k < f.t1; k++ {
		d.owner[k] = len(d.finds)
	}
}

// free reports whether tokens [t0, t1) are not yet covered.
func (d *doc) free(t0, t1 int) bool {
	for k := t0; k < t1; k++ {
		if d.owner[k] != 0 {
			return false
		}
	}
	return true
}

// text returns the text of tokens [t0, t1).
func (d *doc) text(t0, t1 int) string { return d.s[d.toks[t0].start:d.toks[t1-1].end] }

// tok returns token i, or a zero punctuation token when i is out of range,
// so that rules can look around without bounds checks.
func (d *doc) tok(i int) *token {
	if i < 0 || i >= len(d.toks) {
		return &noToken
	}
	return &d.toks[i]
}

var noToken = token{kind: tPunct, start: -1, end: -1}

// sameSentence reports whether tokens i and j are in one sentence.
func (d *doc) sameSentence(i, j int) bool {
	return i >= 0 && j >= 0 && i < len(d.toks) && j < len(d.toks) && int(d.sentOf[i]) == int(d.sentOf[j])
}

// sentenceStart reports whether token i begins its sentence, allowing for
// opening quotes and brackets.
func (d *doc) sentenceStart(i int) bool {
	s := d.sents[int(d.sentOf[i])]
	if i-s.t0 > 3 {
		return false
	}
	for k := s.t0; k < i; k++ {
		t := &d.toks[k]
		if t.kind != tPunct || !strings.ContainsAny(t.low, "\"'“‘([«-") {
			return false
		}
	}
	return true
}

// applyBlocks makes the line breaks of the tokens say what the document's
// blocks (Input.Blocks) say: inside a block a line break is soft, so the
// token's nl becomes 0, as if a space stood there; the first token of a
// block gets at least 2, a hard break like a blank line. All the rules that
// look at line breaks (sentences, datelines, names over lines) then see a
// Markdown note as they see a plain-text article. Tokens outside every block
// keep their breaks. Blocks that are out of range, empty or overlap an
// earlier one are skipped; they need not be sorted.
func (d *doc) applyBlocks() {
	if len(d.in.Blocks) == 0 || len(d.toks) == 0 {
		return
	}
	blocks := slices.Grow(d.buf.blocks[:0], len(d.in.Blocks))
	for _, b := range d.in.Blocks {
		b.Start, b.End = max(b.Start, 0), min(b.End, len(d.s))
		if b.Start < b.End {
			blocks = append(blocks, b)
		}
	}
	d.buf.blocks = blocks
	slices.SortFunc(blocks, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	kept := blocks[:0]
	for _, b := range blocks {
		if len(kept) == 0 || b.Start >= kept[len(kept)-1].End {
			kept = append(kept, b)
		}
	}
	// Walk tokens and blocks together: both are in text order.
	bi, prev := 0, -1 // prev: block of the previous token, -1 none
	for i := range d.toks {
		t := &d.toks[i]
		for bi < len(kept) && kept[bi].End <= t.start {
			bi++
		}
		cur := -1
		if bi < len(kept) && kept[bi].Start <= t.start {
			cur = bi
		}
		switch {
		case i == 0:
		case cur != prev:
			// A new block, or leaving one: a hard break.
			t.nl = max(t.nl, 2)
		case cur >= 0 && t.nl == 1:
			t.nl = 0
		}
		prev = cur
	}
}

// splitSentences fills d.sents and d.sentOf. A sentence ends at ".", "!",
// "?" (with closing quotes) before a capital, at a blank line, and at a
// single line break after the first line (a headline) or around an indented
// line (a heading or list item whose markup the loader blanked).
func (d *doc) splitSentences() {
	n := len(d.toks)
	if cap(d.buf.sentOf) < n {
		d.buf.sentOf = make([]int32, n)
	}
	d.sentOf = d.buf.sentOf[:n]
	start := 0
	add := func(t0, t1 int) {
		if t0 >= t1 {
			return
		}
		idx := len(d.sents)
		d.sents = append(d.sents, sentence{t0: t0, t1: t1, start: d.toks[t0].start, end: d.toks[t1-1].end})
		for k := t0; k < t1; k++ {
			d.sentOf[k] = int32(idx)
		}
	}
	firstLine := true
	d.linePerParagraph = d.oneParagraphPerLine()
	for i := 0; i < n; i++ {
		t := &d.toks[i]
		// Text without sentence ends (tables, lists, binary junk) is cut
		// into pieces so that rules that look across a sentence stay
		// linear in the size of the input.
		if i-start >= maxSentenceTokens || i > start && t.nl > 0 && d.lineBreakEnds(i, firstLine) {
			add(start, i)
			start = i
		}
		if t.nl > 0 && i > 0 {
			firstLine = false
		}
		if t.kind != tPunct {
			continue
		}
		switch t.low {
		case ".", "!", "?", "…":
		default:
			continue
		}
		j := i + 1
		for j < n && d.toks[j].kind == tPunct && d.toks[j].nl == 0 && strings.Contains("\"'”’)]»", d.toks[j].low) && (d.toks[j].low != "'" || !d.toks[j].space) {
			j++
		}
		for j < n && d.toks[j].kind == tPunct && d.toks[j].nl == 0 && (d.toks[j].low == "." || d.toks[j].low == "!" || d.toks[j].low == "?") {
			j++
		}
		if d.endsSentence(i, j) {
			add(start, j)
			start = j
			i = j - 1
		}
	}
	add(start, n)
}

// maxSentenceTokens bounds a sentence; real sentences are far shorter.
const maxSentenceTokens = 300

// lineBreakEnds decides whether a single or double line break before token
// i ends the sentence.
func (d *doc) lineBreakEnds(i int, firstLine bool) bool {
	t := &d.toks[i]
	if t.nl >= 2 {
		return true
	}
	if firstLine || d.linePerParagraph {
		return true
	}
	if d.indented(i) {
		return true
	}
	// Find the first token of the previous line.
	k := i - 1
	for k > 0 && d.toks[k].nl == 0 {
		k--
	}
	return d.indented(k)
}

// oneParagraphPerLine reports whether the text puts each paragraph on one
// line, as plain-text articles do, rather than wrapping sentences across
// lines, as Markdown notes may: then every line break ends a sentence. It
// is so when most lines end with sentence punctuation or are long.
func (d *doc) oneParagraphPerLine() bool {
	ends, breaks := 0, 0
	for i := 1; i < len(d.toks); i++ {
		if d.toks[i].nl != 1 {
			continue
		}
		breaks++
		p := d.toks[i-1].low
		if p == "." || p == "?" || p == "!" || p == "\"" || p == "”" || p == ")" || p == ":" || p == "'" || p == "’" {
			ends++
		}
	}
	return breaks == 0 || ends*2 >= breaks
}

// indented reports whether token i starts a line that begins with spaces.
func (d *doc) indented(i int) bool {
	t := &d.toks[i]
	if t.nl == 0 && i > 0 {
		return false
	}
	j := t.start
	for j > 0 && d.s[j-1] != '\n' {
		j--
	}
	return j < t.start
}

// endsSentence decides whether the punctuation at token i, with closing
// marks up to token j, ends a sentence.
func (d *doc) endsSentence(i, j int) bool {
	n := len(d.toks)
	if j >= n {
		return true
	}
	next := &d.toks[j]
	t := &d.toks[i]
	if t.low == "." && i > 0 {
		prev := &d.toks[i-1]
		if prev.kind == tWord && prev.end == t.start {
			// "… sanctions on the U.S. The ministry said": a capitalised
			// word that starts sentences ends it after all, except after
			// a title ("Gen. The" does not occur, "Mr. The" neither).
			starter := next.kind == tWord && next.cap && next.is(vFunction) && !prev.is(vRank) && !prev.is(vHonorific)
			if prev.is(vAbbrev) && next.nl == 0 && !starter {
				return false
			}
			// An initial ("George W. Bush") or "U.S." goes on.
			if len(prev.low) == 1 && prev.cap && next.nl == 0 && !starter {
				return false
			}
		}
	}
	if next.nl > 0 {
		return true
	}
	if next.kind == tWord && !next.cap {
		return false
	}
	if next.kind == tPunct && (next.low == "," || next.low == ";" || next.low == ")") {
		return false
	}
	return true
}
