package extract

// This file scores the extractor against the held-out evaluation set in
// testdata/eval: news-style articles written for this project, each with a
// hand-made gold file in the shape of `brief extract --json` (SPEC §4). The
// annotation guidelines, the organisation vocabulary and the list of traps
// are documented in testdata/eval/README.md.
//
//	go test ./generator/extract -run TestEvalScores -v                # score table
//	go test ./generator/extract -run TestEvalScores -v -evaldetail    # and every miss
//	go test ./generator/extract -run '^$' -bench BenchmarkEval        # F1 as benchmark metrics
//
// Scoring follows SPEC §4: countries, organisations and people are compared as
// sets per document and micro-averaged over documents; a predicted date is a
// true positive when its span evalOverlap a gold span and its value is equal.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
)

var evalDetail = flag.Bool("evaldetail", false, "log every miss of the evaluation set per document")

// evalDir is the evaluation set, relative to this package.
const evalDir = "../../testdata/eval"

// The bars TestEvalScores holds the extractor to: the F1 score per category
// on the evaluation set.
const (
	evalBarCountries     = 0.97
	evalBarOrganisations = 0.92
	evalBarPeople        = 0.92
	evalBarDates         = 0.92
)

// Categories in the order of the score table.
const (
	evalCatCountries     = "countries"
	evalCatOrganisations = "organisations"
	evalCatPeople        = "people"
	evalCatDates         = "dates"
)

var evalCategories = []struct {
	name string
	bar  float64
}{
	{evalCatCountries, evalBarCountries},
	{evalCatOrganisations, evalBarOrganisations},
	{evalCatPeople, evalBarPeople},
	{evalCatDates, evalBarDates},
}

// evalGold is one gold file. It has the shape that `brief extract --json`
// prints for one document, plus the trap lists: things that look like a
// country or a date in this document but are not.
type evalGold struct {
	File          string         `json:"file"`
	Title         string         `json:"title"`
	Published     string         `json:"published"`
	Countries     []Country      `json:"countries"`
	Organisations []Organisation `json:"organisations"`
	People        []Person       `json:"people"`
	Dates         []evalGoldDate `json:"dates"`
	NotCountries  []string       `json:"not_countries"`
	NotDates      []string       `json:"not_dates"`
}

// evalGoldDate is a gold date expression. Its span is the Occurrence-th
// (1-based, default 1) occurrence of Text in the article.
type evalGoldDate struct {
	Text       string `json:"text"`
	Value      string `json:"value"`
	Precision  string `json:"precision"`
	Occurrence int    `json:"occurrence"`
}

// evalOrg is an organisation of the vocabulary (testdata/eval/organisations.json).
type evalOrg struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
}

// evalDoc is an article with its gold, ready to score.
type evalDoc struct {
	name      string // base name of the .txt file
	text      []byte
	published Date
	gold      evalGold
	dateSpans []Span // gold date spans, parallel to gold.Dates
	trapSpans []Span // every occurrence of every not_dates text
}

// evalVocab maps every normalised id, name and alias of the vocabulary to the
// organisation's id, so that an extractor that spells an id differently
// ("worldbank", or only a name) is still matched.
type evalVocab struct {
	orgs  []evalOrg
	byKey map[string]string
}

// evalNormKey folds an organisation id or name for lookup: lower case, British
// spelling of "organisation", letters and digits only.
func evalNormKey(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "organization", "organisation")
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (v *evalVocab) lookup(id, name string) (string, bool) {
	if k, ok := v.byKey[evalNormKey(id)]; ok && id != "" {
		return k, true
	}
	if k, ok := v.byKey[evalNormKey(name)]; ok && name != "" {
		return k, true
	}
	return "", false
}

