package routine

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Recipients are the letter and SMS recipients, named by their party role
// on the case.
var Recipients = []string{"applicant", "creditors", "partner_agency"}

// Channels are the letter channels: by_reservation sends to the digital mailbox unless the
// citizen has reserved against digital post, else on paper (DC2.9).
var Channels = []string{"by_reservation", "digital", "paper"}

// Statuses a status step may set: the Noark 5 case status codes and the
// statuses of citizen messages (DM).
var Statuses = []string{"R", "B", "F", "S", "A", "U", "unread", "in_progress", "in_case_handling", "done"}

// kindFields lists the fields each kind takes besides id, kind, title, on
// and once.
var kindFields = map[string][]string{
	KindTask:     {"who", "due", "cancelled_by"},
	KindContact:  {"who", "due", "at_least", "cancelled_by"},
	KindWait:     {"duration", "cancelled_by", "restarted_by"},
	KindLetter:   {"template", "attachments", "to", "channel", "editable", "who", "cancelled_by"},
	KindSMS:      {"template", "to"},
	KindDecision: {"who", "due", "outcomes", "cancelled_by"},
	KindClose:    {"reasons"},
	KindNotify:   {"who"},
	KindStatus:   {"status"},
	KindMark:     {"marker"},
}

// commonFields are the fields of every step.
var commonFields = []string{"id", "kind", "title", "on", "once"}

// namePattern is what step IDs, routine IDs and outcome names look like:
// they go into timer keys and triggers, so no spaces or slashes.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Lint checks a routine: its fields, each step's kind and fields, step
// references, that every step can start, that no loop runs for ever, and,
// if known is not nil, that every letter and SMS template is known. A
// routine from Parse has passed all but the template check.
func Lint(r *Routine, known func(string) bool) LintErrors {
	l := &linter{r: r, known: known}
	l.routine()
	seen := map[string]*Step{}
	for _, s := range r.Steps {
		l.step(s, seen)
	}
	if !l.broken {
		// Graph checks on steps without a usable ID or kind would only repeat those errors.
		l.references()
		l.reachable()
		l.loops()
	}
	return l.errs.sort()
}

// linter collects the problems of one routine.
type linter struct {
	r      *Routine
	known  func(string) bool
	errs   LintErrors
	broken bool // a step has no usable ID or kind
}

