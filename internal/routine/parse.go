package routine

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// LintError is one problem in a routine file, at a line (1-based; 0 when
// the routine was not read from a file).
type LintError struct {
	File string
	Line int
	Msg  string
}

// Error returns the problem as file:line: message.
func (e LintError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// LintErrors are the problems of a routine, in line order.
type LintErrors []LintError

// Error returns the problems one per line.
func (es LintErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sort orders the problems by line and drops repeated ones.
func (es LintErrors) sort() LintErrors {
	slices.SortStableFunc(es, func(a, b LintError) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Msg, b.Msg)
	})
	return slices.Compact(es)
}

// Parse reads a routine file and checks it with Lint, without checking
// that its templates exist (Check does). name is the file name used in
// messages. On any problem it returns a nil routine and LintErrors.
func Parse(name string, src []byte) (*Routine, error) {
	r, errs := check(name, src, nil)
	if len(errs) > 0 {
		return nil, errs
	}
	return r, nil
}

// Check reads a routine file and returns all of its problems, including
// letter and SMS templates for which known returns false (none if known is
// nil). It never panics, whatever src holds.
func Check(name string, src []byte, known func(string) bool) LintErrors {
	_, errs := check(name, src, known)
	return errs
}

// check decodes src and lints what it could decode.
func check(name string, src []byte, known func(string) bool) (r *Routine, errs LintErrors) {
	defer func() {
		if p := recover(); p != nil {
			r, errs = nil, LintErrors{{File: name, Line: 1, Msg: fmt.Sprintf("the file cannot be read: %v", p)}}
		}
	}()
	r, errs = decode(name, src)
	if r != nil {
		errs = append(errs, Lint(r, known)...)
	}
	if len(errs) > 0 {
		return nil, errs.sort()
	}
	return r, nil
}

// yamlLine finds the line in a YAML syntax error.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlHints turns the YAML library's wording into advice.
var yamlHints = map[string]string{
	"mapping values are not allowed in this context": "a value holds a colon; put it in quotes or braces, " +
		"as in on: {step_done: DC2.2}",
	"found character that cannot start any token": "a character here cannot start a value " +
		"(a tab used for indenting? indent with spaces)",
	"did not find expected key": "the indenting is off, or a quote or bracket is not closed",
	"did not find expected ',' or '}'": "a {…} is not closed, or a value in it needs quotes " +
		"(a value holding ? : , [ ] { } or #)",
	"did not find expected ',' or ']'": "a […] is not closed, or a value in it needs quotes " +
		"(a value holding ? : , [ ] { } or #)",
	"did not find expected '-' indicator":             "the indenting is off: this line is not in line with the lines above it",
	"found a tab character that violates indentation": "a tab is used for indenting; indent with spaces",
}

// decode parses src into a routine. It returns nil if the file is no YAML
// mapping at all.
func decode(name string, src []byte) (*Routine, LintErrors) {
	d := &decoder{file: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		d.syntaxError(err, src)
		return nil, d.errs
	}
	if len(doc.Content) == 0 {
		d.errorf(1, "the file is empty; a routine starts with id:, version:, owner:, title: and steps:")
		return nil, d.errs
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		d.errorf(root.Line, "a routine file must be a mapping of id:, version:, owner:, title:, applies_to: and steps:")
		return nil, d.errs
	}
	r := &Routine{File: name, lines: map[string]int{}}
	d.fields(root, "the routine", routineFields, func(key string, v *yaml.Node) {
		r.lines[key] = v.Line
		d.routineField(r, key, v)
	})
	r.index()
	return r, d.errs
}

// syntaxError reports a YAML syntax error at its line.
func (d *decoder) syntaxError(err error, src []byte) {
	msg, line := err.Error(), 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		line = firstBadLine(src, line)
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if hint, ok := yamlHints[msg]; ok {
		msg = hint
	}
	d.errorf(line, "%s", msg)
}

// firstBadLine returns the first line at or after from whose end the file
// no longer parses. The YAML library reports where the enclosing mapping
// or list starts, often the line before the mistake; the mistake is where
// the file stops parsing.
func firstBadLine(src []byte, from int) int {
	lines := strings.SplitAfter(string(src), "\n")
	for n := max(from, 1); n <= len(lines) && n < from+100; n++ {
		var node yaml.Node
		if yaml.Unmarshal([]byte(strings.Join(lines[:n], "")), &node) != nil {
			return n
		}
	}
	return max(from, 1)
}

// routineFields are the fields of a routine file's top level.
var routineFields = []string{"id", "version", "owner", "title", "applies_to", "steps"}

// routineField decodes one top-level field.
func (d *decoder) routineField(r *Routine, key string, v *yaml.Node) {
	switch key {
	case "id":
		r.ID = d.str(v, key)
	case "version":
		r.Version = d.integer(v, key)
	case "owner":
		r.Owner = d.str(v, key)
	case "title":
		r.Title = d.text(v, key)
	case "applies_to":
		r.AppliesTo = d.strList(v, key)
	case "steps":
		d.steps(r, v)
	}
}

// steps decodes the list of steps.
func (d *decoder) steps(r *Routine, v *yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		d.errorf(v.Line, "steps must be a list, each step starting with \"- id:\"")
		return
	}
	for _, n := range v.Content {
		if s := d.step(resolve(n)); s != nil {
			r.Steps = append(r.Steps, s)
		}
	}
}
