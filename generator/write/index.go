package write

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/cespare/xxhash/v2"
)

// The Syncer's index is what the last Commit left in the output, in the
// manner of git's index: for every file its size, times, inode and the
// hashes of its bytes, and for every folder its times and inode. A rebuild
// then learns from one stat that a file still holds the bytes the index
// says, and compares hashes instead of reading it; a folder whose stat is
// unchanged still holds exactly the names the index lists, since adding,
// removing or renaming an entry changes the folder's times, so the cleaner
// need not list it.
//
// A stat can vouch only for changes it can see. Every write, chmod, link
// or rename of a file sets its change time (ctime) to the clock's time,
// and nobody but the kernel can set a ctime, so an edit that keeps the
// size and puts the old modification time back is still seen. What a stat
// cannot see is a change within the same tick of the file system's clock
// as the stamp it records (ext4 stamps in ticks of a few milliseconds,
// some file systems in seconds): a file stamped at or after the moment
// its stamp was taken, or within racyMargin of the index's own time, is
// "racy" (git's word) and is read and compared as if the index did not
// know it. The index never decides alone that a file or a name should be
// removed: it only spares the reading of what it vouches for. Anything
// wrong with it (missing, truncated, another version, a bad checksum)
// means that everything is read, as without it.
//
// It lives beside the output, not in it (the output is published as it
// is), as ".NAME.index"; Write and Update remove it, so that it never
// outlives a change it did not see (the stats would notice most such
// changes anyway).

// racyMargin widens the racy window: an entry stamped less than this long
// before the index was written is read on the next build. Tests set it to
// zero, so that an entry is trusted as soon as the clock has moved on.
var racyMargin = int64(time.Second)

// sumBlock is the size of the blocks whose hashes the index keeps: a
// streamed file is compared block by block as it is made, so that it is
// written from its first changed block without keeping it in memory.
const sumBlock = 64 << 10

// indexMagic starts an index file and names its version.
const indexMagic = "brief output index 1\n"

// A stamp is what a stat of a file or folder tells about its identity and
// its last change. The zero stamp is unknown.
type stamp struct {
	size         int64 // files only
	mtime, ctime int64 // nanoseconds since 1970
	ino, dev     uint64
}

func (st stamp) known() bool { return st.ctime != 0 || st.mtime != 0 }

// isRacy reports whether a file or folder with stamp st, seen at or after
// the file-system time since, could have changed unseen by st: it may have
// changed again in the same clock tick. An unknown stamp is always racy.
func isRacy(st stamp, since int64) bool {
	return !st.known() || max(st.mtime, st.ctime) >= since-racyMargin
}

// A kind is what a stat found at a path.
type kind uint8

const (
	kindNone  kind = iota // missing or unreadable
	kindFile              // a regular file of mode 0644, the only kind the Syncer leaves
	kindDir               // a folder
	kindOther             // a link, a file of another mode, anything else
)

// indexFile is the index's entry for a file: its stamp and the hashes of
// its blocks (sumsOf).
type indexFile struct {
	stamp
	racy bool
	sums []uint64
}

// indexDir is the index's entry for a folder.
type indexDir struct {
	stamp
	racy bool
}

// An index is the content of an index file.
type index struct {
	dev   uint64
	files map[string]*indexFile
	dirs  map[string]indexDir // "" is the output folder
}

// sumsOf returns the hashes of the blocks of data: one per sumBlock bytes,
// the last block possibly shorter; an empty file has one empty block.
func sumsOf(data []byte) []uint64 {
	sums := make([]uint64, 0, blocks(int64(len(data))))
	for {
		n := min(len(data), sumBlock)
		sums = append(sums, xxhash.Sum64(data[:n]))
		data = data[n:]
		if len(data) == 0 {
			return sums
		}
	}
}

// holds reports whether data hashes as the file of e.
func (e *indexFile) holds(data []byte) bool {
	if int64(len(e.sums)) != blocks(int64(len(data))) {
		return false
	}
	for _, sum := range e.sums {
		n := min(len(data), sumBlock)
		if xxhash.Sum64(data[:n]) != sum {
			return false
		}
		data = data[n:]
	}
	return true
}

// blocks is the number of block hashes of a file of size bytes.
func blocks(size int64) int64 {
	return max(1, (size+sumBlock-1)/sumBlock)
}

// indexPath is where the index of the output folder abs is kept.
func indexPath(abs string) string {
	return filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".index")
}

