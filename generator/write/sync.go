package write

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// A Syncer brings an output folder to exactly the files added to it while
// the files are still being made, so that a build never holds all of its
// pages in memory and a rebuild touches only what changed. It is the writer
// of `brief build`.
//
// Files whose bytes equal the file on disk are left alone (they keep their
// modification time and cost one read). Every other file goes into a
// staging folder beside the output, which the output does not see. Only
// Commit changes the output: it moves the staged files into place, each by
// one rename, and removes the files that no longer belong to the site. So a
// build that fails before Commit (a template error, a full disk while
// staging) leaves the previous output exactly as it was, as Write does. The
// difference from Write is the window inside Commit: a crash during the
// renames can leave a mix of old and new files, which the next build
// repairs; in exchange an unchanged site of ten thousand pages costs reads
// instead of ten thousand new folders, links and removals.
//
// When the output does not exist yet, everything is staged and Commit is
// one rename.
type Syncer struct {
	out, staging string
	fresh        bool // no previous output: staging becomes the output

	mu      sync.Mutex
	paths   map[string]bool
	staged  []string        // paths whose new bytes are in staging
	madeDir map[string]bool // folders known to exist in staging
	err     error
	res     Result
}

// Begin starts syncing the folder out. Like Write it refuses unsafe output
// folders only through Check, which callers must run first; it removes the
// leftovers of a crashed Write or Syncer.
func Begin(out string) (*Syncer, error) {
	if out == "" {
		return nil, errors.New("write: output folder is empty")
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, fmt.Errorf("write: output folder %q: %w", out, err)
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if parent == abs {
		return nil, fmt.Errorf("write: output folder %q is the root of the file system", out)
	}
	if err := os.MkdirAll(parent, dirPerm); err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	stagingPrefix, backupPrefix := "."+base+".staging-", "."+base+".old-"
	exists, err := outputExists(abs, out)
	if err != nil {
		return nil, err
	}
	if exists, err = cleanLeftovers(parent, abs, stagingPrefix, backupPrefix, exists, os.Rename); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, stagingPrefix)
	if err != nil {
		return nil, fmt.Errorf("write: creating staging folder: %w", err)
	}
	if err := os.Chmod(staging, dirPerm); err != nil {
		os.RemoveAll(staging)
		return nil, fmt.Errorf("write: %w", err)
	}
	return &Syncer{out: abs, staging: staging, fresh: !exists, paths: map[string]bool{}, madeDir: map[string]bool{}}, nil
}

// Add puts one file into the new output. It may be called from several
// goroutines at once; it does not keep f.Data after it returns. The first
// error is kept and returned by Commit, which then changes nothing.
func (s *Syncer) Add(f File) {
	if err := s.add(f); err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
	}
}

func (s *Syncer) add(f File) error {
	if !ValidPath(f.Path) {
		return fmt.Errorf("write: invalid output path %q", f.Path)
	}
	s.mu.Lock()
	if s.paths[f.Path] {
		s.mu.Unlock()
		return fmt.Errorf("write: output path %q appears twice", f.Path)
	}
	s.paths[f.Path] = true
	failed := s.err != nil
	s.mu.Unlock()
	if failed {
		return nil // nothing will be committed; save the work
	}
	if !s.fresh && sameFile(filepath.Join(s.out, filepath.FromSlash(f.Path)), f.Data) {
		s.mu.Lock()
		s.res.Unchanged++
		s.mu.Unlock()
		return nil
	}
	if err := s.stagingDir(path.Dir(f.Path)); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(s.staging, filepath.FromSlash(f.Path)), f.Data); err != nil {
		return err
	}
	s.mu.Lock()
	s.staged = append(s.staged, f.Path)
	s.res.Written++
	s.mu.Unlock()
	return nil
}

