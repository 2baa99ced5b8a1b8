package casework

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/pdfmerge"
	"github.com/torg-kommune/torg/internal/store"
)

// The not-current paths of a debt notice (DN4–DN7): the population
// register check, the intake record closed at once with its letter and PDF
// bundle (DN5), the for-information copy to the 1st social secretary of
// Child, youth and family (DN6), and what the secretary does with it (DN7).

// Where a notice ends up after DN7.
const (
	NoticeHandedOver = "handed_over" // DN7: noted on the current child case and handed to its case worker
	NoticeShredded   = "shredded"    // DN7: no current child case; the copy's content destroyed
)

// UnitChildYouthFamily is the code of the Child, youth and family unit
// (Barn, unga och familj) the DN routine names; its members are the 1st
// social secretary's group.
const UnitChildYouthFamily = "child_youth_family"

// noticeRoutine is the ID of the DN routine (routines/dn.yaml).
const noticeRoutine = "debt_notices"

// noticeListSteps are the 1st social secretary's steps (DN6–DN7): they are
// done from the for-information list, which hands the copy over or
// shreds it, never by ticking the task off.
var noticeListSteps = map[string]bool{"DN6-notify": true, "DN7": true, "DN7-hand-over": true, "DN7-shred": true}

// adultAge is the age from which a person is no longer a minor child.
const adultAge = 18

// NoticeChild is a minor child at the person's address (DN4).
type NoticeChild struct {
	NIN       string
	Name      string
	BirthDate torg.Date
}

// NoticeHousehold is the population register's answer for a notice (DN4).
type NoticeHousehold struct {
	Registered bool          // the person is in the population register
	Children   []NoticeChild // persons under 18 at the same address, oldest first
	// Unknown: the register gives no address for the person (strictly
	// protected, or registered without one), so torg cannot tell whether
	// children live there; the officer checks by other means.
	Unknown bool
}

// HasChildren reports whether minor children live at the person's address.
func (h *NoticeHousehold) HasChildren() bool { return len(h.Children) > 0 }

// NoticeRegisterCheck looks the notice's person up in the population
// register: are they registered, and do minor children live at the same
// address (DN4)? The local register (the embedded default) has the
// addresses; a child is a person under 18 on the municipality's today.
func (s *Service) NoticeRegisterCheck(ctx context.Context, a *torg.Employee, noticeID int64) (*NoticeHousehold, error) {
	n, _, err := s.readableNotice(ctx, a, noticeID)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	var h *NoticeHousehold
	err = s.db.Write(ctx, func(tx *store.Q) error {
		p, err := tx.Person(ctx, n.MunicipalityID, n.PersonID)
		if err != nil {
			return err
		}
		if h, err = s.household(ctx, tx, m, p); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "notice.register_check", obj("debt_notice", n.ID), p.ID,
			fmt.Sprintf("registered=%t children=%d", h.Registered, len(h.Children)))
	})
	return h, err
}

// household asks the population register about p (DN4).
func (s *Service) household(ctx context.Context, tx *store.Q, m *torg.Municipality, p *torg.Person) (*NoticeHousehold, error) {
	h := &NoticeHousehold{}
	e, err := s.registers().Population.Lookup(ctx, m.ID, p.NIN)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return h, nil
	}
	if err != nil {
		return nil, err
	}
	h.Registered = true
	if strings.TrimSpace(e.Address) == "" {
		h.Unknown = true
		return h, nil
	}
	rows, err := tx.RegisterHousehold(ctx, m.ID, e.Address, e.Postcode)
	if err != nil {
		return nil, err
	}
	today := s.today(m)
	for _, r := range rows {
		if r.NIN == e.NIN || r.Deceased || r.BirthDate.IsZero() || !minor(r.BirthDate, today) {
			continue
		}
		h.Children = append(h.Children, NoticeChild{NIN: r.NIN, Name: strings.TrimSpace(r.GivenName + " " + r.FamilyName),
			BirthDate: r.BirthDate})
	}
	slices.SortStableFunc(h.Children, func(x, y NoticeChild) int {
		return x.BirthDate.Time().Compare(y.BirthDate.Time())
	})
	return h, nil
}

