package casework_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/pdfmerge"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
	"golang.org/x/text/encoding/charmap"
)

// protectedCase opens a debt case for a person with protection, handled by
// the leader, who is cleared for it.
func protectedCase(t *testing.T, f *casetest.Fixture, p *torg.Person) *torg.Case {
	t.Helper()
	c := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt, Title: "Gjeldsrådgivning",
		ResponsibleID: f.Leader.ID, Status: torg.CaseOpen}
	err := f.DB.Write(ctx, func(q *store.Q) error {
		if err := q.CreateCase(ctx, c, f.Clock.Now()); err != nil {
			return err
		}
		return q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: p.ID, Role: torg.PartyApplicant})
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// outgoing returns a case's outgoing records.
func outgoing(t *testing.T, f *casetest.Fixture, a *torg.Employee, caseID int64) []*torg.Record {
	t.Helper()
	v, err := f.Svc.Case(ctx, a, caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []*torg.Record
	for _, r := range v.Records {
		if r.Type == torg.RecordOutgoing {
			out = append(out, r)
		}
	}
	return out
}

// queued takes the messages waiting in the outbox.
func queued(t *testing.T, f *casetest.Fixture) []store.OutboxMessage {
	t.Helper()
	var msgs []store.OutboxMessage
	err := f.DB.Write(ctx, func(q *store.Q) (err error) {
		msgs, err = q.ClaimOutbox(ctx, "test", f.Clock.Now().Add(time.Hour), time.Minute, 100)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// timerDay returns the day in Oslo a case's pending timer of a step is
// due, or "" if there is none.
func timerDay(t *testing.T, f *casetest.Fixture, caseID int64, step string) string {
	t.Helper()
	ts, err := f.DB.R().CaseTimers(ctx, caseID)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Oslo")
	for _, tm := range ts {
		if strings.Contains(tm.Key, "/"+step+"/") && tm.State == store.TimerPending {
			return torg.DateOf(tm.Due.In(loc)).String()
		}
	}
	return ""
}

// creditorLetters checks one letter to each creditor: filed with the
// creditor as correspondent and its reference, queued for paper post.
func creditorLetters(t *testing.T, recs []*torg.Record, msgs []store.OutboxMessage, subject string, creditors ...string) {
	t.Helper()
	for _, cr := range creditors {
		n := 0
		for _, r := range recs {
			if r.Correspondent == cr && strings.HasPrefix(r.Title, subject) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d letters «%s» to %s on the case, want 1", n, subject, cr)
		}
		n = 0
		for _, m := range msgs {
			if strings.HasPrefix(m.Recipient, cr+"\n") && strings.HasPrefix(m.Subject, subject) {
				n++
				if m.Channel != store.ChannelPrint || m.PersonID != 0 || m.DocumentSHA256 == "" {
					t.Errorf("letter to %s: %s to person %d, want paper to the creditor with its PDF", cr, m.Channel, m.PersonID)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d letters «%s» to %s queued, want 1", n, subject, cr)
		}
	}
}

func TestRequestFromCreditors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2027-01-11 09:00"))
		claims := someClaims()
		claims[2].CreditorAddr = "" // Nordlys Finans has no address yet
		mustAddClaims(t, f, f.EG, c.ID, claims)
		queued(t, f) // what the routine sent so far

		t.Run("DC6.2 without every address the routine leaves the request to the counsellor", func(t *testing.T) {
			f.Clock.T = oslo(t, "2027-01-12 12:00")
			if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC6.1", "help", "Kartlagt i møtet"); err != nil {
				t.Fatal(err)
			}
			if n := len(outgoing(t, f, f.EG, c.ID)); n != 0 {
				t.Errorf("%d letters sent, want none", n)
			}
			if !waiting(t, f, c.ID, "DC6.2") {
				t.Error("the routine does not wait for the request")
			}
		})
		t.Run("DC6.2 a creditor without address refuses the request; nothing is sent", func(t *testing.T) {
			n, err := f.Svc.RequestFromCreditors(ctx, f.EG, c.ID)
			wantKey(t, err, "debt.creditor_address_missing")
			if e := torg.AsError(err); e == nil || len(e.Args) < 2 || e.Args[1] != nordlys {
				t.Errorf("error %v does not name %s", err, nordlys)
			}
			v, _ := f.Svc.Debts(ctx, f.EG, c.ID)
			if n != 0 || len(outgoing(t, f, f.EG, c.ID)) != 0 || len(queued(t, f)) != 0 || !v.Claims[0].RequestedAt.IsZero() {
				t.Error("something was sent or marked")
			}
		})
		t.Run("DC6.2 one letter per creditor, claims marked, 2 months' wait", func(t *testing.T) {
			v, _ := f.Svc.Debts(ctx, f.EG, c.ID)
			fix := *v.Claims[2]
			fix.CreditorAddr = nordAddr
			if err := f.Svc.UpdateClaim(ctx, f.EG, c.ID, &fix); err != nil {
				t.Fatal(err)
			}
			n, err := f.Svc.RequestFromCreditors(ctx, f.EG, c.ID)
			if err != nil || n != 2 {
				t.Fatalf("request: %d letters, %v; want 2", n, err)
			}
			recs := outgoing(t, f, f.EG, c.ID)
			msgs := queued(t, f)
			creditorLetters(t, recs, msgs, "Forespørsel om gjeldsopplysninger", fjord, nordlys)
			for _, r := range recs {
				if len(r.Documents) != 2 || r.Documents[1].Filename != "fullmakt.pdf" {
					t.Errorf("letter to %s carries %+v, want the request and the power of attorney", r.Correspondent, r.Documents)
				}
			}
			// The envelope holds the power of attorney too: the outbox's
			// document has the pages of the letter and of the attachment.
			for _, m := range msgs {
				env, err := f.DB.R().Blob(ctx, m.DocumentSHA256)
				if err != nil {
					t.Fatal(err)
				}
				want := 0
				for _, d := range recs[0].Documents {
					b, _ := f.DB.R().Blob(ctx, d.SHA256)
					n, err := pdfmerge.Pages(b)
					if err != nil {
						t.Fatal(err)
					}
					want += n
				}
				if n, err := pdfmerge.Pages(env); err != nil || n != want {
					t.Errorf("the envelope to %s has %d pages (%v), want %d: letter and power of attorney", m.Recipient, n, err, want)
				}
			}
			v, _ = f.Svc.Debts(ctx, f.EG, c.ID)
			for _, cl := range v.Claims {
				if !cl.RequestedAt.Equal(f.Clock.Now()) {
					t.Errorf("claim %s requested at %v", cl.Creditor, cl.RequestedAt)
				}
			}
			if waiting(t, f, c.ID, "DC6.2") {
				t.Error("the routine still waits for the request")
			}
			if day := timerDay(t, f, c.ID, "DC6.2-wait"); day != "2027-03-12" {
				t.Errorf("DC6.2-wait due %q, want 2027-03-12", day)
			}
			if _, err := f.Svc.RequestFromCreditors(ctx, f.EG, c.ID); torg.AsError(err) == nil {
				t.Error("asking the same creditors again went through")
			}
		})
		t.Run("DC6.4 the last creditor's answer ends the 2 months' wait", func(t *testing.T) {
			f.Clock.Advance(14 * 24 * time.Hour)
			v, _ := f.Svc.Debts(ctx, f.EG, c.ID)
			for i, cl := range v.Claims {
				if timerDay(t, f, c.ID, "DC6.2-wait") == "" {
					t.Fatalf("the wait ended after %d of %d answers", i, len(v.Claims))
				}
				answer := *cl
				answer.Source, answer.Interest = torg.SourceCreditor, answer.Interest+1_000_00
				if err := f.Svc.UpdateClaim(ctx, f.EG, c.ID, &answer); err != nil {
					t.Fatal(err)
				}
			}
			if day := timerDay(t, f, c.ID, "DC6.2-wait"); day != "" {
				t.Errorf("DC6.2-wait still due %s after every creditor answered", day)
			}
			if !waiting(t, f, c.ID, "DC6.4") {
				t.Error("no DC6.4 task to enter the answers in the debt schedule")
			}
		})
	})
}

// waiting reports whether the case's debt routine waits for a person to
// do step.
func waiting(t *testing.T, f *casetest.Fixture, caseID int64, step string) bool {
	t.Helper()
	for _, cr := range mustRoutines(t, f, caseID) {
		for _, u := range cr.Upcoming {
			if u.Step == step && u.Role == routine.RolePerson {
				return true
			}
		}
	}
	return false
}

func TestCreditorLettersByTheRoutine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2027-01-11 09:00"))
		mustAddClaims(t, f, f.EG, c.ID, someClaims())
		queued(t, f)
		t.Run("DC6.2 sent by the routine when every creditor has an address", func(t *testing.T) {
			f.Clock.T = oslo(t, "2027-01-12 12:00")
			if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC6.1", "help", "Kartlagt i møtet"); err != nil {
				t.Fatal(err)
			}
			creditorLetters(t, outgoing(t, f, f.EG, c.ID), queued(t, f), "Forespørsel om gjeldsopplysninger", fjord, nordlys)
			if timerDay(t, f, c.ID, "DC6.2-wait") == "" {
				t.Error("no DC6.2-wait timer")
			}
		})
		t.Run("DC8.5 closing letters to every creditor when the case is finished", func(t *testing.T) {
			mustAddClaims(t, f, f.EG, c.ID, []*torg.Claim{{Kind: torg.ClaimTax, Creditor: "Statens innkrevingssentral",
				CreditorAddr: "Postboks 4103\n8591 Mo i Rana", Balance: kr(12_960)}})
			f.Clock.T = oslo(t, "2027-03-20 10:00")
			finish(t, f, c)
			creditorLetters(t, outgoing(t, f, f.EG, c.ID), queued(t, f), "Avslutning av saksbehandling",
				fjord, nordlys, "Statens innkrevingssentral")
		})
	})
}

func TestCollectionRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		granted := startDebtCase(t, f, oslo(t, "2027-01-11 09:00"))
		declined := startDebtCase(t, f, oslo(t, "2027-01-11 09:00"))
		for _, c := range []*torg.Case{granted, declined} {
			if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC6.1", "own_documents", "Kartlagt i møtet"); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("DC6.3 granted: the data is fetched after 1 month", func(t *testing.T) {
			if err := f.Svc.RecordCollectionConsent(ctx, f.EG, granted.ID, true); err != nil {
				t.Fatal(err)
			}
			if day := timerDay(t, f, granted.ID, "DC6.3-wait"); day != "2027-02-11" {
				t.Errorf("DC6.3-wait due %q, want 2027-02-11", day)
			}
			v, _ := f.Svc.Case(ctx, f.EG, granted.ID)
			if len(v.Notes) == 0 || !strings.Contains(v.Notes[len(v.Notes)-1].Body, "frivillig") {
				t.Errorf("notes %+v, want the choice noted as voluntary", v.Notes)
			}
		})
		t.Run("DC6.3 declined: no wait, the case is marked", func(t *testing.T) {
			if err := f.Svc.RecordCollectionConsent(ctx, f.EG, declined.ID, false); err != nil {
				t.Fatal(err)
			}
			if day := timerDay(t, f, declined.ID, "DC6.3-wait"); day != "" {
				t.Errorf("DC6.3-wait set for %s", day)
			}
			v, _ := f.Svc.Case(ctx, f.EG, declined.ID)
			if !strings.Contains(strings.Join(v.Markers, ","), "collection_register_declined") {
				t.Errorf("markers %v", v.Markers)
			}
		})
		t.Run("DC6.3-fetch only a PDF is filed", func(t *testing.T) {
			wantKey(t, f.Svc.FileCollectionData(ctx, f.EG, granted.ID, "inkasso.png", []byte("\x89PNG\r\n\x1a\n")), "debt.collection_pdf_only")
			wantKey(t, f.Svc.FileCollectionData(ctx, f.EG, granted.ID, "inkasso.pdf", bytes.Repeat([]byte("%PDF-"), 3<<20)),
				"debt.file_too_large")
			f.Clock.T = oslo(t, "2027-02-12 10:00")
			if err := f.Svc.FileCollectionData(ctx, f.EG, granted.ID, "inkasso.pdf", []byte("%PDF-1.7\n%fake\n")); err != nil {
				t.Fatal(err)
			}
			v, _ := f.Svc.Case(ctx, f.EG, granted.ID)
			var filed *torg.Record
			for _, r := range v.Records {
				if r.Type == torg.RecordIncoming && len(r.Documents) == 1 && r.Documents[0].MediaType == "application/pdf" {
					filed = r
				}
			}
			if filed == nil || filed.Title != "Opplysninger fra Inkassoregisteret" {
				t.Errorf("records %+v, want the PDF filed as incoming", v.Records)
			}
			if timerDay(t, f, granted.ID, "DC6.3-wait") != "" || waiting(t, f, granted.ID, "DC6.3-fetch") {
				t.Error("DC6.3-fetch is not done")
			}
		})
	})
}

func TestFeedbackCarriesTheSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2027-01-11 09:00"))
		mustAddClaims(t, f, f.EG, c.ID, someClaims())
		if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC6.5", "", "Vurdert i møtet"); err != nil {
			t.Fatal(err)
		}
		t.Run("DC6.6 the schedule PDF goes with the feedback letter", func(t *testing.T) {
			if err := f.Svc.SendDraft(ctx, f.EG, c.ID, "debt_counselling", "DC6.6", ""); err != nil {
				t.Fatal(err)
			}
			recs := outgoing(t, f, f.EG, c.ID)
			if len(recs) != 1 || len(recs[0].Documents) != 2 {
				t.Fatalf("letters %+v, want one with two documents", recs)
			}
			r := recs[0]
			if d := r.Documents[1]; d.MediaType != "application/pdf" || !strings.HasPrefix(d.Filename, "gjeldsskjema-") {
				t.Errorf("attachment %+v, want the debt schedule as PDF", d)
			}
			for _, want := range []string{fjord, nordlys, "Forbrukslån", "Inkassokrav"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("the letter's debt table lacks %q:\n%s", want, r.Body)
				}
			}
		})
	})
}

var (
	streamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	showRE   = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)\s*Tj`)
)

// pdfText returns a PDF's bytes with its compressed streams inflated and
// the text it shows decoded from Windows-1252, to search for a string.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	var b strings.Builder
	b.Write(pdf)
	unescape := strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`)
	for _, m := range streamRE.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		raw, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(raw)
		for _, s := range showRE.FindAllSubmatch(raw, -1) {
			text, _ := charmap.Windows1252.NewDecoder().String(unescape.Replace(string(s[1])))
			b.WriteString("\n" + strings.ReplaceAll(text, "\u00a0", " "))
		}
	}
	return b.String()
}

func TestCreditorLettersNeverCarryAProtectedAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		for _, p := range []*torg.Person{f.Protected, f.Confidential} {
			t.Run(fmt.Sprintf("DC1.3 protection %d", p.Protection), func(t *testing.T) {
				c := protectedCase(t, f, p)
				mustAddClaims(t, f, f.Leader, c.ID, someClaims())
				if n, err := f.Svc.RequestFromCreditors(ctx, f.Leader, c.ID); err != nil || n != 2 {
					t.Fatalf("request: %d, %v", n, err)
				}
				recs := outgoing(t, f, f.Leader, c.ID)
				msgs := queued(t, f)
				if len(recs) != 2 || len(msgs) != 2 {
					t.Fatalf("%d letters filed, %d queued; want 2 and 2", len(recs), len(msgs))
				}
				var texts []string
				for _, r := range recs {
					texts = append(texts, r.Title, r.Body, r.Correspondent)
					for _, d := range r.Documents {
						_, data, err := f.Svc.Document(ctx, f.Leader, r.ID, d.ID)
						if err != nil {
							t.Fatal(err)
						}
						texts = append(texts, pdfText(t, data))
					}
				}
				for _, m := range msgs {
					texts = append(texts, m.Recipient, m.Subject, m.Body)
				}
				all := strings.Join(texts, "\n")
				if !strings.Contains(all, p.Name()) || !strings.Contains(all, "Postboks 4410 Nydalen") {
					t.Fatal("the letters do not name the debtor and the creditor: the search below would prove nothing")
				}
				for _, part := range []string{p.Address, strings.Fields(p.Address)[0], p.Postcode + " " + p.City} {
					if strings.Contains(all, part) {
						t.Errorf("a creditor letter carries the protected address (%q)", part)
					}
				}
			})
		}
	})
}

