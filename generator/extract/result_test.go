package extract

import (
	"math/rand"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// inText reports whether s lies in text's memory.
func inText(s, text string) bool {
	if len(s) == 0 || len(text) == 0 {
		return false
	}
	p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(text)))
	return p >= lo && p < lo+uintptr(len(text))
}

// TestDetach: after detach no string of a Result points into the text,
// every string keeps its value, and pieces that overlap in the text (a
// sentence and the figure in it) share one copy.
func TestDetach(t *testing.T) {
	text := strings.Repeat("Olga Petrova said 9000 fighters remain active in Tajikistan. ", 3)
	sentence := text[:60]
	name := text[:12]
	figure := text[18:31]
	unit := text[23:31]
	other := "not from the text"
	r := Result{
		People:     []Person{{Name: name, Canonical: name, Title: other}},
		Quantities: []Quantity{{Text: figure, Unit: unit}, {Text: text[79:92], Unit: text[84:92]}},
		Dates:      []DateMention{{Text: text[120:124]}},
		Events:     []Event{{Text: sentence, People: []string{name}, Countries: []string{"TJ"}}},
		Mentions:   []Mention{{ID: name}, {ID: name}, {ID: "TJ"}},
		Warnings:   []Warning{{Message: text[5:12]}},
	}
	want := Result{
		People:     []Person{{Name: name, Canonical: name, Title: other}},
		Quantities: []Quantity{{Text: figure, Unit: unit}, {Text: text[79:92], Unit: text[84:92]}},
		Dates:      []DateMention{{Text: text[120:124]}},
		Events:     []Event{{Text: sentence, People: []string{name}, Countries: []string{"TJ"}}},
		Mentions:   []Mention{{ID: name}, {ID: name}, {ID: "TJ"}},
		Warnings:   []Warning{{Message: text[5:12]}},
	}
	detach(&r, text, nil, false)
	if !reflect.DeepEqual(r, want) {
		t.Fatalf("values changed:\n got %+v\nwant %+v", r, want)
	}
	for _, s := range []string{r.People[0].Name, r.People[0].Canonical, r.Quantities[0].Text, r.Quantities[0].Unit,
		r.Quantities[1].Text, r.Quantities[1].Unit, r.Dates[0].Text, r.Events[0].Text, r.Events[0].People[0],
		r.Mentions[0].ID, r.Mentions[1].ID, r.Warnings[0].Message} {
		if inText(s, text) {
			t.Errorf("%q still points into the text", s)
		}
	}
	// The sentence holds the name and the first figure: they are parts of
	// its copy.
	if !inText(r.People[0].Name, r.Events[0].Text) || !inText(r.Quantities[0].Unit, r.Events[0].Text) {
		t.Errorf("overlapping pieces were copied apart")
	}
	if r.People[0].Title != other || unsafe.StringData(r.People[0].Title) != unsafe.StringData(other) {
		t.Errorf("a string from elsewhere was copied")
	}
}

// TestResultOwnsItsText: a Result does not change when the caller reuses
// the memory of the text it was read from.
func TestResultOwnsItsText(t *testing.T) {
	wire, err := os.ReadFile("testdata/wire-sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, lean := range []bool{false, true} {
		for _, packed := range []bool{false, true} {
			var kept, wants []Result
			for _, in := range append(noteInputs(5), Input{Text: wire, Published: pub2025}) {
				in.Lean, in.Packed = lean, packed
				text := append([]byte(nil), in.Text...)
				want := testX.Extract(Input{Text: append([]byte(nil), text...), Published: in.Published, Blocks: in.Blocks, Lean: lean})
				got := testX.Extract(in)
				for i := range in.Text {
					in.Text[i] = 'x'
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("lean %v, packed %v: the result changed with its input's memory", lean, packed)
				}
				kept, wants = append(kept, got), append(wants, want)
			}
			// Packed results share memory: none may write over another's.
			if !reflect.DeepEqual(kept, wants) {
				t.Fatalf("lean %v, packed %v: a later result changed an earlier one", lean, packed)
			}
		}
	}
}

