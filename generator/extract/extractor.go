// Package extract reads news articles and editors' notes and finds what a
// briefing needs (SPEC §4): countries, organisations, people, places,
// quantities, dates normalised against the publication date, and candidate
// timeline events, each with byte offsets into the input.
//
// It is rule-based and deterministic. New builds the matchers once from
// embedded data (data/README.md gives provenance and licences); Extract runs
// these stages over one document:
//
//	tokenize -> sentences -> hints (editors' annotations) -> names
//	(gazetteer: countries, demonyms, places, organisations, known people,
//	longest match, with context rules) -> acronym definitions -> people
//	(titles, given names, verbs of speech, surnames) -> dates -> quantities
//	-> events
//
// Every finding keeps its token range, so every offset/text pair is an
// exact substring of the input.
//
// Sentences end at sentence punctuation and at paragraph breaks. A plain
// article's lines are its paragraphs; a note's Markdown structure comes in
// Input.Blocks, inside which line breaks are soft. A date without a year
// (or a weekday) takes its year from the tense of its own clause: future
// constructions look ahead, past and present perfect look back, deadlines
// ("by", "before") look ahead, and a date that names an event ("the
// October 26 election") or stands in a clause without tense is the nearest
// one. "That year" and "the previous day" count from the last year or day
// the text named.
package extract

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Extractor finds countries, organisations, people, places, quantities,
// dates and events in documents. It is built once (New) and is safe for
// concurrent use: Extract only reads it.
type Extractor struct {
	data    *staticData
	loadErr error
	gaz     *gazetteer
	orgs    map[string]*OrgInfo     // by id, built-in and editors'
	people  map[string]*knownPerson // by canonical name
	names   map[string][2]string    // normalised name -> kind, id, for LookupName
	vocab   *vocabTable             // what each known word is to the rules
}

// New loads the embedded data (once per process) and builds the matchers.
// extra are the organisations and people that editors describe in
// content/entities/; their names and aliases are matched like the built-in
// ones, and an organisation with the id of a built-in one adds aliases to it.
func New(extra []EntityDef) *Extractor {
	x := &Extractor{gaz: newGazetteer(), orgs: map[string]*OrgInfo{},
		people: map[string]*knownPerson{}, names: map[string][2]string{}}
	x.data, x.loadErr = load()
	if x.loadErr != nil {
		return x
	}
	d := x.data
	x.addCountries()
	for i := range d.orgs {
		o := d.orgs[i]
		x.orgs[o.ID] = &o
	}
	for i := range d.people {
		p := d.people[i]
		x.people[p.Name] = &p
	}
	for _, e := range extra {
		switch strings.ToLower(e.Kind) {
		case KindOrg, "organisation", "organization":
			id := strings.ToLower(strings.TrimSpace(e.ID))
			if id == "" {
				id = slugID(e.Name)
			}
			if id == "" {
				continue
			}
			o, ok := x.orgs[id]
			if !ok {
				o = &OrgInfo{ID: id, Name: e.Name}
				x.orgs[id] = o
			}
			if o.Name == "" {
				o.Name = e.Name
			}
			if e.Name != "" && e.Name != o.Name {
				o.Aliases = appendNew(o.Aliases, e.Name)
			}
			o.Aliases = appendNew(o.Aliases, e.Aliases...)
		case KindPerson, "people":
			name := strings.TrimSpace(e.ID)
			if name == "" {
				name = strings.TrimSpace(e.Name)
			}
			if name == "" {
				continue
			}
			p, ok := x.people[name]
			if !ok {
				p = &knownPerson{Name: name}
				x.people[name] = p
			}
			if e.Country != "" {
				p.Country = strings.ToUpper(e.Country)
			}
			if e.Title != "" {
				p.Title = e.Title
			}
			for _, a := range append([]string{e.Name}, e.Aliases...) {
				a = strings.TrimSpace(a)
				if a == "" || a == name {
					continue
				}
				if len(strings.Fields(a)) == 1 {
					p.Short = appendNew(p.Short, a)
				} else {
					p.Aliases = appendNew(p.Aliases, a)
				}
			}
		}
	}
	// Sorted, so that equally good matches always resolve the same way.
	for _, id := range slices.Sorted(maps.Keys(x.orgs)) {
		x.addOrg(x.orgs[id])
	}
	for _, name := range slices.Sorted(maps.Keys(x.people)) {
		p := x.people[name]
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			x.gaz.add(n, ePerson, p.Name, p.Country)
			x.names[normName(n)] = [2]string{KindPerson, p.Name}
		}
		for _, n := range p.Short {
			x.gaz.add(n, eShort, p.Name, p.Country)
		}
	}
	// Short names resolve links too ("[[Putin]]"), unless two people
	// share one or it names something else.
	shortOwner := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(x.people)) {
		p := x.people[name]
		for _, n := range p.Short {
			k := normName(n)
			if prev, ok := shortOwner[k]; ok && prev != p.Name {
				shortOwner[k] = ""
				continue
			}
			shortOwner[k] = p.Name
		}
	}
	for k, name := range shortOwner {
		if _, taken := x.names[k]; !taken && name != "" {
			x.names[k] = [2]string{KindPerson, name}
		}
	}
	x.gaz.finish()
	x.buildVocab()
	return x
}

