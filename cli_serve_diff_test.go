package main

import (
	"bytes"
	"testing"
)

// TestDiffWriter: whatever the pieces a file is written in, diffWriter
// gives its bytes, says whether they are the old ones, and copies nothing
// while they are.
func TestDiffWriter(t *testing.T) {
	old := []byte("abcdefghij")
	tests := []struct {
		name   string
		old    []byte
		pieces []string
		same   bool
	}{
		{"same in one piece", old, []string{"abcdefghij"}, true},
		{"same in pieces", old, []string{"abc", "", "defg", "hij"}, true},
		{"differs in the middle", old, []string{"abc", "dXf", "ghij"}, false},
		{"longer", old, []string{"abcdefghij", "k"}, false},
		{"longer in one piece", old, []string{"abcdefghijk"}, false},
		{"shorter", old, []string{"abcde"}, false},
		{"empty", old, nil, false},
		{"new file", nil, []string{"abc"}, false},
		{"new empty file", nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &diffWriter{old: tt.old}
			var want []byte
			for _, p := range tt.pieces {
				if n, err := w.Write([]byte(p)); n != len(p) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", p, n, err)
				}
				want = append(want, p...)
			}
			got, same := w.result()
			if !bytes.Equal(got, want) || same != tt.same {
				t.Errorf("result %q %v, want %q %v", got, same, want, tt.same)
			}
			if same && len(got) > 0 && &got[0] != &tt.old[0] {
				t.Errorf("unchanged file was copied")
			}
		})
	}
}
