package extract

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"brief/internal/swar"
)

// tokKind says what a token is made of.
type tokKind uint8

const (
	tWord  tokKind = iota // letters, digits and marks, with apostrophes inside ("N'Djamena")
	tNum                  // digits with inner "," or "." ("15,000", "1.5"), maybe a suffix ("15th", "1990s")
	tPunct                // one other rune: "-", ".", ",", "(", "’", "$" …
	tPoss                 // a possessive "'s" or "’s" split off a word
)

// token is one piece of the text. Offsets are byte offsets into the input.
type token struct {
	start, end int
	kind       tokKind
	cap        bool      // the first rune is upper case
	upper      bool      // every letter is upper case, and there are letters
	suffix     uint8     // for tNum: bytes of letters after the digits ("th" in "15th")
	nl         uint8     // newlines in the space before the token, at most 255
	space      bool      // the token follows white space (or is the first)
	fl         vocabFlag // what the word is to the rules (Extractor.vocab)
	low        string    // lower-cased text; apostrophes and dashes normalised
}

// vocabFlag says what a word is to the rules, looked up once per token
// instead of once per rule: the lexicon's word lists are bits here, so
// that a rule asking whether a token is, say, a title word tests a bit
// instead of looking its text up in a map. Only the tokens of a document
// have them (tokenizeVocab); words and numbers only, as no list holds
// punctuation.
type vocabFlag uint16

const (
	vGaz         vocabFlag = 1 << iota // some gazetteer name starts with it
	vDate                              // a date expression may start with it
	vNotName                           // a function, title, rank, month or day word: never part of a name
	vFunction                          // lexicon.function
	vTitleHead                         // lexicon.titleHead
	vTitleMod                          // lexicon.titleMod
	vHonorific                         // lexicon.honorific
	vRank                              // lexicon.rank
	vAbbrev                            // lexicon.abbrev
	vSpeech                            // lexicon.speech
	vGiven                             // lexicon.given
	vParticle                          // lexicon.particle
	vFeature                           // lexicon.feature
	vSmallNumber                       // a key of smallNumbers
	vUnitStop                          // a key of unitStop
	vTimeUnit                          // a key of timeUnits
)

// is reports whether the token has any of the flags f.
func (t *token) is(f vocabFlag) bool { return t.fl&f != 0 }

// isDash reports whether r is a hyphen or dash; they are one token kind for
// matching, so "Islamic State–Khorasan" matches "Islamic State-Khorasan".
func isDash(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—', '―':
		return true
	}
	return false
}

func isApos(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Classes of ASCII bytes in words, for the tokenizer: a word byte, and
// its case.
const (
	cWord uint8 = 1 << iota
	cUpper
	cLower
)

// asciiClass gives the class of each byte: that of an ASCII letter or
// digit, 0 for any other byte (bytes from 0x80 on too, so that a loop
// over a word's ASCII bytes needs no other test).
var asciiClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z':
			t[c] = cWord | cLower
		case c >= 'A' && c <= 'Z':
			t[c] = cWord | cUpper
		case c >= '0' && c <= '9':
			t[c] = cWord
		}
	}
	return t
}()

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

// tokenize splits s into tokens. It never fails: invalid UTF-8 bytes become
// one-byte punctuation tokens.
func tokenize(s string, toks []token) []token {
	// The lower-case forms of capitalised words share chunks of memory
	// that are only appended to: one allocation per chunk instead of one
	// per word.
	var arena []byte
	return tokenizeArena(s, toks, &arena)
}

// tokenizeArena is tokenize with the chunk of memory for lower-case forms
// given by the caller, so that many short texts (the names of a
// document's people) share one.
func tokenizeArena(s string, toks []token, arena *[]byte) []token {
	return tokenizeVocab(s, toks, arena, nil)
}

