package load

import (
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// decodeYAML decodes front matter into the node tree of yaml.Unmarshal.
// Front matter is most often a few "key: value" lines, and yaml.v3 spends
// far more on setting up its parser than on such lines (it allocates its
// buffers for every document), so those are read by quickYAML, which
// builds the same tree; anything else, and any error, is yaml.v3's.
// The tree that quickYAML builds lives in t, which the caller releases
// when done with the tree; t is nil when yaml.v3 built it.
func decodeYAML(yml []byte) (doc yaml.Node, t *yamlTree, err error) {
	t = yamlTrees.Get().(*yamlTree)
	if doc, ok := quickYAML(yml, t); ok {
		return doc, t, nil
	}
	t.release()
	err = yaml.Unmarshal(yml, &doc)
	return doc, nil, err
}

// yamlTree holds the nodes of the tree quickYAML builds, reused from one
// document to the next: front matter is decoded for every note, and its
// nodes are needed only while it is.
type yamlTree struct {
	nodes []yaml.Node
	ptrs  []*yaml.Node
}

var yamlTrees = sync.Pool{New: func() any { return new(yamlTree) }}

// release empties t, so that no document's strings stay reachable from
// it, and hands it back for the next document.
func (t *yamlTree) release() {
	clear(t.nodes)
	clear(t.ptrs)
	t.nodes = t.nodes[:0]
	yamlTrees.Put(t)
}

// quickYAML builds the node tree that yaml.Unmarshal builds for yml when
// yml is in a small subset of YAML, and reports whether it is. The subset
// is a block mapping of lines "key: value" at the start of their lines,
// with empty lines (or lines of spaces) between them, where
//
//   - a key is a letter followed by letters, digits, '_', '-' or '.'
//     that YAML resolves to a string;
//   - a value is empty (null), a plain scalar that starts with a letter, a
//     digit, '~' or a non-ASCII character and has no '#', no ": " and no
//     control character, a quoted scalar without backslash or line break,
//     or a one-line flow sequence "[a, b]" of such plain or quoted
//     scalars (plain ones also without ",?[]{}:");
//   - a plain scalar's tag is one that plainTag can tell.
//
// Everything else, comments included, is left to yaml.v3: ok is false.
// Lines end at "\n" only (a "\r" is a control character here), so lines
// and columns count as YAML counts them: lines, and characters.
// The nodes are made in t.
func quickYAML(yml []byte, t *yamlTree) (doc yaml.Node, ok bool) {
	if len(yml) == 0 {
		return doc, true
	}
	// Upper bounds of the nodes: a key and a value a line, an item a
	// comma and a '[' (a flow sequence's first item); and the mapping.
	lines, commas, opens := 0, 0, 0
	for _, c := range yml {
		switch c {
		case '\n':
			lines++
		case ',':
			commas++
		case '[':
			opens++
		}
	}
	if yml[len(yml)-1] != '\n' {
		lines++
	}
	src := string(yml) // values are substrings of one copy
	size := 1 + 2*lines + commas + opens
	if cap(t.nodes) < size {
		t.nodes = make([]yaml.Node, 0, size)
	}
	if len(t.ptrs) < size {
		t.ptrs = make([]*yaml.Node, size)
	}
	nodes, ptrs := t.nodes[:0], t.ptrs[:size]
	defer func() { t.nodes = nodes }() // what release clears
	content, pairs, items := ptrs[:1:1], ptrs[1:1:1+2*lines], ptrs[1+2*lines:1+2*lines]
	node := func(kind yaml.Kind, style yaml.Style, tag, value string, line, col int) *yaml.Node {
		nodes = nodes[:len(nodes)+1]
		n := &nodes[len(nodes)-1]
		n.Kind, n.Style, n.Tag, n.Value, n.Line, n.Column = kind, style, tag, value, line, col
		return n
	}
	line := 0
	firstLine := 0
	for start := 0; start < len(src); {
		line++
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		l := src[start:end]
		start = end + 1
		if strings.Trim(l, " ") == "" {
			continue
		}
		if firstLine == 0 {
			firstLine = line
		}
		// The key.
		k := 0
		for k < len(l) && k <= 64 && isKeyByte(l[k]) {
			k++
		}
		if k == 0 || k > 64 || !isLetter(l[0]) || k == len(l) || l[k] != ':' {
			return doc, false
		}
		key := l[:k]
		if plainTag(key) != "!!str" {
			return doc, false
		}
		pairs = append(pairs, node(yaml.ScalarNode, 0, "!!str", key, line, 1))
		// The value.
		j := k + 1
		for j < len(l) && l[j] == ' ' {
			j++
		}
		if j == len(l) {
			pairs = append(pairs, node(yaml.ScalarNode, 0, "!!null", "", line, k+2))
			continue
		}
		if j == k+1 {
			return doc, false // "key:value" is a scalar, not a pair
		}
		col := utf8.RuneCountInString(l[:j]) + 1
		if l[j] != '[' {
			style, tag, v, n := quickScalar(l[j:], false)
			if n == 0 || strings.Trim(l[j+n:], " ") != "" {
				return doc, false
			}
			pairs = append(pairs, node(yaml.ScalarNode, style, tag, v, line, col))
			continue
		}
		// A flow sequence.
		seq := node(yaml.SequenceNode, yaml.FlowStyle, "!!seq", "", line, col)
		pairs = append(pairs, seq)
		first := len(items)
		i := j + 1
		for {
			for i < len(l) && l[i] == ' ' {
				i++
			}
			if i < len(l) && l[i] == ']' && len(items) == first {
				i++
				break
			}
			style, tag, v, n := quickScalar(l[i:], true)
			if n == 0 {
				return doc, false
			}
			items = append(items, node(yaml.ScalarNode, style, tag, v, line, utf8.RuneCountInString(l[:i])+1))
			for i += n; i < len(l) && l[i] == ' '; i++ {
			}
			if i < len(l) && l[i] == ',' {
				i++
				continue
			}
			if i < len(l) && l[i] == ']' {
				i++
				break
			}
			return doc, false
		}
		if strings.Trim(l[i:], " ") != "" {
			return doc, false
		}
		if len(items) > first {
			seq.Content = items[first:len(items):len(items)]
		}
	}
	if firstLine == 0 {
		return doc, true // only empty lines: no document, as yaml.v3 says
	}
	root := node(yaml.MappingNode, 0, "!!map", "", firstLine, 1)
	root.Content = pairs
	content[0] = root
	return yaml.Node{Kind: yaml.DocumentNode, Line: firstLine, Column: 1, Content: content}, true
}

// quickScalar reads the scalar at the start of s, which ends at the end of
// s or, in a flow sequence (flow), before a ',' or ']'. It returns the
// scalar's style, tag and value and the bytes it takes (a plain scalar's
// trailing spaces are not taken), or n == 0 when the scalar is outside
// quickYAML's subset.
func quickScalar(s string, flow bool) (style yaml.Style, tag, value string, n int) {
	if s == "" {
		return 0, "", "", 0
	}
	switch q := s[0]; q {
	case '"', '\'':
		var quotes int // doubled single quotes, each one quote
		i := 1
		for ; ; i++ {
			if i == len(s) {
				return 0, "", "", 0
			}
			c := s[i]
			if c == q {
				if q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
					quotes++
					i++
					continue
				}
				break
			}
			if c == '\\' && q == '"' || !printable(s, &i) {
				return 0, "", "", 0
			}
		}
		if q == '"' {
			return yaml.DoubleQuotedStyle, "!!str", s[1:i], i + 1
		}
		value = s[1:i]
		if quotes > 0 {
			value = strings.ReplaceAll(value, "''", "'")
		}
		return yaml.SingleQuotedStyle, "!!str", value, i + 1
	}
	if !isLetter(s[0]) && !isDigit(s[0]) && s[0] != '~' && s[0] < utf8.RuneSelf {
		return 0, "", "", 0
	}
	i, end := 0, 0 // end is past the last byte that is not a space
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			continue
		case c == '#':
			return 0, "", "", 0
		case c == ':':
			if flow || i+1 == len(s) || s[i+1] == ' ' {
				return 0, "", "", 0
			}
		case flow && (c == ',' || c == ']'):
			goto done
		case flow && (c == '[' || c == '{' || c == '}' || c == '?'):
			return 0, "", "", 0
		case !printable(s, &i):
			return 0, "", "", 0
		}
		end = i + 1
	}
