package casework

import (
	"context"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/store"
)

// The documentation checklist of a case: one line per document the case's
// unit requires (torg.Unit.RequiredDocs, FD2.3), each missing, received or
// not relevant. The front desk ticks off what a person delivers (FD2); the
// counsellor ticks the rest on the case page, assesses with the list in
// view whether the documentation suffices (DC3.4) and follows it at the
// meeting (DC4.9); the letter "Manglende dokumentasjon" asks for what is
// still missing (DC3.5).

// The states of a checklist line.
const (
	ChecklistMissing     = store.ChecklistMissing
	ChecklistReceived    = store.ChecklistReceived
	ChecklistNotRelevant = store.ChecklistNotRelevant
)

const (
	// templateMissingDocs is the letter that asks for the missing
	// documentation (DC3.5).
	templateMissingDocs = "manglende_dokumentasjon"
	// stepAssessDocs is the decision whether the documentation suffices.
	stepAssessDocs = "DC3.4"
	// maxChecklistReason is the most a line's reason may hold, in characters.
	maxChecklistReason = 200
)

// ChecklistLine is one required document and its state on the case.
type ChecklistLine struct {
	Item     string
	State    string    // ChecklistMissing, ChecklistReceived or ChecklistNotRelevant
	Received time.Time // when a received document came in
	RecordID int64     // the record it came with, 0 if not known
	Record   string    // that record's number and title
	Reason   string    // the counsellor's short note; why it is not relevant
	// Who set the state and when; empty for a line nobody has touched.
	ChangedBy string
	ChangedAt time.Time
}

// Checklist is a case's documentation checklist as the case page shows it.
type Checklist struct {
	CaseID int64
	Lines  []ChecklistLine
	// Records are the case's incoming records, newest first, for the
	// counsellor to say which one a document came with.
	Records []*torg.Record
	// Decision is the open task to assess whether the documentation
	// suffices (DC3.4), when the actor may decide it; nil otherwise.
	Decision *torg.Task
	// Editable is false once the case takes no more contact (DC8.8).
	Editable bool
}

// Missing lists the documents still missing, in the unit's order.
func (c *Checklist) Missing() []string {
	var out []string
	for _, l := range c.Lines {
		if l.State == ChecklistMissing {
			out = append(out, l.Item)
		}
	}
	return out
}

// Count returns how many lines are in a state.
func (c *Checklist) Count(state string) int {
	n := 0
	for _, l := range c.Lines {
		if l.State == state {
			n++
		}
	}
	return n
}

// ChecklistChange sets one line of a case's checklist.
type ChecklistChange struct {
	Item     string
	State    string
	Reason   string
	RecordID int64 // for a received document: the record of the case it came with, or 0
}

