package extract

import (
	"strconv"
	"strings"
)

// quantityMods are the words that qualify a number ("more than 20").
var quantityMods = [][]string{
	{"more", "than"}, {"fewer", "than"}, {"less", "than"}, {"at", "least"}, {"up", "to"},
	{"as", "many", "as"}, {"an", "estimated"}, {"close", "to"}, {"upwards", "of"},
	{"just", "over"}, {"just", "under"}, {"some"}, {"over"}, {"about"}, {"around"}, {"nearly"},
	{"almost"}, {"roughly"}, {"approximately"}, {"under"}, {"below"}, {"above"}, {"exceeding"},
	{"estimated"}, {"only"}, {"just"}, {"about"},
}

var scales = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"mln": 1e6, "bn": 1e9, "m": 1e6, "k": 1e3}

// timeUnits make a number a duration or an age, not a key figure.
var timeUnits = map[string]bool{"year": true, "years": true, "month": true, "months": true, "week": true,
	"weeks": true, "day": true, "days": true, "hour": true, "hours": true, "minute": true, "minutes": true,
	"second": true, "seconds": true, "decade": true, "decades": true, "century": true, "centuries": true,
	"am": true, "pm": true, "a.m": true, "p.m": true, "gmt": true, "utc": true, "times": true}

// unitStop ends the phrase of what a number counts.
var unitStop = map[string]bool{"of": true, "in": true, "on": true, "at": true, "to": true, "from": true,
	"with": true, "and": true, "or": true, "that": true, "which": true, "who": true, "were": true,
	"are": true, "have": true, "has": true, "had": true, "is": true, "was": true, "will": true,
	"would": true, "could": true, "for": true, "by": true, "as": true, "than": true, "into": true,
	"across": true, "along": true, "near": true, "since": true, "during": true, "after": true,
	"before": true, "under": true, "over": true, "per": true, "each": true, "last": true, "this": true,
	"the": true, "a": true, "an": true, "but": true, "so": true, "still": true, "now": true, "also": true,
	"be": true, "been": true, "being": true, "may": true, "might": true, "can": true}

// findQuantities finds numbers with what they count: "over 15,000
// fighters", "more than 20 radical groups", "1.5 million refugees", "$2
// billion". Dates, durations and ages are not quantities.
func (d *doc) findQuantities() {
	// The dates' buffer of covered tokens serves again: findDates is done.
	if cap(d.buf.covered) < len(d.toks) {
		d.buf.covered = make([]bool, len(d.toks))
	}
	inDate := d.buf.covered[:len(d.toks)]
	clear(inDate)
	for _, df := range d.dates {
		for k := df.t0; k < df.t1; k++ {
			inDate[k] = true
		}
	}
	n := len(d.toks)
	for i := 0; i < n; i++ {
		if inDate[i] || d.owner[i] < 0 {
			continue
		}
		t := &d.toks[i]
		var value float64
		currency := ""
		j := i + 1
		switch {
		case t.kind == tNum:
			if d.tok(i-1).low == "-" && !t.space && d.tok(i-2).kind == tWord && d.tok(i-2).cap {
				continue // "Interaction-2024 drills": part of a name
			}
			if t.suffix > 0 {
				suf := strings.ToLower(d.s[t.end-int(t.suffix) : t.end])
				sc, ok := scales[suf]
				if !ok {
					continue // "15th", "1990s"
				}
				value = sc
			}
			v, err := strconv.ParseFloat(strings.ReplaceAll(d.s[t.start:t.end-int(t.suffix)], ",", ""), 64)
			if err != nil {
				continue
			}
			if value == 0 {
				value = v
			} else {
				value *= v
			}
			if p := d.tok(i - 1); p.kind == tPunct && (p.low == "$" || p.low == "€" || p.low == "£") {
				currency = map[string]string{"$": "US dollars", "€": "euros", "£": "pounds"}[p.low]
			}
		case t.kind == tWord && t.is(vSmallNumber) && (!t.cap || d.sentenceStart(i)):
			if t.low == "a" || t.low == "an" || t.low == "one" || t.low == "dozen" || t.low == "hundred" {
				continue
			}
			v := smallNumbers[t.low]
			value = v
			// "twenty-five".
			if d.tok(j).low == "-" {
				if u, ok := smallNumbers[d.tok(j+1).low]; ok && u < 10 && v >= 20 {
					value += u
					j += 2
				}
			}
		default:
			continue
		}
		if sc, ok := scales[d.tok(j).low]; ok && d.tok(j).kind == tWord && len(d.tok(j).low) > 1 {
			value *= sc
			j++
		}
		if d.tok(j).low == "-" {
			continue // "55-year-old", "five-year plan", "a 1,500-strong force"
		}
		unitStart := j
		unit := ""
		switch {
		case currency != "":
			unit = currency
		case d.tok(j).low == "%":
			unit = "percent"
			j++
		case d.tok(j).low == "percent":
			unit = "percent"
			j++
		case d.tok(j).low == "per" && d.tok(j+1).low == "cent":
			unit = "percent"
			j += 2
		default:
			end := unitStart
			lastPlural := -1
			for k := unitStart; k < n && k < unitStart+4 && d.sameSentence(i, k); k++ {
				u := &d.toks[k]
				if u.kind != tWord || u.is(vUnitStop) || u.is(vSpeech) {
					break
				}
				if u.cap && !(d.owner[k] > 0 && (d.finds[d.owner[k]-1].kind == KindCountry || d.finds[d.owner[k]-1].kind == KindOrg)) {
					break
				}
				if strings.HasSuffix(u.low, "ing") || (strings.HasSuffix(u.low, "ed") && !notPastEd[u.low]) {
					break
				}
				end = k + 1
				if strings.HasSuffix(u.low, "s") || u.low == "people" || u.low == "police" || u.low == "personnel" || u.low == "children" || u.low == "men" || u.low == "women" || u.low == "staff" || u.low == "militia" {
					lastPlural = k + 1
				}
			}
			if lastPlural > 0 {
				end = lastPlural
			} else if end > unitStart+1 {
				end = unitStart + 1
			}
			if end == unitStart {
				continue
			}
			unit = d.text(unitStart, end)
			j = end
			if d.toks[end-1].is(vTimeUnit) || d.toks[unitStart].is(vTimeUnit) {
				continue
			}
		}
		if unit == "" || unit == "more" || unit == "others" || unit == "less" || unit == "fewer" {
			continue
		}
		// A bare year-like number with no unit was handled by the dates.
		start := i
		if currency != "" {
			start = i - 1
		}
		start = d.quantityMod(start)
		if d.tok(start-1).low == "an" && d.tok(start).low == "estimated" {
			start--
		}
		d.quants = append(d.quants, Quantity{
			Text:     d.text(start, j),
			Value:    value,
			Unit:     unit,
			Offset:   d.toks[start].start,
			Sentence: int(d.sentOf[i]) + 1,
		})
		i = j - 1
	}
}

// quantityMod extends a quantity back over a qualifier ("more than").
func (d *doc) quantityMod(i int) int {
	for _, mod := range quantityMods {
		k := i - len(mod)
		if k < 0 {
			continue
		}
		ok := true
		for m, w := range mod {
			if d.toks[k+m].low != w || !d.sameSentence(k+m, i) {
				ok = false
				break
			}
		}
		if ok {
			return k
		}
	}
	return i
}