// tokenizeVocab is tokenizeArena that also gives every word and number its
// flags from vocab, while the token is at hand.
//
// Each token is built in place, in its slot of toks: a document has
// thousands, and building each aside and copying it in was a good part of
// the work on a word.
func tokenizeVocab(s string, toks []token, arena *[]byte, vocab *vocabTable) []token {
	toks = toks[:0]
	i := 0
	nl := uint8(0)
	space := true
	for i < len(s) {
		c := s[i]
		// Fast path for ASCII white space.
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' {
			if c == '\n' && nl < 255 {
				nl++
			}
			space = true
			i++
			continue
		}
		r, w := rune(c), 1
		if c >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				space = true
				i += w
				continue
			}
		}
		// The next slot, without zeroing it when there is room (a
		// token holds a pointer, and zeroing one costs more than
		// setting its fields); every path below sets kind, end and low.
		if len(toks) < cap(toks) {
			toks = toks[:len(toks)+1]
		} else {
			toks = append(toks, token{})
		}
		t := &toks[len(toks)-1]
		t.start, t.nl, t.space = i, nl, space
		t.cap, t.upper, t.suffix, t.fl = false, false, 0, 0
		nl, space = 0, false
		switch {
		case r < utf8.RuneSelf && c >= '0' && c <= '9':
			j := numberEnd(s, i)
			k, _ := lettersEnd(s, j)
			if k > j && k-j <= 2 {
				// "15th", "1990s", "2nd", "5m".
				t.suffix = uint8(k - j)
				j = k
			} else if k > j {
				// "5G", "100km": a word with digits.
				t.kind = tWord
				t.end = k
				finishWord(s, t, arena)
				if vocab != nil {
					t.fl = vocab.lookup(t.low)
				}
				i = k
				continue
			}
			t.kind = tNum
			t.end = j
			t.low = s[i:j]
			if vocab != nil {
				t.fl = vocab.lookup(t.low)
			}
			i = j
		case isWordRune(r):
			j, seen, nonASCII := wordEndAt(s, i, r, w)
			t.kind = tWord
			t.end = j
			finishWordCase(s, t, arena, !nonASCII, seen&cUpper != 0, seen&cLower != 0)
			if vocab != nil {
				t.fl = vocab.lookup(t.low)
			}
			i = j
		case isApos(r) && i+w < len(s) && (s[i+w] == 's' || s[i+w] == 'S') && !nextIsWord(s, i+w+1) && len(toks) > 1 && toks[len(toks)-2].end == i && toks[len(toks)-2].kind == tWord:
			// After the word it follows (toks[len(toks)-2]; t is the last).
			t.kind = tPoss
			t.end = i + w + 1
			t.low = "'s"
			i = t.end
		default:
			t.kind = tPunct
			t.end = i + w
			switch {
			case isDash(r):
				t.low = "-"
			case isApos(r):
				t.low = "'"
			default:
				t.low = s[i : i+w]
			}
			i += w
		}
	}
	return toks
}

// wordScanner finds the word and number tokens of a text as tokenize
// does, without making tokens: merge keys need nothing else, and making
// every token was most of their cost. TestWordScanner holds the two
// equal.
type wordScanner struct {
	s string
	i int
	// the end of the last token when it was a word, for possessives;
	// -1 otherwise
	wordEnd int
}

func newWordScanner(s string) wordScanner { return wordScanner{s: s, wordEnd: -1} }

// next returns the next word or number: its bytes s[start:end], whether it
// is a number (tNum, whose low form is its text) and, for a word, whether
// it is all ASCII and has upper-case letters (otherwise normWord gives its
// low form). ok is false at the end of the text.
func (sc *wordScanner) next() (start, end int, num, ascii, upper, ok bool) {
	s, i := sc.s, sc.i
	for i < len(s) {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' {
			i++
			continue
		}
		r, w := rune(c), 1
		if c >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				i += w
				continue
			}
		}
		switch {
		case r < utf8.RuneSelf && c >= '0' && c <= '9':
			j := numberEnd(s, i)
			k, up := lettersEnd(s, j)
			if k > j && k-j <= 2 {
				sc.i, sc.wordEnd = k, -1
				return i, k, true, true, false, true
			} else if k > j {
				sc.i, sc.wordEnd = k, k
				return i, k, false, true, up, true
			}
			sc.i, sc.wordEnd = j, -1
			return i, j, true, true, false, true
		case isWordRune(r):
			j, seen, nonASCII := wordEndAt(s, i, r, w)
			sc.i, sc.wordEnd = j, j
			return i, j, false, !nonASCII, seen&cUpper != 0, true
		case isApos(r) && i+w < len(s) && (s[i+w] == 's' || s[i+w] == 'S') && !nextIsWord(s, i+w+1) && sc.wordEnd == i:
			// A possessive.
			i += w + 1
		default:
			i += w
		}
		sc.wordEnd = -1
	}
	sc.i = i
	return 0, 0, false, false, false, false
}

func nextIsWord(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// finishWord fills in the case flags and the lower-case form of the word t.
func finishWord(s string, t *token, arena *[]byte) {
	w := s[t.start:t.end]
	ascii, hasUpper, hasLower := true, false, false
	for k := 0; k < len(w); k++ {
		c := w[k]
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case c >= 'A' && c <= 'Z':
			hasUpper = true
		case c >= 'a' && c <= 'z':
			hasLower = true
		}
	}
	finishWordCase(s, t, arena, ascii, hasUpper, hasLower)
}

