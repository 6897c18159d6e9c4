package serve

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"brief/generator/render"
)

var site = []render.File{
	{Path: "index.html", Data: []byte("<!DOCTYPE html><html><body><h1>Home</h1></body></html>")},
	{Path: "countries/index.html", Data: []byte("<html><body>Countries</body></html>")},
	{Path: "countries/tj/index.html", Data: []byte("<html><body>Tajikistan</body></html>")},
	{Path: "404.html", Data: []byte("<html><body>Site 404</body></html>")},
	{Path: "assets/style.css", Data: []byte("body{}")},
	{Path: "feed.xml", Data: []byte("<feed/>")},
	{Path: "api/events.json", Data: []byte("[]")},
	{Path: "CNAME", Data: []byte("example.org\n")},
	{Path: "sitemap.xml", Data: []byte("<urlset/>")},
	{Path: "robots.txt", Data: []byte("User-agent: *\n")},
}

func TestHandler(t *testing.T) {
	s := New("/repo/")
	s.Publish(site)
	tests := []struct {
		method, path string
		status       int
		ctype        string
		body         string // substring
		location     string
	}{
		{"GET", "/repo/", 200, "text/html; charset=utf-8", "<h1>Home</h1>", ""},
		{"GET", "/repo/index.html", 200, "text/html; charset=utf-8", "<h1>Home</h1>", ""},
		{"GET", "/repo/countries/tj/", 200, "text/html; charset=utf-8", "Tajikistan", ""},
		{"GET", "/repo/countries/tj", 301, "", "", "/repo/countries/tj/"},
		{"GET", "/", 302, "", "", "/repo/"},
		{"GET", "/repo", 302, "", "", "/repo/"},
		{"GET", "/repo/assets/style.css", 200, "text/css; charset=utf-8", "body{}", ""},
		{"GET", "/repo/feed.xml", 200, "application/atom+xml", "<feed/>", ""},
		{"GET", "/repo/sitemap.xml", 200, "application/xml", "<urlset/>", ""},
		{"GET", "/repo/api/events.json", 200, "application/json", "[]", ""},
		{"GET", "/repo/CNAME", 200, "text/plain; charset=utf-8", "example.org", ""},
		{"GET", "/repo/robots.txt", 200, "text/plain; charset=utf-8", "User-agent", ""},
		{"HEAD", "/repo/countries/", 200, "text/html; charset=utf-8", "", ""},
		// Unknown paths, folders without an index, escapes: the site's 404.
		{"GET", "/repo/nope/", 404, "text/html; charset=utf-8", "Site 404", ""},
		{"GET", "/repo/assets/", 404, "text/html; charset=utf-8", "Site 404", ""},
		{"GET", "/repo/assets", 404, "text/html; charset=utf-8", "Site 404", ""},
		{"GET", "/other/", 404, "text/html; charset=utf-8", "Site 404", ""},
		{"GET", "/repo/../repo/index.html", 404, "text/html; charset=utf-8", "Site 404", ""},
		{"GET", "/repo/countries//tj/", 404, "text/html; charset=utf-8", "Site 404", ""},
		{"GET", "/repo/./index.html", 404, "text/html; charset=utf-8", "Site 404", ""},
		{"GET", "/repo/countries%5Ctj/", 404, "text/html; charset=utf-8", "Site 404", ""},
		{"POST", "/repo/", 405, "", "", ""},
		{"GET", "/repo/__brief/reload.js", 200, "text/javascript; charset=utf-8", "EventSource", ""},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, "http://127.0.0.1"+tt.path, nil)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		res := rec.Result()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, res.StatusCode, tt.status)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s: Cache-Control %q", tt.method, tt.path, got)
		}
		if tt.ctype != "" && res.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("%s %s: Content-Type %q, want %q", tt.method, tt.path, res.Header.Get("Content-Type"), tt.ctype)
		}
		if !strings.Contains(string(body), tt.body) {
			t.Errorf("%s %s: body %q lacks %q", tt.method, tt.path, body, tt.body)
		}
		if tt.location != "" && res.Header.Get("Location") != tt.location {
			t.Errorf("%s %s: Location %q, want %q", tt.method, tt.path, res.Header.Get("Location"), tt.location)
		}
		if tt.method == "HEAD" && len(body) != 0 {
			t.Errorf("HEAD %s: body %q", tt.path, body)
		}
	}
}

