package hugeheap

import (
	"bytes"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestWanted(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		godebug string
		want    bool
	}{
		{[]string{"brief", "build"}, "", true},
		{[]string{"brief", "build", "--out", "site"}, "madvdontneed=1", true},
		{[]string{"brief", "serve"}, "", false},
		{[]string{"brief", "check", "build"}, "", false},
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
	for _, tc := range []struct {
		info string
		want uint64
	}{
		// Order 9 is 2 MiB, order 10 4 MiB.
		{info, (1+67+331)*2<<20 + (3+14+35)*4<<20},
		{"Node 0, zone   Normal  0 0 0 0 0 0 0 0 0 2 1\n", 2*2<<20 + 4<<20},
		{"Node 0, zone   Normal  5 5 5\n", 0},
		{"Node 0, zone   Normal  0 0 0 0 0 0 0 0 0 x 1\n", 0},
		{"Node 1, zone   Normal\n", 0},
		{"garbage\n", 0},
		{"", 0},
	} {
		if got := parseBuddyInfo([]byte(tc.info)); got != tc.want {
			t.Errorf("parseBuddyInfo(%q) = %d, want %d", tc.info, got, tc.want)
		}
	}
}

func TestParseMemTotal(t *testing.T) {
	for _, tc := range []struct {
		info string
		want uint64
	}{
		{"MemTotal:       24683660 kB\nMemFree:         1272 kB\n", 24683660 << 10},
		{"MemFree:         1272 kB\nMemTotal: 1024 kB", 1 << 20},
		{"MemFree:         1272 kB\n", 0},
		{"MemTotal:       24683660 MB\n", 0},
		{"MemTotal:       2468x660 kB\n", 0},
		{"MemTotal: kB\n", 0},
		{"MemTotal: 99999999999999999999999 kB\n", 0},
		{"", 0},
	} {
		if got := parseMemTotal([]byte(tc.info)); got != tc.want {
			t.Errorf("parseMemTotal(%q) = %d, want %d", tc.info, got, tc.want)
		}
	}
}

// childEnv marks the test binary run again as "brief build" by
// TestBuildAdvisesHeap.
const childEnv = "HUGEHEAP_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(child())
	}
	os.Exit(m.Run())
}

// child reports, for TestBuildAdvisesHeap, the advised range, whether the
// kernel marked it for huge pages and how much of it is resident, as
// "start end flagged residentKB".
func child() int {
	beg, end := Range[0], Range[1]
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		os.Stdout.WriteString(err.Error())
		return 1
	}
	flagged, resident := false, 0
	var inside bool
	for line := range strings.Lines(string(smaps)) {
		if lo, hi, ok := vmaRange(line); ok {
			inside = lo < uint64(end) && hi > uint64(beg)
			continue
		}
		if !inside {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "Rss:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			resident += kb
		}
		if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok && strings.Contains(rest, " hg") {
			flagged = true
		}
	}
	os.Stdout.WriteString(strconv.FormatUint(uint64(beg), 10) + " " + strconv.FormatUint(uint64(end), 10) + " " + strconv.FormatBool(flagged) + " " + strconv.Itoa(resident) + "\n")
	return 0
}

// vmaRange reads the "start-end" that begins a mapping's line of smaps.
func vmaRange(line string) (lo, hi uint64, ok bool) {
	addrs, _, found := strings.Cut(line, " ")
	a, b, found2 := strings.Cut(addrs, "-")
	if !found || !found2 {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseUint(a, 16, 64)
	hi, err2 := strconv.ParseUint(b, 16, 64)
	return lo, hi, err1 == nil && err2 == nil
}

// A process started as "brief build" grows its heap by a block of up to
// Size bytes at initialisation, which the kernel marks
// for huge pages and which is not resident: nothing zeroed or touched it.
// The same binary started otherwise advises nothing.
func TestBuildAdvisesHeap(t *testing.T) {
	if runtime.GOOS != "linux" || race {
		t.Skip("huge pages are asked for on Linux only, without the race detector")
	}
	if !roomy() || size(readProc("/proc/meminfo", parseMemTotal), readProc("/proc/buddyinfo", parseBuddyInfo)) < 64<<20 {
		t.Skip("this machine has no transparent huge pages or free memory for them")
	}
	run := func(arg string) []string {
		t.Helper()
		cmd := exec.Command(os.Args[0], arg)
		cmd.Env = append(os.Environ(), childEnv+"=1", "GODEBUG=")
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", arg, err, out.Bytes())
		}
		return strings.Fields(out.String())
	}
	got := run("build")
	if len(got) != 4 {
		t.Fatalf("child said %q", got)
	}
	beg, _ := strconv.ParseUint(got[0], 10, 64)
	end, _ := strconv.ParseUint(got[1], 10, 64)
	// Free memory changes from moment to moment: the child's block is
	// whatever it found room for, up to Size.
	if end-beg < 2<<20 || end-beg > Size || beg%(2<<20) != 0 || end%(2<<20) != 0 {
		t.Errorf("advised %#x-%#x (%d bytes), want up to %d bytes aligned to 2 MiB", beg, end, end-beg, Size)
	}
	if got[2] != "true" {
		t.Errorf("the advised range is not marked for huge pages (VmFlags hg)")
	}
	// The runtime's own objects may already sit at the bottom of the
	// range; zeroing the block would have made all of it resident.
	if kb, _ := strconv.Atoi(got[3]); kb > 64<<10 {
		t.Errorf("%d KiB of the advised range is resident; the block was touched", kb)
	}
	if got := run("serve"); len(got) != 4 || got[0] != "0" || got[1] != "0" {
		t.Errorf(`started as "serve", the child advised %q, want nothing`, got)
	}
}
