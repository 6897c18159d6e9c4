package blockbuf

import (
	"bytes"
	"math/rand"
	"testing"
)

// TestBuffer: whatever the pieces, a Buffer gives back the bytes written,
// after any prefix, in a slice grown once to about their length; and it is
// empty afterwards, ready for the next file.
func TestBuffer(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	piece := func(n int) []byte {
		p := make([]byte, n)
		r.Read(p)
		return p
	}
	tests := []struct {
		name   string
		prefix int
		pieces []int
	}{
		{"nothing", 0, nil},
		{"empty pieces", 3, []int{0, 0}},
		{"one small piece", 0, []int{10}},
		{"a block exactly", 0, []int{blockSize}},
		{"a byte short of a block, then two", 5, []int{blockSize - 1, 2}},
		{"a piece across three blocks", 0, []int{2*blockSize + 7}},
		{"many pieces of a chunker's size", 100, []int{64 << 10, 64 << 10, 64<<10 + 3, 17, 5 * blockSize}},
	}
	var b Buffer
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := piece(tt.prefix)
			want := bytes.Clone(prefix)
			for _, n := range tt.pieces {
				p := piece(n)
				if k, err := b.Write(p); k != n || err != nil {
					t.Fatalf("Write of %d bytes = %d, %v", n, k, err)
				}
				want = append(want, p...)
			}
			if b.Len() != len(want)-len(prefix) {
				t.Errorf("Len = %d, want %d", b.Len(), len(want)-len(prefix))
			}
			got := b.AppendTo(prefix[:len(prefix):len(prefix)])
			if !bytes.Equal(got, want) {
				t.Fatalf("AppendTo gave %d bytes that differ from the %d written", len(got), len(want))
			}
			// Grown once: at most the allocator's rounding beyond the length.
			if slack := cap(got) - len(got); slack >= 64<<10 {
				t.Errorf("%d bytes of room beyond the %d needed", slack, len(got))
			}
			if b.Len() != 0 || len(b.AppendTo(nil)) != 0 {
				t.Errorf("the Buffer is not empty after AppendTo")
			}
		})
	}
}
