package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"brief/generator/extract"
	"brief/generator/load"
)

// runNew scaffolds a content file: a note, a country profile or an entity
// profile, with the front matter filled in. It never overwrites a file.
func runNew(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("new", "brief new note|country|entity NAME [--content DIR] [--kind org|person]", stderr)
	content := fl.String("content", "content", "content `folder`")
	kind := fl.String("kind", "org", "for an entity: org or person")
	// Flags may follow the arguments: "brief new note Title --content x".
	var pos []string
	for len(args) > 0 {
		if code, ok := parse(fl, args, stdout, stderr); !ok {
			return code
		}
		if fl.NArg() == 0 {
			break
		}
		pos = append(pos, fl.Arg(0))
		args = fl.Args()[1:]
	}
	if len(pos) < 2 {
		fmt.Fprintln(stderr, "brief new: say what to create and its name, e.g. brief new note \"Border clashes\"")
		printUsage(fl, stderr)
		return exitUsage
	}
	what, name := pos[0], strings.Join(pos[1:], " ")
	var rel, body string
	switch what {
	case "note":
		today := time.Now().Format("2006-01-02")
		rel = filepath.Join("notes", today+"-"+load.Slugify(name)+".md")
		body = fmt.Sprintf("---\ntitle: %q\npublished: %s\nsummary: \"\"\ncountries: []\ntags: []\n---\n\nWrite the note here. Link profiles with [[Tajikistan]], mark spans with\n[text]{date=2025-05-28} or [Jordan]{ignore}.\n", name, today)
	case "country":
		info, ok := extract.LookupCountry(name)
		if !ok {
			for _, c := range extract.CountryData() {
				if strings.EqualFold(c.Name, name) || strings.EqualFold(c.Official, name) {
					info, ok = c, true
				}
			}
		}
		if !ok {
			fmt.Fprintf(stderr, "brief new: no country is called or coded %q\n", name)
			return exitUsage
		}
		rel = filepath.Join("countries", info.Code+".md")
		body = fmt.Sprintf("---\ntitle: %q\n---\n\nThe editor's profile of %s: its place in the briefing, with a footnote\nsource for every fact.[^1]\n\n[^1]: [Source title](https://example.org/), publisher.\n", info.Name, info.Name)
	case "entity":
		if *kind != "org" && *kind != "person" {
			fmt.Fprintf(stderr, "brief new: --kind must be org or person, not %q\n", *kind)
			return exitUsage
		}
		rel = filepath.Join("entities", load.Slugify(name)+".md")
		extra := "id: " + load.Slugify(name) + "\naliases: []\nmembers: []\n"
		if *kind == "person" {
			extra = "aliases: []\ncountry: \"\"\nrole: \"\"\n"
		}
		body = fmt.Sprintf("---\nkind: %s\nname: %q\n%s---\n\nWho or what %s is, with sources.\n", *kind, name, extra, name)
	default:
		fmt.Fprintf(stderr, "brief new: can create a note, country or entity, not %q\n", what)
		return exitUsage
	}
	p := filepath.Join(*content, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fmt.Fprintf(stderr, "brief new: %v\n", err)
		return exitContent
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "brief new: %s already exists; not overwritten\n", p)
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "brief new: %v\n", err)
		return exitContent
	}
	_, err = io.WriteString(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "brief new: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "created %s\n", filepath.ToSlash(p))
	return exitOK
}
