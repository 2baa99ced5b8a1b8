package casework

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/routine"
)

// Kinds of timeline entries.
const (
	TimelineIncoming = "incoming" // a record in (Noark I): an application, a letter, documents delivered
	TimelineOutgoing = "outgoing" // a record out (U): a letter with its documents
	TimelineInternal = "internal" // an internal record (N, X): a closing note, a combined document
	TimelineNote     = "note"     // a journal note
	TimelineContact  = "contact"  // a contact attempt, answered or not, with its note
	TimelineMeeting  = "meeting"  // a meeting booked, held or missed
	TimelineSMS      = "sms"      // an SMS the routine sent
	TimelineTask     = "task"     // a task done that no routine made
	TimelineStep     = "step"     // a routine step taken, stopped or waited out
)

// TimelineEntry is one thing that happened in a case, as its page tells
// it. Title and Detail are in the municipality's language, as torg writes
// them in the case; Outcome is a code (answered, held, a decision's
// outcome) for the page to mark.
type TimelineEntry struct {
	Kind      string
	At        time.Time
	Title     string
	Detail    string
	Actor     string
	Link      string
	Outcome   string
	Documents []TimelineDocument
}

// TimelineDocument is a document of a record, with where to fetch it.
type TimelineDocument struct {
	Name string
	Link string
}

