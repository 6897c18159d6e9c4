package load

import (
	"errors"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"brief/generator/diag"
)

// Cache keeps what a Load read, so that the next Load through it reads
// again only the files that changed: the preview server rebuilds on every
// save, and re-reading ten thousand unchanged notes would be most of the
// wait.
//
// A file is taken from the cache only when the file system proves that it
// is the same file with the same bytes: its device, inode, size,
// modification time and change time (which every write and rename
// updates, and which no program can set back) are what they were, and the
// file was already older than racyWindow when it was read, so that a second
// write within the same timestamp tick cannot go unnoticed. In every other
// case — a platform without those stamps, a symbolic link, a file too
// recent — the file is read; when its bytes are what they were, the earlier
// result is reused without parsing them again. The result of a Load through
// a Cache is always the same as a fresh Load's.
//
// A Cache also keeps the whole of the last Load, so that LoadChanged can
// look at the paths a file-system watcher reported and nothing else.
//
// The zero Cache is ready to use. Loads through one Cache run one at a
// time.
type Cache struct {
	mu    sync.Mutex         // held for a whole Load
	files map[string]*cached // by content path
	read0 time.Time          // when the Load in progress began
	// now is the clock (time.Now when nil); tests move it ahead so that
	// files they just wrote count as settled.
	now func() time.Time
	// last is the last Load as a whole; nil when there was none or it did
	// not finish, and then LoadChanged reads the whole folder.
	last *snapshot
	// scans counts the Loads that walked the whole folder, for tests.
	scans int
}

// snapshot is what a Load found, for a later Load of changed paths.
type snapshot struct {
	fsys     fs.FS
	config   Config
	configDs diag.List
	entries  []*entry // in walk order; never modified once kept
	volatile []string // the paths of the volatile entries
}

func newSnapshot(fsys fs.FS, config Config, configDs diag.List, entries []*entry) *snapshot {
	s := &snapshot{fsys: fsys, config: config, configDs: configDs, entries: entries}
	for _, e := range entries {
		if e.volatile {
			s.volatile = append(s.volatile, e.path)
		}
	}
	return s
}

// begin starts a Load through c, which holds c.mu.
func (c *Cache) begin() {
	c.read0 = time.Now()
	if c.now != nil {
		c.read0 = c.now()
	}
	// Until the Load is done, the last one is no base for the next: a
	// Load that stops half-way (a panic) leaves the next to walk again.
	c.last = nil
}

// cached is what one file gave at its last read.
type cached struct {
	stamp   stamp
	stamped bool // stamp is known
	settled bool // the file was older than racyWindow when it was read
	raw     []byte
	file    *File
	static  *Static
	ds      diag.List // the diagnostics of the read alone
}

// racyWindow is how recent a file's timestamps may be, at the time it is
// read, for its stamp to be trusted later. It covers the coarsest
// timestamps of common file systems (two seconds on FAT) and the lag of
// the kernel's coarse clock behind the wall clock.
const racyWindow = 3 * time.Second

// stamp identifies one version of a file as the file system sees it.
type stamp struct {
	dev, ino     uint64
	size         int64
	mtime, ctime int64 // nanoseconds since the epoch
	mode         fs.FileMode
	nlink        uint64 // names of the file
}

// read reads the entry e (a file to read), from the cache when it can.
func (c *Cache) read(fsys fs.FS, e *entry) {
	if c == nil {
		e.file, e.static = readEntry(fsys, e.path, e.regular(), &e.ds)
		return
	}
	var prev *cached
	if c.files != nil {
		prev = c.files[e.path]
	}
	now := c.read0
	next := &cached{}
	if e.dirent != nil {
		if info, err := e.dirent.Info(); err == nil {
			next.stamp, next.stamped = stampOf(info)
		}
	}
	// Without a stamp, or with other names (hard links) whose writes are
	// not events of this path, a file must be looked at every time.
	e.volatile = e.volatile || !next.stamped || next.stamp.nlink > 1
	if next.stamped && prev != nil && prev.stamped && prev.settled && prev.raw != nil && prev.stamp == next.stamp {
		e.file, e.static, e.cached = prev.file, prev.static, prev
		e.ds.Add(prev.ds...)
		return
	}
	next.settled = next.stamped && settled(next.stamp, now)
	next.file, next.static, next.raw = readEntryPrev(fsys, e.path, e.regular(), &next.ds, prev)
	e.file, e.static, e.cached = next.file, next.static, next
	e.ds.Add(next.ds...)
}