// dropIndex removes the index of the output folder out before a writer
// other than the Syncer changes it. A failure is ignored: a stale index
// still vouches only for what its stats find unchanged.
func dropIndex(out string) {
	if abs, err := filepath.Abs(out); err == nil && filepath.Dir(abs) != abs {
		os.Remove(indexPath(abs))
	}
}

// file returns the index's entry for the added path p, whose file is full,
// when the file on disk is the one the entry describes: a regular file of
// mode 0644 with the very stamp recorded, which is not racy. It costs one
// stat, and none when the index does not know p.
func (x *index) file(p, full string) *indexFile {
	if x == nil {
		return nil
	}
	e := x.files[p]
	if e == nil || e.racy {
		return nil
	}
	if st, k := lstat(full); k != kindFile || st != e.stamp {
		return nil
	}
	return e
}

// dir returns the index's entry for the folder rel of the output ("" for
// the output itself) unless it is racy.
func (x *index) dir(rel string) (indexDir, bool) {
	if x == nil {
		return indexDir{}, false
	}
	d, ok := x.dirs[rel]
	return d, ok && !d.racy
}

// children returns the names the index lists in each folder.
func (x *index) children() map[string][]string {
	names := make(map[string][]string, len(x.dirs))
	add := func(p string) {
		dir, name := path.Split(p)
		if dir != "" {
			dir = dir[:len(dir)-1]
		}
		names[dir] = append(names[dir], name)
	}
	for p := range x.files {
		add(p)
	}
	for p := range x.dirs {
		if p != "" {
			add(p)
		}
	}
	return names
}

// loadIndex reads the index file p, or returns nil when it is missing or
// unusable. Entries stamped within racyMargin of the file's own time are
// marked racy.
func loadIndex(p string) *index {
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	defer f.Close()
	st, ok := fileStamp(f)
	if !ok || st.size > 1<<31 {
		return nil
	}
	data := make([]byte, st.size+1)
	n, err := io.ReadFull(f, data)
	if err != io.ErrUnexpectedEOF || int64(n) != st.size {
		return nil // changed while read
	}
	// Its modification time is when it was written; a change time moved
	// earlier than that (which only a clock set back can do) is taken
	// instead, since an earlier time trusts fewer entries.
	x, err := decodeIndex(data[:n], min(st.mtime, st.ctime))
	if err != nil {
		return nil
	}
	return x
}

var errBadIndex = errors.New("bad index")

// indexReader reads the fields of an index file; the first error sticks.
type indexReader struct {
	b    []byte
	prev string
	err  error
}

func (r *indexReader) uvarint() uint64 { return readVarint(r, binary.Uvarint) }

func (r *indexReader) varint() int64 { return readVarint(r, binary.Varint) }

