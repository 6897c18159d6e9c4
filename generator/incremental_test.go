package generator

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"math/rand"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"brief/generator/diag"
	"brief/templates"
)

var (
	incSteps = flag.Int("incremental.steps", 0, "steps of TestIncrementalEqualsFull (0: the short default run)")
	incSeed  = flag.Int64("incremental.seed", 0, "random seed of TestIncrementalEqualsFull (0: the fixed default)")
)

// TestIncrementalEqualsFull is the property behind `brief serve` (SPEC §7,
// STYLE point 7): after any sequence of edits, creations, renames and
// deletions of seeds, notes, country and entity profiles, site.yaml and
// templates, a rebuild by a long-lived Builder (whose caches saw every
// earlier state) produces exactly the files and diagnostics of a fresh
// build of the same input.
//
// The default run is short and uses a fixed seed; for a long run:
//
//	go test ./generator -run IncrementalEqualsFull -incremental.steps 2000 -incremental.seed 7
func TestIncrementalEqualsFull(t *testing.T) {
	incrementalRun(t, 40, false)
}

// TestIncrementalPrints is the same property with the default templates
// throughout, where a rebuild renders only the files whose fingerprints
// changed (render.Prints): every other build renders every file anyway
// and fails when a file whose fingerprint did not change is not the same.
// Edits that change a single front-matter field make sure that what
// pages show of other documents (their titles, dates, publishers) is part
// of the fingerprints.
func TestIncrementalPrints(t *testing.T) {
	incrementalRun(t, 60, true)
}

func incrementalRun(t *testing.T, steps int, defaultTemplates bool) {
	seed := int64(1)
	if *incSteps > 0 {
		steps = *incSteps
	}
	if *incSeed != 0 {
		seed = *incSeed
	}
	if testing.Short() {
		steps = 15
	}
	content := bundledContent(t)
	tmpl := fstest.MapFS{}
	m := &mutator{r: rand.New(rand.NewSource(seed)), content: content, tmpl: tmpl, noTemplates: defaultTemplates}
	opts := Options{Content: content, Templates: tmpl, TemplatesDir: "templates"}
	b := NewBuilder()
	last := b.Build(opts).Diags
	start := time.Now()
	failed, changed, skipped, patched := 0, 0, 0, 0
	prev := map[string]string{}
	files := maps.Clone(map[string]*fstest.MapFile(content))
	for step := 1; step <= steps; step++ {
		var did []string
		// Usually one change, sometimes a burst as from "save all" or a
		// checkout: the watcher hands those over as one batch.
		for n := 1 + m.r.Intn(3)/2*m.r.Intn(5); n > 0; n-- {
			did = append(did, m.step(last))
		}
		b.verifyPrints = step%4 == 0
		// What changed, as a watcher reports it; sometimes not known.
		opts.Changed = changedPaths(files, content)
		if m.r.Intn(6) == 0 {
			opts.Changed = nil
		}
		inc := b.Build(opts)
		if inc.Stats.Patched > 0 {
			patched++
		}
		opts.Changed = nil
		full := fullBuild(opts)
		if diff := compare(inc, full); diff != "" {
			t.Fatalf("seed %d step %d after %s:\n%s", seed, step, strings.Join(did, "; "), diff)
		}
		last = inc.Diags
		if inc.Diags.HasErrors() {
			failed++
		}
		now := map[string]string{}
		for _, f := range inc.Files {
			now[f.Path] = string(f.Data)
			if b.prints.Skipped(f.Path) {
				skipped++
			}
		}
		if !maps.Equal(now, prev) {
			changed++
		}
		prev = now
	}
	t.Logf("seed %d: %d steps in %v; %d builds with errors, %d changed the output, %d files not rendered again, %d builds patched",
		seed, steps, time.Since(start).Round(time.Millisecond), failed, changed, skipped, patched)
	// A run in which every build failed, or nothing changed, proves nothing.
	if failed > steps*2/3 || changed < steps/3 {
		t.Errorf("the random edits exercise too little: %d of %d builds failed, %d changed the output", failed, steps, changed)
	}
	if defaultTemplates && skipped < steps*5 {
		t.Errorf("only %d files were not rendered again in %d steps: the fingerprints are not exercised", skipped, steps)
	}
	if patched < steps/20 {
		t.Errorf("only %d of %d builds patched the last site: edits of a note's prose are not exercised", patched, steps)
	}
}

// fullBuild is what `brief build` does: a build that keeps nothing for
// a next one, so that no stage reuses any work, and keeps its notes'
// bodies on a shelf.
func fullBuild(opts Options) Result {
	opts.NoReuse = true
	opts.Scratch = os.TempDir()
	return NewBuilder().Build(opts)
}

