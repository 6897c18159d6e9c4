package extract

import (
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// TestEventMergerMatchesSameEvent checks the indexed merger against the
// plain definition: each event joins the first earlier group, of another
// owner, whose first event SameEvent accepts and whose people so far, if
// any, share one with the event's.
func TestEventMergerMatchesSameEvent(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	dates := []string{"2025", "2025-05", "2025-05-28", "2021-08"}
	countries := []string{"AF", "TJ", "RU", "KG"}
	orgs := []string{"csto", "taliban"}
	people := []string{"Vladimir Putin", "Emomali Rahmon"}
	words := []string{"ministers", "met", "border", "talks", "weapons", "supply", "meeting", "Bishkek", "warned", "threat", "fighters", "militants"}
	pick := func(xs []string) []string {
		var out []string
		for _, x := range xs {
			if r.Intn(3) == 0 {
				out = append(out, x)
			}
		}
		return out
	}
	for round := 0; round < 50; round++ {
		var events []Event
		var owners []int
		for i := 0; i < 60; i++ {
			text := ""
			for k := 0; k < 4+r.Intn(4); k++ {
				text += words[r.Intn(len(words))] + " "
			}
			events = append(events, Event{Date: dates[r.Intn(len(dates))], Text: text,
				Countries: pick(countries), Organisations: pick(orgs), People: pick(people)})
			owners = append(owners, r.Intn(5))
		}
		var m EventMerger
		groups := 0
		for i, want := range referenceGroups(events, owners, func(f, i int) bool { return SameEvent(events[f], events[i]) }) {
			got, isNew := m.Add(events[i], owners[i])
			checkGroup(t, round, i, got, isNew, want, &groups)
		}
	}
}

func TestSameEventDisjointEntities(t *testing.T) {
	a := Event{Date: "2025-05-26", Text: "Russia held talks on Monday.", Countries: []string{"RU"}}
	b := Event{Date: "2025-05-26", Text: "China held talks on Monday.", Countries: []string{"CN"}}
	if SameEvent(a, b) {
		t.Error("events with disjoint entities merged")
	}
	c := Event{Date: "2025-05-26", Text: "Russian officials held talks on Monday in Moscow.", Countries: []string{"RU"}}
	if !SameEvent(a, c) {
		t.Error("the same talks reported twice did not merge")
	}
}

// TestMergeKeySimilarity checks that comparing merge keys, which walk
// the words in hash order, gives exactly the Jaccard similarity of the
// word sets.
func TestMergeKeySimilarity(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	words := []string{"border", "talks", "weapons", "supply", "meeting", "bishkek", "warned", "threat", "2021", "15,000"}
	text := func() string {
		s := ""
		for k := r.Intn(6); k > 0; k-- {
			s += words[r.Intn(len(words))] + " the "
		}
		return s
	}
	for i := 0; i < 2000; i++ {
		a, b := text(), text()
		want := jaccardSorted(contentWords(a, "2025"), contentWords(b, "2025"))
		ka, kb := MergeKeyOf(Event{Text: a, Date: "2025"}), MergeKeyOf(Event{Text: b, Date: "2025"})
		got := ka.similarity(&kb)
		if got != want {
			t.Fatalf("%q vs %q: similarity %v, want %v", a, b, got, want)
		}
	}
}

// TestYearEventsAcrossDocuments: two documents that date a report by its
// year alone must agree more than two that give the day; a note and the
// article it annotates (one document) are held to the lenient rule.
func TestYearEventsAcrossDocuments(t *testing.T) {
	welcomed := func(date, what string) Event {
		return Event{Date: date, Countries: []string{"AM"}, Text: "The Armenian government said it welcomed " + what + " since 2024."}
	}
	a, b := welcomed("2024", "border demarcation"), welcomed("2024", "the security of critical infrastructure")
	if SameEvent(a, b) {
		t.Error("two statements of one government in one year merged")
	}
	// The words of the date expression say nothing: both have the date.
	c := Event{Date: "2024", Countries: []string{"US"}, Text: "The American government said it condemned militant activity along the border earlier this year."}
	d := Event{Date: "2024", Countries: []string{"US"}, Text: "The American government said it condemned drug trafficking routes earlier this year."}
	if SameEvent(c, d) {
		t.Error("two statements merged on the words of their date")
	}
	a.Date, b.Date = "2024-05-02", "2024-05-02"
	if !SameEvent(a, b) {
		t.Error("on one day, the two statements should still read as one event")
	}

	article := Event{Date: "2025", Countries: []string{"RU"}, Organisations: []string{"taliban"},
		Text: "In a significant policy shift, Russia's Supreme Court earlier this year approved the removal of the Taliban from its official list of terrorist organisations."}
	note := Event{Date: "2025", Countries: []string{"RU"}, Organisations: []string{"taliban"},
		Text: "The Taliban's changing standing in Moscow, after Russia's Supreme Court removed the movement from the national list of terrorist organisations earlier in 2025."}
	for _, c := range []struct {
		noteDoc int
		merged  bool
	}{{1, true}, {2, false}} {
		var m EventMerger
		a, n := ReportOf(&article), ReportOf(&note)
		m.AddKeyed(&a, MergeKeyOf(article), 1, 1)
		g, isNew := m.AddKeyed(&n, MergeKeyOf(note), 2, c.noteDoc)
		if merged := !isNew && g == 0; merged != c.merged {
			t.Errorf("note in document %d: merged %v, want %v", c.noteDoc, merged, c.merged)
		}
	}
}

// TestEventMergerMatchesReference checks the merger against the plain
// definition on dates with many events, where it rules out most groups
// by the sizes and hashes of their words (see mayReach): each event joins the first earlier group, in
// order of creation, whose first event is of another owner, passes
// sameEvent with the word similarity of the two texts (the lenient rules
// when both are of one document), and whose people so far, if any, share
// one with the event's. Owners are parts of documents; words are drawn
// unevenly, so that some are common and others rare, and some texts have
// no content words at all.
func TestEventMergerMatchesReference(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	dates := []string{"2023", "2023", "2023", "2023", "2024", "2023-05", "2023-05-28"}
	countries := []string{"AF", "TJ", "RU", "KG", "SY"}
	orgs := []string{"csto", "taliban", "un"}
	people := []string{"Vladimir Putin", "Emomali Rahmon", "Aida Alimov", "Ruslan Bekov"}
	var vocab []string
	for i := range 60 {
		vocab = append(vocab, fmt.Sprintf("w%02dx", i))
	}
	vocab = append(vocab, "government", "minister", "border", "Border", "talks", "2023", "2024", "the", "in", "of", "since", "15,000")
	word := func() string {
		// Low numbers are drawn far more often than high ones.
		i := int(float64(len(vocab)) * r.Float64() * r.Float64())
		return vocab[len(vocab)-1-i]
	}
	pick := func(xs []string, p int) []string {
		var out []string
		for _, x := range xs {
			if r.Intn(p) == 0 {
				out = append(out, x)
			}
		}
		return out
	}
	// One merger for every round, emptied by Reset, as a build reuses
	// one from date to date.
	// AddEvent, which makes the keys itself, merges as AddKeyed does.
	var m, made EventMerger
	for round := range 12 {
		m.Reset()
		made.Reset()
		n := 300 + r.Intn(700)
		var events []Event
		var owners, docs []int
		owner, doc := 0, 0
		for range n {
			// Parts of a document come together, and a document has one
			// part or a few.
			if r.Intn(4) == 0 {
				owner++
				if r.Intn(3) != 0 {
					doc = owner
				}
			}
			var text strings.Builder
			for range r.Intn(14) {
				text.WriteString(word())
				text.WriteString(" ")
			}
			e := Event{Date: dates[r.Intn(len(dates))], Text: text.String()}
			switch r.Intn(5) {
			case 0: // no entities
			case 1:
				e.People = pick(people, 3)
			default:
				e.Countries = pick(countries, 3)
				e.Organisations = pick(orgs, 5)
				e.People = pick(people, 6)
			}
			if len(e.Countries) > 0 && r.Intn(4) == 0 {
				// A list may name one twice, and overlap counts both.
				e.Countries = append(e.Countries, e.Countries[0])
			}
			if len(events) > 0 && r.Intn(3) == 0 {
				// Parts of a document tell of one event in other words:
				// the same entities, and only common words in common.
				last := &events[len(events)-1]
				owner, doc = owner+1, docs[len(docs)-1]
				if len(last.Countries)+len(last.Organisations)+2*len(last.People) < 3 {
					last.Countries = countries[:3]
				}
				e.Date, e.Countries, e.Organisations, e.People = last.Date, last.Countries, last.Organisations, last.People
				rare := func() string {
					var b strings.Builder
					b.WriteString("government minister talks")
					for range 4 + r.Intn(4) {
						b.WriteString(" " + vocab[r.Intn(30)])
					}
					return b.String()
				}
				last.Text, e.Text = rare(), rare()
			}
			events, owners, docs = append(events, e), append(owners, owner), append(docs, doc)
		}
		words := make([][]string, n)
		for i, e := range events {
			words[i] = contentWords(e.Text, e.Date)
		}
		reports := make([]Report, n)
		for i := range events {
			reports[i] = ReportOf(&events[i])
		}
		groups := 0
		same := func(f, i int) bool {
			return sameEvent(&reports[f], &reports[i], jaccardSorted(words[f], words[i]), docs[f] == docs[i])
		}
		madeGroups := 0
		for i, want := range referenceGroups(events, owners, same) {
			got, isNew := m.AddKeyed(&reports[i], MergeKeyOf(events[i]), owners[i], docs[i])
			checkGroup(t, round, i, got, isNew, want, &groups)
			got, isNew = made.AddEvent(&reports[i], owners[i], docs[i])
			checkGroup(t, round, i, got, isNew, want, &madeGroups)
		}
	}
}

// TestMergeKeyWords checks that a merge key holds exactly the content
// words of the event's text.
func TestMergeKeyWords(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	pieces := []string{"Border", "border", "BORDER", "the", "The", "and", "Russia's", "N'Djamena", "Kyiv’s", "2023", "2024", "15,000",
		"1990s", "5G", "100km", "état", "Ÿes", "aé", "on", "in", "-", ",", ".", "—", "'", "’", "earlier", "Monday", "talks", "x1", "İstanbul"}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for range r.Intn(12) {
			b.WriteString(pieces[r.Intn(len(pieces))])
			if r.Intn(3) != 0 {
				b.WriteString(" ")
			}
		}
		date := []string{"", "2023", "2023-05-01", "1990"}[r.Intn(4)]
		want := contentWords(b.String(), date)
		var got []string
		k := MergeKeyOf(Event{Text: b.String(), Date: date})
		for i := range k.words {
			got = append(got, k.word(i))
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("%q (%s): key words %q, want %q", b.String(), date, got, want)
		}
	}
}

