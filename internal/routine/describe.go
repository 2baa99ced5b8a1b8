package routine

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// words holds the words Describe needs, in nb, da, sv and en.
var words = map[string][4]string{
	"version": {"versjon", "version", "version", "version"}, "owner": {"eier", "ejer", "ägare", "owner"},
	"applies": {"gjelder", "gælder", "gäller", "applies to"}, "when": {"når", "når", "när", "when"},
	"who": {"hvem", "hvem", "vem", "who"}, "due": {"frist", "frist", "frist", "due"},
	"waits": {"venter", "venter", "väntar", "waits"}, "unless": {"stopper ved", "stopper ved", "avbryts av", "stops on"},
	"restart":  {"starter på nytt ved", "starter forfra ved", "börjar om vid", "starts afresh on"},
	"outcomes": {"utfall", "udfald", "utfall", "outcomes"}, "reasons": {"grunner", "begrundelser", "skäl", "reasons"},
	"template": {"mal", "skabelon", "mall", "template"}, "to": {"til", "til", "till", "to"},
	"channel":     {"kanal", "kanal", "kanal", "channel"},
	"attempts":    {"minst forsøk", "mindst forsøg", "minst försök", "attempts, at least"},
	"marker":      {"merke", "markering", "markering", "marker"},
	"once":        {"bare én gang", "kun én gang", "bara en gång", "only once"},
	"editable":    {"redigeres før sending", "redigeres før afsendelse", "redigeras före utskick", "edited before sending"},
	"responsible": {"saksansvarlig", "sagsansvarlig", "handläggare", "the responsible"},
	"role":        {"rolle", "rolle", "roll", "role"}, "unit": {"enhet", "enhed", "enhet", "unit"},
	KindTask: {"Oppgave", "Opgave", "Uppgift", "Task"}, KindContact: {"Kontakt", "Kontakt", "Kontakt", "Contact"},
	KindWait: {"Vent", "Vent", "Vänta", "Wait"}, KindLetter: {"Brev", "Brev", "Brev", "Letter"},
	KindSMS: {"SMS", "SMS", "SMS", "SMS"}, KindDecision: {"Beslutning", "Beslutning", "Beslut", "Decision"},
	KindClose: {"Avslutt", "Afslut", "Avsluta", "Close"}, KindNotify: {"Varsle", "Underret", "Meddela", "Notify"},
	KindStatus: {"Status", "Status", "Status", "Status"}, KindMark: {"Merk", "Markér", "Markera", "Mark"},
	UnitWorkingDays:  {"virkedager", "arbejdsdage", "arbetsdagar", "working days"},
	UnitWorkingHours: {"arbeidstimer", "arbejdstimer", "arbetstimmar", "working hours"},
	UnitDays:         {"dager", "dage", "dagar", "days"}, UnitWeeks: {"uker", "uger", "veckor", "weeks"},
	UnitMonths: {"måneder", "måneder", "månader", "months"},
	"before":   {"før avtalen", "før aftalen", "före mötet", "before the appointment"},
}

// word returns key in lang, the key itself if there is none.
func word(key, lang string) string {
	i := slices.Index(Languages, lang)
	w, ok := words[key]
	if !ok || i < 0 {
		if ok {
			return w[3]
		}
		return key
	}
	return w[i]
}

// describe returns a duration in lang.
func (d Duration) describe(lang string) string {
	n := strconv.Itoa(d.Min)
	if d.IsRange() {
		n += "–" + strconv.Itoa(d.Max)
	}
	s := n + " " + word(d.Unit, lang)
	if d.Before {
		s += " " + word("before", lang)
	}
	return s
}

// describe returns an assignee in lang.
func (a Assignee) describe(lang string) string {
	if a.Kind == "" || a.Kind == AssignResponsible {
		return word("responsible", lang)
	}
	return word(a.Kind, lang) + " " + a.Name
}

// Describe writes the routine as text for people, in lang (nb, da, sv or
// en): its title, version, owner and each step with its ID, kind, title
// and what starts, stops and shapes it.
func (r *Routine) Describe(w io.Writer, lang string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s · %s %d · %s: %s\n%s: %s\n", r.Title.In(lang), r.ID, word("version", lang), r.Version,
		word("owner", lang), r.Owner, word("applies", lang), strings.Join(r.AppliesTo, ", "))
	for _, s := range r.Steps {
		b.WriteString("\n")
		s.describe(&b, lang)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// describe writes one step.
func (s *Step) describe(b *strings.Builder, lang string) {
	fmt.Fprintf(b, "%-14s %s: %s\n", s.ID, word(s.Kind, lang), s.Title.In(lang))
	for _, d := range s.Details(lang) {
		fmt.Fprintf(b, "%-14s   %s: %s\n", "", d.Label, d.Value)
	}
}

// Detail is one labelled fact about a step, in a language.
type Detail struct{ Label, Value string }

// KindName returns the name of a step kind in lang.
func KindName(kind, lang string) string { return word(kind, lang) }

// Details lists what starts, stops and shapes a step, labelled in lang:
// its triggers, who does it, when it is due, how long it waits, its
// template, outcomes or reasons.
func (s *Step) Details(lang string) []Detail {
	var out []Detail
	line := func(key, v string) {
		if v != "" {
			out = append(out, Detail{word(key, lang), v})
		}
	}
	line("when", triggers(s.On))
	if s.Kind != KindWait && s.Kind != KindLetter && s.Kind != KindSMS && s.Kind != KindStatus &&
		s.Kind != KindMark && s.Kind != KindClose {
		line("who", s.who().describe(lang))
	}
	if s.Due != nil {
		line("due", s.Due.describe(lang))
	}
	if s.Duration != nil {
		line("waits", s.Duration.describe(lang))
	}
	s.describeKind(line, lang)
	line("unless", triggers(s.CancelledBy))
	line("restart", triggers(s.RestartedBy))
	if s.Once {
		line("once", "✓")
	}
	return out
}

// describeKind writes the fields of letters, SMS, contact, decisions,
// closing, status and mark steps.
func (s *Step) describeKind(line func(key, v string), lang string) {
	switch s.Kind {
	case KindContact:
		line("attempts", strconv.Itoa(max(s.AtLeast, 1)))
	case KindLetter, KindSMS:
		line("template", strings.Join(append([]string{s.Template}, s.Attachments...), " + "))
		line("to", strings.Join(s.recipients(), ", "))
		if s.Kind == KindLetter {
			line("channel", s.channel())
		}
		if s.Editable {
			line("editable", "✓")
		}
	case KindDecision:
		line("outcomes", choices(s.Outcomes, lang))
	case KindClose:
		line("reasons", choices(s.Reasons, lang))
	case KindStatus:
		line("status", s.Status)
	case KindMark:
		line("marker", s.Marker)
	}
}

// triggers joins triggers as a file writes them.
func triggers(ts []Trigger) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.String()
	}
	return strings.Join(names, " | ")
}

// choices joins outcomes or reasons with their titles in lang.
func choices(cs []Choice, lang string) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Name
		if t := c.Title.In(lang); t != "" {
			parts[i] += " (" + t + ")"
		}
	}
	return strings.Join(parts, " | ")
}
