package extract

import (
	"slices"
	"sort"
)

// EventMerger groups events that report the same thing, as SameEvent
// decides, without comparing every pair: candidates are found through an
// index by date and entity, and each event's words are tokenised once. A
// timeline of 100,000 events merges in time proportional to its size
// rather than its square.
type EventMerger struct {
	groups []mergeGroup
	index  map[string][]int // date + "\x00" + entity key -> groups, in order
}

type mergeGroup struct {
	ev    Event
	owner int
	words []string // sorted, unique content words of ev.Text
	// people named by the group's events so far: a newcomer that names
	// people must share one with them when there are any, so that an
	// event without people cannot bridge reports about different people.
	people []string
}

// Add puts e into the first earlier group whose first event is the same
// event, whose owner differs (events of one text are never merged with
// each other) and whose people, if both name any, include one of e's, or
// into a new group. It returns the group's number, counted
// from 0 in order of creation, and whether e started it.
func (m *EventMerger) Add(e Event, owner int) (group int, isNew bool) {
	if m.index == nil {
		m.index = map[string][]int{}
	}
	words := contentWords(e.Text, e.Date)
	keys := entityKeys(e)
	seen := map[int]bool{}
	best := -1
	try := func(key string) {
		for _, g := range m.index[e.Date+"\x00"+key] {
			if seen[g] || (best >= 0 && g > best) {
				continue
			}
			seen[g] = true
			c := &m.groups[g]
			if c.owner != owner && (len(c.people) == 0 || len(e.People) == 0 || overlap(c.people, e.People) > 0) &&
				sameEvent(c.ev, e, jaccardSorted(c.words, words)) {
				best = g
			}
		}
	}
	for _, k := range keys {
		try(k)
	}
	try("") // events without entities compare with everything of their date
	if len(keys) == 0 {
		try("*")
	}
	if best >= 0 {
		c := &m.groups[best]
		for _, p := range e.People {
			if !slices.Contains(c.people, p) {
				c.people = append(c.people, p)
			}
		}
		return best, false
	}
	g := len(m.groups)
	m.groups = append(m.groups, mergeGroup{ev: e, owner: owner, words: words, people: slices.Clone(e.People)})
	if e.Date == "" {
		return g, true
	}
	if len(keys) == 0 {
		m.index[e.Date+"\x00"] = append(m.index[e.Date+"\x00"], g)
	}
	for _, k := range keys {
		m.index[e.Date+"\x00"+k] = append(m.index[e.Date+"\x00"+k], g)
	}
	// Every event of a date is reachable for entity-less newcomers.
	m.index[e.Date+"\x00*"] = append(m.index[e.Date+"\x00*"], g)
	return g, true
}

func entityKeys(e Event) []string {
	var keys []string
	for _, c := range e.Countries {
		keys = append(keys, "c:"+c)
	}
	for _, o := range e.Organisations {
		keys = append(keys, "o:"+o)
	}
	for _, p := range e.People {
		keys = append(keys, "p:"+p)
	}
	return keys
}

// contentWords returns the sorted set of words of three letters or more
// that say what happened: not function words, and not the year of the
// event's date, which two candidates share by construction.
func contentWords(s, date string) []string {
	year := date
	if len(year) > 4 {
		year = year[:4]
	}
	var out []string
	for _, t := range tokenize(s, nil) {
		if (t.kind == tWord || t.kind == tNum) && len(t.low) >= 3 && !stopWords[t.low] && t.low != year {
			out = append(out, t.low)
		}
	}
	sort.Strings(out)
	n := 0
	for i, w := range out {
		if i == 0 || w != out[n-1] {
			out[n] = w
			n++
		}
	}
	return out[:n]
}

// stopWords are words of three letters or more that any two sentences may
// share without being about the same thing.
var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "from": true, "that": true,
	"this": true, "these": true, "those": true, "was": true, "were": true, "are": true,
	"has": true, "have": true, "had": true, "its": true, "their": true, "his": true,
	"her": true, "into": true, "onto": true, "over": true, "about": true, "after": true,
	"before": true, "during": true, "since": true, "until": true, "than": true,
	"which": true, "who": true, "whom": true, "will": true, "would": true, "not": true,
	"but": true, "also": true, "said": true, "says": true, "told": true, "been": true,
	"being": true, "beginning": true, "there": true, "they": true, "them": true,
}

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