// settled reports whether a file with stamp st was old enough at time now
// that a later change must show in its stamp.
func settled(st stamp, now time.Time) bool {
	limit := now.Add(-racyWindow).UnixNano()
	return st.mtime < limit && st.ctime < limit
}

// keep makes the entries of a Load the cache's content.
func (c *Cache) keep(entries []*entry) {
	if c == nil {
		return
	}
	files := make(map[string]*cached, len(entries))
	for _, e := range entries {
		if e.cached != nil {
			files[e.path] = e.cached
		}
	}
	c.files = files
}

// LoadChanged reads the content folder as Load does when only the paths in
// changed (slash-separated, relative to the folder, files or folders) may
// differ from the last Load through c: a file-system watcher reported
// them. Each of them is looked at again — a file through the cache, as
// Load would, a folder with everything below it, a path that is gone
// dropped with everything below it — and everything else is taken from the
// last Load without touching the disk. The result is what Load would
// return, provided the watcher missed nothing.
//
// The whole folder is walked as by Load when nothing can be trusted: no
// earlier Load through c (or one that did not finish), another file system
// than the last Load's, the folder itself among the paths, or a path that
// is not valid. A nil Cache always reads every file.
func (c *Cache) LoadChanged(fsys fs.FS, changed []string) (*Content, diag.List) {
	if c == nil {
		return Load(fsys)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	last := c.last
	if last != nil && sameFS(last.fsys, fsys) {
		c.begin()
		if l, ok := c.loadPaths(fsys, last, changed); ok {
			return l.Content, l.ds
		}
	}
	l := c.loadAll(fsys)
	return l.Content, l.ds
}

// sameFS reports whether a and b are the same file system, as far as can
// be told: a value that cannot be compared (fstest.MapFS) is taken to be.
func sameFS(a, b fs.FS) bool {
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb {
		return false
	}
	return ta == nil || !ta.Comparable() || a == b
}

// loadPaths is LoadChanged from the last Load. It reports false, having
// changed nothing, when the whole folder must be walked instead.
func (c *Cache) loadPaths(fsys fs.FS, last *snapshot, changed []string) (loaded, bool) {
	paths, ok := outermost(append(slices.Clip(changed), last.volatile...))
	if !ok {
		return loaded{}, false // the folder itself changed
	}
	// A hidden file is not content, but it may be another name of a
	// content file (a hard link) that was written through it.
	if hiddenLinks := sharedInodes(fsys, paths); len(hiddenLinks) > 0 {
		paths, _ = outermost(append(paths, sameFiles(last.entries, hiddenLinks, nil)...))
	}
	type round struct{ gone, fresh []*entry }
	var rounds []round
	touched := map[string]bool{}
	entries := last.entries
	config := false // site.yaml is read again
	read := map[string]bool{}
	for len(paths) > 0 {
		paths = reachable(fsys, paths)
		var r round
		var found []string
		entries, r.gone, r.fresh, found, ok = splice(fsys, entries, paths)
		if !ok {
			return loaded{}, false
		}
		for _, e := range r.gone {
			touched[e.path] = true
		}
		for _, p := range found {
			touched[p] = true
		}
		c.readAll(fsys, r.fresh)
		rounds = append(rounds, r)
		config = config || slices.Contains(paths, "site.yaml")
		for _, e := range r.fresh {
			read[e.path] = true
		}
		// A file just read may have other names now, which no event
		// tells about: they are read as well, and are volatile from now
		// on.
		paths = sameFiles(entries, freshInodes(r.fresh), read)
	}

	if c.files == nil {
		c.files = map[string]*cached{}
	}
	for _, r := range rounds {
		for _, e := range r.gone {
			delete(c.files, e.path)
		}
		for _, e := range r.fresh {
			if e.cached != nil {
				c.files[e.path] = e.cached
			}
		}
	}
	cfg, cfgDs := last.config, last.configDs
	if config {
		cfgDs = nil
		cfg = readConfig(fsys, &cfgDs)
	}
	l := assemble(cfg, cfgDs, entries)
	l.Changed = []string{}
	for p := range touched {
		if entryAt(last.entries, p).differs(entryAt(entries, p)) {
			l.Changed = append(l.Changed, p)
		}
	}
	if config && !(reflect.DeepEqual(cfg, last.config) && reflect.DeepEqual(cfgDs, last.configDs)) {
		l.Changed = append(l.Changed, "site.yaml")
	}
	slices.Sort(l.Changed)
	l.Changed = slices.Compact(l.Changed)
	c.last = newSnapshot(fsys, cfg, cfgDs, entries)
	return l, true
}

// entryAt returns the entry of p in entries (in walk order), or nil.
func entryAt(entries []*entry, p string) *entry {
	i := sort.Search(len(entries), func(i int) bool { return walkCmp(entries[i].path, p) >= 0 })
	if i < len(entries) && entries[i].path == p {
		return entries[i]
	}
	return nil
}

// differs reports whether the entries a and b of one path (nil where
// there is none) give the site something different: another file or
// static file. A file whose bytes are as they were keeps its value (see
// Cache), and a file that is not content gives nothing either way; its
// diagnostics are the load's, not the site's.
func (a *entry) differs(b *entry) bool {
	var fa, fb *File
	var sa, sb *Static
	if a != nil {
		fa, sa = a.file, a.static
	}
	if b != nil {
		fb, sb = b.file, b.static
	}
	return fa != fb || sa != sb
}

// reachable returns paths (outermost ones, in walk order) with each path
// that lies below something no longer a folder (gone, or a file or a link
// now) replaced by that: the walk reaches a path through folders only, and
// it is the one that changed which is to be looked at (the watcher reported
// it, or will in its next batch).
func reachable(fsys fs.FS, paths []string) []string {
	folders := map[string]bool{}
	moved := false
	for i, p := range paths {
		if hidden(p) {
			continue
		}
		for end := strings.IndexByte(p, '/'); end >= 0; end = nextSlash(p, end) {
			dir := p[:end]
			isDir, seen := folders[dir]
			if !seen {
				info, err := fs.Lstat(fsys, dir)
				isDir = err == nil && info.IsDir()
				folders[dir] = isDir
			}
			if !isDir {
				paths[i], moved = dir, true
				break
			}
		}
	}
	if moved {
		paths, _ = outermost(paths)
	}
	return paths
}

// splice returns the entries of a walk from base, the entries of an
// earlier one, by walking the paths again (outermost ones, in walk order):
// the subtree of each is one run of entries in walk order. gone are the
// entries it replaced, fresh the new entries to read and found the paths
// of all the new entries. It reports false when a path cannot be looked
// at, which the walk of the whole folder reports in detail.
func splice(fsys fs.FS, base []*entry, paths []string) (entries, gone, fresh []*entry, found []string, ok bool) {
	entries = make([]*entry, 0, len(base)+len(paths))
	at := 0
	for _, p := range paths {
		lo := at + sort.Search(len(base)-at, func(i int) bool { return walkCmp(base[at+i].path, p) >= 0 })
		hi := lo
		for hi < len(base) && within(base[hi].path, p) {
			hi++
		}
		entries = append(entries, base[at:lo]...)
		gone = append(gone, base[lo:hi]...)
		at = hi
		if hidden(p) {
			continue // not content, and nothing below it is
		}
		info, err := fs.Lstat(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, nil, nil, false
		}
		walkFrom(fsys, p, fs.FileInfoToDirEntry(info), func(p string, d fs.DirEntry, err error) error {
			e, skip := visit(fsys, p, d, err)
			if e != nil {
				entries = append(entries, e)
				found = append(found, e.path)
				if e.read {
					fresh = append(fresh, e)
				}
			}
			return skip
		})
	}
	entries = append(entries, base[at:]...)
	return entries, gone, fresh, found, true
}

// inode identifies a file with several names (hard links).
type inode struct{ dev, ino uint64 }

// freshInodes returns the files of the entries that have several names.
func freshInodes(entries []*entry) map[inode]bool {
	files := map[inode]bool{}
	for _, e := range entries {
		if e.cached != nil && e.cached.stamped && e.cached.stamp.nlink > 1 {
			files[inode{e.cached.stamp.dev, e.cached.stamp.ino}] = true
		}
	}
	return files
}

// sharedInodes returns the files with several names among the paths that
// are hidden.
func sharedInodes(fsys fs.FS, paths []string) map[inode]bool {
	files := map[inode]bool{}
	for _, p := range paths {
		if !hidden(p) {
			continue
		}
		if info, err := fs.Lstat(fsys, p); err == nil && info.Mode().IsRegular() {
			if st, ok := stampOf(info); ok && st.nlink > 1 {
				files[inode{st.dev, st.ino}] = true
			}
		}
	}
	return files
}

// sameFiles returns the paths of the entries, but those in skip, that were
// one of files when they were read.
func sameFiles(entries []*entry, files map[inode]bool, skip map[string]bool) []string {
	if len(files) == 0 {
		return nil
	}
	var paths []string
	for _, e := range entries {
		if e.cached != nil && e.cached.stamped && !skip[e.path] && files[inode{e.cached.stamp.dev, e.cached.stamp.ino}] {
			paths = append(paths, e.path)
		}
	}
	return paths // in walk order, and files: outermost
}

// outermost cleans the changed paths and keeps those that no other one
// holds, in walk order. It reports false for the folder itself or a path
// that is not valid.
func outermost(changed []string) ([]string, bool) {
	paths := make([]string, 0, len(changed))
	for _, p := range changed {
		p = path.Clean(p)
		if p == "." || !fs.ValidPath(p) {
			return nil, false
		}
		paths = append(paths, p)
	}
	slices.SortFunc(paths, walkCmp)
	out := paths[:0]
	for _, p := range paths {
		if len(out) > 0 && within(p, out[len(out)-1]) {
			continue // its folder (or itself) is walked already
		}
		out = append(out, p)
	}
	return out, true
}

// nextSlash is the index of the first slash in p after index i, or -1.
func nextSlash(p string, i int) int {
	if j := strings.IndexByte(p[i+1:], '/'); j >= 0 {
		return i + 1 + j
	}
	return -1
}

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	return p == dir || len(p) > len(dir) && p[len(dir)] == '/' && p[:len(dir)] == dir
}

