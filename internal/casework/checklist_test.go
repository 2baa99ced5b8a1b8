package casework_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// states returns each line's item and state, as "item=state".
func states(cl *casework.Checklist) []string {
	var out []string
	for _, l := range cl.Lines {
		out = append(out, l.Item+"="+l.State)
	}
	return out
}

func mustChecklist(t *testing.T, f *casetest.Fixture, a *torg.Employee, caseID int64) *casework.Checklist {
	t.Helper()
	cl, err := f.Svc.Checklist(ctx, a, caseID)
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func line(cl *casework.Checklist, item string) casework.ChecklistLine {
	for _, l := range cl.Lines {
		if l.Item == item {
			return l
		}
	}
	return casework.ChecklistLine{}
}

func wantField(t *testing.T, what string, err error, field, key string) {
	t.Helper()
	e := torg.AsError(err)
	if e == nil || e.Code != torg.EINVALID || e.Field != field || e.Key != key {
		t.Errorf("%s: %v, want %s on field %q", what, err, key, field)
	}
}

func TestChecklistOnTheCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		id := f.KariCase.ID
		t.Run("DC4.9 a new case's checklist is the unit's list, all missing", func(t *testing.T) {
			cl := mustChecklist(t, f, f.EG, id)
			want := []string{"Fullmakt=missing", "Lønnsslipper siste 3 måneder=missing", "Skattemelding=missing",
				"Utskrift fra Gjeldsregisteret=missing"}
			if got := states(cl); !slices.Equal(got, want) {
				t.Errorf("lines = %v, want %v", got, want)
			}
			if !cl.Editable || len(cl.Missing()) != 4 || cl.Decision != nil {
				t.Errorf("checklist = %+v", cl)
			}
		})
		t.Run("DC4.9 the counsellor ticks items: received, not relevant with a reason, back to missing", func(t *testing.T) {
			f.Clock.T = casetest.Now
			if err := f.Svc.SetChecklistItem(ctx, f.EG, id, "Fullmakt", casework.ChecklistReceived, ""); err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.SetChecklistItem(ctx, f.EG, id, "Skattemelding", casework.ChecklistNotRelevant, " Ingen inntekt i fjor "); err != nil {
				t.Fatal(err)
			}
			cl := mustChecklist(t, f, f.KH, id)
			got := line(cl, "Fullmakt")
			if got.State != casework.ChecklistReceived || !got.Received.Equal(casetest.Now) || got.ChangedBy != "Eva Gran" ||
				!got.ChangedAt.Equal(casetest.Now) || got.RecordID != 0 {
				t.Errorf("Fullmakt = %+v, want received now by Eva Gran", got)
			}
			if got := line(cl, "Skattemelding"); got.State != casework.ChecklistNotRelevant || got.Reason != "Ingen inntekt i fjor" {
				t.Errorf("Skattemelding = %+v", got)
			}
			if got := cl.Missing(); !slices.Equal(got, []string{"Lønnsslipper siste 3 måneder", "Utskrift fra Gjeldsregisteret"}) {
				t.Errorf("missing = %v", got)
			}
			if cl.Count(casework.ChecklistReceived) != 1 || cl.Count(casework.ChecklistNotRelevant) != 1 {
				t.Errorf("counts: %d received, %d not relevant", cl.Count(casework.ChecklistReceived), cl.Count(casework.ChecklistNotRelevant))
			}
		})
		t.Run("DC4.9 a submit that changes nothing keeps who set the line and when", func(t *testing.T) {
			f.Clock.T = casetest.Now.Add(3600e9)
			err := f.Svc.SetChecklist(ctx, f.KH, id, []casework.ChecklistChange{
				{Item: "Fullmakt", State: casework.ChecklistReceived},
				{Item: "Skattemelding", State: casework.ChecklistNotRelevant, Reason: "Ingen inntekt i fjor"},
				{Item: "Utskrift fra Gjeldsregisteret", State: casework.ChecklistReceived},
			})
			if err != nil {
				t.Fatal(err)
			}
			cl := mustChecklist(t, f, f.EG, id)
			if got := line(cl, "Fullmakt"); got.ChangedBy != "Eva Gran" || !got.ChangedAt.Equal(casetest.Now) {
				t.Errorf("the unchanged line was rewritten: %+v", got)
			}
			if got := line(cl, "Utskrift fra Gjeldsregisteret"); got.ChangedBy != "Knut Hansen" || got.State != casework.ChecklistReceived {
				t.Errorf("the changed line: %+v", got)
			}
		})
		t.Run("DC4.9 a received document names the record of the case it came with", func(t *testing.T) {
			rec, _, err := f.Svc.Record(ctx, f.EG, mustIncoming(t, f, id))
			if err != nil {
				t.Fatal(err)
			}
			err = f.Svc.SetChecklist(ctx, f.EG, id, []casework.ChecklistChange{
				{Item: "Lønnsslipper siste 3 måneder", State: casework.ChecklistReceived, RecordID: rec.ID}})
			if err != nil {
				t.Fatal(err)
			}
			got := line(mustChecklist(t, f, f.EG, id), "Lønnsslipper siste 3 måneder")
			if got.RecordID != rec.ID || !got.Received.Equal(rec.Created) || !strings.Contains(got.Record, rec.Title) {
				t.Errorf("line = %+v, want the record %d and its date", got, rec.ID)
			}
		})
		t.Run("DC4.9 bad input is refused with a field error and nothing is saved", func(t *testing.T) {
			before := states(mustChecklist(t, f, f.EG, id))
			wantField(t, "unknown item", f.Svc.SetChecklistItem(ctx, f.EG, id, "Pass", casework.ChecklistReceived, ""),
				"item", "checklist.unknown_item")
			wantField(t, "unknown state", f.Svc.SetChecklistItem(ctx, f.EG, id, "Fullmakt", "maybe", ""),
				"state-0", "checklist.state_required")
			wantField(t, "not relevant without reason",
				f.Svc.SetChecklistItem(ctx, f.EG, id, "Lønnsslipper siste 3 måneder", casework.ChecklistNotRelevant, "  "),
				"reason-1", "checklist.reason_required")
			wantField(t, "long reason", f.Svc.SetChecklistItem(ctx, f.EG, id, "Fullmakt", casework.ChecklistMissing,
				strings.Repeat("x", 201)), "reason-0", "checklist.reason_too_long")
			// A record of another case is no record of this one.
			other := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt, Title: "Annen sak"}
			rec := &torg.Record{MunicipalityID: f.Muni.ID, Type: torg.RecordIncoming, Status: torg.RecordJournalled,
				Title: "Lønnsslipper", CreatedBy: f.EG.ID}
			err := f.DB.Write(ctx, func(q *store.Q) error {
				if err := q.CreateCase(ctx, other, casetest.Now); err != nil {
					return err
				}
				rec.CaseID = other.ID
				return q.CreateRecord(ctx, rec, casetest.Now)
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, recordID := range []int64{rec.ID, 1 << 40} {
				err := f.Svc.SetChecklist(ctx, f.EG, id, []casework.ChecklistChange{
					{Item: "Fullmakt", State: casework.ChecklistMissing},
					{Item: "Skattemelding", State: casework.ChecklistReceived, RecordID: recordID}})
				wantField(t, "record of another case", err, "record-2", "checklist.record_unknown")
			}
			if got := states(mustChecklist(t, f, f.EG, id)); !slices.Equal(got, before) {
				t.Errorf("a refused submit changed the checklist: %v, was %v", got, before)
			}
		})
		t.Run("DC4.9 only those who may read the case see or tick its checklist", func(t *testing.T) {
			for _, a := range []*torg.Employee{f.Outsider, f.FrontDesk, f.Admin} {
				if _, err := f.Svc.Checklist(ctx, a, id); torg.ErrorCode(err) != torg.ENOTFOUND {
					t.Errorf("%s read the checklist: %v", a.Username, err)
				}
				err := f.Svc.SetChecklistItem(ctx, a, id, "Fullmakt", casework.ChecklistMissing, "")
				if torg.ErrorCode(err) != torg.ENOTFOUND {
					t.Errorf("%s ticked the checklist: %v", a.Username, err)
				}
			}
		})
		t.Run("DC4.9 reads and changes are audited", func(t *testing.T) {
			var reads, sets []string
			f.DB.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
				switch e.Action {
				case "checklist.read":
					reads = append(reads, e.Object)
				case "checklist.set":
					if e.PersonID != f.Kari.ID {
						t.Errorf("checklist.set audited for person %d, want Kari", e.PersonID)
					}
					sets = append(sets, e.Detail)
				}
				return nil
			})
			if len(reads) == 0 {
				t.Errorf("no checklist.read audited")
			}
			want := []string{"received: Fullmakt", "not_relevant: Skattemelding", "received: Utskrift fra Gjeldsregisteret",
				"received: Lønnsslipper siste 3 måneder"}
			if !slices.Equal(sets, want) {
				t.Errorf("checklist.set audited %v, want %v", sets, want)
			}
		})
	})
}

