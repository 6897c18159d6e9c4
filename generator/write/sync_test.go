package write

import (
	"fmt"
	"io/fs"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// syncFiles runs a Syncer over m, adding the files from several goroutines
// as a build does.
func syncFiles(t testing.TB, out string, m map[string]string) (Result, error) {
	t.Helper()
	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	addFrom(s, toFiles(m), 3)
	return s.Commit()
}

// addFrom adds files to s from the given number of goroutines, as the
// renderer's workers do; those of streamed with AddStream, in small pieces.
func addFrom(s *Syncer, files []File, workers int, streamed ...string) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(files); i += workers {
				if slices.Contains(streamed, files[i].Path) {
					s.AddStream(files[i].Path, chunked(string(files[i].Data), 1000))
				} else {
					s.Add(files[i])
				}
			}
		})
	}
	wg.Wait()
}

// TestSyncKeepsUnchangedAndRemovesStale: the first sync creates the tree;
// the next one writes only changed and new files, keeps the mtime of the
// others, removes stale files and the folders they leave empty, and leaves
// no staging folder.
func TestSyncKeepsUnchangedAndRemovesStale(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := syncFiles(t, out, site)
	if err != nil {
		t.Fatal(err)
	}
	if res != (Result{Written: len(site)}) {
		t.Errorf("first sync: %+v", res)
	}
	if got := contents(t, out); !maps.Equal(got, site) {
		t.Fatalf("tree %v", got)
	}
	age(t, out)
	next := maps.Clone(site)
	next["countries/tj/index.html"] = "Tajikistan, updated"
	delete(next, "countries/kg/index.html")
	next["timeline/2025/2/index.html"] = "page 2"
	res, err = syncFiles(t, out, next)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Result{Written: 2, Unchanged: 3, Removed: 1}); res != want {
		t.Errorf("second sync: %+v, want %+v", res, want)
	}
	snap := snapshot(t, out)
	if _, ok := snap["countries/kg"]; ok {
		t.Error("the emptied folder countries/kg is still there")
	}
	for p := range next {
		changed := p == "countries/tj/index.html" || p == "timeline/2025/2/index.html"
		if kept := snap[p].mtime.Equal(past); kept == changed {
			t.Errorf("%s: mtime kept %v, file changed %v", p, kept, changed)
		}
	}
	if got := contents(t, out); !maps.Equal(got, next) {
		t.Fatalf("tree %v, want %v", got, next)
	}
	noLeftovers(t, out)
}

// TestSyncFailureLeavesOutputUntouched: an aborted sync, a duplicate path
// and clashing paths change nothing on disk.
func TestSyncFailureLeavesOutputUntouched(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := syncFiles(t, out, site); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)

	s, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Add(File{Path: "index.html", Data: []byte("new home")})
	s.Abort()

	s, _ = Begin(out)
	s.Add(File{Path: "index.html", Data: []byte("new home")})
	s.Add(File{Path: "index.html", Data: []byte("again")})
	if _, err := s.Commit(); err == nil || !strings.Contains(err.Error(), "appears twice") {
		t.Errorf("duplicate path: %v", err)
	}

	s, _ = Begin(out)
	s.Add(File{Path: "a", Data: []byte("file")})
	s.Add(File{Path: "a/index.html", Data: []byte("file in folder a")})
	if _, err := s.Commit(); err == nil {
		t.Error("clashing paths accepted")
	}

	s, _ = Begin(out)
	s.Add(File{Path: "../escape", Data: []byte("x")})
	if _, err := s.Commit(); err == nil {
		t.Error("invalid path accepted")
	}

	if after := snapshot(t, out); !maps.Equal(after, before) {
		t.Errorf("output changed:\n%v\n%v", before, after)
	}
	noLeftovers(t, out)
}

// TestSyncRandomSequence: after any sequence of syncs, with paths switching
// between file and folder, the output holds exactly the last set of files.
func TestSyncRandomSequence(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	names := []string{"a", "b", "a/b", "a/c", "b/a/index.html", "c/d/e", "c", "index.html", "x/y/z/w"}
	out := filepath.Join(t.TempDir(), "public")
	for step := range 200 {
		want := map[string]string{}
		for _, n := range r.Perm(len(names))[:r.Intn(len(names))] {
			p := names[n]
			clash := false
			for q := range want {
				if strings.HasPrefix(q, p+"/") || strings.HasPrefix(p, q+"/") {
					clash = true
				}
			}
			if !clash {
				want[p] = fmt.Sprint(r.Intn(3))
			}
		}
		if _, err := syncFiles(t, out, want); err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if got := readTree(t, out); !maps.Equal(got, want) {
			t.Fatalf("step %d: tree %v, want %v", step, got, want)
		}
	}
	noLeftovers(t, out)
}

