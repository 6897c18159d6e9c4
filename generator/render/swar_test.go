package render

import (
	"bytes"
	"strings"
	"testing"
)

// TestEightAtATime: the test on eight bytes misses no byte that needs
// escaping, wherever it is among ordinary ones.
func TestEightAtATime(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			for _, fill := range []byte{'a', ' ', 0x7f, '9', '~'} {
				w := []byte(strings.Repeat(string(fill), 8))
				w[pos] = byte(c)
				n := load8(string(w), 0)
				if (c < 0x20 || c >= 0x80 || !jsonSafe[c]) && !mayNeedJSON(n) {
					t.Errorf("mayNeedJSON misses %#x at %d among %q", c, pos, fill)
				}
			}
		}
	}
	if mayNeedJSON(load8("Abc, 1.9", 0)) {
		t.Error("plain text needs escaping")
	}
}

var benchText = strings.Repeat("Defence ministers of the CSTO met in Bishkek, Kyrgyzstan, on Wednesday. ", 4)

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
