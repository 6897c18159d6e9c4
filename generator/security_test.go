package generator

// Text from documents can never inject markup or script into a page (SPEC
// §9). testdata/site/hostile.txtar is a site whose every editable field —
// site.yaml, a seed, an annotating note with front matter and curated
// events, a standalone note, a country profile, an organisation and a
// person — carries <script>, event-handler attributes, javascript:, data:
// and vbscript: link targets and tag-closing text. TestSites checks its
// diagnostics and a few exact escapes; the tests here check every output
// file of it:
//
//   - TestHostileOutput reads the files as text: no script but the site's,
//     no event-handler attribute, no dangerous link target, no defused
//     "#ZgotmplZ" link, well-formed JSON and XML with no raw "<script";
//   - TestHostileBrowser loads every page of it in headless Chromium, once
//     as served by GitHub Pages and once with a strict
//     Content-Security-Policy, types a hostile search, filters the timeline,
//     and requires that no dialog opened, no policy was violated, no script
//     threw, the page structure held, and the DOM holds no element or
//     attribute made from document text.
//
// The browser test skips without Chromium, and fails instead when
// BRIEF_REQUIRE_BROWSER=1.

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"brief/internal/browsertest"
)

// hostileTitle is the site title of hostile.txtar: every page must show it
// as text in its masthead.
const hostileTitle = "Hostile </title><script>alert('site-title')</script> Briefing"

// buildHostile builds testdata/site/hostile.txtar with the given base URL
// and returns its files by path.
func buildHostile(t *testing.T, baseURL string) map[string][]byte {
	t.Helper()
	ar, err := txtar.ParseFile("../testdata/site/hostile.txtar")
	if err != nil {
		t.Fatal(err)
	}
	content, templates, _ := siteFS(ar)
	res := Build(Options{Content: content, Templates: templates, BaseURL: baseURL})
	if res.Diags.HasErrors() {
		t.Fatalf("build: %v", res.Diags)
	}
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	return files
}

// tag is a start tag of a page: its name and attributes, lower-cased
// names, values with character references decoded as a browser does.
type tag struct {
	name  string
	attrs [][2]string
}

// scanTags lists the start tags of an HTML page. html/template escapes "<"
// in text and attribute values, so every "<" followed by a letter starts a
// real tag; comments are skipped. It reads attributes the way the HTML
// tokenizer does (quoted, unquoted and bare), which is what an injected
// attribute would have to get past.
func scanTags(page string) []tag {
	var tags []tag
	for i := 0; i < len(page); i++ {
		if page[i] != '<' {
			continue
		}
		if strings.HasPrefix(page[i:], "<!--") {
			if j := strings.Index(page[i+4:], "-->"); j >= 0 {
				i += 4 + j + 2
			}
			continue
		}
		j := i + 1
		for j < len(page) && isTagChar(page[j]) {
			j++
		}
		if j == i+1 {
			continue // "</x", "<!DOCTYPE" or a stray "<"
		}
		t := tag{name: strings.ToLower(page[i+1 : j])}
		for j < len(page) && page[j] != '>' {
			if page[j] == ' ' || page[j] == '\t' || page[j] == '\n' || page[j] == '\r' || page[j] == '/' {
				j++
				continue
			}
			k := j
			for k < len(page) && !strings.ContainsRune(" \t\n\r/>=", rune(page[k])) {
				k++
			}
			name := strings.ToLower(page[j:k])
			value := ""
			j = k
			if j < len(page) && page[j] == '=' {
				j++
				switch {
				case j < len(page) && (page[j] == '"' || page[j] == '\''):
					end := strings.IndexByte(page[j+1:], page[j])
					if end < 0 {
						end = len(page) - j - 1
					}
					value = page[j+1 : j+1+end]
					j += end + 2
				default:
					k := j
					for k < len(page) && !strings.ContainsRune(" \t\n\r>", rune(page[k])) {
						k++
					}
					value = page[j:k]
					j = k
				}
			}
			t.attrs = append(t.attrs, [2]string{name, html.UnescapeString(value)})
		}
		tags = append(tags, t)
		i = j
	}
	return tags
}

func isTagChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == ':'
}

// urlAttrs are the attributes whose value a browser loads or follows.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true,
	"xlink:href": true, "poster": true, "srcdoc": true, "data": true, "srcset": true}

