package gcpace

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestRoom(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ peak, near, want uint64 }{
		{0, Growing, 0},
		{10 * mib, Growing, 10 * mib}, // a small heap doubles
		{10 * mib, Settled, 10 * mib},
		{Settled, Settled, Settled},
		{Growing, Growing, Growing},
		{100 * mib, Growing, Growing},
		{100 * mib, Settled, Settled},
		{106 * mib, Settled, Settled},
		{112 * mib, Settled, 20 * mib}, // three quarters, less 64 MiB
		{128 * mib, Growing, Growing},
		{136 * mib, Growing, 38 * mib},
		{200 * mib, Settled, 150*mib - 64*mib},
		{1024 * mib, Growing, 768*mib - 64*mib},
		{1024 * mib, Settled, 768*mib - 64*mib},
	} {
		if got := Room(c.peak, c.near); got != c.want {
			t.Errorf("Room(%d MiB, %d MiB) = %d MiB, want %d MiB", c.peak/mib, c.near/mib, got/mib, c.want/mib)
		}
	}
}

func TestPercent(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live, peak, near uint64
		want             int
	}{
		{0, 0, Growing, 100},
		{10 * mib, 10 * mib, Growing, 100},
		{10 * mib, 0, Settled, 100},       // the peak is at least the live heap
		{64 * mib, 64 * mib, Growing, 50}, // 32 MiB of room
		{64 * mib, 64 * mib, Settled, 25}, // 16 MiB
		{100 * mib, 100 * mib, Settled, 16},
		{50 * mib, 100 * mib, Settled, 132}, // up to the peak's ceiling, 116 MiB
		{1024 * mib, 1024 * mib, Growing, 68},
		{1 * mib, 100 * mib, Growing, 13100},
	} {
		if got := Percent(c.live, c.peak, c.near); got != c.want {
			t.Errorf("Percent(%d MiB, peak %d MiB, %d MiB) = %d, want %d", c.live/mib, c.peak/mib, c.near/mib, got, c.want)
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
		{100 * mib, 100 * mib, 116*mib + 116*mib/20 + 16*mib}, // the target's heap, 5% and 16 MiB
		{60 * mib, 100 * mib, 116*mib + 116*mib/20 + 16*mib},  // the peak's ceiling
	} {
		got := Limit(c.live, Percent(c.live, c.peak, Settled))
		// Percent rounds down: allow for a percent of the live heap.
		if got > c.want || got < c.want-int64(c.live)/100-1 {
			t.Errorf("Limit(%d MiB, peak %d MiB) = %d MiB, want %d MiB", c.live/mib, c.peak/mib, got/mib, c.want/mib)
		}
	}
}

// TestStartPaces runs the pacer: after collections that leave a large
// live heap, the collector's target and the memory limit follow Percent
// and Limit with the Growing room; Settle gives them the Settled room at
// once; after the live data goes they stay at the peak's ceiling; and
// Stop restores the defaults.
func TestStartPaces(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	live := make([]byte, 96<<20) // over Growing: the room is Growing
	for i := range live {
		live[i] = byte(i)
	}
	p := Start()
	settings := func() (int, int64) {
		percent := debug.SetGCPercent(100)
		debug.SetGCPercent(percent)
		return percent, debug.SetMemoryLimit(-1)
	}
	paced := func(want func(p int) bool) (int, int64) {
		percent, limit := 0, int64(0)
		for range 50 {
			runtime.GC()
			runtime.Gosched()
			if percent, limit = settings(); want(percent) && limit != math.MaxInt64 {
				break
			}
		}
		return percent, limit
	}
	growPercent, growLimit := paced(func(p int) bool { return p < 100 })
	p.Settle()
	settledPercent, settledLimit := settings()
	runtime.KeepAlive(live)
	live = nil
	// The peak stays: with little left, the heap may grow to its ceiling.
	smallPercent, smallLimit := paced(func(p int) bool { return p > 1000 })
	p.Stop()
	const mib = 1 << 20
	if growPercent < 30 || growPercent > 36 {
		t.Errorf("target with 96 MiB live = %d, want about 33 (32 MiB of room)", growPercent)
	}
	if growLimit < 128*mib || growLimit > 160*mib {
		t.Errorf("memory limit with 96 MiB live = %d MiB, want 128 MiB and a little more", growLimit/mib)
	}
	if settledPercent < 14 || settledPercent > 19 {
		t.Errorf("target once settled = %d, want about 16 (16 MiB of room)", settledPercent)
	}
	if settledLimit < 112*mib || settledLimit > 140*mib {
		t.Errorf("memory limit once settled = %d MiB, want 112 MiB and a little more", settledLimit/mib)
	}
	if smallPercent <= 1000 {
		t.Errorf("target after the live data went = %d, want over 1000 (up to the peak's ceiling)", smallPercent)
	}
	if smallLimit < 112*mib || smallLimit > 140*mib {
		t.Errorf("memory limit after the live data went = %d MiB, want the settled peak's", smallLimit/mib)
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
			p := Start()
			for range 5 {
				runtime.GC()
				runtime.Gosched()
			}
			p.Settle()
			runtime.KeepAlive(live)
			if p := debug.SetGCPercent(100); p != 100 {
				t.Errorf("target = %d, want 100 (unchanged)", p)
			}
			if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
				t.Errorf("memory limit = %d, want none", l)
			}
			p.Stop()
		})
	}
}