// stagingDir makes sure the folder dir (slash-separated, "." for the root)
// exists in staging.
func (s *Syncer) stagingDir(dir string) error {
	if dir == "." {
		return nil
	}
	s.mu.Lock()
	known := s.madeDir[dir]
	s.mu.Unlock()
	if known {
		return nil
	}
	if err := s.stagingDir(path.Dir(dir)); err != nil {
		return err
	}
	p := filepath.Join(s.staging, filepath.FromSlash(dir))
	if err := os.Mkdir(p, dirPerm); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("write: %w", err)
	}
	// Mkdir is subject to the umask; the output should not depend on it.
	if err := os.Chmod(p, dirPerm); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	s.mu.Lock()
	s.madeDir[dir] = true
	s.mu.Unlock()
	return nil
}

// readPool holds the buffers that files on disk are compared through.
var readPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// sameFile reports whether p is a regular file with mode 0644 that holds
// exactly data. It reads the file only when the size matches, a block at a
// time, so that comparing a large file needs no large buffer; any problem
// counts as "different", which only costs a write.
func sameFile(p string, data []byte) bool {
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != filePerm || info.Size() != int64(len(data)) {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	bp := readPool.Get().(*[]byte)
	defer readPool.Put(bp)
	buf := *bp
	for {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(data)+1)])
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return len(data) == 0
		}
		if err != nil {
			return false
		}
	}
}

// Abort drops the staged files; the output stays as it was.
func (s *Syncer) Abort() {
	os.RemoveAll(s.staging)
}

// Commit makes the output hold exactly the added files: staged files are
// renamed into place and files that were not added are removed, with the
// folders they leave empty. On an error from Add, or paths that clash (a
// path that is a file and also the folder of another), nothing changes.
func (s *Syncer) Commit() (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		os.RemoveAll(s.staging)
		return Result{}, s.err
	}
	for p := range s.paths {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if s.paths[dir] {
				os.RemoveAll(s.staging)
				return Result{}, fmt.Errorf("write: output path %q is a file and also the folder of %q", dir, p)
			}
		}
	}
	if s.fresh {
		if err := os.Rename(s.staging, s.out); err != nil {
			os.RemoveAll(s.staging)
			return Result{}, fmt.Errorf("write: %w", err)
		}
		return s.res, nil
	}
	defer os.RemoveAll(s.staging)

	// Removals first: a new file may take the place of a folder that held
	// only old files, or a folder the place of an old file.
	removed, err := s.removeStale()
	if err != nil {
		return Result{}, err
	}
	s.res.Removed = removed
	slices.Sort(s.staged)
	for _, p := range s.staged {
		dst := filepath.Join(s.out, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), dirPerm); err != nil {
			return Result{}, fmt.Errorf("write: %w", err)
		}
		if info, err := os.Lstat(dst); err == nil && info.IsDir() {
			// The path was a folder of the old site; none of its files
			// belong to the new one (paths cannot clash), so it goes.
			if err := os.RemoveAll(dst); err != nil {
				return Result{}, fmt.Errorf("write: %w", err)
			}
		}
		if err := os.Rename(filepath.Join(s.staging, filepath.FromSlash(p)), dst); err != nil {
			return Result{}, fmt.Errorf("write: %w", err)
		}
	}
	return s.res, nil
}

// removeStale removes every file of the output that was not added, and the
// folders left empty, deepest first. A file standing where the new site
// needs a folder is such a file.
func (s *Syncer) removeStale() (int, error) {
	removed := 0
	var dirs []string
	err := filepath.WalkDir(s.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(s.out, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if s.paths[rel] {
			return nil
		}
		if err := os.Remove(p); err != nil {
			return err
		}
		removed++
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("write: %w", err)
	}
	slices.SortFunc(dirs, func(a, b string) int {
		return strings.Count(b, string(filepath.Separator)) - strings.Count(a, string(filepath.Separator))
	})
	for _, d := range dirs {
		os.Remove(d) // fails, as it should, when the folder still holds something
	}
	return removed, nil
}
