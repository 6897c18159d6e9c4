package model

import (
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"os"
	"slices"
	"sync"
	"unsafe"
)

// A Shelf keeps rendered Markdown bodies in a scratch file from the moment
// they are made until their pages are, so that a one-off build does not
// hold every note's HTML in memory through the model and render stages: on
// a large site that is a fifth of everything the build holds. The file is
// removed as soon as it is made where the system allows it (it lives on
// while open), and at Close otherwise. A Shelf is safe for concurrent use.
type Shelf struct {
	f    *os.File
	name string // to remove at Close; "" when removed already
	mu   sync.Mutex
	end  int64 // where the next body goes
	// Bodies are written a chunk at a time, not one by one (a system call
	// each): pending holds those from the file offset base on, which
	// are read from it until they are written.
	pending []byte
	base    int64
	failed  error // the first failed write: later bodies stay in memory
	// Bodies read back in the order they were put (see Document.ShelfOrder)
	// are read a window at a time: win holds the file's bytes from
	// winOff on.
	win    []byte
	winOff int64
	reads  int // system calls that read bodies back (for tests)
}

// shelfChunk is the size from which pending bodies are written.
const shelfChunk = 1 << 20

// A Body is a rendered body put on a Shelf. The zero Body is no body.
type Body struct {
	shelf *Shelf
	off   int64
	n     int
	sum   uint64 // fingerprint of the HTML, for Document.Sum
}

// NewShelf makes a Shelf with its scratch file in dir.
func NewShelf(dir string) (*Shelf, error) {
	f, err := os.CreateTemp(dir, ".brief-bodies-*")
	if err != nil {
		return nil, err
	}
	s := &Shelf{f: f, name: f.Name()}
	if os.Remove(s.name) == nil {
		s.name = ""
	}
	return s, nil
}

// Put puts html on the shelf. It reports false when the shelf cannot
// take it (a full disk): the caller keeps the body in memory then.
func (s *Shelf) Put(html []byte) (Body, bool) {
	if s == nil || len(html) == 0 {
		return Body{}, false
	}
	sum := maphash.Bytes(seed, html)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed != nil {
		return Body{}, false
	}
	off := s.end
	s.end += int64(len(html))
	s.pending = append(s.pending, html...)
	if len(s.pending) >= shelfChunk {
		if _, err := s.f.WriteAt(s.pending, s.base); err != nil {
			// What is pending stays in memory, where it is read from,
			// and the bodies to come stay with their callers.
			s.failed = err
		} else {
			s.base, s.pending = s.end, s.pending[:0]
		}
	}
	return Body{shelf: s, off: off, n: len(html), sum: sum}, true
}

// Close removes the scratch file. Bodies on the shelf cannot be read after.
func (s *Shelf) Close() error {
	if s == nil {
		return nil
	}
	err := s.f.Close()
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
	}
	return err
}

// IsZero reports whether b is no body.
func (b Body) IsZero() bool { return b.shelf == nil }

// Len is the length of the body's HTML in bytes.
func (b Body) Len() int { return b.n }

// AppendTo appends the body's HTML to dst.
func (b Body) AppendTo(dst []byte) ([]byte, error) {
	if b.shelf == nil {
		return dst, nil
	}
	s := b.shelf
	s.mu.Lock()
	if b.off >= s.base {
		dst = append(dst, s.pending[b.off-s.base:][:b.n]...)
		s.mu.Unlock()
		return dst, nil
	}
	defer s.mu.Unlock()
	winEnd := s.winOff + int64(len(s.win))
	if b.off >= s.winOff && b.off+int64(b.n) <= winEnd {
		return append(dst, s.win[b.off-s.winOff:][:b.n]...), nil
	}
	if len(s.win) > 0 && b.off >= s.winOff && b.off-winEnd < shelfChunk {
		// Read on from where the last window was, in order: the next
		// window, which holds this body and those put after it, in one
		// system call instead of one each.
		n := min(max(shelfChunk, int64(b.n)), s.base-b.off)
		s.win = slices.Grow(s.win[:0], int(n))[:n]
		s.reads++
		if _, err := s.f.ReadAt(s.win, b.off); err != nil {
			s.win = s.win[:0]
			return dst, readBackError(err)
		}
		s.winOff = b.off
		return append(dst, s.win[:b.n]...), nil
	}
	// Out of order (such as a body of the last window, asked for by a
	// reader that another has overtaken): this body alone. The first
	// becomes the window, so that a next body in order reads on from it.
	at := len(dst)
	dst = append(dst, make([]byte, b.n)...)
	s.reads++
	if _, err := s.f.ReadAt(dst[at:], b.off); err != nil {
		return dst[:at], readBackError(err)
	}
	if len(s.win) == 0 {
		s.win, s.winOff = append(s.win, dst[at:]...), b.off
	}
	return dst, nil
}

func readBackError(err error) error {
	return fmt.Errorf("cannot read a rendered body back from the build's scratch file: %w", err)
}

// ShelfOrder is where the document's body is on its build's shelf: pages
// made in this order read their bodies back in the order they were put,
// a window at a time. It is -1 for a document whose body is not shelved.
func (d *Document) ShelfOrder() int64 {
	if d == nil || len(d.shelved) == 0 {
		return -1
	}
	return d.shelved[0].off
}

// LoadBody reads the document's shelved bodies into HTML, for templates,
// which read the field.
func (d *Document) LoadBody() error {
	n := 0
	for _, b := range d.shelved {
		n += b.n
	}
	// The buffer is the document's alone from here: no copy.
	_, err := d.LoadBodyInto(make([]byte, 0, n))
	return err
}

// LoadBodyInto is LoadBody for a page made at once, without a copy: the
// HTML is read into buf, grown as needed and returned for the next page,
// and stays valid only until the caller calls DropBody, which it must do
// before it uses buf again.
func (d *Document) LoadBodyInto(buf []byte) ([]byte, error) {
	if len(d.shelved) == 0 {
		return buf, nil
	}
	buf = buf[:0]
	var err error
	for _, b := range d.shelved {
		if buf, err = b.AppendTo(buf); err != nil {
			return buf, err
		}
	}
	if len(buf) > 0 {
		d.HTML = template.HTML(unsafe.String(&buf[0], len(buf)))
	}
	d.shelved = nil
	return buf, nil
}

// DropBody lets the document's rendered body go, once its page is made.
func (d *Document) DropBody() { d.HTML, d.shelved = "", nil }
