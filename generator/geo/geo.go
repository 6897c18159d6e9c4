// Package geo draws country outlines as SVG paths for the site's maps.
//
// The outlines are Natural Earth's 1:110m Admin 0 countries (public
// domain), converted once from the world-atlas npm package by
// internal/gengeo and embedded from data/ (see data/README.md for the
// provenance and the regeneration command). Countries are keyed by ISO
// 3166-1 alpha-2 code, like everything else on the site.
//
// Coordinates are projected with the Equal Earth projection (Šavrič, Patterson
// and Jenny, 2018): an equal-area world projection whose shapes stay
// recognisable, so that a country's shading is not exaggerated by its
// latitude. A Frame maps a box of the projected plane onto an SVG viewBox;
// Path clips a country to the frame and prints it with integer coordinates
// and relative commands, which keeps inline maps small.
//
// Everything is deterministic: the same codes and frame give the same bytes.
package geo

import (
	_ "embed"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:generate go run ./internal/gengeo -modules ${BRIEF_NODE_MODULES} -out data/countries-110m.txt

//go:embed data/countries-110m.txt
var countriesData string

// Point is a position on the projected plane. X grows eastwards and Y
// southwards, as in SVG.
type Point struct{ X, Y float64 }

// Box is a rectangle of the projected plane.
type Box struct{ MinX, MinY, MaxX, MaxY float64 }

// Width and Height of the box.
func (b Box) Width() float64  { return b.MaxX - b.MinX }
func (b Box) Height() float64 { return b.MaxY - b.MinY }

// Empty reports whether the box holds no point.
func (b Box) Empty() bool { return b.MaxX < b.MinX || b.MaxY < b.MinY }

// Union is the smallest box holding both boxes.
func (b Box) Union(o Box) Box {
	if b.Empty() {
		return o
	}
	if o.Empty() {
		return b
	}
	return Box{math.Min(b.MinX, o.MinX), math.Min(b.MinY, o.MinY), math.Max(b.MaxX, o.MaxX), math.Max(b.MaxY, o.MaxY)}
}

// Intersects reports whether the boxes overlap.
func (b Box) Intersects(o Box) bool {
	return !b.Empty() && !o.Empty() && b.MinX <= o.MaxX && o.MinX <= b.MaxX && b.MinY <= o.MaxY && o.MinY <= b.MaxY
}

// Center of the box.
func (b Box) Center() Point { return Point{(b.MinX + b.MaxX) / 2, (b.MinY + b.MaxY) / 2} }

func emptyBox() Box { return Box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

func (b *Box) add(p Point) {
	b.MinX, b.MinY = math.Min(b.MinX, p.X), math.Min(b.MinY, p.Y)
	b.MaxX, b.MaxY = math.Max(b.MaxX, p.X), math.Max(b.MaxY, p.Y)
}

// Equal Earth constants.
const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

var eeM = math.Sqrt(3) / 2

// Project maps a longitude and latitude in degrees to the plane with the
// Equal Earth projection on the unit sphere, Y pointing south.
func Project(lon, lat float64) Point {
	l := lon * math.Pi / 180
	p := lat * math.Pi / 180
	t := math.Asin(eeM * math.Sin(p))
	t2 := t * t
	t6 := t2 * t2 * t2
	x := l * math.Cos(t) / (eeM * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y := t * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return Point{x, -y}
}

// World is the box of the whole projected world.
func World() Box {
	// The equator is the widest parallel; the poles are the top and
	// bottom lines.
	return Box{Project(-180, 0).X, Project(0, 90).Y, Project(180, 0).X, Project(0, -90).Y}
}

// Country is the outline of one country, projected.
type Country struct {
	Code   string
	Rings  [][]Point
	Bounds Box // of every ring
	// Main is the box of the largest ring: Russia's mainland without the
	// tip of Chukotka beyond the antimeridian, France without French
	// Guiana. Maps zoom on it.
	Main Box
}

var (
	loadOnce  sync.Once
	countries map[string]*Country
	codes     []string
	loadErr   error
)

func load() {
	countries, loadErr = parse(countriesData)
	for c := range countries {
		codes = append(codes, c)
	}
	sort.Strings(codes)
}

// Err reports whether the embedded outlines could be read; it is nil
// unless the data file is damaged.
func Err() error {
	loadOnce.Do(load)
	return loadErr
}

// Lookup returns the outline of a country by alpha-2 code (either case);
// small states that the 1:110m data leaves out have none.
func Lookup(code string) (*Country, bool) {
	loadOnce.Do(load)
	c, ok := countries[strings.ToUpper(code)]
	return c, ok
}

// Codes lists every country with an outline, sorted.
func Codes() []string {
	loadOnce.Do(load)
	return append([]string(nil), codes...)
}

// parse reads the data format that internal/gengeo writes.
func parse(data string) (map[string]*Country, error) {
	out := map[string]*Country{}
	var cur *Country
	var mainArea float64
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		switch {
		case strings.HasPrefix(line, "C "):
			code := strings.TrimSpace(line[2:])
			cur = &Country{Code: code, Bounds: emptyBox(), Main: emptyBox()}
			mainArea = 0
			out[code] = cur
		case strings.HasPrefix(line, "R ") && cur != nil:
			ring, err := parseRing(line[2:])
			if err != nil {
				return nil, fmt.Errorf("countries-110m.txt:%d: %v", n+1, err)
			}
			box := emptyBox()
			for _, p := range ring {
				box.add(p)
			}
			cur.Rings = append(cur.Rings, ring)
			cur.Bounds = cur.Bounds.Union(box)
			if a := math.Abs(area(ring)); a > mainArea {
				mainArea, cur.Main = a, box
			}
		default:
			return nil, fmt.Errorf("countries-110m.txt:%d: unexpected line", n+1)
		}
	}
	return out, nil
}

func parseRing(s string) ([]Point, error) {
	fields := strings.Fields(s)
	ring := make([]Point, 0, len(fields))
	var lon, lat int
	for i, f := range fields {
		a, b, ok := strings.Cut(f, ",")
		if !ok {
			return nil, fmt.Errorf("bad point %q", f)
		}
		x, err1 := strconv.Atoi(a)
		y, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("bad point %q", f)
		}
		if i == 0 {
			lon, lat = x, y
		} else {
			lon, lat = lon+x, lat+y
		}
		ring = append(ring, Project(float64(lon)/100, float64(lat)/100))
	}
	return ring, nil
}

// area is the signed area of a ring (shoelace formula).
func area(r []Point) float64 {
	var a float64
	for i := range r {
		j := (i + 1) % len(r)
		a += r[i].X*r[j].Y - r[j].X*r[i].Y
	}
	return a / 2
}

// Region is a box around the main parts of the given countries, padded by
// pad (a fraction of its size), at least minSpan wide and high (in plane
// units; the world is about 5.4 wide), widened so that its aspect ratio
// width/height lies between minAspect and maxAspect, and kept inside the
// world. Codes without an outline are skipped; with none at all the result
// is the world.
func Region(codes []string, pad, minSpan, minAspect, maxAspect float64) Box {
	b := emptyBox()
	for _, code := range codes {
		if c, ok := Lookup(code); ok {
			b = b.Union(c.Main)
		}
	}
	if b.Empty() {
		return World()
	}
	return fit(b, pad, minSpan, minAspect, maxAspect)
}

// Around is a box centred on a point, as Region does for a country with no
// outline (a small island state): minSpan wide, at the aspect ratio.
func Around(p Point, minSpan, aspect float64) Box {
	return fit(Box{p.X, p.Y, p.X, p.Y}, 0, minSpan, aspect, aspect)
}

func fit(b Box, pad, minSpan, minAspect, maxAspect float64) Box {
	w, h := b.Width()*(1+2*pad), b.Height()*(1+2*pad)
	w, h = math.Max(w, minSpan), math.Max(h, minSpan)
	if minAspect > 0 && w/h < minAspect {
		w = h * minAspect
	}
	if maxAspect > 0 && w/h > maxAspect {
		h = w / maxAspect
	}
	world := World()
	if w > world.Width() {
		w = world.Width()
		if minAspect > 0 && w/h < minAspect {
			h = w / minAspect
		}
	}
	if h > world.Height() {
		h = world.Height()
	}
	c := b.Center()
	out := Box{c.X - w/2, c.Y - h/2, c.X + w/2, c.Y + h/2}
	// Slide the box back inside the world rather than shrinking it.
	if out.MinX < world.MinX {
		out.MinX, out.MaxX = world.MinX, world.MinX+w
	}
	if out.MaxX > world.MaxX {
		out.MinX, out.MaxX = world.MaxX-w, world.MaxX
	}
	if out.MinY < world.MinY {
		out.MinY, out.MaxY = world.MinY, world.MinY+h
	}
	if out.MaxY > world.MaxY {
		out.MinY, out.MaxY = world.MaxY-h, world.MaxY
	}
	return out
}

// Frame maps a box of the projected plane onto an SVG viewBox of
// Width × Height units with its origin at the top left.
type Frame struct {
	View          Box
	Width, Height int
	scale         float64
}

// NewFrame makes a frame of the given width; the height follows from the
// view's aspect ratio.
func NewFrame(view Box, width int) Frame {
	s := float64(width) / view.Width()
	return Frame{View: view, Width: width, Height: int(math.Round(view.Height() * s)), scale: s}
}

// ViewBox is the value of the svg element's viewBox attribute.
func (f Frame) ViewBox() string { return fmt.Sprintf("0 0 %d %d", f.Width, f.Height) }

// XY is a point of the plane in frame units.
func (f Frame) XY(p Point) (x, y float64) {
	return (p.X - f.View.MinX) * f.scale, (p.Y - f.View.MinY) * f.scale
}

// Visible reports whether any part of the country's outline is in the frame.
func (f Frame) Visible(c *Country) bool { return c != nil && f.View.Intersects(c.Bounds) }

// Path is the SVG path data of the country's outline in frame units,
// clipped to the frame (with a small margin so that no clipped edge shows),
// or "" when none of it is visible. Draw it with fill-rule evenodd: lakes
// and enclaves are rings of their own.
func (f Frame) Path(c *Country) string {
	if !f.Visible(c) {
		return ""
	}
	const margin = 4
	clip := Box{-margin, -margin, float64(f.Width) + margin, float64(f.Height) + margin}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	var b strings.Builder
	for _, ring := range c.Rings {
		pts := s.pts[:0]
		box := Box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, p := range ring {
			x, y := f.XY(p)
			pts = append(pts, Point{x, y})
			box = Box{min(box.MinX, x), min(box.MinY, y), max(box.MaxX, x), max(box.MaxY, y)}
		}
		s.pts = pts
		switch {
		case box.MaxX < clip.MinX || box.MinX > clip.MaxX || box.MaxY < clip.MinY || box.MinY > clip.MaxY:
			continue // wholly outside: clipping leaves nothing
		case box.MinX < clip.MinX || box.MaxX > clip.MaxX || box.MinY < clip.MinY || box.MaxY > clip.MaxY:
			pts = s.clipRing(pts, clip)
		}
		s.writeRing(&b, pts)
	}
	return b.String()
}

// scratch is the working memory of Path, reused from call to call: a map
// draws every outline of the world, and a site draws a map on every
// country's page.
type scratch struct {
	pts, out []Point
	ix, iy   []int
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// writeRing prints a ring with integer coordinates: an absolute move, then
// relative lines, skipping points that round onto the previous one.
func (s *scratch) writeRing(b *strings.Builder, pts []Point) {
	ix, iy := s.ix[:0], s.iy[:0]
	defer func() { s.ix, s.iy = ix, iy }()
	for _, p := range pts {
		x, y := int(math.Round(p.X)), int(math.Round(p.Y))
		if n := len(ix); n > 0 && ix[n-1] == x && iy[n-1] == y {
			continue
		}
		ix, iy = append(ix, x), append(iy, y)
	}
	if n := len(ix); n > 1 && ix[0] == ix[n-1] && iy[0] == iy[n-1] {
		ix, iy = ix[:n-1], iy[:n-1]
	}
	if len(ix) < 3 {
		return // a ring smaller than a unit is invisible at this scale
	}
	b.WriteString("M")
	b.WriteString(strconv.Itoa(ix[0]))
	num(b, iy[0])
	b.WriteString("l")
	for i := 1; i < len(ix); i++ {
		if i == 1 {
			b.WriteString(strconv.Itoa(ix[i] - ix[i-1]))
		} else {
			num(b, ix[i]-ix[i-1])
		}
		num(b, iy[i]-iy[i-1])
	}
	b.WriteString("z")
}

// num writes a number after another: a minus sign separates by itself.
func num(b *strings.Builder, n int) {
	if n >= 0 {
		b.WriteByte(' ')
	}
	b.WriteString(strconv.Itoa(n))
}

// clipRing clips a closed ring to a rectangle (Sutherland–Hodgman). The
// result may run along the rectangle's edges, which the margin of Path
// keeps out of sight. It writes over pts, which is one of the scratch's
// buffers in Path.
func (s *scratch) clipRing(pts []Point, r Box) []Point {
	edges := [4]struct {
		inside func(Point) bool
		cross  func(a, b Point) Point
	}{
		{func(p Point) bool { return p.X >= r.MinX }, func(a, b Point) Point { return atX(a, b, r.MinX) }},
		{func(p Point) bool { return p.X <= r.MaxX }, func(a, b Point) Point { return atX(a, b, r.MaxX) }},
		{func(p Point) bool { return p.Y >= r.MinY }, func(a, b Point) Point { return atY(a, b, r.MinY) }},
		{func(p Point) bool { return p.Y <= r.MaxY }, func(a, b Point) Point { return atY(a, b, r.MaxY) }},
	}
	// Each edge reads the points of the last and writes into the other
	// of two buffers.
	spare := s.out
	for _, e := range edges {
		if len(pts) == 0 {
			break
		}
		in := pts
		pts = spare[:0]
		prev := in[len(in)-1]
		for _, p := range in {
			switch {
			case e.inside(p) && e.inside(prev):
				pts = append(pts, p)
			case e.inside(p):
				pts = append(pts, e.cross(prev, p), p)
			case e.inside(prev):
				pts = append(pts, e.cross(prev, p))
			}
			prev = p
		}
		spare = in
	}
	s.pts, s.out = pts, spare
	return pts
}

func atX(a, b Point, x float64) Point {
	t := (x - a.X) / (b.X - a.X)
	return Point{x, a.Y + t*(b.Y-a.Y)}
}

func atY(a, b Point, y float64) Point {
	t := (y - a.Y) / (b.Y - a.Y)
	return Point{a.X + t*(b.X-a.X), y}
}
