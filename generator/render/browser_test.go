package render_test

// The reader's side of the site, tested in a real browser: headless
// Chromium (Debian's package) loads the bundled briefing from a test server
// and checks, on the home page, the timeline, a country profile, a source
// page and the search page, in the light and the dark colour scheme:
//
//   - axe-core (vendored in testdata/axe, MPL-2.0) reports no violation;
//   - at phone width (375 px) nothing scrolls sideways;
//   - no request leaves the site (no CDN, fonts or analytics);
//   - searching "Rahmon" finds the Tajikistan profile, by typing and by URL;
//   - the timeline's filter links filter in place and change the URL.
//
// The test skips when no Chromium is installed (set BRIEF_CHROMIUM to a
// browser binary to use another). With BRIEF_SHOTS=DIR it also writes
// full-page screenshots of the home page, the timeline and the Tajikistan
// profile at 1280 and 375 px into DIR, to look at.

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"brief/generator"
	"brief/internal/browsertest"
)

//go:embed testdata/axe/axe.min.js
var axeSource string

// bundledSite builds the repository's content/ for a project site under
// /repo/ and serves it the way GitHub Pages does. It returns the site's
// root URL and the built files by path.
func bundledSite(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	files := map[string][]byte{}
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, "/repo/")
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		mu.Lock()
		data, ok := files[p]
		mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		_, _ = w.Write(data)
	}))
	t.Cleanup(srv.Close)
	res := generator.Build(generator.Options{Content: os.DirFS("../../content"), BaseURL: srv.URL + "/repo/"})
	if res.Diags.HasErrors() {
		t.Fatalf("build: %v", res.Diags)
	}
	mu.Lock()
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	mu.Unlock()
	return srv.URL + "/repo/", files
}

// axeResult is the part of axe.run's result the test reports.
type axeResult struct {
	Passes     int `json:"passes"`
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

func scheme(ctx context.Context, dark bool) error {
	value := "light"
	if dark {
		value = "dark"
	}
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: value}},
	})
	return err
}

func viewport(ctx context.Context, width int64) error {
	mobile := width < 600
	return chromedp.Do(ctx, chromedp.EmulateViewport(width, 900, func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
		p.Mobile = mobile
	}))
}