// TestDetachPacked: packed, the text of small Results lies together in
// one chunk, each piece where detach put it; a large Result's text and an
// unpacked Result's have memory of their own.
func TestDetachPacked(t *testing.T) {
	b := new(buffers)
	detached := func(text string, packed bool) Result {
		r := Result{Events: []Event{{Text: text[:len(text)/2]}}, People: []Person{{Name: text[len(text)/2:]}}}
		detach(&r, text, b, packed)
		if r.Events[0].Text+r.People[0].Name != text {
			t.Fatalf("detach changed %q into %q + %q", text, r.Events[0].Text, r.People[0].Name)
		}
		return r
	}
	at := func(s string) uintptr { return uintptr(unsafe.Pointer(unsafe.StringData(s))) }
	first := detached("Olga Petrova visited Dushanbe.", true)
	second := detached("Troops massed near the border.", true)
	if at(second.Events[0].Text) != at(first.Events[0].Text)+uintptr(len(first.Events[0].Text)+len(first.People[0].Name)) {
		t.Errorf("two small packed results do not lie one after the other")
	}
	if first.Events[0].Text != "Olga Petrova vi" || first.People[0].Name != "sited Dushanbe." {
		t.Errorf("the second result wrote over the first: %q %q", first.Events[0].Text, first.People[0].Name)
	}
	chunk := func() string { return unsafe.String(unsafe.SliceData(b.packs.text), cap(b.packs.text)) }
	if !inText(first.People[0].Name, chunk()) {
		t.Errorf("a small packed result's text is not in the chunk")
	}
	if r := detached(strings.Repeat("a", packChunk/8+2), true); inText(r.Events[0].Text, chunk()) {
		t.Errorf("a large result's text went into the chunk")
	}
	if r := detached("Kept on its own.", false); inText(r.Events[0].Text, chunk()) {
		t.Errorf("an unpacked result's text went into the chunk")
	}
	// The first two results leave room for seven of an eighth of a chunk:
	// the eighth starts another chunk.
	for range 8 {
		detached(strings.Repeat("b", packChunk/8), true)
	}
	if len(b.packs.text) != packChunk/8 || cap(b.packs.text) != packChunk {
		t.Errorf("after a full chunk: %d bytes used of %d, want %d of %d", len(b.packs.text), cap(b.packs.text), packChunk/8, packChunk)
	}
}

// TestDetachArena: a string of a Result that points into the tokenizer's
// arena, which the next document writes again, gets a copy of its own.
func TestDetachArena(t *testing.T) {
	b := new(buffers)
	b.doc.arena = append(make([]byte, 0, 64), "csto"...)
	in := unsafe.String(&b.doc.arena[0], 4)
	r := Result{Organisations: []Organisation{{ID: in, Name: "Collective Security Treaty Organisation"}}}
	detach(&r, "", b, false)
	copy(b.doc.arena, "xxxx")
	if r.Organisations[0].ID != "csto" {
		t.Errorf("the id changed with the arena: %q", r.Organisations[0].ID)
	}
}

// TestCarve: packed, lists are carved one after the other from a chunk
// of packChunk bytes, each with room for exactly what was asked; a list
// of more than an eighth of a chunk, and any list unpacked, has an array
// of its own.
func TestCarve(t *testing.T) {
	each := packLen[Span]()
	var chunk []Span
	if l := carve(&chunk, 0, true); l == nil {
		t.Errorf("an empty list carved before any chunk is nil: its JSON would be null")
	}
	a := carve(&chunk, 3, true)
	b := carve(&chunk, 2, true)
	if len(a) != 0 || cap(a) != 3 || len(b) != 0 || cap(b) != 2 || cap(chunk) != each {
		t.Fatalf("carved len %d cap %d and len %d cap %d from a chunk of %d, want 0 3, 0 2 from %d", len(a), cap(a), len(b), cap(b), cap(chunk), each)
	}
	a = append(a, Span{1, 2}, Span{3, 4}, Span{5, 6})
	b = append(b, Span{7, 8})
	if &a[:3][2] != &chunk[2] || &b[:1][0] != &chunk[3] || a[2] != (Span{5, 6}) {
		t.Errorf("the lists are not the chunk's first elements, in order")
	}
	if l := carve(&chunk, each/8+1, true); &l[:1][0] == &chunk[:cap(chunk)][len(chunk)] || len(chunk) != 5 {
		t.Errorf("a long list was carved from the chunk")
	}
	if l := carve(&chunk, 1, false); &l[:1][0] == &chunk[:cap(chunk)][len(chunk)] || len(chunk) != 5 {
		t.Errorf("an unpacked list was carved from the chunk")
	}
	first := &chunk[0]
	for range 8 {
		carve(&chunk, each/8, true)
	}
	if &chunk[0] == first || len(chunk) != each/8 {
		t.Errorf("a full chunk did not give way to a new one: %d used of %d", len(chunk), cap(chunk))
	}
}

