package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"brief/generator/diag"
	"brief/generator/extract"
	"brief/generator/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const plainTitle = "Russia warns of militants in Afghanistan"

// render renders s and fails the test on any diagnostic.
func render(t *testing.T, s *model.Site, opts Options) map[string][]byte {
	t.Helper()
	files, ds := Render(s, opts)
	if len(ds) > 0 {
		t.Fatalf("diagnostics:\n%s", joinDiags(ds))
	}
	return fileMap(t, files)
}

func fileMap(t *testing.T, files []File) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for i, f := range files {
		if i > 0 && files[i-1].Path >= f.Path {
			t.Errorf("files not sorted by path: %s before %s", files[i-1].Path, f.Path)
		}
		m[f.Path] = f.Data
	}
	return m
}

func joinDiags(ds diag.List) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestPaths(t *testing.T) {
	s := testSite("/", plainTitle)
	s.Config.CNAME = "desk.example.org"
	files := render(t, s, Options{})
	var got []string
	for p := range files {
		got = append(got, p)
	}
	sort.Strings(got)
	want := []string{
		".nojekyll",
		"404.html",
		"CNAME",
		"api/countries.json",
		"api/events.json",
		"api/timeline.json",
		"assets/icon.svg",
		"assets/site.js",
		"assets/style.css",
		"countries/af/index.html",
		"countries/index.html",
		"countries/kg/index.html",
		"countries/tj/index.html",
		"feed.xml",
		"index.html",
		"organisations/csto/index.html",
		"organisations/index.html",
		"people/andrey-belousov/index.html",
		"people/emomali-rahmon/index.html",
		"people/index.html",
		"robots.txt",
		"search-index.json",
		"search/index.html",
		"sitemap.xml",
		"sources/analysis/index.html",
		"sources/csto-warning/index.html",
		"sources/index.html",
		"timeline/country/af/index.html",
		"timeline/country/kg/index.html",
		"timeline/country/tj/index.html",
		"timeline/index.html",
		"timeline/planned/index.html",
		"timeline/reported/index.html",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if string(files["CNAME"]) != "desk.example.org\n" {
		t.Errorf("CNAME = %q", files["CNAME"])
	}
	if len(files[".nojekyll"]) != 0 {
		t.Errorf(".nojekyll is not empty")
	}
	if want := "Sitemap: https://example.org/sitemap.xml\n"; !strings.HasSuffix(string(files["robots.txt"]), want) {
		t.Errorf("robots.txt = %q, want it to end in %q", files["robots.txt"], want)
	}

	// No CNAME unless configured.
	files = render(t, testSite("/", plainTitle), Options{})
	if _, ok := files["CNAME"]; ok {
		t.Errorf("CNAME written without Config.CNAME")
	}
}

var (
	reLink = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	reID   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// checkLinks resolves every href and src of every HTML page against the
// output: the target file must exist, and a fragment must name an id on the
// target page. Links to the site's own absolute URL are checked the same way.
func checkLinks(t *testing.T, files map[string][]byte, base, baseURL string) (checked int) {
	t.Helper()
	ids := map[string]map[string]bool{}
	idsOf := func(p string) map[string]bool {
		if ids[p] == nil {
			ids[p] = map[string]bool{}
			for _, m := range reID.FindAllSubmatch(files[p], -1) {
				ids[p][html.UnescapeString(string(m[1]))] = true
			}
		}
		return ids[p]
	}
	var pages []string
	for p := range files {
		if strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
	}
	sort.Strings(pages)
	for _, p := range pages {
		for _, m := range reLink.FindAllSubmatch(files[p], -1) {
			href := html.UnescapeString(string(m[1]))
			if strings.HasPrefix(href, baseURL) {
				href = base + strings.TrimPrefix(href, baseURL)
			}
			if strings.Contains(href, "://") || strings.HasPrefix(href, "mailto:") {
				continue // external
			}
			checked++
			target, frag, _ := strings.Cut(href, "#")
			file := p
			if target != "" {
				if !strings.HasPrefix(target, base) {
					t.Errorf("%s: link %q does not start with the base path %q", p, href, base)
					continue
				}
				file = strings.TrimPrefix(target, base)
				if file == "" || strings.HasSuffix(file, "/") {
					file += "index.html"
				}
				if _, ok := files[file]; !ok {
					t.Errorf("%s: broken link %q: no file %s", p, href, file)
					continue
				}
			}
			if frag != "" && strings.HasSuffix(file, ".html") && !idsOf(file)[frag] {
				t.Errorf("%s: broken link %q: no id %q in %s", p, href, frag, file)
			}
		}
	}
	return checked
}

func TestLinks(t *testing.T) {
	for _, base := range []string{"/", "/repo/"} {
		t.Run(base, func(t *testing.T) {
			s := testSite(base, plainTitle)
			files := render(t, s, Options{})
			if n := checkLinks(t, files, base, s.Config.BaseURL); n < 100 {
				t.Errorf("only %d links checked", n)
			}
		})
	}
}

func TestLinksSplitTimeline(t *testing.T) {
	s := testSite("/repo/", plainTitle)
	manyEvents(s, TimelineSplitAt)
	files := render(t, s, Options{})
	for _, p := range []string{"timeline/2026/index.html", "timeline/2025/index.html", "timeline/2020/index.html", "timeline/2018/index.html"} {
		if _, ok := files[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	main := string(files["timeline/index.html"])
	if !strings.Contains(main, `href="/repo/timeline/2019/"`) {
		t.Errorf("timeline/index.html does not link to the year page of 2019")
	}
	// Every event is on exactly one year page, with its anchor.
	for _, e := range s.Events {
		p := "timeline/" + strconv.Itoa(e.Date().Year) + "/index.html"
		if !strings.Contains(string(files[p]), `id="`+e.ID()+`"`) {
			t.Errorf("%s has no anchor for %s", p, e.ID())
		}
	}
	checkLinks(t, files, "/repo/", s.Config.BaseURL)
}

func TestTimelinePrecisionAndPlanned(t *testing.T) {
	files := render(t, testSite("/", plainTitle), Options{})
	tl := string(files["timeline/index.html"])
	for _, want := range []string{
		`<time datetime="2025-05-28">28 May 2025</time>`,
		`<time datetime="2021-08">August 2021</time>`,
		`<time datetime="2026">2026</time>`,
		`<a href="/timeline/#y2021">2021</a>`,
		`<h2 id="y2025">2025</h2>`,
		`<h3 id="m2025-05">May 2025</h3>`,
		`<h3 id="m2026">2026, month not known</h3>`,
		`<a href="/sources/csto-warning/#s1">` + plainTitle + `</a>`,
		`<a href="/sources/analysis/">What the Bishkek meeting means</a>`,
	} {
		if !strings.Contains(tl, want) {
			t.Errorf("timeline lacks %s", want)
		}
	}
	entries := map[string]string{}
	for _, part := range strings.Split(tl, "<li class=\"event")[1:] {
		id := reID.FindStringSubmatch(part)
		entries[id[1]] = part[:strings.Index(part, "</li>")]
	}
	for id, planned := range map[string]bool{"e-2026-7bafe636": true, "e-2025-05-28-f39e72fa": false, "e-2021-08-11ab3dbd": false} {
		e, ok := entries[id]
		if !ok {
			t.Fatalf("no timeline entry %s", id)
		}
		if got := strings.Contains(e, `<strong class="planned">Planned</strong>`); got != planned {
			t.Errorf("%s: planned mark shown = %v, want %v", id, got, planned)
		}
	}
}

func TestFmtDate(t *testing.T) {
	for _, tc := range []struct {
		d    extract.Date
		want string
	}{
		{extract.Date{Year: 2025, Month: 5, Day: 28}, "28 May 2025"},
		{extract.Date{Year: 2021, Month: 8}, "August 2021"},
		{extract.Date{Year: 2026}, "2026"},
		{extract.Date{Year: 2025, Month: 1, Day: 1}, "1 January 2025"},
		{extract.Date{}, ""},
	} {
		if got := fmtDate(tc.d); got != tc.want {
			t.Errorf("fmtDate(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := Render(testSite("/repo/", plainTitle), Options{})
	for i := 0; i < 3; i++ {
		b, _ := Render(testSite("/repo/", plainTitle), Options{})
		if len(a) != len(b) {
			t.Fatalf("run %d: %d files, then %d", i, len(a), len(b))
		}
		for j := range a {
			if a[j].Path != b[j].Path || !bytes.Equal(a[j].Data, b[j].Data) {
				t.Fatalf("run %d: %s differs", i, a[j].Path)
			}
		}
	}
}

func TestOverride(t *testing.T) {
	def := render(t, testSite("/", plainTitle), Options{})
	user := fstest.MapFS{
		"404.html": {Data: []byte(`{{define "main"}}<h1>Lost at the desk</h1>{{end}}`)},
		// README.md and other files that are not templates are ignored.
		"README.md": {Data: []byte("my templates")},
	}
	got := render(t, testSite("/", plainTitle), Options{Templates: user})
	if !strings.Contains(string(got["404.html"]), "<h1>Lost at the desk</h1>") {
		t.Errorf("404.html not overridden:\n%s", got["404.html"])
	}
	if !strings.Contains(string(got["404.html"]), `<a class="skip" href="#main">`) {
		t.Errorf("overridden 404.html lost the layout")
	}
	for p, data := range def {
		if p != "404.html" && !bytes.Equal(data, got[p]) {
			t.Errorf("%s changed although only 404.html was overridden", p)
		}
	}
}

// TestOnce checks that a render that nothing follows makes the same files
// and lets the documents' HTML go with the default templates, and only
// with them: a template of the user's may show it on any page.
func TestOnce(t *testing.T) {
	def := render(t, testSite("/", plainTitle), Options{})
	s := testSite("/", plainTitle)
	got := render(t, s, Options{Once: true})
	if len(got) != len(def) {
		t.Fatalf("%d files, want %d", len(got), len(def))
	}
	for p, data := range def {
		if !bytes.Equal(data, got[p]) {
			t.Errorf("%s differs from a render without Once", p)
		}
	}
	for _, d := range s.Documents {
		if d.HTML != "" {
			t.Errorf("%s kept its HTML after its page was made", d.Slug)
		}
	}
	user := fstest.MapFS{"404.html": {Data: []byte(`{{define "main"}}{{range .Site.Documents}}{{.HTML}}{{end}}{{end}}`)}}
	s = testSite("/", plainTitle)
	got = render(t, s, Options{Templates: user, Once: true})
	for _, d := range s.Documents {
		if d.HTML != "" && !strings.Contains(string(got["404.html"]), string(d.HTML)) {
			t.Errorf("404.html of the user's lacks the HTML of %s", d.Slug)
		}
	}
	kept := 0
	for _, d := range s.Documents {
		if d.HTML != "" {
			kept++
		}
	}
	if kept == 0 {
		t.Errorf("with a template of the user's, documents lost their HTML")
	}
}

func TestUnusedTemplateWarns(t *testing.T) {
	user := fstest.MapFS{"extra.html": {Data: []byte(`hello`)}, "_mine.html": {Data: []byte(`{{define "mine"}}x{{end}}`)}}
	_, ds := Render(testSite("/", plainTitle), Options{Templates: user, TemplatesDir: "site/templates"})
	want := `site/templates/extra.html: warning: template not used: only the default names are rendered (a new partial must start with "_")` + "\n"
	if got := joinDiags(ds); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
}

func TestTemplateErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  string
		gone  []string // pages that must not be produced
	}{
		{
			name:  "syntax error",
			files: fstest.MapFS{"country.html": {Data: []byte("{{define \"main\"}}\n<h1>{{.Title}</h1>\n{{end}}\n")}},
			want:  `templates/country.html:2: error: bad character U+007D '}'`,
			gone:  []string{"countries/af/index.html", "countries/tj/index.html"},
		},
		{
			name:  "unknown function",
			files: fstest.MapFS{"_extra.html": {Data: []byte("{{define \"x\"}}\n\n{{nosuch 1}}{{end}}")}},
			want:  `templates/_extra.html:3: error: function "nosuch" not defined`,
			gone:  []string{"index.html", "countries/af/index.html", "404.html"},
		},
		{
			name:  "execution error",
			files: fstest.MapFS{"country.html": {Data: []byte("{{define \"main\"}}\n<h1>{{.Title}}</h1>\n<p>{{.Country.Nope}}</p>\n{{end}}\n")}},
			want:  `templates/country.html:3:14: error: executing "country.html" for /countries/af/ (and 2 more pages): at <.Country.Nope>: can't evaluate field Nope in type *model.Country`,
			gone:  []string{"countries/af/index.html", "countries/kg/index.html"},
		},
		{
			name:  "execution error in a partial",
			files: fstest.MapFS{"person.html": {Data: []byte("{{define \"main\"}}{{template \"date\" .Person}}{{end}}")}},
			want:  `templates/_partials.html:11:27: error: executing "person.html" for /people/andrey-belousov/ (and 1 more page): at <.>: wrong type for value; expected extract.Date; got *model.Person`,
		},
		{
			name:  "error in a function",
			files: fstest.MapFS{"sources.html": {Data: []byte("{{define \"main\"}}\n  {{first 2 .Title}}{{end}}")}},
			want:  `templates/sources.html:2:5: error: executing "sources.html" for /sources/: at <first 2 .Title>: error calling first: first: want a list, got string`,
		},
		{
			name:  "robots.txt",
			files: fstest.MapFS{"robots.txt": {Data: []byte("Sitemap: {{abs}}\n")}},
			want:  `templates/robots.txt:1:12: error: executing "robots.txt" for /robots.txt: at <abs>: wrong number of args for abs: want 1 got 0`,
			gone:  []string{"robots.txt"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, ds := Render(testSite("/", plainTitle), Options{Templates: tc.files})
			if got := strings.TrimSpace(joinDiags(ds)); got != tc.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tc.want)
			}
			if !ds.HasErrors() {
				t.Errorf("no error")
			}
			m := fileMap(t, files)
			for _, p := range tc.gone {
				if _, ok := m[p]; ok {
					t.Errorf("%s produced despite the error", p)
				}
			}
		})
	}
}

func TestEscaping(t *testing.T) {
	const evil = `<script>alert(1)</script> & "quotes" </script>`
	s := testSite("/", evil)
	s.Documents[1].Summary = evil
	s.Documents[1].Corrections = []string{evil}
	s.Countries[0].Capital = evil
	s.Documents[1].Source = "javascript:alert(1)"
	files := render(t, s, Options{})
	for p, data := range files {
		// The site's own script is the one script tag a page may have.
		low := strings.ToLower(strings.Replace(string(data), `<script src="/assets/site.js" defer></script>`, "", 1))
		if strings.Contains(low, "<script") || strings.Contains(low, "</script") {
			t.Errorf("%s contains a script tag", p)
		}
		if strings.Contains(low, "javascript:") {
			t.Errorf("%s contains a javascript: URL", p)
		}
	}
	for p, want := range map[string]string{
		"sources/csto-warning/index.html": `<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34; &lt;/script&gt;</h1>`,
		"timeline/index.html":             `The Taliban took power in &lt;script&gt;alert(1)&lt;/script&gt;`,
		"feed.xml":                        `<title type="text">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34; &lt;/script&gt;</title>`,
		"api/events.json":                 `"title":"The Taliban took power in \u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \"quotes\" \u003c/script\u003e"`,
		"api/timeline.json":               `"headline":"The Taliban took power in \u0026lt;script\u0026gt;alert(1)\u0026lt;/script\u0026gt;`,
		"api/countries.json":              `"capital": "\u003cscript\u003ealert(1)\u003c/script\u003e`,
	} {
		if !strings.Contains(string(files[p]), want) {
			t.Errorf("%s lacks %s", p, want)
		}
	}
	// The feed is still well-formed XML, the JSON still JSON.
	var feed struct{ Title string }
	if err := xml.Unmarshal(files["feed.xml"], &feed); err != nil {
		t.Errorf("feed.xml: %v", err)
	}
	var events []map[string]any
	if err := json.Unmarshal(files["api/events.json"], &events); err != nil {
		t.Fatalf("events.json: %v", err)
	}
	if got := events[2]["title"]; got != "The Taliban took power in "+evil {
		t.Errorf("events.json title = %q", got)
	}
}

func TestTimelineJSON(t *testing.T) {
	files := render(t, testSite("/", plainTitle), Options{})
	type date struct {
		Year, Month, Day string
		DisplayDate      string `json:"display_date"`
	}
	var tl struct {
		Title struct {
			Text struct{ Headline, Text string }
		}
		Events []struct {
			StartDate date  `json:"start_date"`
			EndDate   *date `json:"end_date"`
			Text      struct{ Headline, Text string }
			Group     string
			UniqueID  string `json:"unique_id"`
		}
	}
	dec := json.NewDecoder(bytes.NewReader(files["api/timeline.json"]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tl); err != nil {
		t.Fatal(err)
	}
	if tl.Title.Text.Headline != "Central Asia Desk" {
		t.Errorf("title headline = %q", tl.Title.Text.Headline)
	}
	if len(tl.Events) != 3 {
		t.Fatalf("%d events, want 3", len(tl.Events))
	}
	for i, want := range []struct {
		start date
		group string
		id    string
	}{
		{date{Year: "2026", DisplayDate: "2026"}, "Tajikistan", "e-2026-7bafe636"},
		{date{Year: "2025", Month: "5", Day: "28", DisplayDate: "28 May 2025"}, "Kyrgyzstan", "e-2025-05-28-f39e72fa"},
		{date{Year: "2021", Month: "8", DisplayDate: "August 2021"}, "Afghanistan", "e-2021-08-11ab3dbd"},
	} {
		e := tl.Events[i]
		if e.StartDate != want.start || e.Group != want.group || e.UniqueID != want.id || e.EndDate != nil {
			t.Errorf("event %d = %+v %q %q, want %+v %q %q", i, e.StartDate, e.Group, e.UniqueID, want.start, want.group, want.id)
		}
		if e.Text.Headline == "" || !strings.Contains(e.Text.Text, `<a href="https://example.org/sources/csto-warning/#s`) {
			t.Errorf("event %d text = %+v", i, e.Text)
		}
	}
}

func TestFeed(t *testing.T) {
	files := render(t, testSite("/repo/", plainTitle), Options{})
	var feed struct {
		XMLName xml.Name
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(files["feed.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || feed.ID != "https://example.org/repo/" {
		t.Errorf("feed = %v %q", feed.XMLName, feed.ID)
	}
	// The newest dated content, not the build time and not the planned
	// event's future year.
	if feed.Updated != "2025-05-30T00:00:00Z" {
		t.Errorf("updated = %q", feed.Updated)
	}
	if len(feed.Entries) != 5 {
		t.Errorf("%d entries, want 5 (2 documents, 3 events)", len(feed.Entries))
	}
	for _, e := range feed.Entries {
		if !strings.HasPrefix(e.ID, "https://example.org/repo/") || e.Updated == "" {
			t.Errorf("entry %+v", e)
		}
	}
	sm := string(files["sitemap.xml"])
	if !strings.Contains(sm, "<loc>https://example.org/repo/countries/tj/</loc>") || strings.Contains(sm, "404") {
		t.Errorf("sitemap.xml:\n%s", sm)
	}
}

// The preview server adds its reload script as it serves pages
// (generator/serve); rendered files never carry it.
func TestNoReloadScript(t *testing.T) {
	for p, data := range render(t, testSite("/repo/", plainTitle), Options{}) {
		if bytes.Contains(data, []byte("reload.js")) {
			t.Errorf("%s: reload script in build output", p)
		}
	}
}

func TestBadSlug(t *testing.T) {
	s := testSite("/", plainTitle)
	s.People[0].Slug = "../escape"
	files, ds := Render(s, Options{})
	want := `error: cannot render /people/../escape/: unusable name in path "people/../escape/index.html"`
	if got := strings.TrimSpace(joinDiags(ds)); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	for _, f := range files {
		if strings.Contains(f.Path, "..") {
			t.Errorf("wrote %s", f.Path)
		}
	}
}

// TestGolden compares a few whole pages with testdata/golden; run
// `go test -update` after an intended change and review the diff.
func TestGolden(t *testing.T) {
	files := render(t, testSite("/repo/", plainTitle), Options{})
	for _, p := range []string{
		"timeline/index.html",
		"countries/tj/index.html",
		"sources/csto-warning/index.html",
		"sources/analysis/index.html",
		"feed.xml",
		"api/timeline.json",
	} {
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, files[p], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(files[p], want) {
			t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", p, golden, files[p])
		}
	}
}

var preview = flag.String("preview", "", "write the rendered test site (base path /) into this folder, to look at the default templates in a browser")

func TestPreview(t *testing.T) {
	if *preview == "" {
		t.Skip("no -preview folder")
	}
	s := testSite("/", plainTitle)
	manyEvents(s, 12)
	files, ds := Render(s, Options{})
	if len(ds) > 0 {
		t.Fatalf("diagnostics:\n%s", joinDiags(ds))
	}
	for _, f := range files {
		p := filepath.Join(*preview, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var reHeading = regexp.MustCompile(`<h([1-6])[\s>]`)

// TestPageStructure checks what every page needs for accessibility and
// sharing: the language, the viewport, landmarks, a skip link to main, the
// feed and canonical links, and headings that start at h1 and never skip a
// level.
func TestPageStructure(t *testing.T) {
	s := testSite("/repo/", plainTitle)
	manyEvents(s, TimelineSplitAt) // the split timeline pages too
	files := render(t, s, Options{})
	for p, data := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		page := string(data)
		for _, want := range []string{
			`<html lang="en">`,
			`<meta name="viewport" content="width=device-width, initial-scale=1">`,
			`<a class="skip" href="#main">`,
			`<header class="site-header">`,
			`<nav class="site-nav" aria-label="Main">`,
			`<main id="main"`,
			`<footer class="site-footer">`,
			`<link rel="alternate" type="application/atom+xml" title="Central Asia Desk" href="/repo/feed.xml">`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", p, want)
			}
		}
		if canonical := strings.Contains(page, `<link rel="canonical"`); canonical == (p == "404.html") {
			t.Errorf("%s: canonical link present = %v", p, canonical)
		}
		levels := reHeading.FindAllStringSubmatch(page, -1)
		if len(levels) == 0 || levels[0][1] != "1" {
			t.Errorf("%s does not start with an h1", p)
			continue
		}
		prev := 1
		for _, m := range levels[1:] {
			l := int(m[1][0] - '0')
			if l == 1 {
				t.Errorf("%s has a second h1", p)
			}
			if l > prev+1 {
				t.Errorf("%s: h%d follows h%d", p, l, prev)
			}
			prev = l
		}
	}
}

// BenchmarkRender renders a site with a thousand events (split timeline).
func BenchmarkRender(b *testing.B) {
	s := testSite("/repo/", plainTitle)
	manyEvents(s, 1000)
	pages := 0
	for b.Loop() {
		files, ds := Render(s, Options{})
		if len(ds) > 0 {
			b.Fatal(joinDiags(ds))
		}
		pages = 0
		for _, f := range files {
			if strings.HasSuffix(f.Path, ".html") {
				pages++
			}
		}
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

func TestEmptySite(t *testing.T) {
	s := &model.Site{Config: model.Config{Title: "Empty", BaseURL: "https://example.org/", BasePath: "/"}}
	files := render(t, s, Options{})
	checkLinks(t, files, "/", s.Config.BaseURL)
	if !strings.Contains(string(files["timeline/index.html"]), "No events yet.") {
		t.Errorf("empty timeline:\n%s", files["timeline/index.html"])
	}
	if !strings.Contains(string(files["feed.xml"]), "<updated>1970-01-01T00:00:00Z</updated>") {
		t.Errorf("feed of an empty site:\n%s", files["feed.xml"])
	}
	for _, p := range []string{"api/events.json", "api/countries.json"} {
		if string(files[p]) != "[]\n" {
			t.Errorf("%s = %q", p, files[p])
		}
	}
}

// TestTemplateCache checks that a rebuild reuses the parsed templates only
// while neither the templates nor the base path changed, and that builds
// sharing them may run at the same time.
func TestTemplateCache(t *testing.T) {
	user := fstest.MapFS{"404.html": {Data: []byte(`{{define "main"}}<h1>one</h1>{{end}}`)}}
	render(t, testSite("/", plainTitle), Options{Templates: user})
	first := templateCache.set
	got := render(t, testSite("/", plainTitle), Options{Templates: user})
	if templateCache.set != first {
		t.Errorf("same templates parsed again")
	}
	if !strings.Contains(string(got["404.html"]), "<h1>one</h1>") {
		t.Errorf("404.html from the cache lacks the override")
	}

	user["404.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h1>two</h1>{{end}}`)}
	got = render(t, testSite("/", plainTitle), Options{Templates: user})
	if !strings.Contains(string(got["404.html"]), "<h1>two</h1>") {
		t.Errorf("edited template not used:\n%s", got["404.html"])
	}
	got = render(t, testSite("/repo/", plainTitle), Options{Templates: user})
	if !strings.Contains(string(got["404.html"]), `href="/repo/timeline/"`) {
		t.Errorf("templates of another base path reused")
	}

	var wg sync.WaitGroup
	outs := make([][]File, 4)
	for i := range outs {
		wg.Go(func() { outs[i], _ = Render(testSite("/", plainTitle), Options{}) })
	}
	wg.Wait()
	for i := 1; i < len(outs); i++ {
		for j := range outs[0] {
			if !bytes.Equal(outs[0][j].Data, outs[i][j].Data) {
				t.Errorf("concurrent build %d: %s differs", i, outs[0][j].Path)
			}
		}
	}
}

// The sitemap is written in Go as xml.MarshalIndent writes its urlset,
// whatever the addresses hold.
func TestSitemapMatchesEncoding(t *testing.T) {
	type urlEntry struct {
		Loc string `xml:"loc"`
	}
	type urlset struct {
		XMLName xml.Name   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []urlEntry `xml:"url"`
	}
	for _, base := range []string{"https://example.org/repo/", "https://example.org/a&b'\"<x>/", "https://exämple.org/\t\x01/\xff/"} {
		s := testSite("/repo/", plainTitle)
		s.Config.BaseURL = base
		r := newRenderer(s, Options{})
		for _, n := range []int{0, 1, 5} {
			var urls []string
			var want urlset
			var locs []string
			for i := range n {
				u := fmt.Sprintf("p%d/x&%d/", n-i, i)
				urls = append(urls, u)
				locs = append(locs, r.abs(u))
			}
			sort.Strings(locs)
			for _, l := range locs {
				want.URLs = append(want.URLs, urlEntry{Loc: l})
			}
			if got, want := string(r.sitemap(urls)), string(xmlBytes(want)); got != want {
				t.Errorf("base %q, %d pages:\ngot  %q\nwant %q", base, n, got, want)
			}
		}
	}
}
