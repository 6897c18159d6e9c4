//go:build darwin || freebsd || netbsd

package write

import "syscall"

// statTimes returns the modification and change times of st in
// nanoseconds.
func statTimes(st *syscall.Stat_t) (mtime, ctime int64, ok bool) {
	return st.Mtimespec.Nano(), st.Ctimespec.Nano(), true
}
