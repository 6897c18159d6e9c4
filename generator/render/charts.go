package render

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"brief/generator/model"
)

// Charts are inline SVG bar charts drawn at build time: no script, no
// request, and they print. Each bar carries its value as text, so that the
// chart reads without colour; planned events are hatched as well as
// coloured. The templates put the same numbers in a table beside the chart
// for screen readers and for copying.

// chartMaxMonths is the longest run of months drawn month by month; a
// longer span is drawn by year, because bars thinner than a label cannot be
// read.
const chartMaxMonths = 36

// bucket is one bar: a month ("2025-05") or a year ("2025").
type bucket struct {
	Key     string // ISO month or year, for <time datetime>
	Label   string // "May 2025" or "2025"
	Short   string // axis label: "May", or the year
	Year    string // second axis line under January and the first bar; "" otherwise
	Values  [2]int // reported (or mentions), planned
	ByMonth bool
}

// Total of the bucket's values.
func (b bucket) Total() int { return b.Values[0] + b.Values[1] }

// monthIndex maps "2025-05" to a running month number; ok is false for a
// key that is not a month (a year alone).
func monthIndex(key string) (int, bool) {
	y, m, ok := strings.Cut(key, "-")
	if !ok {
		return 0, false
	}
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || mi < 1 || mi > 12 {
		return 0, false
	}
	return yi*12 + mi - 1, true
}

// buckets spreads counts keyed by month or year over consecutive bars:
// months when every key is a month and the span is short enough, else
// years. Missing months and years get empty bars, so that gaps show.
func buckets(keys []string, values [][2]int) []bucket {
	byMonth := len(keys) > 0
	lo, hi := 0, 0
	for i, k := range keys {
		n, ok := monthIndex(k)
		if !ok {
			byMonth = false
			break
		}
		if i == 0 || n < lo {
			lo = n
		}
		if i == 0 || n > hi {
			hi = n
		}
	}
	if byMonth && hi-lo+1 > chartMaxMonths {
		byMonth = false
	}
	sum := map[int][2]int{}
	for i, k := range keys {
		var n int
		if byMonth {
			n, _ = monthIndex(k)
		} else {
			y, _, _ := strings.Cut(k, "-")
			var err error
			if n, err = strconv.Atoi(y); err != nil {
				continue
			}
		}
		v := sum[n]
		v[0] += values[i][0]
		v[1] += values[i][1]
		sum[n] = v
	}
	if len(sum) == 0 {
		return nil
	}
	first := true
	for n := range sum {
		if first || n < lo {
			lo = n
		}
		if first || n > hi {
			hi = n
		}
		first = false
	}
	var out []bucket
	for n := lo; n <= hi; n++ {
		b := bucket{Values: sum[n], ByMonth: byMonth}
		if byMonth {
			y, m := n/12, n%12+1
			b.Key = fmt.Sprintf("%04d-%02d", y, m)
			b.Label = fmt.Sprintf("%s %d", monthName(m), y)
			b.Short = monthName(m)[:3]
			if m == 1 || n == lo {
				b.Year = strconv.Itoa(y)
			}
		} else {
			b.Key = strconv.Itoa(n)
			b.Label, b.Short = b.Key, b.Key
		}
		out = append(out, b)
	}
	return out
}

// mentionBuckets is a country's mentions over time.
func mentionBuckets(ms []model.MonthCount) []bucket {
	keys := make([]string, len(ms))
	vals := make([][2]int, len(ms))
	for i, m := range ms {
		keys[i], vals[i] = m.Month, [2]int{m.Count, 0}
	}
	return buckets(keys, vals)
}

// eventBuckets is events per month (or year): reported, planned. Events
// are counted per month first, so that buckets sees one key a month
// rather than one an event.
func eventBuckets(es []*model.Event) []bucket {
	type ym struct{ year, month int }
	at := map[ym]int{} // index in order and vals
	var order []ym
	var vals [][2]int
	last := -1 // the month of the event before: lists are sorted, so mostly the same
	for _, e := range es {
		d := e.Date()
		if d.IsZero() {
			continue
		}
		k := ym{d.Year, d.Month}
		i := last
		if i < 0 || order[i] != k {
			var ok bool
			if i, ok = at[k]; !ok {
				i = len(order)
				at[k] = i
				order = append(order, k)
				vals = append(vals, [2]int{})
			}
			last = i
		}
		if e.Planned {
			vals[i][1]++
		} else {
			vals[i][0]++
		}
	}
	keys := make([]string, len(order))
	for i, k := range order {
		keys[i] = strconv.Itoa(k.year)
		if k.month != 0 {
			keys[i] = fmt.Sprintf("%04d-%02d", k.year, k.month)
		}
	}
	// An event known only by year puts the whole chart into years: a
	// monthly chart would have to leave it out.
	return buckets(keys, vals)
}

// chartSpec describes one bar chart.
type chartSpec struct {
	ID      string // prefix of the element ids, unique on the page
	Title   string
	Desc    string
	Buckets []bucket
	Stacked bool   // second value (planned) drawn hatched on top
	Unit    string // "mention" / "event", for value labels in titles
	Units   string
}

