package casework

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// Letters to the creditors on a case's debt schedule (DC6.2, DC8.5).
const (
	toCreditors        = "creditors"                      // a routine letter's recipients
	templateRequest    = "foresporsel_gjeldsopplysninger" // DC6.2: the request for debt information
	templatePOA        = "fullmakt"                       // the power of attorney that goes with it
	attachDebtSchedule = "debt_schedule"                  // DC6.6: the schedule as PDF, see routine.Generated
)

// creditor is one creditor on a debt schedule with its claims. Claims of
// the same creditor, however its name is spaced or capitalised, go in one
// letter.
type creditor struct {
	Name   string
	Addr   string // the first postal address given on its claims
	Claims []*torg.Claim
}

// creditorKey is what makes two spellings of a creditor the same.
func creditorKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// creditorsOf groups claims by creditor, in the order of the schedule.
// With unasked, only the claims whose creditor has not been asked for
// figures (DC6.2) count.
func creditorsOf(claims []*torg.Claim, unasked bool) []*creditor {
	var out []*creditor
	byKey := map[string]*creditor{}
	for _, cl := range claims {
		if unasked && !cl.RequestedAt.IsZero() {
			continue
		}
		k := creditorKey(cl.Creditor)
		cr := byKey[k]
		if cr == nil {
			cr = &creditor{Name: cl.Creditor}
			byKey[k] = cr
			out = append(out, cr)
		}
		cr.Claims = append(cr.Claims, cl)
		if cr.Addr == "" {
			cr.Addr = cl.CreditorAddr
		}
	}
	return out
}

// missingAddress returns the first creditor without a postal address.
func missingAddress(crs []*creditor) *creditor {
	for _, cr := range crs {
		if strings.TrimSpace(cr.Addr) == "" {
			return cr
		}
	}
	return nil
}

// references are a creditor's references to the citizen's claims.
func (cr *creditor) references() string {
	var refs []string
	for _, cl := range cr.Claims {
		if cl.Reference != "" && !slices.Contains(refs, cl.Reference) {
			refs = append(refs, cl.Reference)
		}
	}
	return strings.Join(refs, ", ")
}

// letterDebts turns claims into the debt lines of a letter, their kinds in
// the letter's language.
func letterDebts(claims []*torg.Claim, lang string) []letter.Debt {
	pr := i18n.New(i18n.Lang(lang))
	out := make([]letter.Debt, 0, len(claims))
	for _, cl := range claims {
		out = append(out, letter.Debt{Creditor: cl.Creditor, Kind: pr.T("debt.kind_" + cl.Kind),
			Reference: cl.Reference, Amount: letter.Amount{Minor: int64(cl.Balance)}})
	}
	return out
}

// creditorLetter composes a letter to one creditor about the citizen p, in
// the municipality's language: the creditor is addressed, its claims are
// the letter's debts. A protected citizen's address never reaches it:
// letter.Data blocks it (domain.md §2.1).
func (s *Service) creditorLetter(ctx context.Context, tx *store.Q, c *torg.Case, m *torg.Municipality, p *torg.Person,
	template string, cr *creditor) (*letter.Letter, error) {
	today := s.today(m)
	d, err := letterData(ctx, tx, c, m, p, today)
	if err != nil {
		return nil, err
	}
	d.Recipient = letter.Recipient{Name: cr.Name, Address: letter.Address{Street: cr.Addr}, Reference: cr.references()}
	d.Debts = letterDebts(cr.Claims, m.Language)
	if template == templateRequest {
		d.Deadline = letter.DateOf(torg.DateOf(today.Time().AddDate(0, requestWait, 0)))
	}
	return &letter.Letter{Template: template, Lang: m.Language, Data: d}, nil
}

