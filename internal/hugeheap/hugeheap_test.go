package hugeheap

import "testing"

func TestWanted(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		godebug string
		want    bool
	}{
		{[]string{"brief", "build"}, "", true},
		{[]string{"brief", "build", "--out", "site"}, "madvdontneed=1", true},
		{[]string{"brief", "serve"}, "", false},
		{[]string{"brief", "check", "build"}, "", true},
		{[]string{"brief", "check", "--content", "site"}, "", true},
		{[]string{"brief", "extract", "a.txt"}, "", false},
		{[]string{"brief", "new", "check"}, "", false},
		{[]string{"brief"}, "", true},
		{[]string{"brief", "--out", "site"}, "", true},
		{[]string{"brief", "version"}, "", false},
		{nil, "", true},
		{[]string{"hugeheap.test", "-test.run=TestWanted"}, "", false},
		{[]string{"brief", "build"}, "disablethp=1", false},
		{[]string{"brief", "build"}, "gctrace=1, disablethp=1", false},
		{[]string{"brief", "build"}, "disablethp=0", true},
	} {
		if race {
			tc.want = false
		}
		if got := wanted(tc.args, tc.godebug); got != tc.want {
			t.Errorf("wanted(%q, %q) = %v, want %v", tc.args, tc.godebug, got, tc.want)
		}
	}
}

func TestSize(t *testing.T) {
	for _, tc := range []struct {
		total, free uint64
		want        uintptr
	}{
		{24 << 30, 20 << 30, Size},
		{8 << 30, 8 << 30, Size},
		{4 << 30, 4 << 30, 1 << 30},
		{24 << 30, 800 << 20, 400 << 20},
		{24 << 30, 801 << 20, 400 << 20}, // whole huge pages
		{24 << 30, 3 << 20, 0},
		{16 << 20, 16 << 20, 4 << 20},
		{4 << 20, 4 << 20, 0},
		{0, 8 << 30, 0},
		{8 << 30, 0, 0},
	} {
		if got := size(tc.total, tc.free); got != tc.want {
			t.Errorf("size(%d, %d) = %d, want %d", tc.total, tc.free, got, tc.want)
		}
	}
}

func TestParseBuddyInfo(t *testing.T) {
	const info = `Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 
Node 0, zone    DMA32   1524    770    967    165    245     39     24     24      5     67     14 
Node 0, zone   Normal  23323   9656   2128    490    408    462    350    206     62    331     35 
`
	checkParse(t, "parseBuddyInfo", parseBuddyInfo, []parseCase{
		// Order 9 is 2 MiB, order 10 4 MiB.
		{info, (1+67+331)*2<<20 + (3+14+35)*4<<20},
		{"Node 0, zone   Normal  0 0 0 0 0 0 0 0 0 2 1\n", 2*2<<20 + 4<<20},
		{"Node 0, zone   Normal  5 5 5\n", 0},
		{"Node 0, zone   Normal  0 0 0 0 0 0 0 0 0 x 1\n", 0},
		{"Node 1, zone   Normal\n", 0},
		{"garbage\n", 0},
		{"", 0},
	})
}

func TestParseMemTotal(t *testing.T) {
	checkParse(t, "parseMemTotal", parseMemTotal, []parseCase{
		{"MemTotal:       24683660 kB\nMemFree:         1272 kB\n", 24683660 << 10},
		{"MemFree:         1272 kB\nMemTotal: 1024 kB", 1 << 20},
		{"MemFree:         1272 kB\n", 0},
		{"MemTotal:       24683660 MB\n", 0},
		{"MemTotal:       2468x660 kB\n", 0},
		{"MemTotal: kB\n", 0},
		{"MemTotal: 99999999999999999999999 kB\n", 0},
		{"", 0},
	})
}

// parseCase is a file's text and what a parser should make of it.
type parseCase struct {
	info string
	want uint64
}

// checkParse runs the parser called name over cases.
func checkParse(t *testing.T, name string, parse func([]byte) uint64, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		if got := parse([]byte(tc.info)); got != tc.want {
			t.Errorf("%s(%q) = %d, want %d", name, tc.info, got, tc.want)
		}
	}
}
