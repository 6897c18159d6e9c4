package geo

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

func TestProject(t *testing.T) {
	// Reference values of the Equal Earth projection on the unit sphere
	// (the published formulas; x at the equator's end is π/(M·A1)).
	tests := []struct {
		lon, lat float64
		x, y     float64
	}{
		{0, 0, 0, 0},
		{180, 0, math.Pi / (math.Sqrt(3) / 2 * 1.340264), 0},
		{-180, 0, -math.Pi / (math.Sqrt(3) / 2 * 1.340264), 0},
		{0, 90, 0, -1.3173627},
		{0, -90, 0, 1.3173627},
	}
	for _, tt := range tests {
		p := Project(tt.lon, tt.lat)
		if !near(p.X, tt.x) || !near(p.Y, tt.y) {
			t.Errorf("Project(%v, %v) = %v, want (%v, %v)", tt.lon, tt.lat, p, tt.x, tt.y)
		}
	}
	// East is right, north is up (smaller Y), and the projection is
	// symmetric about the equator and the central meridian.
	a, b := Project(69, 38), Project(-69, -38)
	if a.X <= 0 || a.Y >= 0 || !near(a.X, -b.X) || !near(a.Y, -b.Y) {
		t.Errorf("Project(69, 38) = %v, Project(-69, -38) = %v", a, b)
	}
}

func TestWorld(t *testing.T) {
	w := World()
	want := Box{-math.Pi / (math.Sqrt(3) / 2 * 1.340264), -1.3173627, math.Pi / (math.Sqrt(3) / 2 * 1.340264), 1.3173627}
	if !near(w.MinX, want.MinX) || !near(w.MaxX, want.MaxX) || !near(w.MinY, want.MinY) || !near(w.MaxY, want.MaxY) {
		t.Errorf("World() = %v, want %v", w, want)
	}
	for _, code := range Codes() {
		c, _ := Lookup(code)
		if len(c.Rings) > 0 && (c.Bounds.MinX < w.MinX || c.Bounds.MaxX > w.MaxX || c.Bounds.MinY < w.MinY || c.Bounds.MaxY > w.MaxY) {
			t.Errorf("%s %v lies outside the world %v", code, c.Bounds, w)
		}
	}
}

func TestData(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	codes := Codes()
	if len(codes) < 170 {
		t.Fatalf("%d countries with outlines, want the 1:110m set (175)", len(codes))
	}
	for _, code := range []string{"TJ", "AF", "RU", "KZ", "KG", "AM", "BY", "XK", "CY", "SO"} {
		c, ok := Lookup(code)
		if !ok || len(c.Rings) == 0 {
			t.Errorf("no outline for %s", code)
		}
	}
	if _, ok := Lookup("tj"); !ok {
		t.Error("Lookup is not case-insensitive")
	}
	if _, ok := Lookup("SG"); ok {
		t.Error("Singapore has an outline, but the 1:110m data leaves it out")
	}
	// Dushanbe (68.8°E, 38.6°N) lies inside Tajikistan's box, not
	// Afghanistan's main box.
	tj, _ := Lookup("TJ")
	af, _ := Lookup("AF")
	d := Project(68.8, 38.6)
	in := func(b Box) bool { return d.X >= b.MinX && d.X <= b.MaxX && d.Y >= b.MinY && d.Y <= b.MaxY }
	if !in(tj.Main) || in(af.Main) {
		t.Errorf("Dushanbe %v: TJ box %v, AF box %v", d, tj.Main, af.Main)
	}
	// Russia's main box is its mainland: it does not reach the western
	// hemisphere across the antimeridian, though its whole outline does.
	ru, _ := Lookup("RU")
	if ru.Main.MinX < 0 || ru.Bounds.MinX > 0 {
		t.Errorf("RU main %v, bounds %v", ru.Main, ru.Bounds)
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"C TJ\nR 1,2 3\n", "X\n", "C TJ\nR a,b\n"} {
		if _, err := parse(in); err == nil {
			t.Errorf("parse(%q): no error", in)
		}
	}
	m, err := parse("# comment\nC ZZ\nR 0,0 100,0 0,100 -100,0\n")
	if err != nil || len(m["ZZ"].Rings[0]) != 4 {
		t.Fatalf("parse: %v %v", m, err)
	}
}

func TestRegion(t *testing.T) {
	w := World()
	for _, tt := range []struct {
		name  string
		codes []string
	}{
		{"one country", []string{"TJ"}},
		{"huge country", []string{"RU"}},
		{"several", []string{"TJ", "AF", "KZ", "RU", "BY", "AM"}},
		{"unknown only", []string{"SG"}},
	} {
		b := Region(tt.codes, 0.2, 0.4, 1.6, 1.6)
		if b.MinX < w.MinX-1e-9 || b.MaxX > w.MaxX+1e-9 || b.MinY < w.MinY-1e-9 || b.MaxY > w.MaxY+1e-9 {
			t.Errorf("%s: %v leaves the world %v", tt.name, b, w)
		}
		for _, code := range tt.codes {
			if c, ok := Lookup(code); ok && !b.Intersects(c.Main) {
				t.Errorf("%s: %v misses %s", tt.name, b, code)
			}
		}
		if b.Width() < 0.4-1e-9 {
			t.Errorf("%s: %v narrower than the minimum span", tt.name, b)
		}
	}
	b := Region([]string{"TJ"}, 0.2, 0.4, 1.6, 1.6)
	if !near(b.Width()/b.Height(), 1.6) {
		t.Errorf("aspect %v, want 1.6", b.Width()/b.Height())
	}
	// Russia's mainland is wide: a range of aspects keeps it wide rather
	// than adding the Arctic Ocean and half of Asia below it.
	ru := Region([]string{"RU"}, 0.05, 0.4, 1.3, 2.4)
	if a := ru.Width() / ru.Height(); a < 2.4-1e-9 || a > 2.4+1e-9 {
		t.Errorf("Russia's aspect %v, want the widest allowed, 2.4", a)
	}
}

