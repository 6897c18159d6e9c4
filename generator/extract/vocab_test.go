package extract

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestVocabFlags: a token's flags say exactly what the word lists say of
// its text, for every word of every list, so that a rule may test a flag
// instead of looking the word up. Entries that are not one token ("vice-
// president") never match a token and have no flag; no list holds
// punctuation or the empty string, which tokens without flags have.
func TestVocabFlags(t *testing.T) {
	lx := &testX.data.lex
	lists := []struct {
		name string
		m    map[string]bool
		fl   vocabFlag
	}{{"function", lx.function, vFunction}, {"titleHead", lx.titleHead, vTitleHead}, {"titleMod", lx.titleMod, vTitleMod},
		{"honorific", lx.honorific, vHonorific}, {"rank", lx.rank, vRank}, {"abbrev", lx.abbrev, vAbbrev},
		{"speech", lx.speech, vSpeech}, {"given", lx.given, vGiven}, {"particle", lx.particle, vParticle},
		{"feature", lx.feature, vFeature}, {"unitStop", unitStop, vUnitStop}, {"timeUnits", timeUnits, vTimeUnit}}
	small := map[string]bool{}
	for w := range smallNumbers {
		small[w] = true
	}
	lists = append(lists, struct {
		name string
		m    map[string]bool
		fl   vocabFlag
	}{"smallNumbers", small, vSmallNumber})
	for _, l := range lists {
		for w, ok := range l.m {
			toks := testX.tokens(w)
			single := len(toks) == 1 && toks[0].low == w && (toks[0].kind == tWord || toks[0].kind == tNum)
			if w == "" || !single && len(toks) == 1 {
				t.Errorf("%s: %q is punctuation or empty", l.name, w)
				continue
			}
			if single && toks[0].is(l.fl) != ok {
				t.Errorf("%s: the token %q has the flag %v, the list says %v", l.name, w, toks[0].is(l.fl), ok)
			}
		}
		// And no word has the flag that the list does not hold.
		for _, w := range []string{"the", "said", "minister", "general", "mr", "al", "river", "fighters", "years", "five", "of", "zzz"} {
			if toks := testX.tokens(w); len(toks) == 1 && toks[0].is(l.fl) != l.m[w] {
				t.Errorf("%s: the token %q has the flag %v, the list says %v", l.name, w, toks[0].is(l.fl), l.m[w])
			}
		}
	}
}

// tokens tokenizes s as Extract tokenizes a document, with flags.
func (x *Extractor) tokens(s string) []token {
	var arena []byte
	return tokenizeVocab(s, nil, &arena, x.vocab)
}

// TestCaseOf: the case recorded for every word of the gazetteer is what
// the case rules read from the word itself.
func TestCaseOf(t *testing.T) {
	for _, list := range testX.gaz.index {
		for _, e := range list {
			for k, w := range e.surf {
				r, _ := utf8.DecodeRuneInString(w)
				upper := !strings.ContainsFunc(w, unicode.IsLower)
				if got := e.cases[k]; (got&surfCap != 0) != unicode.IsUpper(r) || (got&surfUpper != 0) != upper {
					t.Errorf("%q: case %b", w, got)
				}
			}
		}
	}
}

// TestVocabTable: the table answers like the map it is built from, for
// its words and for words it does not hold (prefixes, extensions, other
// cases, words of eight bytes and longer, of sixteen and longer, a
// trailing NUL).
func TestVocabTable(t *testing.T) {
	m := map[string]vocabFlag{"a": vFunction, "of": vFunction, "minister": vTitleHead, "ministers": vNotName,
		"secretary": vTitleHead, "secretarygeneral": vTitleHead, "é": vGiven, "1990s": vDate,
		"organisation": vGaz, "counterterrorism": vFeature, "counterterrorisms": vFeature, "abcdefghXbcdefgh": vRank,
		"ab": vAbbrev, "abc": vAbbrev, "abcd": vAbbrev, "abcde": vAbbrev, "abcdefg": vAbbrev}
	for w := range testX.gaz.index {
		m[w] |= vGaz
	}
	v := newVocabTable(m)
	for w := range m {
		for _, c := range []string{w, w + "x", w[:len(w)-1], strings.ToUpper(w), w + "\x00", w + w} {
			if got := v.lookup(c); got != m[c] {
				t.Errorf("lookup(%q) = %b, want %b", c, got, m[c])
			}
		}
	}
	if v.lookup("") != 0 || newVocabTable(nil).lookup("of") != 0 {
		t.Errorf("an empty word or table has flags")
	}
}