// benchPages is a site shaped like a real build of ten thousand notes: one
// folder per page, pages of about ten kilobytes, a few section pages of a
// few hundred kilobytes and one large data file. Every page differs from
// the others, so no two files share a prefix the comparison could skip.
// variant changes the last bytes of every file (not its length), which is
// what a site-wide edit like a new footer does.
func benchPages(n int, variant byte) []File {
	files := make([]File, 0, n+20)
	page := func(p string, size, i int) {
		data := make([]byte, size)
		for j := range data {
			data[j] = "abcdefghijklmnopqrstuvwxyz <>/=\n"[(i*7+j*13)%32]
		}
		data[size-1] = variant
		files = append(files, File{Path: p, Data: data})
	}
	for i := range n {
		page(fmt.Sprintf("sources/%05d/index.html", i), 8<<10+i%4096, i)
	}
	for i := range 20 {
		page(fmt.Sprintf("timeline/%d/index.html", 2005+i), 300<<10+i, n+i)
	}
	page("api/events.json", 8<<20, n+20)
	return files
}

func benchBytes(files []File) int {
	n := 0
	for _, f := range files {
		n += len(f.Data)
	}
	return n
}

func benchSync(b *testing.B, out string, files []File, want Result) {
	s, err := Begin(out)
	if err != nil {
		b.Fatal(err)
	}
	addFrom(s, files, 2) // the two processors a build is measured on
	res, err := s.Commit()
	if err != nil {
		b.Fatal(err)
	}
	if res != want {
		b.Fatalf("result %+v, want %+v", res, want)
	}
}

func perFile(b *testing.B, files []File) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(files)), "µs/file")
	b.ReportMetric(float64(benchBytes(files))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
	b.ReportMetric(0, "ns/op")
}

// The three builds that matter, on benchPages(10000):
//
//	go test ./generator/write -run XXX -bench Sync -benchtime 5x
//
// BenchmarkSyncFresh is a first build (no output folder yet).
func BenchmarkSyncFresh(b *testing.B) {
	files := benchPages(10000, 'a')
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		benchSync(b, out, files, Result{Written: len(files)})
	}
	perFile(b, files)
}

// BenchmarkSyncUnchanged is a rebuild where nothing changed: every file is
// compared with the one on disk and none is written. The index vouches for
// every file (they are older than the last build), so none is read.
func BenchmarkSyncUnchanged(b *testing.B) {
	noMargin(b)
	files := benchPages(10000, 'a')
	out := filepath.Join(b.TempDir(), "public")
	benchSync(b, out, files, Result{Written: len(files)})
	settle(b, filepath.Dir(out))
	benchSync(b, out, files, Result{Unchanged: len(files)})
	settle(b, filepath.Dir(out))
	for b.Loop() {
		benchSync(b, out, files, Result{Unchanged: len(files)})
	}
	perFile(b, files)
}

// BenchmarkSyncChanged is a rebuild where every file changed: each round
// alternates between two versions of the site.
func BenchmarkSyncChanged(b *testing.B) {
	versions := [2][]File{benchPages(10000, 'a'), benchPages(10000, 'b')}
	out := filepath.Join(b.TempDir(), "public")
	benchSync(b, out, versions[0], Result{Written: len(versions[0])})
	round := 0
	for b.Loop() {
		round++
		benchSync(b, out, versions[round%2], Result{Written: len(versions[0])})
	}
	perFile(b, versions[0])
}

// TestSameFile compares through a small buffer: files around and across
// its size, a difference in the last block, and a file that grew.
func TestSameFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 200 << 10} {
		data := []byte(strings.Repeat("abcdefg", n/7+1)[:n])
		p := filepath.Join(dir, fmt.Sprint(n))
		if err := os.WriteFile(p, data, filePerm); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, filePerm); err != nil {
			t.Fatal(err)
		}
		if same, _, _ := compareFile(p, data); !same {
			t.Errorf("%d bytes: not the same", n)
		}
		if n > 0 {
			other := append([]byte{}, data...)
			other[n-1] ^= 1
			if same, _, _ := compareFile(p, other); same {
				t.Errorf("%d bytes: a changed last byte is the same", n)
			}
		}
		if same, _, _ := compareFile(p, append(append([]byte{}, data...), 'x')); same {
			t.Errorf("%d bytes: a longer file is the same", n)
		}
	}
}