// Timeline returns a case's history as one list, newest first: records
// with their documents, notes, contact attempts, meetings, SMS, tasks done
// and the routine's steps.
func (s *Service) Timeline(ctx context.Context, a *torg.Employee, caseID int64) ([]TimelineEntry, error) {
	v, err := s.Case(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	return s.CaseTimeline(ctx, v)
}

// CaseTimeline builds the timeline of a case already read with Case.
func (s *Service) CaseTimeline(ctx context.Context, v *CaseView) ([]TimelineEntry, error) {
	m, err := s.municipality(ctx, v.MunicipalityID)
	if err != nil {
		return nil, err
	}
	names, err := s.staffNames(ctx, v)
	if err != nil {
		return nil, err
	}
	tb := timeline{pr: s.printer(m), lang: m.Language, names: names}
	tb.records(v.Records)
	tb.notes(v.Notes)
	tb.meetings(v.Appointments)
	tb.tasks(v.Tasks)
	for _, cr := range v.Routines {
		tb.history(cr.Routine, cr.State)
	}
	return tb.sorted(), nil
}

// staffNames maps the usernames or IDs by which the case's routines
// recorded who acted to those employees' names.
func (s *Service) staffNames(ctx context.Context, v *CaseView) (map[string]string, error) {
	var keys []string
	for _, cr := range v.Routines {
		for _, h := range cr.State.History {
			keys = append(keys, h.By)
		}
	}
	return s.db.R().EmployeeNames(ctx, v.MunicipalityID, keys)
}

// timeline collects entries in the order they are found; sorted puts the
// newest first, and of entries at the same moment the one found last.
type timeline struct {
	pr      *i18n.Printer
	lang    string
	names   map[string]string
	entries []TimelineEntry
}

func (tb *timeline) add(e TimelineEntry) { tb.entries = append(tb.entries, e) }

func (tb *timeline) sorted() []TimelineEntry {
	out := slices.Clone(tb.entries)
	slices.Reverse(out)
	slices.SortStableFunc(out, func(a, b TimelineEntry) int { return b.At.Compare(a.At) })
	return out
}

func (tb *timeline) records(recs []*torg.Record) {
	kinds := map[torg.RecordType]string{torg.RecordIncoming: TimelineIncoming, torg.RecordOutgoing: TimelineOutgoing}
	for _, r := range recs {
		e := TimelineEntry{Kind: cmp.Or(kinds[r.Type], TimelineInternal), At: r.Created, Title: r.Title,
			Detail: excerpt(r.Body), Actor: r.CreatedByName, Link: fmt.Sprintf("/records/%d", r.ID)}
		if r.Type == torg.RecordIncoming && r.Correspondent != "" {
			e.Actor = r.Correspondent
		}
		for _, d := range r.Documents {
			e.Documents = append(e.Documents, TimelineDocument{Name: d.Filename,
				Link: fmt.Sprintf("/records/%d/documents/%d", r.ID, d.ID)})
		}
		tb.add(e)
	}
}

// notes adds journal notes; a logged contact (LogContact) is a note whose
// first line says whether the citizen answered.
func (tb *timeline) notes(ns []*torg.Note) {
	contact := map[string]string{tb.pr.T("contact.answered"): routine.OutcomeAnswered,
		tb.pr.T("contact.not_answered"): routine.OutcomeNotAnswered}
	for _, n := range ns {
		first, rest, _ := strings.Cut(n.Body, "\n")
		e := TimelineEntry{Kind: TimelineNote, At: n.Created, Title: tb.pr.T("day.tl_note"), Detail: n.Body,
			Actor: n.AuthorName}
		if outcome, ok := contact[strings.TrimSpace(first)]; ok {
			e.Kind, e.Title, e.Detail, e.Outcome = TimelineContact, strings.TrimSpace(first), strings.TrimSpace(rest), outcome
		}
		if n.RecordID != 0 {
			e.Link = fmt.Sprintf("/records/%d", n.RecordID)
		}
		tb.add(e)
	}
}

// meetings adds each appointment as booked, and again when it was held
// or missed: at its start, or when it was marked if that was before its
// start. A cancelled meeting shows when it was cancelled.
func (tb *timeline) meetings(as []*torg.Appointment) {
	for _, a := range as {
		when := tb.pr.DateTime(a.Start)
		tb.add(TimelineEntry{Kind: TimelineMeeting, At: a.Created, Outcome: torg.AppointmentBooked, Link: "#appointments",
			Title: tb.pr.T("day.tl_meeting_booked", "when", when), Detail: a.Place})
		switch a.Status {
		case torg.AppointmentHeld, torg.AppointmentMissed, torg.AppointmentCancelled:
			at := a.StatusAt
			if a.Status != torg.AppointmentCancelled && a.Start.Before(at) {
				at = a.Start
			}
			tb.add(TimelineEntry{Kind: TimelineMeeting, At: at, Outcome: a.Status, Link: "#appointments",
				Title: tb.pr.T("day.tl_meeting_"+a.Status, "when", when), Detail: a.Place})
		}
	}
}

// tasks adds the tasks done that no routine made; a routine's tasks show
// as its steps, with who did them.
func (tb *timeline) tasks(ts []*torg.Task) {
	for _, t := range ts {
		if t.IsDone() && t.RoutineID == "" {
			tb.add(TimelineEntry{Kind: TimelineTask, At: t.Done, Title: tb.pr.T("day.tl_task_done", "task", t.Title),
				Detail: t.Detail, Actor: t.AssigneeName})
		}
	}
}

// history adds the steps a routine finished or stopped. Letters and
// contact attempts are left out: their records and notes tell them.
func (tb *timeline) history(r *routine.Routine, st *routine.State) {
	for _, h := range st.History {
		s := r.Step(h.Step)
		if s == nil || (h.What != "done" && h.What != "cancelled") || s.Kind == routine.KindLetter ||
			s.Kind == routine.KindContact {
			continue
		}
		e := TimelineEntry{Kind: TimelineStep, At: h.At, Title: s.ID + " " + s.Title.In(tb.lang),
			Actor: cmp.Or(tb.names[h.By], h.By), Outcome: h.Outcome, Detail: h.Reason}
		switch {
		case s.Kind == routine.KindSMS:
			e.Kind, e.Title = TimelineSMS, tb.pr.T("day.tl_sms", "title", s.Title.In(tb.lang))
		case h.What == "cancelled":
			e.Detail = tb.pr.T("day.tl_step_cancelled")
		case s.Kind == routine.KindDecision:
			e.Detail = choiceTitle(s.Outcomes, h.Outcome, tb.lang)
		}
		if s.ID == stepClosedNote && h.Reason != "" {
			e.Detail = tb.pr.T("closing.reason_" + h.Reason)
		}
		tb.add(e)
	}
}

// choiceTitle names an outcome or reason in lang.
func choiceTitle(cs []routine.Choice, name, lang string) string {
	for _, c := range cs {
		if c.Name == name {
			return c.Title.In(lang)
		}
	}
	return name
}

// excerpt shortens a record's text for the timeline to its first
// paragraph, without a letter's heading marks; the record has it all.
func excerpt(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(strings.ReplaceAll(s, "\r", "")), "\n\n")
	s = strings.TrimPrefix(s, "## ")
	if r := []rune(s); len(r) > 280 {
		return strings.TrimSpace(string(r[:280])) + " …"
	}
	return s
}