// referenceGroups is the merger's outcome by its plain definition: each
// event joins the first earlier group, of another owner, whose first
// event same accepts and whose people so far, if any, share one with the
// event's, or starts a group. It returns each event's group.
func referenceGroups(events []Event, owners []int, same func(first, i int) bool) []int {
	var firsts []int                  // group -> index of its first event
	var groupPeople []map[string]bool // group -> people of its events
	groups := make([]int, len(events))
	for i, e := range events {
		want := -1
		for g, f := range firsts {
			shares := len(groupPeople[g]) == 0 || len(e.People) == 0
			for _, p := range e.People {
				shares = shares || groupPeople[g][p]
			}
			if owners[f] != owners[i] && shares && same(f, i) {
				want = g
				break
			}
		}
		if want == -1 {
			want = len(firsts)
			firsts = append(firsts, i)
			groupPeople = append(groupPeople, map[string]bool{})
		}
		for _, p := range e.People {
			groupPeople[want][p] = true
		}
		groups[i] = want
	}
	return groups
}

// checkGroup fails the test when the merger put event i into group got
// (isNew: as its first event) where the reference puts it into want;
// groups counts the groups made so far.
func checkGroup(t *testing.T, round, i, got int, isNew bool, want int, groups *int) {
	t.Helper()
	if want == *groups {
		if !isNew || got != want {
			t.Fatalf("round %d event %d: merged into %d, want a new group", round, i, got)
		}
		*groups++
		return
	}
	if isNew || got != want {
		t.Fatalf("round %d event %d: group %d (new %v), want %d", round, i, got, isNew, want)
	}
}

