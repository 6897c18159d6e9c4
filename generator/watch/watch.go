// Package watch tells the preview server when the content or the templates
// changed. It wraps fsnotify, which watches single folders, into what a
// site generator needs:
//
//   - Recursive roots. Every folder under a root is watched, including
//     folders created (or moved in) later; a folder moved away or deleted
//     stops being watched. A root that does not exist yet is picked up when
//     it is created.
//   - Editors' saves in every form: writing in place, writing a temporary
//     file and renaming it over the original (the rename shows up as a
//     Create of the original's name), deleting and recreating.
//   - Batches. Saving one file produces several events (create, write,
//     chmod, rename), and "save all" or a git checkout produces hundreds. The
//     watcher waits until the tree has been quiet for a short interval
//     (DefaultDebounce) and then reports every path touched as one
//     Batch. While the receiver is busy rebuilding, further events join the
//     pending batch instead of queueing up one rebuild each.
//
// Hidden files and editors' backup and lock files (".x.swp", "x~", "#x#")
// are not content (the loader skips them too), so changes to them alone do
// not trigger a rebuild; nor do changes of attributes (permissions, times),
// which some tools make all the time. Their paths still come with the next
// batch: a file made unreadable, or one that is another name of a content
// file (a hard link), changes what a build reads.
//
// A receiver may trust that a batch names every path that changed since the
// last one (hidden folders, which are not watched, aside), unless its
// Rescan is set: then the watcher lost events (the system's event queue
// overflowed) or could not watch some folder, and everything must be
// looked at.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Batch is the set of paths touched during one burst of changes, sorted and
// without duplicates. A path may name a file or a folder, and may no longer
// exist (deleted or renamed away).
type Batch struct {
	Paths []string
	// Rescan says that Paths may be incomplete: events were lost, or a
	// folder could not be watched (then every later batch says so too).
	Rescan bool
}

// Watcher watches folders recursively and reports debounced batches.
type Watcher struct {
	// C receives one Batch per burst of changes.
	C <-chan Batch
	// Errors receives problems the watcher could not handle itself (for
	// example the system's limit of watches reached). It is never closed
	// before C.
	Errors <-chan error

	fsw      *fsnotify.Watcher
	roots    []string
	debounce time.Duration
	maxWait  time.Duration
	out      chan Batch
	errs     chan error
	// lost: events were lost since the last batch. degraded: a folder
	// is not watched. Only the loop goroutine uses them.
	lost, degraded bool
	done           chan struct{}
	closed         sync.Once
	wg             sync.WaitGroup
}

// Options of a Watcher.
type Options struct {
	// Debounce is how long the tree must be quiet before a batch is
	// reported; DefaultDebounce when zero.
	Debounce time.Duration
	// MaxWait bounds how long a continuous stream of events can delay a
	// batch; 1s when zero.
	MaxWait time.Duration
}

// DefaultDebounce is the quiet interval that ends a batch. The events of
// one save come within microseconds of each other: an in-place write is a
// truncation and a write, vim renames the file to a backup and writes it
// anew, other editors write a temporary file and rename it over (one
// event that counts). Measured on a machine loaded with builds, the
// longest pause between the events of one save that count was 1.5 ms for
// a write in place and 6 ms for vim's sequence; a shorter interval would
// split a save into a batch that sees the file empty or missing and a
// second rebuild, a longer one only adds to every rebuild's wait.
const DefaultDebounce = 10 * time.Millisecond

// New watches the given roots (folders) recursively. A root that does not
// exist is watched for through its parent folder.
func New(opts Options, roots ...string) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = time.Second
	}
	fsw, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		fsw: fsw, debounce: opts.Debounce, maxWait: opts.MaxWait,
		out: make(chan Batch), errs: make(chan error, 16), done: make(chan struct{}),
	}
	w.C, w.Errors = w.out, w.errs
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			fsw.Close()
			return nil, err
		}
		w.roots = append(w.roots, abs)
	}
	for _, r := range w.roots {
		if err := w.addRoot(r); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Close stops watching. C is closed once the watcher has stopped; a batch
// in progress is dropped.
func (w *Watcher) Close() error {
	var err error
	w.closed.Do(func() {
		close(w.done)
		err = w.fsw.Close()
		w.wg.Wait()
	})
	return err
}

// addRoot watches a root and everything below it, or its nearest existing
// parent when it does not exist yet.
func (w *Watcher) addRoot(root string) error {
	info, err := os.Stat(root)
	if err == nil && info.IsDir() {
		_, err := w.addTree(root)
		return err
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Watch the parent so that the root's creation is seen.
	for p := filepath.Dir(root); ; p = filepath.Dir(p) {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return w.fsw.Add(p)
		}
		if filepath.Dir(p) == p {
			return nil
		}
	}
}

// addTree watches dir and every folder below it. It returns the files found
// inside: when a folder is created or moved in with files already in it,
// those files produce no events of their own.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// Gone again already, or unreadable: nothing to watch there.
			if p == dir {
				return err
			}
			return nil
		}
		if p != dir && ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, p)
			return nil
		}
		return w.fsw.Add(p)
	})
	return files, err
}

