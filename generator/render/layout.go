package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"

	"brief/templates"
)

// Every page goes through the layout, and executing it through
// html/template costs dozens of reflective calls per page: on a site of
// many thousand documents, more than the pages' own content. When the
// layout is the embedded default, and no other template redefines it,
// renderPage writes it in Go (layoutTop, layoutMiddle, layoutBottom) and
// executes only the page's "head" and "main" templates.
// TestGoLayoutMatchesTemplate holds the two byte-identical on every page
// of several sites; a user's own layout is always executed as written.

// defaultLayout is the embedded _layout.html.
var defaultLayout = func() string {
	b, err := fs.ReadFile(templates.FS, "_layout.html")
	if err != nil {
		return ""
	}
	return string(b)
}()

// isDefaultLayout reports whether the page layout of files is the
// embedded default, which the Go layout writes.
func isDefaultLayout(files map[string]templateFile) bool {
	f, ok := files["_layout.html"]
	if !ok || defaultLayout == "" || f.text != defaultLayout {
		return false
	}
	for name, f := range files {
		if name != "_layout.html" && strings.HasSuffix(name, ".html") && strings.Contains(f.text, `"layout"`) {
			return false
		}
	}
	return true
}

// executeWithLayout writes page p as executing "layout" would, with the
// default layout written in Go around t's "head" and "main". main, when
// set, writes "main" instead of t.
func (r *renderer) executeWithLayout(t *template.Template, main goMain, buf *bytes.Buffer, p *Page) error {
	r.layoutTop(buf, p)
	if h := t.Lookup("head"); h != nil && !emptyTemplate(h) {
		if err := t.ExecuteTemplate(buf, "head", p); err != nil {
			return err
		}
	}
	r.layoutMiddle(buf, p)
	if main != nil {
		main(r, buf, p)
	} else if t.Lookup("main") != nil {
		if err := t.ExecuteTemplate(buf, "main", p); err != nil {
			return err
		}
	}
	r.layoutBottom(buf, p)
	return nil
}

// emptyTemplate reports whether t writes nothing: the layout's empty
// "head" block, which most pages keep.
func emptyTemplate(t *template.Template) bool {
	return t.Tree != nil && t.Tree.Root != nil && len(t.Tree.Root.Nodes) == 0
}

// layoutTop is the layout up to the "head" block.
func (r *renderer) layoutTop(b htmlOut, p *Page) {
	cfg := &p.Site.Config
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	escText(b, r.lang())
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if p.Title != "" {
		escText(b, p.Title)
		b.WriteString(" · ")
	}
	escText(b, cfg.Title)
	b.WriteString("</title>")
	if p.Description != "" {
		b.WriteString("\n<meta name=\"description\" content=\"")
		escText(b, p.Description)
		b.WriteString("\">")
	}
	b.WriteString("\n<meta name=\"color-scheme\" content=\"light dark\">")
	if p.Kind != "404" {
		b.WriteString("\n<link rel=\"canonical\" href=\"")
		escURL(b, r.abs(p.URL))
		b.WriteString("\">")
	}
	b.WriteString("\n<link rel=\"icon\" href=\"")
	r.writeLink(b, "assets/icon.svg")
	b.WriteString("\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"")
	r.writeLink(b, "assets/style.css")
	b.WriteString("\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
	escText(b, cfg.Title)
	b.WriteString("\" href=\"")
	r.writeLink(b, "feed.xml")
	b.WriteString("\">\n<script src=\"")
	r.writeLink(b, "assets/site.js")
	b.WriteString("\" defer></script>")
}

// layoutMiddle is the layout from the "head" block to the "main" block.
func (r *renderer) layoutMiddle(b htmlOut, p *Page) {
	b.WriteString("\n</head>\n<body class=\"page-")
	escText(b, p.Kind)
	b.WriteString("\">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n<div class=\"wrap masthead\">\n<p class=\"site-title\"><a href=\"")
	escURL(b, r.url(""))
	b.WriteByte('"')
	if p.Kind == "home" {
		b.WriteString(` aria-current="page"`)
	}
	b.WriteByte('>')
	escText(b, p.Site.Config.Title)
	b.WriteString("</a></p>")
	if p.Kind != "404" {
		b.WriteString("\n<p class=\"print-only\">")
		escText(b, r.abs(p.URL))
		b.WriteString("</p>")
	}
	b.WriteString("\n</div>\n<nav class=\"site-nav\" aria-label=\"Main\">\n<ul class=\"wrap\">\n")
	r.writeNavLinks(b, p)
	b.WriteString("\n</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n<div class=\"wrap\">\n")
}

// layoutBottom is the layout after the "main" block.
func (r *renderer) layoutBottom(b htmlOut, p *Page) {
	cfg := &p.Site.Config
	b.WriteString("\n</div>\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p>")
	escText(b, cfg.Title)
	if cfg.Author != "" {
		b.WriteString(" · ")
		escText(b, cfg.Author)
	}
	b.WriteString(". Every fact links to the sentence it came from.</p>\n<p><a href=\"")
	r.writeLink(b, "feed.xml")
	b.WriteString("\">Atom feed</a> · Open data: <a href=\"")
	r.writeLink(b, "api/events.json")
	b.WriteString("\">events</a>, <a href=\"")
	r.writeLink(b, "api/countries.json")
	b.WriteString("\">countries</a>, <a href=\"")
	r.writeLink(b, "api/timeline.json")
	b.WriteString("\">timeline</a> · Map outlines: Natural Earth (public domain)</p>\n</div>\n</footer>\n</body>\n</html>\n")
}