// TestModelReuseEqualsFull is TestIncrementalEqualsFull for the model
// stage's cache (model.Cache): a site of many notes whose events fall on
// shared dates, so that reports merge across documents, and edits that
// leave most of a note's events as they were, move them in the note, add
// or remove reports of a date, toggle drafts and change publication dates.
// After every step the rebuild must equal a build that keeps nothing.
//
// For a long run:
//
//	go test ./generator -run ModelReuseEqualsFull -incremental.steps 500 -incremental.seed 3
func TestModelReuseEqualsFull(t *testing.T) {
	steps, seed := 30, int64(1)
	if *incSteps > 0 {
		steps = *incSteps
	}
	if *incSeed != 0 {
		seed = *incSeed
	}
	if testing.Short() {
		steps = 10
	}
	m := &mutator{r: rand.New(rand.NewSource(seed)), content: fstest.MapFS{}, tmpl: fstest.MapFS{}}
	m.content["site.yaml"] = &fstest.MapFile{Data: []byte("title: Reuse\nbase_url: https://example.org/b/\n")}
	for range 3 {
		p := m.newPath("seeds/")
		m.content[p] = &fstest.MapFile{Data: []byte(m.text("seeds/"))}
	}
	for range 2 {
		p := m.newPath("entities/")
		m.content[p] = &fstest.MapFile{Data: []byte(m.text("entities/"))}
	}
	for range 30 {
		p := m.newPath("notes/")
		m.content[p] = &fstest.MapFile{Data: []byte(m.text("notes/"))}
	}
	opts := Options{Content: m.content}
	b := NewBuilder()
	b.Build(opts)
	start := time.Now()
	merged, reused, bodies, patched := 0, 0, 0, 0
	files := maps.Clone(map[string]*fstest.MapFile(m.content))
	var last diag.List
	for step := 1; step <= steps; step++ {
		var did []string
		// An editor fixes what fails, so that most builds succeed and
		// the next one can patch the last (model.Patch).
		for _, d := range last {
			if d.Severity == diag.Error {
				did = append(did, m.heal(diag.List{d}))
			}
		}
		for n := 1 + m.r.Intn(3)/2*m.r.Intn(4); n > 0; n-- {
			did = append(did, m.modelStep())
		}
		if m.r.Intn(10) == 0 {
			opts.Drafts = !opts.Drafts
			did = append(did, fmt.Sprintf("drafts %v", opts.Drafts))
		}
		opts.Changed = changedPaths(files, m.content)
		inc := b.Build(opts)
		opts.Changed, last = nil, inc.Diags
		if inc.Stats.Patched > 0 {
			patched++
		}
		full := fullBuild(opts)
		if diff := compare(inc, full); diff != "" {
			t.Fatalf("seed %d step %d after %s:\n%s", seed, step, strings.Join(did, "; "), diff)
		}
		for _, ev := range inc.Site.Events {
			if len(ev.Sources) > 1 {
				merged++
			}
		}
		st := b.models.Stats()
		reused += st.DatesReused
		bodies += st.BodiesReused
	}
	t.Logf("seed %d: %d steps in %v; %d events with several sources, %d merges and %d bodies reused, %d builds patched",
		seed, steps, time.Since(start).Round(time.Millisecond), merged, reused, bodies, patched)
	// Without merged reports and reused work the run proves little.
	if merged < steps || reused < steps || bodies < steps {
		t.Errorf("the edits exercise too little: %d merged events, %d reused merges, %d reused bodies, %d patched builds in %d steps",
			merged, reused, bodies, patched, steps)
	}
}

