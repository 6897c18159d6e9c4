package gcpace

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestRoom(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ peak, want uint64 }{
		{0, 0},
		{10 * mib, 10 * mib}, // a small heap doubles
		{Near, Near},
		{100 * mib, Near},
		{116 * mib, Near},
		{120 * mib, 26 * mib}, // three quarters, less 64 MiB
		{128 * mib, 32 * mib},
		{200 * mib, 150*mib - 64*mib},
		{1024 * mib, 768*mib - 64*mib},
	} {
		if got := Room(c.peak); got != c.want {
			t.Errorf("Room(%d MiB) = %d MiB, want %d MiB", c.peak/mib, got/mib, c.want/mib)
		}
	}
}

func TestPercent(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live, peak uint64
		want       int
	}{
		{0, 0, 100},
		{10 * mib, 10 * mib, 100},
		{10 * mib, 0, 100},       // the peak is at least the live heap
		{64 * mib, 64 * mib, 37}, // 24 MiB of room
		{100 * mib, 100 * mib, 24},
		{50 * mib, 100 * mib, 148}, // up to the peak's ceiling, 124 MiB
		{1024 * mib, 1024 * mib, 68},
		{1 * mib, 100 * mib, 12300},
	} {
		if got := Percent(c.live, c.peak); got != c.want {
			t.Errorf("Percent(%d MiB, peak %d MiB) = %d, want %d", c.live/mib, c.peak/mib, got, c.want)
		}
	}
}

func TestLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live, peak uint64
		want       int64
	}{
		{0, 0, minLimit},
		{10 * mib, 10 * mib, minLimit},                        // 20 MiB of heap, 37 MiB: the floor
		{100 * mib, 100 * mib, 124*mib + 124*mib/20 + 16*mib}, // the target's heap, 5% and 16 MiB
		{60 * mib, 100 * mib, 124*mib + 124*mib/20 + 16*mib},  // the peak's ceiling
	} {
		got := Limit(c.live, Percent(c.live, c.peak))
		// Percent rounds down: allow for a percent of the live heap.
		if got > c.want || got < c.want-int64(c.live)/100-1 {
			t.Errorf("Limit(%d MiB, peak %d MiB) = %d MiB, want %d MiB", c.live/mib, c.peak/mib, got/mib, c.want/mib)
		}
	}
}

// TestStartPaces runs the pacer: after collections that leave a large
// live heap and then a small one, the collector's target and the memory
// limit follow Percent and Limit for the largest so far, and stop
// restores both.
func TestStartPaces(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	live := make([]byte, 96<<20) // over Near: the room is Near
	for i := range live {
		live[i] = byte(i)
	}
	stop := Start()
	paced := func(want func(p int) bool) (int, int64) {
		p, l := 0, int64(0)
		for range 50 {
			runtime.GC()
			runtime.Gosched()
			p = debug.SetGCPercent(100)
			debug.SetGCPercent(p)
			if l = debug.SetMemoryLimit(-1); want(p) && l != math.MaxInt64 {
				break
			}
		}
		return p, l
	}
	bigPercent, bigLimit := paced(func(p int) bool { return p < 100 })
	runtime.KeepAlive(live)
	live = nil
	// The peak stays: with little left, the heap may grow to its ceiling.
	smallPercent, smallLimit := paced(func(p int) bool { return p > 1000 })
	stop()
	if bigPercent < 20 || bigPercent > 30 {
		t.Errorf("target with 96 MiB live = %d, want about 25 (24 MiB of room)", bigPercent)
	}
	if bigLimit < 120<<20 || bigLimit > 152<<20 {
		t.Errorf("memory limit with 96 MiB live = %d MiB, want 120 MiB and a little more", bigLimit>>20)
	}
	if smallPercent <= 1000 {
		t.Errorf("target after the live data went = %d, want over 1000 (up to the peak's ceiling)", smallPercent)
	}
	if smallLimit < 120<<20 || smallLimit > 152<<20 {
		t.Errorf("memory limit after the live data went = %d MiB, want the peak's", smallLimit>>20)
	}
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("target after stop = %d, want 100", p)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("memory limit after stop = %d, want none", l)
	}
}

// TestStartLeavesUserSettings: GOGC or GOMEMLIMIT in the environment
// means the user paces the collector.
func TestStartLeavesUserSettings(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "100")
			live := make([]byte, 8<<20)
			stop := Start()
			for range 5 {
				runtime.GC()
				runtime.Gosched()
			}
			runtime.KeepAlive(live)
			if p := debug.SetGCPercent(100); p != 100 {
				t.Errorf("target = %d, want 100 (unchanged)", p)
			}
			if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
				t.Errorf("memory limit = %d, want none", l)
			}
			stop()
		})
	}
}
