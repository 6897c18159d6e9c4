package load

import (
	"io/fs"
	"syscall"
)

// stampOf returns the stamp of a file from what Lstat returned.
func stampOf(info fs.FileInfo) (stamp, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return stamp{}, false
	}
	return stamp{
		dev:   uint64(st.Dev),
		ino:   uint64(st.Ino),
		size:  st.Size,
		mtime: st.Mtim.Nano(),
		ctime: st.Ctim.Nano(),
		mode:  info.Mode(),
		nlink: uint64(st.Nlink),
	}, true
}
