package letter

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// lint checks the parsed templates of a set; see LintFS.
func (s *Set) lint() []error {
	var errs []error
	for _, name := range s.Names() {
		errs = append(errs, s.lintName(name)...)
		for _, lang := range langs {
			if t, ok := s.Template(name, lang); ok {
				errs = append(errs, s.lintTemplate(t)...)
			}
		}
	}
	return errs
}

// lintName checks that a template exists in every language, with the same
// kind, audience and editing rule in each.
func (s *Set) lintName(name string) []error {
	var errs []error
	var first *Template
	for _, lang := range langs {
		t, ok := s.Template(name, lang)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s/%s.tmpl: missing: every template exists in %s",
				lang, name, strings.Join(langs, ", ")))
		case first == nil:
			first = t
		case t.Kind != first.Kind || t.To != first.To || t.Editable != first.Editable ||
			t.Signature != first.Signature || !slices.Equal(t.Steps, first.Steps) ||
			len(t.Attachments) != len(first.Attachments):
			errs = append(errs, fmt.Errorf("%s: kind, to, editable, signature, steps or attachments differ from %s",
				t.path, first.path))
		}
	}
	return errs
}

// lintTemplate checks one template: its merge fields, its characters, and
// that it merges with sample data and with data that has only a date.
func (s *Set) lintTemplate(t *Template) []error {
	errs := append(checkFields(t.subject), checkFields(t.body)...)
	errs = append(errs, t.lintText()...)
	if len(errs) > 0 {
		return errs // merging would repeat the same errors
	}
	for _, d := range []Data{Sample(t.To), {Today: Sample(t.To).Today}} {
		if _, err := s.compose(&Letter{Template: t.Name, Lang: t.Lang, Data: d}); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

var email = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+`)

// lintText checks a template file line by line: a letter must print in the
// PDF's fonts, an SMS body must be in the GSM alphabet so that only merged
// data can make it longer, and no template gives an e-mail address.
func (t *Template) lintText() []error {
	var errs []error
	lines := strings.Split(strings.ReplaceAll(t.src, "\r\n", "\n"), "\n")
	for i, line := range lines {
		n := i + 1
		if email.MatchString(line) {
			errs = append(errs, fmt.Errorf("%s:%d: an e-mail address: letters point to the secure message channel (FD2.5)",
				t.path, n))
		}
		if r, ok := badRune(line, t.Kind == KindSMS && n >= t.bodyLine); !ok {
			errs = append(errs, fmt.Errorf("%s:%d: character %q (%U) %s", t.path, n, r, r, badRuneReason(t.Kind)))
		}
	}
	if strings.TrimSpace(strings.Join(lines[min(t.bodyLine-1, len(lines)):], "")) == "" {
		errs = append(errs, fmt.Errorf("%s: the body is empty", t.path))
	}
	return errs
}

// badRune returns the first character of line that cannot be sent: outside
// Windows-1252, or for an SMS outside the GSM alphabet.
func badRune(line string, sms bool) (rune, bool) {
	for _, r := range line {
		if !inCP1252(r) {
			return r, false
		}
		if _, ok := gsmSeptets(string(r)); sms && !ok {
			return r, false
		}
	}
	return 0, true
}

// badRuneReason says why a character is refused in a template of a kind.
func badRuneReason(k Kind) string {
	if k == KindSMS {
		return "is not in the GSM alphabet and would make the SMS UCS-2, with 67 characters a segment"
	}
	return "cannot be printed with the PDF's fonts (Windows-1252)"
}
