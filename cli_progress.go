package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progressLine shows, on a terminal, which stage a build is in and how many
// files it has written, once the build has taken longer than a second: a
// short build prints nothing but its summary, a long one does not look
// stuck. It writes nothing when w is not a terminal (logs and CI stay
// clean).
type progressLine struct {
	w     io.Writer
	stage atomic.Value // string
	files atomic.Int64
	stop  chan struct{}
	done  sync.WaitGroup
}

// after is how long a build runs before the progress line appears.
const progressAfter = time.Second

func startProgress(w io.Writer, quiet bool) *progressLine {
	p := &progressLine{w: w, stop: make(chan struct{})}
	p.stage.Store("starting")
	if quiet || !isTerminal(w) {
		return p
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		start := time.Now()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-p.stop:
				if shown {
					fmt.Fprint(p.w, "\r\033[K")
				}
				return
			case <-tick.C:
				if time.Since(start) < progressAfter {
					continue
				}
				shown = true
				fmt.Fprintf(p.w, "\r\033[Kbrief: %s… %d files, %.1f s", p.stage.Load(), p.files.Load(), time.Since(start).Seconds())
			}
		}
	}()
	return p
}

// Stage records the stage that began.
func (p *progressLine) Stage(name string) { p.stage.Store(name) }

// File counts a file handed to the writer.
func (p *progressLine) File() { p.files.Add(1) }

// Stop clears the line; it returns once nothing more will be written.
func (p *progressLine) Stop() {
	close(p.stop)
	p.done.Wait()
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
