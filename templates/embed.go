// Package templates holds the default template set of a brief site: the page
// layout, one template per page type, partials, robots.txt, the stylesheet,
// the script and the icon. They are embedded in the binary so that a site
// builds without a templates folder; a file of the same name in the user's templates folder
// replaces the embedded one (see README.md in this folder for the data each
// template receives).
package templates

import "embed"

// FS holds the default templates, at the root of the file system.
//
//go:embed *.html *.css *.js *.txt *.svg
var FS embed.FS
