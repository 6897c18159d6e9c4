package extract

import (
	"strconv"
	"strings"
	"time"
)

// dateFound is one date expression.
type dateFound struct {
	t0, t1     int  // tokens
	val        Date // zero when unresolved
	end        Date // the end of a range, or zero
	relative   bool // resolved against the publication date or another date
	unresolved bool
	future     bool   // the expression or its verb points forward
	hint       bool   // from an editor's annotation
	prec       string // the precision of an unresolved expression
	guessed    bool   // the year comes from the tense, not from the text
}

var monthNames = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
}

// smallNumbers are written-out numbers for "two years ago" and quantities.
var smallNumbers = map[string]float64{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
	"fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"dozen": 12, "hundred": 100,
}

// datePreps are words before a date that belong to the expression ("on
// Wednesday", "in August 2021", "since 2021").
var datePreps = map[string]bool{"on": true, "in": true, "since": true, "by": true, "until": true,
	"till": true, "from": true, "during": true, "before": true, "after": true, "between": true,
	"through": true, "throughout": true, "as of": true}

// yearPreps are words before a bare four-digit number that make it a year.
var yearPreps = map[string]bool{"in": true, "since": true, "by": true, "until": true, "till": true,
	"from": true, "to": true, "during": true, "before": true, "after": true, "between": true,
	"and": true, "or": true, "of": true, "through": true, "throughout": true, "the": true,
	"a": true, "an": true, "early": true, "late": true, "mid": true, "for": true, "year": true,
	"around": true, "circa": true, "beginning": true, "starting": true, "ending": true, "within": true,
	"than": true, "its": true, "his": true, "her": true, "their": true, "this": true, "that": true,
	"last": true, "next": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"january": true, "february": true, "as": true, "election": true, "elections": true,
	"budget": true, "summit": true, "census": true, "also": true, "both": true, "only": true}

// notYearBefore are words before a number that make it something else.
var notYearBefore = map[string]bool{"$": true, "€": true, "£": true, "#": true, "no": true, "number": true,
	"flight": true, "route": true, "page": true, "pages": true, "article": true, "resolution": true,
	"vision": true, "agenda": true, "strategy": true, "cop": true, "euro": true, "expo": true,
	"fiscal": true, "fy": true, "model": true, "type": true, "code": true, "room": true, "unit": true,
	"highway": true, "road": true, "building": true, "spring": true, "summer": true, "autumn": true,
	"winter": true, "fall": true, "q1": true, "q2": true, "q3": true, "q4": true, "quarter": true,
	"half": true, "over": true, "about": true, "nearly": true, "some": true, "almost": true,
	"approximately": true, "roughly": true, "least": true, "than": false, "up": true, "to": false}

// seasonOrQuarter are words that, with "of", make "the summer of 2024" a
// season or quarter rather than a date (SPEC §4).
var seasonOrQuarter = map[string]bool{"spring": true, "summer": true, "autumn": true, "winter": true,
	"fall": true, "quarter": true, "half": true, "monsoon": true}

var futureWords = map[string]bool{"will": true, "shall": true, "won't": true, "ll": true, "scheduled": true,
	"expected": true, "due": true, "slated": true, "upcoming": true, "plans": true, "plan": true,
	"planning": true, "planned": true, "intends": true, "intend": true, "aims": true, "aim": true,
	"would": true, "tomorrow": true, "next": true, "forthcoming": true, "coming": true, "set": true,
	"going": true, "anticipated": true, "proposed": true, "hopes": true, "seeks": true, "prepares": true,
	"preparing": true, "ahead": true}

var pastWords = map[string]bool{"said": true, "says": true, "was": true, "were": true, "had": true,
	"did": true, "held": true, "met": true, "took": true, "came": true, "went": true, "began": true,
	"told": true, "gave": true, "made": true, "saw": true, "left": true, "fell": true, "rose": true,
	"won": true, "lost": true, "ago": true, "last": true, "yesterday": true, "earlier": true,
	"previously": true, "has": true, "have": true, "been": true, "spoke": true, "wrote": true,
	"sent": true, "struck": true, "hit": true, "brought": true, "led": true, "became": true,
	"broke": true, "fled": true, "shot": true, "caught": true, "sought": true, "got": true,
	"ran": true, "fought": true, "flew": true, "drove": true, "spent": true, "paid": true, "kept": true,
	"stood": true, "sat": true, "felt": true, "found": true, "knew": true, "thought": true,
	"bought": true, "sold": true, "built": true, "chose": true, "drew": true, "grew": true, "threw": true,
	"swore": true, "wore": true, "forgot": true, "forbade": true, "overtook": true, "undertook": true,
	"withdrew": true, "oversaw": true, "underwent": true, "arose": true, "bore": true,
	"rode": true, "shook": true, "stole": true, "swept": true, "taught": true,
	"understood": true, "woke": true, "lay": true, "laid": true, "meant": true,
	"dealt": true, "hid": true, "lit": true, "lent": true}

// notPastEd are words ending in "-ed" that do not mark the past tense.
var notPastEd = map[string]bool{"united": true, "armed": true, "based": true, "related": true,
	"expected": true, "scheduled": true, "planned": true, "proposed": true, "anticipated": true,
	"need": true, "speed": true, "red": true, "bed": true, "hundred": true, "indeed": true,
	"limited": true, "advanced": true, "alleged": true, "unidentified": true, "so-called": true,
	"named": true, "called": true, "used": true, "concerned": true, "interested": true,
	"organised": true, "organized": true, "banned": true, "designated": true, "supported": true,
	"backed": true, "led": true, "linked": true, "affiliated": true, "detailed": true}

// tenseKind is what a tense cue says about the time of a date near it.
type tenseKind uint8

const (
	tenseNone    tenseKind = iota // no cue
	tensePast                     // "said", "was", "killed"
	tenseFuture                   // "will", "is due", "plans"
	tensePresent                  // "has", "have asked": the date may lie either side
)

// isFuture decides the tense around token i: see tense.
func (d *doc) isFuture(i int) bool { return d.tense(i) == tenseFuture }

