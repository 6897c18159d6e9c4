package render

import (
	"strings"
	"testing"

	"brief/generator/model"
)

// browserView is a link target as a browser reads it: without leading and
// trailing spaces and control characters, without any tab or line break,
// and with backslashes as slashes (as in http URLs).
func browserView(u string) string {
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	return strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(u)
}

// browserScheme is the scheme a browser reads from a link target: it drops
// leading and trailing spaces and control characters and every tab and
// line break, and ignores case. "" for a relative link.
func browserScheme(u string) string {
	u = browserView(u)
	for i, c := range u {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return strings.ToLower(u[:i])
		default:
			return ""
		}
	}
	return ""
}

func TestURLHelpers(t *testing.T) {
	l := links{base: "/repo/", baseURL: "https://example.org/repo/"}
	for _, tt := range []struct{ in, url, abs string }{
		{"", "/repo/", "https://example.org/repo/"},
		{"countries/tj/", "/repo/countries/tj/", "https://example.org/repo/countries/tj/"},
		{"/countries/tj/", "/repo/countries/tj/", "https://example.org/repo/countries/tj/"},
		{"/repo/countries/tj/", "/repo/countries/tj/", "https://example.org/repo/repo/countries/tj/"},
		{"#s3", "#s3", "https://example.org/repo/#s3"},
		{"https://example.org/x", "https://example.org/x", "https://example.org/x"},
		{"mailto:desk@example.org", "mailto:desk@example.org", "https://example.org/repo/mailto:desk@example.org"},
		// Other schemes and protocol-relative links stay on the site.
		{"javascript://example.org/%0aalert(1)", "/repo/javascript://example.org/%0aalert(1)", "https://example.org/repo/javascript://example.org/%0aalert(1)"},
		{"//evil.example/", "/repo/evil.example/", "https://example.org/repo/evil.example/"},
		{"///evil.example/", "/repo/evil.example/", "https://example.org/repo/evil.example/"},
		{"\\\\evil.example/", "/repo/evil.example/", "https://example.org/repo/evil.example/"},
		{"\t/ /evil.example/", "/repo/evil.example/", "https://example.org/repo/evil.example/"},
	} {
		if got := l.url(tt.in); got != tt.url {
			t.Errorf("url(%q) = %q, want %q", tt.in, got, tt.url)
		}
		if got := l.abs(tt.in); got != tt.abs {
			t.Errorf("abs(%q) = %q, want %q", tt.in, got, tt.abs)
		}
	}
	root := links{base: "/", baseURL: "/"}
	if got := root.url("//evil.example/"); got != "/evil.example/" {
		t.Errorf("at the root, url(//evil.example/) = %q: a link to another host", got)
	}
	if got := root.url("/\t\\evil.example/"); got != "/evil.example/" {
		t.Errorf("at the root, url(/\\t\\\\evil.example/) = %q: a link to another host", got)
	}
	if got := root.abs("//evil.example/"); got != "/evil.example/" {
		t.Errorf("at the root, abs(//evil.example/) = %q: a link to another host", got)
	}
}

// FuzzLinks checks the link helpers over any base URL and any path: url
// gives a fragment, an http(s) or mailto: URL, or a path under the base
// path; abs an http(s) URL or a site-relative path; neither ever gives
// another scheme (javascript:, data:) or a protocol-relative "//host"; a
// clean path stays clean (no "//"); url is safe to apply twice. Seeds are
// in testdata/fuzz/FuzzLinks.
func FuzzLinks(f *testing.F) {
	f.Add("https://user.github.io/repo/", "countries/tj/")
	f.Add("", "/sources/x/#s3")
	f.Add("/repo", "//evil.example/")
	f.Add("https://example.org/", " JaVa\tScRiPt:alert(1)")
	f.Add("http://127.0.0.1:8000/a//b/", "https://example.org/x")
	f.Fuzz(func(t *testing.T, base, p string) {
		full, bp := model.NormalizeBaseURL(base)
		l := newLinks(&model.Site{Config: model.Config{BaseURL: full, BasePath: bp}})
		u := l.url(p)
		switch s := browserScheme(u); {
		case s == "http" || s == "https" || s == "mailto":
		case s != "":
			t.Fatalf("base %q: url(%q) = %q, a %s: link", base, p, u, s)
		case strings.HasPrefix(browserView(u), "//"):
			t.Fatalf("base %q: url(%q) = %q, a link to another host", base, p, u)
		case !strings.HasPrefix(u, "#") && !strings.HasPrefix(u, l.base):
			t.Fatalf("base %q: url(%q) = %q, outside the base path %q", base, p, u, l.base)
		}
		if !strings.Contains(p, "//") && !strings.HasPrefix(u, "#") && browserScheme(u) == "" && strings.Contains(u, "//") {
			t.Fatalf("base %q: url(%q) = %q holds //", base, p, u)
		}
		if again := l.url(u); again != u {
			t.Fatalf("base %q: url(%q) = %q, but url of that is %q", base, p, u, again)
		}
		a := l.abs(p)
		switch s := browserScheme(a); {
		case s == "http" || s == "https":
		case s != "":
			t.Fatalf("base %q: abs(%q) = %q, a %s: link", base, p, a, s)
		case !strings.HasPrefix(a, "/") || strings.HasPrefix(browserView(a), "//"):
			t.Fatalf("base %q: abs(%q) = %q, neither a web URL nor a site path", base, p, a)
		}
	})
}
