package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// A Syncer brings an output folder to exactly the files added to it while
// the files are still being made, so that a build never holds all of its
// pages in memory and a rebuild touches only what changed. It is the writer
// of `brief build`.
//
// Files whose bytes equal the file on disk are left alone (they keep their
// modification time). Each costs one stat when the index of the last
// Commit vouches for it (see index.go) and the hash of its bytes equals
// the one recorded there, and one read otherwise. Every other file goes into a
// staging folder beside the output, which the output does not see. Only
// Commit changes the output: it moves the staged files into place, each by
// one rename, and removes the files that no longer belong to the site. So a
// build that fails before Commit (a template error, a full disk while
// staging) leaves the previous output exactly as it was, as Write does. The
// difference from Write is the window inside Commit: a crash during the
// renames can leave a mix of old and new files, which the next build
// repairs; in exchange an unchanged site of ten thousand pages costs reads
// instead of ten thousand new folders, links and removals. Commit writes
// the index of what it left beside the output (".NAME.index"), and a
// folder whose stat the index vouches for is not listed by the cleaner.
//
// When the output does not exist yet, the staging folder is built as the
// output's tree and Commit is one rename. Otherwise the staging folder is
// flat (files named 0, 1, 2, ...): a rebuild that changes every page then
// makes no folders at all, where a tree in staging would make and remove
// one folder per page, which costs more than writing the page.
type Syncer struct {
	out, staging string
	parent       string // the folder of out and staging
	prefix       string // of staging folders, and of a new index until it is complete
	fresh        bool   // no previous output: staging becomes the output
	modes        modes

	// The last Commit's index, read when the first file is added: by
	// then the build has let go of what it needed most memory for.
	oldOnce sync.Once
	oldPath string // "": none to read
	oldIdx  *index // nil when there is none or it is unusable
	since   int64  // the file system's time at Begin; 0: no index is kept
	dev     uint64 // the output's device

	// How many files were read to compare them and folders listed (for
	// tests).
	compared, listed atomic.Int32

	mu sync.Mutex
	// paths holds every added path, with what the new index will say of
	// its file (nil while the file is being added).
	paths   map[string]*indexFile
	staged  []staged        // not fresh: files waiting in staging
	dirAt   map[string]bool // not fresh: added paths that are folders on disk
	madeDir map[string]bool // fresh: folders known to exist in staging
	err     error
	res     Result
	// fresh: the first error that two clashing paths may explain (see
	// maybeClash)
	clashErr error
}

// staged is a file whose new bytes wait in the flat staging folder.
type staged struct {
	path string // in the output, slash-separated
	name string // in staging
}

// modes remembers whether the file system gives new files and folders
// exactly the permissions asked for. The output should not depend on the
// umask of whoever ran the build, but setting the mode of every file and
// folder costs a system call each; the umask and a folder's default access
// list are the same for everything the Syncer creates, so the first file
// and the first folder tell for all of them.
type modes struct {
	file, dir atomic.Int32
}

const (
	modeUnknown int32 = iota
	modeExact
	modeWrong
)

// mkdir makes the folder p with mode 0755.
func (m *modes) mkdir(p string) error {
	if err := os.Mkdir(p, dirPerm); err != nil {
		return err
	}
	switch m.dir.Load() {
	case modeExact:
		return nil
	case modeUnknown:
		if info, err := os.Lstat(p); err == nil && info.Mode().Perm() == dirPerm {
			m.dir.Store(modeExact)
			return nil
		}
		m.dir.Store(modeWrong)
	}
	return os.Chmod(p, dirPerm)
}

// mkdirAll makes the folder p and its missing parents with mode 0755.
func (m *modes) mkdirAll(p string) error {
	if info, err := os.Stat(p); err == nil && info.IsDir() {
		return nil
	}
	if parent := filepath.Dir(p); parent != p {
		if err := m.mkdirAll(parent); err != nil {
			return err
		}
	}
	if err := m.mkdir(p); err != nil {
		// Made meanwhile, or a file in the way (which Mkdir reports).
		if info, serr := os.Lstat(p); serr != nil || !info.IsDir() {
			return err
		}
	}
	return nil
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
	s := &Syncer{out: abs, staging: staging, parent: parent, prefix: stagingPrefix, fresh: !exists,
		paths: map[string]*indexFile{}, dirAt: map[string]bool{}, madeDir: map[string]bool{}}
	// The staging folder's change time is the file system's clock now,
	// which is what the stamps of this build are compared with.
	if st, _ := lstat(staging); st.known() {
		s.since, s.dev = st.ctime, st.dev
		if exists {
			if out, k := lstat(abs); k == kindDir {
				s.dev, s.oldPath = out.dev, indexPath(abs)
			}
		}
	}
	return s, nil
}

