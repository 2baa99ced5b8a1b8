package casework_test

import (
	"bytes"
	"image"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/scheduler"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

const closingNote = "Brukeren har fått råd om betalingsavtaler og trenger ikke mer hjelp nå."

// heldMeeting books a meeting on the case and marks it held: the routine
// then waits for the DC5 decision.
func heldMeeting(t *testing.T, f *casetest.Fixture, c *torg.Case) {
	t.Helper()
	ap, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, apptIn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.MarkAppointment(ctx, f.EG, ap.ID, true); err != nil {
		t.Fatal(err)
	}
}

// debtState returns the case's debt counselling routine state.
func debtState(t *testing.T, f *casetest.Fixture, caseID int64) (*routine.Routine, *routine.State) {
	t.Helper()
	rs, err := f.Svc.CaseRoutines(ctx, f.EG, caseID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Routine.ID == "debt_counselling" {
			return r.Routine, r.State
		}
	}
	t.Fatal("the case runs no debt counselling routine")
	return nil, nil
}

// stepStatus returns the status and outcome of a step of the case's routine.
func stepStatus(t *testing.T, f *casetest.Fixture, caseID int64, step string) (string, string) {
	t.Helper()
	_, st := debtState(t, f, caseID)
	if ss := st.Steps[step]; ss != nil {
		return ss.Status, ss.Outcome
	}
	return "", ""
}

func mustCase(t *testing.T, f *casetest.Fixture, id int64) *casework.CaseView {
	t.Helper()
	v, err := f.Svc.Case(ctx, f.EG, id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// recordTitled returns the case's record whose title starts with prefix.
func recordTitled(v *casework.CaseView, prefix string) *torg.Record {
	for _, r := range v.Records {
		if strings.HasPrefix(r.Title, prefix) {
			return r
		}
	}
	return nil
}

func TestCloseAfterFirstMeeting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		for _, reason := range []string{casework.ReasonAdviceGiven, casework.ReasonUnresolved, casework.ReasonNotSuitable} {
			t.Run("DC5 "+reason, func(t *testing.T) {
				c := startDebtCase(t, f, casetest.Now)
				heldMeeting(t, f, c)
				form, err := f.Svc.CloseForm(ctx, f.EG, c.ID)
				if err != nil || !form.AfterFirstMeeting || !slices.Equal(form.Reasons, []string{"advice_given", "unresolved_matters", "not_suitable"}) {
					t.Fatalf("close form %+v (%v), want the three DC5 reasons", form, err)
				}
				if err := f.Svc.CloseCase(ctx, f.EG, c.ID, reason, closingNote); err != nil {
					t.Fatal(err)
				}
				v := mustCase(t, f, c.ID)
				if v.Status != torg.CaseFinished {
					t.Errorf("status %s, want F (DC5-finish)", v.Status)
				}
				if st, out := stepStatus(t, f, c.ID, "DC5"); st != routine.StepDone || out != reason {
					t.Errorf("DC5 %s %s, want done with %s", st, out, reason)
				}
				note := recordTitled(v, "Avslutningsnotat")
				if note == nil || note.Type != torg.RecordNote || note.Body != closingNote {
					t.Fatalf("closing note %+v, want an N record with the note", note)
				}
				cl, err := f.Svc.Closing(ctx, f.EG, c.ID)
				if err != nil || cl == nil || cl.Reason != reason || cl.Note == nil || cl.Note.ID != note.ID || cl.By != f.EG.Name {
					t.Errorf("closing %+v (%v), want %s by %s with the note", cl, err, reason, f.EG.Name)
				}
				if st, _ := stepStatus(t, f, c.ID, "DC8.2"); st != routine.StepDone {
					t.Errorf("DC8.2 is %q, want done by the note", st)
				}
				for _, task := range v.Tasks {
					if (task.Step == "DC5" || task.Step == "DC8.2") && !task.IsDone() {
						t.Errorf("task %s %q still open", task.Step, task.Title)
					}
				}
			})
		}
	})
}

