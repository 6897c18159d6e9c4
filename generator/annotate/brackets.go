package annotate

import (
	"sort"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// blockText is the inline content of one block (a paragraph, heading or
// table cell) as the inline parsers see it: the bytes of its line segments
// concatenated, each with its offset in the source. Container prefixes such
// as "> " are not part of it.
//
// Annotations must know where their closing bracket is when they see the
// opening one: "[text]" is a span only if its "]" is followed by "{", and
// "[[" is a link only if "]]" follows. blockText answers that once per
// block, in linear time, so that a paragraph full of brackets costs no
// more than a plain one.
type blockText struct {
	parent ast.Node
	buf    []byte
	offs   []int       // offs[i] is the source offset of buf[i], increasing
	match  map[int]int // index of a "[" -> index of its "]"
	// nested holds the index of each "[" whose brackets enclose another
	// bracket, escaped or not, or a code span.
	nested map[int]bool
}

var blockTextKey = parser.NewContextKey()

// blockTextOf returns the blockText of parent, building it on first use in
// this block. The inline parsers' CloseBlock drops it.
func blockTextOf(parent ast.Node, block text.Reader, pc parser.Context) *blockText {
	if bt, ok := pc.Get(blockTextKey).(*blockText); ok && bt.parent == parent {
		return bt
	}
	bt := newBlockText(parent, block.Source(), parent.Lines())
	pc.Set(blockTextKey, bt)
	return bt
}

func newBlockText(parent ast.Node, src []byte, lines *text.Segments) *blockText {
	bt := &blockText{parent: parent, match: map[int]int{}, nested: map[int]bool{}}
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		for o := seg.Start; o < seg.Stop && o < len(src); o++ {
			bt.buf = append(bt.buf, src[o])
			bt.offs = append(bt.offs, o)
		}
	}
	bt.matchBrackets()
	return bt
}

// matchBrackets pairs square brackets the way CommonMark nests them, after
// the constructs that bind tighter: backslash escapes and code spans.
func (bt *blockText) matchBrackets() {
	buf := bt.buf
	runs := backtickRuns(buf)
	var stack []int
	mark := func() {
		if n := len(stack); n > 0 {
			bt.nested[stack[n-1]] = true
		}
	}
	for i := 0; i < len(buf); {
		switch buf[i] {
		case '\\':
			if i+1 < len(buf) && isASCIIPunct(buf[i+1]) {
				if buf[i+1] == '[' || buf[i+1] == ']' {
					mark()
				}
				i += 2
				continue
			}
		case '`':
			k := 1
			for i+k < len(buf) && buf[i+k] == '`' {
				k++
			}
			if end := runs.next(k, i+k); end >= 0 {
				mark()
				i = end + k
			} else {
				i += k
			}
			continue
		case '[':
			mark()
			stack = append(stack, i)
		case ']':
			if n := len(stack); n > 0 {
				bt.match[stack[n-1]] = i
				stack = stack[:n-1]
			}
		}
		i++
	}
}

// indexOf returns the buf index of source offset off.
func (bt *blockText) indexOf(off int) (int, bool) {
	i := sort.SearchInts(bt.offs, off)
	return i, i < len(bt.offs) && bt.offs[i] == off
}

// at returns buf[i] when i is in range, else 0.
func (bt *blockText) at(i int) byte {
	if i < 0 || i >= len(bt.buf) {
		return 0
	}
	return bt.buf[i]
}

// runIndex lists the start of every maximal backtick run by its length.
type runIndex map[int][]int

func backtickRuns(buf []byte) runIndex {
	r := runIndex{}
	for i := 0; i < len(buf); {
		if buf[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(buf) && buf[j] == '`' {
			j++
		}
		r[j-i] = append(r[j-i], i)
		i = j
	}
	return r
}

// next returns the start of the first run of exactly k backticks at or
// after from, or -1: the end of a code span opened by k backticks.
func (r runIndex) next(k, from int) int {
	starts := r[k]
	i := sort.SearchInts(starts, from)
	if i == len(starts) {
		return -1
	}
	return starts[i]
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// advanceTo moves block forward to source offset off, across lines.
func advanceTo(block text.Reader, off int) {
	for {
		line, seg := block.PeekLine()
		if line == nil || seg.Start >= off {
			return
		}
		if off < seg.Stop {
			block.Advance(off - seg.Start)
			return
		}
		block.AdvanceLine()
	}
}
