package render

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"sort"
	"strings"

	"brief/generator/extract"
	"brief/generator/geo"
	"brief/generator/model"
)

// Maps are inline SVG drawn at build time from package geo's outlines.
// Countries the site knows are links to their profiles, with a <title>
// that names them and their mentions; the templates put the same facts in
// a list or table beside the map, which is the text alternative.

// Map sizes in SVG units; CSS scales them to the column.
const (
	regionMapWidth  = 800
	locatorMapWidth = 480
	mapAspect       = 1.6
)

// mentionClasses is the number of shades of the mentions map.
const mentionClasses = 5

// shade is one class of the mentions map's legend.
type shade struct {
	Class  string // CSS class: "q1" … "q5"
	Lo, Hi int    // mentions in this class, inclusive
}

// Label is "1 mention", "2–4 mentions".
func (s shade) Label() string {
	if s.Lo == s.Hi {
		return plural(s.Lo, "mention", "mentions")
	}
	return fmt.Sprintf("%d–%d mentions", s.Lo, s.Hi)
}

// shades splits 1…maxMentions into at most five classes of equal width;
// with few mentions each count is its own class.
func shades(maxMentions int) []shade {
	if maxMentions < 1 {
		return nil
	}
	k := min(mentionClasses, maxMentions)
	out := make([]shade, k)
	for i := 1; i <= k; i++ {
		out[i-1] = shade{Class: fmt.Sprintf("q%d", i), Lo: (i-1)*maxMentions/k + 1, Hi: i * maxMentions / k}
	}
	return out
}

func shadeOf(ss []shade, n int) string {
	for _, s := range ss {
		if n >= s.Lo && n <= s.Hi {
			return s.Class
		}
	}
	return ""
}

// writeLand draws every outline in the frame that is not drawn on its own
// as one path: the background costs one element.
func writeLand(b *strings.Builder, f geo.Frame, skip map[string]bool) {
	var d strings.Builder
	for _, code := range geo.Codes() {
		if skip[code] {
			continue
		}
		c, _ := geo.Lookup(code)
		d.WriteString(f.Path(c))
	}
	if d.Len() > 0 {
		fmt.Fprintf(b, `<path class="land" d="%s"/>`, d.String())
	}
}

// marker is where a country without an outline (a small island state) is
// drawn: the centre coordinates of the extractor's data.
func marker(code string) (geo.Point, bool) {
	info, ok := extract.LookupCountry(code)
	if !ok || (info.LatLng == [2]float64{}) {
		return geo.Point{}, false
	}
	return geo.Project(info.LatLng[1], info.LatLng[0]), true
}

// countryShape draws one country: its outline, or a dot where the data has
// no outline or the outline is too small to see.
func countryShape(b *strings.Builder, f geo.Frame, code, class string) {
	if c, ok := geo.Lookup(code); ok {
		if d := f.Path(c); d != "" {
			fmt.Fprintf(b, `<path class="%s" d="%s"/>`, class, d)
			x0, y0 := f.XY(geo.Point{X: c.Main.MinX, Y: c.Main.MinY})
			x1, y1 := f.XY(geo.Point{X: c.Main.MaxX, Y: c.Main.MaxY})
			if math.Max(x1-x0, y1-y0) < 8 {
				fmt.Fprintf(b, `<circle class="%s dot" cx="%.0f" cy="%.0f" r="6"/>`, class, (x0+x1)/2, (y0+y1)/2)
			}
			return
		}
	}
	if p, ok := marker(code); ok {
		x, y := f.XY(p)
		if x >= 0 && y >= 0 && x <= float64(f.Width) && y <= float64(f.Height) {
			fmt.Fprintf(b, `<circle class="%s dot" cx="%.0f" cy="%.0f" r="6"/>`, class, x, y)
		}
	}
}

