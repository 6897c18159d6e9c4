package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// Update brings the output folder from prev to next in place, touching only
// what differs: files whose bytes changed or that are new are written, files
// of prev that next lacks are removed (with folders left empty), and every
// other file is not even opened. It is the writer of the preview server,
// where a save must reach the disk in milliseconds and a full Write of ten
// thousand pages would not.
//
// prev must be what the folder holds: the files of the Write or Update that
// produced it. Unlike Write, Update is not all or nothing across files; each
// file is replaced atomically (written beside it, then renamed over it), so
// a reader never sees half a file. When the folder does not exist, or prev is
// nil, Update is a Write.
func Update(out string, prev, next []File) (Result, error) {
	if err := validate(next); err != nil {
		return Result{}, err
	}
	if prev == nil {
		return Write(out, next)
	}
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return Write(out, next)
	}
	old := make(map[string][]byte, len(prev))
	for _, f := range prev {
		old[f.Path] = f.Data
	}
	keep := make(map[string]bool, len(next))
	var changed []File
	for _, f := range next {
		keep[f.Path] = true
		if data, ok := old[f.Path]; ok && bytes.Equal(data, f.Data) {
			continue
		}
		changed = append(changed, f)
	}
	var removed []string
	for _, f := range prev {
		if !keep[f.Path] {
			removed = append(removed, f.Path)
		}
	}
	return apply(out, len(next), changed, removed)
}

// Apply is Update for a caller that knows the changes from prev to next
// rather than both builds whole: paths are the paths of every file of
// next, changed the files of next that are new or whose bytes differ from
// prev's, and removed the paths of prev's files that next lacks. The
// preview server streams a build and keeps only its changed files, so that
// a rebuild of ten thousand pages never holds two copies of the site.
//
// The folder must hold prev, as for Update. When it does not exist, Apply
// writes nothing and returns an error that matches fs.ErrNotExist: the
// caller must then Write the whole build.
func Apply(out string, paths []string, changed []File, removed []string) (Result, error) {
	if err := validatePaths(paths); err != nil {
		return Result{}, err
	}
	if _, err := os.Lstat(out); err != nil {
		return Result{}, fmt.Errorf("write: %w", err)
	}
	return apply(out, len(paths), changed, removed)
}

// ApplySame is Apply for a build with the very paths of prev: only the
// changed files are written, and the paths, which the write of prev
// checked, are not checked again as a whole. A preview server rebuilds
// thousands of files on every save and finds a few changed.
func ApplySame(out string, n int, changed []File) (Result, error) {
	for _, f := range changed {
		if !ValidPath(f.Path) {
			return Result{}, fmt.Errorf("write: invalid output path %q", f.Path)
		}
	}
	if _, err := os.Lstat(out); err != nil {
		return Result{}, fmt.Errorf("write: %w", err)
	}
	return apply(out, n, changed, nil)
}

// apply removes the files removed and writes the files changed of a build
// of n files in the folder out.
func apply(out string, n int, changed []File, removed []string) (Result, error) {
	// The Syncer's index would no longer describe the output.
	dropIndex(out)
	res := Result{Unchanged: n - len(changed)}
	// Removals first: a new file may take the place of a folder that only
	// held removed files, or a folder the place of a removed file.
	var dirs []string
	for _, rp := range removed {
		p := filepath.Join(out, filepath.FromSlash(rp))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return res, fmt.Errorf("write: %w", err)
		}
		res.Removed++
		for d := path.Dir(rp); d != "."; d = path.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	// Deepest first, so that a parent is empty by the time it is tried;
	// a folder that still holds something stays.
	slices.SortFunc(dirs, func(a, b string) int { return len(b) - len(a) })
	for _, d := range slices.Compact(dirs) {
		os.Remove(filepath.Join(out, filepath.FromSlash(d)))
	}
	err := parallel(len(changed), func(i int) error {
		return replace(out, changed[i])
	})
	if err != nil {
		return res, err
	}
	res.Written = len(changed)
	return res, nil
}

// replace writes one file atomically: into a temporary file in the same
// folder, then renamed over the old one.
func replace(out string, f File) error {
	dst := filepath.Join(out, filepath.FromSlash(f.Path))
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(dst)+".tmp-")
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	_, err = tmp.Write(f.Data)
	if err == nil {
		err = tmp.Chmod(filePerm)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write: %w", err)
	}
	return nil
}
