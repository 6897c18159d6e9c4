package gcpace

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestPercent(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100},
		{100 * mib, 100},
		{Room, 100},
		{Room + Room/4, 80},  // 256 MiB of room is 80% of 320 MiB
		{2 * Room, 50},       // half the live data
		{1024 * mib * 3, 50}, // never less than half
	} {
		if got := Percent(c.live, Room); got != c.want {
			t.Errorf("Percent(%d MiB) = %d, want %d", c.live/mib, got, c.want)
		}
	}
}

func TestLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, minLimit},
		{10 * mib, minLimit},                     // 20 MiB of heap, 37 MiB: the floor
		{100 * mib, 200*mib + 10*mib + 16*mib},   // twice the live data, 5% and 16 MiB
		{1000 * mib, 1500*mib + 75*mib + 16*mib}, // half again
	} {
		if got := Limit(c.live, Percent(c.live, Room)); got != c.want {
			t.Errorf("Limit(%d MiB) = %d MiB, want %d MiB", c.live/mib, got/mib, c.want/mib)
		}
	}
}

// TestStartPaces runs the pacer with a small room: after a collection
// that leaves more live data than the room, the collector's target and
// the memory limit follow Percent and Limit, and stop restores both.
func TestStartPaces(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const room = 1 << 20
	live := make([]byte, 8<<20) // twice the room and more: the target is 50%
	for i := range live {
		live[i] = byte(i)
	}
	stop := Start(room)
	pacedPercent, pacedLimit := 0, int64(0)
	for range 50 {
		runtime.GC()
		runtime.Gosched()
		pacedPercent = debug.SetGCPercent(100)
		debug.SetGCPercent(pacedPercent)
		if pacedLimit = debug.SetMemoryLimit(-1); pacedPercent == 50 && pacedLimit != math.MaxInt64 {
			break
		}
	}
	runtime.KeepAlive(live)
	stop()
	if pacedPercent != 50 {
		t.Errorf("target with 8 MiB live and 1 MiB of room = %d, want 50", pacedPercent)
	}
	if pacedLimit == math.MaxInt64 || pacedLimit < minLimit {
		t.Errorf("memory limit while paced = %d, want at least %d", pacedLimit, minLimit)
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
			stop := Start(1 << 20)
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