// tense decides the tense around token i from the nearest tense cue in the
// sentence, looking left first. Passive futures ("will be held") count as
// future. A cue to the right that lies beyond a clause boundary ("will
// meet on Monday, officials said"; "launched it on Monday and plans more")
// belongs to another verb when there is a cue to the left.
func (d *doc) tense(i int) tenseKind {
	s := d.sents[int(d.sentOf[i])]
	left, lt := -1, tenseNone
	for k := i - 1; k >= s.t0; k-- {
		if c := d.tenseCue(k); c != tenseNone {
			left, lt = k, c
			break
		}
	}
	right, rt := -1, tenseNone
	crossed := false
	for k := i + 1; k < s.t1; k++ {
		if c := d.tenseCue(k); c != tenseNone {
			right, rt = k, c
			break
		}
		switch d.toks[k].low {
		case ",", ";", ":", "and", "but", "while", "whereas", "unless", "if", "because", "although",
			"though", "which", "who", "when", "where":
			crossed = true
		}
	}
	switch {
	case left >= 0 && right >= 0:
		if crossed || i-left <= right-i+2 {
			return lt
		}
		return rt
	case left >= 0:
		return lt
	}
	return rt
}

// tenseCue reports the tense that token k marks, if any.
func (d *doc) tenseCue(k int) tenseKind {
	fut := func(b bool) tenseKind {
		if b {
			return tenseFuture
		}
		return tensePast
	}
	t := &d.toks[k]
	if t.kind != tWord {
		return tenseNone
	}
	w := t.low
	if w == "set" || w == "going" {
		if d.tok(k+1).low == "to" {
			return tenseFuture
		}
		return tenseNone
	}
	if w == "due" {
		// "due in December", "due to meet"; not "due to the fighting".
		if d.tok(k+1).low == "to" {
			switch d.tok(k + 2).low {
			case "the", "a", "an", "its", "his", "her", "their", "this", "that", "these", "those":
				return tenseNone
			}
		}
		return tenseFuture
	}
	if w == "planned" || w == "expected" || w == "scheduled" || w == "proposed" {
		// "the planned meeting", "is expected to", but "had planned".
		p := d.tok(k - 1).low
		return fut(!(p == "had" || p == "has" || p == "have"))
	}
	if w == "has" || w == "have" {
		// The present perfect ("has asked donors for money before the
		// end of August") says nothing about which side of the
		// publication a date lies; "will have" is future, "would have
		// to" and "could have" are another verb's.
		switch d.tok(k - 1).low {
		case "will", "ll", "shall":
			return tenseFuture
		case "would", "could", "might", "should", "must", "may", "to":
			return tenseNone
		}
		return tensePresent
	}
	if futureWords[w] {
		return tenseFuture
	}
	// Present tense of scheduled events: "takes effect on June 6",
	// "begins on Monday", "comes into force in July".
	switch w {
	case "begins", "starts", "opens", "expires", "resumes", "convenes":
		return tenseFuture
	case "takes", "comes", "kicks":
		if n := d.tok(k + 1).low; w == "takes" && n == "effect" || w == "comes" && n == "into" || w == "kicks" && n == "off" {
			return tenseFuture
		}
		return tenseNone
	}
	if w == "could" || w == "might" {
		// "more could follow by December", but "could have".
		return fut(d.tok(k+1).low != "have")
	}
	past := pastWords[w] || (strings.HasSuffix(w, "ed") && len(w) > 4 && !notPastEd[w])
	if !past {
		return tenseNone
	}
	if strings.HasSuffix(w, "ed") && adjectiveBefore[d.tok(k-1).low] {
		// A participle used as an adjective: "in a closed meeting",
		// "the disputed sections".
		return tenseNone
	}
	// "will be held", "is to be held", "would be signed"; "has been
	// postponed" is a present perfect.
	for m := k - 1; m >= k-3 && m >= 0; m-- {
		p := d.toks[m].low
		if p == "will" || p == "ll" || p == "would" || p == "shall" {
			return tenseFuture
		}
		if p == "be" && d.tok(m-1).low == "to" {
			return tenseFuture
		}
		if p == "has" || p == "have" {
			return d.tenseCue(m)
		}
		if p == "had" || p == "was" || p == "were" {
			break
		}
	}
	return tensePast
}

// adjectiveBefore are words after which a word in "-ed" is an adjective,
// not a verb: determiners and prepositions.
var adjectiveBefore = map[string]bool{"a": true, "an": true, "the": true, "its": true, "his": true,
	"her": true, "their": true, "our": true, "my": true, "your": true, "this": true, "these": true,
	"those": true, "in": true, "of": true, "for": true, "with": true}

// monthAt reads a month name at i (capitalised; an abbreviation may have a
// full stop) and returns the month and the token after it.
func (d *doc) monthAt(i int) (int, int, bool) {
	t := d.tok(i)
	if t.kind != tWord || !t.cap {
		return 0, i, false
	}
	m, ok := monthNames[t.low]
	if !ok {
		return 0, i, false
	}
	j := i + 1
	if len(t.low) <= 4 && t.low != "may" && t.low != "june" && t.low != "july" {
		if d.tok(j).low == "." && d.tok(j).start == t.end {
			j++
		}
	}
	return m, j, true
}

