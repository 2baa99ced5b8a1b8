package letter

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"text/template"
)

//go:embed templates
var embedded embed.FS

// FS returns the built-in templates, laid out as <lang>/<name>.tmpl.
func FS() fs.FS {
	sub, err := fs.Sub(embedded, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// Kind says whether a template is a letter or an SMS.
type Kind string

// The kinds of template.
const (
	KindLetter Kind = "letter"
	KindSMS    Kind = "sms"
)

// Audience says who a template is written to.
type Audience string

// The audiences of templates.
const (
	ToCitizen  Audience = "citizen"
	ToCreditor Audience = "creditor"
)

// Template is one template in one language.
type Template struct {
	Name      string   // file name without extension, e.g. "svar_paa_soknad"
	Lang      string   // nb, da, sv or en
	Title     string   // what staff see in the template list
	Kind      Kind     // letter or SMS
	To        Audience // the citizen or a creditor
	Editable  bool     // the counsellor may edit the text before sending (DC3.6)
	Signature bool     // a letter ends with the counsellor's signature block
	Steps     []string // the routine steps that send it, e.g. "DC2.4"
	// Attachments are the titles of the documents sent with a letter,
	// listed under the signature.
	Attachments []string

	path     string // lang/name.tmpl, for error messages
	src      string // the file, for lint
	bodyLine int    // the line the body starts on
	subject  *template.Template
	body     *template.Template
}

// Set is a loaded set of templates, each in every language.
type Set struct {
	byName map[string]map[string]*Template // name → lang → template
}

// Names returns the names of the set's templates, sorted.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.byName))
	for n := range s.byName {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Has reports whether the set has a template with the name.
func (s *Set) Has(name string) bool { _, ok := s.byName[name]; return ok }

// Template returns the template with the name in the language.
func (s *Set) Template(name, lang string) (*Template, bool) {
	t, ok := s.byName[name][lang]
	return t, ok
}

// lookup returns the template a letter names, or an error wrapping
// ErrNotFound.
func (s *Set) lookup(name, lang string) (*Template, error) {
	if t, ok := s.Template(name, lang); ok {
		return t, nil
	}
	return nil, fmt.Errorf("%w: %q in language %q", ErrNotFound, name, lang)
}

var fileName = regexp.MustCompile(`^([a-z]{2})/([a-z0-9_]+)\.tmpl$`)

// parseSet parses every template file of fsys. It returns the templates that
// parsed and an error for each that did not.
func parseSet(fsys fs.FS) (*Set, []error) {
	s := &Set{byName: map[string]map[string]*Template{}}
	var errs []error
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		t, err := parseFile(fsys, p)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if s.byName[t.Name] == nil {
			s.byName[t.Name] = map[string]*Template{}
		}
		s.byName[t.Name][t.Lang] = t
		return nil
	})
	if err != nil {
		errs = append(errs, fmt.Errorf("letter: read templates: %w", err))
	}
	return s, errs
}

// parseFile reads and parses one template file.
func parseFile(fsys fs.FS, p string) (*Template, error) {
	m := fileName.FindStringSubmatch(p)
	if m == nil || !slices.Contains(langs, m[1]) {
		return nil, fmt.Errorf("%s: not a template: want <lang>/<name>.tmpl with lang one of %s", p,
			strings.Join(langs, ", "))
	}
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, fmt.Errorf("letter: %w", err)
	}
	fm, err := parseFrontMatter(p, string(src))
	if err != nil {
		return nil, err
	}
	t := &Template{Name: m[2], Lang: m[1], path: p, src: string(src), bodyLine: fm.bodyLine}
	if err := fm.apply(t); err != nil {
		return nil, err
	}
	return t, t.parse(fm)
}

// parse parses the subject and body templates. Each is padded with blank
// lines to where it starts in the file, so that the line numbers of parse
// and execution errors are the file's; Compose trims the padding.
func (t *Template) parse(fm *frontMatter) error {
	var err error
	subject := strings.Repeat("\n", fm.subjectLine-1) + fm.values["subject"]
	if t.subject, err = newTemplate(t.path, subject); err != nil {
		return err
	}
	body := strings.Repeat("\n", fm.bodyLine-1) + fm.body
	t.body, err = newTemplate(t.path, body)
	return err
}

// newTemplate parses text as a template that fails on a missing key. A
// template may not define or include other templates: each file stands
// alone, so that lint sees all of it.
func newTemplate(name, text string) (*template.Template, error) {
	tt, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, err
	}
	if len(tt.Templates()) > 1 {
		return nil, fmt.Errorf("%s: define, block and template actions are not supported", name)
	}
	return tt, nil
}

// String returns the template's file, lang/name.tmpl.
func (t *Template) String() string { return t.path }