func TestClosingNoteRequired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, casetest.Now)
		heldMeeting(t, f, c)
		before := mustCase(t, f, c.ID)
		_, stBefore := debtState(t, f, c.ID)
		t.Run("DC8.2 an empty note is refused and nothing changes", func(t *testing.T) {
			err := f.Svc.CloseCase(ctx, f.EG, c.ID, casework.ReasonAdviceGiven, " \n\t ")
			if e := torg.AsError(err); e == nil || e.Field != "note" || e.Key != "closing.note_required" {
				t.Fatalf("error %v, want closing.note_required on note", err)
			}
			after := mustCase(t, f, c.ID)
			_, stAfter := debtState(t, f, c.ID)
			if after.Status != before.Status || len(after.Records) != len(before.Records) ||
				len(stAfter.History) != len(stBefore.History) {
				t.Errorf("the refused close changed the case: status %s→%s, records %d→%d, history %d→%d",
					before.Status, after.Status, len(before.Records), len(after.Records), len(stBefore.History), len(stAfter.History))
			}
		})
		t.Run("DC8.2 a reason the case cannot close with is refused", func(t *testing.T) {
			err := f.Svc.CloseCase(ctx, f.EG, c.ID, casework.ReasonHandlingFinished, closingNote)
			if e := torg.AsError(err); e == nil || e.Field != "reason" {
				t.Errorf("error %v, want a field error on reason", err)
			}
		})
		t.Run("DC8.1 only the responsible counsellor or a leader closes", func(t *testing.T) {
			if err := f.Svc.CloseCase(ctx, f.KH, c.ID, casework.ReasonAdviceGiven, closingNote); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("another counsellor: %v, want EFORBIDDEN", err)
			}
			if err := f.Svc.CloseCase(ctx, f.Outsider, c.ID, casework.ReasonAdviceGiven, closingNote); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("outsider: %v, want ENOTFOUND", err)
			}
			if err := f.Svc.CloseCase(ctx, f.Leader, c.ID, casework.ReasonAdviceGiven, closingNote); err != nil {
				t.Errorf("leader: %v", err)
			}
			if err := f.Svc.CloseCase(ctx, f.EG, c.ID, casework.ReasonAdviceGiven, closingNote); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("closing twice: %v, want ECONFLICT", err)
			}
		})
	})
}

// testPDF returns a PDF of n pages.
func testPDF(t *testing.T, n int) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetFont("Helvetica", "", 12)
	for i := range n {
		p.AddPage()
		p.Cell(40, 10, "side "+string(rune('1'+i)))
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	api.DisableConfigDir() // no pdfcpu settings folder in the tester's home
	n, err := api.PageCount(bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatalf("the PDF does not open: %v", err)
	}
	return n
}

// mappedCase is a case with a scan (PDF and image) handed in at the desk
// and a debt schedule of one creditor.
func mappedCase(t *testing.T, f *casetest.Fixture) *torg.Case {
	t.Helper()
	c := startDebtCase(t, f, casetest.Now)
	_, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, casework.DropOff{PersonID: f.Kari.ID, CaseID: c.ID,
		From: torg.FromCitizen, Delivered: []string{"Skattemelding"},
		Files: []casework.Upload{{Filename: "skattemelding.pdf", Data: testPDF(t, 2)}, {Filename: "kvittering.png", Data: testPNG(t)}}})
	if err != nil {
		t.Fatal(err)
	}
	claim := &torg.Claim{Kind: torg.ClaimConsumerLoan, Creditor: "Fjordkreditt AS", CreditorAddr: "Postboks 1, 4601 Kristiansand",
		Reference: "FK-1", Balance: 1_500_000}
	if _, err := f.Svc.AddClaim(ctx, f.EG, c.ID, claim); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCloseMappedCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := mappedCase(t, f)
		form, err := f.Svc.CloseForm(ctx, f.EG, c.ID)
		if err != nil || form.AfterFirstMeeting || !form.Claims || !slices.Equal(form.Reasons, []string{"handling_finished", "no_contact"}) {
			t.Fatalf("close form %+v (%v), want the mapped reasons and the claims", form, err)
		}
		if err := f.Svc.CloseCase(ctx, f.EG, c.ID, casework.ReasonHandlingFinished, closingNote); err != nil {
			t.Fatal(err)
		}
		v := mustCase(t, f, c.ID)
		t.Run("DC8.3 the debt schedule is filed", func(t *testing.T) {
			var files []string
			for _, r := range v.Records {
				for _, d := range r.Documents {
					files = append(files, d.Filename)
				}
			}
			all := strings.Join(files, " ")
			if !strings.Contains(all, ".xlsx") {
				t.Errorf("no spreadsheet filed: %s", all)
			}
			if st, _ := stepStatus(t, f, c.ID, "DC8.3"); st != routine.StepDone {
				t.Errorf("DC8.3 is %q, want done", st)
			}
		})
		t.Run("DC8.4 the documents are filed as one PDF that has the pages of the parts", func(t *testing.T) {
			var combined *torg.Record
			want := 1 // the cover page
			for _, r := range v.Records {
				for _, d := range r.Documents {
					switch {
					case strings.HasPrefix(d.Filename, "samlet-"):
						combined = r
					case d.MediaType == "application/pdf":
						_, data, err := f.Svc.Document(ctx, f.EG, r.ID, d.ID)
						if err != nil {
							t.Fatal(err)
						}
						want += pageCount(t, data)
					}
				}
			}
			if combined == nil || combined.Type != torg.RecordInternal || len(combined.Documents) != 1 {
				t.Fatalf("combined record %+v, want an internal record with one document", combined)
			}
			_, data, err := f.Svc.Document(ctx, f.EG, combined.ID, combined.Documents[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := pageCount(t, data); got != want || want < 5 {
				t.Errorf("combined PDF has %d pages, want %d: the cover, the scan's 2 and every letter", got, want)
			}
			if st, _ := stepStatus(t, f, c.ID, "DC8.4"); st != routine.StepDone {
				t.Errorf("DC8.4 is %q, want done", st)
			}
		})
		t.Run("DC8.5 the creditor gets the closing letter", func(t *testing.T) {
			if r := recordTitled(v, "Avslutning av saksbehandling – Kari"); r == nil || r.Type != torg.RecordOutgoing {
				t.Errorf("no closing letter to the creditor among %s", fmtAll(titles(v)))
			}
		})
		t.Run("DC8.7 the power of attorney ends with the closing letters", func(t *testing.T) {
			if !slices.Contains(v.Markers, casework.MarkerPOAEnded) {
				t.Errorf("markers %v, want %s", v.Markers, casework.MarkerPOAEnded)
			}
		})
	})
}