// The reload script goes into HTML responses only, before </body>, and the
// published files stay as they were.
func TestInject(t *testing.T) {
	s := New("/")
	s.Publish(site)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	want := `<h1>Home</h1><script src="/__brief/reload.js" data-build="1"></script></body></html>`
	if !strings.HasSuffix(rec.Body.String(), want) {
		t.Errorf("page = %q, want suffix %q", rec.Body.String(), want)
	}
	if strings.Contains(string(site[0].Data), "reload.js") {
		t.Error("the published file was changed")
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/assets/style.css", nil))
	if rec.Body.String() != "body{}" {
		t.Errorf("stylesheet = %q", rec.Body.String())
	}
	if got := string(inject([]byte("<p>no body"), "/b/", 3)); got != `<p>no body<script src="/b/__brief/reload.js" data-build="3"></script>` {
		t.Errorf("inject without </body> = %q", got)
	}
}

func TestPlaceholderBeforeFirstBuild(t *testing.T) {
	s := New("/")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), "reload.js") {
		t.Errorf("before the first build: %d %q", rec.Code, rec.Body.String())
	}
}

func TestPublishChange(t *testing.T) {
	s := New("/")
	if _, c := s.Publish(site); c != Reload {
		t.Errorf("first publish: %v", c)
	}
	if ch, c := s.Publish(site); c != Unchanged || len(ch) != 0 {
		t.Errorf("same files: %v %v", ch, c)
	}
	next := slices.Clone(site)
	next[4] = render.File{Path: "assets/style.css", Data: []byte("body{color:red}")}
	if ch, c := s.Publish(next); c != Stylesheet || !slices.Equal(ch, []string{"assets/style.css"}) {
		t.Errorf("stylesheet: %v %v", ch, c)
	}
	next = slices.Clone(next[:3])
	ch, c := s.Publish(next)
	if c != Reload {
		t.Errorf("removed files: %v", c)
	}
	want := []string{"404.html", "CNAME", "api/events.json", "assets/style.css", "feed.xml", "robots.txt", "sitemap.xml"}
	if !slices.Equal(ch, want) {
		t.Errorf("changed = %v, want %v", ch, want)
	}
}

// stream reads server-sent events.
type stream struct {
	t  *testing.T
	sc *bufio.Scanner
	ch chan [2]string
}

func openStream(t *testing.T, url string) *stream {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream; charset=utf-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	st := &stream{t: t, sc: bufio.NewScanner(res.Body), ch: make(chan [2]string, 16)}
	go func() {
		var name string
		var data []string
		for st.sc.Scan() {
			line := st.sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				data = append(data, line[len("data: "):])
			case line == "" && name != "":
				st.ch <- [2]string{name, strings.Join(data, "\n")}
				name, data = "", nil
			}
		}
		close(st.ch)
	}()
	return st
}

func (st *stream) expect(name, data string) {
	st.t.Helper()
	select {
	case ev, ok := <-st.ch:
		if !ok {
			st.t.Fatalf("stream ended, want %s", name)
		}
		if ev[0] != name || ev[1] != data {
			st.t.Fatalf("event %s %q, want %s %q", ev[0], ev[1], name, data)
		}
	case <-time.After(5 * time.Second):
		st.t.Fatalf("no event, want %s", name)
	}
}

func TestEvents(t *testing.T) {
	s := New("/")
	s.Publish(site)
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()

	st := openStream(t, ts.URL+"/__brief/events")
	st.expect("hello", "1")
	st.expect("ok", "")

	s.Fail([]string{"notes/a.md:3:1: error: front matter: bad"})
	st.expect("problems", `["notes/a.md:3:1: error: front matter: bad"]`)

	// A page opened while the build is broken sees the problems at once.
	late := openStream(t, ts.URL+"/__brief/events")
	late.expect("hello", "1")
	late.expect("problems", `["notes/a.md:3:1: error: front matter: bad"]`)

	// Fixed without a change of output: only the overlay goes.
	s.Publish(site)
	st.expect("ok", "")
	late.expect("ok", "")

	next := slices.Clone(site)
	next[0] = render.File{Path: "index.html", Data: []byte("<html><body>new</body></html>")}
	s.Publish(next)
	st.expect("reload", "2")

	next = slices.Clone(next)
	next[4] = render.File{Path: "assets/style.css", Data: []byte("p{}")}
	s.Publish(next)
	st.expect("css", "3")

	// Close ends the streams so that the HTTP server can shut down.
	s.Close()
	select {
	case _, ok := <-st.ch:
		if ok {
			t.Error("event after Close")
		}
	case <-time.After(5 * time.Second):
		t.Error("stream still open after Close")
	}
}