// dangerousTags never come from the templates; from document text they
// would load or run something.
var dangerousTags = map[string]bool{"iframe": true, "object": true, "embed": true, "style": true,
	"base": true, "frame": true, "frameset": true, "applet": true, "template": true}

// badScheme reports whether a link target would run script or load an
// inline document: browsers drop whitespace and control characters in the
// scheme and ignore its case.
func badScheme(u string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(u) {
		if r > ' ' {
			b.WriteRune(r)
		}
	}
	l := b.String()
	return strings.HasPrefix(l, "javascript:") || strings.HasPrefix(l, "vbscript:") || strings.HasPrefix(l, "data:")
}

// pageProblems lists what in one page could only have come from document
// text: scripts other than the site's, event-handler attributes, dangerous
// link targets, elements the templates never make, and html/template's
// "#ZgotmplZ", which marks a URL it had to defuse (a link to nowhere).
func pageProblems(page, siteJS string) []string {
	var bad []string
	for _, t := range scanTags(page) {
		if t.name == "script" && !(len(t.attrs) == 2 && t.attrs[0] == [2]string{"src", siteJS} && t.attrs[1][0] == "defer") {
			bad = append(bad, fmt.Sprintf("script %q", t.attrs))
		}
		if dangerousTags[t.name] || t.name == "meta" && hasAttr(t, "http-equiv") {
			bad = append(bad, "element "+t.name)
		}
		for _, a := range t.attrs {
			switch {
			case strings.HasPrefix(a[0], "on"):
				bad = append(bad, fmt.Sprintf("<%s %s=%q>", t.name, a[0], a[1]))
			case urlAttrs[a[0]] && badScheme(a[1]):
				bad = append(bad, fmt.Sprintf("<%s %s=%q>", t.name, a[0], a[1]))
			case strings.Contains(a[1], "ZgotmplZ"):
				bad = append(bad, fmt.Sprintf("<%s %s=%q>: a URL html/template defused", t.name, a[0], a[1]))
			}
		}
	}
	return bad
}

func hasAttr(t tag, name string) bool {
	for _, a := range t.attrs {
		if a[0] == name {
			return true
		}
	}
	return false
}

func TestHostileOutput(t *testing.T) {
	files := buildHostile(t, "https://example.org/")
	pages := 0
	for p, data := range files {
		switch {
		case strings.HasSuffix(p, ".html"):
			pages++
			for _, b := range pageProblems(string(data), "/assets/site.js") {
				t.Errorf("%s: %s", p, b)
			}
		case strings.HasSuffix(p, ".json"):
			if !json.Valid(data) {
				t.Errorf("%s: invalid JSON", p)
			}
			// Raw "<" would let "</script>" end a script element if the
			// data were ever embedded in a page; encoding/json escapes it.
			if bytes.ContainsRune(data, '<') {
				t.Errorf("%s: raw '<' in JSON", p)
			}
		case strings.HasSuffix(p, ".xml"):
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				_, err := d.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Errorf("%s: not well-formed: %v", p, err)
					break
				}
			}
			if bytes.Contains(bytes.ToLower(data), []byte("<script")) {
				t.Errorf("%s: raw <script> in XML", p)
			}
		}
	}
	if pages < 20 {
		t.Errorf("only %d pages: the hostile site lost page types", pages)
	}
}

// TestPageProblems makes sure the scanner of TestHostileOutput sees what
// it looks for, and not text that merely reads like it.
func TestPageProblems(t *testing.T) {
	const js = `<script src="/assets/site.js" defer></script>`
	for _, c := range []struct {
		page string
		bad  int
	}{
		{js + `<p>&lt;img src=x onerror=alert(1)&gt; src=javascript:alert(1)</p>`, 0},
		{js + `<meta name="description" content="&lt;img src=x onerror=alert(1)&gt;">`, 0},
		{js + `<!-- <script>alert(1)</script> --><a href="/x/">x</a>`, 0},
		{js + `<img src=x onerror=alert(1)>`, 1},
		{js + `<IMG SRC="x" OnError = "alert(1)">`, 1},
		{js + `<a href="jav&#x09;ascript:alert(1)">x</a>`, 1},
		{js + `<a href=' JaVaScRiPt:alert(1)'>x</a>`, 1},
		{js + `<a href="data:text/html,x">x</a>`, 1},
		{js + `<a href="#ZgotmplZ">x</a>`, 1},
		{js + `<script>alert(1)</script>`, 1},
		{`<script src="/evil.js" defer></script>`, 1},
		{js + `<iframe src="/"></iframe><style>p{}</style>`, 2},
		{js + `<svg/onload=alert(1)>`, 1},
	} {
		if got := pageProblems(c.page, "/assets/site.js"); len(got) != c.bad {
			t.Errorf("%s: %d problems %q, want %d", c.page, len(got), got, c.bad)
		}
	}
}

