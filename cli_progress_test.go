package main

import (
	"bytes"
	"testing"
	"time"
)

// A progress line is for terminals only: into a pipe or a buffer, even a
// long build writes nothing but its summary.
func TestProgressNotOnPipes(t *testing.T) {
	var buf bytes.Buffer
	p := startProgress(&buf, false)
	p.Stage("rendering")
	p.File()
	time.Sleep(progressAfter + 300*time.Millisecond)
	p.Stop()
	if buf.Len() != 0 {
		t.Errorf("progress written to a non-terminal: %q", buf.String())
	}
}