// contentWords is the reference of MergeKeyOf's words: the sorted set of words of three letters or more
// that say what happened: not function words, and not the year of the
// event's date, which two candidates share by construction.
func contentWords(s, date string) []string {
	year := date
	if len(year) > 4 {
		year = year[:4]
	}
	sc := wordsPool.Get().(*wordsScratch)
	sc.toks = tokenize(s, sc.toks)
	words := sc.words[:0]
	for _, t := range sc.toks {
		if (t.kind == tWord || t.kind == tNum) && len(t.low) >= 3 && !stopWords[t.low] && t.low != year {
			words = append(words, t.low)
		}
	}
	sort.Strings(words)
	n := 0
	for i, w := range words {
		if i == 0 || w != words[n-1] {
			words[n] = w
			n++
		}
	}
	// The result is kept for as long as the event is merged: exactly
	// sized, and nil for no words, as before.
	var out []string
	if n > 0 {
		out = slices.Clone(words[:n])
	}
	clear(sc.toks)
	clear(words)
	sc.toks, sc.words = sc.toks[:0], words[:0]
	wordsPool.Put(sc)
	return out
}

// wordsScratch is the reusable working memory of contentWords.
type wordsScratch struct {
	toks  []token
	words []string
}

var wordsPool = sync.Pool{New: func() any { return new(wordsScratch) }}