// hidden reports whether p or one of its folders is not content by its
// name, which the walk skips with everything below it.
func hidden(p string) bool {
	for name := range strings.SplitSeq(p, "/") {
		if ignoredName(name) {
			return true
		}
	}
	return false
}

// walkCmp orders paths as fs.WalkDir visits them: a folder before what it
// holds, and the names of one folder in order. That is the order of the
// paths as lists of names, which differs from the order of the strings
// ("a/x" comes before "a.md").
func walkCmp(a, b string) int {
	for {
		na, resta, moreA := strings.Cut(a, "/")
		nb, restb, moreB := strings.Cut(b, "/")
		if c := strings.Compare(na, nb); c != 0 {
			return c
		}
		switch {
		case !moreA && !moreB:
			return 0
		case !moreA:
			return -1 // a holds b
		case !moreB:
			return 1
		}
		a, b = resta, restb
	}
}

// walkFrom visits p, whose entry d came from Lstat, and everything below
// it exactly as fs.WalkDir does when its walk of the whole folder gets
// there.
func walkFrom(fsys fs.FS, p string, d fs.DirEntry, fn fs.WalkDirFunc) {
	if err := fn(p, d, nil); err != nil || !d.IsDir() {
		return
	}
	list, err := fs.ReadDir(fsys, p)
	if err != nil && fn(p, d, err) != nil {
		return
	}
	for _, d1 := range list {
		walkFrom(fsys, path.Join(p, d1.Name()), d1, fn)
	}
}
