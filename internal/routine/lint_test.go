package routine

import (
	"strings"
	"testing"
)

// lintBase is a valid routine; the lint cases add steps to it.
const lintBase = `id: test
version: 1
owner: Quality coordinator
title: {nb: Test, da: Test, sv: Test, en: Test}
applies_to: [debt_counselling]
steps:
  - id: A
    kind: task
    on: case_created
    title: {nb: A, da: A, sv: A, en: A}
`

// markedLine returns the line of src that holds "# here", 1-based.
func markedLine(tb testing.TB, src string) int {
	tb.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, "# here") {
			return i + 1
		}
	}
	tb.Fatal("no # here in the case")
	return 0
}

func TestLintFindsEachErrorAtItsLine(t *testing.T) {
	title := "    title: {nb: X, da: X, sv: X, en: X}\n"
	tests := []struct {
		name  string
		steps string // appended to lintBase
		want  string // part of the message on the marked line
	}{
		{"unknown step kind", "  - id: B\n    kind: tsak # here\n    on: case_created\n" + title,
			`unknown kind "tsak"; did you mean "task"?`},
		{"unknown field (typo)", "  - id: B\n    kind: wait\n    on: case_created\n    duraton: 2 days # here\n" + title,
			`unknown field "duraton" in a step; did you mean "duration"?`},
		{"field of another kind", "  - id: B\n    kind: task\n    on: case_created\n    template: x # here\n" + title,
			"a task step has no field template"},
		{"duplicate step id", "  - id: A # here\n    kind: task\n    on: case_created\n" + title,
			"step id A is used twice (first on line 7)"},
		{"reference to an unknown step", "  - id: B\n    kind: task\n    on: {step_done: Z} # here\n" + title,
			"names step Z, which this routine does not have"},
		{"outcome the step does not have", "  - id: B\n    kind: task\n    on: {step_done: A answered} # here\n" + title,
			`step A has no outcome "answered"; its outcomes are done`},
		{"unreachable step", "  - id: B # here\n    kind: task\n    on: {step_done: C}\n" + title +
			"  - id: C\n    kind: task\n    on: {step_done: B}\n    once: true\n" + title,
			"step B can never start"},
		{"missing letter template", "  - id: B\n    kind: letter\n    on: case_created\n    to: applicant\n    template: nope # here\n" + title,
			`there is no letter or SMS template "nope"`},
		{"missing SMS template", "  - id: B\n    kind: sms\n    on: case_created\n    template: sms_nope # here\n" + title,
			`there is no letter or SMS template "sms_nope"`},
		{"wait without unit", "  - id: B\n    kind: wait\n    on: case_created\n    duration: 2 # here\n" + title,
			`duration "2" has no unit`},
		{"unparseable duration", "  - id: B\n    kind: wait\n    on: case_created\n    duration: soon # here\n" + title,
			`"soon" is not a whole number`},
		{"range in working hours", "  - id: B\n    kind: wait\n    on: case_created\n    duration: 7-8 working hours # here\n" + title,
			`a range in working hours is not supported; write one number, such as "8 working hours"`},
		{"wait without duration", "  - id: B # here\n    kind: wait\n    on: case_created\n" + title,
			"a wait needs a duration"},
		{"loop with no exit", "  - id: W # here\n    kind: wait\n    on: [{step_done: A}, {step_done: L}]\n    duration: 2 days\n" + title +
			"  - id: L\n    kind: letter\n    on: {step_done: W}\n    template: svar_paa_soknad\n    to: applicant\n" + title,
			"steps W → L form a loop with no way out"},
		{"decision without outcomes", "  - id: D # here\n    kind: decision\n    on: case_created\n" + title,
			"a decision needs outcomes"},
		{"decision outcome leading nowhere", "  - id: D\n    kind: decision\n    on: case_created\n" + title +
			"    outcomes:\n      yes: {nb: J, da: J, sv: J, en: Y} # here\n",
			"outcome yes leads nowhere"},
		{"close without reasons", "  - id: C # here\n    kind: close\n    on: case_created\n" + title,
			"a close step needs reasons"},
		{"missing title language", "  - id: B\n    kind: task\n    on: case_created\n    title: {nb: B, da: B, en: B} # here\n",
			"step B's title lacks sv"},
		{"no trigger", "  - id: B # here\n    kind: task\n" + title,
			"step B has no on: to say when it starts"},
		{"unknown event", "  - id: B\n    kind: task\n    on: case_creatd # here\n" + title,
			`unknown event "case_creatd" in on; did you mean "case_created"?`},
		{"YAML syntax: unquoted colon", "  - id: B\n    kind: task\n    on: step_done: A # here\n" + title,
			"put it in quotes or braces"},
		{"YAML syntax: question mark in a {…} title", "  - id: B\n    kind: task\n    on: case_created\n" +
			"    title: {nb: B?, da: B, sv: B, en: B} # here\n", "a {…} is not closed, or a value in it needs quotes"},
		{"YAML syntax: indenting", "  - id: B\n    kind: task\n   on: case_created # here\n" + title,
			"the indenting is off"},
		{"YAML syntax: tab", "  - id: B\n\tkind: task # here\n" + title, "indent with spaces"},
	}
	known := KnownTemplates([]string{"svar_paa_soknad"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := lintBase + tt.steps
			line := markedLine(t, src)
			errs := Check("r.yaml", []byte(src), known)
			for _, e := range errs {
				if e.Line == line && strings.Contains(e.Msg, tt.want) && e.File == "r.yaml" {
					return
				}
			}
			t.Errorf("want r.yaml:%d: …%s…; got\n%v", line, tt.want, errs)
		})
	}
}