// fileCreditorLetter renders a letter to a creditor with its attachments,
// files it as an outgoing record on the case with the creditor as
// correspondent and puts it in the print queue: creditors get paper.
func (s *Service) fileCreditorLetter(ctx context.Context, tx *store.Q, c *torg.Case, p *torg.Person, cr *creditor,
	l *letter.Letter, attachments []string, key string, by int64) error {
	subject, body, err := letter.Compose(l)
	if err != nil {
		return err
	}
	docs, err := s.letterDocs(ctx, tx, c, l, attachments)
	if err != nil {
		return err
	}
	rec := &torg.Record{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Type: torg.RecordOutgoing, Status: torg.RecordSent,
		Title: subject, Body: body, Correspondent: cr.Name, PersonID: p.ID, CreatedBy: by, Documents: docs}
	if err := tx.CreateRecord(ctx, rec, s.now()); err != nil {
		return err
	}
	sha, err := s.envelope(ctx, tx, docs)
	if err != nil {
		return err
	}
	msg := &store.OutboxMessage{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Channel: store.ChannelPrint,
		Recipient: strings.TrimSpace(cr.Name + "\n" + cr.Addr), Subject: subject, Body: body,
		DocumentSHA256: sha, IdempotencyKey: key}
	_, err = tx.Enqueue(ctx, msg, s.now())
	return err
}

// sendToCreditors sends a template to each creditor, with attachments,
// under keys made from prefix, as employee by. The request (DC6.2) marks
// the creditors' claims as asked.
func (s *Service) sendToCreditors(ctx context.Context, tx *store.Q, c *torg.Case, m *torg.Municipality, p *torg.Person,
	crs []*creditor, template string, attachments []string, prefix string, by int64) error {
	var asked []int64
	for _, cr := range crs {
		l, err := s.creditorLetter(ctx, tx, c, m, p, template, cr)
		if err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(creditorKey(cr.Name)))
		key := prefix + "/" + hex.EncodeToString(sum[:8])
		if err := s.fileCreditorLetter(ctx, tx, c, p, cr, l, attachments, key, by); err != nil {
			return err
		}
		for _, cl := range cr.Claims {
			asked = append(asked, cl.ID)
		}
	}
	if template != templateRequest {
		return nil
	}
	return tx.MarkClaimsRequested(ctx, c.ID, asked, s.now())
}