// finish sets a case to finished by the case handler (F) as closing does,
// which starts DC8.
func finish(t *testing.T, f *casetest.Fixture, c *torg.Case) {
	t.Helper()
	err := f.DB.Write(ctx, func(q *store.Q) error {
		if err := q.SetCaseStatus(ctx, c.ID, torg.CaseFinished, f.Clock.Now()); err != nil {
			return err
		}
		c.Status = torg.CaseFinished
		return f.Svc.RoutineEvent(ctx, q, c, routine.Event{Kind: routine.EventStatusChanged, Outcome: "F", At: f.Clock.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCreditorLettersSentByHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2027-01-11 09:00"))
		claims := someClaims()
		claims[2].CreditorAddr = ""
		mustAddClaims(t, f, f.EG, c.ID, claims)
		f.Clock.T = oslo(t, "2027-03-20 10:00")
		finish(t, f, c)
		queued(t, f)
		t.Run("DC8.5 waits for the counsellor while a creditor has no address", func(t *testing.T) {
			if !waiting(t, f, c.ID, "DC8.5") || timerDay(t, f, c.ID, "DC8.6") != "" {
				t.Fatal("the routine does not wait for the closing letters to the creditors")
			}
			drafts, err := f.Svc.Drafts(ctx, f.EG, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var preview string
			for _, d := range drafts {
				if d.Step == "DC8.5" {
					preview = d.Subject + "\n" + d.Body
				}
			}
			if !strings.HasPrefix(preview, "Avslutning av saksbehandling – "+f.Kari.Name()) {
				t.Errorf("DC8.5 preview:\n%s", preview)
			}
			wantKey(t, f.Svc.SendDraft(ctx, f.EG, c.ID, "debt_counselling", "DC8.5", ""), "debt.creditor_address_missing")
		})
		t.Run("DC8.5 sent from the case to the creditors, not the citizen", func(t *testing.T) {
			v, _ := f.Svc.Debts(ctx, f.EG, c.ID)
			fix := *v.Claims[2]
			fix.CreditorAddr = nordAddr
			if err := f.Svc.UpdateClaim(ctx, f.EG, c.ID, &fix); err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.SendDraft(ctx, f.EG, c.ID, "debt_counselling", "DC8.5", ""); err != nil {
				t.Fatal(err)
			}
			recs := outgoing(t, f, f.EG, c.ID)
			creditorLetters(t, recs, queued(t, f), "Avslutning av saksbehandling – "+f.Kari.Name(), fjord, nordlys)
			for _, r := range recs {
				if r.Correspondent == f.Kari.Name() && strings.HasPrefix(r.Title, "Avslutning av saksbehandling – "+f.Kari.Name()) {
					t.Error("the creditors' letter went to the citizen")
				}
			}
			if waiting(t, f, c.ID, "DC8.5") || timerDay(t, f, c.ID, "DC8.6") == "" {
				t.Error("DC8.6: the case is not held open after the closing letters")
			}
		})
		t.Run("DC8.3 filing the schedule does the step", func(t *testing.T) {
			if !waiting(t, f, c.ID, "DC8.3") {
				t.Fatal("the routine does not wait for the schedule to be filed")
			}
			if _, err := f.Svc.FileSchedule(ctx, f.EG, c.ID); err != nil {
				t.Fatal(err)
			}
			if waiting(t, f, c.ID, "DC8.3") {
				t.Error("DC8.3 still waits after the schedule was filed")
			}
		})
	})
}