// readVarint reads one number that decode reads (a varint, signed or not).
func readVarint[T int64 | uint64](r *indexReader, decode func([]byte) (T, int)) T {
	v, n := decode(r.b)
	if n <= 0 {
		r.err = errBadIndex
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a number of entries, each taking at least min bytes.
func (r *indexReader) count(min int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/min) {
		r.err = errBadIndex
		return 0
	}
	return int(n)
}

// path reads a path that shares a prefix with the previous one and comes
// after it.
func (r *indexReader) path(first bool) string {
	shared, size := r.uvarint(), r.uvarint()
	if r.err != nil || shared > uint64(len(r.prev)) || size > uint64(len(r.b)) {
		r.err = errBadIndex
		return ""
	}
	p := r.prev[:shared] + string(r.b[:size])
	r.b = r.b[size:]
	if !first && p <= r.prev {
		r.err = errBadIndex
	}
	r.prev = p
	return p
}

// times reads a modification time and a change time.
func (r *indexReader) times() (mtime, ctime int64) {
	mtime = r.varint()
	return mtime, mtime + r.varint()
}

// decodeIndex reads an index file whose own time is written.
func decodeIndex(data []byte, written int64) (*index, error) {
	if len(data) < len(indexMagic)+8 || string(data[:len(indexMagic)]) != indexMagic {
		return nil, errBadIndex
	}
	body, sum := data[:len(data)-8], binary.LittleEndian.Uint64(data[len(data)-8:])
	if xxhash.Sum64(body) != sum {
		return nil, errBadIndex
	}
	r := &indexReader{b: body[len(indexMagic):]}
	x := &index{dev: r.uvarint()}
	n := r.count(8)
	x.files = make(map[string]*indexFile, n)
	entries := make([]indexFile, n)
	var slab []uint64 // the sums of several entries, which share it
	for i := range entries {
		e := &entries[i]
		p := r.path(i == 0)
		flags := r.uvarint()
		e.size = int64(r.uvarint())
		e.mtime, e.ctime = r.times()
		e.ino, e.dev = r.uvarint(), x.dev
		sums := r.uvarint()
		if r.err != nil || !ValidPath(p) || e.size < 0 || sums > uint64(len(r.b)/8) {
			return nil, errBadIndex
		}
		if uint64(cap(slab)-len(slab)) < sums {
			slab = make([]uint64, 0, max(sums, 4096))
		}
		k := len(slab)
		for range sums {
			slab = append(slab, binary.LittleEndian.Uint64(r.b))
			r.b = r.b[8:]
		}
		e.sums = slab[k:len(slab):len(slab)]
		e.racy = flags&1 != 0 || isRacy(e.stamp, written)
		x.files[p] = e
	}
	n = r.count(4)
	x.dirs = make(map[string]indexDir, n)
	r.prev = ""
	for i := range n {
		p := r.path(i == 0)
		flags := r.uvarint()
		var d indexDir
		d.mtime, d.ctime = r.times()
		d.ino, d.dev = r.uvarint(), x.dev
		if r.err != nil || (i == 0) != (p == "") || i > 0 && !ValidPath(p) {
			return nil, errBadIndex
		}
		d.racy = flags&1 != 0 || isRacy(d.stamp, written)
		x.dirs[p] = d
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, errBadIndex
	}
	return x, nil
}

// indexWriter encodes an index file.
type indexWriter struct {
	b    []byte
	prev string
	dev  uint64
}

func (w *indexWriter) path(p string) {
	shared := 0
	for shared < len(p) && shared < len(w.prev) && p[shared] == w.prev[shared] {
		shared++
	}
	w.b = binary.AppendUvarint(w.b, uint64(shared))
	w.b = binary.AppendUvarint(w.b, uint64(len(p)-shared))
	w.b = append(w.b, p[shared:]...)
	w.prev = p
}

// stamp writes the flags, times and inode of an entry; one on another
// device than the output is racy, since only the output's is kept.
func (w *indexWriter) stamp(st stamp, racy bool, size bool) {
	flags := uint64(0)
	if racy || st.dev != w.dev {
		flags = 1
	}
	w.b = binary.AppendUvarint(w.b, flags)
	if size {
		w.b = binary.AppendUvarint(w.b, uint64(st.size))
	}
	w.b = binary.AppendVarint(w.b, st.mtime)
	w.b = binary.AppendVarint(w.b, st.ctime-st.mtime)
	w.b = binary.AppendUvarint(w.b, st.ino)
}

// encodeIndex writes an index of the files of paths and the folders
// rels, with their entries, on the device dev. Both lists are sorted ("",
// the output itself, first in rels). The format, in which
// every number is a varint (signed where it says so):
//
//	indexMagic, with the version
//	device
//	number of files, then for each file in path order:
//	  length of the prefix shared with the previous path, length of the rest, the rest
//	  flags (1: racy), size, mtime, ctime − mtime (signed), inode
//	  number of block hashes, then each as 8 bytes, little-endian
//	number of folders, then for each folder in path order ("" first):
//	  the path as for files, flags, mtime, ctime − mtime (signed), inode
//	the xxhash64 of everything before, 8 bytes, little-endian
//
// Times are nanoseconds since 1970. Reading ten thousand entries takes a
// millisecond or two.
func encodeIndex(dev uint64, files []string, entries map[string]*indexFile, dirs []string, dirEntries []indexDir) []byte {
	w := &indexWriter{b: make([]byte, 0, 64*(len(files)+len(dirs))), dev: dev}
	w.b = append(w.b, indexMagic...)
	w.b = binary.AppendUvarint(w.b, dev)
	w.b = binary.AppendUvarint(w.b, uint64(len(files)))
	for _, p := range files {
		e := entries[p]
		w.path(p)
		w.stamp(e.stamp, e.racy, true)
		w.b = binary.AppendUvarint(w.b, uint64(len(e.sums)))
		for _, s := range e.sums {
			w.b = binary.LittleEndian.AppendUint64(w.b, s)
		}
	}
	w.b = binary.AppendUvarint(w.b, uint64(len(dirs)))
	w.prev = ""
	for i, p := range dirs {
		d := dirEntries[i]
		w.path(p)
		w.stamp(d.stamp, d.racy, false)
	}
	return binary.LittleEndian.AppendUint64(w.b, xxhash.Sum64(w.b))
}
