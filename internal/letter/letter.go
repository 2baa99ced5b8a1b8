// Package letter turns letter and SMS templates into text and PDF.
//
// A template is an embedded text file, templates/<lang>/<name>.tmpl, with a
// small front matter (title, subject, kind, recipient, whether the text may
// be edited) and a text/template body. Every template exists in every
// supported language (nb, da, sv, en). Templates merge a fixed type, Data, so
// that Lint rejects an unknown merge field when the templates are loaded:
// a letter template with an unknown merge field fails lint, not the letter.
//
// Compose gives the merged subject and body, for the digital mailbox and the
// preview in the UI; Preview splits the body into blocks for an HTML preview;
// PDFRenderer prints the letter on A4 paper for window envelopes.
//
// The body is plain text with three kinds of markup: a line that starts with
// "## " is a heading, a line that starts with "- " is a list item, and lines
// that start with "|" form a table whose first row is the header. Blank
// lines separate paragraphs; a single line break is kept as a line break.
// docs/letters.md describes the format and every merge field.
package letter

import (
	"errors"
	"fmt"
	"io/fs"
	"sync"
)

// Letter is one letter or SMS to compose: a template in a language, merged
// with data.
type Letter struct {
	Template string // template name, e.g. "svar_paa_soknad"
	Lang     string // nb, da, sv or en
	Data     Data
	// EditedBody, if set, replaces the merged template body: it is the text
	// the counsellor edited in the preview (DC3.6). It is used as it is, not
	// merged again, and only when the template allows editing.
	EditedBody string
}

// Renderer turns a letter into a printable document.
type Renderer interface {
	Render(l *Letter) ([]byte, error)
}

// ErrNotFound is returned, wrapped, for a template name or language that the
// set does not have.
var ErrNotFound = errors.New("letter: no such template")

// builtin loads the embedded templates once; Lint in the tests keeps them
// loadable.
var builtin = sync.OnceValues(func() (*Set, error) { return Load(FS()) })

// Default returns the set of built-in templates.
func Default() (*Set, error) { return builtin() }

// Names returns the names of the built-in templates, sorted.
func Names() []string {
	s, err := builtin()
	if err != nil {
		return nil
	}
	return s.Names()
}

// Has reports whether a built-in template has the name.
func Has(name string) bool {
	s, err := builtin()
	return err == nil && s.Has(name)
}

// Lookup returns the built-in template with the name in the language.
func Lookup(name, lang string) (*Template, bool) {
	s, err := builtin()
	if err != nil {
		return nil, false
	}
	return s.Template(name, lang)
}

// Compose merges a letter with a built-in template and returns its subject
// and body as text. An SMS has no subject.
func Compose(l *Letter) (subject, body string, err error) {
	s, err := builtin()
	if err != nil {
		return "", "", err
	}
	return s.Compose(l)
}

// Preview merges a letter with a built-in template and returns its subject
// and its body split into blocks, for an HTML preview.
func Preview(l *Letter) (subject string, blocks []Block, err error) {
	s, err := builtin()
	if err != nil {
		return "", nil, err
	}
	return s.Preview(l)
}

// Lint checks the built-in templates; see LintFS.
func Lint() []error { return LintFS(FS()) }

// LintFS loads the templates of fsys and checks them: front matter, template
// syntax, every merge field against Data, characters that a PDF or an SMS
// cannot carry, and that every template exists in every language. It returns
// nil if all is well.
func LintFS(fsys fs.FS) []error {
	_, errs := loadSet(fsys)
	return errs
}

// Load loads and lints the templates of fsys, laid out as
// <lang>/<name>.tmpl. It fails on any problem that LintFS reports, so that a
// broken template stops the start-up instead of a letter.
func Load(fsys fs.FS) (*Set, error) {
	s, errs := loadSet(fsys)
	if len(errs) > 0 {
		return nil, fmt.Errorf("letter: load templates: %w", errors.Join(errs...))
	}
	return s, nil
}

// loadSet parses and lints the templates of fsys.
func loadSet(fsys fs.FS) (*Set, []error) {
	s, errs := parseSet(fsys)
	return s, append(errs, s.lint()...)
}
