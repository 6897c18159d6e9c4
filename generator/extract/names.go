package extract

import (
	"sort"
	"strings"
)

// applyHints turns editors' annotations into findings before the rules run,
// so that the rules do not contradict them (SPEC §2: annotations override).
func (d *doc) applyHints() {
	for _, h := range d.in.Hints {
		if h.Start < 0 || h.End > len(d.s) || h.Start >= h.End {
			continue
		}
		t0, t1 := d.tokenRange(h.Start, h.End)
		if t0 >= t1 {
			continue
		}
		if h.Ignore {
			for k := t0; k < t1; k++ {
				d.owner[k] = -1
			}
			continue
		}
		if h.Event {
			d.forced[int(d.sentOf[t0])] = true
		}
		if !h.Date.IsZero() {
			d.addHintDate(h, t0, t1)
		}
		if !d.free(t0, t1) {
			continue
		}
		switch {
		case len(h.Countries) > 0:
			for _, c := range h.Countries {
				d.addFind(found{t0: t0, t1: t1, kind: KindCountry, id: strings.ToUpper(strings.TrimSpace(c)), hint: true})
			}
		case h.Org != "":
			id := h.Org
			if kind, oid, ok := d.x.LookupName(h.Org); ok && kind == KindOrg {
				id = oid
			} else if _, ok := d.x.orgs[strings.ToLower(id)]; ok {
				id = strings.ToLower(id)
			} else {
				id = slugID(id)
			}
			d.addFind(found{t0: t0, t1: t1, kind: KindOrg, id: id, hint: true})
		case h.Person != "":
			p := d.person(h.Person, d.text(t0, t1))
			if kp, ok := d.x.people[h.Person]; ok {
				p.country = kp.Country
			}
			d.addFind(found{t0: t0, t1: t1, kind: KindPerson, id: p.canon, hint: true})
		case h.Place != "":
			country := ""
			for _, e := range d.x.gaz.index[normWord(firstWord(h.Place))] {
				if e.kind == ePlace && strings.EqualFold(strings.Join(e.surf, " "), h.Place) {
					country = e.country
				}
			}
			d.addFind(found{t0: t0, t1: t1, kind: KindPlace, id: h.Place, country: country, hint: true})
		}
	}
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	t := tokenize(f[0], nil)
	if len(t) == 0 {
		return ""
	}
	return f[0][t[0].start:t[0].end]
}

// tokenRange returns the tokens that overlap the byte range [start, end),
// by binary search: notes may carry many annotations.
func (d *doc) tokenRange(start, end int) (int, int) {
	t0 := sort.Search(len(d.toks), func(k int) bool { return d.toks[k].end > start })
	t1 := sort.Search(len(d.toks), func(k int) bool { return d.toks[k].start >= end })
	if t1 < t0 {
		t1 = t0
	}
	return t0, t1
}

// findNames runs the gazetteer over the text: countries, demonyms, places,
// organisations and known people, longest match first, with the context
// rules that keep "Jordan" the basketball player or "Georgia" the US state
// from becoming countries.
func (d *doc) findNames() {
	g := d.x.gaz
	n := len(d.toks)
	for i := 0; i < n; {
		if d.owner[i] != 0 || d.toks[i].fl&vGaz == 0 {
			i++
			continue
		}
		e, k := g.match(d.s, d.toks, i)
		if e == nil || !d.free(i, i+k) {
			i++
			continue
		}
		if e.kind == eBlock || (e.kind == eCountry || e.kind == eDemonym) && d.namesFeature(i, k) {
			for j := i; j < i+k; j++ {
				d.owner[j] = ownerBlocker
			}
			i += k
			continue
		}
		if !d.acceptName(e, i, k) {
			i++
			continue
		}
		f := found{t0: i, t1: i + k, id: e.id, country: e.country}
		switch e.kind {
		case eCountry, eDemonym:
			f.kind = KindCountry
		case ePlace:
			f.kind = KindPlace
		case eOrg:
			f.kind = KindOrg
		case ePerson, eShort:
			f.kind = KindPerson
			p := d.person(e.id, d.text(i, i+k))
			if p.country == "" {
				p.country = e.country
			}
		}
		d.addFind(f)
		if f.kind == KindOrg && k > 1 {
			d.countriesInside(i, i+k)
		}
		i += k
	}
	if d.georgiaUS {
		d.georgiaConsistent("as elsewhere in this document")
	} else if p := d.usGeorgiaPlace(); p != "" {
		d.georgiaConsistent("as the document names " + p)
	}
}

