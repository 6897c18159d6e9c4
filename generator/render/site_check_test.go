package render_test

// Whole-site checks of the bundled briefing's output: every page valid
// HTML for the Nu HTML Checker, the site small, and nothing loaded from
// elsewhere.

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"brief/generator"
)

// vnuJar finds the Nu HTML Checker: BRIEF_VNU_JAR, else the copy that
// .ci/run installs with npm.
func vnuJar() string {
	if p := os.Getenv("BRIEF_VNU_JAR"); p != "" {
		return p
	}
	p := filepath.Join("..", "..", ".ci", "node", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

// writeSite builds the bundled content for a project site and writes it
// into a temporary folder.
func writeSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	res := generator.Build(generator.Options{Content: os.DirFS("../../content"), BaseURL: "https://example.org/repo/"})
	if res.Diags.HasErrors() {
		t.Fatalf("build: %v", res.Diags)
	}
	for _, f := range res.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestValidHTML runs the Nu HTML Checker over every page of the bundled
// site. It skips when java or the checker's jar is missing; .ci/run
// installs both.
func TestValidHTML(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("no java")
	}
	jar := vnuJar()
	if jar == "" {
		t.Skip("no vnu.jar (npm install vnu-jar, then set BRIEF_VNU_JAR)")
	}
	dir := writeSite(t)
	cmd := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	report := strings.ReplaceAll(out.String(), "file:"+dir, "")
	if err != nil || strings.TrimSpace(report) != "" {
		t.Errorf("the Nu HTML Checker reports (%v):\n%s", err, report)
	}
}

// siteBudget is the most the bundled briefing may weigh, every file
// included: a reader on a slow line gets all of it in seconds.
const siteBudget = 1 << 20

func TestSiteSize(t *testing.T) {
	res := generator.Build(generator.Options{Content: os.DirFS("../../content"), BaseURL: "https://example.org/repo/"})
	if res.Diags.HasErrors() {
		t.Fatalf("build: %v", res.Diags)
	}
	total := 0
	for _, f := range res.Files {
		total += len(f.Data)
	}
	t.Logf("bundled site: %d files, %d bytes", len(res.Files), total)
	if total > siteBudget {
		t.Errorf("the bundled site weighs %d bytes, more than %d", total, siteBudget)
	}
}

var (
	// Attributes that make a browser fetch something by itself. Links
	// (<a href>) are not requests until a reader follows them.
	reFetchAttr = regexp.MustCompile(`<(?:link|script|img|source|iframe|video|audio|embed|object|image|use)\b[^>]*?\s(?:href|src|srcset|data|poster|xlink:href)="([^"]*)"`)
	reCSSURL    = regexp.MustCompile(`url\(\s*['"]?([^'")]+)`)
	reCSSImport = regexp.MustCompile(`@import\s+['"]([^'"]+)`)
)

// TestNoExternalRequests checks that no page, stylesheet or script of the
// bundled site names a resource outside the site (no CDN, web fonts or
// analytics). The browser test checks the same by watching the requests.
func TestNoExternalRequests(t *testing.T) {
	res := generator.Build(generator.Options{Content: os.DirFS("../../content"), BaseURL: "https://example.org/repo/"})
	if res.Diags.HasErrors() {
		t.Fatalf("build: %v", res.Diags)
	}
	outside := func(u string) bool {
		u = strings.TrimSpace(u)
		switch {
		case strings.HasPrefix(u, "data:"), strings.HasPrefix(u, "#"):
			return false
		case strings.HasPrefix(u, "/repo/"), strings.HasPrefix(u, "https://example.org/repo/"):
			return false
		}
		return true
	}
	checked := 0
	for _, f := range res.Files {
		var found [][]string
		switch {
		case strings.HasSuffix(f.Path, ".html"):
			found = reFetchAttr.FindAllStringSubmatch(string(f.Data), -1)
			for _, m := range found {
				// The alternate (feed) and canonical links are not fetched.
				if strings.Contains(m[0], `rel="canonical"`) || strings.Contains(m[0], `rel="alternate"`) {
					continue
				}
				if outside(m[1]) {
					t.Errorf("%s loads %s", f.Path, m[1])
				}
			}
		case strings.HasSuffix(f.Path, ".css"):
			for _, re := range []*regexp.Regexp{reCSSURL, reCSSImport} {
				for _, m := range re.FindAllStringSubmatch(string(f.Data), -1) {
					if outside(m[1]) {
						t.Errorf("%s loads %s", f.Path, m[1])
					}
				}
			}
		case strings.HasSuffix(f.Path, ".js"):
			if bytes.Contains(f.Data, []byte("http://")) || bytes.Contains(f.Data, []byte("https://")) {
				t.Errorf("%s names an absolute URL", f.Path)
			}
		default:
			continue
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d files checked", checked)
	}
}
