package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// entKind is what a gazetteer entry names.
type entKind uint8

const (
	eCountry entKind = iota + 1 // a country by name ("Tajikistan", "the US")
	eDemonym                    // a country by adjective or demonym ("Tajik")
	ePlace                      // a city or region, with its country
	eOrg                        // an organisation
	ePerson                     // a known person by full name or alias
	eShort                      // a known person by a short name ("Putin")
	eBlock                      // a phrase that hides the country word inside it
)

// entry is one name of one entity, split into tokens the way the text is.
type entry struct {
	low        []string   // normalised tokens
	surf       []string   // tokens as written in the data, for the case rules
	cases      []surfCase // the case of each of surf, for the case rules
	kind       entKind
	id         string // country code, org id, canonical person name, place name
	country    string // for places and people
	personlike bool   // a single word that is also a common name ("Jordan")
	strict     bool   // an acronym that all-capital text must not match ("IS")
}

// gazetteer finds the longest entry at a token. Entries are indexed by their
// first normalised token, so a lookup is one map access per word.
type gazetteer struct {
	index map[string][]*entry
}

func newGazetteer() *gazetteer { return &gazetteer{index: map[string][]*entry{}} }

// add registers name under kind. Names that tokenize to nothing are ignored.
func (g *gazetteer) add(name string, kind entKind, id, country string) *entry {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil
	}
	toks := tokenize(name, nil)
	if len(toks) == 0 {
		return nil
	}
	e := &entry{kind: kind, id: id, country: country}
	for _, t := range toks {
		e.low = append(e.low, t.low)
		e.surf = append(e.surf, name[t.start:t.end])
		e.cases = append(e.cases, caseOf(name[t.start:t.end]))
	}
	key := e.low[0]
	for _, old := range g.index[key] {
		if old.kind == kind && old.id == id && equalStrings(old.surf, e.surf) {
			return old
		}
	}
	g.index[key] = append(g.index[key], e)
	return e
}

// finish sorts the candidates of every key longest first, so that the first
// match is the longest ("Islamic State Khorasan Province" before "Islamic
// State"). Among equally long entries a more specific kind wins: a blocker
// over a country, an organisation over a person.
func (g *gazetteer) finish() {
	for _, list := range g.index {
		sort.SliceStable(list, func(i, j int) bool {
			if len(list[i].low) != len(list[j].low) {
				return len(list[i].low) > len(list[j].low)
			}
			return kindRank(list[i].kind) < kindRank(list[j].kind)
		})
	}
}

func kindRank(k entKind) int {
	switch k {
	case eBlock:
		return 0
	case eOrg:
		return 1
	case ePerson:
		return 2
	case eCountry:
		return 3
	case eDemonym:
		return 4
	case ePlace:
		return 5
	}
	return 6
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// match returns the longest entry that starts at toks[i] and the number of
// tokens it covers, or nil. s is the text the tokens point into.
func (g *gazetteer) match(s string, toks []token, i int) (*entry, int) {
	t := &toks[i]
	if t.kind != tWord && t.kind != tNum {
		return nil, 0
	}
	list := g.index[t.low]
	for _, e := range list {
		n := len(e.low)
		if i+n > len(toks) {
			continue
		}
		// The words first (the first is the key of the list), which
		// turns most entries away; then their case.
		ok := true
		for k := 1; k < n; k++ {
			tk := &toks[i+k]
			// A name does not run across a blank line.
			if tk.low != e.low[k] || tk.nl > 1 {
				ok = false
				break
			}
		}
		for k := 0; k < n && ok; k++ {
			tk := &toks[i+k]
			ok = fitsCase(s[tk.start:tk.end], tk, e.surf[k], e.cases[k], e.strict)
		}
		if ok {
			return e, n
		}
	}
	return nil, 0
}

// surfCase is what the case rules need to know of a word of the data.
type surfCase uint8

const (
	surfCap   surfCase = 1 << iota // the first rune is upper case
	surfUpper                      // no rune is lower case
)

func caseOf(want string) surfCase {
	var c surfCase
	if r, _ := utf8.DecodeRuneInString(want); unicode.IsUpper(r) {
		c |= surfCap
	}
	c |= surfUpper
	for _, r := range want {
		if unicode.IsLower(r) {
			c &^= surfUpper
			break
		}
	}
	return c
}

// caseFits applies the capitalisation rules: a lower-case word in the data
// ("of", "al") matches any case; a capitalised one needs a capital in the
// text ("turkey" is a bird); an acronym must be in capitals ("US", not
// "us"). A capitalised name also matches an all-capitals word of four or
// more letters, as in datelines ("DUSHANBE, May 28").
func caseFits(text string, tk *token, want string, strict bool) bool {
	return fitsCase(text, tk, want, caseOf(want), strict)
}

// fitsCase is caseFits with the case of want known.
func fitsCase(text string, tk *token, want string, c surfCase, strict bool) bool {
	if tk.kind != tWord {
		return true
	}
	if text == want {
		return true
	}
	if c&surfCap == 0 {
		return true
	}
	if c&surfUpper != 0 {
		// Acronyms: same letters, all capitals.
		return tk.upper && !strict
	}
	if !tk.cap {
		return false
	}
	if tk.upper {
		return !strict && utf8.RuneCountInString(text) >= 4
	}
	// "Al-Qaeda" for "al-Qaeda" is handled above; here the text is
	// capitalised like the data but differs inside ("McDonald"/"Mcdonald"):
	// accept, the letters are the same.
	return true
}
