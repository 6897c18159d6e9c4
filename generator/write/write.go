// Package write is the last stage of a build: it puts the rendered files on
// disk as the output folder (public/ by default).
//
// The stage promises four things (SPEC §7):
//
//   - All or nothing. The new tree is built in a staging folder next to the
//     output (".public.staging-XXXX" in the same parent) and swapped in by
//     two renames only when every file was written. A failed write removes
//     the staging folder and leaves the previous output exactly as it was.
//   - Unchanged files keep their modification time. A file whose bytes equal
//     the old file is hard-linked from the old output into staging (or
//     copied with its old mtime when a link is impossible), so rsync, HTTP
//     caches and the preview server see that nothing changed.
//   - Stale files disappear. The new tree holds exactly the given files;
//     anything else the old output held is gone and counted as removed.
//   - Nothing outside the output folder and its staging and backup siblings
//     is touched, but the Syncer's index beside it (".NAME.index", see
//     index.go), which Write removes. Check refuses output folders whose
//     replacement would lose the user's data; the command line calls it
//     before Write.
//
// A crash can leave ".NAME.staging-*" or ".NAME.old-*" folders beside the
// output; the next Write removes them, and if the crash fell between the two
// renames (output missing, backup present) it first puts the backup back so
// that modification times survive.
//
// The swap is not atomic: for the moment between the two renames the output
// folder does not exist. The package targets Linux and macOS; it relies on
// POSIX rename and hard-link semantics and is not meant for Windows.
package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// File is one output file. Path is slash-separated and relative to the
// output folder, for example "countries/tj/index.html".
type File struct {
	Path string
	Data []byte
}

// Result counts what a Write did. Written files are new or have new bytes,
// Unchanged files kept their bytes and modification time, Removed files were
// in the previous output but are not in the new one.
type Result struct {
	Written, Unchanged, Removed int
}

const (
	dirPerm  fs.FileMode = 0o755
	filePerm fs.FileMode = 0o644
)

