package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestHostileRequests sends what an attacker on the same machine, or a
// page in another tab, might: escapes in every spelling, NUL bytes, very
// long URLs. The server answers with the site's 404 (or refuses the
// request) and never serves anything that is not a file of the build.
func TestHostileRequests(t *testing.T) {
	s := New("/repo/")
	s.Publish(site)
	ts := httptest.NewServer(s)
	defer ts.Close()
	defer s.Close()
	raw := func(target string) (int, string) {
		t.Helper()
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", target)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	for _, target := range []string{
		"/repo/../../../etc/passwd",
		"/repo/%2e%2e/%2e%2e/etc/passwd",
		"/repo/%2E%2E%2Fsecret",
		"/repo/..%2f..%2fetc%2fpasswd",
		"/repo/..\\..\\etc\\passwd",
		"/repo/%5c..%5c..%5cetc%5cpasswd",
		"/repo/countries/tj/%00index.html",
		"/repo/index.html%00.css",
		"/repo/.nojekyll/../index.html",
		"/repo//etc/passwd",
		"/repo/" + strings.Repeat("a/", 20000),
		"/repo/" + strings.Repeat("%2e%2e/", 5000),
	} {
		status, body := raw(target)
		short := target
		if len(short) > 60 {
			short = short[:60] + "…"
		}
		switch {
		case status == 404 && strings.Contains(body, "Site 404"):
		case status == 400 || status == 414 || status == 431:
			// Refused by the HTTP server before the handler: also fine.
		default:
			t.Errorf("GET %s: status %d, body %.80q", short, status, body)
		}
		if strings.Contains(body, "root:") {
			t.Errorf("GET %s: served a file from outside the build", short)
		}
	}
}

// TestManyEventStreams connects 500 browsers to the event stream at once,
// publishes a change that each of them must receive, disconnects them and
// checks that no goroutine is left behind.
func TestManyEventStreams(t *testing.T) {
	before := runtime.NumGoroutine()
	s := New("/")
	s.Publish(site)
	ts := httptest.NewServer(s)
	const clients = 500
	conns := make([]net.Conn, 0, clients)
	readers := make([]*bufio.Reader, 0, clients)
	for i := 0; i < clients; i++ {
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET /__brief/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
		conns = append(conns, conn)
		readers = append(readers, bufio.NewReader(conn))
	}
	// Every client gets its greeting before the change is published.
	for i, r := range readers {
		_ = conns[i].SetReadDeadline(time.Now().Add(30 * time.Second))
		if !readUntil(r, "event: hello") {
			t.Fatalf("client %d got no greeting", i)
		}
	}
	next := append(site[:0:0], site...)
	next[0].Data = []byte("<html><body>changed</body></html>")
	s.Publish(next)
	for i, r := range readers {
		if !readUntil(r, "event: reload") {
			t.Fatalf("client %d missed the reload", i)
		}
	}
	for _, c := range conns {
		c.Close()
	}
	ts.Close()
	s.Close()
	// Goroutines end asynchronously after their connections close.
	deadline := time.Now().Add(20 * time.Second)
	for runtime.NumGoroutine() > before+5 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+5 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before, %d after 500 clients came and went\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

func readUntil(r *bufio.Reader, want string) bool {
	for {
		line, err := r.ReadString('\n')
		if strings.HasPrefix(line, want) {
			return true
		}
		if err != nil {
			return false
		}
	}
}
