package routine

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// stepFields are all fields a step may have; kindFields says which kinds
// each belongs to.
var stepFields = []string{"id", "kind", "title", "on", "once", "cancelled_by", "restarted_by",
	"who", "due", "at_least", "duration", "template", "attachments", "to", "channel", "editable",
	"outcomes", "reasons", "status", "marker"}

// step decodes one step.
func (d *decoder) step(n *yaml.Node) *Step {
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, "a step must be a mapping starting with id: and kind:")
		return nil
	}
	s := &Step{Line: n.Line, lines: map[string]int{}}
	d.fields(n, "a step", stepFields, func(key string, v *yaml.Node) {
		s.lines[key] = v.Line
		d.stepField(s, key, v)
	})
	return s
}

// stepField decodes one field of a step.
func (d *decoder) stepField(s *Step, key string, v *yaml.Node) {
	switch key {
	case "id":
		s.ID = d.str(v, key)
	case "kind":
		s.Kind = d.str(v, key)
	case "title":
		s.Title = d.text(v, key)
	case "on":
		s.On = d.triggers(v, key)
	case "once":
		s.Once = d.boolean(v, key)
	case "cancelled_by":
		s.CancelledBy = d.triggers(v, key)
	case "restarted_by":
		s.RestartedBy = d.triggers(v, key)
	case "who":
		s.Who = d.assignee(v)
	case "due":
		s.Due = d.duration(v, key)
	case "duration":
		s.Duration = d.duration(v, key)
	default:
		d.kindField(s, key, v)
	}
}

// kindField decodes the fields of letters, SMS, decisions, closing,
// contact, status and mark steps.
func (d *decoder) kindField(s *Step, key string, v *yaml.Node) {
	switch key {
	case "at_least":
		s.AtLeast = d.integer(v, key)
	case "template":
		s.Template = d.str(v, key)
	case "attachments":
		s.Attachments = d.strList(v, key)
	case "to":
		s.To = d.strList(v, key)
	case "channel":
		s.Channel = d.str(v, key)
	case "editable":
		s.Editable = d.boolean(v, key)
	case "outcomes":
		s.Outcomes = d.choices(v, key)
	case "reasons":
		s.Reasons = d.choices(v, key)
	case "status":
		s.Status = d.str(v, key)
	case "marker":
		s.Marker = d.str(v, key)
	}
}

// triggers decodes on:, cancelled_by: or restarted_by:, which take one
// trigger or a list, each an event kind alone (case_created) or with its
// qualifier (step_done: DC2.2 not_answered).
func (d *decoder) triggers(n *yaml.Node, field string) []Trigger {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []Trigger
	for _, it := range items {
		it = resolve(it)
		switch it.Kind {
		case yaml.ScalarNode:
			out = d.appendTrigger(out, it.Line, it.Value, "", field)
		case yaml.MappingNode:
			for i := 0; i+1 < len(it.Content); i += 2 {
				k, v := it.Content[i], resolve(it.Content[i+1])
				out = d.appendTrigger(out, k.Line, k.Value, d.str(v, field+" "+k.Value), field)
			}
		default:
			d.errorf(it.Line, "%s takes events such as case_created or {step_done: DC2.2}", field)
		}
	}
	return out
}

// appendTrigger checks one event and its qualifier and appends it.
func (d *decoder) appendTrigger(out []Trigger, line int, event, qual, field string) []Trigger {
	event = strings.TrimSpace(event)
	if event == EventTimer {
		d.errorf(line, "timer is not an event to wait for; use a wait step")
		return out
	}
	if !slices.Contains(Events, event) {
		d.errorf(line, "unknown event %q in %s%s", event, field, suggest(event, Events))
		return out
	}
	t := Trigger{Event: event, Line: line}
	words := strings.Fields(qual)
	if event == EventStepDone || event == EventStepCancelled {
		if len(words) == 0 || len(words) > 2 {
			d.errorf(line, "%s needs a step and may give an outcome, as in {%s: DC2.2 not_answered}", event, event)
			return out
		}
		t.Step = words[0]
		words = words[1:]
	}
	if len(words) > 1 {
		d.errorf(line, "%s: %q must be one word, such as %s: answered", event, qual, event)
		return out
	}
	if len(words) == 1 {
		t.Outcome = words[0]
	}
	return append(out, t)
}
