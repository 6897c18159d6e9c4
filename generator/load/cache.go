package load

import (
	"io/fs"
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
// The zero Cache is ready to use. Loads through one Cache run one at a
// time.
type Cache struct {
	mu    sync.Mutex         // held for a whole Load
	files map[string]*cached // by content path
	read0 time.Time          // when the Load in progress began
	// now is the clock (time.Now when nil); tests move it ahead so that
	// files they just wrote count as settled.
	now func() time.Time
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
}

// read reads the entry e (a file to read), from the cache when it can.
func (c *Cache) read(fsys fs.FS, e *entry) {
	if c == nil {
		e.file, e.static = readEntry(fsys, e.path, &e.ds)
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
	if next.stamped && prev != nil && prev.stamped && prev.settled && prev.raw != nil && prev.stamp == next.stamp {
		e.file, e.static, e.cached = prev.file, prev.static, prev
		e.ds.Add(prev.ds...)
		return
	}
	next.settled = next.stamped && settled(next.stamp, now)
	next.file, next.static, next.raw = readEntryPrev(fsys, e.path, &next.ds, prev)
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
