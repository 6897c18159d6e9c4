package generator

import (
	"path"
	"strings"

	"brief/generator/load"
	"brief/generator/model"
	"brief/generator/render"
)

// documentFolders forecasts, from the loaded files alone, the folders of
// the documents' pages, as model.Build will make the documents: one per
// seed and per note that annotates no seed, drafts only when they are
// built, named by the file's base name or the slug of the note's front
// matter (for a seed, of the first note that annotates it). It does not
// look for slugs that clash, or for notes whose seed is missing, which the
// model reports as errors.
func documentFolders(files []*load.File, drafts bool) []string {
	seeds := map[string]bool{}
	for _, f := range files {
		if f.Kind == load.Seed {
			seeds[f.Path] = true
		}
	}
	isSeed := func(p string) bool { return seeds[p] }
	annotating := map[*load.File]bool{}
	noted := map[string]bool{}      // seeds with a note that is built
	seedSlug := map[string]string{} // from that note's front matter
	for _, f := range files {
		target, _ := load.Annotates(f, isSeed)
		if target == "" {
			continue
		}
		annotating[f] = true
		if f.Front.Draft && !drafts || noted[target] {
			continue
		}
		noted[target] = true
		seedSlug[target] = f.Front.Slug
	}
	folders := make([]string, 0, len(files))
	for _, f := range files {
		if f.Kind != load.Seed && f.Kind != load.Note || annotating[f] || f.Front.Draft && !drafts {
			continue
		}
		slug := f.Front.Slug
		if f.Kind == load.Seed {
			slug = seedSlug[f.Path]
		}
		if slug == "" {
			slug = model.NameSlug("document", strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path)))
		}
		if slug == "" {
			slug = "document"
		}
		folders = append(folders, render.DocumentFolder(slug))
	}
	return folders
}
