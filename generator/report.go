package generator

import (
	"fmt"
	"io"
	"path"
	"strings"

	"brief/generator/annotate"
	"brief/generator/diag"
	"brief/generator/extract"
	"brief/generator/load"
)

// Report is what `brief extract` shows for one file (SPEC §4).
type Report struct {
	File      string  `json:"file"`
	Title     string  `json:"title"`
	Published *string `json:"published"`
	extract.Result
}

// ExtractFile runs the extract stage on one file as `brief extract` does.
// name is the path shown in the report; seedPub gives publication dates of
// seeds from annotating notes (may be nil); published, when set, overrides
// any date the file or its note gives.
func ExtractFile(name string, raw []byte, published extract.Date, seedPub map[string]extract.Date) (Report, diag.List) {
	kind := load.Seed
	if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".markdown") {
		kind = load.Note
	}
	f, ds := load.ReadFile(name, kind, raw)
	if f == nil {
		return Report{File: name}, ds
	}
	pub := published
	if pub.IsZero() {
		if kind == load.Note {
			pub = f.Front.Published
		} else {
			pub = seedPub[path.Clean(name)]
			for p, d := range seedPub {
				if strings.HasSuffix(path.Clean(name), "/"+p) {
					pub = d
				}
			}
		}
	}
	md := annotate.New(annotate.Options{})
	x := extract.New(nil)
	e := analyseOne(f, pub, md, x, false, true, nil)
	ds.Add(e.diags...)
	r := Report{File: name, Result: e.a.Result}
	if kind == load.Seed {
		r.Title = load.Headline(raw)
	} else {
		r.Title = f.Front.Title
	}
	if !pub.IsZero() {
		s := pub.String()
		r.Published = &s
	}
	normalise(&r.Result)
	return r, ds
}

// normalise makes empty lists print as [] rather than null.
func normalise(r *extract.Result) {
	if r.Countries == nil {
		r.Countries = []extract.Country{}
	}
	if r.Organisations == nil {
		r.Organisations = []extract.Organisation{}
	}
	if r.People == nil {
		r.People = []extract.Person{}
	}
	if r.Places == nil {
		r.Places = []extract.Place{}
	}
	if r.Quantities == nil {
		r.Quantities = []extract.Quantity{}
	}
	if r.Dates == nil {
		r.Dates = []extract.DateMention{}
	}
	if r.Events == nil {
		r.Events = []extract.Event{}
	}
	for i := range r.Events {
		if r.Events[i].Countries == nil {
			r.Events[i].Countries = []string{}
		}
	}
}

// WriteText prints a report for people to read.
func (r Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "%s\n", r.File)
	fmt.Fprintf(w, "  title:     %s\n", r.Title)
	if r.Published != nil {
		fmt.Fprintf(w, "  published: %s\n", *r.Published)
	} else {
		fmt.Fprintf(w, "  published: unknown (relative dates unresolved)\n")
	}
	section := func(name string, n int) bool {
		if n == 0 {
			return false
		}
		fmt.Fprintf(w, "  %s (%d)\n", name, n)
		return true
	}
	if section("countries", len(r.Countries)) {
		for _, c := range r.Countries {
			fmt.Fprintf(w, "    %s  %-28s %d\n", c.Code, c.Name, c.Mentions)
		}
	}
	if section("organisations", len(r.Organisations)) {
		for _, o := range r.Organisations {
			fmt.Fprintf(w, "    %-10s %-40s %d\n", o.ID, o.Name, o.Mentions)
		}
	}
	if section("people", len(r.People)) {
		for _, p := range r.People {
			extra := strings.Trim(strings.Join([]string{p.Title, p.Country}, ", "), ", ")
			if extra != "" {
				extra = " (" + extra + ")"
			}
			fmt.Fprintf(w, "    %s%s  %d\n", p.Name, extra, p.Mentions)
		}
	}
	if section("places", len(r.Places)) {
		for _, p := range r.Places {
			fmt.Fprintf(w, "    %s, %s\n", p.Name, p.Country)
		}
	}
	if section("figures", len(r.Quantities)) {
		for _, q := range r.Quantities {
			fmt.Fprintf(w, "    %q = %g %s  @%d\n", q.Text, q.Value, q.Unit, q.Offset)
		}
	}
	if section("dates", len(r.Dates)) {
		for _, d := range r.Dates {
			v := "unresolved"
			if d.Value != nil {
				v = *d.Value
			}
			fmt.Fprintf(w, "    %-28q -> %-10s %-5s @%d\n", d.Text, v, d.Precision, d.Offset)
		}
	}
	if section("events", len(r.Events)) {
		for _, e := range r.Events {
			mark := ""
			if e.Status == "planned" {
				mark = " [planned]"
			}
			fmt.Fprintf(w, "    %s%s %s  (sentence %d)\n      %s\n", e.Date, mark, strings.Join(e.Countries, " "), e.Sentence, e.Text)
		}
	}
}