// evalNormPerson folds a person's full name for comparison: case and runs of
// spaces do not matter.
func evalNormPerson(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// evalNthIndex returns the byte offset of the n-th (1-based) occurrence of sub in
// text, or -1.
func evalNthIndex(text []byte, sub string, n int) int {
	off := 0
	for i := 1; ; i++ {
		j := bytes.Index(text[off:], []byte(sub))
		if j < 0 {
			return -1
		}
		if i == n {
			return off + j
		}
		off += j + 1
	}
}

func evalOverlap(a, b Span) bool { return a.Start < b.End && b.Start < a.End }

// errNoEvalSet means the evaluation set is not there (for instance in a
// trimmed checkout); the tests skip rather than fail.
var errNoEvalSet = errors.New("no evaluation set")

// loadEvalSet reads the vocabulary and every article with its gold file, and
// checks the gold for consistency. Problems with the gold are returned as a
// list, so that one run reports all of them.
func loadEvalSet(dir string) (*evalVocab, []evalDoc, []string, error) {
	vb, err := os.ReadFile(filepath.Join(dir, "organisations.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil, errNoEvalSet
	}
	if err != nil {
		return nil, nil, nil, err
	}
	vocab := &evalVocab{byKey: map[string]string{}}
	if err := json.Unmarshal(vb, &vocab.orgs); err != nil {
		return nil, nil, nil, fmt.Errorf("organisations.json: %v", err)
	}
	var problems []string
	for _, o := range vocab.orgs {
		for _, key := range append([]string{o.ID, o.Name}, o.Aliases...) {
			k := evalNormKey(key)
			if prev, dup := vocab.byKey[k]; dup && prev != o.ID {
				problems = append(problems, fmt.Sprintf("organisations.json: %q names both %s and %s", key, prev, o.ID))
			}
			vocab.byKey[k] = o.ID
		}
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, nil, nil, err
	}
	if len(names) == 0 {
		return nil, nil, nil, errNoEvalSet
	}
	sort.Strings(names)
	var docs []evalDoc
	for _, name := range names {
		doc, probs, err := loadEvalDoc(name, vocab)
		if err != nil {
			return nil, nil, nil, err
		}
		problems = append(problems, probs...)
		docs = append(docs, doc)
	}
	return vocab, docs, problems, nil
}

var evalWeekdays = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func loadEvalDoc(name string, vocab *evalVocab) (evalDoc, []string, error) {
	base := filepath.Base(name)
	doc := evalDoc{name: base}
	var problems []string
	bad := func(format string, args ...any) {
		problems = append(problems, base+": "+fmt.Sprintf(format, args...))
	}
	var err error
	if doc.text, err = os.ReadFile(name); err != nil {
		return doc, nil, err
	}
	gb, err := os.ReadFile(strings.TrimSuffix(name, ".txt") + ".json")
	if err != nil {
		return doc, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(gb))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc.gold); err != nil {
		bad("gold: %v", err)
		return doc, problems, nil
	}
	g := &doc.gold
	if want := "testdata/eval/" + base; g.File != want {
		bad("gold file %q, want %q", g.File, want)
	}
	if title, _, _ := bytes.Cut(doc.text, []byte("\n")); g.Title != string(title) {
		bad("gold title %q differs from the first line %q", g.Title, title)
	}
	if doc.published, err = ParseDate(g.Published); err != nil || doc.published.Precision() != "day" {
		bad("gold published %q: want YYYY-MM-DD", g.Published)
	}
	codes := map[string]bool{}
	for _, c := range g.Countries {
		if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code || codes[c.Code] {
			bad("bad or repeated country code %q", c.Code)
		}
		codes[c.Code] = true
	}
	for _, c := range g.NotCountries {
		if codes[c] {
			bad("country %s is both gold and a trap", c)
		}
	}
	for _, o := range g.Organisations {
		if id, ok := vocab.lookup(o.ID, ""); !ok || id != o.ID {
			bad("organisation id %q is not in the vocabulary", o.ID)
		}
	}
	for _, p := range g.People {
		if !bytes.Contains(doc.text, []byte(p.Name)) {
			bad("person %q does not occur verbatim", p.Name)
		}
	}
	for _, d := range g.Dates {
		n := max(d.Occurrence, 1)
		at := evalNthIndex(doc.text, d.Text, n)
		if at < 0 {
			bad("date %q (occurrence %d) not found", d.Text, n)
			doc.dateSpans = append(doc.dateSpans, Span{-1, -1})
			continue
		}
		sp := Span{at, at + len(d.Text)}
		for i, prev := range doc.dateSpans {
			if evalOverlap(prev, sp) {
				bad("date %q evalOverlap date %q", d.Text, g.Dates[i].Text)
			}
		}
		doc.dateSpans = append(doc.dateSpans, sp)
		v, err := ParseDate(d.Value)
		if err != nil {
			bad("date %q: %v", d.Text, err)
			continue
		}
		if v.Precision() != d.Precision {
			bad("date %q: precision %q, value %q says %q", d.Text, d.Precision, d.Value, v.Precision())
		}
		// A weekday in the text must be the weekday of the value: the
		// cheapest guard against slips in relative dates.
		for i, wd := range evalWeekdays {
			if strings.Contains(d.Text, wd) && (v.Precision() != "day" || int(v.Time().Weekday()) != i) {
				bad("date %q has value %s, which is not a %s", d.Text, d.Value, wd)
			}
		}
	}
	for _, nd := range g.NotDates {
		for off := 0; ; {
			j := bytes.Index(doc.text[off:], []byte(nd))
			if j < 0 {
				break
			}
			sp := Span{off + j, off + j + len(nd)}
			for i, gs := range doc.dateSpans {
				if evalOverlap(gs, sp) {
					bad("not_dates %q evalOverlap date %q", nd, g.Dates[i].Text)
				}
			}
			doc.trapSpans = append(doc.trapSpans, sp)
			off += j + 1
		}
		if !bytes.Contains(doc.text, []byte(nd)) {
			bad("not_dates %q not found", nd)
		}
	}
	return doc, problems, nil
}

// evalCounts are the confusion counts of one category.
type evalCounts struct{ TP, FP, FN int }

func (c evalCounts) precision() float64 { return evalRatio(c.TP, c.TP+c.FP) }
func (c evalCounts) recall() float64    { return evalRatio(c.TP, c.TP+c.FN) }

func (c evalCounts) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// evalRatio is a/b, and 1 when there was nothing to find or predict, so that an
// empty category does not count as a failure.
func evalRatio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// evalScore is the outcome of scoring the whole set.
type evalScore struct {
	counts map[string]*evalCounts
	// Trap failures: predictions that hit something a gold file marks as
	// not a country or not a date. They are also counted as FP above.
	countryTraps, countryTrapTotal int
	dateTraps, dateTrapTotal       int
	// Organisations the extractor reported that are not in the vocabulary:
	// not scored, because the set does not annotate them (README).
	outOfVocab int
	// People attributes, among matched people whose gold gives them.
	titleOK, titleTotal, countryOK, countryTotal int
	docs                                         int
	bytes                                        int
	misses                                       map[string][]string // per document
	panics                                       []string
}

// evalExtract runs the extractor on one document and turns a panic into an
// error, so that one bad document is reported by name instead of stopping
// the run.
func evalExtract(doc evalDoc) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return New(nil).Extract(Input{Text: doc.text, Published: doc.published}), nil
}

