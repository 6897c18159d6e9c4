package browsertest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestStartTriesTwice: a browser that fails on its first start is started
// once more, and the test gets a working browser.
func TestStartTriesTwice(t *testing.T) {
	exe := Path()
	if exe == "" {
		Start(t, time.Minute) // skips, or fails where a browser is required
		return
	}
	dir := t.TempDir()
	mark := filepath.Join(dir, "started-once")
	script := filepath.Join(dir, "flaky-browser")
	body := "#!/bin/sh\nif [ ! -e '" + mark + "' ]; then : > '" + mark + "'; echo 'simulated crash at start' >&2; exit 1; fi\nexec '" + exe + "' \"$@\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BRIEF_CHROMIUM", script)
	ctx := Start(t, time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate("data:text/html,<title>up</title>")); err != nil {
		t.Fatalf("browser after the retry: %v", err)
	}
	if title, err := chromedp.Run(ctx, chromedp.Title()); err != nil || title != "up" {
		t.Fatalf("browser after the retry: title %q, %v", title, err)
	}
	if _, err := os.Stat(mark); err != nil {
		t.Errorf("the first start did not run: %v", err)
	}
}