done:
	if tag = plainTag(s[:end]); tag == "" {
		return 0, "", "", 0
	}
	return 0, tag, s[:end], end
}

// printable reports whether the character at s[*i] is one that YAML reads
// as an ordinary character in a scalar, and moves *i to its last byte.
// Control characters (tab and carriage return among them) are not, nor are
// the line breaks NEL, LS and PS, nor the byte order mark, nor anything
// that is not UTF-8.
func printable(s string, i *int) bool {
	c := s[*i]
	if c < utf8.RuneSelf {
		return c >= 0x20 && c < 0x7f
	}
	r, n := utf8.DecodeRuneInString(s[*i:])
	*i += n - 1
	switch {
	case r == utf8.RuneError && n == 1:
		return false
	case r == '\u2028' || r == '\u2029' || r == '\ufeff':
		return false
	}
	return r >= 0xa0 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= 0x10ffff
}

// plainTag is the tag yaml.v3 (resolve in its resolve.go) gives a plain
// scalar s, or "" when telling it would take more than this short check:
// numbers, and timestamps other than a bare date. Its first byte decides
// what yaml.v3 tries: only '+', '-', digits, '.' and "yYnNtTfFoO~" can
// make anything but a string; of the letters only true, false and null in
// their three spellings do (not yes, no, on or off), and '~' alone; a
// sign or a '.' is left to yaml.v3; of the rest (a digit first), a string
// that starts with four digits and '-' may be a timestamp, and otherwise
// only one made of the characters of Go's integer and float syntax may be
// a number.
func plainTag(s string) string {
	if s == "" {
		return "!!null"
	}
	switch c := s[0]; {
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		switch s {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool"
		case "null", "Null", "NULL", "~":
			return "!!null"
		}
		return "!!str"
	case c == '.' || c == '+' || c == '-':
		return "" // a number, or ".inf" and the like
	case !isDigit(c):
		return "!!str"
	}
	if len(s) > 4 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3]) && s[4] == '-' {
		// yaml.v3 tries a timestamp. A bare date (digits and '-' only)
		// can be nothing else: time.Parse says whether it is one, and if
		// not it is a string, as a '-' after the first byte is in no
		// number.
		if strings.Trim(s, "0123456789-") != "" {
			return ""
		}
		if _, err := time.Parse("2006-1-2", s); err == nil {
			return "!!timestamp"
		}
		return "!!str"
	}
	// Hex digits, the base prefixes (b is a hex digit), signs, "_" and ".".
	if strings.Trim(s, "0123456789abcdefABCDEFoOxX+-_.") == "" {
		return "" // may be a number
	}
	return "!!str"
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isKeyByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_' || c == '-' || c == '.'
}
