package render

import (
	"bytes"
	"io/fs"
	"testing"
	"testing/fstest"

	"brief/generator/model"
)

// TestGoLayoutMatchesTemplate: every page of several sites (root and
// project base paths, hostile titles, an author, a split timeline) is byte
// for byte the same whether the default layout is executed as a template
// or written in Go.
func TestGoLayoutMatchesTemplate(t *testing.T) {
	hostile := testSite("/r p/", `<script>"x" & 'y'</script>`+"\x00+")
	hostile.Config.Title = `Desk <b>"&'+`
	hostile.Config.Author = `A & <B>`
	hostile.Config.Language = `en"x`
	split := testSite("/repo/", plainTitle)
	manyEvents(split, TimelineSplitAt+5)
	for name, s := range map[string]*model.Site{"root": testSite("/", plainTitle), "hostile": hostile, "split": split} {
		r := newRenderer(s, Options{})
		pages := r.pages()
		set, ds := loadTemplates(Options{}, r.links)
		if len(ds) > 0 {
			t.Fatal(ds)
		}
		if !set.goLayout {
			t.Fatal("the default templates do not take the Go layout")
		}
		for _, p := range pages {
			var viaGo, viaTemplate bytes.Buffer
			set.goLayout = true
			a, errA := r.renderPage(set, p, &viaGo)
			set.goLayout = false
			b, errB := r.renderPage(set, p, &viaTemplate)
			if errA != nil || errB != nil {
				t.Fatalf("%s %s: %v, %v", name, p.file, errA, errB)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s %s differs:\n go: %s\ntmpl: %s", name, p.file, a, b)
			}
		}
	}
}

// TestUserLayoutIsExecuted: a layout of the user's own, or a page that
// defines "layout", is executed as written.
func TestUserLayoutIsExecuted(t *testing.T) {
	for name, files := range map[string]fstest.MapFS{
		"own layout":      {"_layout.html": {Data: []byte(`{{define "layout"}}MINE {{block "main" .}}{{end}}{{end}}`)}},
		"page redefines":  {"home.html": {Data: []byte(`{{define "layout"}}PAGE{{end}}{{define "main"}}x{{end}}`)}},
		"partial defines": {"_extra.html": {Data: []byte(`{{define "layout"}}PARTIAL{{end}}`)}},
	} {
		s := testSite("/", plainTitle)
		r := newRenderer(s, Options{Templates: files})
		set, _ := loadTemplates(Options{Templates: files}, r.links)
		if set.goLayout {
			t.Errorf("%s: the Go layout would replace the user's", name)
		}
	}
}

// TestDefaults: a templates folder that changes no default file renders
// as the embedded defaults; a changed file, even a partial, does not.
func TestDefaults(t *testing.T) {
	home := defaultText("home.html")
	for _, c := range []struct {
		name string
		fsys fs.FS
		want bool
	}{
		{"no folder", nil, true},
		{"an empty folder", fstest.MapFS{}, true},
		{"a copy of a default", fstest.MapFS{"home.html": {Data: []byte(home)}}, true},
		{"a changed page", fstest.MapFS{"home.html": {Data: []byte(home + " ")}}, false},
		{"a changed partial", fstest.MapFS{"_partials.html": {Data: []byte(`{{define "figures"}}{{end}}`)}}, false},
		{"a new partial", fstest.MapFS{"_mine.html": {Data: []byte(`{{define "mine"}}{{end}}`)}}, false},
	} {
		if got := Defaults(Options{Templates: c.fsys, TemplatesDir: "templates"}); got != c.want {
			t.Errorf("%s: Defaults = %v, want %v", c.name, got, c.want)
		}
	}
}