// old returns the last Commit's index, or nil.
func (s *Syncer) old() *index {
	s.oldOnce.Do(func() {
		if s.oldPath != "" {
			s.oldIdx = loadIndex(s.oldPath)
		}
	})
	return s.oldIdx
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

// claim registers path p for this build. It returns the file's name in a
// flat staging folder, and failed when an earlier error means nothing will
// be committed, so that the work can be saved.
func (s *Syncer) claim(p string) (name string, failed bool, err error) {
	if !ValidPath(p) {
		return "", false, fmt.Errorf("write: invalid output path %q", p)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.paths[p]; ok {
		return "", false, fmt.Errorf("write: output path %q appears twice", p)
	}
	s.paths[p] = nil
	if !s.fresh {
		// Numbered in the order of Add, which does not matter: Commit
		// renames each to its path.
		name = strconv.Itoa(len(s.paths))
	}
	return name, s.err != nil, nil
}

func (s *Syncer) add(f File) error {
	name, failed, err := s.claim(f.Path)
	if err != nil || failed {
		return err
	}
	if s.fresh {
		e := &indexFile{sums: sumsOf(f.Data)}
		err := s.stagingDir(path.Dir(f.Path))
		if err == nil {
			if err = createFile(filepath.Join(s.staging, filepath.FromSlash(f.Path)), f.Data, &s.modes, &e.stamp); err != nil {
				err = fmt.Errorf("write: %w", err)
			}
		}
		if err != nil {
			return s.maybeClash(err)
		}
		s.mu.Lock()
		s.paths[f.Path] = e
		s.res.Written++
		s.mu.Unlock()
		return nil
	}
	full := filepath.Join(s.out, filepath.FromSlash(f.Path))
	var e *indexFile
	same, isDir := false, false
	if known := s.old().file(f.Path, full); known != nil {
		// The file holds the bytes the index hashed: equal hashes are
		// equal bytes, different ones need no read to tell.
		if same = known.holds(f.Data); same {
			e = known
		} else {
			e = &indexFile{sums: sumsOf(f.Data)}
		}
	} else {
		s.compared.Add(1)
		e = &indexFile{sums: sumsOf(f.Data)}
		same, isDir, e.stamp = compareFile(full, f.Data)
		e.racy = isRacy(e.stamp, s.since)
	}
	if same {
		s.mu.Lock()
		s.paths[f.Path] = e
		s.res.Unchanged++
		s.mu.Unlock()
		return nil
	}
	if err := createFile(filepath.Join(s.staging, name), f.Data, &s.modes, nil); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	// Stamped in Commit, once in place.
	e.stamp = stamp{size: int64(len(f.Data))}
	s.mu.Lock()
	s.paths[f.Path] = e
	s.staged = append(s.staged, staged{path: f.Path, name: name})
	if isDir {
		s.dirAt[f.Path] = true
	}
	s.res.Written++
	s.mu.Unlock()
	return nil
}

// AddAll adds n files, file(i) giving the i-th, on a small pool of
// goroutines: for a caller that holds a whole build rather than making its
// files one at a time. Errors are kept as by Add.
func (s *Syncer) AddAll(n int, file func(i int) File) {
	parallel(n, func(i int) error {
		s.Add(file(i))
		return nil
	})
}

// maybeClash returns err, or keeps it for Commit and returns nil when it
// may come from two added paths of which one is the folder of the other
// (a page's folder and a static file of the same name): Commit names the
// two paths, which says more than the error of the file system about the
// staging tree, and returns err itself if it finds no such pair.
func (s *Syncer) maybeClash(err error) error {
	if !errors.Is(err, fs.ErrExist) && !errors.Is(err, syscall.ENOTDIR) {
		return err
	}
	s.mu.Lock()
	if s.clashErr == nil {
		s.clashErr = err
	}
	s.mu.Unlock()
	return nil
}

// stagingDir makes sure the folder dir (slash-separated, "." for the root)
// exists in a fresh staging tree.
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
	if err := s.modes.mkdir(p); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("write: %w", err)
	}
	s.mu.Lock()
	s.madeDir[dir] = true
	s.mu.Unlock()
	return nil
}