// TestReport: a Report gives back the lists of the Event it was made of,
// and SetPeople changes its people alone, never the list that another
// Report shares.
func TestReport(t *testing.T) {
	for _, e := range []Event{
		{Date: "2025-05-28", Status: "planned", Text: "CSTO ministers met.", Sentence: 3, Offset: 120,
			Countries: []string{"KG", "RU"}, Organisations: []string{"csto"}, People: []string{"Andrey Belousov", "Emomali Rahmon"}},
		{Date: "2025", End: "2026", Status: "reported", Countries: []string{"TJ"}},
		{Date: "2024-02", End: "2024-03-04", Text: "From February to 4 March."},
		{Date: "2025-05-28", End: "2025-06-03"},
		{Date: "2025", End: "2025-06"},
		{Date: "2025-05", Organisations: []string{"sco", "csto"}},
		{Date: "2025-05", People: []string{"Vladimir Putin"}},
		{Date: "2025-05"},
	} {
		r := ReportOf(&e)
		if r.Date() != e.Date || r.End() != e.End || r.Text != e.Text || int(r.Sentence) != e.Sentence || int(r.Offset) != e.Offset || r.Planned != (e.Status == "planned") {
			t.Errorf("%+v: report %+v", e, r)
		}
		for _, l := range []struct {
			name      string
			got, want []string
		}{
			{"countries", r.Countries(), e.Countries},
			{"organisations", r.Organisations(), e.Organisations},
			{"people", r.People(), e.People},
		} {
			if !slices.Equal(l.got, l.want) {
				t.Errorf("%+v: %s %q, want %q", e, l.name, l.got, l.want)
			}
		}
		shared := r
		r.SetPeople([]string{"Ann Smith"})
		if !slices.Equal(r.People(), []string{"Ann Smith"}) || !slices.Equal(r.Countries(), e.Countries) || !slices.Equal(r.Organisations(), e.Organisations) {
			t.Errorf("%+v: after SetPeople: %q %q %q", e, r.Countries(), r.Organisations(), r.People())
		}
		if !slices.Equal(shared.People(), e.People) || !slices.Equal(shared.Countries(), e.Countries) {
			t.Errorf("%+v: SetPeople changed a copy's lists: %q %q", e, shared.Countries(), shared.People())
		}
	}
}

// TestMergeMentions compares the in-place merge with a plain one on random
// runs with ties, empty runs and runs longer than its room on the stack.
func TestMergeMentions(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	run := func(n int, kind string) []Mention {
		m := make([]Mention, n)
		at := 0
		for i := range m {
			at += r.Intn(3)
			m[i] = Mention{Start: at, End: at + 1, Kind: kind, ID: strconv.Itoa(i)}
		}
		return m
	}
	for round := range 500 {
		a, b := run(r.Intn(60), KindCountry), run(r.Intn(3+round%50), KindDate)
		var want []Mention
		i, j := 0, 0
		for i < len(a) || j < len(b) {
			if j < len(b) && (i == len(a) || b[j].Start < a[i].Start) {
				want = append(want, b[j])
				j++
			} else {
				want = append(want, a[i])
				i++
			}
		}
		got := append(append([]Mention(nil), a...), b...)
		mergeMentions(got, len(a))
		if !slices.Equal(got, want) {
			t.Fatalf("merge of %v and %v:\n got %v\nwant %v", a, b, got, want)
		}
	}
}

// TestLean: a lean Result is the full one without its Dates, without its
// places and without the mentions of anything but countries.
func TestLean(t *testing.T) {
	wire, err := os.ReadFile("testdata/wire-sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile("testdata/seed-csto-bishkek.txt")
	if err != nil {
		t.Fatal(err)
	}
	ins := append(noteInputs(20), Input{Text: wire, Published: pub2025}, Input{Text: seed, Published: pub2025}, Input{Text: seed})
	for k, in := range ins {
		want := leaned(testX.Extract(in))
		in.Lean = true
		got := testX.Extract(in)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("input %d: the lean result differs:\n got %+v\nwant %+v", k, got, want)
		}
	}
}