// dayAt reads a day of the month: "15", "15th".
func (d *doc) dayAt(i int) (int, bool) {
	t := d.tok(i)
	if t.kind != tNum {
		return 0, false
	}
	digits := d.s[t.start : t.end-int(t.suffix)]
	if len(digits) > 2 {
		return 0, false
	}
	if t.suffix > 0 {
		switch strings.ToLower(d.s[t.end-int(t.suffix) : t.end]) {
		case "st", "nd", "rd", "th":
		default:
			return 0, false
		}
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 || n > 31 {
		return 0, false
	}
	if d.tok(i+1).low == ":" || d.tok(i+1).low == "-" && d.tok(i+2).low == "year" {
		return 0, false
	}
	return n, true
}

// yearAt reads a four-digit year.
func (d *doc) yearAt(i int) (int, bool) {
	t := d.tok(i)
	if t.kind != tNum || t.suffix != 0 || t.end-t.start != 4 {
		return 0, false
	}
	n, err := strconv.Atoi(d.s[t.start:t.end])
	if err != nil || n < MinYear || n > MaxYear {
		return 0, false
	}
	return n, true
}

// findDates finds every date expression (SPEC §4).
func (d *doc) findDates() {
	n := len(d.toks)
	if cap(d.buf.covered) < n {
		d.buf.covered = make([]bool, n)
	}
	covered := d.buf.covered[:n]
	clear(covered)
	for _, df := range d.dates {
		for k := df.t0; k < df.t1; k++ {
			covered[k] = true
		}
	}
	for i := 0; i < n; i++ {
		if covered[i] || d.owner[i] < 0 {
			continue
		}
		t := &d.toks[i]
		if t.kind != tNum && (t.kind != tWord || t.fl&vDate == 0) {
			continue
		}
		found := d.matchDates(i)
		if len(found) == 0 {
			continue
		}
		last := i
		for _, df := range found {
			ok := true
			for k := df.t0; k < df.t1; k++ {
				if covered[k] || d.owner[k] < 0 {
					ok = false
				}
			}
			if !ok {
				continue
			}
			// Include a preposition right before: "on Wednesday".
			if p := df.t0 - 1; p >= 0 && !covered[p] && d.toks[p].kind == tWord && datePreps[d.toks[p].low] && d.adjacent(p, df.t0) {
				df.t0 = p
			}
			for k := df.t0; k < df.t1; k++ {
				covered[k] = true
			}
			d.dates = append(d.dates, df)
			if df.t1-1 > last {
				last = df.t1 - 1
			}
		}
		i = last
	}
	sortDates(d.dates)
	for k := range d.dates {
		df := &d.dates[k]
		if df.unresolved {
			d.warn(d.toks[df.t0].start, "cannot resolve the relative date \""+d.text(df.t0, df.t1)+"\" without a publication date")
		}
	}
}

func sortDates(list []dateFound) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].t0 < list[j-1].t0; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// found1 returns df as the one date found, in the document's room for
// them: findDates reads what matchDates found before it looks again, and
// a date found is one allocation less.
func (d *doc) found1(df dateFound) []dateFound {
	d.dfRoom[0] = df
	return d.dfRoom[:1]
}

// found2 is found1 for two dates ("from March to May").
func (d *doc) found2(a, b dateFound) []dateFound {
	d.dfRoom[0], d.dfRoom[1] = a, b
	return d.dfRoom[:2]
}

// matchDates tries every date pattern at token i. A range may yield two
// dates ("from March to May 2024").
func (d *doc) matchDates(i int) []dateFound {
	t := &d.toks[i]

	// ISO 8601: 2025-05-28.
	if y, ok := d.yearAt(i); ok && d.tok(i+1).low == "-" && !d.tok(i+1).space && d.tok(i+2).kind == tNum && !d.tok(i+2).space {
		m, _ := strconv.Atoi(d.s[d.tok(i+2).start:d.tok(i+2).end])
		if d.tok(i+2).end-d.tok(i+2).start == 2 && m >= 1 && m <= 12 {
			if d.tok(i+3).low == "-" && !d.tok(i+3).space && d.tok(i+4).kind == tNum && !d.tok(i+4).space && d.tok(i+4).end-d.tok(i+4).start == 2 {
				day, _ := strconv.Atoi(d.s[d.tok(i+4).start:d.tok(i+4).end])
				if day >= 1 && day <= DaysIn(y, m) {
					return d.found1(dateFound{t0: i, t1: i + 5, val: Date{y, m, day}})
				}
			}
			if d.tok(i+3).low != "-" {
				return d.found1(dateFound{t0: i, t1: i + 3, val: Date{y, m, 0}})
			}
		}
	}

	// "9/11": the attacks of 11 September 2001.
	if t.kind == tNum && d.s[t.start:t.end] == "9" && d.tok(i+1).low == "/" && !d.tok(i+1).space &&
		d.tok(i+2).kind == tNum && d.s[d.tok(i+2).start:d.tok(i+2).end] == "11" && !d.tok(i+2).space && d.tok(i+3).low != "/" {
		return d.found1(dateFound{t0: i, t1: i + 3, val: Date{2001, 9, 11}})
	}

	// European numeric dates: 28.05.2025.
	if t.kind == tNum && t.suffix == 0 && t.end-t.start == 10 && strings.Count(d.s[t.start:t.end], ".") == 2 {
		v := d.s[t.start:t.end]
		if v[2] == '.' && v[5] == '.' {
			day, e1 := strconv.Atoi(v[0:2])
			m, e2 := strconv.Atoi(v[3:5])
			y, e3 := strconv.Atoi(v[6:10])
			if e1 == nil && e2 == nil && e3 == nil && m >= 1 && m <= 12 && y >= MinYear && y <= MaxYear && day >= 1 && day <= DaysIn(y, m) {
				return d.found1(dateFound{t0: i, t1: i + 1, val: Date{y, m, day}})
			}
		}
	}

	// Weekdays, possibly followed by an explicit date: "Wednesday, May 28".
	if wd, ok := weekdayNames[t.low]; ok && t.cap {
		j := i + 1
		if d.tok(j).low == "," {
			j++
		}
		if ex := d.explicitDay(j); ex != nil {
			ex.t0 = i
			return d.found1(*ex)
		}
		return d.found1(d.weekday(i, i+1, wd, d.qualifier(i)))
	}

	if ex := d.explicitDay(i); ex != nil {
		// "the Sept. 11 attacks", "the October 7 attack": days that name
		// one event in a known year.
		if ex.relative && ex.end.IsZero() {
			if y, ok := namedDays[[2]int{ex.val.Month, d.dayOf(ex)}]; ok {
				if a := d.tok(ex.t1).low; a == "attack" || a == "attacks" {
					ex.val = Date{y, ex.val.Month, d.dayOf(ex)}
					ex.relative, ex.unresolved = false, false
				}
			}
		}
		return d.found1(*ex)
	}

	// Month and year, or a month alone after a preposition.
	if m, j, ok := d.monthAt(i); ok {
		if y, ok := d.yearAt(j); ok {
			return d.found1(dateFound{t0: i, t1: j + 1, val: Date{y, m, 0}})
		}
		if d.tok(j).low == "," {
			if y, ok := d.yearAt(j + 1); ok {
				return d.found1(dateFound{t0: i, t1: j + 2, val: Date{y, m, 0}})
			}
		}
		if !d.monthContext(i) && !d.attributive(i, j) {
			return nil
		}
		// "in January of that year", "in May the same year".
		if e, ok := d.thatYear(j); ok {
			if a, ok := d.anchorYear(i); ok {
				df := dateFound{t0: i, t1: e, val: Date{a.Year, m, 0}, relative: true}
				if q := d.qualifier(i); q == "early" || q == "late" {
					df.t0 = i - 1
				}
				return d.found1(df)
			}
		}
		// "from March to May 2024", "March-May 2024": the year comes later.
		if c := d.tok(j).low; c == "-" || c == "to" || c == "and" || c == "until" || c == "through" || c == "or" {
			if m2, j2, ok := d.monthAt(j + 1); ok {
				if y, ok := d.yearAt(j2); ok {
					return d.found2(dateFound{t0: i, t1: j, val: Date{y, m, 0}}, dateFound{t0: j + 1, t1: j2 + 1, val: Date{y, m2, 0}})
				}
			}
		}
		q := d.qualifier(i)
		return d.found1(d.monthOnly(i, j, m, q))
	}

	// Years, year ranges and "mid-2024".
	if y, ok := d.yearAt(i); ok {
		if !d.yearContext(i) || d.namedWithYear(i) {
			return nil
		}
		df := dateFound{t0: i, t1: i + 1, val: Date{y, 0, 0}}
		if p := d.tok(i - 1); p.low == "-" && !p.space && !t.space && (d.tok(i-2).low == "mid" || d.tok(i-2).low == "early" || d.tok(i-2).low == "late") {
			df.t0 = i - 2
		}
		// "2019-2021", "2019–21": the second year is its own date, the
		// first one gets the range end.
		if d.tok(i+1).low == "-" && d.tok(i+2).kind == tNum && d.tok(i+2).suffix == 0 {
			t2 := d.tok(i + 2)
			v := d.s[t2.start:t2.end]
			y2 := 0
			if len(v) == 4 {
				y2, _ = strconv.Atoi(v)
			} else if len(v) == 2 {
				y2, _ = strconv.Atoi(v)
				y2 += y / 100 * 100
			}
			if y2 > y && y2-y < 100 {
				df.end = Date{y2, 0, 0}
				second := dateFound{t0: i + 2, t1: i + 3, val: Date{y2, 0, 0}}
				return d.found2(df, second)
			}
		}
		return d.found1(df)
	}

	return d.relativeDate(i)
}