// finishWordCase is finishWord with what the bytes of the word are known:
// all ASCII, and whether there are upper- and lower-case letters among
// them.
func finishWordCase(s string, t *token, arena *[]byte, ascii, hasUpper, hasLower bool) {
	w := s[t.start:t.end]
	if ascii {
		t.cap = w[0] >= 'A' && w[0] <= 'Z'
		t.upper = hasUpper && !hasLower
		if hasUpper {
			a := *arena
			if cap(a)-len(a) < len(w) {
				// A new chunk; strings made from the old one stay valid
				// because nothing writes to it again. Chunks of at most
				// 32 KB, and of half the rest of the text: capitalised
				// words are a fraction of running text.
				a = make([]byte, 0, max(min(1<<15, (len(s)-t.start)/2), len(w)))
			}
			n := len(a)
			a = appendLowerASCII(a, w)
			*arena = a
			t.low = unsafe.String(&a[n], len(w))
		} else {
			t.low = w
		}
		return
	}
	r, _ := utf8.DecodeRuneInString(w)
	t.cap = unicode.IsUpper(r)
	up, lo := false, false
	for _, r := range w {
		if unicode.IsUpper(r) {
			up = true
		} else if unicode.IsLower(r) {
			lo = true
		}
	}
	t.upper = up && !lo
	t.low = normWord(w)
}

// normWord lower-cases w and normalises apostrophes.
func normWord(w string) string {
	w = strings.ToLower(w)
	if strings.ContainsAny(w, "’ʼ") {
		w = apostrophes.Replace(w)
	}
	return w
}

// apostrophes makes typographic apostrophes plain; built once, as a
// Replacer is costly to build and safe to share.
var apostrophes = strings.NewReplacer("’", "'", "ʼ", "'")

// wordEndAt finds the end of the word whose first rune r, w bytes long,
// is at s[i]: letters, digits and apostrophes between letters, but not a
// possessive "'s", which ends the word (any other letter after an
// apostrophe continues it: "N'Djamena"). It also returns the classes of
// the word's ASCII letters (asciiClass), so that the case of an ASCII
// word is learnt while finding its end, and whether it has other runes.
func wordEndAt(s string, i int, r rune, w int) (j int, seen uint8, nonASCII bool) {
	nonASCII = r >= utf8.RuneSelf
	if !nonASCII {
		seen = asciiClass[s[i]]
	}
	j = i + w
	for {
		// ASCII letters and digits, the bulk of English text, without
		// decoding, in a loop of their own (asciiClass is 0 for the
		// bytes of other runes).
		for j < len(s) {
			cl := asciiClass[s[j]]
			if cl == 0 {
				break
			}
			seen |= cl
			j++
		}
		if j >= len(s) {
			break
		}
		if c := s[j]; c < utf8.RuneSelf && c != '\'' {
			break
		}
		r2, w2 := rune(s[j]), 1
		if r2 >= utf8.RuneSelf {
			r2, w2 = utf8.DecodeRuneInString(s[j:])
		}
		if isWordRune(r2) {
			nonASCII = nonASCII || w2 > 1
			j += w2
			continue
		}
		if isApos(r2) && j+w2 < len(s) {
			r3, w3 := utf8.DecodeRuneInString(s[j+w2:])
			if !isWordRune(r3) || (r3 == 's' || r3 == 'S') && !nextIsWord(s, j+w2+w3) {
				break
			}
			nonASCII = nonASCII || w2 > 1
			j += w2
			continue
		}
		break
	}
	return j, seen, nonASCII
}

// numberEnd returns the end of the number whose first digit is s[i]:
// digits, and a comma or point between digits ("15,000", "1.5").
func numberEnd(s string, i int) int {
	j := i + 1
	for j < len(s) {
		d := s[j]
		if d >= '0' && d <= '9' {
			j++
			continue
		}
		if (d == ',' || d == '.') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
			j += 2
			continue
		}
		break
	}
	return j
}

// lettersEnd returns the end of the ASCII letters from s[j] on (a
// number's suffix, as in "15th" or "5G"), and whether one is upper case.
func lettersEnd(s string, j int) (k int, upper bool) {
	for k = j; k < len(s) && (s[k]|0x20) >= 'a' && (s[k]|0x20) <= 'z'; k++ {
		upper = upper || s[k] <= 'Z'
	}
	return k, upper
}

// appendLowerASCII appends w to dst with its ASCII capitals in lower
// case (any other byte as it is): eight ASCII bytes at a time, each
// capital given the bit of lower case (0x20), and the rest one by one.
func appendLowerASCII(dst []byte, w string) []byte {
	n := len(dst)
	dst = slices.Grow(dst, len(w))[:n+len(w)]
	out := dst[n:]
	k := 0
	for ; k+8 <= len(w); k += 8 {
		x := swar.Load8(w, k)
		if x&swar.High != 0 {
			break
		}
		binary.LittleEndian.PutUint64(out[k:], x|swar.Between(x, 'A', 'Z')>>2)
	}
	for ; k < len(w); k++ {
		c := w[k]
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		out[k] = c
	}
	return dst
}