// jaccardSorted is the Jaccard similarity of two sorted word sets.
func jaccardSorted(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// TestMaskMayReach: the masks' bound never rules out a pair of keys whose
// similarity passes the need, however many of a key's words share a bit
// of its mask; and it rules out most pairs that share few words.
func TestMaskMayReach(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	var vocab []string
	for i := range 400 {
		vocab = append(vocab, fmt.Sprintf("word%03d", i))
	}
	words := func() []string {
		var ws []string
		for range r.Intn(40) {
			ws = append(ws, vocab[r.Intn(len(vocab))])
		}
		return ws
	}
	keyOf := func(ws []string) MergeKey {
		return MergeKeyOf(Event{Date: "2023", Text: strings.Join(ws, " ")})
	}
	top := func(k MergeKey) []uint16 {
		var out []uint16
		for _, w := range k.words {
			out = append(out, uint16(w.hash>>48))
		}
		return out
	}
	ruledOut, pairs := 0, 0
	for i := range 20000 {
		wa, wb := words(), words()
		if i%2 == 0 {
			// Most words in common: long keys set the same bit for
			// several words, which may all be shared.
			wb = slices.Clone(wa)
			for range r.Intn(len(wb) + 1) {
				wb[r.Intn(len(wb))] = vocab[r.Intn(len(vocab))]
			}
		}
		a, b := keyOf(wa), keyOf(wb)
		ta, tb := top(a), top(b)
		ma, mb := wordMask(ta), wordMask(tb)
		sim := a.similarity(&b)
		for _, need := range []struct {
			t      float64
			strict bool
		}{{0.15, false}, {0.25, true}, {0.4, true}, {0.6, false}} {
			pass := sim > need.t || !need.strict && sim >= need.t
			bound := maskMayReach(ma, mb, len(ta), len(tb), need.t, need.strict)
			if pass && !bound {
				t.Fatalf("keys of %d and %d words, similarity %.3f, need %.2f (strict %v): ruled out by the masks %064b and %064b",
					len(ta), len(tb), sim, need.t, need.strict, ma, mb)
			}
			pairs++
			if !bound {
				ruledOut++
			}
		}
	}
	if ruledOut < pairs/4 {
		t.Errorf("the masks ruled out only %d of %d pairs of keys, half of which share few words", ruledOut, pairs)
	}
}