// scoreEval runs the extractor over every document and scores the results.
func scoreEval(vocab *evalVocab, docs []evalDoc) *evalScore {
	s := &evalScore{counts: map[string]*evalCounts{}, misses: map[string][]string{}}
	for _, c := range evalCategories {
		s.counts[c.name] = &evalCounts{}
	}
	for _, doc := range docs {
		res, err := evalExtract(doc)
		if err != nil {
			s.panics = append(s.panics, doc.name+": "+err.Error())
		}
		s.docs++
		s.bytes += len(doc.text)
		s.scoreDoc(vocab, doc, res)
	}
	return s
}

func (s *evalScore) miss(doc evalDoc, format string, args ...any) {
	s.misses[doc.name] = append(s.misses[doc.name], fmt.Sprintf(format, args...))
}

// scoreSet adds the comparison of a predicted and a gold set to c, and notes
// the misses; show renders an element for the notes.
func (s *evalScore) scoreSet(doc evalDoc, cat string, pred, gold map[string]bool, show func(string) string) {
	c := s.counts[cat]
	for _, k := range evalSortedKeys(gold) {
		if pred[k] {
			c.TP++
		} else {
			c.FN++
			s.miss(doc, "%s FN %s", cat, show(k))
		}
	}
	for _, k := range evalSortedKeys(pred) {
		if !gold[k] {
			c.FP++
			s.miss(doc, "%s FP %s", cat, show(k))
		}
	}
}

func evalSortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *evalScore) scoreDoc(vocab *evalVocab, doc evalDoc, res Result) {
	g := doc.gold
	same := func(k string) string { return k }

	// Countries.
	gold, pred := map[string]bool{}, map[string]bool{}
	for _, c := range g.Countries {
		gold[c.Code] = true
	}
	for _, c := range res.Countries {
		pred[strings.ToUpper(c.Code)] = true
	}
	s.scoreSet(doc, evalCatCountries, pred, gold, same)
	for _, c := range g.NotCountries {
		s.countryTrapTotal++
		if pred[c] {
			s.countryTraps++
			s.miss(doc, "trap: reported country %s", c)
		}
	}

	// Organisations, over the vocabulary.
	gold, pred = map[string]bool{}, map[string]bool{}
	for _, o := range g.Organisations {
		gold[o.ID] = true
	}
	for _, o := range res.Organisations {
		if id, ok := vocab.lookup(o.ID, o.Name); ok {
			pred[id] = true
		} else {
			s.outOfVocab++
			s.miss(doc, "organisations (not scored) outside the vocabulary: %s %q", o.ID, o.Name)
		}
	}
	s.scoreSet(doc, evalCatOrganisations, pred, gold, same)

	// People, by full name.
	gold, pred = map[string]bool{}, map[string]bool{}
	goldPeople := map[string]Person{}
	shown := map[string]string{}
	for _, p := range g.People {
		k := evalNormPerson(p.Name)
		gold[k], goldPeople[k], shown[k] = true, p, p.Name
	}
	for _, p := range res.People {
		k := evalNormPerson(p.Name)
		pred[k] = true
		if _, ok := shown[k]; !ok {
			shown[k] = p.Name
		}
		gp, ok := goldPeople[k]
		if !ok {
			continue
		}
		if gp.Title != "" {
			s.titleTotal++
			if strings.EqualFold(gp.Title, p.Title) {
				s.titleOK++
			}
		}
		if gp.Country != "" {
			s.countryTotal++
			if gp.Country == p.Country {
				s.countryOK++
			} else {
				s.miss(doc, "people: %s has country %q, want %s", gp.Name, p.Country, gp.Country)
			}
		}
	}
	s.scoreSet(doc, evalCatPeople, pred, gold, func(k string) string { return shown[k] })

	s.scoreDates(doc, res.Dates)
}

// scoreDates matches predicted dates to gold dates one to one: a pair
// matches when the spans overlap and the values are equal.
func (s *evalScore) scoreDates(doc evalDoc, preds []DateMention) {
	c := s.counts[evalCatDates]
	g := doc.gold
	used := make([]bool, len(preds))
	span := func(d DateMention) Span { return Span{d.Offset, d.Offset + len(d.Text)} }
	value := func(d DateMention) string {
		if d.Value == nil {
			return ""
		}
		return *d.Value
	}
	for _, pd := range preds {
		if pd.Offset < 0 || pd.Offset+len(pd.Text) > len(doc.text) || string(doc.text[pd.Offset:pd.Offset+len(pd.Text)]) != pd.Text {
			s.miss(doc, "dates: offset %d does not point at %q", pd.Offset, pd.Text)
		}
	}
	for i, gd := range g.Dates {
		gs := doc.dateSpans[i]
		found := false
		for j, pd := range preds {
			if !used[j] && evalOverlap(gs, span(pd)) && value(pd) == gd.Value {
				used[j], found = true, true
				break
			}
		}
		if found {
			c.TP++
			continue
		}
		c.FN++
		var near []string
		for j, pd := range preds {
			if !used[j] && evalOverlap(gs, span(pd)) {
				near = append(near, fmt.Sprintf("%q=%q", pd.Text, value(pd)))
			}
		}
		if len(near) > 0 {
			s.miss(doc, "dates FN %q want %s, got %s", gd.Text, gd.Value, strings.Join(near, ", "))
		} else {
			s.miss(doc, "dates FN %q want %s, not found", gd.Text, gd.Value)
		}
	}
	for j, pd := range preds {
		if used[j] {
			continue
		}
		c.FP++
		trap := false
		for _, ts := range doc.trapSpans {
			if evalOverlap(ts, span(pd)) {
				trap = true
			}
		}
		if trap {
			s.dateTraps++
			s.miss(doc, "trap: dates FP %q=%q at %d is not a date", pd.Text, value(pd), pd.Offset)
		} else {
			s.miss(doc, "dates FP %q=%q at %d", pd.Text, value(pd), pd.Offset)
		}
	}
	s.dateTrapTotal += len(g.NotDates)
}

