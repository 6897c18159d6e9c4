package extract

import (
	"slices"
	"sort"
	"strings"
	"unicode"
)

// anaphoricNouns are subjects that refer back to the sentence before.
var anaphoricNouns = map[string]bool{"initiative": true, "plan": true, "plans": true, "project": true,
	"programme": true, "program": true, "move": true, "deal": true, "agreement": true, "decision": true,
	"measure": true, "measures": true, "meeting": true, "talks": true, "summit": true, "visit": true,
	"exercise": true, "exercises": true, "drills": true, "operation": true, "attack": true,
	"attacks": true, "strike": true, "law": true, "treaty": true, "proposal": true, "scheme": true,
	"effort": true, "mission": true, "deployment": true, "delivery": true, "deliveries": true,
	"supplies": true, "accord": true, "pact": true, "ban": true, "sanctions": true, "offensive": true,
	"conference": true, "session": true, "vote": true, "election": true, "ceremony": true}

// anaphoricSubject reports whether sentence s starts with a subject that
// refers back: "It", "This", "The initiative", "The new plan".
func (d *doc) anaphoricSubject(s int) bool {
	t0 := d.sents[s].t0
	first := d.tok(t0)
	switch first.low {
	case "it", "this", "they", "these", "such":
		return true
	case "the", "that", "its", "their":
		for k := t0 + 1; k < t0+4 && k < d.sents[s].t1; k++ {
			if anaphoricNouns[d.toks[k].low] {
				return true
			}
		}
	}
	return false
}

// lastPersonBefore returns the person mentioned last before token i,
// within the two sentences before.
func (d *doc) lastPersonBefore(i int) *personAcc {
	s := int(d.sentOf[i])
	for ps := s; ps >= 0 && ps >= s-2 && ps < len(d.findsOf); ps-- {
		list := d.findsOf[ps]
		for k := len(list) - 1; k >= 0; k-- {
			f := &d.finds[list[k]]
			if f.kind == KindPerson && f.t1 <= i {
				return d.people[f.id]
			}
		}
	}
	return nil
}

// sentenceEntities are the entities a sentence names.
type sentenceEntities struct {
	countries, orgs, people, places []string
}

func (e *sentenceEntities) empty() bool {
	return len(e.countries)+len(e.orgs)+len(e.people)+len(e.places) == 0
}

// entitiesOf collects the entities of sentence s. The lists are the
// document's scratch lists (buffers.ents), which the next call reuses: an
// event takes copies (entityLists).
func (d *doc) entitiesOf(s int) sentenceEntities {
	b := &d.buf.ents
	e := sentenceEntities{b[0][:0], b[1][:0], b[2][:0], b[3][:0]}
	defer func() { b[0], b[1], b[2], b[3] = e.countries, e.orgs, e.people, e.places }()
	if s >= len(d.findsOf) {
		return e
	}
	for _, fi := range d.findsOf[s] {
		f := &d.finds[fi]
		switch f.kind {
		case KindCountry:
			e.countries = appendNew(e.countries, f.id)
		case KindPlace:
			e.places = appendNew(e.places, f.id)
			if f.country != "" {
				e.countries = appendNew(e.countries, f.country)
			}
		case KindOrg:
			e.orgs = appendNew(e.orgs, f.id)
		case KindPerson:
			p := d.people[f.id]
			e.people = appendNew(e.people, p.display)
			if p.country != "" {
				e.countries = appendNew(e.countries, p.country)
			}
		}
	}
	sort.Strings(e.countries)
	sort.Strings(e.orgs)
	return e
}

// roomFor returns buf, or a new array when buf has no room for n more
// strings: room for them and, at this size, a few more, so that the
// lists of a document's events share a few arrays; packed, a chunk that
// the lists of later documents share too (see Input.Packed).
func roomFor(buf []string, n int, packed bool) []string {
	if cap(buf)-len(buf) < n {
		if each := packLen[string](); packed && n <= each/8 {
			return make([]string, 0, each)
		}
		return make([]string, 0, max(4*n, 16))
	}
	return buf
}

