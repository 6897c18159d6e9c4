package write

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"

	"github.com/cespare/xxhash/v2"
)

// AddStream puts one file into the new output as Add does, but takes its
// bytes from produce as they are made, so that a file as large as the open
// data of a big site is never in memory whole. While the bytes equal the
// file on disk nothing is written; at the first difference the equal part
// is copied from the old file and the rest follows, so that an unchanged
// file keeps its modification time and a changed one is staged like any
// other. When the last index vouches for the file on disk, its bytes are
// compared with the index's hashes of its blocks and the file is read only
// to copy the equal part. An error from produce is the build's error, as
// one from Add.
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
	w := &streamWriter{target: filepath.Join(s.staging, name), digest: xxhash.New()}
	isDir := false
	if s.fresh {
		if err := s.stagingDir(path.Dir(p)); err != nil {
			return err
		}
		w.target = filepath.Join(s.staging, filepath.FromSlash(p))
		w.stampNew = true
	} else {
		old := filepath.Join(s.out, filepath.FromSlash(p))
		if known := s.old().file(p, old); known != nil {
			w.trusted, w.oldPath, w.oldAt, w.oldSize = known.sums, old, known.stamp, known.size
		} else if _, k := lstat(old); k == kindFile {
			s.compared.Add(1)
			if f, err := os.Open(old); err == nil {
				if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Mode().Perm() == filePerm {
					w.old, w.oldSize, w.oldAt = f, info.Size(), infoStamp(info)
				} else {
					f.Close()
				}
			}
		} else {
			isDir = k == kindDir
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
	e := &indexFile{sums: w.sums}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case same:
		e.stamp, e.racy = w.oldAt, isRacy(w.oldAt, s.since)
		s.res.Unchanged++
	case s.fresh:
		e.stamp = w.newAt
		s.res.Written++
	default:
		e.stamp = stamp{size: w.off} // stamped in Commit, once in place
		s.staged = append(s.staged, staged{path: p, name: name})
		if isDir {
			s.dirAt[p] = true
		}
		s.res.Written++
	}
	s.paths[p] = e
	return nil
}

// streamWriter compares what is written with the old file, if there is
// one, and writes the new file only from the first difference on. The old
// file is either read as the bytes come (old), or known by the hashes of
// its blocks (trusted): the bytes of a block are then kept until its hash
// is known, and the old file is opened only to copy the blocks before the
// first difference.
type streamWriter struct {
	target  string
	old     *os.File // nil: no old file read, or diverged from it
	oldPath string   // trusted: the old file
	oldAt   stamp    // the old file's stamp, taken before it was read
	oldSize int64
	trusted []uint64 // the old file's block hashes; nil once diverged
	pending []byte   // trusted: the bytes of the current block
	off     int64    // bytes written so far
	out     *os.File
	bw      *bufio.Writer
	cmp     []byte
	err     error

	// The hashes of the new bytes' blocks, for the index.
	digest  *xxhash.Digest
	inBlock int
	sums    []uint64

	stampNew bool  // stamp the new file (fresh output)
	newAt    stamp // its stamp
}

func (w *streamWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), sumBlock-w.inBlock)
		if w.err = w.put(p[:k]); w.err != nil {
			return 0, w.err
		}
		w.digest.Write(p[:k])
		w.inBlock += k
		p = p[k:]
		if w.inBlock == sumBlock {
			if w.err = w.endBlock(); w.err != nil {
				return 0, w.err
			}
		}
	}
	return n, nil
}

// put takes the next bytes b, which lie within one block.
func (w *streamWriter) put(b []byte) error {
	switch {
	case w.out != nil:
	case w.trusted != nil:
		w.pending = append(w.pending, b...)
		w.off += int64(len(b))
		return nil
	case w.old != nil && w.off+int64(len(b)) <= w.oldSize && w.equalOld(b):
		w.off += int64(len(b))
		return nil
	default:
		if err := w.open(); err != nil {
			return err
		}
	}
	n, err := w.bw.Write(b)
	w.off += int64(n)
	return err
}

// endBlock ends a block of the new bytes: its hash is kept, and compared
// with the old file's block when that is trusted.
func (w *streamWriter) endBlock() error {
	sum := w.digest.Sum64()
	w.digest.Reset()
	w.inBlock = 0
	k := len(w.sums)
	w.sums = append(w.sums, sum)
	if w.trusted == nil {
		return nil
	}
	if k < len(w.trusted) && w.trusted[k] == sum && w.off <= w.oldSize {
		w.pending = w.pending[:0]
		return nil
	}
	return w.open()
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
// that was equal so far, then the bytes of a block not yet vouched for.
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
	equal := w.off - int64(len(w.pending))
	if w.trusted != nil && equal > 0 {
		// The old file must still be the one whose hashes matched.
		old, err := os.Open(w.oldPath)
		if err != nil {
			return err
		}
		if at, _ := fileStamp(old); at != w.oldAt {
			old.Close()
			return fmt.Errorf("%s changed during the build; build again", w.oldPath)
		}
		w.old = old
	}
	w.trusted = nil
	if w.old != nil {
		old := w.old
		w.old = nil
		defer old.Close()
		if equal > 0 {
			if _, err := old.Seek(0, io.SeekStart); err != nil {
				return err
			}
			if _, err := io.CopyN(w.bw, old, equal); err != nil {
				return err
			}
		}
	}
	_, err = w.bw.Write(w.pending)
	w.pending = nil
	return err
}

// finish ends the file. It reports same when every byte equalled the old
// file and the old file has no more. With ok false (produce failed) it only
// cleans up.
func (w *streamWriter) finish(ok bool) (same bool, err error) {
	if ok && w.err == nil {
		if w.inBlock > 0 || w.off == 0 {
			w.sums = append(w.sums, w.digest.Sum64())
		}
		if w.out == nil {
			switch {
			case w.trusted != nil:
				last := len(w.sums) - 1
				same = w.off == w.oldSize && len(w.sums) == len(w.trusted) && w.sums[last] == w.trusted[last]
			case w.old != nil && w.off == w.oldSize:
				var one [1]byte
				n, _ := w.old.Read(one[:])
				same = n == 0
			}
			if same {
				if w.old != nil {
					w.old.Close()
				}
				return true, nil
			}
			// Shorter than the old file, or a last block that differs,
			// or no old file and nothing written.
			w.err = w.open()
		}
	}
	if w.old != nil {
		w.old.Close()
	}
	if w.out != nil {
		if w.err == nil {
			w.err = w.bw.Flush()
		}
		if w.err == nil && w.stampNew {
			w.newAt, _ = fileStamp(w.out)
		}
		if cerr := w.out.Close(); w.err == nil {
			w.err = cerr
		}
	}
	if !ok {
		return false, nil
	}
	return false, w.err
}