// TestSyncRepairsOddEntries: entries of the old output that are not what
// the Syncer would have written (a wrong mode, a link or a file where a
// folder belongs, a folder where a file belongs, strays) are replaced or
// removed, and nothing outside the output is touched.
func TestSyncRepairsOddEntries(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if _, err := syncFiles(t, out, site); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(dir, "outside")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Mkdir(outside, dirPerm))
	must(os.WriteFile(filepath.Join(outside, "index.html"), []byte(site["countries/tj/index.html"]), filePerm))
	must(os.Chmod(filepath.Join(out, "index.html"), 0o600))
	must(os.RemoveAll(filepath.Join(out, "countries/tj")))
	must(os.Symlink(outside, filepath.Join(out, "countries/tj")))
	must(os.RemoveAll(filepath.Join(out, "countries/kg")))
	must(os.WriteFile(filepath.Join(out, "countries/kg"), []byte("a file"), filePerm))
	must(os.Remove(filepath.Join(out, "assets/site.css")))
	must(os.MkdirAll(filepath.Join(out, "assets/site.css/deep"), dirPerm))
	must(os.WriteFile(filepath.Join(out, "assets/site.css/deep/x"), []byte("x"), filePerm))
	must(os.Mkdir(filepath.Join(out, "empty"), dirPerm))
	must(os.WriteFile(filepath.Join(out, "stray.txt"), []byte("stray"), filePerm))

	res, err := syncFiles(t, out, site)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Result{Written: 4, Unchanged: 1, Removed: 4}); res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}
	snap := snapshot(t, out)
	for p, e := range snap {
		if want := map[bool]fs.FileMode{false: filePerm, true: fs.ModeDir | dirPerm}[e.mode.IsDir()]; e.mode != want {
			t.Errorf("%s: mode %v, want %v", p, e.mode, want)
		}
	}
	if got := contents(t, out); !maps.Equal(got, site) {
		t.Errorf("tree %v, want %v", got, site)
	}
	if _, ok := snap["empty"]; ok {
		t.Error("the stray empty folder is still there")
	}
	if got := contents(t, outside); !maps.Equal(got, map[string]string{"index.html": site["countries/tj/index.html"]}) {
		t.Errorf("the folder a link pointed to changed: %v", got)
	}
	noLeftovers(t, out)
}

// TestListFolders: the folders listed beforehand for the cleaner hold
// what a listing at the time holds, and a folder that cannot be listed
// (missing, or a file) is left for the cleaner to meet.
func TestListFolders(t *testing.T) {
	out := t.TempDir()
	for _, p := range []string{"index.html", "a/x.html", "a/y.html", "c/d/z.html", "b"} {
		if err := os.MkdirAll(filepath.Join(out, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, p), []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	listed := (&Syncer{out: out}).listFolders(map[string]bool{"a": true, "b": true, "c": true, "c/d": true, "missing": true})
	want := map[string]string{"": "a b c index.html", "a": "x.html y.html", "c": "d", "c/d": "z.html"}
	if len(listed) != len(want) {
		t.Errorf("listed %d folders, want %d: %v", len(listed), len(want), listed)
	}
	for rel, names := range want {
		got, ok := listed[rel]
		sorted := slices.Sorted(slices.Values(got.names))
		if !ok || strings.Join(sorted, " ") != names {
			t.Errorf("folder %q: listed %v (%v), want %s", rel, sorted, ok, names)
		}
	}
}

// TestSyncFreshClash: in a new output, a file whose path is the folder of
// another is reported by the two paths, whichever comes first, and nothing
// is left behind.
func TestSyncFreshClash(t *testing.T) {
	const want = `write: output path "sources/foo" is a file and also the folder of "sources/foo/index.html"`
	for _, tc := range []struct {
		name  string
		paths []string
	}{
		{"file first", []string{"sources/foo", "sources/foo/index.html"}},
		{"page first", []string{"sources/foo/index.html", "sources/foo"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			s, err := Begin(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range tc.paths {
				s.Add(File{Path: p, Data: []byte("x")})
			}
			if _, err := s.Commit(); err == nil || err.Error() != want {
				t.Errorf("error = %v, want %s", err, want)
			}
			if _, err := os.Lstat(out); !os.IsNotExist(err) {
				t.Errorf("output made: %v", err)
			}
			noLeftovers(t, out)
		})
	}
}

// TestSyncAddAll: files added all at once give the output and the counts
// that adding them one by one gives, into a new folder and over it again.
func TestSyncAddAll(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := toFiles(site)
	for _, want := range []Result{{Written: len(site)}, {Unchanged: len(site)}} {
		s, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		s.AddAll(len(files), func(i int) File { return files[i] })
		res, err := s.Commit()
		if err != nil || res != want {
			t.Fatalf("AddAll: %+v, %v; want %+v", res, err, want)
		}
		if got := contents(t, out); !maps.Equal(got, site) {
			t.Fatalf("tree %v", got)
		}
	}
}