// entityLists gives an event its own copies of the lists of e, carved
// out of one array for the document: the countries never nil, the others
// nil when empty, as the event's JSON shows.
func (d *doc) entityLists(e sentenceEntities, ev *Event) {
	places := e.places
	d.strs = roomFor(d.strs, len(e.countries)+len(e.orgs)+len(e.people)+len(places), d.in.Packed)
	take := func(l []string) []string {
		if len(l) == 0 {
			return nil
		}
		k := len(d.strs)
		d.strs = append(d.strs, l...)
		return d.strs[k:len(d.strs):len(d.strs)]
	}
	ev.Countries = nonNil(take(e.countries))
	ev.Organisations = take(e.orgs)
	ev.People = take(e.people)
	ev.Places = take(places)
}

// events makes a timeline event of every sentence with a resolved date and
// an entity (SPEC §4), or that an editor marked: as Events, or as Reports
// when the input is lean.
func (d *doc) events(pub Date) (events []Event, reports []Report) {
	// Per-sentence finding lists, carved out of one backing array: the
	// findings are sorted by offset, so each sentence's are contiguous.
	d.findsOf = slices.Grow(d.buf.findsOf[:0], len(d.sents))[:len(d.sents)]
	all := d.order
	for k := 0; k < len(all); {
		s := d.finds[all[k]].sent
		e := k
		for e < len(all) && d.finds[all[e]].sent == s {
			e++
		}
		d.findsOf[s] = all[k:e:e]
		k = e
	}
	// The dates are sorted by offset: each sentence's are contiguous.
	if d.in.Packed {
		// The events' lists go on from where the last packed Result's
		// ended.
		d.strs = d.buf.packs.lists
		defer func() { d.buf.packs.lists = d.strs }()
	}
	resolved := slices.Grow(d.buf.resolved[:0], len(d.dates))
	defer func() { d.buf.resolved = resolved }()
	dated := 0
	for k := range d.dates {
		df := &d.dates[k]
		if df.val.IsZero() {
			continue
		}
		if len(resolved) == 0 || d.sentOf[resolved[len(resolved)-1].t0] != d.sentOf[df.t0] {
			dated++
		}
		resolved = append(resolved, df)
	}
	if d.in.Lean {
		reports = carve(&d.buf.packs.reports, dated+len(d.forced), d.in.Packed)
	} else {
		events = make([]Event, 0, dated+len(d.forced))
	}
	next := 0
	for s := range d.sents {
		start := next
		for next < len(resolved) && int(d.sentOf[resolved[next].t0]) == s {
			next++
		}
		dates := resolved[start:next:next]
		if len(dates) == 0 && !d.forced[s] {
			continue
		}
		ents := d.entitiesOf(s)
		first := &d.toks[d.sents[s].t0]
		if ents.empty() && s > 0 && len(dates) > 0 && d.anaphoricSubject(s) {
			ents = d.entitiesOf(s - 1)
		}
		if (first.low == "he" || first.low == "she") && len(ents.people) == 0 {
			// "He made these remarks …": the person last named.
			if p := d.lastPersonBefore(d.sents[s].t0); p != nil {
				ents.people = append(ents.people, p.display)
				if p.country != "" {
					ents.countries = appendNew(ents.countries, p.country)
					sort.Strings(ents.countries)
				}
			}
		}
		if ents.empty() && !d.forced[s] {
			continue
		}
		if !d.forced[s] && d.onlyDateline(dates) && d.wordsIn(s) < 6 {
			// "MOSCOW, May 28.": a dateline alone reports nothing.
			continue
		}
		var df *dateFound
		if len(dates) > 0 {
			df = d.mainDate(dates)
		}
		var val, end Date
		future := false
		if df != nil {
			val, end, future = df.val, df.end, df.future
			if end.IsZero() {
				// "from March to May 2024": the next date of the sentence
				// right after a range word ends the range.
				end = d.rangeEnd(df, dates)
			}
		} else if !pub.IsZero() {
			val = pub
		} else {
			d.warn(d.sents[s].start, "a marked event has no date and the document no publication date")
			continue
		}
		sn := d.sents[s]
		text := strings.TrimFunc(d.s[sn.start:sn.end], unicode.IsSpace)
		if d.in.Lean {
			r := Report{Text: text, Sentence: int32(s + 1), Offset: int32(sn.start),
				Planned: status(val, pub, future) == "planned"}
			r.setDates(val.String(), end.String())
			d.strs = r.setEntities(d.strs, d.in.Packed, ents.countries, ents.orgs, ents.people)
			reports = append(reports, r)
			continue
		}
		ev := Event{
			Date:      val.String(),
			Precision: val.Precision(),
			Status:    status(val, pub, future),
			Text:      text,
			Sentence:  s + 1,
			Offset:    sn.start,
		}
		d.entityLists(ents, &ev)
		if !end.IsZero() {
			ev.End = end.String()
		}
		events = append(events, ev)
	}
	return events, reports
}