// sendCreditorLetters carries out a routine letter to the creditors (DC6.2,
// DC8.5) when torg can: the request goes to the creditors not yet asked,
// other letters to every creditor on the schedule, and every one of them
// needs a postal address. A schedule without claims has nobody to close
// with (DC8.5), and one whose creditors were all asked ahead of the
// routine has nobody left to ask: the letter counts as sent. It returns
// a nil event when a person must send the letter (SendDraft,
// RequestFromCreditors) once the schedule allows.
func (s *Service) sendCreditorLetters(ctx context.Context, tx *store.Q, c *torg.Case, m *torg.Municipality,
	p *torg.Person, a routine.Action) (*routine.Event, error) {
	claims, err := tx.CaseClaims(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	sent := &routine.Event{Kind: routine.EventLetterSent, Step: a.Step, Outcome: a.Template, At: s.now()}
	crs := creditorsOf(claims, a.Template == templateRequest)
	switch {
	case len(crs) == 0 && (len(claims) > 0 || a.Template != templateRequest):
		return sent, nil
	case len(crs) == 0 || missingAddress(crs) != nil:
		return nil, nil
	}
	return sent, s.sendToCreditors(ctx, tx, c, m, p, crs, a.Template, a.Attachments, a.Key, c.ResponsibleID)
}

// writeToCreditors sends a template with attachments to the case's
// creditors as the actor, as sendCreditorLetters chooses them, and returns
// how many letters went. A creditor without a postal address refuses it
// all, naming the creditor; a request needs creditors not yet asked.
func (s *Service) writeToCreditors(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case, m *torg.Municipality,
	template string, attachments []string) (int, error) {
	p, err := applicant(ctx, tx, c)
	if err != nil || p == nil {
		return 0, torg.Errorf(torg.EINVALID, "letter.no_recipient")
	}
	claims, err := tx.CaseClaims(ctx, c.ID)
	if err != nil {
		return 0, err
	}
	request := template == templateRequest
	crs := creditorsOf(claims, request)
	switch {
	case request && len(claims) == 0:
		return 0, torg.FieldError("claims", "debt.no_claims")
	case request && len(crs) == 0:
		return 0, torg.FieldError("claims", "debt.all_requested")
	case missingAddress(crs) != nil:
		return 0, torg.FieldError("creditor_addr", "debt.creditor_address_missing", "creditor", missingAddress(crs).Name)
	}
	prefix := fmt.Sprintf("case/%d/creditors/%s/by/%d/%d", c.ID, template, a.ID, s.now().UnixMicro())
	if err := s.sendToCreditors(ctx, tx, c, m, p, crs, template, attachments, prefix, a.ID); err != nil {
		return 0, err
	}
	return len(crs), s.audit(ctx, tx, a, "debt.letter_creditors", obj("case", c.ID), p.ID, fmt.Sprintf("%s %d", template, len(crs)))
}

// RequestFromCreditors sends «Forespørsel om gjeldsopplysninger» with the
// power of attorney to each creditor on the schedule not yet asked, one
// letter per creditor, and marks their claims as asked (DC6.2). If the
// case's routine waits for the request, it is done: the 2 months' wait for
// the answers starts. A creditor without a postal address refuses it all,
// naming the creditor, and nothing is sent. It returns how many letters
// went.
func (s *Service) RequestFromCreditors(ctx context.Context, a *torg.Employee, caseID int64) (int, error) {
	c, err := s.writableDebtCase(ctx, a, caseID)
	if err != nil {
		return 0, err
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.db.Write(ctx, func(tx *store.Q) error {
		if n, err = s.writeToCreditors(ctx, tx, a, c, m, templateRequest, []string{templatePOA}); err != nil {
			return err
		}
		return s.letterStepsDone(ctx, tx, a, c, templateRequest)
	})
	return n, err
}

// sendCreditorStep sends a routine's letter to the creditors that waits
// for a person (SendDraft), once the schedule has what it needs.
func (s *Service) sendCreditorStep(ctx context.Context, a *torg.Employee, c *torg.Case, routineID string, st *routine.Step) error {
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if !s.waitsForLetter(ctx, tx, c.ID, routineID, st.ID) {
			return torg.Errorf(torg.ECONFLICT, "letter.not_waiting")
		}
		if _, err := s.writeToCreditors(ctx, tx, a, c, m, st.Template, st.Attachments); err != nil {
			return err
		}
		return s.letterStepsDone(ctx, tx, a, c, st.Template)
	})
}