// mentionsMap draws the countries of the site shaded by mentions, on a
// view of the region they lie in, each a link to its profile.
func (r links) mentionsMap(countries []*model.Country) template.HTML {
	var codes []string
	maxM := 0
	for _, c := range countries {
		if c.Mentions > 0 {
			codes = append(codes, c.Code)
			maxM = max(maxM, c.Mentions)
		}
	}
	if len(codes) == 0 || geo.Err() != nil {
		return ""
	}
	ss := shades(maxM)
	f := geo.NewFrame(geo.Region(codes, 0.06, 0.6, 1.3, 2.2), regionMapWidth)
	skip := map[string]bool{}
	for _, c := range codes {
		skip[c] = true
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="map" viewBox="%s" width="%d" height="%d" role="group" aria-labelledby="map-title">`, f.ViewBox(), f.Width, f.Height)
	b.WriteString(`<title id="map-title">Map of the countries mentioned, shaded by number of mentions</title>`)
	fmt.Fprintf(&b, `<rect class="sea" width="%d" height="%d"/>`, f.Width, f.Height)
	writeLand(&b, f, skip)
	// Larger counts last, so that a small, much-mentioned country is not
	// hidden under a big neighbour's border.
	sorted := append([]*model.Country(nil), countries...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Mentions < sorted[j].Mentions })
	for _, c := range sorted {
		if c.Mentions == 0 {
			continue
		}
		fmt.Fprintf(&b, `<a href="%s"><title>%s: %s</title>`, html.EscapeString(r.url(countryPath(c))),
			html.EscapeString(c.Name), plural(c.Mentions, "mention", "mentions"))
		countryShape(&b, f, c.Code, shadeOf(ss, c.Mentions))
		b.WriteString(`</a>`)
	}
	// Names of the countries big enough to hold one, above every shape;
	// the links' titles already name them, so the labels are hidden from
	// screen readers.
	var labels strings.Builder
	for _, c := range countries {
		if c.Mentions > 0 {
			label(&labels, f, c, 7)
		}
	}
	if labels.Len() > 0 {
		fmt.Fprintf(&b, `<g aria-hidden="true">%s</g>`, labels.String())
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// label writes a country's name at the centre of its main part when that
// is at least perChar units wide per letter and inside the frame.
func label(b *strings.Builder, f geo.Frame, c *model.Country, perChar float64) {
	g, ok := geo.Lookup(c.Code)
	if !ok {
		return
	}
	x0, y0 := f.XY(geo.Point{X: g.Main.MinX, Y: g.Main.MinY})
	x1, y1 := f.XY(geo.Point{X: g.Main.MaxX, Y: g.Main.MaxY})
	// A country mostly outside the frame is not labelled: the centre of
	// what shows of its box may not be on the country at all.
	area := (x1 - x0) * (y1 - y0)
	x0, y0 = math.Max(x0, 0), math.Max(y0, 0)
	x1, y1 = math.Min(x1, float64(f.Width)), math.Min(y1, float64(f.Height))
	if x1-x0 < perChar*float64(len(c.Name)) || y1-y0 < 24 || (x1-x0)*(y1-y0) < 0.6*area {
		return
	}
	fmt.Fprintf(b, `<text class="map-label" x="%.0f" y="%.0f">%s</text>`, (x0+x1)/2, (y0+y1)/2+5, html.EscapeString(c.Name))
}

// mapShades is the legend of mentionsMap for the same countries.
func mapShades(countries []*model.Country) []shade {
	maxM := 0
	for _, c := range countries {
		maxM = max(maxM, c.Mentions)
	}
	return shades(maxM)
}

// membersMap shows an organisation's member states on a map of their
// region, each a link to its profile.
func (r links) membersMap(name string, members []*model.Country) template.HTML {
	var codes []string
	for _, c := range members {
		codes = append(codes, c.Code)
	}
	if len(codes) == 0 || geo.Err() != nil {
		return ""
	}
	f := geo.NewFrame(geo.Region(codes, 0.06, 0.6, 1.3, 2.2), regionMapWidth)
	skip := map[string]bool{}
	for _, c := range codes {
		skip[c] = true
	}
	var names []string
	for _, c := range members {
		names = append(names, c.Name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="map" viewBox="%s" width="%d" height="%d" role="group" aria-labelledby="members-title members-desc">`, f.ViewBox(), f.Width, f.Height)
	fmt.Fprintf(&b, `<title id="members-title">Map of the member states of %s</title>`, html.EscapeString(name))
	fmt.Fprintf(&b, `<desc id="members-desc">%s: %s.</desc>`, plural(len(members), "member", "members"), html.EscapeString(andList(names)))
	fmt.Fprintf(&b, `<rect class="sea" width="%d" height="%d"/>`, f.Width, f.Height)
	writeLand(&b, f, skip)
	var labels strings.Builder
	for _, c := range members {
		fmt.Fprintf(&b, `<a href="%s"><title>%s</title>`, html.EscapeString(r.url(countryPath(c))), html.EscapeString(c.Name))
		countryShape(&b, f, c.Code, "member")
		b.WriteString(`</a>`)
		label(&labels, f, c, 7)
	}
	if labels.Len() > 0 {
		fmt.Fprintf(&b, `<g aria-hidden="true">%s</g>`, labels.String())
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// locatorMap shows where a country lies: the country highlighted in a view
// of its region, the other countries of the site shaded and linked.
func (r links) locatorMap(c *model.Country, site []*model.Country) template.HTML {
	if c == nil || geo.Err() != nil {
		return ""
	}
	var view geo.Box
	if g, ok := geo.Lookup(c.Code); ok {
		// Small countries get wide margins, so that their neighbours show;
		// Russia or Canada fill the frame.
		size := math.Max(g.Main.Width(), g.Main.Height())
		pad := 0.6 * math.Min(1, 0.25/size)
		view = geo.Region([]string{c.Code}, pad, 0.3, mapAspect, mapAspect)
	} else if p, ok := marker(c.Code); ok {
		view = geo.Around(p, 0.3, mapAspect)
	} else {
		return ""
	}
	f := geo.NewFrame(view, locatorMapWidth)
	skip := map[string]bool{c.Code: true}
	var linked []*model.Country
	for _, o := range site {
		if o.Code == c.Code {
			continue
		}
		if g, ok := geo.Lookup(o.Code); ok && f.Visible(g) {
			skip[o.Code] = true
			linked = append(linked, o)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="map locator" viewBox="%s" width="%d" height="%d" role="group" aria-labelledby="locator-title locator-desc">`, f.ViewBox(), f.Width, f.Height)
	fmt.Fprintf(&b, `<title id="locator-title">Locator map of %s</title>`, html.EscapeString(c.Name))
	fmt.Fprintf(&b, `<desc id="locator-desc">%s</desc>`, html.EscapeString(locatorText(c)))
	fmt.Fprintf(&b, `<rect class="sea" width="%d" height="%d"/>`, f.Width, f.Height)
	writeLand(&b, f, skip)
	for _, o := range linked {
		fmt.Fprintf(&b, `<a href="%s"><title>%s</title>`, html.EscapeString(r.url(countryPath(o))), html.EscapeString(o.Name))
		countryShape(&b, f, o.Code, "seen")
		b.WriteString(`</a>`)
	}
	countryShape(&b, f, c.Code, "here")
	var labels strings.Builder
	for _, o := range linked {
		label(&labels, f, o, 11)
	}
	if g, ok := geo.Lookup(c.Code); ok {
		// The country's own name goes on it, whatever its size.
		x, y := f.XY(g.Main.Center())
		x = math.Max(60, math.Min(float64(f.Width)-60, x))
		y += 7
		fmt.Fprintf(&labels, `<text class="map-label here-label" x="%.0f" y="%.0f">%s</text>`, x, y, html.EscapeString(c.Name))
	}
	if labels.Len() > 0 {
		fmt.Fprintf(&b, `<g aria-hidden="true">%s</g>`, labels.String())
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// locatorText says in words what the locator map shows: "Tajikistan lies
// in Central Asia and borders Afghanistan, China, Kyrgyzstan and
// Uzbekistan."
func locatorText(c *model.Country) string {
	var s strings.Builder
	s.WriteString(c.Name)
	if c.Subregion != "" {
		fmt.Fprintf(&s, " lies in %s", c.Subregion)
	} else if c.Region != "" {
		fmt.Fprintf(&s, " lies in %s", c.Region)
	}
	info, _ := extract.LookupCountry(c.Code)
	var names []string
	for _, code := range info.Borders {
		if n, ok := extract.LookupCountry(code); ok {
			names = append(names, n.Name)
		}
	}
	switch {
	case len(names) > 0 && (c.Subregion != "" || c.Region != ""):
		s.WriteString(" and borders " + andList(names))
	case len(names) > 0:
		s.WriteString(" borders " + andList(names))
	case c.Subregion == "" && c.Region == "":
		s.WriteString(" is shown on the map")
	}
	s.WriteString(".")
	return s.String()
}

// andList joins "a", "b" and "c" as "a, b and c".
func andList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
