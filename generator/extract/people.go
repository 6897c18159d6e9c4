package extract

import (
	"slices"
	"strings"
	"unicode"
)

// personAcc gathers what a document says about one person.
type personAcc struct {
	canon   string // the name people merge by: a known person's full name, else the longest form
	display string // the longest form of the name in this document, verbatim
	words   int    // words in display
	title   string
	country string
	first   int // byte offset of the first mention
}

// person returns the accumulator for canon, creating it; form is the name
// as written at this mention.
func (d *doc) person(canon, form string) *personAcc {
	p, ok := d.people[canon]
	if !ok {
		p = d.newPerson()
		*p = personAcc{canon: canon, first: -1}
		d.people[canon] = p
	}
	if w := countFields(form); w > p.words {
		p.display, p.words = form, w
	}
	return p
}

// newPerson returns a zero accumulator from the document's buffers: a
// document names a few people, each once in d.people.
func (d *doc) newPerson() *personAcc {
	b := d.buf
	if len(b.persons) == cap(b.persons) {
		// A new chunk: the accumulators of the old one stay where they
		// are, as d.people points to them.
		b.persons = make([]personAcc, 0, max(16, 2*cap(b.persons)))
	}
	b.persons = b.persons[:len(b.persons)+1]
	return &b.persons[len(b.persons)-1]
}

