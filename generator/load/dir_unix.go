//go:build unix

package load

import (
	"io/fs"
	"os"
	"slices"
	"syscall"

	"brief/internal/eintr"
)

// readLimited is the package's readLimited for this file system: an open,
// a stat, a read that meets the end of the file, and a close.
func (d dirFS) readLimited(name string, limit int64) ([]byte, int64, error) {
	if !fs.ValidPath(name) {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	path := string(d) + "/" + name
	if len(d) > 0 && os.IsPathSeparator(d[len(d)-1]) {
		path = string(d) + name
	}
	fd, err := eintr.Retry(func() (int, error) { return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0) })
	if err != nil {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if _, err := eintr.Retry(func() (int, error) { return 0, syscall.Fstat(fd, &st) }); err != nil {
		return nil, 0, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	size := st.Size
	if size > limit {
		return nil, size, nil
	}
	regular := st.Mode&syscall.S_IFMT == syscall.S_IFREG
	// Room for one more byte: a regular file's read returns less than
	// asked only at its end, so a file read whole needs no second read.
	data := make([]byte, 0, max(int(size)+1, 512))
	for {
		n, err := eintr.Retry(func() (int, error) { return syscall.Read(fd, data[len(data):cap(data)]) })
		if err != nil {
			return nil, size, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		data = data[:len(data)+n]
		if n == 0 || regular && len(data) < cap(data) {
			return data, size, nil
		}
		if len(data) == cap(data) {
			data = slices.Grow(data, 512)
		}
	}
}