// ValidPath reports whether p may name an output file: a non-empty,
// slash-separated relative path whose segments are neither empty, "." nor
// "..", without backslashes (a Windows separator here is always a mistake)
// and without NUL bytes.
func ValidPath(p string) bool {
	if p == "" || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// Write replaces the folder out with exactly files. See the package comment
// for what it guarantees. It does not call Check; callers that take out from
// a user must.
func Write(out string, files []File) (Result, error) {
	return write(out, files, hooks{})
}

// hooks lets tests fail a write at chosen points. Zero values mean the real
// behaviour.
type hooks struct {
	// file runs before each file is placed in staging.
	file func(p string) error
	// rename replaces os.Rename for the swap.
	rename func(oldpath, newpath string) error
}

// status is what happened to one file.
type status uint8

const (
	written status = iota + 1
	unchanged
)

func write(out string, files []File, h hooks) (Result, error) {
	if h.rename == nil {
		h.rename = os.Rename
	}
	if out == "" {
		return Result{}, errors.New("write: output folder is empty")
	}
	if err := validate(files); err != nil {
		return Result{}, err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return Result{}, fmt.Errorf("write: output folder %q: %w", out, err)
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if parent == abs {
		return Result{}, fmt.Errorf("write: output folder %q is the root of the file system", out)
	}
	if err := os.MkdirAll(parent, dirPerm); err != nil {
		return Result{}, fmt.Errorf("write: %w", err)
	}
	stagingPrefix, backupPrefix := "."+base+".staging-", "."+base+".old-"

	exists, err := outputExists(abs, out)
	if err != nil {
		return Result{}, err
	}
	// The Syncer's index describes the output it left; Write makes a new
	// output and keeps none.
	os.Remove(indexPath(abs))
	if exists, err = cleanLeftovers(parent, abs, stagingPrefix, backupPrefix, exists, h.rename); err != nil {
		return Result{}, err
	}

	staging, err := os.MkdirTemp(parent, stagingPrefix)
	if err != nil {
		return Result{}, fmt.Errorf("write: creating staging folder: %w", err)
	}
	fail := func(err error) (Result, error) {
		// The staging folder is ours alone; removing it is always safe.
		os.RemoveAll(staging)
		return Result{}, err
	}
	if err := os.Chmod(staging, dirPerm); err != nil {
		return fail(fmt.Errorf("write: %w", err))
	}
	if err := makeDirs(staging, files); err != nil {
		return fail(err)
	}

	old := ""
	if exists {
		old = abs
	}
	statuses, err := placeAll(old, staging, files, h.file)
	if err != nil {
		return fail(err)
	}
	var res Result
	for _, s := range statuses {
		if s == unchanged {
			res.Unchanged++
		} else {
			res.Written++
		}
	}
	if exists {
		if res.Removed, err = countRemoved(abs, files); err != nil {
			return fail(err)
		}
	}

	if !exists {
		if err := h.rename(staging, abs); err != nil {
			return fail(fmt.Errorf("write: %w", err))
		}
		return res, nil
	}
	backup := filepath.Join(parent, backupPrefix+strings.TrimPrefix(filepath.Base(staging), stagingPrefix))
	if err := h.rename(abs, backup); err != nil {
		return fail(fmt.Errorf("write: moving the previous output aside: %w", err))
	}
	if err := h.rename(staging, abs); err != nil {
		if rerr := h.rename(backup, abs); rerr != nil {
			// Keep staging too: both trees are intact and the next Write
			// recovers the backup.
			return Result{}, fmt.Errorf("write: %w; the previous output is in %q: %v", err, backup, rerr)
		}
		return fail(fmt.Errorf("write: %w", err))
	}
	// The new output is in place, so the build succeeded even if the backup
	// cannot be removed now; the next Write removes what is left of it.
	os.RemoveAll(backup)
	return res, nil
}

// validate rejects invalid paths, duplicates, and a path used both as a file
// and as a folder ("a" and "a/b"), before anything touches the disk.
func validate(files []File) error {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	return validatePaths(paths)
}

// validatePaths is validate for the paths of the files.
func validatePaths(paths []string) error {
	seen := make(map[string]bool, len(paths))
	for _, p := range paths {
		if !ValidPath(p) {
			return fmt.Errorf("write: invalid output path %q", p)
		}
		if seen[p] {
			return fmt.Errorf("write: output path %q appears twice", p)
		}
		seen[p] = true
	}
	for _, p := range paths {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if seen[dir] {
				return fmt.Errorf("write: output path %q is a file and also the folder of %q", dir, p)
			}
		}
	}
	return nil
}

// outputExists reports whether the output folder exists, refusing a file or
// a symbolic link in its place: replacing a link would silently change what
// the user set up.
func outputExists(abs, out string) (bool, error) {
	info, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("write: %w", err)
	case info.Mode()&fs.ModeSymlink != 0:
		return false, fmt.Errorf("write: output folder %q is a symbolic link; give the folder it points to instead", out)
	case !info.IsDir():
		return false, fmt.Errorf("write: output folder %q exists and is not a folder", out)
	}
	return true, nil
}

// cleanLeftovers removes staging and backup folders left by a crashed
// Write or Syncer, and the Syncer's unfinished index files, which bear the
// staging prefix too (the index itself, ".NAME.index", bears neither).
// When the output itself is missing, a backup is the previous output and
// is moved back first. It returns whether the output exists afterwards.
// Only real folders and files with our exact prefixes are touched, never
// links.
func cleanLeftovers(parent, abs, stagingPrefix, backupPrefix string, exists bool, rename func(string, string) error) (bool, error) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return exists, fmt.Errorf("write: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		isStaging, isBackup := strings.HasPrefix(name, stagingPrefix), strings.HasPrefix(name, backupPrefix)
		if isStaging && e.Type().IsRegular() {
			os.Remove(filepath.Join(parent, name))
			continue
		}
		if !e.IsDir() || !isStaging && !isBackup {
			continue
		}
		p := filepath.Join(parent, name)
		if isBackup && !exists {
			if err := rename(p, abs); err != nil {
				return exists, fmt.Errorf("write: restoring the previous output from %q: %w", p, err)
			}
			exists = true
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			return exists, fmt.Errorf("write: removing a leftover folder: %w", err)
		}
	}
	return exists, nil
}

