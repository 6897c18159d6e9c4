package load

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"brief/generator/diag"
)

// sameAsYAML checks that quickYAML, when it takes src, builds the tree that
// yaml.Unmarshal builds: every field of every node (reflect.DeepEqual
// follows Content and Alias, and tells a nil Content from an empty one).
func sameAsYAML(t *testing.T, src []byte) (taken bool) {
	t.Helper()
	got, ok := quickYAML(src, new(yamlTree))
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(src, &want); err != nil {
		t.Fatalf("%q: taken, but yaml.v3 says: %v", src, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: tree differs from yaml.v3's\n got:\n%s\nwant:\n%s", src, dumpNode(&got), dumpNode(&want))
	}
	return true
}

func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, indent string)
	walk = func(n *yaml.Node, indent string) {
		fmt.Fprintf(&b, "%skind %d style %d tag %q value %q anchor %q alias %v at %d:%d comments %q %q %q content nil %v\n",
			indent, n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.Alias != nil, n.Line, n.Column,
			n.HeadComment, n.LineComment, n.FootComment, n.Content == nil)
		for _, c := range n.Content {
			walk(c, indent+"  ")
		}
	}
	walk(n, "")
	return b.String()
}

// quickYAMLCases are inputs of the table test and seeds of the fuzz
// target: whether quickYAML takes each, and when it does, its tree is
// yaml.v3's.
var quickYAMLCases = []struct {
	src   string
	taken bool
}{
	{"", true},
	{"\n\n", true},
	{"  \n", true},
	{"title: \"Iran and Syria discuss joint military exercises\"\ndate: 2017-05-31\npublished: 2017-05-31\ncountries: [IR, SY]\n", true},
	{"title: A note\npublished: 2025-05-29\nsource: https://example.org/a?b=c&d\n", true},
	{"kind: org\nid: csto\nname: Collective Security Treaty Organisation\naliases: [CSTO, Collective Security Treaty Organization, ODKB]\nmembers: [AM, BY, KZ, KG, RU, TJ]\n", true},
	{"\n\na: x\nb:\nc:   \n\nd: []\n", true},
	{"a: [ x , 'y' ,\"z\"]  \nb: 'it''s'\nc: \"it's #1\"   \n", true},
	{"title: Café in Dushanbe\ntags: [ünïcode, 日本, b]\nsource: \"naïve ☃\"\n", true},
	{"draft: true\nx: False\ny: NULL\nz: ~\nw: yes\nv: no\nu: on\nt: off\ns: Y\nr: n\n", true},
	{"a: 2017-02-30\nb: 2017-5-3\nc: 2017-05-31-\nd: 2017-\n", true},
	{"c: 2017-05-31-x\n", false},
	{"e: 20170-05-31\n", false},
	{"t: ~x\nu: ~ \n", true},
	{"a: 15,000 militants\nb: 2024 elections\nc: 1st of May\nd: 3 a.m.\n", true},
	{"a: b\n\n\n", true},
	{"a: b\na: c\n", true},
	{"a: b  c\u00a0\nb: \u00a0\nc: [\u00a0x, y\u00a0 ]\n", true},
	{"a: b\n   \nc:\n  \nd: e\n", true},
	{"a: b", true},
	{"a:", true},
	{"a.b_c-d: x\n", true},
	{"title: a - b [c] {d} 'e' \"f\" | > * & ! % @ ` ?\n", true},
	{"title: https://example.org/#x\n", false}, // '#' anywhere in a plain scalar
	{"title: x # comment\n", false},
	{"# comment\ntitle: x\n", false},
	{"title: x\n  continued\n", false},
	{"title: >-\n  folded\n", false},
	{"events:\n  - date: 2025-01-01\n    title: x\n", false},
	{"a: 1\n", false},
	{"a: 0x1F\n", false},
	{"a: .inf\n", false},
	{"a: -5\n", false},
	{"a: 1e3\n", false},
	{"a: 2025-05-29T10:00:00Z\n", false},
	{"a: 2025-05-29 10:00:00\n", false},
	{"a: \"esc\\\"aped\"\n", false},
	{"a: \"unclosed\n", false},
	{"a: 'unclosed\n", false},
	{"a: [x, y\n", false},
	{"a: [x, , y]\n", false},
	{"a: [x, y,]\n", false},
	{"a: [x: y]\n", false},
	{"a: [[x]]\n", false},
	{"a: [0?]\n", false},
	{"a: [x?y, z]\n", false},
	{"a: x?y\n", true},
	{"a: [x] y\n", false},
	{"a: \"x\" y\n", false},
	{"a: b: c\n", false},
	{"a: b:\n", false},
	{"a:b\n", false},
	{"a : b\n", false},
	{"true: x\n", false},
	{"1: x\n", false},
	{" a: b\n", false},
	{"a:\tb\n", false},
	{"a: b\r\n", false},
	{"a: b\u2028c: d\n", false},
	{"a: b\u0085\n", false},
	{"a: \ufeffb\n", false},
	{"a: b\x7f\n", false},
	{"a: \xff\n", false},
	{"a: &x b\nc: *x\n", false},
	{"a: !!str 1\n", false},
	{"- a\n- b\n", false},
	{"a\n", false},
	{"---\na: b\n", false},
	{"a: b\n...\n", false},
	{"{a: b}\n", false},
	{"? a\n: b\n", false},
	{"a: -b\n", false},
	{"a: 'x'\n" + strings.Repeat("k", 65) + ": v\n", false},
}