// ignored reports whether a file or folder name is hidden or an editor's
// backup, swap or lock file.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		name == "4913" // vim's write test file
}

// inRoots reports whether p is a root or below one.
func (w *Watcher) inRoots(p string) bool {
	for _, r := range w.roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// loop turns fsnotify events into batches.
func (w *Watcher) loop() {
	defer w.wg.Done()
	defer close(w.out)
	pending := map[string]bool{}
	var ready *Batch // a batch waiting for the receiver
	var quiet <-chan time.Time
	var deadline <-chan time.Time
	var quietTimer, deadlineTimer *time.Timer
	stopTimers := func() {
		if quietTimer != nil {
			quietTimer.Stop()
		}
		if deadlineTimer != nil {
			deadlineTimer.Stop()
		}
		quiet, deadline = nil, nil
	}
	// burst restarts the quiet interval, and starts the deadline with the
	// first event of a burst.
	burst := func() {
		if quietTimer != nil {
			quietTimer.Stop()
		}
		quietTimer = time.NewTimer(w.debounce)
		quiet = quietTimer.C
		if deadline == nil {
			deadlineTimer = time.NewTimer(w.maxWait)
			deadline = deadlineTimer.C
		}
	}
	flush := func() {
		stopTimers()
		rescan := w.lost || w.degraded
		if len(pending) == 0 && !rescan {
			return
		}
		if ready == nil {
			ready = &Batch{}
		}
		for p := range pending {
			ready.Paths = append(ready.Paths, p)
		}
		slices.Sort(ready.Paths)
		ready.Paths = slices.Compact(ready.Paths)
		ready.Rescan = ready.Rescan || rescan
		w.lost = false
		clear(pending)
	}
	for {
		var out chan Batch
		if ready != nil {
			out = w.out
		}
		var send Batch
		if ready != nil {
			send = *ready
		}
		select {
		case <-w.done:
			stopTimers()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			switch w.handle(ev, pending) {
			case trigger:
				burst()
			case rideAlong:
				if ready != nil {
					// The waiting batch is rebuilt after this change:
					// it must name it.
					for p := range pending {
						ready.Paths = append(ready.Paths, p)
					}
					slices.Sort(ready.Paths)
					ready.Paths = slices.Compact(ready.Paths)
					clear(pending)
				}
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			// An overflow of the event queue, or worse: what changed
			// since is unknown, and a rebuild must look at everything.
			w.lost = true
			burst()
			w.report(err)
		case <-quiet:
			flush()
		case <-deadline:
			flush()
		case out <- send:
			ready = nil
		}
	}
}

// report hands a problem to the receiver, when it listens.
func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default: // nobody listens; the batch says what matters
	}
}

// failed notes that a folder could not be watched: its changes would go
// unseen, and no batch can be trusted to be complete any more. A folder
// that is gone again is no such case: its removal is an event.
func (w *Watcher) failed(err error) {
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return
	}
	w.degraded = true
	w.report(err)
}

// What an event means for the next batch.
type effect int

const (
	ignore    effect = iota // nothing
	rideAlong               // its path comes with the next batch, which it does not start
	trigger                 // its path is a change: a batch follows
)

// handle records one event in pending and keeps the set of watched folders
// up to date. It says what the event means.
func (w *Watcher) handle(ev fsnotify.Event, pending map[string]bool) effect {
	p := filepath.Clean(ev.Name)
	if ev.Op == 0 || !w.inRoots(p) {
		return ignore // a sibling of a root that does not exist yet
	}
	if ev.Op == fsnotify.Chmod || ignored(filepath.Base(p)) {
		// Attribute changes do not change what is built, as a rule, and
		// some tools touch them constantly; editors write their backup
		// and swap files all the time. Neither starts a rebuild, but the
		// next one looks at them: a file made unreadable is an error, a
		// hidden file may be another name of a content file.
		pending[p] = true
		return rideAlong
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// A folder moved away keeps its watches under the old name for
		// its subfolders; drop them, the new name is added on its Create.
		for _, q := range w.fsw.WatchList() {
			if q == p || strings.HasPrefix(q, p+string(filepath.Separator)) {
				_ = w.fsw.Remove(q) // may already be gone with the folder
			}
		}
		if slices.Contains(w.roots, p) {
			w.failed(w.addRoot(p)) // watch for it coming back
		}
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(p); err == nil && info.IsDir() {
			files, err := w.addTree(p)
			w.failed(err)
			for _, f := range files {
				pending[f] = true
			}
		}
	}
	pending[p] = true
	return trigger
}