// onlyDateline reports whether every date of a sentence is a dateline.
func (d *doc) onlyDateline(dates []*dateFound) bool {
	for _, df := range dates {
		if !d.dateline(df.t0) {
			return false
		}
	}
	return true
}

// wordsIn counts the word tokens of sentence s.
func (d *doc) wordsIn(s int) int {
	n := 0
	for k := d.sents[s].t0; k < d.sents[s].t1; k++ {
		if d.toks[k].kind == tWord {
			n++
		}
	}
	return n
}

// mainDate picks the date of a sentence's event: the first one that is
// not the start of a "since" phrase, a dateline or in an aside, else the
// first.
func (d *doc) mainDate(dates []*dateFound) *dateFound {
	for _, df := range dates {
		if d.toks[df.t0].low != "since" && !(len(dates) > 1 && (d.dateline(df.t0) || d.parenthetical(df))) {
			return df
		}
	}
	return dates[0]
}

// parenthetical reports whether a date sits in an aside between commas
// that starts with a participle or relative pronoun: "The law, adopted by
// parliament in January, takes effect on June 6."
func (d *doc) parenthetical(df *dateFound) bool {
	s := d.sents[d.sentOf[df.t0]]
	open := -1
	for k := df.t0 - 1; k >= s.t0; k-- {
		if d.toks[k].low == "," {
			open = k
			break
		}
	}
	if open < 0 {
		return false
	}
	first := d.tok(open + 1)
	aside := first.low == "which" || first.low == "who" || first.low == "whose" ||
		(first.kind == tWord && strings.HasSuffix(first.low, "ed") && !notPastEd[first.low])
	if !aside {
		return false
	}
	for k := df.t1; k < s.t1; k++ {
		if d.toks[k].low == "," {
			return true
		}
	}
	return false
}

// rangeEnd returns the end of a range that df starts, when the next date
// follows a range word ("to", "until", "-", "and" after "between").
func (d *doc) rangeEnd(df *dateFound, dates []*dateFound) Date {
	for k, o := range dates {
		if o != df || k+1 >= len(dates) {
			continue
		}
		next := dates[k+1]
		w := d.toks[next.t0].low
		if next.t0 == df.t1 && (w == "to" || w == "until" || w == "through" || w == "-") {
			return next.val
		}
		if next.t0 == df.t1+1 {
			if c := d.toks[df.t1].low; c == "to" || c == "until" || c == "through" || c == "-" || c == "and" && d.toks[df.t0].low == "between" {
				return next.val
			}
		}
	}
	return Date{}
}

// status is "planned" for a date after publication or a future verb
// (unless the date is clearly past), else "reported".
func status(val, pub Date, future bool) string {
	if pub.IsZero() {
		if future {
			return "planned"
		}
		return "reported"
	}
	after := compareAt(val, pub) > 0
	before := compareAt(val, pub) < 0
	if after || (future && !before) {
		return "planned"
	}
	return "reported"
}

