//go:build unix

package write

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"syscall"

	"brief/internal/eintr"
)

// The Syncer opens every file of the output once per build, so these
// helpers talk to the kernel directly: os.Open and os.OpenFile spend four
// more system calls per file on the poller, which regular files never use,
// and a finalizer each. At ten thousand pages that is most of the calls a
// rebuild makes.

// compareFile reports whether p is a regular file with mode 0644 that holds
// exactly data, and whether p is a folder (which Commit must replace). It
// reads the file only when its size matches, a block at a time through a
// pooled buffer; any problem counts as "different", which only costs a
// write. A symbolic link is never followed: it is different. When the file
// is the same, at is its stamp, taken before it was read.
func compareFile(p string, data []byte) (same, isDir bool, at stamp) {
	fd, err := eintr.Retry(func() (int, error) {
		return syscall.Open(p, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return false, false, stamp{}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if _, err := eintr.Retry(func() (int, error) { return 0, syscall.Fstat(fd, &st) }); err != nil {
		return false, false, stamp{}
	}
	switch {
	case st.Mode&syscall.S_IFMT == syscall.S_IFDIR:
		return false, true, stamp{}
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG || fs.FileMode(st.Mode)&fs.ModePerm != filePerm || st.Size != int64(len(data)):
		return false, false, stamp{}
	}
	at = stampOf(&st)
	bp := readPool.Get().(*[]byte)
	defer readPool.Put(bp)
	buf := *bp
	// Read one byte past the expected end, so that a file that grew since
	// the stat is not taken for equal.
	for {
		n, err := eintr.Retry(func() (int, error) { return syscall.Read(fd, buf[:min(len(buf), len(data)+1)]) })
		if err != nil || n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false, false, stamp{}
		}
		if n == 0 {
			return len(data) == 0, false, at
		}
		data = data[n:]
	}
}

// stampOf is the stamp of st; it is unknown where the system does not
// tell the times.
func stampOf(st *syscall.Stat_t) stamp {
	mtime, ctime, ok := statTimes(st)
	if !ok {
		return stamp{}
	}
	size := st.Size
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		size = 0 // a folder's size says nothing the times do not
	}
	return stamp{size: size, mtime: mtime, ctime: ctime, ino: uint64(st.Ino), dev: uint64(st.Dev)}
}

// kindOf tells what st is, as the Syncer sees it.
func kindOf(st *syscall.Stat_t) kind {
	switch {
	case st.Mode&syscall.S_IFMT == syscall.S_IFDIR:
		return kindDir
	case st.Mode&syscall.S_IFMT == syscall.S_IFREG && fs.FileMode(st.Mode)&fs.ModePerm == filePerm:
		return kindFile
	}
	return kindOther
}

// lstat stamps p without following a symbolic link in its place.
func lstat(p string) (stamp, kind) {
	var st syscall.Stat_t
	if _, err := eintr.Retry(func() (int, error) { return 0, syscall.Lstat(p, &st) }); err != nil {
		return stamp{}, kindNone
	}
	return stampOf(&st), kindOf(&st)
}

// fileStamp stamps the open file f.
func fileStamp(f *os.File) (stamp, bool) {
	info, err := f.Stat()
	if err != nil {
		return stamp{}, false
	}
	at := infoStamp(info)
	return at, at.known()
}

// infoStamp is the stamp of what info describes.
func infoStamp(info fs.FileInfo) stamp {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return stampOf(st)
	}
	return stamp{}
}

// createFile creates the new file p holding data, with mode 0644. With at
// not nil, it stamps the file when it is complete.
func createFile(p string, data []byte, m *modes, at *stamp) error {
	fd, err := eintr.Retry(func() (int, error) {
		return syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, uint32(filePerm))
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		n, err = eintr.Retry(func() (int, error) { return syscall.Write(fd, data) })
		if err == nil && n == 0 {
			err = syscall.EIO
		}
		data = data[n:]
	}
	if err != nil {
		syscall.Close(fd)
		return &fs.PathError{Op: "write", Path: p, Err: err}
	}
	if err := m.fixFile(fd); err != nil {
		syscall.Close(fd)
		return &fs.PathError{Op: "chmod", Path: p, Err: err}
	}
	if at != nil {
		var st syscall.Stat_t
		if _, err := eintr.Retry(func() (int, error) { return 0, syscall.Fstat(fd, &st) }); err == nil {
			*at = stampOf(&st)
		}
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: p, Err: err}
	}
	return nil
}

// fileMode returns the permission bits of the open file fd.
func fileMode(fd int) (fs.FileMode, error) {
	var st syscall.Stat_t
	if _, err := eintr.Retry(func() (int, error) { return 0, syscall.Fstat(fd, &st) }); err != nil {
		return 0, err
	}
	return fs.FileMode(st.Mode) & fs.ModePerm, nil
}

func chmodFile(fd int) error {
	_, err := eintr.Retry(func() (int, error) { return 0, syscall.Fchmod(fd, uint32(filePerm)) })
	return err
}

// readNames returns the names in the folder p (without "." and ".."), in
// the order the file system keeps them. It does not follow a symbolic link
// in place of the folder.
func readNames(p string) ([]string, error) {
	names, _, err := listFolder(p)
	return names, err
}

// listFolder is readNames that also stamps the folder, before it reads
// it: a name added or removed meanwhile changes the folder's times after
// the stamp.
func listFolder(p string) ([]string, stamp, error) {
	fd, err := eintr.Retry(func() (int, error) {
		return syscall.Open(p, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, stamp{}, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer syscall.Close(fd)
	var at stamp
	var st syscall.Stat_t
	if _, err := eintr.Retry(func() (int, error) { return 0, syscall.Fstat(fd, &st) }); err == nil {
		at = stampOf(&st)
	}
	bp := readPool.Get().(*[]byte)
	defer readPool.Put(bp)
	buf := *bp
	var names []string
	for {
		n, err := eintr.Retry(func() (int, error) { return syscall.ReadDirent(fd, buf) })
		if err != nil {
			return nil, stamp{}, &fs.PathError{Op: "readdirent", Path: p, Err: err}
		}
		if n <= 0 {
			return names, at, nil
		}
		_, _, names = syscall.ParseDirent(buf[:n], -1, names)
	}
}

// notFolder reports whether err from readNames says the path is something
// other than a folder (a file or a link), as opposed to missing or
// unreadable.
func notFolder(err error) bool {
	return errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.ELOOP)
}

// unlink removes p unless it is a folder.
func unlink(p string) error {
	if _, err := eintr.Retry(func() (int, error) { return 0, syscall.Unlink(p) }); err != nil {
		return &fs.PathError{Op: "unlink", Path: p, Err: err}
	}
	return nil
}

// fixFile gives the new file fd mode 0644 if the file system did not.
func (m *modes) fixFile(fd int) error {
	switch m.file.Load() {
	case modeExact:
		return nil
	case modeWrong:
		return chmodFile(fd)
	}
	perm, err := fileMode(fd)
	if err != nil {
		return err
	}
	if perm == filePerm {
		m.file.Store(modeExact)
		return nil
	}
	m.file.Store(modeWrong)
	return chmodFile(fd)
}
