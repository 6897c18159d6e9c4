package render

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"

	"brief/internal/swar"
)

// TestEightAtATime: the test on eight bytes misses no byte that needs
// escaping, wherever it is among ordinary ones.
func TestEightAtATime(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			for _, fill := range []byte{'a', ' ', 0x7f, '9', '~'} {
				w := []byte(strings.Repeat(string(fill), 8))
				w[pos] = byte(c)
				n := swar.Load8(string(w), 0)
				if (c < 0x20 || c >= 0x80 || !jsonSafe[c]) && !mayNeedJSON(n) {
					t.Errorf("mayNeedJSON misses %#x at %d among %q", c, pos, fill)
				}
			}
		}
	}
	if mayNeedJSON(swar.Load8("Abc, 1.9", 0)) {
		t.Error("plain text needs escaping")
	}
}

var benchText = strings.Repeat("Defence ministers of the CSTO met in Bishkek, Kyrgyzstan, on Wednesday. ", 4)

// TestPlainChecks: jsonPlain and plainIn say of a string exactly whether
// jsonBody and escText leave it as it is: every byte alone and
// among others, runes that JSON escapes, and random strings.
func TestPlainChecks(t *testing.T) {
	cases := []string{"", "plain words", "\u2028", "\u2029", "caf\u00e9", "\xff", "\xe2\x80", "a\u2028b", "日本"}
	for c := range 256 {
		cases = append(cases, string([]byte{byte(c)}), "ab"+string([]byte{byte(c)})+"cdefghijk")
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []string{"a", " ", "<", "&", "\"", "'", "+", "\x00", "\n", "é", "\u2028", "\xff", "\\"}
	for range 2000 {
		var b strings.Builder
		for range r.Intn(20) {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		var j bytes.Buffer
		jsonBody(&j, s)
		if got, want := jsonPlain(s), j.String() == s; got != want {
			t.Errorf("jsonPlain(%q) = %v, jsonBody writes %q", s, got, j.String())
		}
		var h strings.Builder
		escText(&h, s)
		want := uint32(0)
		if h.String() == s {
			want |= titleHTML
		}
		if j.String() == s {
			want |= titleJSON
		}
		if got := plainIn(s); got != want {
			t.Errorf("plainIn(%q) = %b, want %b", s, got, want)
		}
	}
}

func BenchmarkEscText(b *testing.B) {
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		escText(&buf, benchText)
	}
	b.SetBytes(int64(len(benchText)))
}

func BenchmarkJSONBody(b *testing.B) {
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		jsonBody(&buf, benchText)
	}
	b.SetBytes(int64(len(benchText)))
}
