package serve

import (
	"maps"
	"math/rand"
	"slices"
	"testing"

	"brief/generator/render"
)

// TestUpdateEqualsPublish: over any sequence of builds, a server told only
// the changes of each (Update) serves the same files, reports the same
// paths and tells the browsers the same as a server given each build whole
// (Publish).
func TestUpdateEqualsPublish(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	paths := []string{"index.html", "a/index.html", "b/index.html", "assets/style.css", "feed.xml", "404.html"}
	whole, delta := New("/"), New("/")
	prev := map[string][]byte{}
	for step := range 200 {
		next := map[string][]byte{}
		for _, p := range paths {
			switch r.Intn(6) {
			case 0: // not in this build
			case 1, 2: // new bytes
				next[p] = []byte{byte(r.Intn(3))}
			default: // as before, when it was there
				if d, ok := prev[p]; ok {
					next[p] = d
				} else {
					next[p] = []byte("x")
				}
			}
		}
		var files, changed []render.File
		for _, p := range slices.Sorted(maps.Keys(next)) {
			files = append(files, render.File{Path: p, Data: next[p]})
			// Like the preview server: changed files, plus some whose
			// bytes are the same (a caller may not know).
			if d, ok := prev[p]; !ok || string(d) != string(next[p]) || r.Intn(4) == 0 {
				changed = append(changed, render.File{Path: p, Data: next[p]})
			}
		}
		var removed []string
		for p := range prev {
			if _, ok := next[p]; !ok {
				removed = append(removed, p)
			}
		}
		wantPaths, wantChange := whole.Publish(files)
		gotPaths, gotChange := delta.Update(changed, removed)
		if !slices.Equal(gotPaths, wantPaths) || gotChange != wantChange {
			t.Fatalf("step %d: Update reported %v %v, Publish %v %v", step, gotPaths, gotChange, wantPaths, wantChange)
		}
		if !maps.EqualFunc(delta.files, whole.files, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Fatalf("step %d: Update serves %q, Publish %q", step, delta.files, whole.files)
		}
		if delta.build != whole.build {
			t.Fatalf("step %d: build %d after Update, %d after Publish", step, delta.build, whole.build)
		}
		if step%7 == 3 {
			whole.Fail([]string{"x"})
			delta.Fail([]string{"x"})
		}
		prev = next
	}
}
