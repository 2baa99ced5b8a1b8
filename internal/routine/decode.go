package routine

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder turns YAML nodes into a routine, collecting problems with their
// lines instead of stopping at the first.
type decoder struct {
	file string
	errs LintErrors
}

// errorf records a problem at line.
func (d *decoder) errorf(line int, format string, args ...any) {
	d.errs = append(d.errs, LintError{File: d.file, Line: max(line, 1), Msg: fmt.Sprintf(format, args...)})
}

// resolve follows YAML aliases (*name) to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; i < 8 && n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		n = n.Alias
	}
	return n
}

// fields calls fn for each key of the mapping n that is in allowed, and
// reports keys that are not, or that appear twice.
func (d *decoder) fields(n *yaml.Node, what string, allowed []string, fn func(key string, v *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		key := k.Value
		if first, ok := seen[key]; ok {
			d.errorf(k.Line, "%s is given twice in %s (first on line %d)", key, what, first)
			continue
		}
		seen[key] = k.Line
		if !slices.Contains(allowed, key) {
			d.errorf(k.Line, "unknown field %q in %s%s", key, what, suggest(key, allowed))
			continue
		}
		fn(key, v)
	}
}

// suggest returns "; did you mean …?" for the allowed word closest to a
// misspelt one, or "" if none is close.
func suggest(word string, allowed []string) string {
	best, bestDist := "", 3
	for _, a := range allowed {
		if dist := editDistance(word, a); dist < bestDist {
			best, bestDist = a, dist
		}
	}
	if best == "" {
		return "; use one of " + strings.Join(allowed, ", ")
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// str returns a scalar's text, reporting any other node.
func (d *decoder) str(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n.Line, "%s must be a single value", field)
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// integer returns a scalar's whole number.
func (d *decoder) integer(n *yaml.Node, field string) int {
	var v int
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		d.errorf(n.Line, "%s must be a whole number", field)
	}
	return v
}

// boolean returns a scalar's true or false.
func (d *decoder) boolean(n *yaml.Node, field string) bool {
	var v bool
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		d.errorf(n.Line, "%s must be true or false", field)
	}
	return v
}

// strList returns one value or a list of values.
func (d *decoder) strList(n *yaml.Node, field string) []string {
	if n.Kind == yaml.ScalarNode {
		if s := d.str(n, field); s != "" {
			return []string{s}
		}
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n.Line, "%s must be a value or a list of values", field)
		return nil
	}
	var out []string
	for _, c := range n.Content {
		if s := d.str(resolve(c), field); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// text decodes a text per language: {nb: …, da: …, sv: …, en: …}.
func (d *decoder) text(n *yaml.Node, field string) Text {
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, "%s must give the text per language, as in {nb: …, da: …, sv: …, en: …}", field)
		return nil
	}
	t := Text{}
	d.fields(n, field, Languages, func(lang string, v *yaml.Node) {
		t[lang] = d.str(v, field+"."+lang)
	})
	return t
}

// choices decodes decision outcomes or close reasons: name → title.
func (d *decoder) choices(n *yaml.Node, field string) []Choice {
	if n.Kind != yaml.MappingNode {
		d.errorf(n.Line, "%s must map each name to its title, as in\n  %s:\n    name: {nb: …, da: …, sv: …, en: …}", field, field)
		return nil
	}
	var out []Choice
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		c := Choice{Name: k.Value, Line: k.Line}
		if v.Tag != "!!null" {
			c.Title = d.text(v, field+" "+k.Value)
		}
		out = append(out, c)
	}
	return out
}

// assignee decodes who: responsible | {role: name} | {unit: code}.
func (d *decoder) assignee(n *yaml.Node) Assignee {
	if n.Kind == yaml.ScalarNode {
		if v := d.str(n, "who"); v != AssignResponsible {
			d.errorf(n.Line, "who must be responsible, {role: name} or {unit: code}, not %q", v)
		}
		return Assignee{Kind: AssignResponsible}
	}
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		d.errorf(n.Line, "who must be responsible, {role: name} or {unit: code}")
		return Assignee{Kind: AssignResponsible}
	}
	var a Assignee
	d.fields(n, "who", []string{AssignRole, AssignUnit}, func(key string, v *yaml.Node) {
		a = Assignee{Kind: key, Name: d.str(v, "who."+key)}
	})
	return a
}

// duration decodes a duration value.
func (d *decoder) duration(n *yaml.Node, field string) *Duration {
	s := d.str(n, field)
	if s == "" {
		return nil
	}
	dur, err := ParseDuration(s)
	if err != nil {
		d.errorf(n.Line, "%s", err)
		return nil
	}
	return &dur
}