func titles(v *casework.CaseView) []string {
	var out []string
	for _, r := range v.Records {
		out = append(out, r.Title)
	}
	return out
}

func TestClosingLettersAndTimer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, casetest.Now)
		heldMeeting(t, f, c)
		if err := f.Svc.CloseCase(ctx, f.EG, c.ID, casework.ReasonAdviceGiven, closingNote); err != nil {
			t.Fatal(err)
		}
		v := mustCase(t, f, c.ID)
		t.Run("DC8.5-citizen the citizen gets «Avslutning av saksbehandling»", func(t *testing.T) {
			r := recordTitled(v, "Avslutning av saksbehandling – saken din")
			if r == nil || r.Type != torg.RecordOutgoing || len(r.Documents) != 1 || !strings.Contains(r.Body, "søke om gjeldsrådgivning på nytt") {
				t.Fatalf("closing letter %+v among %s", r, fmtAll(titles(v)))
			}
			var msgs []store.OutboxMessage
			err := db.Write(ctx, func(q *store.Q) (err error) {
				msgs, err = q.ClaimOutbox(ctx, "test", f.Clock.Now(), time.Minute, 50)
				return err
			})
			if err != nil || !slices.ContainsFunc(msgs, func(m store.OutboxMessage) bool {
				return strings.HasPrefix(m.Subject, "Avslutning av saksbehandling") && m.Channel == store.ChannelMailbox
			}) {
				t.Errorf("outbox %v (%v), want the closing letter for the digital mailbox", fmtAll(msgs), err)
			}
		})
		t.Run("DC8.7 without creditors the power of attorney ends at once", func(t *testing.T) {
			if !slices.Contains(v.Markers, casework.MarkerPOAEnded) {
				t.Errorf("markers %v, want %s", v.Markers, casework.MarkerPOAEnded)
			}
		})
		t.Run("DC8.6 the case is held open 2 months, then closed", func(t *testing.T) {
			sched := &scheduler.Scheduler{DB: db, Clock: f.Clock, Handle: f.Svc.FireTimer}
			f.Clock.T = casetest.Now.AddDate(0, 2, -1)
			if _, err := sched.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			if v := mustCase(t, f, c.ID); v.Status != torg.CaseFinished {
				t.Fatalf("status %s a day before 2 months, want F", v.Status)
			}
			f.Clock.T = casetest.Now.AddDate(0, 2, 2) // 23 January 2027 is a Saturday: Monday the 25th
			if _, err := sched.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			if v := mustCase(t, f, c.ID); v.Status != torg.CaseClosedBy || v.Closed.IsZero() {
				t.Fatalf("status %s, closed %v after 2 months, want S", v.Status, v.Closed)
			}
			cl, err := f.Svc.Closing(ctx, f.EG, c.ID)
			if err != nil || cl == nil || cl.Reason != casework.ReasonAdviceGiven || cl.Closed.IsZero() || !cl.LettersGone {
				t.Errorf("closing %+v (%v): want why, when handling ended and when the case closed", cl, err)
			}
			// The closed case leaves the work list: its leftover tasks are settled.
			tasks, err := f.DB.R().CaseTasks(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, task := range tasks {
				if !task.IsDone() {
					t.Errorf("task %q of the closed case is still open", task.Title)
				}
			}
			f.Clock.T = casetest.Now
		})
	})
}