// namesFeature reports whether the country name or adjective at [i, i+k)
// is part of the name of a geographic feature or a street: "Congo River",
// "South China Sea", "Gulf of Oman", "Lake Chad", "Colombia Street". The
// feature word is capitalised, as in a name; "the Afghan mountains" is a
// mention of the country.
func (d *doc) namesFeature(i, k int) bool {
	feature := func(j int) bool {
		t := d.tok(j)
		return t.kind == tWord && t.cap && !t.upper && t.is(vFeature)
	}
	if feature(i+k) && d.adjacent(i+k-1, i+k) && !d.titleCase(int(d.sentOf[i])) {
		return true
	}
	if d.tok(i-1).low == "of" && feature(i-2) && d.adjacent(i-2, i-1) && d.adjacent(i-1, i) {
		return true
	}
	return feature(i-1) && d.tok(i-1).low == "lake" && d.adjacent(i-1, i)
}

// georgiaConsistent makes every "Georgia" of a document the US state once
// one of them clearly is ("Atlanta, Georgia") or the document names a place
// of the state (why says which), unless the document also names a place in
// the country (Tbilisi, Batumi) or a Georgian. An editor's annotation stays.
func (d *doc) georgiaConsistent(why string) {
	for _, f := range d.finds {
		if f.kind == KindPlace && f.country == "GE" || f.kind == KindCountry && f.id == "GE" && d.toks[f.t0].low != "georgia" {
			return
		}
	}
	for k := range d.finds {
		f := &d.finds[k]
		if f.kind == KindCountry && f.id == "GE" && !f.hint && f.t1-f.t0 == 1 && d.toks[f.t0].low == "georgia" {
			f.kind = "" // dropped: not a country
			d.owner[f.t0] = -1
			d.warn(f.start, "read \"Georgia\" as the US state, "+why+"; annotate it with {country=GE} if that is wrong")
		}
	}
}

// usGeorgiaPlace returns a place of the US state of Georgia that the text
// names, as written or in capitals (a dateline), or "".
func (d *doc) usGeorgiaPlace() string {
	hasGeorgia := false
	for k := range d.finds {
		f := &d.finds[k]
		if f.kind == KindCountry && f.id == "GE" && d.toks[f.t0].low == "georgia" {
			hasGeorgia = true
			break
		}
	}
	if !hasGeorgia {
		return ""
	}
	for _, p := range d.x.data.usGeorgiaPlaces {
		if containsWord(d.s, p) || containsWord(d.s, strings.ToUpper(p)) {
			return p
		}
	}
	return ""
}