func TestBrowser(t *testing.T) {
	ctx := browsertest.Start(t, 4*time.Minute, chromedp.Flag("hide-scrollbars", true))
	root, files := bundledSite(t)

	// Every request the pages make must go to the site itself.
	var mu sync.Mutex
	var outside []string
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			u := e.Request.URL
			if !strings.HasPrefix(u, root) && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "about:") {
				mu.Lock()
				outside = append(outside, u)
				mu.Unlock()
			}
		}
	}); err != nil {
		t.Fatal(err)
	}

	source := ""
	for p := range files {
		if strings.HasPrefix(p, "sources/") && strings.HasSuffix(p, "/index.html") && p != "sources/index.html" {
			source = strings.TrimSuffix(p, "index.html")
			break
		}
	}
	if source == "" {
		t.Fatal("the bundled site has no source page")
	}
	pages := []string{"", "timeline/", "countries/tj/", source, "search/?q=Rahmon", "countries/", "organisations/csto/", "timeline/country/tj/"}

	for _, dark := range []bool{false, true} {
		if err := scheme(ctx, dark); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{1280, 375} {
			if err := viewport(ctx, width); err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				name := fmt.Sprintf("/%s at %d px (dark %v)", p, width, dark)
				if err := chromedp.Do(ctx, chromedp.Navigate(root+p), chromedp.WaitReady("body")); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if strings.HasPrefix(p, "search/") {
					// Let the script load the index and list results.
					if err := chromedp.Do(ctx, chromedp.WaitVisible("#search-results li")); err != nil {
						t.Fatalf("%s: %v", name, err)
					}
				}
				if width == 375 {
					over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
					if err != nil {
						t.Fatal(err)
					}
					if over > 0 {
						wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className)`))
						t.Errorf("%s scrolls sideways by %d px; widest: %v", name, over, wide)
					}
				}
				if width == 375 && dark {
					continue // contrast is checked at one width per scheme
				}
				res, err := runAxe(ctx)
				if err != nil {
					t.Fatalf("%s: axe: %v", name, err)
				}
				for _, v := range res.Violations {
					var where []string
					for _, n := range v.Nodes {
						where = append(where, fmt.Sprint(n.Target)+" "+strings.ReplaceAll(n.Summary, "\n", " "))
					}
					t.Errorf("%s: axe %s: %s\n\t%s", name, v.ID, v.Help, strings.Join(where, "\n\t"))
				}
			}
		}
	}

	// The narrowest common phone, beyond the 375 px of the checks above.
	if err := scheme(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := viewport(ctx, 360); err != nil {
		t.Fatal(err)
	}
	for _, p := range append(pages, "people/", "organisations/", "sources/", "timeline/planned/") {
		if err := chromedp.Do(ctx, chromedp.Navigate(root+p), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if over > 0 {
			t.Errorf("/%s at 360 px scrolls sideways by %d px", p, over)
		}
	}

	t.Run("search", func(t *testing.T) {
		if err := viewport(ctx, 1280); err != nil {
			t.Fatal(err)
		}
		// Typing into the box, as a reader does.
		err := chromedp.Do(ctx,
			chromedp.Navigate(root+"search/"),
			chromedp.WaitVisible("#search-q"),
			chromedp.SendKeys("#search-q", "Rahmon"),
			chromedp.WaitVisible(`#search-results a[href="/repo/countries/tj/"]`),
		)
		if err != nil {
			t.Fatalf("typing Rahmon: %v", err)
		}
		hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#search-results a')).map(a => a.getAttribute('href'))`))
		if err != nil {
			t.Fatal(err)
		}
		if !contains(hrefs, "/repo/countries/tj/") || !contains(hrefs, "/repo/people/emomali-rahmon/") {
			t.Errorf("results for Rahmon: %v, want the Tajikistan profile and the person", hrefs)
		}
		status, _ := chromedp.Run(ctx, chromedp.TextContent("#search-status"))
		if !strings.Contains(status, "Rahmon") {
			t.Errorf("status %q does not repeat the query", status)
		}
		// The arrow key moves from the box to the first result.
		if err := chromedp.Do(ctx, chromedp.SendKeys("#search-q", kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute('href') || document.activeElement.id`))
		if focused != hrefs[0] {
			t.Errorf("after ArrowDown the focus is on %q, want the first result %q", focused, hrefs[0])
		}
	})

	t.Run("search without JavaScript", func(t *testing.T) {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		defer func() {
			_, _ = chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		}()
		if err := chromedp.Do(ctx, chromedp.Navigate(root+"search/"), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "needs JavaScript") || !strings.Contains(text, "timeline") {
			t.Errorf("without JavaScript the search page says:\n%s", text)
		}
	})

	t.Run("timeline filter", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.Navigate(root+"timeline/"),
			chromedp.WaitVisible(`a[data-filter="tj"]`),
			chromedp.Click(`a[data-filter="tj"]`),
		)
		if err != nil {
			t.Fatal(err)
		}
		state, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.pathname,
			String(document.querySelectorAll('.event:not([hidden])').length),
			String(Array.from(document.querySelectorAll('.event:not([hidden])')).every(e => (' ' + e.dataset.countries + ' ').includes(' tj '))),
			document.getElementById('filter-status').textContent,
			document.querySelector('main h1').textContent]`))
		if err != nil {
			t.Fatal(err)
		}
		if state[0] != "/repo/timeline/country/tj/" || state[1] == "0" || state[2] != "true" || !strings.Contains(state[3], "Tajikistan") || state[4] != "Timeline: Tajikistan" {
			t.Errorf("after choosing Tajikistan: %q", state)
		}
		// The same URL exists as a page, for readers without the script.
		if _, ok := files["timeline/country/tj/index.html"]; !ok {
			t.Error("no page timeline/country/tj/")
		}
	})

	t.Run("sentence anchor", func(t *testing.T) {
		// A timeline entry links to the sentence it came from; following
		// the link scrolls the sentence into view and highlights it.
		m := regexp.MustCompile(`href="/repo/(sources/[^"#]+/#s\d+)"`).FindSubmatch(files["timeline/index.html"])
		if m == nil {
			t.Fatal("no timeline entry links to a sentence")
		}
		if err := scheme(ctx, false); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(root+string(m[1])), chromedp.WaitReady("body"), chromedp.Sleep(200*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
			const e = document.querySelector(':target');
			if (!e) return ['none'];
			const r = e.getBoundingClientRect();
			return [e.id, e.className, String(r.top >= 0 && r.top < innerHeight), getComputedStyle(e).backgroundColor];
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		want := strings.TrimPrefix(string(m[1])[strings.Index(string(m[1]), "#"):], "#")
		if len(got) != 4 || got[0] != want || got[1] != "s" || got[2] != "true" || got[3] == "rgba(0, 0, 0, 0)" {
			t.Errorf("after following %s: target %q, want sentence %s in view and highlighted", m[1], got, want)
		}
	})

	if dir := os.Getenv("BRIEF_SHOTS"); dir != "" {
		for _, shot := range []struct {
			width int64
			dark  bool
		}{{1280, false}, {375, false}, {1280, true}} {
			if err := scheme(ctx, shot.dark); err != nil {
				t.Fatal(err)
			}
			width, suffix := shot.width, ""
			if shot.dark {
				suffix = "-dark"
			}
			for name, p := range map[string]string{"home": "", "timeline": "timeline/", "tj": "countries/tj/", "source": source, "search": "search/?q=Rahmon"} {
				if err := viewport(ctx, width); err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(root+p), chromedp.Sleep(300*time.Millisecond)); err != nil {
					t.Fatal(err)
				}
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d%s.png", name, width, suffix)), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}

	mu.Lock()
	defer mu.Unlock()
	if len(outside) > 0 {
		t.Errorf("pages requested addresses outside the site: %v", outside)
	}
}

func runAxe(ctx context.Context) (axeResult, error) {
	var res axeResult
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		return res, err
	}
	// Every rule axe runs by default (WCAG 2.x A and AA, and best
	// practices), not only the WCAG ones.
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`axe.run(document, {resultTypes: ['violations', 'passes']}).then(r => ({passes: r.passes.length, violations: r.violations}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return res, err
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		return res, err
	}
	if res.Passes == 0 {
		return res, fmt.Errorf("axe ran no rule")
	}
	return res, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