// strictCSP is what the pages are served with: only the site's own script
// file may run; inline script, event-handler attributes and javascript:
// URLs are refused (and reported) by the browser.
const strictCSP = "default-src 'self'; script-src 'self'"

// watchScript runs before any script of each page (through the DevTools
// protocol, so the policy does not apply to it) and records every
// policy violation the page causes.
const watchScript = `window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + (e.sample || '')));`

// domCheck lists what of the DOM could only have come from document text:
// event-handler attributes, scripts other than the site's, links and
// sources with a scheme other than http(s) on another origin, elements
// that a page of the site never has; and checks the page's structure: one
// main, header and footer as children of body, the site title as text.
const domCheck = `((siteJS, title) => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) bad.push(el.tagName + ' has ' + name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'srcdoc', 'data'].includes(name)) {
        let u;
        try { u = new URL(a.value, document.baseURI); } catch (e) { bad.push(el.tagName + ' ' + name + ' unparsable: ' + a.value); continue; }
        if (!(u.origin === location.origin || u.protocol === 'https:' || u.protocol === 'http:'))
          bad.push(el.tagName + ' ' + name + '=' + a.value);
      }
    }
  }
  for (const s of document.scripts)
    if (s.src !== siteJS || s.text.trim() !== '') bad.push('script ' + (s.src || s.text.slice(0, 60)));
  for (const sel of ['iframe', 'object', 'embed', 'style', 'base', 'frame', 'frameset', 'meta[http-equiv]', 'template'])
    if (document.querySelector(sel)) bad.push('element ' + sel);
  if (document.querySelectorAll('main').length !== 1) bad.push(document.querySelectorAll('main').length + ' main elements');
  if (!document.querySelector('body > header.site-header')) bad.push('no site header under body');
  if (!document.querySelector('body > footer.site-footer')) bad.push('no site footer under body: the page structure broke');
  for (const el of document.body.children)
    if (!el.matches('a.skip, header.site-header, main, footer.site-footer, script')) bad.push(el.tagName + ' outside main: the page structure broke');
  const t = document.querySelector('.site-title a');
  if (!t || t.textContent !== title) bad.push('site title reads ' + JSON.stringify(t && t.textContent));
  if (!document.title.endsWith(title)) bad.push('document title reads ' + JSON.stringify(document.title));
  return bad.concat(window.__violations || []);
})`