var pathRE = regexp.MustCompile(`^(M-?\d+[ -]\d+l(?:[ -]?-?\d+)+z)+$`)

func TestPath(t *testing.T) {
	view := Region([]string{"TJ"}, 0.5, 0.4, 1.6, 1.6)
	f := NewFrame(view, 640)
	if f.Width != 640 || f.Height != 400 {
		t.Fatalf("frame %dx%d, want 640x400", f.Width, f.Height)
	}
	tj, _ := Lookup("TJ")
	p := f.Path(tj)
	if !pathRE.MatchString(p) {
		t.Fatalf("path is not M…l…z: %.120q", p)
	}
	if p != f.Path(tj) {
		t.Error("two calls give different paths")
	}
	// Every absolute and accumulated point lies within the clip margin.
	for _, sub := range strings.Split(strings.TrimSuffix(p, "z"), "z") {
		nums := regexp.MustCompile(`-?\d+`).FindAllString(sub, -1)
		var x, y int
		for i := 0; i+1 < len(nums); i += 2 {
			dx, _ := strconv.Atoi(nums[i])
			dy, _ := strconv.Atoi(nums[i+1])
			x, y = x+dx, y+dy
			if x < -5 || y < -5 || x > f.Width+5 || y > f.Height+5 {
				t.Fatalf("point %d,%d outside the frame", x, y)
			}
		}
	}
	// A far-away country is not drawn; a big neighbour is clipped to the
	// frame, so it costs less than its whole outline.
	br, _ := Lookup("BR")
	if f.Path(br) != "" || f.Visible(br) {
		t.Error("Brazil drawn on a map of Tajikistan")
	}
	ru, _ := Lookup("RU")
	whole := NewFrame(World(), 640).Path(ru)
	if clipped := f.Path(ru); clipped == "" || len(clipped) >= len(whole) {
		t.Errorf("Russia clipped to %d bytes, whole %d", len(clipped), len(whole))
	}
}

func TestClipRing(t *testing.T) {
	square := []Point{{-5, -5}, {5, -5}, {5, 5}, {-5, 5}}
	got := new(scratch).clipRing(slices.Clone(square), Box{0, 0, 10, 10})
	box := emptyBox()
	for _, p := range got {
		box.add(p)
	}
	if box != (Box{0, 0, 5, 5}) || math.Abs(area(got)) != 25 {
		t.Errorf("clip: %v (box %v, area %v)", got, box, area(got))
	}
	if out := new(scratch).clipRing(slices.Clone(square), Box{20, 20, 30, 30}); len(out) != 0 {
		t.Errorf("outside: %v", out)
	}
}

// Path, which skips clipping a ring wholly inside the frame and drawing
// one wholly outside, and reuses its buffers, draws what clipping every
// ring afresh draws: of every outline, in frames of the world, of regions
// and of single countries.
func TestPathEqualsClippingEveryRing(t *testing.T) {
	reference := func(f Frame, c *Country) string {
		if !f.Visible(c) {
			return ""
		}
		clip := Box{-4, -4, float64(f.Width) + 4, float64(f.Height) + 4}
		var b strings.Builder
		for _, ring := range c.Rings {
			pts := make([]Point, len(ring))
			for i, p := range ring {
				x, y := f.XY(p)
				pts[i] = Point{x, y}
			}
			new(scratch).writeRing(&b, new(scratch).clipRing(pts, clip))
		}
		return b.String()
	}
	frames := []Frame{NewFrame(World(), 640)}
	for _, codes := range [][]string{{"AF", "TJ", "UZ"}, {"RU"}, {"FR"}, {"KZ", "KG", "AM", "BY"}, {"US"}, {"FJ"}} {
		frames = append(frames, NewFrame(Region(codes, 0.06, 0.6, 1.3, 2.2), 800), NewFrame(Region(codes, 0.3, 0.6, 1.3, 2.2), 480))
	}
	drawn := 0
	for _, f := range frames {
		for _, code := range Codes() {
			c, _ := Lookup(code)
			got, want := f.Path(c), reference(f, c)
			if got != want {
				t.Fatalf("%s in frame %v: Path draws %d bytes, clipping every ring %d", code, f.View, len(got), len(want))
			}
			if got != "" {
				drawn++
			}
		}
	}
	if drawn < 300 {
		t.Errorf("only %d outlines drawn in %d frames", drawn, len(frames))
	}
}