// readPool holds the buffers that files on disk are compared through and
// folders are listed through.
var readPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// Abort drops the staged files; the output stays as it was.
func (s *Syncer) Abort() {
	os.RemoveAll(s.staging)
}

// Commit makes the output hold exactly the added files: staged files are
// renamed into place and files that were not added are removed, with the
// folders they leave empty. On an error from Add, or paths that clash (a
// path that is a file and also the folder of another), nothing changes.
// The index of the new output is written last; a failure to write it
// fails nothing.
func (s *Syncer) Commit() (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		os.RemoveAll(s.staging)
		return Result{}, s.err
	}
	// The folders the new output needs, which also finds clashes.
	dirs := make(map[string]bool, len(s.paths))
	for p := range s.paths {
		for dir := path.Dir(p); dir != "." && !dirs[dir]; dir = path.Dir(dir) {
			dirs[dir] = true
		}
	}
	clash := ""
	for dir := range dirs {
		if _, ok := s.paths[dir]; ok && (clash == "" || dir < clash) {
			clash = dir
		}
	}
	if clash != "" {
		under := ""
		for p := range s.paths {
			if strings.HasPrefix(p, clash+"/") && (under == "" || p < under) {
				under = p
			}
		}
		os.RemoveAll(s.staging)
		return Result{}, fmt.Errorf("write: output path %q is a file and also the folder of %q", clash, under)
	}
	if s.clashErr != nil {
		os.RemoveAll(s.staging)
		return Result{}, s.clashErr
	}
	// The last index describes the output until it changes: a crash from
	// here on leaves none, and the next build reads everything.
	os.Remove(indexPath(s.out))
	if s.fresh {
		// The new index is begun before the files can be seen (see
		// saveIndex).
		tmp, then := s.beginIndex()
		if err := os.Rename(s.staging, s.out); err != nil {
			os.RemoveAll(s.staging)
			s.abortIndex(tmp)
			return Result{}, fmt.Errorf("write: %w", err)
		}
		s.saveIndex(tmp, then, dirs, nil, nil)
		return s.res, nil
	}
	defer os.RemoveAll(s.staging)

	// Removals first: a new file may take the place of a folder that held
	// only old files, or a folder the place of an old file.
	c := cleaner{s: s, dirs: dirs, listed: s.listFolders(dirs), touched: map[string]bool{}}
	if _, err := c.clean(s.out, ""); err != nil {
		return Result{}, fmt.Errorf("write: %w", err)
	}
	s.res.Removed = c.removed
	for _, f := range s.staged {
		src, dst := filepath.Join(s.staging, f.name), filepath.Join(s.out, filepath.FromSlash(f.path))
		c.touched[parentOf(f.path)] = true
		if os.Rename(src, dst) == nil {
			continue
		}
		// The folder is missing (the path is new), or a folder stands
		// where the file goes; neither is common, so they are handled
		// only when the plain rename fails.
		for dir := f.path; dir != ""; {
			dir = parentOf(dir)
			c.touched[dir] = true
		}
		if err := s.modes.mkdirAll(filepath.Dir(dst)); err != nil {
			return Result{}, fmt.Errorf("write: %w", err)
		}
		if info, err := os.Lstat(dst); err == nil && info.IsDir() {
			if err := os.RemoveAll(dst); err != nil {
				return Result{}, fmt.Errorf("write: %w", err)
			}
		}
		if err := os.Rename(src, dst); err != nil {
			return Result{}, fmt.Errorf("write: %w", err)
		}
	}
	tmp, then := s.beginIndex()
	s.saveIndex(tmp, then, dirs, c.listed, c.touched)
	return s.res, nil
}

