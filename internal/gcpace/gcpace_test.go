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
		{101 * mib, Settled, Settled},
		{104 * mib, Settled, 14 * mib}, // three quarters, less 64 MiB
		{112 * mib, Settled, 20 * mib}, // three quarters, less 64 MiB
		{116 * mib, Growing, Growing},
		{120 * mib, Growing, 26 * mib}, // three quarters, less 64 MiB
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
		live, ceiling uint64
		want          int
	}{
		{0, 0, 100},
		{10 * mib, Ceiling(10*mib, Growing), 100}, // a small heap doubles
		{10 * mib, 5 * mib, 1},                    // never below the live heap
		{64 * mib, Ceiling(64*mib, Growing), 37},  // 24 MiB of room
		{64 * mib, Ceiling(64*mib, Settled), 18},  // 12 MiB
		{100 * mib, Ceiling(100*mib, Settled), 12},
		{50 * mib, Ceiling(100*mib, Settled), 124}, // up to the peak's ceiling, 112 MiB
		{1024 * mib, Ceiling(1024*mib, Growing), 68},
		{1 * mib, Ceiling(100*mib, Growing), 12300},
	} {
		if got := Percent(c.live, c.ceiling); got != c.want {
			t.Errorf("Percent(%d MiB, ceiling %d MiB) = %d, want %d", c.live/mib, c.ceiling/mib, got, c.want)
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
		{100 * mib, 100 * mib, 112*mib + 112*mib/20 + 12*mib}, // the target's heap, 5% and 12 MiB
		{60 * mib, 100 * mib, 112*mib + 112*mib/20 + 12*mib},  // the peak's ceiling
	} {
		got := Limit(c.live, Percent(c.live, Ceiling(c.peak, Settled)))
		// Percent rounds down: allow for a percent of the live heap.
		if got > c.want || got < c.want-int64(c.live)/100-1 {
			t.Errorf("Limit(%d MiB, peak %d MiB) = %d MiB, want %d MiB", c.live/mib, c.peak/mib, got/mib, c.want/mib)
		}
	}
}

// TestStartPaces runs the pacer: after collections that leave a live
// heap, the collector's target and the memory limit follow Percent and
// Limit for its Ceiling with the Growing room; once settled, a larger live
// heap raises the ceiling by the Settled room only; after the live data
// goes they stay at the highest ceiling; and Stop restores the defaults.
func TestStartPaces(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const mib = 1 << 20
	fill := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i)
		}
		return b
	}
	live := fill(64 * mib)
	p := Start()
	paced := func(want func(p int) bool) (int, int64) {
		percent, limit := 0, int64(0)
		for range 50 {
			runtime.GC()
			runtime.Gosched()
			percent = debug.SetGCPercent(100)
			debug.SetGCPercent(percent)
			if limit = debug.SetMemoryLimit(-1); want(percent) && limit != math.MaxInt64 {
				break
			}
		}
		return percent, limit
	}
	growPercent, growLimit := paced(func(p int) bool { return p < 100 })
	p.Settle()
	more := fill(32 * mib) // 96 MiB: a ceiling of 108 MiB, not 124
	settledPercent, settledLimit := paced(func(p int) bool { return p < 20 })
	runtime.KeepAlive(live)
	runtime.KeepAlive(more)
	live, more = nil, nil
	// The ceiling stays: with little left, the heap may grow to it.
	smallPercent, smallLimit := paced(func(p int) bool { return p > 1000 })
	p.Stop()
	if growPercent < 34 || growPercent > 40 {
		t.Errorf("target with 64 MiB live = %d, want about 37 (24 MiB of room)", growPercent)
	}
	if growLimit < 88*mib || growLimit > 116*mib {
		t.Errorf("memory limit with 64 MiB live = %d MiB, want 88 MiB and a little more", growLimit/mib)
	}
	if settledPercent < 10 || settledPercent > 15 {
		t.Errorf("target with 96 MiB live once settled = %d, want about 12 (12 MiB of room)", settledPercent)
	}
	if settledLimit < 108*mib || settledLimit > 140*mib {
		t.Errorf("memory limit with 96 MiB live once settled = %d MiB, want 108 MiB and a little more", settledLimit/mib)
	}
	if smallPercent <= 1000 {
		t.Errorf("target after the live data went = %d, want over 1000 (up to the ceiling)", smallPercent)
	}
	// Percent rounds down, by up to a percent of the live heap.
	if d := smallLimit - settledLimit; d < -2*mib || d > 2*mib {
		t.Errorf("memory limit after the live data went = %d MiB, want the ceiling's, %d MiB", smallLimit/mib, settledLimit/mib)
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
