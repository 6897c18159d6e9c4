package hugeheap

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

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
	beg, end := advised[0], advised[1]
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
	if race {
		t.Skip("the race detector's binaries do not ask for huge pages")
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
	if end-beg < 2<<20 || end-beg > uint64(Size) || beg%hugePage != 0 || end%hugePage != 0 {
		t.Errorf("advised %#x-%#x (%d bytes), want up to %d bytes aligned to 2 MiB", beg, end, end-beg, uint64(Size))
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