// mustIncoming files an incoming record on a case through a drop-off of
// something not on the list, and returns its ID.
func mustIncoming(t *testing.T, f *casetest.Fixture, caseID int64) int64 {
	t.Helper()
	in := dropOff(f, "incoming-"+t.Name())
	in.CaseID, in.Delivered, in.Files = caseID, nil, nil
	q, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, in)
	if err != nil {
		t.Fatal(err)
	}
	return q.RecordID
}

func TestDropOffTicksTheChecklist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		id := f.KariCase.ID
		t.Run("FD2.3 the drop-off ticks off what it records as delivered, with its record", func(t *testing.T) {
			q, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, dropOff(f, "tick-1"))
			if err != nil {
				t.Fatal(err)
			}
			cl := mustChecklist(t, f, f.EG, id)
			for _, item := range []string{"Fullmakt", "Skattemelding"} {
				got := line(cl, item)
				if got.State != casework.ChecklistReceived || got.RecordID != q.RecordID || got.ChangedBy != "Frida Skranke" ||
					!got.Received.Equal(f.Clock.Now()) {
					t.Errorf("%s = %+v, want received with record %d by the desk", item, got, q.RecordID)
				}
			}
			if got := cl.Missing(); !slices.Equal(got, []string{"Lønnsslipper siste 3 måneder", "Utskrift fra Gjeldsregisteret"}) {
				t.Errorf("missing after the drop-off = %v", got)
			}
		})
		t.Run("FD2.3 the desk tells what the case still lacks, not what this delivery lacks", func(t *testing.T) {
			if err := f.Svc.SetChecklistItem(ctx, f.EG, id, "Utskrift fra Gjeldsregisteret", casework.ChecklistNotRelevant,
				"Har ingen usikret gjeld"); err != nil {
				t.Fatal(err)
			}
			in := dropOff(f, "tick-2")
			in.Delivered, in.Files = []string{"Lønnsslipper siste 3 måneder"}, nil
			q, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, in)
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Missing) != 0 {
				t.Errorf("FD2.3 missing = %v, want nothing: the rest came earlier or is not relevant", q.Missing)
			}
			rec, _, err := f.Svc.Record(ctx, f.EG, q.RecordID)
			if err != nil || strings.Contains(rec.Body, "Mangler fortsatt") {
				t.Errorf("the record says something is missing: %v\n%s", err, rec.Body)
			}
			if got := line(mustChecklist(t, f, f.EG, id), "Lønnsslipper siste 3 måneder"); got.RecordID != q.RecordID {
				t.Errorf("line = %+v, want record %d", got, q.RecordID)
			}
		})
	})
}

