package extract

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

var testX = New(nil)

// pub2025 is Thursday 29 May 2025, the publication date of the seed.
var pub2025 = Date{2025, 5, 29}

func extract(text string, pub Date) Result {
	return testX.Extract(Input{Text: []byte(text), Published: pub})
}

func codes(r Result) []string {
	var out []string
	for _, c := range r.Countries {
		out = append(out, c.Code)
	}
	sort.Strings(out)
	return out
}

func orgIDs(r Result) []string {
	var out []string
	for _, o := range r.Organisations {
		out = append(out, o.ID)
	}
	sort.Strings(out)
	return out
}

func personNames(r Result) []string {
	var out []string
	for _, p := range r.People {
		out = append(out, p.Name)
	}
	sort.Strings(out)
	return out
}

// checkOffsets asserts the contract of every offset in a result.
func checkOffsets(t *testing.T, text []byte, r Result) {
	t.Helper()
	in := func(start, end int) bool { return start >= 0 && start <= end && end <= len(text) }
	for _, d := range r.Dates {
		if !in(d.Offset, d.Offset+len(d.Text)) || string(text[d.Offset:d.Offset+len(d.Text)]) != d.Text {
			t.Errorf("date %q at %d does not match the input", d.Text, d.Offset)
		}
	}
	for _, q := range r.Quantities {
		if !in(q.Offset, q.Offset+len(q.Text)) || string(text[q.Offset:q.Offset+len(q.Text)]) != q.Text {
			t.Errorf("quantity %q at %d does not match the input", q.Text, q.Offset)
		}
	}
	for _, e := range r.Events {
		if !in(e.Offset, e.Offset+len(e.Text)) || string(text[e.Offset:e.Offset+len(e.Text)]) != e.Text {
			t.Errorf("event %q at %d does not match the input", e.Text, e.Offset)
		}
		if e.Sentence < 1 || e.Sentence > len(r.Sentences) {
			t.Errorf("event sentence %d out of range", e.Sentence)
		}
	}
	prev := 0
	for _, s := range r.Sentences {
		if !in(s.Start, s.End) || s.Start < prev {
			t.Errorf("sentence %v out of range or order", s)
		}
		prev = s.End
	}
	for _, m := range r.Mentions {
		if !in(m.Start, m.End) || m.Start == m.End {
			t.Errorf("mention %v out of range", m)
		}
	}
	for _, w := range r.Warnings {
		if w.Offset < 0 || w.Offset > len(text) {
			t.Errorf("warning %v out of range", w)
		}
	}
}

