package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/routine"
)

// writeFile writes a file in a fresh temporary folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const brokenRoutine = `id: broken
version: 1
owner: Quality
title: {nb: B, da: B, sv: B, en: B}
applies_to: [debt_counselling]
steps:
  - id: A
    kind: wiat
    on: case_created
    title: {nb: A, da: A, sv: A, en: A}
  - id: B
    kind: letter
    on: case_created
    template: no_such_template
    to: applicant
    title: {nb: B, da: B, sv: B, en: B}
`

func TestRoutineLintBrokenFile(t *testing.T) {
	p := writeFile(t, "broken.yaml", brokenRoutine)
	status, out, _ := runCmd(t, "routine", "lint", p)
	if status != 1 {
		t.Errorf("exit status %d, want 1", status)
	}
	for _, want := range []string{
		p + `:8: step A: unknown kind "wiat"; did you mean "wait"?`,
		p + `:14: step B: there is no letter or SMS template "no_such_template"`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	line := regexp.MustCompile(`^.+\.yaml:\d+: .+$`)
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !line.MatchString(l) {
			t.Errorf("line %q is not file:line: message", l)
		}
	}
}

func TestRoutineLintSeeds(t *testing.T) {
	status, out, errOut := runCmd(t, "routine", "lint")
	if status != 0 {
		t.Fatalf("exit status %d:\n%s%s", status, out, errOut)
	}
	for _, f := range []string{"cg", "dc", "dm", "dn", "fd"} {
		if !strings.Contains(out, "routines/"+f+".yaml: ok") {
			t.Errorf("output lacks %s.yaml: ok:\n%s", f, out)
		}
	}
}

func TestSeedTemplatesExist(t *testing.T) {
	for _, name := range routine.TemplateNames() {
		if !letter.Has(name) {
			t.Errorf("the shipped routines use template %s, which the letter package lacks", name)
		}
	}
}

func TestRoutineLintTemplatesFlag(t *testing.T) {
	p := writeFile(t, "r.yaml", strings.Replace(brokenRoutine, "wiat", "task", 1))
	if status, out, _ := runCmd(t, "routine", "lint", p, "--templates", "no_such_template"); status != 0 {
		t.Errorf("exit status %d with the template made known:\n%s", status, out)
	}
}

func TestRoutineShow(t *testing.T) {
	status, out, errOut := runCmd(t, "routine", "show", "debt_counselling", "--lang", "nb")
	if status != 0 {
		t.Fatalf("exit status %d: %s", status, errOut)
	}
	seeds, err := routine.Seeds()
	if err != nil {
		t.Fatal(err)
	}
	version := 0
	for _, r := range seeds {
		if r.ID == "debt_counselling" {
			version = r.Version
		}
	}
	for _, want := range []string{"Gjeldsrådgivning – saksbehandling", fmt.Sprintf("versjon %d", version), "DC2.6", "Ikke svar – vent minst 2 virkedager"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q", want)
		}
	}
	if status, _, _ := runCmd(t, "routine", "show", "dc", "--lang", "en"); status != 0 {
		t.Errorf("show by file name: exit %d", status)
	}
	if status, _, _ := runCmd(t, "routine", "show", "no_such"); status != 1 {
		t.Errorf("show of an unknown routine: exit %d, want 1", status)
	}
}

const scenario = `start: 2026-12-21T09:00
until: 2027-01-05T00:00
events:
  - {at: 2026-12-21T10:00, kind: step_done, step: DC2.1, outcome: unresolved_matters, by: eg}
  - {at: 2026-12-22T10:00, kind: contact_logged, outcome: not_answered}
  - {at: 2026-12-23T14:00, kind: contact_logged, outcome: not_answered}
`

func TestRoutineSimulate(t *testing.T) {
	sc := writeFile(t, "scenario.yaml", scenario)
	t.Run("DC2.6 table, 24 Dec closed: letter on Tue 29 Dec", func(t *testing.T) {
		status, out, errOut := runCmd(t, "routine", "simulate", "debt_counselling", sc, "--closed", "2026-12-24", "--format", "table")
		if status != 0 {
			t.Fatalf("exit %d: %s", status, errOut)
		}
		if !regexp.MustCompile(`Tue 2026-12-29 08:00 +→ send_letter +DC2.6-letter`).MatchString(out) {
			t.Errorf("table lacks the letter on 29 Dec:\n%s", out)
		}
	})
	t.Run("DC2.6 JSON lines, 24 Dec open: letter on Mon 28 Dec", func(t *testing.T) {
		status, out, errOut := runCmd(t, "routine", "simulate", "debt_counselling", sc)
		if status != 0 {
			t.Fatalf("exit %d: %s", status, errOut)
		}
		found := false
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var m struct {
				At     string
				Action *struct{ Kind, Step string }
			}
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			if m.Action != nil && m.Action.Step == "DC2.6-letter" {
				found = strings.HasPrefix(m.At, "2026-12-28T08:00:00+01:00")
			}
		}
		if !found {
			t.Errorf("no letter on 28 Dec in\n%s", out)
		}
	})
	t.Run("bad scenario", func(t *testing.T) {
		bad := writeFile(t, "bad.yaml", "start: soon\n")
		if status, _, errOut := runCmd(t, "routine", "simulate", "dc", bad); status != 1 || !strings.Contains(errOut, "bad.yaml") {
			t.Errorf("exit %d, stderr %q", status, errOut)
		}
	})
}

func TestRoutineUsage(t *testing.T) {
	for _, args := range [][]string{{"routine"}, {"routine", "frob"}, {"routine", "show"},
		{"routine", "simulate", "dc"}, {"routine", "simulate", "dc", "x", "--format", "xml"}} {
		if status, _, _ := runCmd(t, args...); status != 2 {
			t.Errorf("%v: exit %d, want 2", args, status)
		}
	}
}