// errorf records a problem at line.
func (l *linter) errorf(line int, format string, args ...any) {
	l.errs = append(l.errs, LintError{File: l.r.File, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// routine checks the top-level fields.
func (l *linter) routine() {
	r := l.r
	line := func(f string) int { return max(r.lines[f], 1) }
	if !namePattern.MatchString(r.ID) {
		l.errorf(line("id"), "the routine needs an id: letters, digits, _ . or -, such as debt_counselling")
	}
	if r.Version < 1 {
		l.errorf(line("version"), "the routine needs a version: a whole number from 1, raised at each change")
	}
	if strings.TrimSpace(r.Owner) == "" {
		l.errorf(line("owner"), "the routine needs an owner: who answers for it")
	}
	l.text(r.Title, line("title"), "the routine's title")
	if len(r.AppliesTo) == 0 {
		l.errorf(line("applies_to"), "applies_to must name the case types the routine runs on, such as debt_counselling")
	}
	if len(r.Steps) == 0 {
		l.errorf(line("steps"), "the routine has no steps")
	}
}

// text reports the languages a text lacks.
func (l *linter) text(t Text, line int, what string) {
	var missing []string
	for _, lang := range Languages {
		if strings.TrimSpace(t[lang]) == "" {
			missing = append(missing, lang)
		}
	}
	if len(missing) > 0 {
		l.errorf(line, "%s lacks %s (every title needs nb, da, sv and en)", what, strings.Join(missing, ", "))
	}
}

// step checks one step on its own.
func (l *linter) step(s *Step, seen map[string]*Step) {
	switch first, dup := seen[s.ID]; {
	case !namePattern.MatchString(s.ID):
		l.errorf(s.line("id"), "step id %q must be letters, digits, _ . or -, such as DC2.6", s.ID)
		l.broken = true
	case dup:
		l.errorf(s.line("id"), "step id %s is used twice (first on line %d)", s.ID, first.Line)
		l.broken = true
	default:
		seen[s.ID] = s
	}
	allowed, ok := kindFields[s.Kind]
	if !ok {
		l.errorf(s.line("kind"), "step %s: unknown kind %q%s", s.ID, s.Kind, suggest(s.Kind, Kinds))
		l.broken = true
		return
	}
	for f, line := range s.lines {
		if !slices.Contains(commonFields, f) && !slices.Contains(allowed, f) {
			l.errorf(line, "step %s: a %s step has no field %s", s.ID, s.Kind, f)
		}
	}
	l.text(s.Title, s.line("title"), "step "+s.ID+"'s title")
	if len(s.On) == 0 && s.lines["on"] == 0 {
		l.errorf(s.Line, "step %s has no on: to say when it starts", s.ID)
	}
	l.who(s)
	l.kind(s)
}

// who checks the assignee's name.
func (l *linter) who(s *Step) {
	if s.Who.Kind != "" && s.Who.Kind != AssignResponsible && !namePattern.MatchString(s.Who.Name) {
		l.errorf(s.line("who"), "step %s: who.%s needs a name such as counsellor", s.ID, s.Who.Kind)
	}
}

// kind checks the fields that a step's kind requires.
func (l *linter) kind(s *Step) {
	switch s.Kind {
	case KindContact:
		if s.lines["at_least"] > 0 && s.AtLeast < 1 {
			l.errorf(s.line("at_least"), "step %s: at_least must be 1 or more", s.ID)
		}
	case KindWait:
		if s.Duration == nil && s.lines["duration"] == 0 {
			l.errorf(s.Line, "step %s: a wait needs a duration, such as 2 working days or 3-4 weeks", s.ID)
		}
	case KindLetter:
		l.template(s)
		l.oneOf(s, "to", s.To, Recipients, true)
		if s.Channel != "" {
			l.oneOf(s, "channel", []string{s.Channel}, Channels, false)
		}
	case KindSMS:
		l.template(s)
		l.oneOf(s, "to", s.To, Recipients, false)
	case KindDecision:
		l.choices(s, "outcomes", s.Outcomes, "a decision needs outcomes, each leading to the steps that follow it")
	case KindClose:
		l.choices(s, "reasons", s.Reasons, "a close step needs reasons; the first is used when the routine closes by itself")
	case KindStatus:
		l.oneOf(s, "status", []string{s.Status}, Statuses, true)
	case KindMark:
		if !namePattern.MatchString(s.Marker) {
			l.errorf(s.Line, "step %s: a mark step needs a marker, such as power_of_attorney_ended", s.ID)
		}
	}
}

// template checks a letter's or SMS's templates.
func (l *linter) template(s *Step) {
	if s.Template == "" {
		l.errorf(s.Line, "step %s: a %s needs a template", s.ID, s.Kind)
		return
	}
	if l.known == nil {
		return
	}
	for i, name := range append([]string{s.Template}, s.Attachments...) {
		if !l.known(name) && (i == 0 || !slices.Contains(Generated, name)) {
			field := "template"
			if name != s.Template {
				field = "attachments"
			}
			l.errorf(s.line(field), "step %s: there is no letter or SMS template %q", s.ID, name)
		}
	}
}

// oneOf checks that values are among allowed, and present if required.
func (l *linter) oneOf(s *Step, field string, values, allowed []string, required bool) {
	if required && (len(values) == 0 || values[0] == "") {
		l.errorf(s.Line, "step %s: a %s step needs %s: one of %s", s.ID, s.Kind, field, strings.Join(allowed, ", "))
		return
	}
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			l.errorf(s.line(field), "step %s: %s %q is not one of %s", s.ID, field, v, strings.Join(allowed, ", "))
		}
	}
}

// choices checks decision outcomes or close reasons.
func (l *linter) choices(s *Step, field string, cs []Choice, missing string) {
	if len(cs) == 0 {
		l.errorf(s.line(field), "step %s: %s", s.ID, missing)
		return
	}
	for _, c := range cs {
		if !namePattern.MatchString(c.Name) {
			l.errorf(c.Line, "step %s: %q must be one word of letters, digits, _ . or -", s.ID, c.Name)
		}
		l.text(c.Title, c.Line, fmt.Sprintf("step %s: %s %s", s.ID, strings.TrimSuffix(field, "s"), c.Name))
	}
}