func TestSeed(t *testing.T) {
	text, err := os.ReadFile("testdata/seed-csto-bishkek.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := testX.Extract(Input{Text: text, Published: pub2025})
	checkOffsets(t, text, r)

	if got, want := codes(r), []string{"AF", "AM", "BY", "KG", "KZ", "RU", "TJ"}; !reflect.DeepEqual(got, want) {
		t.Errorf("countries = %v, want %v", got, want)
	}
	if got, want := orgIDs(r), []string{"csto", "isis", "taliban"}; !reflect.DeepEqual(got, want) {
		t.Errorf("organisations = %v, want %v", got, want)
	}
	for _, o := range r.Organisations {
		if o.ID == "csto" && o.Mentions < 4 {
			t.Errorf("csto mentions = %d, want 4 or more", o.Mentions)
		}
	}
	wantPeople := map[string]Person{
		"Andrey Belousov": {Title: "Defence Minister", Country: "RU", Mentions: 2},
		"Vladimir Putin":  {Title: "President", Country: "RU", Mentions: 1},
		"Emomali Rahmon":  {Title: "President", Country: "TJ", Mentions: 1},
	}
	if got := personNames(r); len(got) != len(wantPeople) {
		t.Errorf("people = %v", got)
	}
	for _, p := range r.People {
		w, ok := wantPeople[p.Name]
		if !ok {
			continue
		}
		if p.Title != w.Title || p.Country != w.Country || p.Mentions < w.Mentions {
			t.Errorf("%s: title %q country %q mentions %d, want %q %q %d+", p.Name, p.Title, p.Country, p.Mentions, w.Title, w.Country, w.Mentions)
		}
	}
	if want := []Place{{"Bishkek", "KG"}, {"Moscow", "RU"}}; !reflect.DeepEqual(r.Places, want) {
		t.Errorf("places = %v, want %v", r.Places, want)
	}
	wantQ := map[string]float64{"more than 20 radical groups": 20, "over 15,000 fighters": 15000}
	for _, q := range r.Quantities {
		if v, ok := wantQ[q.Text]; ok {
			if v != q.Value {
				t.Errorf("quantity %q = %v, want %v", q.Text, q.Value, v)
			}
			delete(wantQ, q.Text)
		}
	}
	if len(wantQ) > 0 {
		t.Errorf("missing quantities %v in %v", wantQ, r.Quantities)
	}
	type dv struct{ text, value, prec string }
	var gotD []dv
	for _, d := range r.Dates {
		v := "<nil>"
		if d.Value != nil {
			v = *d.Value
		}
		gotD = append(gotD, dv{d.Text, v, d.Precision})
	}
	wantD := []dv{
		{"on Wednesday", "2025-05-28", "day"},
		{"earlier this year", "2025", "year"},
		{"in August 2021", "2021-08", "month"},
		{"in 2026", "2026", "year"},
		{"March 2025", "2025-03", "month"},
	}
	if !reflect.DeepEqual(gotD, wantD) {
		t.Errorf("dates =\n%v\nwant\n%v", gotD, wantD)
	}
	type ev struct {
		date, status string
		must         []string
		starts       string
	}
	wantE := []ev{
		{"2025-05-28", "reported", []string{"KG", "RU"}, "He made these remarks"},
		{"2025", "reported", []string{"RU"}, "In a significant policy shift"},
		{"2021-08", "reported", []string{"TJ"}, "Since the Taliban"},
		{"2026", "planned", nil, "The initiative is expected"},
		{"2025-03", "reported", []string{"RU", "TJ"}, "Russian President Vladimir Putin"},
	}
	if len(r.Events) != len(wantE) {
		t.Fatalf("%d events, want %d: %+v", len(r.Events), len(wantE), r.Events)
	}
	for i, w := range wantE {
		e := r.Events[i]
		if e.Date != w.date || e.Status != w.status || !strings.HasPrefix(e.Text, w.starts) {
			t.Errorf("event %d = %s %s %q, want %s %s %q…", i, e.Date, e.Status, e.Text, w.date, w.status, w.starts)
		}
		for _, c := range w.must {
			if !contains(e.Countries, c) {
				t.Errorf("event %d countries %v lack %s", i, e.Countries, c)
			}
		}
	}
	if len(r.Sentences) != 13 {
		t.Errorf("%d sentences, want 13", len(r.Sentences))
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestConcurrent runs extractions in parallel (run with -race): Extract
// only reads the Extractor and pools its buffers.
func TestConcurrent(t *testing.T) {
	text, err := os.ReadFile("testdata/seed-csto-bishkek.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := testX.Extract(Input{Text: text, Published: pub2025})
	done := make(chan Result)
	for i := 0; i < 8; i++ {
		go func() {
			var r Result
			for j := 0; j < 20; j++ {
				r = testX.Extract(Input{Text: text, Published: pub2025})
			}
			done <- r
		}()
	}
	for i := 0; i < 8; i++ {
		if r := <-done; !reflect.DeepEqual(r, want) {
			t.Fatal("concurrent result differs")
		}
	}
}

func TestSentences(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Mr. Rahmon met Gen. Nazarov. They spoke.", []string{"Mr. Rahmon met Gen. Nazarov.", "They spoke."}},
		{"Sanctions hit the U.S. The ministry said so.", []string{"Sanctions hit the U.S.", "The ministry said so."}},
		{"The U.S. Army left. George W. Bush spoke.", []string{"The U.S. Army left.", "George W. Bush spoke."}},
		{"\"We agree.\" He left! Why? Because.", []string{"\"We agree.\"", "He left!", "Why?", "Because."}},
		{"Headline without a stop\nBody starts here. And ends.", []string{"Headline without a stop", "Body starts here.", "And ends."}},
		{"Soft wrapped line\nthat goes on. Second\nsentence here.\n\nNew paragraph", []string{"Soft wrapped line", "that goes on.", "Second\nsentence here.", "New paragraph"}},
		{"It rose 1.5 percent to 2,000.5 on Jan. 5 in St. Petersburg.", []string{"It rose 1.5 percent to 2,000.5 on Jan. 5 in St. Petersburg."}},
	}
	for _, c := range cases {
		r := extract(c.text, pub2025)
		var got []string
		for _, s := range r.Sentences {
			got = append(got, c.text[s.Start:s.End])
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.text, got, c.want)
		}
	}
}

// TestBlocks reads text as the loader blanks a Markdown note: markup is
// spaces, so lines start with spaces, and the blocks say where paragraphs,
// headings, list items and table cells are.
func TestBlocks(t *testing.T) {
	text := "   Week in review\n\n" +
		"  Kazakhstan  's foreign minister   Murat Nurtleu   said in\n" +
		"  Astana   on 3 June 2025 that talks would go on. He\n" +
		"gave no date for them.\n\n" +
		"  a list item without a stop\n" +
		"  another item\n\n" +
		"  Cell one   Cell two  \n"
	blocks := []string{"Week in review",
		"Kazakhstan  's foreign minister   Murat Nurtleu   said in\n  Astana   on 3 June 2025 that talks would go on. He\ngave no date for them.",
		"a list item without a stop", "another item", "Cell one", "Cell two"}
	var spans []Span
	at := 0
	for _, b := range blocks {
		i := strings.Index(text[at:], b)
		if i < 0 {
			t.Fatalf("block %q not in text", b)
		}
		spans = append(spans, Span{at + i, at + i + len(b)})
		at += i + len(b)
	}
	want := []string{"Week in review",
		"Kazakhstan  's foreign minister   Murat Nurtleu   said in\n  Astana   on 3 June 2025 that talks would go on.",
		"He\ngave no date for them.",
		"a list item without a stop", "another item", "Cell one", "Cell two"}
	// Blocks given in any order, with junk among them, mean the same.
	shuffled := append([]Span{{-4, 2}, {len(text) - 1, len(text) + 9}, {7, 7}}, spans...)
	slices.Reverse(shuffled)
	for _, bs := range [][]Span{spans, shuffled} {
		in := Input{Text: []byte(text), Published: pub2025, Blocks: bs}
		r := testX.Extract(in)
		checkOffsets(t, in.Text, r)
		var got []string
		for _, s := range r.Sentences {
			got = append(got, text[s.Start:s.End])
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("sentences:\n got %q\nwant %q", got, want)
		}
		if len(r.Events) != 1 || r.Events[0].Date != "2025-06-03" || r.Events[0].Sentence != 2 ||
			!reflect.DeepEqual(r.Events[0].Countries, []string{"KZ"}) {
			t.Errorf("events = %+v, want one on 2025-06-03 in sentence 2 with KZ", r.Events)
		}
		if got := personNames(r); !reflect.DeepEqual(got, []string{"Murat Nurtleu"}) {
			t.Errorf("people = %v", got)
		}
	}
	// Without blocks, the lines that start with blanked markup read as
	// indented lines and cut the sentence: what Blocks is for.
	r := testX.Extract(Input{Text: []byte(text), Published: pub2025})
	if len(r.Sentences) <= len(want) {
		t.Errorf("without blocks: %d sentences, want the paragraph cut into more", len(r.Sentences))
	}
}

func TestEventDate(t *testing.T) {
	cases := []struct{ text, date, status string }{
		{"The law, adopted by the Kyrgyz parliament in January, takes effect on June 6.", "2025-06-06", "planned"},
		{"Since 2021, Tajikistan has hosted drills on 12 May 2025.", "2025-05-12", "reported"},
		{"DUSHANBE, May 28 (Reuters) - Rahmon will visit Moscow on Friday.", "2025-05-30", "planned"},
		{"Kazakhstan joined in 1992.", "1992", "reported"},
		{"Uzbekistan hopes to join by 2030.", "2030", "planned"},
		{"Russia said later this year it would send troops.", "2025", "planned"},
	}
	for _, c := range cases {
		r := extract(c.text, pub2025)
		if len(r.Events) != 1 || r.Events[0].Date != c.date || r.Events[0].Status != c.status {
			t.Errorf("%q: events %+v, want one on %s %s", c.text, r.Events, c.date, c.status)
		}
	}
	// A dateline alone is no event.
	if r := extract("MOSCOW, May 28.\nThe Kremlin was silent.", pub2025); len(r.Events) != 0 {
		t.Errorf("dateline event: %+v", r.Events)
	}
}

// fmtDate is Date.String as fmt makes it, to hold the fast one to.
func fmtDate(d Date) string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
}

func TestISODate(t *testing.T) {
	for _, d := range []Date{{2025, 5, 28}, {2025, 5, 0}, {2025, 0, 0}, {999, 1, 2}, {1, 12, 31}, {},
		{9999, 99, 99}, {10000, 0, 0}, {-3, 1, 0}, {2025, 0, 3}, {2025, 100, 0}, {2025, -1, 0}, {2025, 1, -1},
		{7, 0, 0}, {12345, 1, 2}, {2025, 13, 40}, {-4, 1, 0}, {99, 100, 0}} {
		if got, want := d.String(), fmtDate(d); got != want {
			t.Errorf("%+v.String() = %q, want %q", d, got, want)
		}
		if got, want := string(d.AppendISO([]byte("x"))), "x"+fmtDate(d); got != want {
			t.Errorf("%+v.AppendISO = %q, want %q", d, got, want)
		}
	}
}
