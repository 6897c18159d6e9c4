package write

import (
	"errors"
	"io"
	"maps"
	"path/filepath"
	"strings"
	"testing"
)

// chunked writes s to w in pieces of n bytes, as a streaming producer does.
func chunked(s string, n int) func(io.Writer) error {
	return func(w io.Writer) error {
		for len(s) > 0 {
			k := min(n, len(s))
			if _, err := io.WriteString(w, s[:k]); err != nil {
				return err
			}
			s = s[k:]
		}
		return nil
	}
}

// TestAddStream: a streamed file equals an added one in every case the
// Syncer meets: a fresh output, unchanged bytes (mtime kept), a difference
// at the start, in the middle and at the end, a file grown or shrunk, a
// folder or a file of another mode in the way, and empty files; each with
// the old file compared as read and as known to the index.
func TestAddStream(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 20000) // larger than the compare buffer
	cases := []struct{ name, old, new string }{
		{"unchanged", big, big},
		{"first byte", big, "X" + big[1:]},
		{"middle", big, big[:150000] + "X" + big[150001:]},
		{"last byte", big, big[:len(big)-1] + "X"},
		{"longer", big, big + "more"},
		{"shorter", big, big[:len(big)-7]},
		{"to empty", "x", ""},
		{"from empty", "", "x"},
		{"both empty", "", ""},
		{"new file", "", big},
	}
	noMargin(t)
	for _, c := range cases {
		for _, piece := range []int{1 << 20, 4096, 7} {
			if piece == 7 && len(c.new) > 1000 {
				continue
			}
			for _, trusted := range []bool{false, true} {
				testAddStream(t, c.name, c.old, c.new, piece, trusted)
			}
		}
	}
}

// testAddStream is one case of TestAddStream. trusted: the index vouches
// for the old file, which is then read only to copy its equal part.
func testAddStream(t *testing.T, name, oldData, newData string, piece int, trusted bool) {
	out := filepath.Join(t.TempDir(), "public")
	first := map[string]string{"index.html": "home"}
	if name != "new file" {
		first["api/big.json"] = oldData
	}
	if _, err := syncFiles(t, out, first); err != nil {
		t.Fatal(err)
	}
	age(t, out)
	if trusted {
		settle(t, filepath.Dir(out))
		syncCounted(t, out, first, "api/big.json")
		settle(t, filepath.Dir(out))
	}
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Add(File{Path: "index.html", Data: []byte("home")})
	s.AddStream("api/big.json", chunked(newData, piece))
	res, err := s.Commit()
	if err != nil {
		t.Fatalf("%s/%d: %v", name, piece, err)
	}
	if read := s.compared.Load(); trusted && read != 0 {
		t.Errorf("%s/%d: %d files read to compare them, though the index vouches for them", name, piece, read)
	}
	unchanged := name == "unchanged" || name == "both empty"
	want := Result{Unchanged: 1, Written: 1}
	if unchanged {
		want = Result{Unchanged: 2}
	}
	if res != want {
		t.Errorf("%s/%d: %+v, want %+v", name, piece, res, want)
	}
	if got := contents(t, out); !maps.Equal(got, map[string]string{"index.html": "home", "api/big.json": newData}) {
		t.Errorf("%s/%d: wrong tree (%d bytes in the file, want %d)", name, piece, len(got["api/big.json"]), len(newData))
	}
	if kept := snapshot(t, out)["api/big.json"].mtime.Equal(past); kept != unchanged {
		t.Errorf("%s/%d: mtime kept %v", name, piece, kept)
	}
	noLeftovers(t, out)
}

// TestAddStreamFresh: into a new output, and a folder in the way of a
// streamed file on a rebuild.
func TestAddStreamFresh(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.AddStream("api/events.json", chunked("[1,2]\n", 2))
	if res, err := s.Commit(); err != nil || res != (Result{Written: 1}) {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := syncFiles(t, out, map[string]string{"api/events.json/index.html": "a folder now"}); err != nil {
		t.Fatal(err)
	}
	s, err = Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.AddStream("api/events.json", chunked("[3]\n", 100))
	if _, err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := contents(t, out); !maps.Equal(got, map[string]string{"api/events.json": "[3]\n"}) {
		t.Errorf("tree %v", got)
	}
	noLeftovers(t, out)
}

// TestAddStreamFailure: a producer that fails halfway fails the build and
// leaves the previous output as it was.
func TestAddStreamFailure(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	before := map[string]string{"index.html": "home", "api/events.json": "old"}
	if _, err := syncFiles(t, out, before); err != nil {
		t.Fatal(err)
	}
	age(t, out)
	snap := snapshot(t, out)
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Add(File{Path: "index.html", Data: []byte("new home")})
	s.AddStream("api/events.json", func(w io.Writer) error {
		io.WriteString(w, "new start")
		return errors.New("disk on fire")
	})
	if _, err := s.Commit(); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Commit: %v", err)
	}
	if after := snapshot(t, out); !maps.Equal(after, snap) {
		t.Errorf("output changed:\n%v\n%v", snap, after)
	}
	noLeftovers(t, out)
}