// compareAt compares a with b at a's precision: 2026 > 2025-05-29, 2025 =
// 2025-05-29.
func compareAt(a, b Date) int {
	if a.Year != b.Year {
		return sign(a.Year - b.Year)
	}
	if a.Month == 0 {
		return 0
	}
	if a.Month != b.Month {
		return sign(a.Month - b.Month)
	}
	if a.Day == 0 {
		return 0
	}
	return sign(a.Day - b.Day)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// SameEvent reports whether two events, usually from different documents,
// report the same thing: the same date, at least one shared entity (or
// none on either side), no two disjoint sets of people, and similar
// wording (Jaccard similarity of their content words, lower when they
// share more entities).
func SameEvent(a, b Event) bool {
	ka, kb := MergeKeyOf(a), MergeKeyOf(b)
	ra, rb := ReportOf(&a), ReportOf(&b)
	return sameEvent(&ra, &rb, ka.similarity(&kb), false)
}

// sameEvent decides with the word similarity sim of the two sentences
// already known; sameDoc says they come from one document (a seed and the
// note that annotates it). Two events that both name entities but share
// none are different events however alike their wording ("Russia held
// talks on Monday", "China held talks on Monday").
func sameEvent(a, b *Report, sim float64, sameDoc bool) bool {
	t, strict, ok := similarityNeeded(a, b, sameDoc)
	return ok && (sim > t || !strict && sim >= t)
}

// similarityNeeded says what word similarity two events must reach to be
// the same event: at least t (more than t when strict), or never (ok
// false). It looks at dates and entities only, so that the costlier word
// comparison is made only for candidates that can pass.
func similarityNeeded(a, b *Report, sameDoc bool) (t float64, strict, ok bool) {
	date := a.Date()
	if date != b.Date() || date == "" {
		return 0, false, false
	}
	ap, bp := a.People(), b.People()
	shared := overlap(a.Countries(), b.Countries()) + overlap(a.Organisations(), b.Organisations()) +
		2*overlap(ap, bp)
	na, nb := len(a.ents), len(b.ents)
	if len(ap) > 0 && len(bp) > 0 && overlap(ap, bp) == 0 {
		// Reports of one event name its principals; two sentences that
		// name different people are two events, however alike their
		// wording ("X signed an agreement in Delhi", "Y called for talks
		// in Delhi").
		return 0, false, false
	}
	return threshold(na, nb, shared, len(date) == 4 && !sameDoc)
}

// threshold is the similarity two events of one date need when they name
// na and nb entities, shared in common (people counting twice), and
// yearApart says that a year alone dates them and they are of different
// documents. The need never rises as shared grows, so a bound above the
// true count gives a bound below the true need (see mergeGroup.least).
func threshold(na, nb, shared int, yearApart bool) (t float64, strict, ok bool) {
	switch {
	case na == 0 && nb == 0:
		return 0.4, false, true
	case na == 0 || nb == 0:
		return 0.6, false, true
	case shared == 0:
		return 0, false, false
	case yearApart && shared >= 3:
		// A year holds many events: two documents that date a report by
		// its year alone must agree more than two that give the day
		// ("The Armenian government welcomed border demarcation since
		// 2024", "... welcomed the security of critical infrastructure").
		// An editor's note that paraphrases its own article is lenient.
		return 0.25, true, true
	case yearApart:
		return 0.4, true, true
	case shared >= 3:
		return 0.15, false, true
	default:
		// More than a quarter of the words in common: two sentences that
		// share only a subject ("The Iranian government said it welcomed
		// border demarcation", "... announced intelligence sharing") stay
		// apart.
		return 0.25, true, true
	}
}

func overlap(a, b []string) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				n++
				break
			}
		}
	}
	return n
}
