//go:build unix

package eintr

import (
	"syscall"
	"testing"
)

// Retry calls again after EINTR and returns the first other outcome.
func TestRetry(t *testing.T) {
	calls := 0
	v, err := Retry(func() (int, error) {
		calls++
		if calls < 3 {
			return 0, syscall.EINTR
		}
		return 7, syscall.ENOENT
	})
	if v != 7 || err != syscall.ENOENT || calls != 3 {
		t.Errorf("Retry = %d, %v after %d calls; want 7, ENOENT after 3", v, err, calls)
	}
}