// table renders the score table.
func (s *evalScore) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "evaluation set: %d documents\n", s.docs)
	fmt.Fprintf(&b, "%-14s %5s %5s %5s %9s %7s %6s %6s\n", "category", "TP", "FP", "FN", "precision", "recall", "F1", "bar")
	for _, cat := range evalCategories {
		c := s.counts[cat.name]
		fmt.Fprintf(&b, "%-14s %5d %5d %5d %9.3f %7.3f %6.3f %6.2f\n",
			cat.name, c.TP, c.FP, c.FN, c.precision(), c.recall(), c.f1(), cat.bar)
	}
	fmt.Fprintf(&b, "traps: %d of %d not-countries reported as countries; %d predicted dates on %d not-date expressions\n",
		s.countryTraps, s.countryTrapTotal, s.dateTraps, s.dateTrapTotal)
	fmt.Fprintf(&b, "organisations outside the vocabulary (not scored): %d\n", s.outOfVocab)
	fmt.Fprintf(&b, "people attributes of matched people: title %d/%d, country %d/%d\n",
		s.titleOK, s.titleTotal, s.countryOK, s.countryTotal)
	return b.String()
}

func (s *evalScore) details() string {
	var b strings.Builder
	names := make([]string, 0, len(s.misses))
	for n := range s.misses {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "%s\n", n)
		for _, m := range s.misses[n] {
			fmt.Fprintf(&b, "    %s\n", m)
		}
	}
	return b.String()
}

