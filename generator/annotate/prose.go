package annotate

import (
	"bytes"
	"encoding/binary"

	"brief/generator/extract"
	"brief/internal/swar"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// prose builds Doc.Prose: a copy of src in which only the bytes of running
// text survive. It starts from all blanks (newlines kept) and copies back
// the text nodes that a reader sees as prose, so anything goldmark treats as
// markup is blank without this code having to know its syntax.
//
// It writes into into when that is not nil (it is as long as src).
func prose(root ast.Node, src, into []byte) ([]byte, []extract.Span) {
	p := blank(into, src)
	var blocks []extract.Span
	if n := root.ChildCount(); n > 0 {
		// A block for each child of the document, as a note of
		// paragraphs has; lists and tables have more.
		blocks = make([]extract.Span, 0, n)
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			copyText(p, src, n.Segment.Start, n.Segment.Stop)
		case *ast.CodeSpan, *ast.Image, *ast.RawHTML, *ast.AutoLink,
			*east.FootnoteLink, *east.FootnoteBacklink:
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *east.TableCell:
			if s, ok := textRange(n); ok {
				blocks = append(blocks, s)
			}
		case *east.TableRow, *east.TableHeader:
			separateCells(p, src, n)
		}
		return ast.WalkContinue, nil
	})
	return p, blocks
}

// copyText copies src[start:stop] into p, blanking the backslash of each
// escape and writing each character reference as the character it stands
// for, padded with spaces, when that is no longer than the reference.
// Between backslashes and ampersands the bytes are copied as a block: a
// newline among them is one in p already.
func copyText(p, src []byte, start, stop int) {
	stop = min(stop, len(src))
	for i := start; i < stop; {
		k := nextEscape(src[i:stop])
		if k < 0 {
			copy(p[i:stop], src[i:stop])
			return
		}
		copy(p[i:i+k], src[i:i+k])
		i += k
		c := src[i]
		switch {
		case c == '\\' && i+1 < stop && isASCIIPunct(src[i+1]):
			p[i+1] = src[i+1]
			i += 2
			continue
		case c == '&':
			if j := bytes.IndexByte(src[i:min(stop, i+40)], ';'); j > 1 {
				ref := src[i : i+j+1]
				if v := util.ResolveNumericReferences(util.ResolveEntityNames(ref)); !bytes.Equal(v, ref) && len(v) <= len(ref) {
					copy(p[i:], v)
					i += j + 1
					continue
				}
			}
		}
		p[i] = c
		i++
	}
}

// nextEscape is the index of the first backslash or ampersand of b, or -1.
func nextEscape(b []byte) int {
	k := bytes.IndexByte(b, '\\')
	if a := bytes.IndexByte(b, '&'); a >= 0 && (k < 0 || a < k) {
		k = a
	}
	return k
}

// textRange is the source range from the first to the last byte of text of
// a block.
func textRange(n ast.Node) (extract.Span, bool) {
	s := extract.Span{Start: -1}
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.CodeSpan, *ast.Image, *ast.RawHTML, *ast.AutoLink,
			*east.FootnoteLink, *east.FootnoteBacklink:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if c.Segment.Len() == 0 {
				break
			}
			if s.Start < 0 {
				s.Start = c.Segment.Start
			}
			s.End = max(s.End, c.Segment.Stop)
		}
		return ast.WalkContinue, nil
	})
	return s, s.Start >= 0
}

// separateCells puts a newline in place of the pipe between two cells of a
// row, so that "| Tajikistan | Dushanbe |" reads as two lines, not one
// sentence.
func separateCells(p, src []byte, row ast.Node) {
	prevEnd := -1
	for c := row.FirstChild(); c != nil; c = c.NextSibling() {
		s, ok := textRange(c)
		if !ok {
			continue
		}
		if prevEnd >= 0 {
			for i := s.Start - 1; i >= prevEnd; i-- {
				if src[i] == '|' && (i == 0 || src[i-1] != '\\') {
					p[i] = '\n'
					break
				}
			}
		}
		prevEnd = s.End
	}
}

// blank returns src with every byte but newlines turned into a space.
//
// It writes into into when that is not nil (it is as long as src).
func blank(into, src []byte) []byte {
	p := into
	if p == nil {
		p = make([]byte, len(src))
	}
	if len(p) > 0 {
		p[0] = ' '
		for n := 1; n < len(p); n *= 2 {
			copy(p[n:], p[:n])
		}
	}
	for i := 0; ; i++ {
		k := bytes.IndexByte(src[i:], '\n')
		if k < 0 {
			return p
		}
		i += k
		p[i] = '\n'
	}
}

// ReadableText is the running text of body[start:end] as a reader sees it,
// for quoting a sentence of a note elsewhere (an event's title): the bytes
// that prose blanked as markup ("[[", "]]", "{person=…}", link targets)
// are dropped rather than shown as spaces, line breaks become spaces, and
// runs of spaces become one. body is the note's body and prose its Prose.
func ReadableText(body, prose []byte, start, end int) string {
	return string(AppendReadableText(nil, body, prose, start, end))
}

// AppendReadableText appends ReadableText(body, prose, start, end) to dst
// and returns the extended slice, so that a caller quoting many sentences
// can build each in one reused buffer and make a string only when it
// needs one.
func AppendReadableText(dst, body, prose []byte, start, end int) []byte {
	start, end = max(start, 0), min(end, len(body), len(prose))
	if start < end {
		// Most sentences are plain running text, read as written: no
		// markup blanked, single spaces, no line breaks. They are copied
		// as they are.
		seg := prose[start:end]
		if seg[0] != ' ' && seg[len(seg)-1] != ' ' && bytes.Equal(seg, body[start:end]) && singleSpaced(seg) {
			return append(dst, seg...)
		}
	}
	return appendReadable(dst, body, prose, start, end)
}

// singleSpaced reports whether b has no line break or tab and no two
// spaces in a row. It looks at eight bytes at a time, as one number.
func singleSpaced(b []byte) bool {
	i := 0
	space := false // the byte before the eight is a space
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		const ones = swar.Ones
		if swar.HasZero(w^'\n'*ones)|swar.HasZero(w^'\t'*ones)|swar.HasZero(w^'\r'*ones) != 0 {
			return false
		}
		var twice bool
		if twice, space = swar.Twice(w, ' ', space); twice {
			return false
		}
	}
	prev := byte(0)
	if i > 0 {
		prev = b[i-1]
	}
	for _, c := range b[i:] {
		if c == '\n' || c == '\t' || c == '\r' || c == ' ' && prev == ' ' {
			return false
		}
		prev = c
	}
	return true
}

// appendReadable is AppendReadableText byte by byte, for any text.
func appendReadable(dst, body, prose []byte, start, end int) []byte {
	n0 := len(dst)
	space := false
	for i := start; i < end; i++ {
		c := prose[i]
		switch {
		case c == '\n' || c == '\t' || c == '\r':
			space = true
			continue
		case c == ' ' && body[i] != ' ':
			continue // blanked markup
		case c == ' ':
			space = true
			continue
		}
		if space && len(dst) > n0 {
			dst = append(dst, ' ')
		}
		space = false
		dst = append(dst, c)
	}
	return dst
}