// dateTriggers are the words a date expression can start with; other
// words are skipped without trying the patterns.
var dateTriggers = func() map[string]bool {
	m := map[string]bool{"yesterday": true, "today": true, "tomorrow": true, "this": true, "last": true,
		"next": true, "past": true, "coming": true, "previous": true, "ago": true, "day": true,
		"end": true, "start": true, "beginning": true, "middle": true, "earlier": true, "later": true,
		"following": true, "same": true, "that": true}
	for w := range monthNames {
		m[w] = true
	}
	for w := range weekdayNames {
		m[w] = true
	}
	return m
}()

// namedDays are days whose name alone gives the year when they name an
// attack.
var namedDays = map[[2]int]int{{9, 11}: 2001, {10, 7}: 2023}

// dayOf returns the day of month written in a date expression.
func (d *doc) dayOf(df *dateFound) int {
	for k := df.t0; k < df.t1; k++ {
		if day, ok := d.dayAt(k); ok {
			return day
		}
	}
	return 0
}

// qualifier returns the word that qualifies a weekday or month: "last",
// "next", "this", "coming", "past", or "".
func (d *doc) qualifier(i int) string {
	p := d.tok(i - 1)
	if p.kind != tWord {
		return ""
	}
	switch p.low {
	case "last", "next", "this", "coming", "past", "previous":
		return p.low
	}
	return ""
}

// monthContext reports whether a month name without a year or day is used
// as a date: after a preposition or qualifier ("in May", "last March",
// "mid-May"), not as a verb or a name ("March organisers", "Theresa May").
func (d *doc) monthContext(i int) bool {
	p := d.tok(i - 1)
	if p.low == "-" && (d.tok(i-2).low == "mid" || d.tok(i-2).low == "early" || d.tok(i-2).low == "late") {
		return true
	}
	if p.kind != tWord {
		return false
	}
	switch p.low {
	case "in", "since", "by", "until", "till", "from", "to", "through", "during", "early", "late",
		"mid", "last", "next", "this", "coming", "past", "of", "before", "after", "and", "or",
		"between", "throughout", "on", "end", "start", "beginning", "middle":
		return true
	}
	return false
}

// dayFound returns the document's room for the one date explicitDay
// reads, set to tokens [t0, t1): its callers copy it.
func (d *doc) dayFound(t0, t1 int) *dateFound {
	d.dayRoom = dateFound{t0: t0, t1: t1}
	return &d.dayRoom
}

// explicitDay reads "15 August 2021", "15th of August", "15-16 May 2025",
// "August 15, 2021", "Aug. 15", "May 28" at token i.
func (d *doc) explicitDay(i int) *dateFound {
	if day, ok := d.dayAt(i); ok {
		j := i + 1
		endDay := 0
		if d.tok(j).low == "-" {
			if d2, ok := d.dayAt(j + 1); ok && d2 > day {
				endDay = d2
				j += 2
			}
		}
		if d.tok(j).low == "of" {
			j++
		}
		if m, k, ok := d.monthAt(j); ok {
			df := d.dayFound(i, k)
			y, hasYear := d.yearAt(k)
			if !hasYear && d.tok(k).low == "," {
				if y, hasYear = d.yearAt(k + 1); hasYear {
					k++
				}
			}
			if hasYear {
				df.t1 = k + 1
			}
			return d.finishDay(df, i, k, y, m, day, endDay, hasYear)
		}
		return nil
	}
	if m, j, ok := d.monthAt(i); ok {
		day, ok := d.dayAt(j)
		if !ok {
			return nil
		}
		// "May 2" but not "May 28 troops": a day is not followed by a
		// plural noun.
		k := j + 1
		endDay := 0
		if d.tok(k).low == "-" {
			if d2, ok := d.dayAt(k + 1); ok && d2 > day {
				endDay = d2
				k += 2
			}
		}
		df := d.dayFound(i, k)
		y, hasYear := 0, false
		if d.tok(k).low == "," {
			if y, hasYear = d.yearAt(k + 1); hasYear {
				df.t1 = k + 2
			}
		} else if y, hasYear = d.yearAt(k); hasYear {
			df.t1 = k + 1
		}
		return d.finishDay(df, i, k, y, m, day, endDay, hasYear)
	}
	return nil
}