// buildVocab fills x.vocab from the gazetteer, the date words, the
// lexicon and the word lists of the quantity rules.
func (x *Extractor) buildVocab() {
	vocab := map[string]vocabFlag{}
	for w := range x.gaz.index {
		vocab[w] |= vGaz
	}
	for w := range dateTriggers {
		vocab[w] |= vDate
	}
	lx := &x.data.lex
	for _, m := range []map[string]bool{lx.function, lx.notName, lx.titleHead, lx.titleMod, lx.honorific, lx.rank} {
		for w, ok := range m {
			if ok {
				vocab[w] |= vNotName
			}
		}
	}
	for _, l := range []struct {
		m  map[string]bool
		fl vocabFlag
	}{{lx.function, vFunction}, {lx.titleHead, vTitleHead}, {lx.titleMod, vTitleMod},
		{lx.honorific, vHonorific}, {lx.rank, vRank}, {lx.abbrev, vAbbrev}, {lx.speech, vSpeech},
		{lx.given, vGiven}, {lx.particle, vParticle}, {lx.feature, vFeature},
		{unitStop, vUnitStop}, {timeUnits, vTimeUnit}} {
		for w, ok := range l.m {
			if ok {
				vocab[w] |= l.fl
			}
		}
	}
	for w := range smallNumbers {
		vocab[w] |= vSmallNumber
	}
	for w := range monthNames {
		vocab[w] |= vNotName
	}
	for w := range weekdayNames {
		vocab[w] |= vNotName
	}
	x.vocab = newVocabTable(vocab)
}

// addCountries registers every country's names, demonyms and places.
func (x *Extractor) addCountries() {
	d := x.data
	// A demonym shared by several territories ("French") belongs to the
	// country that demonym_owner names, or to the only independent one.
	demonymCodes := map[string][]string{}
	for _, c := range d.countries {
		for _, dm := range c.Demonyms {
			demonymCodes[dm] = append(demonymCodes[dm], c.Code)
		}
	}
	owner := func(dm string) string {
		if o, ok := d.owner[dm]; ok {
			return o
		}
		codes := demonymCodes[dm]
		if len(codes) == 1 {
			return codes[0]
		}
		pick := ""
		for _, code := range codes {
			if d.byCode[code].Independent {
				if pick != "" {
					return ""
				}
				pick = code
			}
		}
		return pick
	}
	countryNames := map[string]bool{}
	for _, c := range d.countries {
		for _, n := range append([]string{c.Name, c.Official}, c.AltNames...) {
			countryNames[n] = true
			x.mark(x.gaz.add(n, eCountry, c.Code, c.Code))
			x.names[normName(n)] = [2]string{KindCountry, c.Code}
			x.names[normName("the "+n)] = [2]string{KindCountry, c.Code}
		}
		x.names[strings.ToLower(c.Code)] = [2]string{KindCountry, c.Code}
	}
	for _, dm := range slices.Sorted(maps.Keys(demonymCodes)) {
		code := owner(dm)
		if code == "" || countryNames[dm] {
			continue
		}
		x.mark(x.gaz.add(dm, eDemonym, code, code))
		if pl := plural(dm); pl != "" {
			x.mark(x.gaz.add(pl, eDemonym, code, code))
		}
	}
	for _, c := range d.countries {
		if !c.Independent && c.Code != "PS" && c.Code != "XK" && c.Code != "TW" && c.Code != "HK" {
			// Capitals of dependent territories are mostly small towns
			// whose names are common elsewhere ("Hamilton", "Douglas");
			// only the extra places of such a territory are used.
			for _, p := range c.Places {
				if p == c.Capital {
					continue
				}
				if !countryNames[p] {
					x.mark(x.gaz.add(p, ePlace, p, c.Code))
				}
			}
			continue
		}
		for _, p := range c.Places {
			if !countryNames[p] {
				x.mark(x.gaz.add(p, ePlace, p, c.Code))
			}
		}
	}
	for _, b := range d.blockers {
		x.gaz.add(b, eBlock, "", "")
		if last := b[strings.LastIndexByte(b, ' ')+1:]; last != "" && last[0] >= 'a' && last[0] <= 'z' && !strings.HasSuffix(last, "s") {
			x.gaz.add(b+"s", eBlock, "", "")
		}
	}
}

// mark flags single-word entries that are also common personal names, or
// ordinary words in all-capital text.
func (x *Extractor) mark(e *entry) {
	if e != nil && len(e.surf) == 1 && x.data.personlike[e.surf[0]] {
		e.personlike = true
	}
	if e != nil && len(e.surf) == 1 && x.data.strictNames[e.surf[0]] {
		e.strict = true
	}
}