// modelStep makes one change to the notes and seeds of a site and says
// what it did.
func (m *mutator) modelStep() string {
	notes := m.paths(m.content, "notes/")
	edit := func(p string, f func(front, body string) (string, string)) {
		data := string(m.content[p].Data)
		front, body := "", data
		if strings.HasPrefix(data, "---\n") {
			if i := strings.Index(data[4:], "\n---\n"); i >= 0 {
				front, body = data[:4+i+5], data[4+i+5:]
			}
		}
		front, body = f(front, body)
		m.content[p] = &fstest.MapFile{Data: []byte(front + body)}
	}
	k := m.r.Intn(18)
	if len(notes) < 5 {
		k = 0
	}
	switch k {
	case 0:
		p := m.newPath("notes/")
		m.content[p] = &fstest.MapFile{Data: []byte(m.note())}
		return "create " + p
	case 1:
		p := m.pick(notes)
		delete(m.content, p)
		return "delete " + p
	case 2:
		p := m.pick(m.paths(m.content, "seeds/"))
		data := slices.Clone(m.content[p].Data)
		m.content[p] = &fstest.MapFile{Data: append(data, []byte("\n"+m.pick(sentences)+"\n")...)}
		return "edit " + p
	case 3:
		p := m.pick(notes)
		m.content[p] = &fstest.MapFile{Data: []byte(m.note())}
		return "rewrite " + p
	case 4:
		// The note's events stay, at other offsets and sentence numbers.
		p := m.pick(notes)
		edit(p, func(front, body string) (string, string) { return front, "\n" + m.pick(sentences) + "\n" + body })
		return "prepend to " + p
	case 5:
		p := m.pick(notes)
		edit(p, func(front, body string) (string, string) {
			if strings.Contains(front, "\ndraft: true") {
				return strings.Replace(front, "\ndraft: true", "", 1), body
			}
			if front == "" {
				return front, body
			}
			return strings.Replace(front, "---\n", "---\ndraft: true\n", 1), body
		})
		return "toggle draft of " + p
	case 6:
		p := m.pick(notes)
		edit(p, func(front, body string) (string, string) {
			if front == "" {
				return front, body
			}
			lines := strings.Split(front, "\n")
			lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, "published:") })
			return strings.Join(slices.Insert(lines, 1, "published: "+m.date()), "\n"), body
		})
		return "redate " + p
	case 7:
		// Two notes trade places in the order of documents.
		p, q := m.pick(notes), m.pick(notes)
		m.content[p], m.content[q] = m.content[q], m.content[p]
		return "swap " + p + " " + q
	case 8, 9:
		// An event keeps its date and entities in other words, enough
		// of them to merge with other reports, or no longer to.
		twins := [][2]string{
			{sentences[1], "The CSTO denied on 12 March 2025 any plans for new bases in Afghanistan."},
			{sentences[2], "Kyrgyzstan will cancel the annual summit of the CSTO in August 2026."},
			{sentences[6], "Kazakhstan and Uzbekistan disputed water quotas in May 2024."},
		}
		type change struct {
			p        string
			from, to string
		}
		var can []change
		for _, p := range notes {
			for _, w := range twins {
				if strings.Contains(string(m.content[p].Data), w[0]) {
					can = append(can, change{p, w[0], w[1]})
				}
				if strings.Contains(string(m.content[p].Data), w[1]) {
					can = append(can, change{p, w[1], w[0]})
				}
			}
		}
		if len(can) == 0 {
			p := m.pick(notes)
			w := twins[m.r.Intn(len(twins))]
			edit(p, func(front, body string) (string, string) { return front, body + "\n" + w[1] + "\n" })
			return "append a twin to " + p
		}
		c := can[m.r.Intn(len(can))]
		edit(c.p, func(front, body string) (string, string) { return front, strings.Replace(body, c.from, c.to, 1) })
		return "reword " + c.p
	case 10:
		// A note joins a seed's document, or leaves it: its events stay
		// and change owners.
		p := m.pick(notes)
		seeds := m.paths(m.content, "seeds/")
		edit(p, func(front, body string) (string, string) {
			if front == "" {
				return front, body
			}
			lines := strings.Split(front, "\n")
			n := len(lines)
			lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, "seed:") })
			if len(lines) == n {
				lines = slices.Insert(lines, 1, "seed: "+m.pick(seeds))
			}
			return strings.Join(lines, "\n"), body
		})
		return "toggle seed of " + p
	case 12, 13, 14:
		// Words that name nothing: the note's body changes, and with
		// luck nothing else (model.Patch).
		p := m.pick(m.standalone(notes))
		m.content[p] = &fstest.MapFile{Data: m.proseEdit(m.content[p].Data)}
		return "reword " + p
	case 11:
		// Every link goes elsewhere.
		base := m.pick([]string{"https://example.org/b/", "https://example.org/", "/repo/"})
		m.content["site.yaml"] = &fstest.MapFile{Data: []byte("title: Reuse\nbase_url: " + base + "\n")}
		return "base " + base
	default:
		p := m.pick(notes)
		s := m.pick(sentences)
		if m.r.Intn(2) == 0 {
			s = m.pick(annotated)
		}
		data := slices.Clone(m.content[p].Data)
		m.content[p] = &fstest.MapFile{Data: append(data, []byte("\n"+s+"\n")...)}
		return "append to " + p
	}
}

// compare describes how an incremental result differs from a full one.
func compare(inc, full Result) string {
	var out strings.Builder
	if a, b := diagText(inc), diagText(full); a != b {
		fmt.Fprintf(&out, "diagnostics differ:\nincremental:\n%s\nfull:\n%s\n", a, b)
	}
	fi := map[string][]byte{}
	for _, f := range inc.Files {
		fi[f.Path] = f.Data
	}
	ff := map[string][]byte{}
	for _, f := range full.Files {
		ff[f.Path] = f.Data
	}
	var paths []string
	for p := range fi {
		paths = append(paths, p)
	}
	for p := range ff {
		if _, ok := fi[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		a, ina := fi[p]
		b, inb := ff[p]
		switch {
		case !ina:
			fmt.Fprintf(&out, "%s: only in the full build\n", p)
		case !inb:
			fmt.Fprintf(&out, "%s: only in the incremental build\n", p)
		case !bytes.Equal(a, b):
			fmt.Fprintf(&out, "%s differs: %s\n", p, firstDiff(a, b))
		}
	}
	return out.String()
}

func diagText(r Result) string {
	var lines []string
	for _, d := range r.Diags {
		lines = append(lines, d.String())
	}
	return strings.Join(lines, "\n")
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-60)
	return fmt.Sprintf("at byte %d:\n  incremental: %q\n  full:        %q", i, a[lo:min(len(a), i+60)], b[lo:min(len(b), i+60)])
}