func TestHostileBrowser(t *testing.T) {
	ctx := browsertest.Start(t, 3*time.Minute)

	var mu sync.Mutex
	var strict atomic.Bool
	files := map[string][]byte{}
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No caching: the second pass must get every page with its policy.
		w.Header().Set("Cache-Control", "no-store")
		if strict.Load() {
			w.Header().Set("Content-Security-Policy", strictCSP)
		}
		p := strings.TrimPrefix(r.URL.Path, "/")
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		mu.Lock()
		requests = append(requests, r.URL.Path)
		data, ok := files[p]
		notFound := files["404.html"]
		mu.Unlock()
		switch {
		case !ok:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(notFound)
			return
		case mime.TypeByExtension(path.Ext(p)) != "":
			w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(p)))
		}
		_, _ = w.Write(data)
	}))
	t.Cleanup(srv.Close)
	root := srv.URL + "/"
	built := buildHostile(t, root)
	mu.Lock()
	for p, d := range built {
		files[p] = d
	}
	mu.Unlock()

	// What the browser reports while the pages load: dialogs (answered at
	// once, so that a page is never stuck behind one), exceptions, console
	// calls (the site's script makes none) and log entries about security.
	var events []string
	note := func(s string) {
		mu.Lock()
		events = append(events, s)
		mu.Unlock()
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchScript}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			note(fmt.Sprintf("%s dialog on %s: %q", e.Type, e.URL, e.Message))
			go func() {
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		case *runtime.EventExceptionThrown:
			note("exception: " + e.ExceptionDetails.Text + " " + exceptionText(e.ExceptionDetails))
		case *runtime.EventConsoleAPICalled:
			note(fmt.Sprintf("console.%s called", e.Type))
		case *log.EventEntryAdded:
			if e.Entry.Source == "security" || strings.Contains(e.Entry.Text, "Content Security Policy") {
				note("log: " + e.Entry.Text)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}

	var paths []string
	for p := range built {
		if strings.HasSuffix(p, "index.html") {
			paths = append(paths, strings.TrimSuffix(p, "index.html"))
		}
	}
	sort.Strings(paths)
	// The 404 page as a reader meets it, at an address that is no page, and
	// the search page with a hostile query in its address.
	paths = append(paths, "no/such/page/", "search/?q=%3Cscript%3Ealert(%27q%27)%3C%2Fscript%3E%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
	siteJS := root + "assets/site.js"

	check := func(name string) {
		t.Helper()
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf("%s(%q, %q)", domCheck, siteJS, hostileTitle)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, b := range bad {
			t.Errorf("%s: %s", name, b)
		}
	}
	if len(paths) < 22 {
		t.Errorf("%d pages to visit: the hostile site lost page types", len(paths))
	}
	// Twice: without a policy, where an injected script would run and open
	// a dialog, and under the strict policy, where the browser would block
	// it and report the violation. The site's own pages cause neither.
	for _, csp := range []bool{false, true} {
		pass := "without CSP:"
		if csp {
			pass = "with CSP:"
		}
		strict.Store(csp)
		for _, p := range paths {
			if err := chromedp.Do(ctx, chromedp.Navigate(root+p), chromedp.WaitReady("body")); err != nil {
				t.Fatalf("%s /%s: %v", pass, p, err)
			}
			if strings.HasPrefix(p, "search/?") {
				// The script reads the query, loads the index and says what it found.
				if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void]("document.getElementById('search-status').textContent.includes('for')")); err != nil {
					t.Fatalf("%s /%s: the search never answered: %v", pass, p, err)
				}
			}
			check(pass + " /" + p)
		}
		t.Run(pass+" typed search", func(t *testing.T) {
			// The note's title is markup as text; typing it finds the note, and
			// the results and the status show it as text.
			query := "<img src=x onerror=alert('title')>"
			err := chromedp.Do(ctx,
				chromedp.Navigate(root+"search/"),
				chromedp.WaitVisible("#search-q"),
				chromedp.SendKeys("#search-q", query),
				// Results come while typing; wait for those of the whole query.
				chromedp.PollFunction[chromedp.Void](`q => document.getElementById('search-status').textContent.includes(q)`, chromedp.WithPollingArgs(query)),
				chromedp.WaitVisible(`#search-results a[href="/sources/hostile/"]`),
			)
			if err != nil {
				t.Fatalf("typing %q: %v", query, err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[
				document.querySelector('#search-results a[href="/sources/hostile/"]').textContent,
				document.getElementById('search-status').textContent,
				String(document.querySelectorAll('#search-results img, #search-results script').length)]`))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 3 || !strings.Contains(got[0], "<script>alert('note-title')</script>") || !strings.Contains(got[1], query) || got[2] != "0" {
				t.Errorf("search results read %q", got)
			}
			check(pass + " /search/ typed")
		})

		t.Run(pass+" timeline filter", func(t *testing.T) {
			err := chromedp.Do(ctx,
				chromedp.Navigate(root+"timeline/"),
				chromedp.WaitVisible(`a[data-filter="tj"]`),
				chromedp.Click(`a[data-filter="tj"]`),
				chromedp.Poll[chromedp.Void](`location.pathname === '/timeline/country/tj/'`),
			)
			if err != nil {
				t.Fatal(err)
			}
			check(pass + " /timeline/ filtered in place")
		})

	}

	// Give late events (a dialog from a deferred script) a moment to land.
	if err := chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, e := range events {
		t.Error(e)
	}
	for _, r := range requests {
		if strings.HasSuffix(r, "/x") {
			t.Errorf("the browser requested %s: an <img src=x> from document text was created", r)
		}
	}
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}