// containsWord reports whether w occurs in s between non-letters.
func containsWord(s, w string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(w)
		if (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		off = i + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// acceptName applies the context rules to a gazetteer match of k tokens at i.
func (d *doc) acceptName(e *entry, i, k int) bool {
	if e.strict {
		// "IS" in "IS militants" but not in a shouted headline.
		if d.upperWord(d.prevWord(i)) || d.upperWord(d.nextWord(i+k-1)) {
			return false
		}
	}
	switch e.kind {
	case eCountry, eDemonym, ePlace:
		if e.kind == eCountry && e.id == "GE" && k == 1 && d.toks[i].low == "georgia" {
			if d.usState(i) {
				d.georgiaUS = true
				d.warn(d.toks[i].start, "read \"Georgia\" as the US state, not the country; annotate it with {country=GE} if that is wrong")
				return false
			}
		}
		if d.usTown(i + k) {
			return false
		}
		if k == 1 && (e.personlike || d.givenNameBefore(i)) && d.personContext(i, k) {
			d.warn(d.toks[i].start, "read \""+d.text(i, i+k)+"\" as part of a person's name, not a place; annotate it if that is wrong")
			return false
		}
	case eShort:
		// "Ivanka Trump" is not Donald Trump: a short name must stand
		// alone, except in a title-case headline ("Putin Meets Rahmon").
		tc := d.titleCase(int(d.sentOf[i]))
		if !tc && d.nameWord(d.tok(i-1)) && d.adjacent(i-1, i) && !d.sentenceStart(i) {
			return false
		}
		if !tc && d.nameWord(d.tok(i+k)) && d.adjacent(i+k-1, i+k) {
			return false
		}
		if d.nameWord(d.tok(i-1)) && d.adjacent(i-1, i) && d.tok(i-1).is(vGiven) {
			return false
		}
	}
	return true
}

// prevWord and nextWord return the index of the nearest word token before
// or after i in the same sentence, or -1.
func (d *doc) prevWord(i int) int {
	for j := i - 1; j >= 0 && d.sameSentence(i, j); j-- {
		if d.toks[j].kind == tWord {
			return j
		}
	}
	return -1
}

func (d *doc) nextWord(i int) int {
	for j := i + 1; j < len(d.toks) && d.sameSentence(i, j); j++ {
		if d.toks[j].kind == tWord {
			return j
		}
	}
	return -1
}

func (d *doc) upperWord(i int) bool {
	if i < 0 {
		return false
	}
	t := &d.toks[i]
	return t.upper && t.end-t.start > 1
}

// adjacent reports whether tokens i and j (j = i+1) are on one line with at
// most spaces between them.
func (d *doc) adjacent(i, j int) bool {
	if i < 0 || j >= len(d.toks) || i >= j {
		return false
	}
	return d.toks[j].nl == 0 && int(d.sentOf[i]) == int(d.sentOf[j])
}

// nameWord reports whether t could be part of a person's name: a
// capitalised word that is not a function word, a title, a month or day,
// or a word of an institution's name.
func (d *doc) nameWord(t *token) bool {
	if t.kind != tWord || !t.cap || (t.upper && t.end-t.start > 1) || d.pluralAcronym(t) {
		return false
	}
	return t.fl&vNotName == 0
}

// pluralAcronym reports whether t is an acronym with a plural "s" ("MPs",
// "NGOs", "IDPs"): a common noun, never part of a name.
func (d *doc) pluralAcronym(t *token) bool {
	w := d.s[t.start:t.end]
	if len(w) < 3 || w[len(w)-1] != 's' {
		return false
	}
	for k := 0; k < len(w)-1; k++ {
		if w[k] < 'A' || w[k] > 'Z' {
			return false
		}
	}
	return true
}

// personContext reports whether a single-word place or country at i is
// used as part of a person's name: "Michael Jordan", "Jordan Peterson",
// "Chad Smith said".
func (d *doc) personContext(i, k int) bool {
	if k != 1 {
		return false
	}
	// In a title-case headline every word is capitalised: only a known
	// given name says anything there ("Michael Jordan Retires").
	tc := d.titleCase(int(d.sentOf[i]))
	next := d.tok(i + 1)
	if !tc && d.adjacent(i, i+1) && d.nameWord(next) {
		if e, _ := d.x.gaz.match(d.s, d.toks, i+1); e == nil || e.kind == ePerson || e.kind == eShort {
			return true
		}
	}
	prev := d.tok(i - 1)
	if d.adjacent(i-1, i) && d.nameWord(prev) {
		if prev.is(vGiven) {
			return true
		}
		if e, _ := d.x.gaz.match(d.s, d.toks, i-1); e == nil && !d.sentenceStart(i-1) && !tc {
			return true
		}
	}
	if prev.kind == tWord && (prev.is(vHonorific) || prev.is(vRank)) {
		return true
	}
	if prev.low == "." && d.tok(i-2).kind == tWord && (d.tok(i-2).is(vHonorific) || d.tok(i-2).is(vRank)) {
		return true
	}
	return false
}

// countriesInside records the countries named inside an organisation's
// name ("Tehrik-i-Taliban Pakistan", "Islamic Emirate of Afghanistan") as
// hidden findings.
func (d *doc) countriesInside(t0, t1 int) {
	for k := t0; k < t1; k++ {
		if t := &d.toks[k]; (t.kind == tWord || t.kind == tNum) && t.fl&vGaz == 0 {
			continue // no name starts with it
		}
		for _, e := range d.x.gaz.index[d.toks[k].low] {
			if (e.kind != eCountry && e.kind != eDemonym) || k+len(e.low) > t1 {
				continue
			}
			ok := true
			for m := range e.low {
				if d.toks[k+m].low != e.low[m] || !caseFits(d.s[d.toks[k+m].start:d.toks[k+m].end], &d.toks[k+m], e.surf[m], false) {
					ok = false
					break
				}
			}
			if ok {
				d.finds = append(d.finds, found{t0: k, t1: k + len(e.low), start: d.toks[k].start,
					end: d.toks[k+len(e.low)-1].end, kind: KindCountry, id: e.id, sent: int(d.sentOf[k]), hidden: true})
				break
			}
		}
	}
}

// usTown reports whether ", <US state>" follows at token i, so that the
// name before it is a US town ("Paris, Texas").
func (d *doc) usTown(i int) bool {
	if d.tok(i).low != "," {
		return false
	}
	t := d.tok(i + 1)
	if t.kind != tWord || !t.cap {
		return false
	}
	name := d.s[t.start:t.end]
	if u := d.tok(i + 2); u.kind == tWord && u.cap && d.adjacent(i+1, i+2) {
		if d.x.data.usStates[name+" "+d.s[u.start:u.end]] {
			return true
		}
	}
	return d.x.data.usStates[name]
}

// givenNameBefore reports whether a capitalised word that could be a
// given name stands right before token i, in the middle of a sentence:
// "Hereward Holland", "Denzel Washington".
func (d *doc) givenNameBefore(i int) bool {
	prev := d.tok(i - 1)
	if !d.adjacent(i-1, i) || !d.nameWord(prev) || d.sentenceStart(i-1) {
		return false
	}
	if prev.is(vGiven) {
		return true
	}
	if d.titleCase(int(d.sentOf[i])) {
		return false
	}
	e, _ := d.x.gaz.match(d.s, d.toks, i-1)
	return e == nil
}

// usGeorgiaNext are words after "Georgia" that make it the US state.
var usGeorgiaNext = map[string]bool{"governor": true, "state": true, "senator": true, "senators": true,
	"republican": true, "republicans": true, "democrat": true, "democrats": true, "democratic": true,
	"primary": true, "voters": true, "legislature": true, "lawmakers": true, "bulldogs": true,
	"tech": true, "county": true, "counties": true, "peach": true, "election": true, "secretary": true,
	"attorney": true, "house": true, "senate": true, "runoff": true, "sheriff": true, "gov": true,
	"town": true, "towns": true, "suburb": true, "suburbs": true, "congressman": true, "congresswoman": true}

// usPolitics are words of US politics that make "from Georgia" after them
// the state: "a Republican from Georgia", "the senator from Georgia".
var usPolitics = map[string]bool{"republican": true, "republicans": true, "democrat": true, "democrats": true,
	"senator": true, "senators": true, "congressman": true, "congresswoman": true, "congressmen": true,
	"congresswomen": true, "gop": true}

// usState reports whether "Georgia" at i is the US state: "Atlanta,
// Georgia", "the state of Georgia", "Georgia's governor", "Georgia voters".
func (d *doc) usState(i int) bool {
	p1, p2 := d.tok(i-1), d.tok(i-2)
	if p1.low == "of" && (p2.low == "state" || p2.low == "State") {
		return true
	}
	if p1.low == "," && p2.kind == tWord && p2.cap {
		// "Tbilisi, Georgia" is the country; "Atlanta, Georgia" is not.
		j := i - 2
		for j > 0 && d.toks[j-1].kind == tWord && d.toks[j-1].cap && d.adjacent(j-1, j) {
			j--
		}
		if e, _ := d.x.gaz.match(d.s, d.toks, j); e == nil || (e.country != "GE" && e.kind != eBlock) {
			if e == nil || e.kind == ePlace {
				return true
			}
		}
	}
	if p1.low == "from" {
		// "a Republican from Georgia", "the senator from Georgia".
		for j := i - 2; j >= 0 && j >= i-5 && d.sameSentence(i, j); j-- {
			if usPolitics[d.toks[j].low] {
				return true
			}
		}
	}
	n1 := d.tok(i + 1)
	if n1.kind == tPoss {
		n1 = d.tok(i + 2)
	}
	if n1.kind == tWord && usGeorgiaNext[n1.low] {
		return true
	}
	if p1.kind == tWord && (p1.low == "southern" || p1.low == "northern" || p1.low == "rural" || p1.low == "suburban") && d.mentionsUS() {
		return true
	}
	return false
}

// mentionsUS reports whether the text names a US city or state anywhere,
// cheaply: it is only asked about ambiguous words.
func (d *doc) mentionsUS() bool {
	for _, w := range []string{"Atlanta", "U.S.", "United States", "American"} {
		if strings.Contains(d.s, w) {
			return true
		}
	}
	return false
}

// findAcronymDefinitions finds organisations that the text introduces with
// their acronym, "the Shanghai Cooperation Organisation (SCO)", when the
// acronym is not known yet; later occurrences of the acronym count.
func (d *doc) findAcronymDefinitions() {
	n := len(d.toks)
	for i := 1; i+2 < n; i++ {
		if d.toks[i].low != "(" || d.toks[i+2].low != ")" {
			continue
		}
		a := &d.toks[i+1]
		if a.kind != tWord || !a.upper || a.end-a.start < 2 || a.end-a.start > 8 || d.owner[i+1] != 0 {
			continue
		}
		acr := d.s[a.start:a.end]
		// Walk back over the capitalised phrase before the bracket.
		j := i
		for j > 0 && i-j < 12 {
			t := &d.toks[j-1]
			if t.kind == tWord && (t.cap || t.low == "of" || t.low == "for" || t.low == "and" || t.low == "the" || t.low == "on" || t.low == "in") || t.low == "-" || t.low == "&" {
				j--
				continue
			}
			break
		}
		for j < i && (!d.toks[j].cap || d.toks[j].is(vFunction)) {
			j++
		}
		if j >= i || !initialsMatch(d, j, i, acr) || !d.freeOrOrg(j, i) {
			continue
		}
		// "Islamic State West Africa Province (ISWAP)": the longer name
		// replaces the known "Islamic State" inside it.
		for k := j; k < i; k++ {
			if o := d.owner[k]; o > 0 {
				d.finds[o-1].kind = ""
				d.owner[k] = 0
			}
		}
		id := strings.ToLower(acr)
		if _, known := d.x.orgs[id]; known {
			continue
		}
		o := &OrgInfo{ID: id, Name: d.text(j, i), Acronym: acr}
		d.acronyms[acr] = o
		d.addFind(found{t0: j, t1: i, kind: KindOrg, id: id})
	}
	if len(d.acronyms) == 0 {
		return
	}
	for i := range d.toks {
		t := &d.toks[i]
		if t.kind != tWord || !t.upper || d.owner[i] != 0 {
			continue
		}
		if o, ok := d.acronyms[d.s[t.start:t.end]]; ok {
			d.addFind(found{t0: i, t1: i + 1, kind: KindOrg, id: o.ID})
		}
	}
}

// orgHeads end the names of organisations: "International Rescue
// Committee", "Rapid Support Forces", "Central Election Commission".
var orgHeads = map[string]bool{"committee": true, "organisation": true, "organization": true,
	"agency": true, "party": true, "front": true, "movement": true, "commission": true, "service": true,
	"union": true, "alliance": true, "association": true, "federation": true, "fund": true, "bank": true,
	"network": true, "institute": true, "foundation": true, "coalition": true, "corporation": true,
	"forces": true, "army": true, "brigade": true, "brigades": true, "corps": true, "guard": true,
	"tribunal": true, "programme": true, "program": true, "league": true, "society": true,
	"mission": true, "company": true, "group": true}

// findNamedOrgs finds organisations that no list knows by the shape of
// their name: capitalised words ending in a word like "Committee". An
// acronym made of their initials counts later ("the IRC").
func (d *doc) findNamedOrgs() {
	n := len(d.toks)
	for i := 0; i < n; i++ {
		t := &d.toks[i]
		if t.kind != tWord || !t.cap || t.upper || d.owner[i] != 0 || !orgHeads[t.low] {
			continue
		}
		// Walk back over the capitalised words before the head.
		j := i
		for j > 0 && i-j < 7 {
			p := &d.toks[j-1]
			if (d.owner[j-1] == 0 || d.owner[j-1] == ownerBlocker || d.placeAt(j-1)) && d.adjacent(j-1, j) && (p.kind == tWord && p.cap && !p.upper && !p.is(vFunction) ||
				(p.low == "of" || p.low == "for" || p.low == "and") && j-2 >= 0 && d.toks[j-2].cap) {
				j--
				continue
			}
			break
		}
		for j < i && !d.toks[j].cap {
			j++
		}
		// A place cut by the walk's limit stays a place.
		if o := d.owner[j]; o > 0 && d.finds[o-1].t0 < j {
			j = d.finds[o-1].t1
		}
		words := 0
		for k := j; k <= i; k++ {
			if d.toks[k].cap {
				words++
			}
		}
		if words < 2 || d.sentenceStart(j) && words < 3 {
			continue
		}
		name := d.text(j, i+1)
		id := slugID(name)
		if _, known := d.x.orgs[id]; known {
			continue
		}
		var acr strings.Builder
		for k := j; k <= i; k++ {
			if d.toks[k].cap {
				acr.WriteByte(d.s[d.toks[k].start])
			}
		}
		if o, ok := d.acronyms[acr.String()]; ok && o.ID != id {
			continue // the acronym names another organisation
		}
		d.acronyms[acr.String()] = &OrgInfo{ID: id, Name: name, Acronym: acr.String()}
		// A city inside the name ("the OSCE Minsk Group") names the
		// organisation, not a place: it is no mention of the country.
		for k := j; k < i; k++ {
			if o := d.owner[k]; o > 0 {
				d.finds[o-1].kind = ""
			}
		}
		d.addFind(found{t0: j, t1: i + 1, kind: KindOrg, id: id})
	}
	d.findAcronyms()
	d.bracketAcronyms()
	d.unBodies()
}

// placeAt reports whether token i belongs to a place found by name.
func (d *doc) placeAt(i int) bool {
	o := d.owner[i]
	return o > 0 && d.finds[o-1].kind == KindPlace && !d.finds[o-1].hint
}

// bracketAcronyms links an acronym in brackets right after an
// organisation's name to it even when its letters do not spell the name:
// "the National Security Committee (KNB)" uses the Kazakh acronym.
func (d *doc) bracketAcronyms() {
	added := false
	for i := 1; i+2 < len(d.toks); i++ {
		if d.toks[i].low != "(" || d.toks[i+2].low != ")" {
			continue
		}
		// "the National Security Committee (KNB)": a name found by its
		// shape is the known organisation its acronym names.
		if a, o := d.owner[i+1], d.owner[i-1]; a > 0 && o > 0 {
			fa, fo := &d.finds[a-1], &d.finds[o-1]
			if fa.kind == KindOrg && fo.kind == KindOrg && fa.id != fo.id {
				if _, known := d.x.orgs[fo.id]; !known {
					if _, known := d.x.orgs[fa.id]; known {
						fo.id = fa.id
					}
				}
			}
			continue
		}
		if d.owner[i+1] != 0 {
			continue
		}
		a := &d.toks[i+1]
		if a.kind != tWord || !a.upper || a.end-a.start < 2 || a.end-a.start > 8 {
			continue
		}
		o := d.owner[i-1]
		if o <= 0 || d.finds[o-1].kind != KindOrg {
			continue
		}
		acr := d.s[a.start:a.end]
		if _, taken := d.acronyms[acr]; taken {
			continue
		}
		f := &d.finds[o-1]
		d.acronyms[acr] = &OrgInfo{ID: f.id, Name: d.s[f.start:f.end], Acronym: acr}
		added = true
	}
	if added {
		d.findAcronyms()
	}
}

// findAcronyms marks every word, not yet part of a find, that is the
// acronym of an organisation the document knows.
func (d *doc) findAcronyms() {
	for i := range d.toks {
		t := &d.toks[i]
		if t.kind != tWord || !t.upper || d.owner[i] != 0 || t.end-t.start < 2 {
			continue
		}
		if o, ok := d.acronyms[d.s[t.start:t.end]]; ok {
			d.addFind(found{t0: i, t1: i + 1, kind: KindOrg, id: o.ID})
		}
	}
}

// unBodies counts "the Security Council" and "the General Assembly" as
// the UN in a document that names the UN elsewhere.
func (d *doc) unBodies() {
	hasUN := false
	for k := range d.finds {
		if d.finds[k].kind == KindOrg && d.finds[k].id == "un" {
			hasUN = true
			break
		}
	}
	if !hasUN {
		return
	}
	for i := 0; i+1 < len(d.toks); i++ {
		a, b := &d.toks[i], &d.toks[i+1]
		if !a.cap || !b.cap || !d.free(i, i+2) || !d.adjacent(i, i+1) {
			continue
		}
		if a.low == "security" && b.low == "council" || a.low == "general" && b.low == "assembly" {
			d.addFind(found{t0: i, t1: i + 2, kind: KindOrg, id: "un"})
		}
	}
}

// freeOrOrg reports whether tokens [j, i) are free or covered only by
// organisation findings that lie wholly inside the range.
func (d *doc) freeOrOrg(j, i int) bool {
	for k := j; k < i; k++ {
		o := d.owner[k]
		if o == 0 || o == ownerBlocker {
			continue
		}
		if o < 0 {
			return false
		}
		f := &d.finds[o-1]
		if f.kind != KindOrg || f.t0 < j || f.t1 > i {
			return false
		}
	}
	return true
}

// initialsMatch reports whether the capitalised words of tokens [j, i)
// spell acr, allowing small words to be skipped or used.
func initialsMatch(d *doc, j, i int, acr string) bool {
	var all, caps strings.Builder
	for k := j; k < i; k++ {
		t := &d.toks[k]
		if t.kind != tWord {
			continue
		}
		r := d.s[t.start]
		all.WriteByte(r)
		if t.cap {
			caps.WriteByte(r)
		}
	}
	up := strings.ToUpper(acr)
	return strings.ToUpper(caps.String()) == up || strings.ToUpper(all.String()) == up
}

func (d *doc) warn(off int, msg string) {
	d.warnings = append(d.warnings, Warning{Offset: off, Message: msg})
}
