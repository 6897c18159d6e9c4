package extract

import "sort"

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
}

// Add puts e into the first earlier group whose first event is the same
// event and whose owner differs (events of one text are never merged with
// each other), or into a new group. It returns the group's number, counted
// from 0 in order of creation, and whether e started it.
func (m *EventMerger) Add(e Event, owner int) (group int, isNew bool) {
	if m.index == nil {
		m.index = map[string][]int{}
	}
	words := contentWords(e.Text)
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
			if c.owner != owner && sameEvent(c.ev, e, jaccardSorted(c.words, words)) {
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
		return best, false
	}
	g := len(m.groups)
	m.groups = append(m.groups, mergeGroup{ev: e, owner: owner, words: words})
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

// contentWords returns the sorted set of words of three letters or more.
func contentWords(s string) []string {
	var out []string
	for _, t := range tokenize(s, nil) {
		if (t.kind == tWord || t.kind == tNum) && len(t.low) >= 3 {
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