func TestQuickYAML(t *testing.T) {
	for _, tt := range quickYAMLCases {
		if taken := sameAsYAML(t, []byte(tt.src)); taken != tt.taken {
			t.Errorf("%q: taken %v, want %v", tt.src, taken, tt.taken)
		}
	}
}

// TestPlainTag holds plainTag to yaml.v3's resolution of the same plain
// scalars, and checks that it leaves numbers and times to yaml.v3.
func TestPlainTag(t *testing.T) {
	for _, tt := range []struct{ s, tag string }{
		{"", "!!null"}, {"~", "!!null"}, {"null", "!!null"}, {"Null", "!!null"}, {"NULL", "!!null"}, {"nULL", "!!str"},
		{"true", "!!bool"}, {"True", "!!bool"}, {"TRUE", "!!bool"}, {"tRUE", "!!str"}, {"false", "!!bool"}, {"FALSE", "!!bool"},
		{"yes", "!!str"}, {"no", "!!str"}, {"on", "!!str"}, {"off", "!!str"}, {"y", "!!str"}, {"NO", "!!str"}, {"Off", "!!str"},
		{"2017-05-31", "!!timestamp"}, {"2017-5-3", "!!timestamp"}, {"2017-02-29", "!!str"}, {"2016-02-29", "!!timestamp"},
		{"2017-13-01", "!!str"}, {"2017-05-31-", "!!str"}, {"0000-01-01", "!!timestamp"}, {"2017--05", "!!str"},
		{"2017-05-31T10:00:00Z", ""}, {"2017-05-31 10:00", ""}, {"20170-05-31", ""},
		{"1", ""}, {"-1", ""}, {"+1", ""}, {"0x1f", ""}, {"0o17", ""}, {"0b101", ""}, {"1_000", ""}, {"1e3", ""},
		{"1.5", ""}, {".5", ""}, {".inf", ""}, {"-.inf", ""}, {".nan", ""}, {"-", ""}, {"+", ""}, {"0xfg", "!!str"},
		{"15,000", "!!str"}, {"1 2", "!!str"}, {"-x", ""}, {"+.inf", ""}, {"2024 elections", "!!str"}, {"3rd", "!!str"},
		{"IR", "!!str"}, {"TJ", "!!str"}, {"abc", "!!str"}, {"Café", "!!str"}, {"é", "!!str"}, {"<<", "!!str"},
	} {
		got := plainTag(tt.s)
		if got != tt.tag {
			t.Errorf("plainTag(%q) = %q, want %q", tt.s, got, tt.tag)
			continue
		}
		if got == "" || tt.s == "<<" {
			continue // "<<" is never a plain scalar that quickYAML reads
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte("k: "+tt.s+"\n"), &doc); err != nil {
			t.Fatalf("%q: %v", tt.s, err)
		}
		if v := doc.Content[0].Content[1]; v.Tag != got {
			t.Errorf("plainTag(%q) = %q, yaml.v3 says %q", tt.s, got, v.Tag)
		}
	}
}

// corpusFrontMatter is the front matter of a note of the synthetic
// briefing the benchmarks use.
const corpusFrontMatter = "title: \"Kazakhstan and Armenia discuss refugee flows from the south\"\ndate: 2022-06-15\npublished: 2022-06-15\ncountries: [KZ, AM]\n"

// FuzzQuickYAML checks that whatever quickYAML takes, it reads as yaml.v3
// does: the same tree, every field of every node. Seeds are the table
// test's inputs, the front matter of the bundled site's files and of a
// corpus note, and testdata/fuzz/FuzzQuickYAML.
func FuzzQuickYAML(f *testing.F) {
	for _, tt := range quickYAMLCases {
		f.Add([]byte(tt.src))
	}
	f.Add([]byte(corpusFrontMatter))
	files, _ := filepath.Glob("../../content/*/*.md")
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if yml, _, _, ok, _ := splitFrontMatter(raw); ok {
			f.Add(yml)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsYAML(t, src)
		// A line break at the end changes nothing.
		if !bytes.HasSuffix(src, []byte("\n")) {
			sameAsYAML(t, append(src[:len(src):len(src)], '\n'))
		}
	})
}

// TestQuickYAMLContent checks that the bundled site's front matter that
// quickYAML takes is read as yaml.v3 reads it, and that it takes the
// notes' front matter of the synthetic briefing.
func TestQuickYAMLContent(t *testing.T) {
	files, err := filepath.Glob("../../content/*/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no content files: %v", err)
	}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if yml, _, _, ok, _ := splitFrontMatter(raw); ok {
			sameAsYAML(t, yml)
		}
	}
	if !sameAsYAML(t, []byte(corpusFrontMatter)) {
		t.Errorf("the corpus note's front matter is left to yaml.v3")
	}
}

