package main

import (
	"brief/internal/browsertest"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// syncBuffer collects the output of a serve running in another goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Len is how much has been written so far.
func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

// From returns what was written after the first off bytes: a poll of a
// long log need not copy all of it.
func (s *syncBuffer) From(off int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b.Bytes()[min(off, s.b.Len()):])
}

// startServe runs `brief serve` on a free loopback port over a site in a
// temporary folder and returns the site's URL and the folder. The server
// stops when the test ends, and must stop cleanly.
func startServe(t *testing.T, files map[string]string, extra ...string) (url, dir string, out *syncBuffer) {
	t.Helper()
	dir = t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	urls := make(chan string, 1)
	done := make(chan int, 1)
	args := append([]string{"--content", filepath.Join(dir, "content"), "--templates", filepath.Join(dir, "templates"),
		"--out", filepath.Join(dir, "public"), "--addr", "127.0.0.1:0"}, extra...)
	go func() {
		done <- serveSite(ctx, args, out, out, func(u string) { urls <- u })
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("serve exited with %d:\n%s", code, out)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("serve did not stop within 10s after cancel")
		}
	})
	select {
	case url = <-urls:
	case code := <-done:
		t.Fatalf("serve exited with %d:\n%s", code, out)
	case <-time.After(30 * time.Second):
		t.Fatalf("serve not ready after 30s:\n%s", out)
	}
	return url, dir, out
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const serveSiteYAML = "title: Preview test\nbase_url: https://example.org/repo/\n"

func serveNote(sentence string) string {
	return "---\ntitle: A note\npublished: 2025-05-29\n---\n\n" + sentence + "\n"
}

// TestServeHTTP: the first build is served under the base path, written to
// --out without the reload script, and an edit reaches the disk and the
// server.
func TestServeHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	url, dir, out := startServe(t, map[string]string{
		"content/site.yaml":  serveSiteYAML,
		"content/notes/a.md": serveNote("Tajikistan closed the border on 28 May 2025."),
	})
	if !strings.HasSuffix(url, "/repo/") {
		t.Errorf("url %q does not end in the base path", url)
	}
	page := get(t, url+"sources/a/", 200)
	if !strings.Contains(page, "closed the border") || !strings.Contains(page, `/repo/__brief/reload.js`) {
		t.Errorf("served page lacks the text or the reload script:\n%s", page)
	}
	disk, err := os.ReadFile(filepath.Join(dir, "public", "sources", "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(disk, []byte("__brief")) {
		t.Error("the output folder has the reload script")
	}
	get(t, url+"no/such/page/", 404)

	writeFile(t, filepath.Join(dir, "content", "notes", "a.md"), serveNote("Tajikistan reopened the border on 30 May 2025."))
	// The server publishes after the write: once it has the page, so has
	// the disk.
	waitFor(t, 10*time.Second, func() bool {
		return strings.Contains(get(t, url+"sources/a/", 200), "reopened the border")
	}, "the edit on the server")
	if b, _ := os.ReadFile(filepath.Join(dir, "public", "sources", "a", "index.html")); !bytes.Contains(b, []byte("reopened the border")) {
		t.Errorf("the output folder still has the old page")
	}
	// The report follows the publication.
	waitFor(t, 10*time.Second, func() bool { return strings.Contains(out.String(), "rebuilt") }, "the rebuild line in the output")
}

func get(t *testing.T, url string, status int) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Errorf("GET %s: %d, want %d", url, res.StatusCode, status)
	}
	return string(b)
}