// bundledContent is the repository's content folder, in memory.
func bundledContent(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	root := os.DirFS("../content")
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mutator makes random, plausible changes to a site, some of them errors.
type mutator struct {
	r       *rand.Rand
	content fstest.MapFS
	tmpl    fstest.MapFS
	n       int
	// noTemplates: only content changes, so that the default templates
	// stay in use.
	noTemplates bool
}

var (
	codes     = []string{"AF", "TJ", "KG", "KZ", "RU", "UZ", "BY", "AM", "CN", "PK"}
	countries = []string{"Afghanistan", "Tajikistan", "Kyrgyzstan", "Kazakhstan", "Russia", "Uzbekistan", "Belarus", "China", "Pakistan"}
	sentences = []string{
		"Tajik President Emomali Rahmon met Russian officials in Dushanbe on Tuesday.",
		"The CSTO said on 12 March 2025 that more than 5,000 fighters were active in Afghanistan.",
		"Kyrgyzstan will host joint exercises of the CSTO in August 2026.",
		"Russian Defence Minister Andrey Belousov warned of the threat last month.",
		"Officials in Tashkent did not comment.",
		"Moscow said the Taliban had been removed from its list of terrorist organisations earlier this year.",
		"Kazakhstan and Uzbekistan signed a border agreement in May 2024.",
		"Over 15,000 fighters remain in northern Afghanistan, according to the estimate.",
		"The Shanghai Cooperation Organisation will meet in Astana next month.",
		"Belousov said Belarus would send instructors in 2026.",
		"Chinese engineers finished the road to the Pakistani border in 2023.",
		"Analysts said nothing had changed.",
	}
	annotated = []string{
		"[[Tajikistan]] closed the crossing at Panj on [3 June 2025]{date=2025-06-03 event}.",
		"[[CSTO]] ministers met in [[Kyrgyzstan|Bishkek]] on [28 May 2025]{date=2025-05-28}.",
		"[Jordan]{ignore} Smith wrote the report.",
		"[The drill]{event date=2025-09 country=KZ,RU} was announced by [[Russia]].",
		"[[Andrey Belousov|Belousov]] spoke first.",
		"A table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"```go\nfunc main() {}\n```",
	}
	// prose are sentences that name nothing the extractor finds: a note
	// they are added to changes in its body alone (model.Patch).
	prose = []string{
		"The desk will follow this up.",
		"Details remain *unclear*.",
		"More in the next briefing, with [a map](https://example.org/map).",
		"Nobody answered the phone.",
	}
	// broken are annotations that are errors.
	broken = []string{
		"[[Nowhere Land]] is not a name the site knows.",
		"[broken]{date=2025-13-45} span.",
		"[span]{colour=red} with an unknown key.",
	}
)

func (m *mutator) pick(xs []string) string { return xs[m.r.Intn(len(xs))] }

// paths returns the content files under dir, sorted.
func (m *mutator) paths(fsys fstest.MapFS, prefix string) []string {
	var ps []string
	for p := range fsys {
		if strings.HasPrefix(p, prefix) {
			ps = append(ps, p)
		}
	}
	sort.Strings(ps)
	return ps
}

func (m *mutator) date() string {
	return fmt.Sprintf("20%02d-%02d-%02d", 23+m.r.Intn(3), 1+m.r.Intn(12), 1+m.r.Intn(28))
}

func (m *mutator) prose(notes bool) string {
	var paras []string
	for range 1 + m.r.Intn(3) {
		var s []string
		for range 1 + m.r.Intn(4) {
			if notes && m.r.Intn(60) == 0 {
				s = append(s, m.pick(broken))
			} else if notes && m.r.Intn(3) == 0 {
				s = append(s, m.pick(annotated))
			} else {
				s = append(s, m.pick(sentences))
			}
		}
		paras = append(paras, strings.Join(s, " "))
	}
	return strings.Join(paras, "\n\n") + "\n"
}

func (m *mutator) seed() string {
	return m.pick(countries) + " and " + m.pick(countries) + " discuss the border\n\n" + m.prose(false)
}

func (m *mutator) note() string {
	var fm []string
	fm = append(fm, fmt.Sprintf("title: %q", m.pick(countries)+" update "+fmt.Sprint(m.r.Intn(50))))
	switch m.r.Intn(6) {
	case 0: // no date
	case 1:
		fm = append(fm, "date: "+m.date())
	default:
		fm = append(fm, "published: "+m.date())
	}
	if seeds := m.paths(m.content, "seeds/"); len(seeds) > 0 && m.r.Intn(3) == 0 {
		fm = append(fm, "seed: "+m.pick(seeds))
	} else if m.r.Intn(10) == 0 {
		fm = append(fm, "seed: seeds/missing.txt")
	}
	if m.r.Intn(3) == 0 {
		fm = append(fm, "countries: ["+m.pick(codes)+", "+m.pick(codes)+"]")
	}
	if m.r.Intn(4) == 0 {
		fm = append(fm, "tags: [border, "+strings.ToLower(m.pick(countries))+"]")
	}
	if m.r.Intn(8) == 0 {
		fm = append(fm, "draft: true")
	}
	if m.r.Intn(25) == 0 {
		fm = append(fm, "slug: same-slug")
	}
	if m.r.Intn(5) == 0 {
		fm = append(fm, "events:", "  - date: "+m.date()[:7], "    title: Curated "+m.pick(countries)+" event",
			"    countries: ["+m.pick(codes)+"]")
	}
	if m.r.Intn(12) == 0 {
		fm = append(fm, "unknown_field: 1")
	}
	if m.r.Intn(25) == 0 {
		fm = append(fm, "title: [unclosed") // a YAML error
	}
	return "---\n" + strings.Join(fm, "\n") + "\n---\n\n" + m.prose(true)
}

func (m *mutator) profile() string {
	return "---\ntitle: Profile\n---\n\n" + m.prose(true)
}

func (m *mutator) entity() string {
	if m.r.Intn(2) == 0 {
		org := m.pick([]string{"Border Guard Service", "Eastern Alliance", "Northern Front"})
		return fmt.Sprintf("---\nkind: org\nname: %s\naliases: [%s]\nmembers: [%s, %s]\n---\n\n%s",
			org, strings.ToUpper(org[:1])+"X"+fmt.Sprint(m.r.Intn(3)), m.pick(codes), m.pick(codes), m.prose(true))
	}
	return fmt.Sprintf("---\nkind: person\nname: %s\ncountry: %s\nrole: Minister\n---\n\n%s",
		m.pick([]string{"Nurlan Bekov", "Aziz Karimov", "Olga Petrova"}), m.pick(codes), m.prose(false))
}

// newPath returns a new file name of the kind of p ("notes/", ...).
func (m *mutator) newPath(dir string) string {
	m.n++
	switch dir {
	case "seeds/":
		return fmt.Sprintf("seeds/s%03d.txt", m.n)
	case "notes/":
		return fmt.Sprintf("notes/n%03d.md", m.n)
	case "countries/":
		return "countries/" + m.pick(codes) + ".md"
	default:
		return fmt.Sprintf("entities/e%03d.md", m.n)
	}
}

func (m *mutator) text(dir string) string {
	switch dir {
	case "seeds/":
		return m.seed() + bundledPeople + "\n"
	case "notes/":
		return m.note()
	case "countries/":
		return m.profile()
	default:
		return m.entity()
	}
}

// heal does what an editor does after a failed build: fix a file that has
// an error, by rewriting it or, for a template, going back to the default.
func (m *mutator) heal(ds diag.List) string {
	var files []string
	for _, d := range ds {
		if d.Severity == diag.Error {
			files = append(files, d.File)
		}
	}
	if len(files) == 0 {
		return ""
	}
	f := m.pick(files)
	if name, ok := strings.CutPrefix(f, "templates/"); ok {
		delete(m.tmpl, name)
		return "fix templates/" + name
	}
	if _, ok := m.content[f]; !ok || f == "site.yaml" {
		clear(m.tmpl) // an error without a content file: start over with the default templates
		return "fix templates"
	}
	dir := f[:strings.Index(f, "/")+1]
	if dir == "seeds/" {
		// Profiles link to people the bundled seed names: put back a
		// seed that names them.
		m.content[f] = &fstest.MapFile{Data: []byte(m.seed() + "\n" + bundledPeople + "\n")}
	} else {
		m.content[f] = &fstest.MapFile{Data: []byte(m.text(dir))}
	}
	return "fix " + f
}

// bundledPeople names the people the bundled profiles link to, so that a
// rewritten seed does not break them.
const bundledPeople = "Russian President Vladimir Putin and Tajik President Emomali Rahmon spoke. " +
	"Russian Defence Minister Andrey Belousov attended."

// step makes one change and says what it did. After a failed build it
// often fixes a file with an error instead.
func (m *mutator) step(last diag.List) string {
	if last.HasErrors() && m.r.Intn(3) > 0 {
		if did := m.heal(last); did != "" {
			return did
		}
	}
	switch k := m.r.Intn(20); {
	case k < 3 && !m.noTemplates:
		return m.templateStep()
	case k == 3:
		return m.config()
	case k < 8 && len(m.paths(m.content, "notes/")) > 0:
		// An editor at work on a note's prose.
		p := m.pick(m.standalone(m.paths(m.content, "notes/")))
		m.content[p] = &fstest.MapFile{Data: m.proseEdit(m.content[p].Data)}
		return "reword " + p
	default:
		return m.fileStep()
	}
}

// config rewrites site.yaml.
func (m *mutator) config() string {
	cfg := "title: Briefing " + fmt.Sprint(m.r.Intn(3)) + "\nbase_url: " +
		m.pick([]string{"https://example.org/", "https://user.github.io/repo/"}) + "\n"
	if m.r.Intn(4) == 0 {
		cfg += "unsafe_html: true\n"
	}
	m.content["site.yaml"] = &fstest.MapFile{Data: []byte(cfg)}
	return "edit site.yaml"
}

// fileStep creates, edits, renames or deletes a content file.
func (m *mutator) fileStep() string {
	dirs := []string{"seeds/", "notes/", "notes/", "notes/", "countries/", "entities/"}
	dir := m.pick(dirs)
	existing := m.paths(m.content, dir)
	op := m.r.Intn(10)
	if len(existing) == 0 {
		op = 0
	} else if len(existing) > 12 && op < 3 {
		op = 9 // keep the site small enough for many steps
	}
	switch {
	case op < 3: // create
		p := m.newPath(dir)
		m.content[p] = &fstest.MapFile{Data: []byte(m.text(dir))}
		return "create " + p
	case op < 7: // edit: rewrite, or change a little
		p := m.pick(existing)
		if changed, ok := m.field(m.content[p].Data); ok && m.r.Intn(3) == 0 {
			// One field of the front matter alone: what pages that
			// only name the document show changes, and little else.
			m.content[p] = &fstest.MapFile{Data: changed}
		} else if k := m.r.Intn(3); k == 0 {
			m.content[p] = &fstest.MapFile{Data: []byte(m.text(dir))}
		} else if k == 1 {
			if dir == "notes/" {
				p = m.pick(m.standalone(existing))
			}
			m.content[p] = &fstest.MapFile{Data: m.proseEdit(m.content[p].Data)}
		} else {
			data := slices.Clone(m.content[p].Data)
			m.content[p] = &fstest.MapFile{Data: append(data, []byte("\n"+m.pick(sentences)+"\n")...)}
		}
		return "edit " + p
	case op < 9: // rename
		p := m.pick(existing)
		q := m.newPath(dir)
		if _, taken := m.content[q]; taken || p == q {
			return "rename (skipped)"
		}
		m.content[q] = m.content[p]
		delete(m.content, p)
		return "rename " + p + " " + q
	default:
		p := m.pick(existing)
		delete(m.content, p)
		return "delete " + p
	}
}

// proseEdit changes a file in words that name nothing: a sentence at its
// end, or words within its last paragraph, or a paragraph before its
// first, which moves every finding.
func (m *mutator) proseEdit(data []byte) []byte {
	text := string(data)
	switch m.r.Intn(6) {
	case 0:
		if i := strings.LastIndex(strings.TrimRight(text, "\n"), "\n\n"); i >= 0 {
			return []byte(text[:i+2] + "Indeed, " + text[i+2:])
		}
	case 1:
		front := 0
		if strings.HasPrefix(text, "---\n") {
			if i := strings.Index(text[4:], "\n---\n"); i >= 0 {
				front = 4 + i + 5
			}
		}
		return []byte(text[:front] + "\n" + m.pick(prose) + "\n" + text[front:])
	}
	return []byte(text + "\n" + m.pick(prose) + "\n")
}

// standalone returns the notes that are documents of their own (they
// annotate no seed and are no drafts), or all of them when none is.
func (m *mutator) standalone(notes []string) []string {
	var out []string
	for _, p := range notes {
		data := string(m.content[p].Data)
		if !strings.Contains(data, "\nseed:") && !strings.Contains(data, "\ndraft: true") {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return notes
	}
	return out
}

// changedPaths lists the paths of content whose file is not the one of
// before, as a watcher reports them, and makes before the content now.
func changedPaths(before map[string]*fstest.MapFile, content fstest.MapFS) []string {
	changed := []string{}
	for p, f := range content {
		if before[p] != f {
			changed = append(changed, p)
		}
	}
	for p := range before {
		if _, ok := content[p]; !ok {
			changed = append(changed, p)
		}
	}
	clear(before)
	maps.Copy(before, content)
	return changed
}

// field changes or adds one field of a file's front matter: its title,
// date, publisher or summary. It reports false for a file without one.
func (m *mutator) field(data []byte) ([]byte, bool) {
	text := string(data)
	if !strings.HasPrefix(text, "---\n") {
		return nil, false
	}
	end := strings.Index(text[4:], "\n---\n")
	if end < 0 {
		return nil, false
	}
	lines := strings.Split(text[4:4+end], "\n")
	key, value := m.pick([]string{"title", "published", "publisher", "summary"}), ""
	switch key {
	case "title":
		value = fmt.Sprintf("%q", m.pick(countries)+" retitled "+fmt.Sprint(m.r.Intn(50)))
	case "published":
		value = m.date()
	case "publisher":
		value = m.pick([]string{"Desk", "Wire", "Radio Ozodi"})
	default:
		value = m.pick(sentences)
	}
	replaced := false
	for i, l := range lines {
		if strings.HasPrefix(l, key+":") {
			lines[i], replaced = key+": "+value, true
		}
	}
	if !replaced {
		lines = append(lines, key+": "+value)
	}
	return []byte("---\n" + strings.Join(lines, "\n") + text[4+end:]), true
}

// templateStep overrides, changes, breaks or removes a template.
func (m *mutator) templateStep() string {
	names := []string{"_layout.html", "_partials.html", "country.html", "countries.html", "home.html", "timeline.html", "source.html", "style.css"}
	name := m.pick(names)
	if _, ok := m.tmpl[name]; ok && m.r.Intn(3) == 0 {
		delete(m.tmpl, name)
		return "delete templates/" + name
	}
	def, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		return "template (none)"
	}
	text := string(def)
	marker := fmt.Sprintf("marker %d", m.r.Intn(1000))
	switch {
	case name == "style.css":
		text += "\n.m" + fmt.Sprint(m.r.Intn(1000)) + " { color: red }\n"
	case m.r.Intn(10) == 0:
		text = strings.Replace(text, "{{", "{{.NoSuchField", 1) + "{{if}}" // parse error
	case strings.Contains(text, `{{define "main" -}}`):
		text = strings.Replace(text, `{{define "main" -}}`, `{{define "main" -}}<p>`+marker+`</p>`, 1)
	case strings.Contains(text, "</footer>"):
		text = strings.Replace(text, "</footer>", marker+"</footer>", 1)
	default:
		text += "\n{{/* " + marker + " */}}\n"
	}
	m.tmpl[name] = &fstest.MapFile{Data: []byte(text)}
	return "edit templates/" + name
}

// TestIncrementalPrintsSplit runs edits on a site large enough that the
// timeline is split into year pages of at most render.YearPageSize
// events, so that an event added or removed moves the entries of others
// to another page, and every link to them changes.
func TestIncrementalPrintsSplit(t *testing.T) {
	if testing.Short() {
		t.Skip("a site of 350 notes")
	}
	content := benchCorpus(300)
	// Notes full of events of 2024, so that its year has several pages.
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	gen := rand.New(rand.NewSource(5))
	for i := range 50 {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Chronicle %d\npublished: 2025-01-%02d\n---\n\n", i, 1+i%28)
		for range 8 {
			fmt.Fprintf(&b, "%s %s %s in %s on %d %s 2024.\n\n", benchAdjective[gen.Intn(len(benchAdjective))],
				benchRoles[gen.Intn(len(benchRoles))], benchVerbs[gen.Intn(len(benchVerbs))],
				benchCapitals[gen.Intn(len(benchCapitals))], 1+gen.Intn(28), months[gen.Intn(12)])
		}
		content[fmt.Sprintf("notes/c%03d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	opts := Options{Content: content}
	b := NewBuilder()
	first := b.Build(opts)
	if first.Diags.HasErrors() {
		t.Fatalf("first build: %s", diagText(first))
	}
	if _, ok := content["notes/00007.md"]; !ok {
		t.Fatal("corpus without notes/00007.md")
	}
	r := rand.New(rand.NewSource(3))
	years := map[int]int{}
	for _, e := range first.Site.Events {
		years[e.Date().Year]++
	}
	paged := false
	for _, n := range years {
		paged = paged || n > 500
	}
	if len(first.Site.Events) <= 300 || !paged {
		t.Fatalf("the corpus does not split the timeline into paged years (%d events, by year %v)", len(first.Site.Events), years)
	}
	skipped := 0
	for step := 1; step <= 6; step++ {
		p := fmt.Sprintf("notes/%05d.md", r.Intn(300))
		var did string
		switch r.Intn(4) {
		case 0:
			delete(content, p)
			did = "delete " + p
		case 1:
			q := fmt.Sprintf("notes/x%05d.md", step)
			content[q] = &fstest.MapFile{Data: bytes.Replace(benchCorpus(300)[p].Data, []byte("published: 20"), []byte("published: 19"), 1)}
			did = "copy " + p + " to " + q + " in another century"
		default:
			if f, ok := content[p]; ok {
				content[p] = &fstest.MapFile{Data: append(slices.Clone(f.Data), []byte("\nTajikistan closed the border on 3 March 2024.\n")...)}
				did = "add an event to " + p
			}
		}
		b.verifyPrints = step%2 == 1
		inc := b.Build(opts)
		full := Build(opts)
		if diff := compare(inc, full); diff != "" {
			t.Fatalf("step %d after %s:\n%s", step, did, diff)
		}
		for _, f := range inc.Files {
			if b.prints.Skipped(f.Path) {
				skipped++
			}
		}
	}
	if skipped == 0 {
		t.Error("no file was found unchanged: the fingerprints are not exercised")
	}
}

// TestPatchEqualsFull holds a rebuild that patches the last site
// (model.Patch, render.Patch) equal to a fresh build: a site of notes that
// are documents of their own, mostly edited in words that name nothing
// (at their end, within, before their first paragraph, in a link's text),
// sometimes in ways that are more than their bodies (a dated sentence, a
// front-matter field, a new or deleted note). With user templates, one of
// which shows every note's body on the home page, a patch must render that
// page too.
func TestPatchEqualsFull(t *testing.T) {
	for _, user := range []bool{false, true} {
		t.Run(fmt.Sprintf("user templates %v", user), func(t *testing.T) {
			steps, seed := 40, int64(1)
			if *incSteps > 0 {
				steps = *incSteps
			}
			if *incSeed != 0 {
				seed = *incSeed
			}
			content := benchCorpus(40)
			tmpl := fstest.MapFS{}
			if user {
				tmpl["home.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{range .Site.Documents}}<article>{{.HTML}}</article>{{end}}{{end}}`)}
			}
			m := &mutator{r: rand.New(rand.NewSource(seed)), content: content, tmpl: tmpl}
			// Notes that link to what the site knows, so that a patch
			// resolves links as the last build did.
			for i := range 5 {
				p := fmt.Sprintf("notes/linked%d.md", i)
				content[p] = &fstest.MapFile{Data: []byte("---\ntitle: Linked " + fmt.Sprint(i) + "\npublished: 2025-02-0" + fmt.Sprint(1+i) +
					"\n---\n\n[[Tajikistan]] and [[CSTO]] met in [[Kyrgyzstan|Bishkek]].\n\nNothing else was said.\n")}
			}
			opts := Options{Content: content, Templates: tmpl, TemplatesDir: "templates"}
			b := NewBuilder()
			if first := b.Build(opts); first.Diags.HasErrors() {
				t.Fatalf("first build: %s", diagText(first))
			}
			files := maps.Clone(map[string]*fstest.MapFile(content))
			patched := 0
			for step := 1; step <= steps; step++ {
				notes := m.paths(content, "notes/")
				p := m.pick(notes)
				var did string
				switch k := m.r.Intn(10); {
				case k < 6:
					content[p] = &fstest.MapFile{Data: m.proseEdit(content[p].Data)}
					did = "reword " + p
				case k == 6:
					data := string(content[p].Data)
					content[p] = &fstest.MapFile{Data: []byte(strings.Replace(data, "Bishkek", "the capital", 1))}
					did = "reword a link's text in " + p
				case k == 7:
					content[p] = &fstest.MapFile{Data: append(slices.Clone(content[p].Data), "\nTajikistan closed the border on 3 March 2024.\n"...)}
					did = "add an event to " + p
				case k == 8:
					if changed, ok := m.field(content[p].Data); ok {
						content[p] = &fstest.MapFile{Data: changed}
					}
					did = "change a field of " + p
				default:
					if m.r.Intn(2) == 0 && len(notes) > 30 {
						delete(content, p)
						did = "delete " + p
					} else {
						q := m.newPath("notes/")
						content[q] = &fstest.MapFile{Data: []byte("---\ntitle: New\npublished: 2025-03-01\n---\n\nA new note.\n")}
						did = "create " + q
					}
				}
				opts.Changed = changedPaths(files, content)
				inc := b.Build(opts)
				opts.Changed = nil
				if inc.Stats.Patched > 0 {
					patched++
				}
				if diff := compare(inc, fullBuild(opts)); diff != "" {
					t.Fatalf("seed %d step %d after %s (patched %d):\n%s", seed, step, did, inc.Stats.Patched, diff)
				}
			}
			t.Logf("seed %d: %d steps, %d patched", seed, steps, patched)
			if patched < steps/3 {
				t.Errorf("only %d of %d builds patched the last site", patched, steps)
			}
		})
	}
}

// TestPatchThroughTemporaryFile: an editor that saves a note through a
// temporary file (written beside it, then renamed over it) has the
// watcher report the temporary name too, which is gone by the rebuild.
// Such a save of words that name nothing still patches the last site, and
// the rebuild equals a fresh build; a reported static file, even a new
// one, is more than a note's body and builds afresh.
func TestPatchThroughTemporaryFile(t *testing.T) {
	content := benchCorpus(20)
	opts := Options{Content: content}
	b := NewBuilder()
	if first := b.Build(opts); first.Diags.HasErrors() {
		t.Fatalf("first build: %s", diagText(first))
	}
	const note = "notes/00007.md"
	steps := []struct {
		what    string
		edit    func()
		changed []string
		patched int
	}{
		{"a note saved through a temporary file", func() {
			content[note] = &fstest.MapFile{Data: append(slices.Clone(content[note].Data), "\nThe desk will follow this up.\n"...)}
		}, []string{"notes/4913", "notes/sed8Kq2xZ", note}, 1},
		{"only a temporary file", func() {}, []string{"notes/tmp-1234"}, 0},
		{"a static file saved through a temporary file", func() {
			content["static/extra.css"] = &fstest.MapFile{Data: []byte("p { color: red }\n")}
		}, []string{"static/extra.css.tmp", "static/extra.css"}, 0},
	}
	for _, s := range steps {
		s.edit()
		opts.Changed = s.changed
		inc := b.Build(opts)
		opts.Changed = nil
		if inc.Diags.HasErrors() {
			t.Fatalf("%s: %s", s.what, diagText(inc))
		}
		if inc.Stats.Patched != s.patched {
			t.Errorf("%s: %d documents patched, want %d", s.what, inc.Stats.Patched, s.patched)
		}
		if diff := compare(inc, fullBuild(opts)); diff != "" {
			t.Fatalf("%s:\n%s", s.what, diff)
		}
	}
}