// finishDay completes a day date found in either order ("15 August",
// "August 15") whose explicit year, if any, is already read: "that year"
// after it takes the year the text last named, then the value is filled in
// and a day range ("15-16 May") gets its end.
func (d *doc) finishDay(df *dateFound, i, k, y, m, day, endDay int, hasYear bool) *dateFound {
	thatYear := false
	if e, ok := d.thatYear(k); ok && !hasYear {
		if a, ok := d.anchorYear(i); ok {
			y, hasYear, thatYear = a.Year, true, true
			df.t1 = e
		}
	}
	d.fillDay(df, y, m, day, hasYear)
	df.relative = df.relative || thatYear
	if endDay > 0 && !df.val.IsZero() && endDay <= DaysIn(df.val.Year, m) {
		df.end = Date{df.val.Year, m, endDay}
	}
	return df
}

// fillDay sets the value of a day date, choosing the year from the
// publication date and the tense when the text gives none.
func (d *doc) fillDay(df *dateFound, y, m, day int, hasYear bool) {
	if hasYear {
		if day <= DaysIn(y, m) {
			df.val = Date{y, m, day}
		}
		return
	}
	df.relative, df.guessed = true, true
	pub := d.in.Published
	if pub.IsZero() || pub.Month == 0 {
		df.unresolved, df.prec = true, "day"
		return
	}
	tense := d.tense(df.t0)
	if d.dateline(df.t0) {
		tense = tenseNone
	} else if d.attributive(df.t0, df.t1) {
		// "the October 26 election": a day that names an event is
		// the nearest such day, whatever the verb of the sentence.
		tense = tenseNone
	} else if p := d.prepBefore(df.t0); tense == tensePresent && (p == "before" || p == "by" || p == "until" || p == "till") {
		tense = tenseFuture // "has set a deadline of talks before May 3"
	}
	df.future = tense == tenseFuture
	p := pub.Time()
	best := Date{}
	for _, yy := range []int{pub.Year - 1, pub.Year, pub.Year + 1} {
		if day > DaysIn(yy, m) {
			continue
		}
		c := Date{yy, m, day}
		ct := c.Time()
		diff := ct.Sub(p).Hours() / 24
		switch {
		case df.future && diff < 0, (tense == tensePast || tense == tensePresent) && pub.Day != 0 && diff > 0:
			continue
		}
		if best.IsZero() || abs(diff) < abs(best.Time().Sub(p).Hours()/24) {
			best = c
		}
	}
	df.val = best
}