func TestParseValid(t *testing.T) {
	r := MustParse(t, lintBase)
	if r.ID != "test" || r.Version != 1 || len(r.Steps) != 1 || r.Step("A").Line != 7 {
		t.Errorf("parsed %+v", r)
	}
}

func TestParseErrorFormat(t *testing.T) {
	_, err := Parse("bad.yaml", []byte(lintBase+"  - id: B\n    kind: wiat\n"))
	errs, ok := err.(LintErrors)
	if !ok || len(errs) == 0 {
		t.Fatalf("Parse error %T %v, want LintErrors", err, err)
	}
	if !strings.HasPrefix(err.Error(), "bad.yaml:12: step B: unknown kind") {
		t.Errorf("error %q does not start with file:line: message", err)
	}
}

func TestParseRejectsOddFiles(t *testing.T) {
	for _, src := range []string{"", "- a\n- b\n", "id: x\n\tversion: 1\n", "steps: 3\n", "*x", "steps:\n  - 1\n  - [a]\n"} {
		if _, err := Parse("odd.yaml", []byte(src)); err == nil {
			t.Errorf("Parse(%q): no error", src)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(lintBase))
	f.Add([]byte("id: x\nsteps:\n  - id: A\n    on: {step_done: A x y}\n    duration: 3-4 weeks\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("steps: [{id: A, kind: wait, on: [case_created], duration: 1-0 days, who: {role: x, unit: y}}]"))
	// Whole seed files would make the fuzzer spend its time minimising them.
	f.Add([]byte(lintBase + `  - id: W
    kind: wait
    on: [{step_done: A}, {contact_logged: answered}]
    duration: 3-4 weeks
    cancelled_by: [document_received, {status_changed: F}]
    title: {nb: W, da: W, sv: W, en: W}
  - id: D
    kind: decision
    on: {step_cancelled: W document_received}
    outcomes:
      ok: {nb: J, da: J, sv: J, en: Y}
    title: {nb: D, da: D, sv: D, en: D}
  - id: L
    kind: letter
    on: {step_done: D ok}
    template: t
    attachments: [u]
    to: [applicant, creditors]
    editable: true
    title: {nb: L, da: L, sv: L, en: L}
`))
	f.Fuzz(func(t *testing.T, src []byte) {
		r, err := Parse("fuzz.yaml", src)
		if (r == nil) == (err == nil) {
			t.Fatalf("Parse returned routine %v and error %v", r != nil, err)
		}
		for _, e := range Check("fuzz.yaml", src, func(string) bool { return false }) {
			if e.Line < 1 || e.Msg == "" {
				t.Fatalf("lint error without line or message: %+v", e)
			}
		}
	})
}
