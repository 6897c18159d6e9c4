package write

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
)

// AddStream puts one file into the new output as Add does, but takes its
// bytes from produce as they are made, so that a file as large as the open
// data of a big site is never in memory whole. While the bytes equal the
// file on disk nothing is written; at the first difference the equal part
// is copied from the old file and the rest follows, so that an unchanged
// file keeps its modification time and a changed one is staged like any
// other. An error from produce is the build's error, as one from Add.
func (s *Syncer) AddStream(p string, produce func(io.Writer) error) {
	if err := s.addStream(p, produce); err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
	}
}

func (s *Syncer) addStream(p string, produce func(io.Writer) error) error {
	name, failed, err := s.claim(p)
	if err != nil || failed {
		return err
	}
	w := &streamWriter{target: filepath.Join(s.staging, name)}
	isDir := false
	if s.fresh {
		if err := s.stagingDir(path.Dir(p)); err != nil {
			return err
		}
		w.target = filepath.Join(s.staging, filepath.FromSlash(p))
	} else {
		old := filepath.Join(s.out, filepath.FromSlash(p))
		if info, err := os.Lstat(old); err == nil {
			isDir = info.IsDir()
			if info.Mode().IsRegular() && info.Mode().Perm() == filePerm {
				if f, err := os.Open(old); err == nil {
					w.old, w.oldSize = f, info.Size()
				}
			}
		}
	}
	perr := produce(w)
	same, ferr := w.finish(perr == nil)
	if perr != nil {
		return fmt.Errorf("write: making %s: %w", p, perr)
	}
	if ferr != nil {
		return fmt.Errorf("write: %w", ferr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case same:
		s.res.Unchanged++
	case s.fresh:
		s.res.Written++
	default:
		s.staged = append(s.staged, staged{path: p, name: name})
		if isDir {
			s.dirAt[p] = true
		}
		s.res.Written++
	}
	return nil
}

// streamWriter compares what is written with the old file, if there is
// one, and writes the new file only from the first difference on.
type streamWriter struct {
	target  string
	old     *os.File // nil: no usable old file, or diverged from it
	oldSize int64
	off     int64 // bytes written so far
	out     *os.File
	bw      *bufio.Writer
	cmp     []byte
	err     error
}

func (w *streamWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if w.out == nil && w.old != nil && w.off+int64(len(p)) <= w.oldSize && w.equalOld(p) {
		w.off += int64(len(p))
		return len(p), nil
	}
	if w.out == nil {
		if w.err = w.open(); w.err != nil {
			return 0, w.err
		}
	}
	n, err := w.bw.Write(p)
	w.off += int64(n)
	w.err = err
	return n, err
}

// equalOld reads len(p) more bytes of the old file and compares them.
func (w *streamWriter) equalOld(p []byte) bool {
	if w.cmp == nil {
		w.cmp = make([]byte, 64<<10)
	}
	for len(p) > 0 {
		n := min(len(p), len(w.cmp))
		if _, err := io.ReadFull(w.old, w.cmp[:n]); err != nil || !bytes.Equal(w.cmp[:n], p[:n]) {
			return false
		}
		p = p[n:]
	}
	return true
}

// open creates the new file and copies into it the part of the old file
// that was equal so far.
func (w *streamWriter) open() error {
	f, err := os.OpenFile(w.target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return err
	}
	w.out, w.bw = f, bufio.NewWriterSize(f, 64<<10)
	if info, err := f.Stat(); err == nil && info.Mode().Perm() != filePerm {
		// The umask took bits away; the output should not depend on it.
		if err := f.Chmod(filePerm); err != nil {
			return err
		}
	}
	if w.old != nil {
		old := w.old
		w.old = nil
		defer old.Close()
		if w.off > 0 {
			if _, err := old.Seek(0, io.SeekStart); err != nil {
				return err
			}
			if _, err := io.CopyN(w.bw, old, w.off); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish ends the file. It reports same when every byte equalled the old
// file and the old file has no more. With ok false (produce failed) it only
// cleans up.
func (w *streamWriter) finish(ok bool) (same bool, err error) {
	if w.old != nil {
		if ok && w.out == nil && w.err == nil && w.off == w.oldSize {
			var one [1]byte
			if n, _ := w.old.Read(one[:]); n == 0 {
				w.old.Close()
				return true, nil
			}
		}
	}
	if ok && w.out == nil && w.err == nil {
		// Shorter than the old file, or no old file and nothing written.
		w.err = w.open()
	}
	if w.old != nil {
		w.old.Close()
	}
	if w.out != nil {
		if w.err == nil {
			w.err = w.bw.Flush()
		}
		if cerr := w.out.Close(); w.err == nil {
			w.err = cerr
		}
	}
	if !ok {
		return false, nil
	}
	if w.err != nil {
		return false, w.err
	}
	return false, nil
}
