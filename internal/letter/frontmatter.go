package letter

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// frontMatter is the head of a template file between two "---" lines:
// one "key: value" per line.
//
//	---
//	title: Svar på søknad om gjeldsrådgivning
//	subject: Svar på søknad om gjeldsrådgivning
//	kind: letter
//	to: citizen
//	editable: true
//	steps: DC2.4 DC2.6
//	attachments: Vedlegg til svar på søknad, Fullmakt
//	---
type frontMatter struct {
	path        string
	values      map[string]string
	lines       map[string]int // key → line number
	subjectLine int            // line of the subject, or of the closing "---" if none
	body        string
	bodyLine    int // line the body starts on
}

// frontMatterKeys are the keys a front matter may have; check requires
// title and to.
var frontMatterKeys = map[string]bool{
	"title": true, "to": true, "subject": true, "kind": true, "editable": true,
	"signature": true, "steps": true, "attachments": true,
}

// parseFrontMatter splits a template file into its front matter and body.
func parseFrontMatter(path, src string) (*frontMatter, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	lines := strings.Split(src, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return nil, fmt.Errorf("%s:1: a template starts with a front matter between two \"---\" lines", path)
	}
	fm := &frontMatter{path: path, values: map[string]string{}, lines: map[string]int{}}
	for i := 1; i < len(lines); i++ {
		n := i + 1
		if strings.TrimSpace(lines[i]) == "---" {
			fm.body, fm.bodyLine = strings.Join(lines[i+1:], "\n"), n+1
			if fm.subjectLine == 0 {
				fm.subjectLine = n
			}
			return fm, fm.check()
		}
		if err := fm.add(lines[i], n); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%s: the front matter has no closing \"---\" line", path)
}

// add adds one "key: value" line of the front matter.
func (fm *frontMatter) add(line string, n int) error {
	if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
		return nil
	}
	key, value, ok := strings.Cut(line, ":")
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if !ok || !frontMatterKeys[key] {
		return fmt.Errorf("%s:%d: unknown front matter line %q", fm.path, n, line)
	}
	if _, dup := fm.values[key]; dup {
		return fmt.Errorf("%s:%d: %s is set twice", fm.path, n, key)
	}
	fm.values[key], fm.lines[key] = value, n
	if key == "subject" {
		fm.subjectLine = n
	}
	return nil
}

// check reports a missing required key.
func (fm *frontMatter) check() error {
	for _, key := range []string{"title", "to"} {
		if fm.values[key] == "" {
			return fmt.Errorf("%s: the front matter needs %s", fm.path, key)
		}
	}
	return nil
}

var stepID = regexp.MustCompile(`^[A-Z]{2}[0-9]+(\.[0-9]+)?$`)

// apply sets the template's properties from the front matter.
func (fm *frontMatter) apply(t *Template) error {
	t.Title, t.Kind, t.To = fm.values["title"], Kind(fm.value("kind", "letter")), Audience(fm.values["to"])
	if t.Kind != KindLetter && t.Kind != KindSMS {
		return fm.errorf("kind", "kind is letter or sms, not %q", t.Kind)
	}
	if t.To != ToCitizen && t.To != ToCreditor {
		return fm.errorf("to", "to is citizen or creditor, not %q", t.To)
	}
	if t.Kind == KindSMS && fm.values["subject"] != "" {
		return fm.errorf("subject", "an SMS has no subject")
	}
	if t.Kind == KindLetter && fm.values["subject"] == "" {
		return fm.errorf("title", "a letter needs a subject")
	}
	var err error
	if t.Editable, err = fm.bool("editable", false); err != nil {
		return err
	}
	if t.Signature, err = fm.bool("signature", t.Kind == KindLetter); err != nil {
		return err
	}
	t.Attachments = splitList(fm.values["attachments"])
	t.Steps = strings.Fields(fm.values["steps"])
	for _, s := range t.Steps {
		if !stepID.MatchString(s) {
			return fm.errorf("steps", "%q is not a routine step ID such as DC2.4", s)
		}
	}
	return nil
}

// value returns a key's value, or def if it is not set.
func (fm *frontMatter) value(key, def string) string {
	if v, ok := fm.values[key]; ok {
		return v
	}
	return def
}

// bool returns a key's value as a boolean, or def if it is not set.
func (fm *frontMatter) bool(key string, def bool) (bool, error) {
	v, ok := fm.values[key]
	if !ok {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fm.errorf(key, "%s is true or false, not %q", key, v)
	}
	return b, nil
}

// errorf returns an error at the line of a front matter key.
func (fm *frontMatter) errorf(key, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", fm.path, fm.lines[key], fmt.Sprintf(format, args...))
}

// splitList splits a comma-separated list and trims its items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
