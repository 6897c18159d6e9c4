// Package serve is the preview server of `brief serve`: an HTTP handler over
// the files of the last good build, held in memory, and a Server-Sent Events
// stream that tells open pages when a new build is ready.
//
// The server is deliberately narrow (SPEC §7):
//
//   - It serves only the files of the build it was given, by exact path under
//     the site's base path: "/base/x/" is "x/index.html", "/base/x" redirects
//     to "/base/x/" when that page exists. There is no file system behind it,
//     so nothing outside the output can be reached and there are no
//     directory listings. Unknown paths get the site's 404 page with status
//     404.
//   - Every response says Cache-Control: no-store, so a browser never shows
//     a page older than the build.
//   - HTML pages get the live-reload script (reload.js, served from the
//     binary under "/base/__brief/") added before </body> as they are sent;
//     the build's files never contain it.
//
// The caller runs the builds: Publish hands over the files of a good build,
// Fail the diagnostics of a failed one. Open pages then reload (or swap the
// stylesheet when nothing else changed), or show the diagnostics in an
// overlay over the last good page until a build succeeds again.
package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"brief/generator/render"
)

//go:embed reload.js
var reloadJS []byte

// Prefix is the folder under the site's base path where the server answers
// its own requests: the reload script and the event stream. No site file can
// live there because no page or static file of a build starts with "__".
const Prefix = "__brief/"

// Server holds the current build and the connected browsers.
type Server struct {
	mu       sync.RWMutex
	base     string // base path: "/" or "/repo/"
	files    map[string][]byte
	build    int      // number of the current good build; 0 before the first
	problems []string // diagnostics of the last build, when it failed
	clients  map[chan event]struct{}
	closed   bool
	done     chan struct{}

	// Keepalive is how often an idle event stream gets a comment line, so
	// that proxies and browsers do not time it out.
	Keepalive time.Duration
}

type event struct {
	name, data string
}

// New returns a server for a site whose pages live under basePath ("/" or
// "/repo/"). It serves a placeholder until the first Publish.
func New(basePath string) *Server {
	return &Server{base: cleanBase(basePath), clients: map[chan event]struct{}{}, done: make(chan struct{}), Keepalive: 15 * time.Second}
}

// SetBase changes the base path, for a site.yaml whose base_url changed.
// Browsers learn of it with the reload of the next Publish.
func (s *Server) SetBase(basePath string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.base = cleanBase(basePath)
}

// Base returns the base path the site is served under.
func (s *Server) Base() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.base
}