func TestContactAfterClosing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, casetest.Now)
		heldMeeting(t, f, c)
		if err := f.Svc.CloseCase(ctx, f.EG, c.ID, casework.ReasonAdviceGiven, closingNote); err != nil {
			t.Fatal(err)
		}
		// Kari's other case is closed too, so that a new application is
		// not joined to it.
		if err := db.Write(ctx, func(q *store.Q) error {
			return q.SetCaseStatus(ctx, f.KariCase.ID, torg.CaseClosedBy, casetest.Now)
		}); err != nil {
			t.Fatal(err)
		}
		before := mustCase(t, f, c.ID)
		t.Run("DC8.8 a contact after the closing letter is not added to the case", func(t *testing.T) {
			err := f.Svc.LogContact(ctx, f.EG, c.ID, true, "Ringte om ny gjeld")
			if e := torg.AsError(err); e == nil || e.Key != "closing.apply_again" {
				t.Errorf("log contact: %v, want closing.apply_again", err)
			}
			_, _, err = f.Svc.RegisterDropOff(ctx, f.FrontDesk, casework.DropOff{PersonID: f.Kari.ID, CaseID: c.ID,
				From: torg.FromCitizen, Other: "Brev fra inkasso"})
			if err == nil {
				t.Error("documents were taken in on the closed case")
			}
			after := mustCase(t, f, c.ID)
			if len(after.Notes) != len(before.Notes) || len(after.Records) != len(before.Records) {
				t.Errorf("the closed case grew: notes %d→%d, records %d→%d", len(before.Notes), len(after.Notes),
					len(before.Records), len(after.Records))
			}
		})
		t.Run("DC8.8 the citizen applies again: a new case, which flags the earlier one (DC2.10)", func(t *testing.T) {
			nc, err := f.Svc.ApplyAgain(ctx, f.EG, c.ID, "key-1", "")
			if err != nil {
				t.Fatal(err)
			}
			if nc.ID == c.ID || nc.Type != torg.CaseTypeDebt {
				t.Fatalf("new case %+v", nc)
			}
			again, err := f.Svc.ApplyAgain(ctx, f.EG, c.ID, "key-1", "")
			if err != nil || again.ID != nc.ID {
				t.Errorf("the same button twice made case %v (%v), want %d", again, err, nc.ID)
			}
			v, err := f.Svc.Case(ctx, f.Leader, nc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Parties) != 1 || v.Parties[0].PersonID != f.Kari.ID {
				t.Errorf("parties %+v, want Kari", v.Parties)
			}
			if !slices.ContainsFunc(v.Tasks, func(t *torg.Task) bool { return t.Step == "DC2.10" }) {
				t.Errorf("no DC2.10 task on the new case: %s", fmtAll(v.Tasks))
			}
			if after := mustCase(t, f, c.ID); len(after.Records) != len(before.Records) {
				t.Errorf("the closed case got %d records more", len(after.Records)-len(before.Records))
			}
		})
		t.Run("DC8.8 an open case is not applied for again", func(t *testing.T) {
			open := startDebtCase(t, f, casetest.Now)
			if _, err := f.Svc.ApplyAgain(ctx, f.EG, open.ID, "", ""); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("apply again on an open case: %v, want ECONFLICT", err)
			}
		})
	})
}

func TestCloseAfterTheRoutineEnded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, casetest.Now)
		heldMeeting(t, f, c)
		// DC5 decided on the work list: the routine sets F itself, and the
		// note's task is marked done there, without a note.
		if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC5", "not_suitable", ""); err != nil {
			t.Fatal(err)
		}
		if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC8.2", "", ""); err != nil {
			t.Fatal(err)
		}
		form, err := f.Svc.CloseForm(ctx, f.EG, c.ID)
		if err != nil || form.Closing != nil || len(form.Reasons) != 5 {
			t.Fatalf("close form %+v (%v), want all five reasons: handling ended without a note", form, err)
		}
		t.Run("DC8.2 the note is still written, with its reason", func(t *testing.T) {
			if err := f.Svc.CloseCase(ctx, f.EG, c.ID, casework.ReasonNotSuitable, closingNote); err != nil {
				t.Fatal(err)
			}
			cl, err := f.Svc.Closing(ctx, f.EG, c.ID)
			if err != nil || cl == nil || cl.Reason != casework.ReasonNotSuitable || cl.Note == nil {
				t.Errorf("closing %+v (%v)", cl, err)
			}
			if err := f.Svc.CloseCase(ctx, f.EG, c.ID, casework.ReasonNotSuitable, closingNote); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("closing twice: %v, want ECONFLICT", err)
			}
		})
	})
}