// beginIndex creates the file the new index is written to. Its change
// time is the file system's clock now: a file or folder stamped later is
// racy in the new index, since it may change again in the same tick of
// the clock, after its stamp was taken. It returns nil when no index is
// kept.
func (s *Syncer) beginIndex() (*os.File, int64) {
	if s.since == 0 {
		return nil, 0
	}
	f, err := os.CreateTemp(s.parent, s.prefix+"index-*")
	if err != nil {
		return nil, 0
	}
	st, ok := fileStamp(f)
	if !ok {
		s.abortIndex(f)
		return nil, 0
	}
	return f, st.ctime
}

func (s *Syncer) abortIndex(f *os.File) {
	if f != nil {
		f.Close()
		os.Remove(f.Name())
	}
}

// saveIndex writes the index of the output as Commit left it into f,
// begun at the time then, and moves it into place. dirs are the folders of
// the site; listed and touched are the cleaner's (nil for a fresh
// output). A folder that was listed or vouched for by the last index and
// in which nothing was removed or renamed keeps the stamp taken then;
// files and folders stamped by nothing yet are stamped now, after then.
func (s *Syncer) saveIndex(f *os.File, then int64, dirs map[string]bool, listed map[string]folder, touched map[string]bool) {
	if f == nil {
		return
	}
	parallel(len(s.staged), func(i int) error {
		e := s.paths[s.staged[i].path]
		st, k := lstat(filepath.Join(s.out, filepath.FromSlash(s.staged[i].path)))
		// Another size: not the file staged, which someone replaced.
		e.racy = k != kindFile || st.size != e.size
		e.stamp = st
		return nil
	})
	files := make([]string, 0, len(s.paths))
	for p, e := range s.paths {
		if e == nil {
			s.abortIndex(f)
			return
		}
		e.racy = e.racy || isRacy(e.stamp, then)
		files = append(files, p)
	}
	slices.Sort(files)
	rels := make([]string, 0, len(dirs)+1)
	rels = append(rels, "")
	for dir := range dirs {
		rels = append(rels, dir)
	}
	slices.Sort(rels)
	folders := make([]indexDir, len(rels))
	parallel(len(rels), func(i int) error {
		if seen, ok := listed[rels[i]]; ok && !touched[rels[i]] && seen.at.known() {
			folders[i] = indexDir{stamp: seen.at, racy: isRacy(seen.at, s.since)}
			return nil
		}
		st, k := lstat(filepath.Join(s.out, filepath.FromSlash(rels[i])))
		folders[i] = indexDir{stamp: st, racy: k != kindDir || isRacy(st, then)}
		return nil
	})
	_, err := f.Write(encodeIndex(s.dev, files, s.paths, rels, folders))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), indexPath(s.out))
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// parentOf is the folder of the output path p, "" for the output itself.
func parentOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// A cleaner removes from the output every file that was not added, and
// the folders left empty. It lists only folders: whether a name is a file
// or a folder follows from the added paths, and only names that belong to
// no added path are looked at further.
type cleaner struct {
	s       *Syncer
	dirs    map[string]bool   // the folders of the added files
	listed  map[string]folder // the folders of dirs, listed beforehand (see listFolders)
	touched map[string]bool   // folders in which something was removed
	removed int               // files removed
}

