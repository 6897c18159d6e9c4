// Package blockbuf collects bytes of unknown length in pooled blocks and
// copies them once into a slice of their exact length.
//
// A slice that grows by doubling, as bytes.Buffer and append do, allocates
// about twice what it ends up holding, all of which the runtime zeroes (or
// the kernel faults in fresh), and copies its bytes again at every step.
// For the open data files of a large site, tens or hundreds of megabytes
// made in one go, that cost more than making their bytes; and a slice
// grown past its last step keeps up to twice its length for as long as it
// is held.
package blockbuf

import (
	"slices"
	"sync"
)

// blockSize is the size of a block: large enough that a file of hundreds
// of megabytes needs few, small enough that a small file wastes little.
const blockSize = 1 << 20

var blocks = sync.Pool{New: func() any { b := make([]byte, 0, blockSize); return &b }}

// A Buffer is an io.Writer that keeps what is written in blocks. The zero
// Buffer is empty and ready to use.
type Buffer struct {
	blocks []*[]byte
	n      int
}

// Write appends p. It never fails.
func (b *Buffer) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(b.blocks) == 0 || len(*b.blocks[len(b.blocks)-1]) == blockSize {
			b.blocks = append(b.blocks, blocks.Get().(*[]byte))
		}
		last := b.blocks[len(b.blocks)-1]
		k := copy((*last)[len(*last):blockSize], p)
		*last = (*last)[:len(*last)+k]
		p = p[k:]
	}
	b.n += n
	return n, nil
}

// Len is the number of bytes written.
func (b *Buffer) Len() int { return b.n }

// AppendTo appends the bytes written to dst, growing it once to the length
// it needs, and empties b, whose blocks go back to the pool.
func (b *Buffer) AppendTo(dst []byte) []byte {
	dst = slices.Grow(dst, b.n)
	for _, blk := range b.blocks {
		dst = append(dst, *blk...)
		*blk = (*blk)[:0]
		blocks.Put(blk)
	}
	b.blocks, b.n = nil, 0
	return dst
}
