package letter

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"text/template"
)

// composed is a letter merged with its template.
type composed struct {
	tmpl    *Template
	data    Data // localized
	subject string
	body    string
}

// Compose merges a letter with its template in s and returns its subject and
// body as text. An SMS has no subject; an SMS longer than MaxSMSSegments
// segments is an error.
func (s *Set) Compose(l *Letter) (subject, body string, err error) {
	c, err := s.compose(l)
	if err != nil {
		return "", "", err
	}
	return c.subject, c.body, nil
}

// Preview merges a letter with its template in s and returns its subject and
// its body split into blocks, for an HTML preview.
func (s *Set) Preview(l *Letter) (subject string, blocks []Block, err error) {
	c, err := s.compose(l)
	if err != nil {
		return "", nil, err
	}
	return c.subject, Blocks(c.body), nil
}

// compose merges a letter with its template.
func (s *Set) compose(l *Letter) (*composed, error) {
	if l == nil {
		return nil, errors.New("letter: compose: no letter")
	}
	t, err := s.lookup(l.Template, l.Lang)
	if err != nil {
		return nil, err
	}
	if err := checkData(t, &l.Data); err != nil {
		return nil, err
	}
	d, err := l.Data.localized(l.Lang)
	if err != nil {
		return nil, err
	}
	c := &composed{tmpl: t, data: d}
	if c.subject, err = execute(t.subject, d); err != nil {
		return nil, err
	}
	c.subject = strings.Join(strings.Fields(c.subject), " ")
	if c.body, err = t.composeBody(l, d); err != nil {
		return nil, err
	}
	return c, t.checkSMS(c.body)
}

// composeBody returns the merged body, or the edited body if the letter has
// one and the template allows editing.
func (t *Template) composeBody(l *Letter, d Data) (string, error) {
	if l.EditedBody == "" {
		body, err := execute(t.body, d)
		return normalize(body), err
	}
	if !t.Editable {
		return "", fmt.Errorf("letter: %s may not be edited before sending", t.path)
	}
	return normalize(l.EditedBody), nil
}

// checkData refuses data that a template cannot be merged with safely.
func checkData(t *Template, d *Data) error {
	if d.Today.IsZero() {
		return fmt.Errorf("letter: %s: Data.Today, the letter's date, is not set", t.path)
	}
	// A creditor letter addressed to a protected citizen's address would
	// print it in the envelope window.
	if t.To == ToCreditor && d.Citizen.Protected && d.Citizen.Address.String() != "" &&
		d.Recipient.Address == d.Citizen.Address {
		return fmt.Errorf("letter: %s: a creditor letter may not be addressed to a protected citizen", t.path)
	}
	return nil
}

// checkSMS refuses an SMS that does not fit in MaxSMSSegments segments.
func (t *Template) checkSMS(body string) error {
	if t.Kind != KindSMS {
		return nil
	}
	if n := SMSSegments(body); n > MaxSMSSegments {
		return fmt.Errorf("letter: %s: the SMS needs %d segments, at most %d are allowed", t.path, n, MaxSMSSegments)
	}
	return nil
}

// execute merges a template with data.
func execute(t *template.Template, d Data) (string, error) {
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		return "", fmt.Errorf("letter: %w", err)
	}
	return b.String(), nil
}

var blankLines = regexp.MustCompile(`\n{3,}`)

// normalize makes a body's line breaks "\n", removes trailing spaces and
// runs of blank lines, and trims it.
func normalize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRight(line, " \t")
	}
	s = blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return strings.TrimSpace(s)
}