// countFields is len(strings.Fields(s)), without making the fields.
func countFields(s string) int {
	n, in := 0, false
	for _, r := range s {
		space := unicode.IsSpace(r)
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// nameSpan parses a person's name starting at token i and returns the end
// token (exclusive) and the number of words, or (i, 0).
func (d *doc) nameSpan(i int) (int, int) {
	n := len(d.toks)
	j, words := i, 0
	for j < n && words < 5 {
		if d.owner[j] != 0 {
			break
		}
		t := &d.toks[j]
		if j > i && !d.adjacent(j-1, j) {
			break
		}
		switch {
		case t.kind == tWord && t.is(vParticle) && words > 0 && !t.upper:
			// "bin Laden", "von der Leyen", "al-Baghdadi": a particle
			// inside a name, followed by more of it.
			k := j + 1
			for k < n && (d.toks[k].low == "-" || (d.toks[k].kind == tWord && d.toks[k].is(vParticle))) && d.adjacent(k-1, k) {
				k++
			}
			if k < n && d.owner[k] == 0 && d.adjacent(k-1, k) && d.nameWord(&d.toks[k]) {
				j = k
				continue
			}
			return d.trimName(i, j, words)
		case t.kind == tWord && t.low != "s" && len(t.low) == 1 && t.cap && d.tok(j+1).low == "." && d.tok(j+1).end == d.tok(j+1).start+1 && d.tok(j+2).kind == tWord && d.nameWord(d.tok(j+2)):
			// An initial: "George W. Bush".
			j += 2
			continue
		case d.nameWord(t):
			words++
			j++
			// Hyphenated names: "Kassym-Jomart", "Abdul-Salam".
			for j+1 < n && d.toks[j].low == "-" && !d.toks[j].space && !d.toks[j+1].space && d.owner[j] == 0 && d.owner[j+1] == 0 && d.toks[j+1].kind == tWord && d.toks[j+1].cap {
				j += 2
			}
			continue
		}
		break
	}
	return d.trimName(i, j, words)
}

func (d *doc) trimName(i, j, words int) (int, int) {
	for j > i && d.toks[j-1].kind != tWord {
		j--
	}
	if words == 0 {
		return i, 0
	}
	return j, words
}

// titleBefore reads a title that ends right before token i: "Russian
// Defence Minister", "Taliban spokesman", "Gen.", "Kazakhstan's". It
// returns the title text (without honorifics), the country it names, and
// whether any title or honorific was there.
func (d *doc) titleBefore(i int) (title, country string, ok bool) {
	k := i - 1
	end, start := -1, -1
	heads := 0
	rankTitle := ""
	// "President of Tajikistan Emomali Rahmon": the country after "of".
	ofCountry := ""
	if c := d.countryAt(k); c != "" && d.owner[k] > 0 {
		f := &d.finds[d.owner[k]-1]
		if f.kind == KindCountry && d.tok(f.t0-1).low == "of" && f.t0 >= 2 {
			m := f.t0 - 2
			if d.toks[m].kind == tWord && d.toks[m].is(vTitleHead) && d.toks[m].cap {
				ofCountry = c
				k = m
			}
		}
	}
	for k >= 0 && d.sameSentence(k, i) {
		t := &d.toks[k]
		if t.low == "." && k > 0 && d.toks[k-1].kind == tWord && (d.toks[k-1].is(vRank) || d.toks[k-1].is(vHonorific)) && d.owner[k-1] == 0 {
			ok = true
			if r, has := rankTitles[d.toks[k-1].low]; has && end < 0 && rankTitle == "" {
				rankTitle = r
			}
			k -= 2
			continue
		}
		if t.kind == tWord && (t.is(vRank) || t.is(vHonorific)) && d.owner[k] == 0 {
			ok = true
			if r, has := rankTitles[t.low]; has && end < 0 && rankTitle == "" {
				rankTitle = r
			}
			k--
			continue
		}
		if t.kind == tWord && d.owner[k] == 0 && (t.is(vTitleHead) || t.is(vTitleMod)) {
			if end < 0 {
				end = k
			}
			start = k
			if t.is(vTitleHead) {
				heads++
			}
			k--
			continue
		}
		// "Secretary of State", "Minister for Foreign Affairs",
		// "Secretary-General".
		if end >= 0 && k > 0 && (t.low == "of" || t.low == "for" || t.low == "-" || t.low == "and") && d.owner[k-1] == 0 &&
			(d.toks[k-1].is(vTitleHead) || d.toks[k-1].is(vTitleMod)) {
			k--
			continue
		}
		break
	}
	if heads == 0 {
		// Only modifiers ("Foreign", "National"): no title.
		start, end = -1, -1
		k = i - 1
		for k >= 0 && d.toks[k].kind == tPunct && d.toks[k].low == "." {
			break
		}
	}
	if start >= 0 {
		// "Army spokesman Major General Edward Buba": two titles in a
		// row; the rank next to the name is the title.
		for m := end; m > start; m-- {
			if militaryRanks[d.toks[m].low] && !militaryRanks[d.toks[m-1].low] && d.toks[m-1].is(vTitleHead) && !generalCompounds[d.toks[m-1].low] {
				start = m
				break
			}
		}
		// Drop leading words that are not part of the office itself.
		for start <= end && (d.toks[start].low == "former" || d.toks[start].low == "then" || d.toks[start].low == "ex" || d.toks[start].low == "the") {
			start++
		}
		if start <= end {
			title = d.text(start, end+1)
		}
	}
	if title == "" {
		title = rankTitle
	}
	country = d.countryAt(k)
	ck := k
	if country == "" && (title != "" || ok) {
		// "Tajik Defence Ministry spokesman": the country of the body
		// the title belongs to.
		for m := k; m >= 0 && m > k-4 && d.sameSentence(m, i); m-- {
			t := &d.toks[m]
			if c := d.countryAt(m); c != "" {
				country, ck = c, m
				break
			}
			if t.kind != tWord || !t.cap || !(d.lex.notName[t.low] || t.is(vTitleMod)) {
				break
			}
		}
	}
	if ofCountry != "" {
		country = ofCountry
	}
	if country != "" && ck >= 0 && ck < len(d.toks) {
		d.titleCountry[ck] = true
	}
	return title, country, ok || title != ""
}

// rankTitles spell out abbreviated ranks and offices before a name.
var rankTitles = map[string]string{"gen": "General", "lt": "Lieutenant", "col": "Colonel", "maj": "Major",
	"capt": "Captain", "sgt": "Sergeant", "adm": "Admiral", "sen": "Senator", "rep": "Representative",
	"gov": "Governor", "prof": "Professor", "pres": "President", "amb": "Ambassador", "brig": "Brigadier",
	"cmdr": "Commander", "cdr": "Commander", "supt": "Superintendent", "insp": "Inspector"}

// generalCompounds make one title with "General" after them.
var generalCompounds = map[string]bool{"secretary": true, "attorney": true, "surgeon": true,
	"inspector": true, "director": true, "governor": true, "consul": true, "prosecutor": true,
	"procurator": true, "solicitor": true, "auditor": true, "comptroller": true}

// militaryRanks start a title of their own ("Major General").
var militaryRanks = map[string]bool{"major": true, "general": true, "lieutenant": true, "colonel": true,
	"captain": true, "admiral": true, "marshal": true, "sergeant": true, "brigadier": true}

// countryAt returns the country that the finding at token k names: a
// country or demonym ("Russian", "Russia's") or a national organisation.
func (d *doc) countryAt(k int) string {
	if k < 0 || k >= len(d.toks) {
		return "" // callers look past the last token ("M B," ends after ",")
	}
	if d.toks[k].kind == tPoss && k > 0 {
		k--
	}
	if o := d.owner[k]; o > 0 {
		f := &d.finds[o-1]
		switch f.kind {
		case KindCountry:
			return f.id
		case KindPlace:
			return f.country
		case KindOrg:
			if org, ok := d.x.orgs[f.id]; ok {
				return orgCountry[org.ID]
			}
		}
	}
	return ""
}

// orgCountry gives the country of organisations that belong to one
// country, so that "Taliban spokesman X" gives X a country.
var orgCountry = map[string]string{"taliban": "AF", "ttp": "PK", "fsb": "RU", "cia": "US",
	"nrf": "AF", "haqqani-network": "AF", "hamas": "PS", "hezbollah": "LB", "houthis": "YE",
	"bla": "PK", "al-shabaab": "SO", "boko-haram": "NG", "imu": "UZ"}

// titleAfter reads an appositive after a name: ", Russia's defence
// minister," or ", the Taliban's chief spokesman,".
func (d *doc) titleAfter(j int) (title, country string) {
	if d.tok(j).low != "," {
		return "", ""
	}
	k := j + 1
	if w := d.tok(k).low; w == "the" || w == "a" || w == "an" {
		k++
	}
	// ", a senior Turkmen official,": modifiers before the country
	// adjective; the country then counts only with a title after it.
	mods := k
	for mods < len(d.toks) && mods-k < 3 && d.toks[mods].kind == tWord && d.owner[mods] == 0 && d.toks[mods].is(vTitleMod) {
		mods++
	}
	needTitle := false
	if mods > k && d.countryAt(mods) != "" && d.owner[mods] > 0 && d.finds[d.owner[mods]-1].kind == KindCountry {
		k, needTitle = mods, true
	}
	if c := d.countryAt(k); c != "" {
		country = c
		for k < len(d.toks) && d.owner[k] > 0 && d.sameSentence(j, k) {
			k++
		}
		if d.tok(k).kind == tPoss {
			k++
		}
	}
	if needTitle {
		defer func() {
			if title == "" {
				country = ""
			}
		}()
	}
	start := k
	for k < len(d.toks) && d.sameSentence(j, k) && d.toks[k].kind == tWord && d.owner[k] == 0 && (d.toks[k].is(vTitleMod) || d.toks[k].is(vTitleHead)) {
		k++
	}
	// The appositive must end there: "Andrey Belousov, the defence
	// minister, said"; not "X, the minister of ...".
	if k > start && d.toks[k-1].is(vTitleHead) {
		next := d.tok(k)
		if next.low == "," || next.low == "." || next.low == ")" || next.kind == tWord && next.is(vSpeech) {
			return d.text(start, k), country
		}
	}
	return "", country
}

// headline reports whether sentence s is a title-case headline: title
// case and no full stop at its end.
func (d *doc) headline(s int) bool {
	if !d.titleCase(s) {
		return false
	}
	last := &d.toks[d.sents[s].t1-1]
	return last.kind != tPunct || last.low != "." && last.low != "!" && last.low != "?" && last.low != "\"" && last.low != "'"
}

// headlineName trims a name [i, j) in a title-case headline, where every
// word is capitalised ("Prime Minister Sharif Visits Beijing", "Brigadier
// Killed In Ambush"), to the words that the rest of the document also
// capitalises in running text, and returns the new end and word count.
func (d *doc) headlineName(i, j int) (int, int) {
	if d.bodyCaps == nil {
		d.bodyCaps = map[string]bool{}
		for k := range d.toks {
			t := &d.toks[k]
			if t.kind == tWord && t.cap && !d.sentenceStart(k) && !d.titleCase(int(d.sentOf[k])) {
				d.bodyCaps[t.low] = true
			}
		}
	}
	words, k := 0, i
	for ; k < j; k++ {
		t := &d.toks[k]
		if t.kind != tWord {
			continue
		}
		if !d.bodyCaps[t.low] && !t.is(vGiven) {
			break
		}
		words++
	}
	return d.trimName(i, k, words)
}

// ofCountry returns the country named right after a titled person's name
// by "of": "Prime Minister Andrew Dunlop of Canada".
func (d *doc) ofCountry(j int) string {
	if d.tok(j).low != "of" || j+1 >= len(d.toks) || !d.adjacent(j, j+1) {
		return ""
	}
	if o := d.owner[j+1]; o > 0 && d.finds[o-1].kind == KindCountry {
		return d.finds[o-1].id
	}
	return ""
}

// findPeople finds named persons: after a title ("Tajik President Emomali
// Rahmon"), before a verb of speech ("Zabihullah Mujahid said"), starting
// with a known given name, or shaped like a surname of the region; then
// later surname-only mentions ("Belousov described").
func (d *doc) findPeople() {
	type pending struct {
		t0, t1         int
		title, country string
	}
	var singles []pending
	n := len(d.toks)
	for i := 0; i < n; i++ {
		if d.owner[i] != 0 || !d.nameWord(&d.toks[i]) {
			continue
		}
		if i > 0 && d.toks[i-1].low == "-" && !d.toks[i].space {
			continue
		}
		j, words := d.nameSpan(i)
		if words > 0 && d.headline(int(d.sentOf[i])) {
			j, words = d.headlineName(i, j)
		}
		if words == 0 {
			continue
		}
		if d.inCredits(i) {
			i = j - 1
			continue
		}
		title, country, titled := d.titleBefore(i)
		if title == "" && d.tok(i-1).low == "," && d.appositiveEnd(j) {
			// "The Taliban's supreme leader, Hibatullah Akhundzada, …":
			// a name set off by commas after a title is a person.
			if t2, c2, _ := d.titleBefore(i - 1); t2 != "" {
				title, titled = t2, true
				if country == "" {
					country = c2
				}
			}
		}
		if !titled && words == 1 {
			continue
		}
		if !titled && (d.titleCase(int(d.sentOf[i])) || !d.personEvidence(i, j, words)) {
			i = j - 1
			continue
		}
		if at, ac := d.titleAfter(j); title == "" && at != "" {
			title = at
			if country == "" {
				country = ac
			}
		}
		if country == "" && title != "" {
			country = d.ofCountry(j) // "Prime Minister Andrew Dunlop of Canada"
		}
		if words == 1 {
			singles = append(singles, pending{i, j, title, country})
			i = j - 1
			continue
		}
		form := d.text(i, j)
		p := d.person(form, form)
		d.setPersonInfo(p, title, country)
		d.addFind(found{t0: i, t1: j, kind: KindPerson, id: p.canon})
		i = j - 1
	}
	// Titles and countries of people the gazetteer found.
	for fi := range d.finds {
		f := &d.finds[fi]
		if f.kind != KindPerson {
			continue
		}
		p := d.people[f.id]
		title, country, _ := d.titleBefore(f.t0)
		if title == "" && d.tok(f.t0-1).low == "," && d.appositiveEnd(f.t1) {
			if t2, c2, _ := d.titleBefore(f.t0 - 1); t2 != "" {
				title = t2
				if country == "" {
					country = c2
				}
			}
		}
		if title == "" {
			t2, c2 := d.titleAfter(f.t1)
			title = t2
			if country == "" {
				country = c2
			}
		}
		if country == "" && title != "" {
			country = d.ofCountry(f.t1)
		}
		d.setPersonInfo(p, title, country)
	}
	d.resolveSurnames()
	added := false
	for _, s := range singles {
		if !d.free(s.t0, s.t1) {
			continue
		}
		form := d.text(s.t0, s.t1)
		p := d.person(form, form)
		d.setPersonInfo(p, s.title, s.country)
		d.addFind(found{t0: s.t0, t1: s.t1, kind: KindPerson, id: p.canon})
		added = true
	}
	// The surnames of the people the singles added. Without them the
	// people and the free words are those the first round saw, and it
	// would find nothing new.
	if added {
		d.resolveSurnames()
	}
}

// inferPersonCountries gives a person without a country the country that
// the sentence naming them first names before them, when it names exactly
// one ("South Sudan's government … President Salva Kiir").
func (d *doc) inferPersonCountries() {
	type firstMention struct{ sent, start int }
	first := map[string]firstMention{}
	for k := range d.finds {
		f := &d.finds[k]
		if f.kind != KindPerson {
			continue
		}
		if m, ok := first[f.id]; !ok || f.start < m.start {
			first[f.id] = firstMention{f.sent, f.start}
		}
	}
	bySent := map[int][]int{}
	for canon, m := range first {
		if p := d.people[canon]; p != nil && p.country == "" {
			bySent[m.sent] = nil
		}
	}
	if len(bySent) == 0 {
		return
	}
	for k := range d.finds {
		if list, ok := bySent[d.finds[k].sent]; ok {
			bySent[d.finds[k].sent] = append(list, k)
		}
	}
	for canon, m := range first {
		p := d.people[canon]
		if p == nil || p.country != "" {
			continue
		}
		// The countries named in the sentence before the person, except
		// those another person's title took ("Kyrgyz Deputy Minister X").
		// A dateline ("KAZAN, Russia, May 15 (Reuters) -") says where
		// the story was filed, not whose the people are.
		after := d.sents[m.sent].start
		for k := range d.dates {
			if df := &d.dates[k]; int(d.sentOf[df.t0]) == m.sent && d.dateline(df.t0) {
				after = d.toks[df.t1-1].end
			}
		}
		var codes []string
		for _, k := range bySent[m.sent] {
			f := &d.finds[k]
			if f.start >= m.start || f.start < after || d.titleCountry[f.t0] {
				continue
			}
			switch f.kind {
			case KindCountry:
				codes = appendNew(codes, f.id)
			case KindPlace:
				if f.country != "" {
					codes = appendNew(codes, f.country)
				}
			case KindOrg:
				if c := orgCountry[f.id]; c != "" {
					codes = appendNew(codes, c)
				}
			}
		}
		if len(codes) == 1 {
			p.country = codes[0]
			continue
		}
		if len(codes) == 0 && governmentTitle(p.title) {
			// "Interior Minister X told parliament": an office of a
			// state without its name is one of the country the story
			// is about.
			p.country = d.mainCountry()
		}
	}
}

// governmentTitle reports whether title is an office of a state
// ("President", "Interior Minister", "Home Secretary").
func governmentTitle(title string) bool {
	for _, w := range strings.Fields(strings.ToLower(title)) {
		switch w {
		case "president", "minister", "premier", "chancellor", "secretary", "governor", "king", "emir":
			return !strings.Contains(strings.ToLower(title), "general")
		}
	}
	return false
}

// mainCountry returns the country a document is about: the one it
// mentions most, if that is at least twice as often as any other, or "".
func (d *doc) mainCountry() string {
	count := map[string]int{}
	for k := range d.finds {
		f := &d.finds[k]
		switch {
		case f.kind == KindCountry && !f.hidden:
			count[f.id]++
		case f.kind == KindPlace && f.country != "":
			count[f.country]++
		}
	}
	best, first, second := "", 0, 0
	for c, n := range count {
		switch {
		case n > first || n == first && c < best:
			best, first, second = c, n, max(first, second)
		case n > second:
			second = n
		}
	}
	if first >= 2 && first >= 2*second {
		return best
	}
	return ""
}

// setPersonInfo keeps the first title and country a document gives.
func (d *doc) setPersonInfo(p *personAcc, title, country string) {
	if p.title == "" && title != "" {
		p.title = title
	}
	if country != "" && (p.country == "" || p.title == title) {
		p.country = country
	}
	if p.country == "" {
		if kp, ok := d.x.people[p.canon]; ok {
			p.country = kp.Country
			if p.title == "" {
				p.title = kp.Title
			}
		}
	}
}

// appositiveEnd reports whether a name that ends before token j, after a
// title and a comma, ends the appositive: a comma, a full stop or a bracket
// follows, or a verb of speech ("…'s envoy, Ingrid Solheim said").
func (d *doc) appositiveEnd(j int) bool {
	t := d.tok(j)
	switch t.low {
	case ",", ".", ")", ";":
		return true
	}
	return t.kind == tWord && t.is(vSpeech) && d.sameSentence(j-1, j)
}

// personEvidence decides whether an untitled run of capitalised words
// [i, j) is a person.
func (d *doc) personEvidence(i, j, words int) bool {
	if words < 2 {
		return false
	}
	first := &d.toks[i]
	if first.is(vGiven) || d.x.data.personlike[d.s[first.start:first.end]] {
		return true
	}
	next := d.tok(j)
	if next.kind == tPoss {
		next = d.tok(j + 1)
	}
	if next.kind == tWord && next.is(vSpeech) && d.sameSentence(i, j) {
		return true
	}
	if next.low == "," {
		n2 := d.tok(j + 1)
		if n2.kind == tWord && (n2.low == "who" || n2.low == "whose" || n2.is(vTitleHead) || n2.is(vTitleMod)) {
			return true
		}
		if n2.kind == tNum && d.tok(j+2).low == "," {
			return true // "Rustam Nazarov, 45, said"
		}
		if (n2.low == "the" || n2.low == "a") && d.appositiveTitle(j+2) {
			return true
		}
	}
	prev := d.tok(i - 1)
	if prev.kind == tWord && relational[prev.low] {
		return true
	}
	// "Salva Kiir and Riek Machar": coordinated with a person.
	if (prev.low == "and" || prev.low == ",") && i >= 2 {
		if o := d.owner[i-2]; o > 0 && d.finds[o-1].kind == KindPerson {
			return true
		}
	}
	if prev.kind == tWord && (prev.low == "said" || prev.low == "says" || prev.low == "told" || prev.low == "by" || prev.low == "to" && d.tok(i-2).low == "according") {
		return true
	}
	last := &d.toks[j-1]
	if last.kind == tWord {
		for _, end := range d.lex.surnameEnd {
			if strings.HasSuffix(last.low, end) && len(last.low) > len(end)+2 {
				return true
			}
		}
	}
	return false
}

// titleCase reports whether sentence s is a headline in title case ("Kiir
// Extends Transition To 2026"), where capitals say nothing about names.
func (d *doc) titleCase(s int) bool {
	if d.titleCaseOf == nil {
		d.titleCaseOf = slices.Grow(d.buf.titleCaseOf[:0], len(d.sents))[:len(d.sents)]
		clear(d.titleCaseOf)
	}
	if v := d.titleCaseOf[s]; v != 0 {
		return v > 0
	}
	caps, words := 0, 0
	for k := d.sents[s].t0; k < d.sents[s].t1; k++ {
		t := &d.toks[k]
		if t.kind != tWord {
			continue
		}
		words++
		if t.cap {
			caps++
		}
	}
	v := words >= 4 && caps*10 >= words*8
	d.titleCaseOf[s] = -1
	if v {
		d.titleCaseOf[s] = 1
	}
	return v
}

// relational are nouns and verbs right before a name that show it is a
// person: "his rival Riek Machar", "met Abiy Ahmed".
var relational = map[string]bool{"rival": true, "rivals": true, "successor": true, "predecessor": true,
	"ally": true, "opponent": true, "aide": true, "son": true, "daughter": true, "wife": true,
	"husband": true, "brother": true, "sister": true, "father": true, "mother": true, "widow": true,
	"colleague": true, "met": true, "meets": true, "meeting": true, "thanked": true, "urged": true,
	"criticised": true, "criticized": true, "accused": true, "praised": true, "replaced": true,
	"appointed": true, "named": true, "nominated": true, "dismissed": true, "sacked": true,
	"fired": true, "arrested": true, "detained": true, "killed": true, "interviewed": true,
	"congratulated": true, "phoned": true, "called": true, "told": true, "asked": true,
	"leader": false, "uncle": true, "nephew": true, "cousin": true, "partner": true, "lawyer": true}

// inCredits reports whether token i is inside a wire service's credit
// line, "(Reporting by …; Editing by …)", whose names are not actors of
// the story.
func (d *doc) inCredits(i int) bool {
	s := d.sents[int(d.sentOf[i])]
	for k := i - 1; k >= s.t0 && k > i-40; k-- {
		switch d.toks[k].low {
		case "reporting", "editing", "writing", "compiled", "additional":
			if d.tok(k+1).low == "by" || d.tok(k+1).low == "reporting" {
				return true
			}
		case "(", ")":
			return false
		}
	}
	return false
}

// appositiveTitle reports whether a title word comes within a few words
// after token k ("the Taliban's chief spokesman").
func (d *doc) appositiveTitle(k int) bool {
	for m := k; m < k+5 && m < len(d.toks); m++ {
		t := &d.toks[m]
		if t.low == "," || t.low == "." {
			return false
		}
		if t.kind == tWord && t.is(vTitleHead) {
			return true
		}
	}
	return false
}

// resolveSurnames counts later mentions by surname ("Belousov described")
// and by a known person's short name. A surname two people share is left
// alone.
func (d *doc) resolveSurnames() {
	bySurname, ambiguous := d.buf.bySurname, d.buf.ambiguous
	clear(bySurname)
	clear(ambiguous)
	for canon, p := range d.people {
		for k, form := range [2]string{canon, p.display} {
			if k == 1 && form == canon {
				break // the same words, the same surname
			}
			d.scratch = tokenizeArena(form, d.scratch, &d.arena)
			toks := d.scratch
			if len(toks) < 2 {
				continue
			}
			last := toks[len(toks)-1]
			s := form[last.start:last.end]
			if prev, ok := bySurname[s]; ok && prev != canon {
				ambiguous[s] = true
			}
			bySurname[s] = canon
			// "al-Baghdadi" as well as "Baghdadi".
			if len(toks) >= 3 && toks[len(toks)-2].low == "-" && d.lex.particle[toks[len(toks)-3].low] {
				al := form[toks[len(toks)-3].start:last.end]
				if prev, ok := bySurname[al]; ok && prev != canon {
					ambiguous[al] = true
				}
				bySurname[al] = canon
			}
		}
	}
	if len(bySurname) == 0 {
		return
	}
	// A word can be a surname only if some surname has its first byte and
	// length: most capitalised words are turned away without a lookup.
	var maybe [256]uint32
	for s := range bySurname {
		maybe[s[0]] |= 1 << min(len(s), 31)
	}
	for i := range d.toks {
		t := &d.toks[i]
		if t.kind != tWord || !t.cap || maybe[d.s[t.start]]&(1<<min(t.end-t.start, 31)) == 0 {
			continue
		}
		canon, ok := bySurname[d.s[t.start:t.end]]
		if !ok || ambiguous[d.s[t.start:t.end]] {
			continue
		}
		if o := d.owner[i]; o != 0 {
			// A place or country word that is this person's surname
			// ("Jordan" after "Michael Jordan") is the person.
			if o < 0 {
				continue
			}
			f := &d.finds[o-1]
			if f.t1-f.t0 != 1 || (f.kind != KindCountry && f.kind != KindPlace) || !d.x.data.personlike[d.s[t.start:t.end]] {
				continue
			}
			f.kind, f.id, f.country = KindPerson, canon, ""
			continue
		}
		if d.nameWord(d.tok(i+1)) && d.adjacent(i, i+1) && !d.titleCase(int(d.sentOf[i])) {
			continue // part of another name
		}
		d.addFind(found{t0: i, t1: i + 1, kind: KindPerson, id: canon})
	}
}