// minor reports whether a person born on birth is under 18 on today.
func minor(birth, today torg.Date) bool {
	adult := torg.DateOf(birth.Time().AddDate(adultAge, 0, 0))
	return today.Before(adult)
}

// readableNotice returns a notice and its case for an employee who may read
// the case; a notice in a case they may not read does not exist for them.
func (s *Service) readableNotice(ctx context.Context, a *torg.Employee, id int64) (*torg.DebtNotice, *torg.Case, error) {
	n, err := s.db.R().DebtNotice(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.readableCase(ctx, a, n.CaseID)
	if err != nil {
		return nil, nil, err
	}
	return n, c, nil
}

// notCurrentNotice checks that a notice is on the not-current path and not
// yet past DN4: open, and the person not current (DN2).
func notCurrentNotice(n *torg.DebtNotice) error {
	if n.Status != torg.NoticeOpen || n.Current {
		return torg.Errorf(torg.ECONFLICT, "dnpath.wrong_state")
	}
	return nil
}

// NoticeIntake is what DN5 and DN6 made: the intake record, the letter's
// record and the PDF bundle filed on the notice's case.
type NoticeIntake struct {
	Record   *torg.Record  // the intake record (aktualisering), with the bundle as its document
	Letter   *torg.Record  // the outgoing letter to the person
	Bundle   torg.Document // record, notice summary and letter in one PDF
	Children []NoticeChild // DN6: the minor children found
	Notice   *torg.DebtNotice
	routine  bool // the case's DN routine took DN4 and goes on from there
}

// CloseNoticeIntake is DN5, the not-current path without minor children:
// the letter (underrattelse_brev) goes to the person, an intake record
// documents the debt and that the letter was sent, one PDF bundle of the
// record, a summary of the notice and the letter is filed on the case
// instead of in a binder, and the case is closed at once. A household with
// minor children is ECONFLICT dnpath.children_found: it goes to DN6.
func (s *Service) CloseNoticeIntake(ctx context.Context, a *torg.Employee, noticeID int64, key string) (*NoticeIntake, error) {
	return s.noticeIntake(ctx, a, noticeID, key, false)
}

// NoticeForInformation is DN6, the not-current path with minor children:
// the letter goes to the person, the intake record documents that there
// are minor children and that the letter was sent, the bundle is filed, and
// a för kännedom copy with the children's personnummer goes to the 1st
// social secretary: a task on the Child, youth and family unit's list and
// the notice on the secretary's list (ForInformationList). A household
// without minor children is ECONFLICT dnpath.no_children: it goes to DN5.
func (s *Service) NoticeForInformation(ctx context.Context, a *torg.Employee, noticeID int64, key string) (*NoticeIntake, error) {
	return s.noticeIntake(ctx, a, noticeID, key, true)
}

func (s *Service) noticeIntake(ctx context.Context, a *torg.Employee, noticeID int64, key string, children bool) (*NoticeIntake, error) {
	n, c, err := s.readableNotice(ctx, a, noticeID)
	if err != nil {
		return nil, err
	}
	if err := notCurrentNotice(n); err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	var cyf *torg.Unit
	if children {
		if cyf, err = s.db.R().UnitByCode(ctx, m.ID, UnitChildYouthFamily); err != nil {
			if torg.ErrorCode(err) == torg.ENOTFOUND {
				return nil, torg.Errorf(torg.ECONFLICT, "dnpath.no_child_unit")
			}
			return nil, err
		}
	}
	if key == "" {
		key = fmt.Sprintf("notice:%d:intake", n.ID)
	}
	var out *NoticeIntake
	err = s.db.Write(ctx, func(tx *store.Q) error {
		n, p, h, err := s.intakeCheck(ctx, tx, m, noticeID, children)
		if err != nil {
			return err
		}
		// The officer who takes the notice on handles its case and signs
		// the letter.
		if c.ResponsibleID == 0 {
			if err := tx.SetResponsible(ctx, c.ID, a.ID, s.now()); err != nil {
				return err
			}
			c.ResponsibleID = a.ID
		}
		out, err = s.intakeRecord(ctx, tx, a, m, c, n, p, h, key)
		if err != nil {
			return err
		}
		return s.intakeDone(ctx, tx, a, m, c, cyf, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// intakeCheck loads a notice again inside the transaction and checks that
// it is on the not-current path it is sent on: the person not current
// (DN2 leaves a not-current notice open; a person who is current after all
// goes to their case worker, DN3, never to DN5 or DN6), and minor children
// at the address for DN6, none for DN5 (DN4).
func (s *Service) intakeCheck(ctx context.Context, tx *store.Q, m *torg.Municipality, noticeID int64,
	children bool) (*torg.DebtNotice, *torg.Person, *NoticeHousehold, error) {
	n, err := tx.DebtNotice(ctx, m.ID, noticeID)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := notCurrentNotice(n); err != nil {
		return nil, nil, nil, err
	}
	if cur, err := s.currentCase(ctx, tx, n); err != nil {
		return nil, nil, nil, err
	} else if cur != nil {
		return nil, nil, nil, torg.Errorf(torg.ECONFLICT, "dnpath.current")
	}
	p, err := tx.Person(ctx, m.ID, n.PersonID)
	if err != nil {
		return nil, nil, nil, err
	}
	h, err := s.household(ctx, tx, m, p)
	if err != nil {
		return nil, nil, nil, err
	}
	switch {
	case children && !h.HasChildren():
		return nil, nil, nil, torg.Errorf(torg.ECONFLICT, "dnpath.no_children")
	case !children && h.HasChildren():
		return nil, nil, nil, torg.Errorf(torg.ECONFLICT, "dnpath.children_found")
	}
	return n, p, h, nil
}

// intakeRecord tells the routine the register's answer (DN4), which sends
// the letter (DN5, DN6-letter), and files the intake record with the
// bundle of record, notice summary and letter.
func (s *Service) intakeRecord(ctx context.Context, tx *store.Q, a *torg.Employee, m *torg.Municipality, c *torg.Case,
	n *torg.DebtNotice, p *torg.Person, h *NoticeHousehold, key string) (*NoticeIntake, error) {
	out := &NoticeIntake{Notice: n}
	var err error
	if out.Letter, out.routine, err = s.noticeLetterSent(ctx, tx, a, m, c, n, p, h, key); err != nil {
		return nil, err
	}
	letterPDF, err := tx.Blob(ctx, out.Letter.Documents[0].SHA256)
	if err != nil {
		return nil, err
	}
	// The letter speaks the person's language; the record and the
	// bundle's own pages are for staff, in the municipality's.
	pr := s.printer(m)
	body := intakeBody(pr, m, n, p, h, s.today(m))
	bundle, err := noticeBundle(pr, m, c, n, p, body, letterPDF, s.now())
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(bundle)
	out.Bundle = torg.Document{SHA256: hex.EncodeToString(sum[:]), MediaType: "application/pdf", Size: int64(len(bundle)),
		Filename: "aktualisering-" + strings.ReplaceAll(c.Number(), "/", "-") + ".pdf"}
	if err := tx.PutBlob(ctx, out.Bundle.SHA256, bundle); err != nil {
		return nil, err
	}
	out.Record = &torg.Record{MunicipalityID: m.ID, CaseID: c.ID, Type: torg.RecordNote, Status: torg.RecordFinished,
		Title: pr.T("dnpath.intake_title", "kind", pr.T("dnpath.kind_"+n.Kind), "name", p.Name()), Body: body,
		PersonID: p.ID, CreatedBy: a.ID, Documents: []torg.Document{out.Bundle}}
	if err := tx.CreateRecord(ctx, out.Record, s.now()); err != nil {
		return nil, err
	}
	n.NotRegistered = n.NotRegistered || !h.Registered
	n.Status = torg.NoticeIntakeClosed
	if h.HasChildren() {
		n.Status = torg.NoticeForInformation
		n.Children = make([]string, len(h.Children))
		for i, ch := range h.Children {
			n.Children[i] = ch.NIN
		}
		out.Children = h.Children
	}
	return out, tx.SetDebtNoticePath(ctx, n, s.now())
}

// noticeLetterSent hands the register's answer to the routine (DN4): the
// routine sends the letter to the person (DN5 or DN6-letter). A case whose
// routine does not send it gets it from here, as the routine would have.
// It returns the letter's record and whether the routine took DN4.
func (s *Service) noticeLetterSent(ctx context.Context, tx *store.Q, a *torg.Employee, m *torg.Municipality, c *torg.Case,
	n *torg.DebtNotice, p *torg.Person, h *NoticeHousehold, key string) (*torg.Record, bool, error) {
	before, err := tx.CaseRecords(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	outcome := "no_children"
	if h.HasChildren() {
		outcome = "children"
	}
	ran, err := s.noticeStep(ctx, tx, c, a, "DN4", outcome)
	if err != nil {
		return nil, false, err
	}
	if err := tx.CompleteStepTasks(ctx, c.ID, noticeRoutine, "DN4", s.now()); err != nil {
		return nil, false, err
	}
	recs, err := tx.CaseRecords(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	if len(recs) == len(before) || recs[len(recs)-1].Type != torg.RecordOutgoing {
		l, err := s.noticeLetter(ctx, tx, c, m, p, n, letterLang(m, p))
		if err != nil {
			return nil, false, err
		}
		if err := s.fileLetter(ctx, tx, c, p, l, nil, key, "", a.ID); err != nil {
			return nil, false, err
		}
		if recs, err = tx.CaseRecords(ctx, c.ID); err != nil {
			return nil, false, err
		}
	}
	return recs[len(recs)-1], ran, nil
}

// intakeDone tells the routine that the intake record is made: DN5 closes
// the case at once (DN5-close); DN6 sends the för kännedom copy to the
// Child, youth and family unit's list (DN6-notify) and the 1st social
// secretary's decision (DN7) follows. A case whose routine did not take DN4
// gets the copy's task and is closed here, as before the routine did.
func (s *Service) intakeDone(ctx context.Context, tx *store.Q, a *torg.Employee, m *torg.Municipality, c *torg.Case,
	cyf *torg.Unit, out *NoticeIntake) error {
	children := len(out.Children) > 0
	action := "notice.intake_closed"
	if children {
		action = "notice.for_information"
		if err := s.noticeSteps(ctx, tx, c, a, "DN6"); err != nil {
			return err
		}
		if err := s.fyiTask(ctx, tx, a, m, c, cyf, out); err != nil {
			return err
		}
	} else if err := s.noticeSteps(ctx, tx, c, a, "DN5", "DN5-intake"); err != nil {
		return err
	}
	if err := s.audit(ctx, tx, a, action, obj("debt_notice", out.Notice.ID), out.Record.PersonID,
		fmt.Sprintf("record=%d", out.Record.ID)); err != nil {
		return err
	}
	if out.routine {
		return nil // the routine closes the case: DN5-close, or DN7-close after the secretary
	}
	return tx.SetCaseStatus(ctx, c.ID, torg.CaseClosed, s.now())
}

// fyiTask makes sure the för kännedom copy is on the Child, youth and
// family unit's list (DN6-notify): the routine's task, or one made here.
func (s *Service) fyiTask(ctx context.Context, tx *store.Q, a *torg.Employee, m *torg.Municipality, c *torg.Case,
	cyf *torg.Unit, out *NoticeIntake) error {
	if t, err := stepTask(ctx, tx, c.ID, "DN6-notify"); err != nil || t != nil {
		return err
	}
	pr := s.printer(m)
	t := &torg.Task{MunicipalityID: m.ID, UnitID: cyf.ID, CaseID: c.ID, RecordID: out.Record.ID,
		Title:     pr.T("dnpath.fyi_task", "number", c.Number()),
		Detail:    pr.T("dnpath.fyi_task_detail", "count", len(out.Children)),
		RoutineID: noticeRoutine, Step: "DN6-notify", CreatedBy: a.ID}
	return tx.CreateTask(ctx, t, s.now())
}

// noticeLetter composes the letter to the person about the notice
// (underrattelse_brev) when the case's routine does not send it.
func (s *Service) noticeLetter(ctx context.Context, tx *store.Q, c *torg.Case, m *torg.Municipality, p *torg.Person,
	n *torg.DebtNotice, lang string) (*letter.Letter, error) {
	d, err := letterData(ctx, tx, c, m, p, s.today(m))
	if err != nil {
		return nil, err
	}
	fillNoticeLetter(&d, n, lang)
	return &letter.Letter{Template: "underrattelse_brev", Lang: lang, Data: d}, nil
}

// fillNoticeLetter puts a notice in a letter's merge fields: its sender,
// kind and amount as the one debt line, the date it came and the legal
// deadline; the unit signs when no case worker is named.
func fillNoticeLetter(d *letter.Data, n *torg.DebtNotice, lang string) {
	pr := i18n.New(i18n.Lang(lang))
	d.Case.Received = letter.DateOf(n.Received)
	d.Deadline = letter.DateOf(n.Deadline)
	d.Debts = []letter.Debt{{Creditor: n.SenderName, Kind: pr.T("dnpath.kind_" + n.Kind), Amount: letter.Amount{Minor: int64(n.Amount)}}}
	if d.Counsellor.Name == "" {
		d.Counsellor.Name = d.Unit.Name
	}
}

// intakeBody is the text of the intake record: the debt, the register's
// answer, and that the letter was sent (DN5, DN6). It names no child: the
// children's numbers travel only with the for-information copy.
func intakeBody(pr *i18n.Printer, m *torg.Municipality, n *torg.DebtNotice, p *torg.Person, h *NoticeHousehold, today torg.Date) string {
	lines := []string{
		pr.T("dnpath.body_notice", "sender", n.SenderName, "kind", pr.T("dnpath.kind_"+n.Kind),
			"amount", money(m, pr, n.Amount), "received", pr.Date(n.Received.Time()), "deadline", pr.Date(n.Deadline.Time())),
		pr.T("dnpath.body_not_current"),
	}
	switch {
	case !h.Registered:
		lines = append(lines, pr.T("dnpath.body_not_registered"))
	case h.Unknown:
		lines = append(lines, pr.T("dnpath.body_household_unknown"))
	case h.HasChildren():
		lines = append(lines, pr.T("dnpath.body_children", "count", len(h.Children)))
	default:
		lines = append(lines, pr.T("dnpath.body_no_children"))
	}
	if n.RepeatOf != 0 {
		lines = append(lines, pr.T("dnpath.body_repeat"))
	}
	lines = append(lines, pr.T("dnpath.body_letter_sent", "date", pr.Date(today.Time())))
	if h.HasChildren() {
		lines = append(lines, pr.T("dnpath.body_for_information"))
	} else {
		lines = append(lines, pr.T("dnpath.body_closed"))
	}
	return strings.Join(lines, "\n")
}

// money prints an amount in the printer's language with the municipality's
// currency.
func money(m *torg.Municipality, pr *i18n.Printer, a torg.Money) string {
	cur := "NOK"
	switch strings.ToUpper(m.Country) {
	case "SE":
		cur = "SEK"
	case "DK":
		cur = "DKK"
	}
	minor := int64(a)
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	digits := fmt.Sprint(minor / 100)
	var b strings.Builder
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(" ")
		}
		b.WriteByte(digits[i])
	}
	sep := ","
	if pr.Lang() == i18n.EN {
		sep = "."
	}
	return fmt.Sprintf("%s%s%s%02d %s", sign, b.String(), sep, minor%100, cur)
}

// noticeBundle prints the intake record and a summary of the notice and
// merges them with the letter into the one PDF that replaces the stapled
// copy in the intake binder (DN5). A protected address is not printed.
func noticeBundle(pr *i18n.Printer, m *torg.Municipality, c *torg.Case, n *torg.DebtNotice, p *torg.Person,
	body string, letterPDF []byte, now time.Time) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(now)
	f.SetModificationDate(now)
	f.SetMargins(25, 20, 20)
	f.SetAutoPageBreak(true, 20)
	tr := f.UnicodeTranslatorFromDescriptor("")
	page := func(title string, lines []string) {
		f.AddPage()
		f.SetFont("Helvetica", "B", 14)
		f.MultiCell(0, 7, tr(title), "", "L", false)
		f.SetFont("Helvetica", "", 11)
		f.MultiCell(0, 6, tr(pr.T("dnpath.pdf_case", "number", c.Number())), "", "L", false)
		f.Ln(4)
		for _, l := range lines {
			f.MultiCell(0, 6, tr(l), "", "L", false)
		}
	}
	page(pr.T("dnpath.pdf_record"), strings.Split(body, "\n"))
	addr := pr.T("dnpath.address_withheld")
	if p.Protection == torg.ProtectionNone {
		addr = strings.TrimSpace(p.Address + ", " + strings.TrimSpace(p.Postcode+" "+p.City))
	}
	page(pr.T("dnpath.pdf_notice"), []string{
		pr.T("dnpath.field_person", "value", p.Name()+" ("+p.NIN+")"),
		pr.T("dnpath.field_address", "value", addr),
		pr.T("dnpath.field_sender", "value", n.SenderName),
		pr.T("dnpath.field_kind", "value", pr.T("dnpath.kind_"+n.Kind)),
		pr.T("dnpath.field_amount", "value", money(m, pr, n.Amount)),
		pr.T("dnpath.field_received", "value", pr.Date(n.Received.Time())),
		pr.T("dnpath.field_deadline", "value", pr.Date(n.Deadline.Time())),
	})
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("casework: notice bundle: %w", err)
	}
	out, err := pdfmerge.Merge(buf.Bytes(), letterPDF)
	if err != nil {
		return nil, fmt.Errorf("casework: notice bundle: %w", err)
	}
	return out, nil
}

// ForInformationItem is one for-information copy on the 1st social
// secretary's list (DN7).
type ForInformationItem struct {
	Notice     *torg.DebtNotice
	CaseNumber string
	PersonName string // "" when withheld
	// Withheld: the person is protected above the secretary's clearance;
	// the name and the children's numbers are not shown.
	Withheld bool
	// ChildCases are the open cases of the Child, youth and family unit
	// about any of the children: a current child case (DN7).
	ChildCases []*torg.Case
}

// childUnit returns the Child, youth and family unit if a belongs to it:
// only its members handle the for-information copies (DN7).
func (s *Service) childUnit(ctx context.Context, a *torg.Employee) (*torg.Unit, error) {
	u, err := s.db.R().UnitByCode(ctx, a.MunicipalityID, UnitChildYouthFamily)
	if torg.ErrorCode(err) == torg.ENOTFOUND || (err == nil && !a.InUnit(u.ID)) {
		return nil, torg.Errorf(torg.EFORBIDDEN, "dnpath.not_child_unit")
	}
	return u, err
}

// ForInformationList is the 1st social secretary's list of for-information
// copies waiting for DN7, the oldest first, each with the current child
// cases of its children.
func (s *Service) ForInformationList(ctx context.Context, a *torg.Employee) ([]ForInformationItem, error) {
	u, err := s.childUnit(ctx, a)
	if err != nil {
		return nil, err
	}
	r := s.db.R()
	ns, err := r.DebtNoticesByStatus(ctx, a.MunicipalityID, torg.NoticeForInformation)
	if err != nil {
		return nil, err
	}
	var out []ForInformationItem
	var read []int64
	for _, n := range ns {
		it := ForInformationItem{Notice: n}
		if c, err := r.Case(ctx, n.MunicipalityID, n.CaseID); err == nil {
			it.CaseNumber = c.Number()
		}
		p, err := r.Person(ctx, n.MunicipalityID, n.PersonID)
		if err != nil {
			return nil, err
		}
		if p.Protection > a.Clearance {
			cp := *n
			cp.Children, cp.Note = nil, ""
			it.Notice, it.Withheld = &cp, true
		} else {
			it.PersonName = p.Name()
			read = append(read, p.ID)
			if it.ChildCases, err = s.childCases(ctx, r, u, n); err != nil {
				return nil, err
			}
		}
		out = append(out, it)
	}
	return out, s.auditRead(ctx, a, "notice.for_information_list", "notices", read...)
}

// childCases returns the open cases of unit u about any of a notice's
// children.
func (s *Service) childCases(ctx context.Context, q *store.Q, u *torg.Unit, n *torg.DebtNotice) ([]*torg.Case, error) {
	var out []*torg.Case
	for _, nin := range n.Children {
		ch, err := q.PersonByNIN(ctx, n.MunicipalityID, nin)
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		cs, err := q.PersonCases(ctx, n.MunicipalityID, ch.ID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.UnitID == u.ID && c.Status.Active() && !slices.ContainsFunc(out, func(x *torg.Case) bool { return x.ID == c.ID }) {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// forInformation loads a notice on the secretary's list for DN7.
func (s *Service) forInformation(ctx context.Context, tx *store.Q, a *torg.Employee, id int64) (*torg.DebtNotice, *torg.Person, error) {
	n, err := tx.DebtNotice(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := tx.Person(ctx, n.MunicipalityID, n.PersonID)
	if err != nil {
		return nil, nil, err
	}
	if p.Protection > a.Clearance {
		return nil, nil, notFound()
	}
	if n.Status != torg.NoticeForInformation {
		return nil, nil, torg.Errorf(torg.ECONFLICT, "dnpath.not_for_information")
	}
	return n, p, nil
}

// HandOverNotice is DN7 with a current child case: a journal note about the
// notice goes on the child case, and its case worker gets a task to take it
// over. The child case must be an open case of the Child, youth and family
// unit about one of the notice's children.
func (s *Service) HandOverNotice(ctx context.Context, a *torg.Employee, noticeID, childCaseID int64) (*torg.Record, error) {
	u, err := s.childUnit(ctx, a)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	pr := s.printer(m)
	var note *torg.Record
	err = s.db.Write(ctx, func(tx *store.Q) error {
		n, p, err := s.forInformation(ctx, tx, a, noticeID)
		if err != nil {
			return err
		}
		cs, err := s.childCases(ctx, tx, u, n)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cs, func(c *torg.Case) bool { return c.ID == childCaseID })
		if i < 0 {
			return torg.FieldError("child_case", "dnpath.not_child_case")
		}
		cc := cs[i]
		body := strings.Join([]string{
			pr.T("dnpath.body_notice", "sender", n.SenderName, "kind", pr.T("dnpath.kind_"+n.Kind),
				"amount", money(m, pr, n.Amount), "received", pr.Date(n.Received.Time()), "deadline", pr.Date(n.Deadline.Time())),
			pr.T("dnpath.handover_person", "name", p.Name(), "nin", p.NIN),
			pr.T("dnpath.handover_children", "nins", strings.Join(n.Children, ", ")),
		}, "\n")
		note = &torg.Record{MunicipalityID: m.ID, CaseID: cc.ID, Type: torg.RecordNote, Status: torg.RecordJournalled,
			Title: pr.T("dnpath.handover_title", "kind", pr.T("dnpath.kind_"+n.Kind)), Body: body,
			PersonID: p.ID, CreatedBy: a.ID}
		if err := tx.CreateRecord(ctx, note, s.now()); err != nil {
			return err
		}
		t := &torg.Task{MunicipalityID: m.ID, UnitID: u.ID, CaseID: cc.ID, RecordID: note.ID, AssigneeID: cc.ResponsibleID,
			Title: pr.T("dnpath.handover_task", "number", cc.Number()), Due: n.Deadline, CreatedBy: a.ID}
		if err := tx.CreateTask(ctx, t, s.now()); err != nil {
			return err
		}
		n.Status = NoticeHandedOver
		if err := tx.SetDebtNoticePath(ctx, n, s.now()); err != nil {
			return err
		}
		if err := s.noticeDN7(ctx, tx, a, n, "current_child_case", "DN7-hand-over"); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "notice.hand_over", obj("debt_notice", n.ID), p.ID, obj("case", cc.ID))
	})
	if err != nil {
		return nil, err
	}
	return note, nil
}

// ShredNotice is DN7 without a current child case: the for-information
// copy is destroyed. Its text and the children's numbers are blanked in the
// database; only the fact and the date of destruction are kept, and the
// audit trail says who did it.
func (s *Service) ShredNotice(ctx context.Context, a *torg.Employee, noticeID int64) error {
	if _, err := s.childUnit(ctx, a); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		n, p, err := s.forInformation(ctx, tx, a, noticeID)
		if err != nil {
			return err
		}
		if err := tx.ShredDebtNotice(ctx, n.MunicipalityID, n.ID, s.now()); err != nil {
			return err
		}
		n.Status, n.Children = NoticeShredded, nil
		if err := tx.SetDebtNoticePath(ctx, n, s.now()); err != nil {
			return err
		}
		if err := s.noticeDN7(ctx, tx, a, n, "no_child_case", "DN7-shred"); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "notice.shred", obj("debt_notice", n.ID), p.ID, "")
	})
}

// noticeDN7 tells the notice's routine the 1st social secretary's decision
// (DN7) and that its step is done (DN7-hand-over or DN7-shred), which
// closes the notice's case (DN7-close). The for-information tasks leave
// the unit's list either way.
func (s *Service) noticeDN7(ctx context.Context, tx *store.Q, a *torg.Employee, n *torg.DebtNotice, outcome, step string) error {
	c, err := tx.Case(ctx, n.MunicipalityID, n.CaseID)
	if err != nil {
		return err
	}
	if _, err := s.noticeStep(ctx, tx, c, a, "DN7", outcome); err != nil {
		return err
	}
	return s.noticeSteps(ctx, tx, c, a, step, "DN6-notify", "DN7", "DN7-hand-over", "DN7-shred")
}

// NoticeCount is one line of the notice statistics.
type NoticeCount struct {
	Key   string // a sender kind, kind of debt or outcome (status)
	Count int
}

// NoticeStats are the notice statistics for the leader (follow-up): how
// many notices came in a period, by sender, kind of debt and outcome, and
// how many repeated an earlier notice within 12 months.
type NoticeStats struct {
	From, To  torg.Date
	Total     int
	Repeats   int
	BySender  []NoticeCount
	ByKind    []NoticeCount
	ByOutcome []NoticeCount
}

// noticeOutcomes are the outcomes in the order the statistics list them.
var noticeOutcomes = []string{torg.NoticeOpen, torg.NoticeToCaseWorker, torg.NoticeIntakeClosed,
	torg.NoticeForInformation, NoticeHandedOver, NoticeShredded}

// NoticeStatistics counts the notices received from from to to, both days
// included. Only leaders see them; they hold no personal data.
func (s *Service) NoticeStatistics(ctx context.Context, a *torg.Employee, from, to torg.Date) (*NoticeStats, error) {
	if !a.Has(torg.RoleLeader) && !a.Has(torg.RoleAdmin) {
		return nil, torg.Errorf(torg.EFORBIDDEN, "dnpath.leaders_only")
	}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return nil, torg.FieldError("to", "dnpath.period_invalid")
	}
	ns, err := s.db.R().DebtNoticesReceived(ctx, a.MunicipalityID, from, to)
	if err != nil {
		return nil, err
	}
	st := &NoticeStats{From: from, To: to, Total: len(ns)}
	senders, kinds, outcomes := map[string]int{}, map[string]int{}, map[string]int{}
	for _, n := range ns {
		senders[n.SenderKind]++
		kinds[n.Kind]++
		outcomes[n.Status]++
		if n.RepeatOf != 0 {
			st.Repeats++
		}
	}
	st.BySender = counts(torg.NoticeSenders, senders)
	st.ByKind = counts(torg.NoticeKinds, kinds)
	st.ByOutcome = counts(noticeOutcomes, outcomes)
	return st, nil
}

// counts lists m in the order of keys, then any other key in sorted order.
func counts(keys []string, m map[string]int) []NoticeCount {
	out := make([]NoticeCount, 0, len(keys))
	for _, k := range keys {
		out = append(out, NoticeCount{Key: k, Count: m[k]})
	}
	var rest []string
	for k := range m {
		if !slices.Contains(keys, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		out = append(out, NoticeCount{Key: k, Count: m[k]})
	}
	return out
}