func cleanBase(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// Change is what a Publish told the browsers.
type Change int

const (
	Unchanged  Change = iota // no file changed (an overlay may have been cleared)
	Stylesheet               // only the stylesheet changed: swapped in place
	Reload                   // pages changed: reloaded
)

func (c Change) String() string {
	return [...]string{"unchanged", "stylesheet", "reload"}[c]
}

// stylesheet is the one stylesheet of a site (SPEC §5).
const stylesheet = "assets/style.css"

// Publish makes files the site being served and notifies the browsers. It
// returns the paths that were added, changed or removed, sorted, and what
// the browsers were told.
func (s *Server) Publish(files []render.File) ([]string, Change) {
	next := make(map[string][]byte, len(files))
	for _, f := range files {
		next[f.Path] = f.Data
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var changed []string
	for p, data := range next {
		if old, ok := s.files[p]; !ok || !bytes.Equal(old, data) {
			changed = append(changed, p)
		}
	}
	for p := range s.files {
		if _, ok := next[p]; !ok {
			changed = append(changed, p)
		}
	}
	slices.Sort(changed)
	first := s.files == nil
	s.files = next
	return changed, s.published(first, changed)
}

// Update makes the site being served the current one changed by a build
// that differs from it only in changed (files added or whose bytes
// changed) and removed (paths no longer part of the site), and notifies the
// browsers as Publish does. It spares a rebuild of a large site a copy of
// every file when few changed. The caller must not modify the data of
// changed afterwards. It returns what Publish returns.
func (s *Server) Update(changed []render.File, removed []string) ([]string, Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	first := s.files == nil
	if first {
		s.files = make(map[string][]byte, len(changed))
	}
	var paths []string
	for _, f := range changed {
		if old, ok := s.files[f.Path]; !ok || !bytes.Equal(old, f.Data) {
			paths = append(paths, f.Path)
		}
		s.files[f.Path] = f.Data
	}
	for _, p := range removed {
		if _, ok := s.files[p]; ok {
			paths = append(paths, p)
			delete(s.files, p)
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	return paths, s.published(first, paths)
}

// published tells the browsers that a good build with the changed paths is
// being served. The caller holds s.mu.
func (s *Server) published(first bool, changed []string) Change {
	hadProblems := s.problems != nil
	s.problems = nil
	change := Unchanged
	switch {
	case first || len(changed) > 1 || len(changed) == 1 && changed[0] != stylesheet:
		change = Reload
	case len(changed) == 1:
		change = Stylesheet
	}
	if change != Unchanged {
		s.build++
	}
	if hadProblems {
		s.broadcast(event{"ok", ""})
	}
	switch change {
	case Reload:
		s.broadcast(event{"reload", strconv.Itoa(s.build)})
	case Stylesheet:
		s.broadcast(event{"css", strconv.Itoa(s.build)})
	}
	return change
}

// Fail reports a failed build: the last good site stays, and every open
// page shows problems (one diagnostic per line) until the next Publish.
func (s *Server) Fail(problems []string) {
	if problems == nil {
		problems = []string{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.problems = problems
	s.broadcast(event{"problems", problemsJSON(problems)})
}

func problemsJSON(problems []string) string {
	b, _ := json.Marshal(problems) // strings only: cannot fail
	return string(b)
}

// broadcast sends ev to every browser. The caller holds s.mu. A browser
// that does not keep up loses the event rather than stalling the build; the
// "hello" on its reconnection brings it up to date.
func (s *Server) broadcast(ev event) {
	for c := range s.clients {
		select {
		case c <- ev:
		default:
		}
	}
}

// Close ends every event stream, so that an http.Server can shut down
// without waiting for browsers to disconnect. The server still answers
// requests for files.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// ServeHTTP serves the current build.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	base := s.Base()
	if !strings.HasPrefix(p, base) {
		if p == "/" || p+"/" == base {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		s.notFound(w, r)
		return
	}
	rel := strings.TrimPrefix(p, base)
	switch rel {
	case Prefix + "reload.js":
		s.send(w, r, http.StatusOK, "text/javascript; charset=utf-8", reloadJS)
		return
	case Prefix + "events":
		s.events(w, r)
		return
	}
	// path.Clean removes "." and ".." segments; a request that needed
	// cleaning is not one of our links, so it is not found rather than
	// redirected.
	if clean(rel) != rel {
		s.notFound(w, r)
		return
	}
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	s.mu.RLock()
	data, ok := s.files[name]
	_, isDir := s.files[name+"/index.html"]
	empty := s.files == nil
	s.mu.RUnlock()
	switch {
	case ok:
		s.send(w, r, http.StatusOK, contentType(name), data)
	case isDir:
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
	case empty:
		s.send(w, r, http.StatusServiceUnavailable, "text/html; charset=utf-8", []byte(placeholder))
	default:
		s.notFound(w, r)
	}
}

// clean is rel without empty, "." and ".." segments, backslashes or NULs
// (those become "\x00", which no file is called).
func clean(rel string) string {
	if strings.ContainsAny(rel, "\\\x00") {
		return "\x00"
	}
	c := path.Clean("/" + rel)
	if strings.HasSuffix(rel, "/") && c != "/" {
		c += "/"
	}
	return c[1:]
}

// placeholder is served before the first good build: its reload script
// shows why there is no site yet and reloads once there is one.
const placeholder = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Building…</title></head>
<body><p>The site has not been built yet.</p></body></html>
`

// notFound answers with the site's 404 page, or a plain one when the site
// has none.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	page, ok := s.files["404.html"]
	s.mu.RUnlock()
	if !ok {
		page = []byte("<!DOCTYPE html>\n<title>Not found</title>\n<p>Not found.</p>\n")
	}
	s.send(w, r, http.StatusNotFound, "text/html; charset=utf-8", page)
}

// send writes one response; HTML gets the reload script.
func (s *Server) send(w http.ResponseWriter, r *http.Request, status int, ctype string, data []byte) {
	if strings.HasPrefix(ctype, "text/html") {
		s.mu.RLock()
		build, base := s.build, s.base
		s.mu.RUnlock()
		data = inject(data, base, build)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// inject adds the reload script before the last </body>, or at the end of
// a page without one. data-build names the build the page belongs to.
func inject(page []byte, base string, build int) []byte {
	tag := fmt.Sprintf(`<script src="%s" data-build="%d"></script>`, template.HTMLEscapeString(base+Prefix+"reload.js"), build)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// events streams build notifications to one browser.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming not supported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 16)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "server closing", http.StatusServiceUnavailable)
		return
	}
	s.clients[c] = struct{}{}
	// The first events say where the site stands, so that a page that
	// connects after a build (or while one has failed) catches up.
	c <- event{"hello", strconv.Itoa(s.build)}
	if s.problems != nil {
		c <- event{"problems", problemsJSON(s.problems)}
	} else {
		c <- event{"ok", ""}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Connection", "keep-alive")
	w.WriteHeader(http.StatusOK)
	// A browser that lost the stream retries after this many milliseconds.
	fmt.Fprint(w, "retry: 500\n\n")
	flusher.Flush()
	tick := time.NewTicker(s.Keepalive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-tick.C:
			fmt.Fprint(w, ": keepalive\n\n")
		case ev := <-c:
			fmt.Fprintf(w, "event: %s\n", ev.name)
			// The data of an event cannot contain a newline unescaped; every
			// line is its own data field.
			for line := range strings.SplitSeq(ev.data, "\n") {
				fmt.Fprintf(w, "data: %s\n", line)
			}
			fmt.Fprint(w, "\n")
		}
		flusher.Flush()
	}
}

// types maps the extensions of a site's files to their content type. The
// system's MIME table varies between machines; the types of the files a
// build makes should not.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".ico":         "image/x-icon",
	".pdf":         "application/pdf",
	".woff2":       "font/woff2",
	".webmanifest": "application/manifest+json",
}

func contentType(name string) string {
	base := path.Base(name)
	switch {
	case base == "feed.xml":
		return "application/atom+xml"
	case base == "CNAME" || base == ".nojekyll":
		return "text/plain; charset=utf-8"
	}
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