// TestEvalGold checks the gold files themselves: every date text is in its
// article, values parse and agree with their precision and weekday, ids are
// in the vocabulary, trap lists do not contradict the gold.
func TestEvalGold(t *testing.T) {
	_, docs, problems, err := loadEvalSet(evalDir)
	if errors.Is(err, errNoEvalSet) {
		t.Skip("no evaluation set in " + evalDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	if len(docs) < 45 {
		t.Errorf("evaluation set has %d documents, want at least 45", len(docs))
	}
}

func TestEvalScores(t *testing.T) {
	vocab, docs, problems, err := loadEvalSet(evalDir)
	if errors.Is(err, errNoEvalSet) {
		t.Skip("no evaluation set in " + evalDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("the gold has %d problems (see TestEvalGold), first: %s", len(problems), problems[0])
	}
	s := scoreEval(vocab, docs)
	t.Logf("\n%s", s.table())
	if *evalDetail {
		t.Logf("misses per document:\n%s", s.details())
	}
	for _, p := range s.panics {
		t.Errorf("extractor failed on %s", p)
	}
	for _, cat := range evalCategories {
		if f1 := s.counts[cat.name].f1(); f1 < cat.bar {
			t.Errorf("%s F1 %.3f is below the bar %.2f", cat.name, f1, cat.bar)
		}
	}
}

// BenchmarkEval measures extraction speed over the evaluation set and reports
// the F1 scores as benchmark metrics, so that a benchmark run shows quality
// and speed side by side.
func BenchmarkEval(b *testing.B) {
	vocab, docs, problems, err := loadEvalSet(evalDir)
	if errors.Is(err, errNoEvalSet) {
		b.Skip("no evaluation set in " + evalDir)
	}
	if err != nil {
		b.Fatal(err)
	}
	if len(problems) > 0 {
		b.Fatalf("the gold has %d problems (see TestEvalGold), first: %s", len(problems), problems[0])
	}
	s := scoreEval(vocab, docs)
	b.SetBytes(int64(s.bytes))
	// One extractor for the whole run: this measures Extract, not the
	// one-off cost of loading the gazetteer in New.
	x := New(nil)
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		for _, doc := range docs {
			x.Extract(Input{Text: doc.text, Published: doc.published})
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	if b.N > 0 && elapsed > 0 {
		b.ReportMetric(float64(len(docs)*b.N)/elapsed.Seconds(), "docs/s")
	}
	for _, cat := range evalCategories {
		b.ReportMetric(s.counts[cat.name].f1(), cat.name+"-F1")
	}
	b.Logf("\n%s", s.table())
}

// TestEvalScorer checks the scoring itself on a made-up document, so that a
// change in the scorer cannot silently move the figures.
func TestEvalScorer(t *testing.T) {
	text := []byte("Headline\nOn Wednesday the CSTO met. Jordan Avery spoke last week about 2021.")
	vocab := &evalVocab{byKey: map[string]string{}}
	for _, o := range []evalOrg{{ID: "csto", Name: "Collective Security Treaty Organisation", Aliases: []string{"CSTO"}}, {ID: "un", Name: "United Nations"}} {
		for _, k := range append([]string{o.ID, o.Name}, o.Aliases...) {
			vocab.byKey[evalNormKey(k)] = o.ID
		}
	}
	doc := evalDoc{
		name: "x.txt",
		text: text,
		gold: evalGold{
			Countries:     []Country{{Code: "KG"}, {Code: "RU"}},
			Organisations: []Organisation{{ID: "csto"}},
			People:        []Person{{Name: "Jordan Avery", Country: "US"}},
			Dates: []evalGoldDate{
				{Text: "On Wednesday", Value: "2025-05-28"},
				{Text: "2021", Value: "2021"},
			},
			NotCountries: []string{"JO"},
			NotDates:     []string{"last week"},
		},
	}
	at := func(sub string) int { return bytes.Index(text, []byte(sub)) }
	doc.dateSpans = []Span{{at("On Wednesday"), at("On Wednesday") + 12}, {at("2021"), at("2021") + 4}}
	doc.trapSpans = []Span{{at("last week"), at("last week") + 9}}
	str := func(s string) *string { return &s }
	res := Result{
		Countries: []Country{{Code: "KG"}, {Code: "JO"}},
		Organisations: []Organisation{
			{ID: "CSTO-1", Name: "Collective Security Treaty Organization"}, // matched by name
			{ID: "kremlin", Name: "Kremlin"},                                // outside the vocabulary
			{ID: "un", Name: "United Nations"},                              // FP
		},
		People: []Person{{Name: "jordan  avery", Country: "US"}},
		Dates: []DateMention{
			{Text: "Wednesday", Offset: at("Wednesday"), Value: str("2025-05-28")}, // overlaps: TP
			{Text: "last week", Offset: at("last week"), Value: str("2025-05")},    // trap
			{Text: "2021", Offset: at("2021"), Value: nil},                         // wrong value
		},
	}
	s := &evalScore{counts: map[string]*evalCounts{}, misses: map[string][]string{}}
	for _, c := range evalCategories {
		s.counts[c.name] = &evalCounts{}
	}
	s.scoreDoc(vocab, doc, res)
	want := map[string]evalCounts{
		evalCatCountries:     {TP: 1, FP: 1, FN: 1},
		evalCatOrganisations: {TP: 1, FP: 1, FN: 0},
		evalCatPeople:        {TP: 1, FP: 0, FN: 0},
		evalCatDates:         {TP: 1, FP: 2, FN: 1},
	}
	for cat, w := range want {
		if got := *s.counts[cat]; got != w {
			t.Errorf("%s: got %+v, want %+v", cat, got, w)
		}
	}
	if s.countryTraps != 1 || s.dateTraps != 1 || s.outOfVocab != 1 {
		t.Errorf("traps %d/%d, out of vocabulary %d; want 1/1, 1", s.countryTraps, s.dateTraps, s.outOfVocab)
	}
	if s.countryOK != 1 || s.countryTotal != 1 {
		t.Errorf("people country agreement %d/%d, want 1/1", s.countryOK, s.countryTotal)
	}
	if c := (evalCounts{TP: 1, FP: 1, FN: 0}); c.f1() < 0.666 || c.f1() > 0.667 {
		t.Errorf("F1 of %+v = %v, want 2/3", c, c.f1())
	}
}