// clean cleans the folder p, at rel ("" for the output itself), and
// reports whether it is empty afterwards.
func (c *cleaner) clean(p, rel string) (empty bool, err error) {
	names := c.listed[rel].names
	if _, ok := c.listed[rel]; !ok {
		c.s.listed.Add(1)
		if names, err = readNames(p); err != nil {
			return false, err
		}
	}
	left := len(names)
	for _, name := range names {
		sub := name
		if rel != "" {
			sub = rel + "/" + name
		}
		child := filepath.Join(p, name)
		_, added := c.s.paths[sub]
		switch {
		case added && !c.s.dirAt[sub]:
			continue // an added file, in place or waiting in staging
		case c.dirs[sub]:
			// A folder of the new site: keep it even if it empties, a
			// staged file goes into it.
			if _, err := c.clean(child, sub); err == nil {
				continue
			} else if !notFolder(err) {
				return false, err
			}
			// A file or a link where the new site needs a folder.
			if err := c.s.rescue(sub, child); err != nil {
				return false, err
			}
			if err := unlink(child); err != nil {
				return false, err
			}
			c.touched[rel] = true
			c.removed++
			left--
		default:
			// Not part of the new site: a file goes, a folder is emptied
			// and goes too. Either kind leaves its name free for a staged
			// file of the same path (dirAt).
			if unlink(child) == nil {
				c.touched[rel] = true
				c.removed++
				left--
				continue
			}
			info, err := os.Lstat(child)
			if err != nil {
				return false, err
			}
			if !info.IsDir() {
				return false, unlink(child)
			}
			if empty, err := c.clean(child, sub); err != nil {
				return false, err
			} else if empty {
				if err := os.Remove(child); err != nil {
					return false, err
				}
				c.touched[rel] = true
				left--
			}
		}
	}
	return left == 0, nil
}

// folder is what listFolders found in one folder: its names and its
// stamp, taken before they were read.
type folder struct {
	names []string
	at    stamp
}

// listFolders lists the output folder and its folders of dirs (at their
// paths relative to the output, "" for the output itself) on every core,
// for the cleaner, which would list them one after another while the
// other cores have nothing left to do. Only the cleaner changes the output
// meanwhile, and it lists a folder before it removes anything in it, so a
// listing made beforehand is the one it would make. A folder that cannot be
// listed (missing, or a file where the site needs a folder) is left out:
// the cleaner then meets the error itself.
//
// A folder that the last index vouches for (its stamp unchanged, and not
// racy) is not read: its names are the index's.
func (s *Syncer) listFolders(dirs map[string]bool) map[string]folder {
	rels := make([]string, 0, len(dirs)+1)
	rels = append(rels, "")
	for dir := range dirs {
		rels = append(rels, dir)
	}
	old := s.old()
	var known map[string][]string
	if old != nil {
		known = old.children()
	}
	found := make([]folder, len(rels))
	ok := make([]bool, len(rels))
	parallel(len(rels), func(i int) error {
		p := filepath.Join(s.out, filepath.FromSlash(rels[i]))
		if d, in := old.dir(rels[i]); in {
			if st, k := lstat(p); k == kindDir && st == d.stamp {
				found[i], ok[i] = folder{names: known[rels[i]], at: st}, true
				return nil
			}
		}
		s.listed.Add(1)
		if names, at, err := listFolder(p); err == nil {
			found[i], ok[i] = folder{names: names, at: at}, true
		}
		return nil
	})
	listed := make(map[string]folder, len(rels))
	for i, rel := range rels {
		if ok[i] {
			listed[rel] = found[i]
		}
	}
	return listed
}

// rescue keeps the files that Add found unchanged behind a symbolic link
// at rel, the place of a folder of the new site: the link goes, so they
// are staged again, copied from where the link leads (Add found them equal
// to the new bytes). Without it they would vanish with the link.
func (s *Syncer) rescue(rel, link string) error {
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil // a file: nothing was read through it
	}
	if info, err := os.Stat(link); err != nil || !info.IsDir() {
		return nil // a link to a file or to nothing: the same
	}
	isStaged := make(map[string]bool, len(s.staged))
	for _, f := range s.staged {
		isStaged[f.path] = true
	}
	var behind []string
	for p := range s.paths {
		if strings.HasPrefix(p, rel+"/") && !isStaged[p] {
			behind = append(behind, p)
		}
	}
	slices.Sort(behind)
	for _, p := range behind {
		data, err := os.ReadFile(filepath.Join(s.out, filepath.FromSlash(p)))
		if err != nil {
			return err
		}
		name := "rescued-" + strconv.Itoa(len(s.staged))
		if err := createFile(filepath.Join(s.staging, name), data, &s.modes, nil); err != nil {
			return err
		}
		s.staged = append(s.staged, staged{path: p, name: name})
		// Stamped once in place, as any staged file.
		s.paths[p] = &indexFile{stamp: stamp{size: int64(len(data))}, sums: sumsOf(data)}
		s.res.Unchanged--
		s.res.Written++
	}
	return nil
}
