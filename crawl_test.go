package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"brief/generator"
)

var linkRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestCrawlProjectSite builds the bundled site for a project site under
// /repo/, serves it from a test server the way GitHub Pages does (folders
// answer with their index.html), and follows every internal link,
// stylesheet and feed link from the home page. None may be broken.
func TestCrawlProjectSite(t *testing.T) {
	res := generator.Build(generator.Options{Content: os.DirFS("content"), BaseURL: "http://127.0.0.1:8000/repo/"})
	if res.Diags.HasErrors() {
		t.Fatalf("build: %v", res.Diags)
	}
	files := map[string][]byte{}
	for _, f := range res.Files {
		files["/repo/"+f.Path] = f.Data
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		data, ok := files[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(data)
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/repo/")

	seen := map[string]bool{}
	queue := []string{base.String()}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("broken link: %s (%d)", u, resp.StatusCode)
			continue
		}
		if !strings.HasSuffix(u, "/") && !strings.HasSuffix(u, ".html") {
			continue // not a page
		}
		from, _ := url.Parse(u)
		for _, m := range linkRE.FindAllStringSubmatch(string(body), -1) {
			ref, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
			if err != nil {
				t.Errorf("%s: bad link %q", u, m[1])
				continue
			}
			abs := from.ResolveReference(ref)
			// Links written for the published site point at its host.
			if abs.Host == "127.0.0.1:8000" {
				abs.Scheme, abs.Host = base.Scheme, base.Host
			}
			if abs.Host != base.Host {
				continue // external
			}
			if !strings.HasPrefix(abs.Path, "/repo/") {
				t.Errorf("%s: link %q leaves the site's path", u, m[1])
				continue
			}
			abs.Fragment = ""
			abs.Path = path.Clean(abs.Path) + map[bool]string{true: "/"}[strings.HasSuffix(abs.Path, "/")]
			queue = append(queue, abs.String())
		}
	}
	t.Logf("crawled %d URLs", len(seen))
	if len(seen) < 20 {
		t.Errorf("crawled only %d URLs", len(seen))
	}
	for _, must := range []string{"/repo/feed.xml", "/repo/assets/style.css", "/repo/countries/tj/", "/repo/timeline/"} {
		if !seen[srv.URL+must] {
			t.Errorf("crawl never reached %s", must)
		}
	}
}