// creditorPreview composes a routine's letter to the creditors as the
// first of them would get it, for the case page; without creditors it has
// no recipient.
func (s *Service) creditorPreview(ctx context.Context, c *torg.Case, template string) (*letter.Letter, error) {
	q := s.db.R()
	p, err := applicant(ctx, q, c)
	if err != nil || p == nil {
		return nil, torg.Errorf(torg.EINVALID, "letter.no_recipient")
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return nil, err
	}
	claims, err := q.CaseClaims(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	cr := &creditor{}
	if crs := creditorsOf(claims, template == templateRequest); len(crs) > 0 {
		cr = crs[0]
	}
	return s.creditorLetter(ctx, q, c, m, p, template, cr)
}

// letterStepsDone tells the case's routines that a creditor letter they
// wait for a person to send has gone, which moves them on.
func (s *Service) letterStepsDone(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case, template string) error {
	crs, err := tx.CaseRoutines(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, cr := range crs {
		r, ok := s.Routine(cr.RoutineID, cr.Version)
		if !ok {
			continue
		}
		for _, st := range r.Steps {
			if st.Kind != routine.KindLetter || st.Template != template || !slices.Contains(st.To, toCreditors) ||
				!s.waitsForLetter(ctx, tx, c.ID, r.ID, st.ID) {
				continue
			}
			if err := tx.CompleteStepTasks(ctx, c.ID, r.ID, st.ID, s.now()); err != nil {
				return err
			}
			if err := s.routineStepEvent(ctx, tx, c, r.ID, routine.Event{Kind: routine.EventLetterSent, Step: st.ID,
				Outcome: template, At: s.now(), By: a.Username}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Collection register consent (DC6.3).
const (
	stepConsent    = "DC6.3"       // the citizen's choice
	stepFetch      = "DC6.3-fetch" // the data fetched and filed
	consentGranted = "granted"
	consentDenied  = "declined"
)

// RecordCollectionConsent records whether the citizen lets the service see
// their data in the debt-collection register (DC6.3): a note that states
// the choice and that it is voluntary and does not affect the advice, and
// the routine's step done with the outcome granted or declined. Only
// granted starts the month's wait before the data is fetched.
func (s *Service) RecordCollectionConsent(ctx context.Context, a *torg.Employee, caseID int64, granted bool) error {
	c, err := s.writableDebtCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return err
	}
	outcome := consentDenied
	if granted {
		outcome = consentGranted
	}
	body := s.printer(m).T("debt.consent_" + outcome)
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.CreateNote(ctx, &torg.Note{CaseID: c.ID, AuthorID: a.ID, Body: body}, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "debt.collection_consent", obj("case", c.ID), firstParty(c), outcome); err != nil {
			return err
		}
		return s.debtStepDone(ctx, tx, a, c, stepConsent, outcome, body)
	})
}

// debtStepDone does a step of the debt counselling routine with outcome:
// the routine goes on as if the step's task was done. A step the routine
// has not come to is done ahead of it, with reason.
func (s *Service) debtStepDone(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case, step, outcome, reason string) error {
	crs, err := tx.CaseRoutines(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, cr := range crs {
		r, ok := s.Routine(cr.RoutineID, cr.Version)
		if cr.RoutineID != debtRoutine || !ok || r.Step(step) == nil {
			continue
		}
		if err := tx.CompleteStepTasks(ctx, c.ID, r.ID, step, s.now()); err != nil {
			return err
		}
		ev := routine.Event{Kind: routine.EventStepDone, Step: step, Outcome: outcome, At: s.now(), By: a.Username,
			Reason: reason}
		if err := s.caseRoutineEvent(ctx, tx, c, cr, ev); err != nil {
			return torg.FieldError("reason", "routine.step_refused", "why", err.Error())
		}
	}
	return nil
}

// maxCollectionPDF is the largest file from the debt-collection register
// torg takes.
const maxCollectionPDF = 10 << 20

// FileCollectionData files the PDF the counsellor fetched from the
// debt-collection register as an incoming record on the case and does the
// routine's DC6.3-fetch step. Only PDFs of at most 10 MB are taken.
func (s *Service) FileCollectionData(ctx context.Context, a *torg.Employee, caseID int64, filename string, data []byte) error {
	c, err := s.writableDebtCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	switch {
	case len(data) == 0:
		return torg.FieldError("file", "debt.file_empty")
	case len(data) > maxCollectionPDF:
		return torg.FieldError("file", "debt.file_too_large", "max", maxCollectionPDF>>20)
	case !bytes.HasPrefix(data, []byte("%PDF-")):
		return torg.FieldError("file", "debt.collection_pdf_only")
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		title := s.printer(m).T("debt.collection_record_title")
		if err := s.fileIncoming(ctx, tx, a, c, title, filename, "application/pdf", data); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "debt.collection_file", obj("case", c.ID), firstParty(c), safeFilename(filename)); err != nil {
			return err
		}
		return s.debtStepDone(ctx, tx, a, c, stepFetch, routine.OutcomeDone, title)
	})
}