// barChart draws the chart as SVG. Its size follows the number of bars, so
// that a short series is not stretched into a few giant bars.
func barChart(c chartSpec) template.HTML {
	n := len(c.Buckets)
	if n == 0 {
		return ""
	}
	slot := 44
	if n > 14 {
		slot = max(14, 620/n)
	}
	const left, right, top, bottom, plotH = 8, 8, 22, 40, 120
	width := max(left+right+n*slot, 240)
	height := top + plotH + bottom
	maxV := 0
	for _, b := range c.Buckets {
		maxV = max(maxV, b.Total())
	}
	if maxV == 0 {
		maxV = 1
	}
	// Every label is drawn when it fits; otherwise every k-th.
	step := 1
	if slot < 40 {
		step = (40 + slot - 1) / slot
	}
	x0 := left + (width-left-right-n*slot)/2
	barW := slot * 2 / 3

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc">`,
		width, height, width, height, c.ID, c.ID)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, c.ID, html.EscapeString(c.Title), c.ID, html.EscapeString(c.Desc))
	if c.Stacked {
		fmt.Fprintf(&b, `<defs><pattern id="%s-hatch" class="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6"/></pattern></defs>`, c.ID)
	}
	base := top + plotH
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, base, width-right, base)
	for i, bk := range c.Buckets {
		x := x0 + i*slot + (slot-barW)/2
		cx := x0 + i*slot + slot/2
		h0 := bk.Values[0] * plotH / maxV
		h1 := bk.Values[1] * plotH / maxV
		if bk.Values[0] > 0 && h0 == 0 {
			h0 = 1
		}
		if bk.Values[1] > 0 && h1 == 0 {
			h1 = 1
		}
		label := fmt.Sprintf("%s: %s", bk.Label, plural(bk.Values[0], c.Unit, c.Units))
		if c.Stacked {
			label = fmt.Sprintf("%s: %d reported, %d planned", bk.Label, bk.Values[0], bk.Values[1])
		}
		fmt.Fprintf(&b, `<g><title>%s</title>`, html.EscapeString(label))
		if h0 > 0 {
			fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%d" height="%d"/>`, x, base-h0, barW, h0)
		}
		if h1 > 0 {
			fmt.Fprintf(&b, `<rect class="bar-planned" fill="url(#%s-hatch)" x="%d" y="%d" width="%d" height="%d"/>`, c.ID, x, base-h0-h1, barW, h1)
		}
		if t := bk.Total(); t > 0 && slot >= 18 {
			fmt.Fprintf(&b, `<text class="value" x="%d" y="%d">%d</text>`, cx, base-h0-h1-5, t)
		}
		if i%step == 0 {
			fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d">%s</text>`, cx, base+15, html.EscapeString(bk.Short))
			if bk.Year != "" && bk.ByMonth {
				fmt.Fprintf(&b, `<text class="tick tick-year" x="%d" y="%d">%s</text>`, cx, base+30, bk.Year)
			}
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// mentionsChart is a country's mentions over time.
func mentionsChart(name string, ms []model.MonthCount) template.HTML {
	bs := mentionBuckets(ms)
	if len(bs) == 0 {
		return ""
	}
	total := 0
	for _, b := range bs {
		total += b.Total()
	}
	peak, per := peakAndPeriod(bs)
	return barChart(chartSpec{
		ID:    "mentions-chart",
		Title: fmt.Sprintf("Mentions of %s per %s", name, per),
		Desc: fmt.Sprintf("%s from %s to %s; most in %s (%d).", plural(total, "mention", "mentions"),
			bs[0].Label, bs[len(bs)-1].Label, peak.Label, peak.Total()),
		Buckets: bs, Unit: "mention", Units: "mentions",
	})
}

// peakAndPeriod is the first of the fullest buckets, and what one bucket
// spans ("month" or "year"), for a chart's description. bs is not empty.
func peakAndPeriod(bs []bucket) (peak bucket, per string) {
	peak = bs[0]
	for _, b := range bs {
		if b.Total() > peak.Total() {
			peak = b
		}
	}
	if !bs[0].ByMonth {
		return peak, "year"
	}
	return peak, "month"
}

// eventsChart is events per month (or year), reported and planned.
func eventsChart(es []*model.Event) template.HTML { return bucketsChart(eventBuckets(es)) }

// bucketsChart is the events chart of eventBuckets.
func bucketsChart(bs []bucket) template.HTML {
	if len(bs) == 0 {
		return ""
	}
	reported, planned := 0, 0
	for _, b := range bs {
		reported += b.Values[0]
		planned += b.Values[1]
	}
	peak, per := peakAndPeriod(bs)
	return barChart(chartSpec{
		ID:    "events-chart",
		Title: "Events per " + per,
		Desc: fmt.Sprintf("%s reported and %d planned from %s to %s; most in %s (%d). Planned events are hatched.",
			plural(reported, "event", "events"), planned, bs[0].Label, bs[len(bs)-1].Label, peak.Label, peak.Total()),
		Buckets: bs, Stacked: true, Unit: "event", Units: "events",
	})
}

// chartRow is one row of a chart's data table.
type chartRow struct {
	Key, Label        string
	Reported, Planned int
}

// eventsByPeriod is the events chart's data, newest first, for the table
// that goes with it.
func eventsByPeriod(es []*model.Event) []chartRow { return bucketRows(eventBuckets(es)) }

// bucketRows is the table of eventBuckets.
func bucketRows(bs []bucket) []chartRow {
	var rows []chartRow
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i].Total() == 0 {
			continue
		}
		rows = append(rows, chartRow{Key: bs[i].Key, Label: bs[i].Label, Reported: bs[i].Values[0], Planned: bs[i].Values[1]})
	}
	return rows
}
