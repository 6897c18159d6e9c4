//go:build unix && !linux && !openbsd && !dragonfly && !solaris && !illumos && !darwin && !freebsd && !netbsd

package write

import "syscall"

// statTimes: the Syncer's index is not kept on this system.
func statTimes(*syscall.Stat_t) (mtime, ctime int64, ok bool) {
	return 0, 0, false
}
