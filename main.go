// Command brief builds a briefing site from news articles and annotated
// Markdown. This file only parses the command line, calls the generator and
// turns its diagnostics into output and exit codes; see README.md.
package main

import (
	"os"

	// Before the libraries' initialisation: a build's heap gets huge
	// pages (see the package).
	_ "brief/internal/hugeheap"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
