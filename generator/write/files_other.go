//go:build !unix

package write

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// The portable versions of files_unix.go, through package os.

// Stamps are unknown here, so the Syncer keeps no index.

func compareFile(p string, data []byte) (same, isDir bool, at stamp) {
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != filePerm || info.Size() != int64(len(data)) {
		return false, err == nil && info.IsDir(), stamp{}
	}
	f, err := os.Open(p)
	if err != nil {
		return false, false, stamp{}
	}
	defer f.Close()
	bp := readPool.Get().(*[]byte)
	defer readPool.Put(bp)
	buf := *bp
	for {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(data)+1)])
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false, false, stamp{}
		}
		data = data[n:]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return len(data) == 0, false, stamp{}
		}
		if err != nil {
			return false, false, stamp{}
		}
	}
}

func createFile(p string, data []byte, _ *modes, _ *stamp) error {
	return writeFile(p, data)
}

func lstat(p string) (stamp, kind) {
	info, err := os.Lstat(p)
	switch {
	case err != nil:
		return stamp{}, kindNone
	case info.IsDir():
		return stamp{}, kindDir
	case info.Mode().IsRegular() && info.Mode().Perm() == filePerm:
		return stamp{}, kindFile
	}
	return stamp{}, kindOther
}

func fileStamp(*os.File) (stamp, bool) {
	return stamp{}, false
}

func infoStamp(fs.FileInfo) stamp {
	return stamp{}
}

func listFolder(p string) ([]string, stamp, error) {
	names, err := readNames(p)
	return names, stamp{}, err
}

var errNotFolder = errors.New("not a folder")

func readNames(p string) ([]string, error) {
	info, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: p, Err: errNotFolder}
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

func notFolder(err error) bool {
	return errors.Is(err, errNotFolder)
}

func unlink(p string) error {
	info, err := os.Lstat(p)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return fmt.Errorf("unlink %s: is a folder", p)
	}
	return os.Remove(p)
}