// dateline reports whether a date at token i is the dateline of a wire
// story, "DUSHANBE, May 28 (Reuters) -" or "KAZAN, Russia, May 15", which
// is about the day of publication whatever the tense of the story.
func (d *doc) dateline(i int) bool {
	if d.tok(i-1).low != "," {
		return false
	}
	// Back over "KAZAN, Russia," to the start of the line.
	for k := i - 2; k >= 0 && k > i-10; k-- {
		t := d.tok(k)
		if t.low == "," {
			continue
		}
		if t.kind != tWord || !t.cap {
			return false
		}
		if t.nl > 0 || k == 0 || d.sentenceStart(k) {
			return true
		}
	}
	return false
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// weekday resolves a weekday at [t0, t1): past tense or "last" → the most
// recent such day on or before publication; future or "next" → the next.
func (d *doc) weekday(t0, t1 int, wd time.Weekday, q string) dateFound {
	df := dateFound{t0: t0, t1: t1, relative: true, prec: "day"}
	if q != "" {
		df.t0 = t0 - 1
	}
	pub := d.in.Published
	if pub.Precision() != "day" {
		df.unresolved = true
		df.future = q == "next" || q == "coming" || d.isFuture(t0)
		return df
	}
	p := pub.Time()
	switch q {
	case "next", "coming":
		df.future = true
	case "last", "past", "previous":
		df.future = false
	default:
		df.future = d.isFuture(t0)
	}
	var day time.Time
	if df.future {
		delta := (int(wd) - int(p.Weekday()) + 7) % 7
		if delta == 0 && q != "" {
			delta = 7
		}
		day = p.AddDate(0, 0, delta)
	} else {
		delta := (int(p.Weekday()) - int(wd) + 7) % 7
		if delta == 0 && q != "" {
			delta = 7
		}
		day = p.AddDate(0, 0, -delta)
	}
	df.val = DateOf(day)
	return df
}

// pastPerfect reports whether "had" comes before token i in its sentence.
func (d *doc) pastPerfect(i int) bool {
	s := d.sents[int(d.sentOf[i])]
	for k := i - 1; k >= s.t0; k-- {
		if d.toks[k].low == "had" {
			return true
		}
	}
	return false
}

// monthOnly resolves a month named without a year: past → the latest such
// month on or before publication, future → the next.
func (d *doc) monthOnly(t0, t1, m int, q string) dateFound {
	df := dateFound{t0: t0, t1: t1, relative: true, prec: "month"}
	if q != "" {
		df.t0 = t0 - 1
	}
	if p := d.tok(t0 - 1); p.low == "-" && (d.tok(t0-2).low == "mid" || d.tok(t0-2).low == "early" || d.tok(t0-2).low == "late") {
		df.t0 = t0 - 2
	}
	pub := d.in.Published
	if pub.IsZero() || pub.Month == 0 {
		df.unresolved = true
		return df
	}
	switch q {
	case "next", "coming":
		df.future = true
	case "last", "past", "previous":
		df.future = false
	case "this":
		df.val = Date{pub.Year, m, 0}
		df.future = m > pub.Month
		return df
	default:
		df.guessed = true
		tense := d.tense(t0)
		if d.attributive(t0, t1) {
			tense = tenseNone // "the April attack": the nearest April
		}
		switch p := d.prepBefore(df.t0); {
		case (p == "by" || p == "until" || p == "till") && !d.pastPerfect(t0):
			// "by December", "until the end of March": a deadline
			// ahead, unless the verb is a past perfect ("had left by
			// December").
			df.future = true
		case p == "since":
			df.future = false
		case p == "before" && tense != tensePast:
			// "has asked for the money before the end of August".
			df.future = true
		case tense != tenseNone:
			// A present perfect looks back: "have returned since the
			// fall of the government in December".
			df.future = tense == tenseFuture
		default:
			// No tense: the nearest such month;
			// from April, July is this year's and November last year's.
			ahead := (m - pub.Month + 12) % 12
			y := pub.Year
			if ahead > 0 && ahead < 6 {
				if m < pub.Month {
					y++
				}
				df.future = true
			} else if m > pub.Month {
				y--
			}
			df.val = Date{y, m, 0}
			return df
		}
	}
	y := pub.Year
	if df.future {
		if m < pub.Month || (m == pub.Month && q != "") {
			y++
		}
	} else if m > pub.Month || (m == pub.Month && q != "") {
		y--
	}
	df.val = Date{y, m, 0}
	return df
}

// thatYear reads "that year", "of that year", "the same year", "that same
// year" at token j, after a month or day, and returns the token after it.
func (d *doc) thatYear(j int) (int, bool) {
	if d.tok(j).low == "of" {
		j++
	}
	switch {
	case d.tok(j).low == "that" && d.tok(j+1).low == "year":
		return j + 2, true
	case d.tok(j).low == "that" && d.tok(j+1).low == "same" && d.tok(j+2).low == "year",
		d.tok(j).low == "the" && d.tok(j+1).low == "same" && d.tok(j+2).low == "year":
		return j + 3, true
	}
	return 0, false
}

// anchorYear returns the last date before token i, in its sentence or the
// two before, whose year the text gives: "that year" refers to it. Years
// guessed from the tense ("in January") do not count.
func (d *doc) anchorYear(i int) (Date, bool) {
	s := int(d.sentOf[i])
	for k := len(d.dates) - 1; k >= 0; k-- {
		df := &d.dates[k]
		if df.t0 >= i || df.val.IsZero() || df.guessed {
			continue
		}
		if int(d.sentOf[df.t0]) < s-2 {
			break
		}
		return df.val, true
	}
	return Date{}, false
}

// prepBefore returns the preposition that governs a date starting at token
// t0, looking back over "the end of", "the start of", "the middle of":
// "by the end of August" gives "by".
func (d *doc) prepBefore(t0 int) string {
	k := t0 - 1
	if d.tok(k).low == "of" {
		switch d.tok(k - 1).low {
		case "end", "start", "beginning", "middle", "close":
			k -= 2
			if d.tok(k).low == "the" {
				k--
			}
		}
	}
	return d.tok(k).low
}

// attributive reports whether the date at [t0, t1) modifies a noun after
// a determiner, naming an event: "the October 26 election", "the April
// attack", "its June 6 deadline".
func (d *doc) attributive(t0, t1 int) bool {
	switch d.tok(t0 - 1).low {
	case "the", "a", "an", "its", "their", "his", "her":
	default:
		return false
	}
	n := d.tok(t1)
	return n.kind == tWord && !n.cap && !n.is(vFunction) && d.adjacent(t1-1, t1)
}

// yearContext reports whether a four-digit number at i is a year rather
// than a count ("2000 troops") or an identifier ("Resolution 2593").
func (d *doc) yearContext(i int) bool {
	y, _ := d.yearAt(i)
	p := d.tok(i - 1)
	if p.kind == tPunct && (p.low == "$" || p.low == "€" || p.low == "£" || p.low == "#") {
		return false
	}
	if p.kind == tWord && notYearBefore[p.low] {
		return false
	}
	if p.low == "of" && d.tok(i-2).kind == tWord && seasonOrQuarter[d.tok(i-2).low] {
		return false
	}
	n := d.tok(i + 1)
	if n.kind == tWord && (n.low == "gmt" || n.low == "utc" || n.low == "hrs" || n.low == "hours" || n.low == "local") {
		return false
	}
	if n.low == ":" || (n.kind == tNum && !n.space) {
		return false
	}
	// "the 1988 Committee", "the 1267 Sanctions Committee": a number
	// before a capitalised body names it.
	for k := i + 1; k <= i+3 && d.tok(k).kind == tWord && d.tok(k).cap && d.adjacent(k-1, k); k++ {
		if orgHeads[d.tok(k).low] {
			return false
		}
	}
	// "more than 2000 fighters" is a count; "no later than 2025" a year.
	if p.low == "than" {
		switch d.tok(i - 2).low {
		case "more", "fewer", "less":
			return false
		}
	}
	if p.kind == tWord && yearPreps[p.low] {
		return true
	}
	// "the original 2005 peace agreement", "its first 2019 report": an
	// adjective between a determiner and the year.
	if p.kind == tWord && !p.cap && determiners[d.tok(i-2).low] && y >= 1900 && y <= 2100 {
		if n.kind == tWord && !n.cap && !strings.HasSuffix(n.low, "s") {
			return true
		}
	}
	if p.low == "-" && (d.tok(i-2).low == "mid" || d.tok(i-2).low == "early" || d.tok(i-2).low == "late") {
		return true
	}
	// A capitalised word before the number names a thing ("Vision 2030").
	if p.kind == tWord && p.cap && !d.sentenceStart(i-1) {
		if _, ok := monthNames[p.low]; !ok {
			return false
		}
	}
	if y < 1900 || y > 2100 {
		return false
	}
	// "plans to hire 2030 more": after a verb, a year needs a verb after
	// it ("said 2024 was the hottest year").
	if p.kind == tWord && !p.cap && !yearPreps[p.low] {
		switch n.low {
		case "was", "is", "will", "saw", "has", "had", "marked", "marks", "would", "could", "brought", "became":
		default:
			return false
		}
	}
	// "2000 troops": a count, unless nothing else fits.
	if n.kind == tWord && !n.cap && !d.sentenceStart(i) && strings.HasSuffix(n.low, "s") && !notCountAfterYear[n.low] && !pastWords[n.low] && !futureWords[n.low] {
		return false
	}
	return true
}

// determiners start a noun phrase.
var determiners = map[string]bool{"the": true, "a": true, "an": true, "its": true, "their": true,
	"his": true, "her": true, "our": true, "this": true, "that": true}

// namedWithYear reports whether the year at i is part of a name written
// with a hyphen, "Interaction-2024", "Rubezh-2023", "Vostok-2022".
func (d *doc) namedWithYear(i int) bool {
	p := d.tok(i - 1)
	w := d.tok(i - 2)
	if p.low != "-" || p.space || d.toks[i].space || w.kind != tWord || !w.cap {
		return false
	}
	switch w.low {
	case "mid", "early", "late", "pre", "post":
		return false
	}
	return true
}

// notCountAfterYear are words ending in "s" that may follow a year without
// making it a count ("in 2021 as", "2025 is").
var notCountAfterYear = map[string]bool{"is": true, "as": true, "has": true, "was": true, "its": true,
	"this": true, "thus": true, "plus": true, "versus": true, "towards": true, "afterwards": true,
	"unless": true, "whereas": true, "his": true, "ends": true, "begins": true, "starts": true,
	"marks": true, "sees": true, "remains": true, "becomes": true}

// relativeDate reads relative expressions at token i: "yesterday", "this
// year", "last month", "two years ago", "earlier this year", "the previous
// day".
func (d *doc) relativeDate(i int) []dateFound {
	t := &d.toks[i]
	pub := d.in.Published
	w := t.low
	rel := func(t0, t1 int, val Date, future bool, need string) []dateFound {
		df := dateFound{t0: t0, t1: t1, relative: true, future: future, prec: need}
		ok := false
		switch need {
		case "day":
			ok = pub.Precision() == "day"
		case "month":
			ok = pub.Month != 0
		default:
			ok = !pub.IsZero()
		}
		if ok {
			df.val = val
		} else {
			df.unresolved = true
		}
		return d.found1(df)
	}
	pt := pub.Time()
	switch w {
	case "yesterday":
		if d.tok(i-1).low == "before" && d.tok(i-2).low == "day" && d.tok(i-3).low == "the" {
			return rel(i-3, i+1, DateOf(pt.AddDate(0, 0, -2)), false, "day")
		}
		return rel(i, i+1, DateOf(pt.AddDate(0, 0, -1)), false, "day")
	case "today":
		// "today's Afghanistan" means the present, not a day.
		if d.tok(i+1).kind == tPoss {
			return nil
		}
		return rel(i, i+1, pub, false, "day")
	case "tomorrow":
		if d.tok(i+1).kind == tPoss {
			return nil
		}
		return rel(i, i+1, DateOf(pt.AddDate(0, 0, 1)), true, "day")
	case "this", "last", "next", "past", "coming", "previous", "following", "same", "that":
		nx := d.tok(i + 1)
		// "the previous year", "the following month", "the same year",
		// "that year": counted from a date just before, not from the
		// publication.
		if (nx.low == "year" || nx.low == "month") && (d.tok(i-1).low == "the" || w == "that") &&
			(w == "previous" || w == "following" || w == "next" || w == "same" || w == "that") {
			prec := map[string]int{"year": 1, "month": 2}[nx.low]
			a, ok := d.anchorAt(i, prec)
			if !ok {
				return nil
			}
			off := map[string]int{"previous": -1, "following": 1, "next": 1}[w]
			t0 := i
			if w != "that" {
				t0 = i - 1
			}
			df := dateFound{t0: t0, t1: i + 2, relative: true, future: off > 0, prec: nx.low}
			if nx.low == "year" {
				df.val = Date{a.Year + off, 0, 0}
			} else {
				mt := time.Date(a.Year, time.Month(a.Month)+time.Month(off), 1, 0, 0, 0, 0, time.UTC)
				df.val = Date{mt.Year(), int(mt.Month()), 0}
			}
			return d.found1(df)
		}
		if w == "following" || w == "same" || w == "that" {
			return nil
		}
		start := i
		// "earlier this year", "later this month".
		if p := d.tok(i - 1); w == "this" && (p.low == "earlier" || p.low == "later") {
			start = i - 1
		}
		switch nx.low {
		case "year":
			if w == "past" || w == "coming" || w == "previous" {
				// "the past year" is a duration; "the previous year"
				// needs a year to count from.
				return nil
			}
			off := map[string]int{"this": 0, "last": -1, "next": 1}[w]
			return rel(start, i+2, Date{pub.Year + off, 0, 0}, off > 0 || d.tok(start).low == "later", "year")
		case "month":
			if w == "past" || w == "coming" || w == "previous" {
				return nil
			}
			off := map[string]int{"this": 0, "last": -1, "next": 1}[w]
			mt := time.Date(pub.Year, time.Month(max(pub.Month, 1))+time.Month(off), 1, 0, 0, 0, 0, time.UTC)
			return rel(start, i+2, Date{mt.Year(), int(mt.Month()), 0}, off > 0, "month")
		}
	case "end", "start", "beginning", "middle":
		// "by the end of the year", "the start of this month".
		if d.tok(i+1).low != "of" {
			return nil
		}
		k := i + 2
		if w2 := d.tok(k).low; w2 == "the" || w2 == "this" {
			k++
		}
		t0 := i
		if d.tok(i-1).low == "the" {
			t0 = i - 1
		}
		switch d.tok(k).low {
		case "year":
			return rel(t0, k+1, Date{pub.Year, 0, 0}, i > 0 && w == "end", "year")
		case "month":
			return rel(t0, k+1, Date{pub.Year, pub.Month, 0}, false, "month")
		}
	case "earlier", "later":
		// "a year earlier", "two months later": from a date just before.
		unit := strings.TrimSuffix(d.tok(i-1).low, "s")
		if unit != "year" && unit != "month" {
			return nil
		}
		num := d.tok(i - 2)
		n := 0
		if num.kind == tNum && num.suffix == 0 {
			n, _ = strconv.Atoi(d.s[num.start:num.end])
		} else if v, ok := smallNumbers[num.low]; ok {
			n = int(v)
		}
		if n <= 0 || n > 100 {
			return nil
		}
		prec := map[string]int{"year": 1, "month": 2}[unit]
		a, ok := d.anchorAt(i-2, prec)
		if !ok {
			return nil
		}
		if w == "earlier" {
			n = -n
		}
		df := dateFound{t0: i - 2, t1: i + 1, relative: true, future: n > 0, prec: unit}
		if unit == "year" {
			df.val = Date{a.Year + n, 0, 0}
		} else {
			mt := time.Date(a.Year, time.Month(a.Month)+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
			df.val = Date{mt.Year(), int(mt.Month()), 0}
		}
		return d.found1(df)
	case "ago":
		// "two years ago", "three months ago", "five days ago".
		unit := d.tok(i - 1)
		num := d.tok(i - 2)
		k := 0.0
		if num.kind == tNum && num.suffix == 0 {
			f, err := strconv.ParseFloat(strings.ReplaceAll(d.s[num.start:num.end], ",", ""), 64)
			if err == nil {
				k = f
			}
		} else if v, ok := smallNumbers[num.low]; ok {
			k = v
		}
		if k <= 0 || k != float64(int(k)) || k > 200 {
			return nil
		}
		n := int(k)
		switch strings.TrimSuffix(unit.low, "s") {
		case "year":
			return rel(i-2, i+1, Date{pub.Year - n, 0, 0}, false, "year")
		case "month":
			mt := time.Date(pub.Year, time.Month(max(pub.Month, 1))-time.Month(n), 1, 0, 0, 0, 0, time.UTC)
			return rel(i-2, i+1, Date{mt.Year(), int(mt.Month()), 0}, false, "month")
		case "day":
			return rel(i-2, i+1, DateOf(pt.AddDate(0, 0, -n)), false, "day")
		}
	case "day":
		// "the previous day", "the next day", "the following day", "the
		// same day", "the day before", "a day earlier/later".
		p := d.tok(i - 1)
		off, t0, t1 := 0, i-1, i+1
		switch {
		case p.low == "previous" || p.low == "preceding":
			off = -1
		case p.low == "following" || p.low == "next":
			off = 1
		case p.low == "same":
			off = 0
		case d.tok(i+1).low == "before" && (p.low == "the" || p.low == "a") && d.tok(i+2).low != "yesterday" && !d.clauseAfter(i+2):
			off, t0, t1 = -1, i-1, i+2
		case d.tok(i+1).low == "after" && p.low == "the" && d.tok(i+2).low != "tomorrow" && !d.clauseAfter(i+2):
			off, t0, t1 = 1, i-1, i+2
		case (p.low == "a" || p.low == "one") && (d.tok(i+1).low == "earlier" || d.tok(i+1).low == "later"):
			off, t0, t1 = -1, i-1, i+2
			if d.tok(i+1).low == "later" {
				off = 1
			}
		default:
			return nil
		}
		if d.tok(t0-1).low == "the" && t0 == i-1 {
			t0--
		}
		df := dateFound{t0: t0, t1: t1, relative: true, future: off > 0, prec: "day"}
		if a, ok := d.anchorDay(t0); ok {
			df.val = DateOf(a.Time().AddDate(0, 0, off))
		} else if pub.Precision() == "day" && off != 0 {
			// No day date nearby: count from the publication day, the
			// only day the reader has.
			df.val = DateOf(pt.AddDate(0, 0, off))
		} else {
			df.unresolved = true
		}
		return d.found1(df)
	}
	return nil
}

// anchorAt returns the last resolved date before token i in the same or
// the previous sentence with at least the precision prec (1 year, 2 month,
// 3 day).
func (d *doc) anchorAt(i, prec int) (Date, bool) {
	s := int(d.sentOf[i])
	for k := len(d.dates) - 1; k >= 0; k-- {
		df := &d.dates[k]
		if df.t0 >= i || df.val.IsZero() {
			continue
		}
		if int(d.sentOf[df.t0]) < s-1 {
			break
		}
		p := 1
		if df.val.Month != 0 {
			p = 2
		}
		if df.val.Day != 0 {
			p = 3
		}
		if p >= prec {
			return df.val, true
		}
	}
	return Date{}, false
}

// anchorDay returns the last day-precision date before token i that is
// not a dateline, within the ten sentences before: "the previous day"
// counts from the last day the story named.
func (d *doc) anchorDay(i int) (Date, bool) {
	s := int(d.sentOf[i])
	for k := len(d.dates) - 1; k >= 0; k-- {
		df := &d.dates[k]
		if df.t0 >= i {
			continue
		}
		if int(d.sentOf[df.t0]) < s-10 {
			break
		}
		if df.val.Precision() == "day" && !df.val.IsZero() && !d.dateline(df.t0) {
			return df.val, true
		}
	}
	return Date{}, false
}

// clauseAfter reports whether a clause or noun phrase follows "the day
// after" at token k ("the day after Armenia removed it", "the day before
// the vote"), making it a conjunction, not a date; closing quotes are
// skipped.
func (d *doc) clauseAfter(k int) bool {
	for d.tok(k).kind == tPunct && (d.tok(k).low == "\"" || d.tok(k).low == "”" || d.tok(k).low == "'") {
		k++
	}
	t := d.tok(k)
	return t.kind == tWord && d.sameSentence(k-1, k)
}

// addHintDate records a date an editor annotated.
func (d *doc) addHintDate(h Hint, t0, t1 int) {
	d.dates = append(d.dates, dateFound{t0: t0, t1: t1, val: h.Date, hint: true,
		future: !d.in.Published.IsZero() && d.in.Published.Before(h.Date) && !sameOrWithin(d.in.Published, h.Date)})
}

// sameOrWithin reports whether a (a day) falls inside b (at b's precision).
func sameOrWithin(a, b Date) bool {
	if a.Year != b.Year {
		return false
	}
	if b.Month == 0 {
		return true
	}
	if a.Month != b.Month {
		return false
	}
	return b.Day == 0 || a.Day == b.Day
}