// addOrg registers an organisation's names with spelling variants.
func (x *Extractor) addOrg(o *OrgInfo) {
	strict := set(o.strict)
	names := []string{o.Name, o.Acronym}
	names = append(names, o.Aliases...)
	for _, n := range names {
		for _, v := range spellingVariants(n) {
			e := x.gaz.add(v, eOrg, o.ID, "")
			if e != nil && strict[n] {
				e.strict = true
			}
			x.names[normName(v)] = [2]string{KindOrg, o.ID}
			x.names[normName("the "+v)] = [2]string{KindOrg, o.ID}
		}
	}
	x.names[normName(o.ID)] = [2]string{KindOrg, o.ID}
}

// spellingVariants returns n with British and American spellings swapped,
// so that either spelling in the text matches.
func spellingVariants(n string) []string {
	if n == "" {
		return nil
	}
	out := []string{n}
	pairs := [][2]string{{"Organisation", "Organization"}, {"Defence", "Defense"},
		{"Centre", "Center"}, {"Programme", "Program"}, {"Co-operation", "Cooperation"},
		{"Labour", "Labor"}}
	for _, p := range pairs {
		for _, v := range out {
			if strings.Contains(v, p[0]) {
				out = appendNew(out, strings.ReplaceAll(v, p[0], p[1]))
			}
			if strings.Contains(v, p[1]) {
				out = appendNew(out, strings.ReplaceAll(v, p[1], p[0]))
			}
		}
	}
	// "UN Mission in South Sudan" is also written "U.N. Mission …".
	for _, v := range out {
		if strings.HasPrefix(v, "UN ") {
			out = appendNew(out, "U.N. "+v[3:])
		}
	}
	return out
}

// plural returns the plural of a demonym ("Afghans"), or "" when it is
// its own plural ("Swiss", "Chinese", "Kyrgyz").
func plural(dm string) string {
	for _, suf := range []string{"ese", "sh", "ch", "ss", "z", "x", "s"} {
		if strings.HasSuffix(dm, suf) {
			return ""
		}
	}
	if strings.Contains(dm, " ") {
		return dm + "s"
	}
	return dm + "s"
}

// normName is the key of LookupName: lower case, single spaces, with
// typographic apostrophes and dashes made plain.
func normName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = nameMarks.Replace(s)
	return strings.ToLower(s)
}

// nameMarks makes the typographic apostrophes and dashes of a name plain.
var nameMarks = strings.NewReplacer("’", "'", "–", "-", "—", "-")

// slugID makes an organisation id from a name.
func slugID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && isWordRune(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// LookupName resolves a name as an editor writes it in a [[link]]: a
// country ("Tajikistan", "Kyrgyz Republic", "TJ"), an organisation ("CSTO",
// "Islamic State", "csto") or a person (full name or alias). Case and
// spacing do not matter.
func (x *Extractor) LookupName(name string) (kind, id string, ok bool) {
	if x.loadErr != nil {
		return "", "", false
	}
	k := normName(name)
	if v, found := x.names[k]; found {
		return v[0], v[1], true
	}
	// "the Taliban's": a possessive does not change what is named.
	for _, suf := range []string{"'s", "'"} {
		if v, found := x.names[strings.TrimSuffix(k, suf)]; found && strings.HasSuffix(k, suf) {
			return v[0], v[1], true
		}
	}
	// Demonyms name their country too ("Tajik").
	toks := tokenize(strings.TrimSpace(name), nil)
	if len(toks) > 0 {
		if e, n := x.gaz.match(strings.TrimSpace(name), toks, 0); e != nil && n == len(toks) && e.kind == eDemonym {
			return KindCountry, e.id, true
		}
	}
	return "", "", false
}

// Org returns an organisation known to this extractor (built-in or from
// editors' entities) by id.
func (x *Extractor) Org(id string) (OrgInfo, bool) {
	o, ok := x.orgs[id]
	if !ok {
		return OrgInfo{}, false
	}
	c := *o
	c.Aliases = append([]string(nil), o.Aliases...)
	c.Members = append([]string(nil), o.Members...)
	c.strict = nil
	return c, true
}

// Extract reads one document. It never panics: an internal error yields an
// empty result with a Warning. in.Text must not change while Extract runs;
// the Result keeps no reference to it, so the caller may reuse it after.
func (x *Extractor) Extract(in Input) (res Result) {
	defer func() {
		if r := recover(); r != nil {
			res = emptyResult()
			res.Warnings = []Warning{{Offset: 0, Message: fmt.Sprintf("internal error in the extractor: %v", r)}}
		}
	}()
	if x == nil || x.data == nil {
		res = emptyResult()
		msg := "extractor data not loaded"
		if x != nil && x.loadErr != nil {
			msg += ": " + x.loadErr.Error()
		}
		res.Warnings = []Warning{{Message: msg}}
		return res
	}
	d := newDoc(x, in)
	d.run()
	res = d.result()
	detach(&res, d.s, d.buf, in.Packed)
	d.release()
	return res
}

// emptyResult has empty, non-nil lists so that JSON shows [] not null.
func emptyResult() Result {
	return Result{Countries: []Country{}, Organisations: []Organisation{}, People: []Person{},
		Places: []Place{}, Quantities: []Quantity{}, Dates: []DateMention{}, Events: []Event{}}
}