// Checklist returns a case's documentation checklist to those who may read
// the case. The read is audited for each person who is a party.
func (s *Service) Checklist(ctx context.Context, a *torg.Employee, caseID int64) (*Checklist, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	r := s.db.R()
	u, err := r.Unit(ctx, c.UnitID)
	if err != nil {
		return nil, err
	}
	recs, err := r.CaseRecords(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	tasks, err := r.CaseTasks(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	cl, err := s.checklist(ctx, a, c, u, recs, tasks)
	if err != nil {
		return nil, err
	}
	return cl, s.auditRead(ctx, a, "checklist.read", obj("case", c.ID), partyPersons(c)...)
}

// CaseChecklist is Checklist for a case already read, and audited, with
// Case: the case page shows both without reading the case twice.
func (s *Service) CaseChecklist(ctx context.Context, a *torg.Employee, v *CaseView) (*Checklist, error) {
	return s.checklist(ctx, a, v.Case, v.Unit, v.Records, v.Tasks)
}

func (s *Service) checklist(ctx context.Context, a *torg.Employee, c *torg.Case, u *torg.Unit, recs []*torg.Record,
	tasks []*torg.Task) (*Checklist, error) {
	cl := &Checklist{CaseID: c.ID, Editable: OpenForContact(c)}
	var err error
	if cl.Lines, err = caseChecklist(ctx, s.db.R(), c, u.RequiredDocs); err != nil {
		return nil, err
	}
	for i := len(recs) - 1; i >= 0; i-- {
		if recs[i].Type == torg.RecordIncoming {
			cl.Records = append(cl.Records, recs[i])
		}
	}
	for _, t := range tasks {
		if !t.IsDone() && t.Step == stepAssessDocs && len(t.Outcomes) > 0 && canCompleteTask(a, t) == nil {
			cl.Decision = t
		}
	}
	return cl, nil
}

// caseChecklist merges the unit's required documents with the states set
// on the case. A state set for a document the unit no longer requires is
// kept in the store but not shown.
func caseChecklist(ctx context.Context, q *store.Q, c *torg.Case, required []string) ([]ChecklistLine, error) {
	entries, err := q.CaseChecklist(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	lines := make([]ChecklistLine, 0, len(required))
	for _, item := range required {
		l := ChecklistLine{Item: item, State: ChecklistMissing}
		if i := slices.IndexFunc(entries, func(e *store.ChecklistEntry) bool { return e.Item == item }); i >= 0 {
			e := entries[i]
			l.State, l.Received, l.RecordID, l.Reason = e.State, e.Received, e.RecordID, e.Reason
			l.ChangedBy, l.ChangedAt = e.ChangedByName, e.ChangedAt
			if e.RecordID != 0 {
				l.Record = strconv.Itoa(e.RecordNumber) + " " + e.RecordTitle
			}
		}
		lines = append(lines, l)
	}
	return lines, nil
}

// SetChecklistItem sets one document's state on a case's checklist, for
// those who may read the case, with a reason where the document is not
// relevant. It is audited.
func (s *Service) SetChecklistItem(ctx context.Context, a *torg.Employee, caseID int64, item, state, reason string) error {
	return s.SetChecklist(ctx, a, caseID, []ChecklistChange{{Item: item, State: state, Reason: reason}})
}

// SetChecklist sets several lines of a case's checklist at once, as the
// case page's form sends them: all or none. A line whose state, reason and
// record are as before is left as it is, with who set it and when. A field
// error names the line by the document's place in the unit's list:
// "state-2", "reason-2", "record-2"; an unknown document is "item".
func (s *Service) SetChecklist(ctx context.Context, a *torg.Employee, caseID int64, changes []ChecklistChange) error {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	if !OpenForContact(c) {
		return errApplyAgain() // DC8.8: nothing is added to a closed case
	}
	u, err := s.db.R().Unit(ctx, c.UnitID)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		lines, err := caseChecklist(ctx, tx, c, u.RequiredDocs)
		if err != nil {
			return err
		}
		for _, ch := range changes {
			i := slices.IndexFunc(lines, func(l ChecklistLine) bool { return l.Item == ch.Item })
			if i < 0 {
				return torg.FieldError("item", "checklist.unknown_item", "item", ch.Item)
			}
			e, err := s.checklistEntry(ctx, tx, a, c, i, ch)
			if err != nil {
				return err
			}
			if old := lines[i]; old.State == e.State && old.Reason == e.Reason && old.RecordID == e.RecordID {
				continue
			}
			if err := s.setChecklistEntry(ctx, tx, a, c, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// checklistEntry checks a change to line i and makes the entry to store.
func (s *Service) checklistEntry(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case, i int, ch ChecklistChange) (*store.ChecklistEntry, error) {
	n := strconv.Itoa(i)
	e := &store.ChecklistEntry{CaseID: c.ID, Item: ch.Item, State: ch.State, Reason: clean(ch.Reason),
		ChangedBy: a.ID, ChangedAt: s.now()}
	switch {
	case ch.State != ChecklistMissing && ch.State != ChecklistReceived && ch.State != ChecklistNotRelevant:
		return nil, torg.FieldError("state-"+n, "checklist.state_required", "item", ch.Item)
	case utf8.RuneCountInString(e.Reason) > maxChecklistReason:
		return nil, torg.FieldError("reason-"+n, "checklist.reason_too_long", "max", maxChecklistReason)
	case ch.State == ChecklistNotRelevant && e.Reason == "":
		return nil, torg.FieldError("reason-"+n, "checklist.reason_required", "item", ch.Item)
	case ch.State != ChecklistReceived:
		return e, nil
	}
	e.Received = s.now()
	if ch.RecordID != 0 {
		rec, err := tx.Record(ctx, c.MunicipalityID, ch.RecordID)
		if err != nil || rec.CaseID != c.ID {
			return nil, torg.FieldError("record-"+n, "checklist.record_unknown")
		}
		e.RecordID, e.Received = rec.ID, rec.Created
	}
	return e, nil
}

// setChecklistEntry stores a line's new state and audits it.
func (s *Service) setChecklistEntry(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case, e *store.ChecklistEntry) error {
	if err := tx.SetChecklistEntry(ctx, e); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, "checklist.set", obj("case", c.ID), firstParty(c), e.State+": "+e.Item)
}

// tickDelivered marks the documents the front desk took in as received
// with the drop-off's record (FD2), in the drop-off's transaction.
func (s *Service) tickDelivered(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case, delivered []string, recordID int64) error {
	for _, item := range delivered {
		e := &store.ChecklistEntry{CaseID: c.ID, Item: item, State: ChecklistReceived, Received: s.now(), RecordID: recordID,
			ChangedBy: a.ID, ChangedAt: s.now()}
		if err := s.setChecklistEntry(ctx, tx, a, c, e); err != nil {
			return err
		}
	}
	return nil
}

// stillMissing lists the documents of the unit's list that the case lacks
// once those delivered now are in (FD2.3), for the desk to tell the person.
func stillMissing(ctx context.Context, tx *store.Q, c *torg.Case, required, delivered []string) ([]string, error) {
	lines, err := caseChecklist(ctx, tx, c, required)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range lines {
		if l.State == ChecklistMissing && !slices.Contains(delivered, l.Item) {
			out = append(out, l.Item)
		}
	}
	return out, nil
}

// withChecklist gives the letter "Manglende dokumentasjon" (DC3.5) the
// documents still missing on the case's checklist instead of the unit's
// whole list; other letters keep the whole list.
func withChecklist(ctx context.Context, q *store.Q, c *torg.Case, l *letter.Letter) error {
	if l.Template != templateMissingDocs {
		return nil
	}
	lines, err := caseChecklist(ctx, q, c, l.Data.Documents)
	if err != nil {
		return err
	}
	l.Data.Documents = nil
	for _, line := range lines {
		if line.State == ChecklistMissing {
			l.Data.Documents = append(l.Data.Documents, line.Item)
		}
	}
	return nil
}

// nothingMissing is the counsellor's answer when the letter that asks for
// the missing documentation would ask for nothing (DC3.5): no empty list
// goes out.
func nothingMissing(l *letter.Letter) error {
	if l.Template == templateMissingDocs && len(l.Data.Documents) == 0 {
		return torg.Errorf(torg.EINVALID, "checklist.nothing_missing")
	}
	return nil
}