// listed returns the items of a letter preview's lists.
func listed(d casework.Draft) []string {
	var out []string
	for _, b := range d.Blocks {
		if b.Kind == letter.List {
			out = append(out, b.Lines...)
		}
	}
	return out
}

func TestMissingDocumentationLetter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2026-12-21 09:00"))
		noAnswerTwice(t, f, c)
		f.Clock.T = oslo(t, "2026-12-23 15:00")
		in := dropOff(f, "letter-drop")
		in.CaseID = c.ID
		if _, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, in); err != nil {
			t.Fatal(err)
		}
		if err := f.Svc.SetChecklistItem(ctx, f.EG, c.ID, "Utskrift fra Gjeldsregisteret", casework.ChecklistNotRelevant,
			"Har ingen usikret gjeld"); err != nil {
			t.Fatal(err)
		}
		t.Run("DC3.4 the assessment is on the checklist, with the checklist in view", func(t *testing.T) {
			cl := mustChecklist(t, f, f.EG, c.ID)
			if cl.Decision == nil || cl.Decision.Step != "DC3.4" || !slices.Equal(cl.Decision.Outcomes, []string{"sufficient", "missing"}) {
				t.Fatalf("DC3.4: decision = %+v, want the open DC3.4 task", cl.Decision)
			}
			if got := cl.Missing(); !slices.Equal(got, []string{"Lønnsslipper siste 3 måneder"}) {
				t.Errorf("DC3.4 missing = %v", got)
			}
			if cl := mustChecklist(t, f, f.KH, c.ID); cl.Decision != nil {
				t.Errorf("DC3.4: another counsellor may decide Eva Gran's task: %+v", cl.Decision)
			}
			if err := f.Svc.CompleteTask(ctx, f.EG, cl.Decision.ID, "missing", ""); err != nil {
				t.Fatal(err)
			}
			if cl := mustChecklist(t, f, f.EG, c.ID); cl.Decision != nil {
				t.Errorf("DC3.4 decided, still offered: %+v", cl.Decision)
			}
		})
		draft := func(t *testing.T) casework.Draft {
			t.Helper()
			drafts, err := f.Svc.Drafts(ctx, f.EG, c.ID)
			if err != nil || len(drafts) != 1 || drafts[0].Step != "DC3.5" {
				t.Fatalf("drafts = %+v, %v; want the DC3.5 letter", drafts, err)
			}
			return drafts[0]
		}
		t.Run("DC3.5 the letter asks only for what is still missing on the case", func(t *testing.T) {
			d := draft(t)
			if got := listed(d); !slices.Equal(got, []string{"Lønnsslipper siste 3 måneder"}) {
				t.Errorf("DC3.5 the letter lists %v, want only the pay slips", got)
			}
			if d.Notice != "" {
				t.Errorf("DC3.5 notice %q with something missing", d.Notice)
			}
		})
		t.Run("DC3.5 with nothing missing the draft says so and no empty letter is sent", func(t *testing.T) {
			if err := f.Svc.SetChecklistItem(ctx, f.EG, c.ID, "Lønnsslipper siste 3 måneder", casework.ChecklistReceived, ""); err != nil {
				t.Fatal(err)
			}
			if d := draft(t); d.Notice != "checklist.nothing_missing" || len(listed(d)) != 0 {
				t.Errorf("DC3.5 draft notice %q, list %v; want the nothing-missing notice", d.Notice, listed(d))
			}
			err := f.Svc.SendDraft(ctx, f.EG, c.ID, "debt_counselling", "DC3.5", "")
			if e := torg.AsError(err); e == nil || e.Code != torg.EINVALID || e.Key != "checklist.nothing_missing" {
				t.Errorf("DC3.5 send with nothing missing: %v, want refused", err)
			}
			v, err := f.Svc.Case(ctx, f.EG, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range v.Records {
				if r.Type == torg.RecordOutgoing && strings.Contains(r.Title, "Manglende dokumentasjon") {
					t.Errorf("DC3.5 a letter went out: %s", r.Title)
				}
			}
			draft(t) // the routine still waits for the counsellor
		})
		t.Run("DC3.5 once something is missing again, the letter asks for it and goes", func(t *testing.T) {
			if err := f.Svc.SetChecklistItem(ctx, f.EG, c.ID, "Fullmakt", casework.ChecklistMissing, "Ikke signert"); err != nil {
				t.Fatal(err)
			}
			if got := listed(draft(t)); !slices.Equal(got, []string{"Fullmakt"}) {
				t.Errorf("DC3.5 the letter lists %v, want the power of attorney", got)
			}
			if err := f.Svc.SendDraft(ctx, f.EG, c.ID, "debt_counselling", "DC3.5", ""); err != nil {
				t.Fatal(err)
			}
		})
	})
}
