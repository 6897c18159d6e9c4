// Package browsertest starts headless Chromium for the project's browser
// tests: the reader's pages under axe-core, the hostile-site injection test
// and the live-reload test of `brief serve`. One place knows the flags that
// Chromium needs as root in a container and how a missing browser is
// treated: the test is skipped, unless BRIEF_REQUIRE_BROWSER=1 (set by
// continuous integration) makes that a failure, so that a machine without
// a browser cannot pass as a green run of nothing.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path finds the browser: $BRIEF_CHROMIUM, else the usual names on PATH.
func Path() string {
	if p := os.Getenv("BRIEF_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start launches headless Chromium with a fresh profile and returns a
// browser context that lives until the test ends or timeout passes. It
// skips the test in -short mode or when there is no browser.
func Start(t testing.TB, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	exe := Path()
	if exe == "" {
		if os.Getenv("BRIEF_REQUIRE_BROWSER") == "1" {
			t.Fatal("BRIEF_REQUIRE_BROWSER=1 but no Chromium found (install chromium or set BRIEF_CHROMIUM)")
		}
		t.Skip("no Chromium installed (Debian: apt-get install chromium)")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	// A browser that fails to start is started once more, with a fresh
	// profile, and a second failure fails the test: on a busy machine one
	// start in many has failed, with Chromium's crash reporter in its
	// output, before any page of the project was loaded.
	ctx, err := start(t, exe, timeout, extra)
	if err != nil {
		t.Logf("starting %s failed, trying once more: %v", exe, err)
		if ctx, err = start(t, exe, timeout, extra); err != nil {
			t.Fatalf("starting %s: %v", exe, err)
		}
	}
	return ctx
}

// start launches the browser once, with a profile of its own.
func start(t testing.TB, exe string, timeout time.Duration, extra []chromedp.ExecAllocatorOption) (context.Context, error) {
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// Without these, Chromium tries to reach Google's hosts at start,
		// which a closed network refuses many times over.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}, extra...)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		return nil, err
	}
	return bctx, nil
}
