//go:build unix

package load

import (
	"io/fs"
	"os"
	"slices"
	"sync"
	"syscall"

	"brief/internal/eintr"
)

// firstRead is how much of a regular file readLimited reads before it
// asks for the file's size: a note or a seed is a few kilobytes, and a
// read that returns less than firstRead has the whole file, with no stat.
const firstRead = 64 << 10

// firstReads are the buffers of first reads, copied from at the file's
// length.
var firstReads = sync.Pool{New: func() any { return new([firstRead]byte) }}

// readLimited is the package's readLimited for this file system: an open,
// a read that meets the end of a regular file, and a close; a stat first
// for a file that is not regular or is larger than firstRead.
func (d dirFS) readLimited(name string, limit int64, regular bool) ([]byte, int64, error) {
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
	var first []byte // what a first read read, when it did not reach the end
	if regular {
		buf := firstReads.Get().(*[firstRead]byte)
		defer firstReads.Put(buf)
		n, err := eintr.Retry(func() (int, error) { return syscall.Read(fd, buf[:]) })
		switch {
		case err != nil:
			// Not what the listing said (a folder now): as for any
			// file, from its stat on.
		case n < len(buf):
			if int64(n) > limit {
				return nil, int64(n), nil
			}
			return append(make([]byte, 0, n), buf[:n]...), int64(n), nil
		default:
			first = buf[:n]
		}
	}
	var st syscall.Stat_t
	if _, err := eintr.Retry(func() (int, error) { return 0, syscall.Fstat(fd, &st) }); err != nil {
		return nil, 0, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	size := st.Size
	if size > limit {
		return nil, size, nil
	}
	regular = st.Mode&syscall.S_IFMT == syscall.S_IFREG
	// Room for one more byte: a regular file's read returns less than
	// asked only at its end, so a file read whole needs no second read.
	data := make([]byte, 0, max(int(size)+1, len(first)+512))
	data = append(data, first...)
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