// makeDirs creates every folder the files need, level by level so that a
// folder's parent always exists; within a level the folders are independent
// and are created in parallel, because a site with one folder per page has
// about as many folders as files.
func makeDirs(staging string, files []File) error {
	set := make(map[string]bool)
	for _, f := range files {
		for dir := path.Dir(f.Path); dir != "." && !set[dir]; dir = path.Dir(dir) {
			set[dir] = true
		}
	}
	var levels [][]string
	for _, d := range slices.Sorted(maps.Keys(set)) {
		depth := strings.Count(d, "/")
		for len(levels) <= depth {
			levels = append(levels, nil)
		}
		levels[depth] = append(levels[depth], d)
	}
	for _, dirs := range levels {
		err := parallel(len(dirs), func(i int) error {
			p := filepath.Join(staging, filepath.FromSlash(dirs[i]))
			if err := os.Mkdir(p, dirPerm); err != nil {
				return fmt.Errorf("write: %w", err)
			}
			// Mkdir is subject to the umask; the output's permissions
			// should not depend on who ran the build.
			if err := os.Chmod(p, dirPerm); err != nil {
				return fmt.Errorf("write: %w", err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// placeAll puts every file into staging. old is the previous output folder
// or "" when there is none.
func placeAll(old, staging string, files []File, hook func(string) error) ([]status, error) {
	statuses := make([]status, len(files))
	err := parallel(len(files), func(i int) error {
		if hook != nil {
			if err := hook(files[i].Path); err != nil {
				return err
			}
		}
		var err error
		statuses[i], err = place(old, staging, files[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	return statuses, nil
}

// parallel runs fn(0) … fn(n-1) on a small pool of goroutines: the work is
// system calls, so a few more workers than processors keep the disk busy.
// After the first failure no new calls start. It returns the error of the
// lowest failing index, so the message does not depend on scheduling.
func parallel(n int, fn func(i int) error) error {
	errs := make([]error, n)
	var stop atomic.Bool
	// Each worker takes the next item itself: handing items over a
	// channel would wake a worker for each, which costs more than a
	// stat of the file.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, 2*runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n && !stop.Load(); i = int(next.Add(1)) - 1 {
				if err := fn(i); err != nil {
					errs[i] = err
					stop.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// place writes one file into staging, reusing the old file when its bytes
// are equal. The old file is read only when its size matches.
func place(old, staging string, f File) (status, error) {
	dst := filepath.Join(staging, filepath.FromSlash(f.Path))
	if old != "" {
		src := filepath.Join(old, filepath.FromSlash(f.Path))
		if info, ok := sameBytes(src, f.Data); ok {
			// A hard link shares the mode too, so link only when the mode is
			// already the one we would write.
			if info.Mode().Perm() == filePerm && os.Link(src, dst) == nil {
				return unchanged, nil
			}
			if err := writeFile(dst, f.Data); err != nil {
				return 0, err
			}
			if err := os.Chtimes(dst, time.Time{}, info.ModTime()); err != nil {
				return 0, fmt.Errorf("write: %w", err)
			}
			return unchanged, nil
		}
	}
	if err := writeFile(dst, f.Data); err != nil {
		return 0, err
	}
	return written, nil
}

// sameBytes reports whether the regular file at p holds exactly data. Any
// problem reading it counts as "different": the file is then rewritten,
// which is always correct.
func sameBytes(p string, data []byte) (fs.FileInfo, bool) {
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return nil, false
	}
	b, err := os.ReadFile(p)
	if err != nil || !bytes.Equal(b, data) {
		return nil, false
	}
	return info, true
}

func writeFile(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		// As with folders: independent of the umask.
		err = f.Chmod(filePerm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// countRemoved counts the entries of the old output that are not files of
// the new one. Folders are not counted; links and other non-folders are.
func countRemoved(old string, files []File) (int, error) {
	keep := make(map[string]bool, len(files))
	for _, f := range files {
		keep[f.Path] = true
	}
	n := 0
	err := filepath.WalkDir(old, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(old, p)
		if err != nil {
			return err
		}
		if !keep[filepath.ToSlash(rel)] {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("write: reading the previous output: %w", err)
	}
	return n, nil
}
