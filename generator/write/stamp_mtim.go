//go:build linux || openbsd || dragonfly || solaris || illumos

package write

import "syscall"

// statTimes returns the modification and change times of st in
// nanoseconds.
func statTimes(st *syscall.Stat_t) (mtime, ctime int64, ok bool) {
	return st.Mtim.Nano(), st.Ctim.Nano(), true
}