func waitFor(t *testing.T, limit time.Duration, ok func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// pageProbes returns, for the page open in bctx, eval, which evaluates a
// boolean expression (an error, as in a page in the middle of a reload,
// counts as false), and until, which waits up to 15 s for an expression
// to hold and fails the test with the page's text and serve's output when
// it does not.
func pageProbes(t *testing.T, bctx context.Context, out *syncBuffer) (eval func(expr string) bool, until func(what, expr string)) {
	eval = func(expr string) bool {
		v, err := chromedp.Run(bctx, chromedp.Evaluate[bool](expr))
		return err == nil && v
	}
	until = func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for !eval(expr) {
			if time.Now().After(deadline) {
				text, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
				t.Fatalf("timed out waiting for %s; page text:\n%s\nserve output:\n%s", what, text, out)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return eval, until
}

// TestServeBrowser drives headless Chromium against `brief serve`: an edit
// reloads the open page with the new text, a broken front matter shows the
// diagnostics with file:line over the page, fixing the file removes them,
// and a stylesheet change is swapped in without a reload.
func TestServeBrowser(t *testing.T) {
	url, dir, out := startServe(t, map[string]string{
		"content/site.yaml":  serveSiteYAML,
		"content/notes/a.md": serveNote("The first version of the sentence."),
	})
	note := filepath.Join(dir, "content", "notes", "a.md")

	bctx := browsertest.Start(t, 2*time.Minute)
	if err := chromedp.Do(bctx, chromedp.Navigate(url+"sources/a/"), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("opening the page: %v\n%s", err, out)
	}
	eval, until := pageProbes(t, bctx, out)
	until("the first version", `document.body.innerText.includes("first version of the sentence")`)
	// Give the script a moment to open its event stream; an edit made
	// before would be caught up by the stream's "hello", but this test is
	// about the live path.
	until("the reload script", `!!document.querySelector('script[src$="__brief/reload.js"]')`)
	time.Sleep(300 * time.Millisecond)

	// 1. An edit reloads the page: the marker set on this page is gone.
	if !eval(`(window.briefMarker = 1) === 1`) {
		t.Fatal("cannot set a marker")
	}
	writeFile(t, note, serveNote("The second version of the sentence."))
	until("the reloaded page", `!window.briefMarker && document.body.innerText.includes("second version of the sentence")`)

	// 2. Broken front matter: the overlay shows file:line, over the last
	// good page.
	eval(`(window.briefMarker = 2) === 2`)
	writeFile(t, note, "---\ntitle: [unclosed\npublished: 2025-05-29\n---\n\nThe third version.\n")
	until("the overlay", `!!document.getElementById("brief-overlay")`)
	overlay, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById("brief-overlay").innerText`))
	if !regexp.MustCompile(`content/notes/a\.md:\d+:\d+: error: front matter: `).MatchString(overlay) {
		t.Errorf("overlay lacks the diagnostic with file:line:col:\n%s", overlay)
	}
	if !eval(`window.briefMarker === 2 && document.body.innerText.includes("second version of the sentence")`) {
		t.Error("the page under the overlay is not the last good one")
	}

	// 3. Fixed: the overlay goes, the page shows the fixed text.
	writeFile(t, note, serveNote("The fourth version of the sentence."))
	until("the overlay to go", `!document.getElementById("brief-overlay") && document.body.innerText.includes("fourth version of the sentence")`)

	// 4. A stylesheet-only change swaps the stylesheet without a reload.
	until("a settled page", `document.readyState === "complete"`)
	time.Sleep(300 * time.Millisecond)
	eval(`(window.briefMarker = 4) === 4`)
	writeFile(t, filepath.Join(dir, "templates", "style.css"), "body { background-color: rgb(1, 2, 3); }\n")
	until("the new stylesheet", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	if !eval(`window.briefMarker === 4`) {
		t.Error("a stylesheet change reloaded the page")
	}
	if t.Failed() {
		fmt.Println(out)
	}
}

// TestServeBrowserFirstBuildFails: when the first build fails there is no
// site to show: the terminal and the placeholder page, at the address serve
// prints (under the base path of site.yaml), say so and show the
// diagnostics, and fixing the file brings up the site there.
func TestServeBrowserFirstBuildFails(t *testing.T) {
	url, dir, out := startServe(t, map[string]string{
		"content/site.yaml":  serveSiteYAML,
		"content/notes/a.md": "---\ntitle: [unclosed\n---\n\nNot yet.\n",
	})
	if want := "brief: build failed with 1 error(s); the preview shows the site once it builds\n"; !strings.Contains(out.String(), want) {
		t.Errorf("serve output lacks %q:\n%s", want, out)
	}
	if !strings.HasSuffix(url, "/repo/") {
		t.Errorf("serve printed %s, not the site's address under its base path", url)
	}
	bctx := browsertest.Start(t, 2*time.Minute)
	if err := chromedp.Do(bctx, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		t.Fatalf("opening the page: %v\n%s", err, out)
	}
	_, until := pageProbes(t, bctx, out)
	until("the overlay", `!!document.getElementById("brief-overlay")`)
	overlay, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById("brief-overlay").innerText`))
	if !strings.HasPrefix(overlay, "Build failed: there is no good build to show yet. Fix the file and save.") {
		t.Errorf("overlay title:\n%s", overlay)
	}
	if !regexp.MustCompile(`content/notes/a\.md:\d+:\d+: error: front matter: `).MatchString(overlay) {
		t.Errorf("overlay lacks the diagnostic with file:line:col:\n%s", overlay)
	}
	// Nothing of the page under it shows through.
	if bg, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`getComputedStyle(document.getElementById("brief-overlay")).backgroundColor`)); bg != "rgb(30, 0, 0)" {
		t.Errorf("overlay background %q, want opaque rgb(30, 0, 0)", bg)
	}
	writeFile(t, filepath.Join(dir, "content", "notes", "a.md"), serveNote("The repaired sentence."))
	until("the site", `!document.getElementById("brief-overlay") && location.pathname === "/repo/" && document.body.innerText.includes("A note")`)
}