// BenchmarkFrontMatter reads a corpus note's front matter: decodeYAML (the
// subset's reader), yaml.v3 alone, and the whole of parseFrontMatter.
func BenchmarkFrontMatter(b *testing.B) {
	yml := []byte(corpusFrontMatter)
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, t, err := decodeYAML(yml)
			if err != nil {
				b.Fatal(err)
			}
			t.release()
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var doc yaml.Node
			if err := yaml.Unmarshal(yml, &doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var ds diag.List
			if fm := parseFrontMatter("notes/x.md", yml, 2, fmNote, &ds); fm.Title == "" || len(ds) > 0 {
				b.Fatalf("%+v %v", fm, ds)
			}
		}
	})
}

// TestQuickYAMLGenerated builds front matter from pieces near the edges of
// quickYAML's subset (keys, separators, scalars YAML may resolve to other
// types, quoting, flow lists, line ends) and checks every one it takes
// against yaml.v3, as FuzzQuickYAML does for mutated bytes.
func TestQuickYAMLGenerated(t *testing.T) {
	keys := []string{"a", "title", "date", "y", "n", "on", "null", "Null", "true", "~", "1", "a b", "a.b", "a-", "-a", "é", "<<", "? a", "a_1", strings.Repeat("k", 64), strings.Repeat("k", 65)}
	seps := []string{": ", ":", ":  ", " : ", ":\t", ": \t"}
	scalars := []string{
		"x", "A note", "2017-05-31", "2017-5-31", "2017-02-29", "2016-02-29", "2017-13-01", "2017-05-31x", "2017-05-31 ", "0000-00-00",
		"true", "True", "tRUE", "yes", "No", "off", "null", "NULL", "~", "~x", "", " ",
		"1", "01", "0x10", "0o17", "0b1", "1_000", "1e3", "15,000", "1 000", "-5", "+5", ".5", "5.", ".inf", "-.inf", ".nan", "12a", "3rd",
		"2017-05-31T10:00:00Z", "2017-05-31 10:00:00", "2017-05-31t10:00:00Z",
		"a:b", "a: b", "a:", "a #b", "a#b", "#a", "a ?b", "a?b", "a,b", "a [b]", "a{b}", "a]b", "a - b", "-a", "- a", "?a", "? a", ":a",
		"é", "日本", "a\u00a0", "\u00a0a", "a\u2028b", "a\u0085", "a\ufeff", "a\uFFFD", "a\U0001F600", "a\x7f", "a\xff", "a\tb", "a\rb",
		"a'b", "a\"b", "'a'", "'a''b'", "'a'b", "'a", "''", "\"a\"", "\"a'b\"", "\"a\\\"b\"", "\"a\\nb\"", "\"\"", "\"a\" ", "\"a\"b", "\"a#b\"", "\"a: b\"",
		"&x a", "*x", "!!str a", "!x a", "|", "|-", ">", "> x", "@a", "`a`", "%a", "a  b", "a   ",
		"<<", "=", "https://example.org/a?b=c", "seeds/2025-05-29-x.txt",
	}
	lists := []string{"[", "[]", "[ ]", "[,]", "]", "[[a]]", "[{a: b}]"}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	// Most pieces are the first of their list, which quickYAML takes,
	// so that a front matter of several lines is often taken as a whole.
	likely := func(s []string) string {
		if rng.IntN(3) > 0 {
			return s[0]
		}
		return pick(s)
	}
	value := func() string {
		if rng.IntN(4) > 0 {
			return pick(scalars[:rng.IntN(len(scalars))+1])
		}
		if rng.IntN(5) == 0 {
			return pick(lists)
		}
		var b strings.Builder
		b.WriteString(pick([]string{"[", "[ ", "[  "}))
		for i := rng.IntN(4); i >= 0; i-- {
			b.WriteString(pick(scalars[:rng.IntN(len(scalars))+1]))
			if i > 0 {
				b.WriteString(pick([]string{", ", ",", " , ", " ,", ",  "}))
			}
		}
		b.WriteString(pick([]string{"]", " ]", ",]", "] ", "]x", "] #c"}))
		return b.String()
	}
	taken := 0
	const n = 50000
	for range n {
		var b strings.Builder
		for i := rng.IntN(5); i >= 0; i-- {
			switch rng.IntN(20) {
			case 0:
				b.WriteString(pick([]string{"\n", "  \n", "# c\n", "  x\n", "- a\n", "---\n", "...\n", "\t\n"}))
			default:
				b.WriteString(likely(keys))
				b.WriteString(likely(seps))
				b.WriteString(value())
				b.WriteString(likely([]string{"\n", "  \n", "\r\n", " # c\n", ""}))
			}
		}
		if sameAsYAML(t, []byte(b.String())) {
			taken++
		}
	}
	if taken < n/20 {
		t.Errorf("quickYAML took %d of %d generated front matters: the test no longer tries its subset", taken, n)
	}
}
