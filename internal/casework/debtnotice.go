package casework

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
	"github.com/torg-kommune/torg/internal/debt"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// How far back DN1 looks for the same notice (a duplicate) and for an
// earlier one (a repeat the case worker should follow up).
const (
	noticeDuplicateDays = 30
	noticeRepeatDays    = 365
)

// NoticeInput is a debt notice as the administrative officer types it in or
// as one line of a bulk file carries it (DN1). NIN is the personnummer or
// samordningsnummer; the names and address are used only when the person
// is not yet known to torg and not in the population register.
type NoticeInput struct {
	NIN, GivenName, FamilyName, Address, Postcode, City string
	SenderKind, SenderName, Kind                        string
	Amount                                              torg.Money
	Received                                            torg.Date
	Note                                                string
	RequestKey                                          string
}

// RegisterNotice registers a notice of rent, electricity or water debt
// (DN1) in a new case of type debt_notice in the social-services unit and
// starts the DN routine on it. A person who is neither known to torg nor in
// the population register is registered from the notice and the notice is
// flagged NotRegistered, not refused. The same notice again (same sender,
// person, kind and amount within 30 days) is ECONFLICT notice.duplicate; a
// notice for a person with another notice in the last 12 months gets
// RepeatOf. The same request key returns the notice it registered.
func (s *Service) RegisterNotice(ctx context.Context, a *torg.Employee, in NoticeInput) (*torg.DebtNotice, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	n := &torg.DebtNotice{MunicipalityID: m.ID, SenderKind: in.SenderKind, SenderName: in.SenderName, Kind: in.Kind,
		Amount: in.Amount, Received: in.Received, Status: torg.NoticeOpen, Note: strings.TrimSpace(in.Note),
		RequestKey: in.RequestKey}
	n.Normalize()
	if n.RequestKey != "" {
		if done, err := s.db.R().DebtNoticeByRequestKey(ctx, m.ID, n.RequestKey); err == nil {
			return done, nil
		} else if torg.ErrorCode(err) != torg.ENOTFOUND {
			return nil, err
		}
	}
	number, err := s.parseNoticeNIN(m, in.NIN)
	if err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	today := torg.DateOf(s.now())
	if today.Before(n.Received) {
		return nil, torg.FieldError("received", "notice.received_future")
	}
	n.Deadline = rollForwardSE(torg.NoticeDeadline(n.Kind, n.Received))
	p, err := s.noticePerson(ctx, m, number, in)
	if err != nil {
		return nil, err
	}
	n.NotRegistered = p.ID == 0 && p.notRegistered
	u, err := s.noticeUnit(ctx, a)
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(tx *store.Q) error {
		if p.ID == 0 {
			if err := tx.CreatePerson(ctx, &p.Person, s.now()); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, a, "person.create", obj("person", p.ID), p.ID, "debt notice"); err != nil {
				return err
			}
		}
		n.PersonID = p.ID
		earlier, err := tx.PersonDebtNotices(ctx, m.ID, p.ID, n.Received.AddDays(-noticeRepeatDays))
		if err != nil {
			return err
		}
		for _, e := range earlier {
			if sameNotice(e, n) {
				return &torg.Error{Code: torg.ECONFLICT, Key: "notice.duplicate", Args: []any{"date", e.Received.String()}}
			}
		}
		if len(earlier) > 0 {
			n.RepeatOf = earlier[0].ID
		} else if n.RepeatOf, err = s.householdRepeat(ctx, tx, &p.Person, n.Received.AddDays(-noticeRepeatDays)); err != nil {
			return err
		}
		c := &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebtNotice, Status: torg.CaseOpen,
			Title: s.printer(m).T("notice.case_title", "kind", s.printer(m).T("notice.kind."+n.Kind), "name", p.Name())}
		if p.Protection != torg.ProtectionNone {
			c.Markers = []string{MarkerProtected}
		}
		if err := tx.CreateCase(ctx, c, s.now()); err != nil {
			return err
		}
		if err := tx.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: p.ID, Role: torg.PartyApplicant, Name: p.Name()}); err != nil {
			return err
		}
		n.CaseID = c.ID
		if err := tx.CreateDebtNotice(ctx, n, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "notice.register", obj("debt_notice", n.ID), p.ID, n.Kind); err != nil {
			return err
		}
		return s.StartRoutines(ctx, tx, c)
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// householdRepeat returns the newest notice since a date for anyone else
// the population register has at the person's address, or 0.
func (s *Service) householdRepeat(ctx context.Context, tx *store.Q, p *torg.Person, since torg.Date) (int64, error) {
	members, err := tx.RegisterHousehold(ctx, p.MunicipalityID, p.Address, p.Postcode)
	if err != nil {
		return 0, err
	}
	var newest *torg.DebtNotice
	for _, rp := range members {
		if rp.NIN == p.NIN {
			continue
		}
		other, err := tx.PersonByNIN(ctx, p.MunicipalityID, rp.NIN)
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			continue
		} else if err != nil {
			return 0, err
		}
		ns, err := tx.PersonDebtNotices(ctx, p.MunicipalityID, other.ID, since)
		if err != nil {
			return 0, err
		}
		if len(ns) > 0 && (newest == nil || newest.Received.Before(ns[0].Received)) {
			newest = ns[0]
		}
	}
	if newest == nil {
		return 0, nil
	}
	return newest.ID, nil
}

// rollForwardSE moves a statutory deadline that ends on a Saturday, Sunday,
// public holiday, midsommarafton, julafton or nyårsafton to the next working
// day (lag (1930:173) om beräkning av lagstadgad tid, domain.md §6).
func rollForwardSE(d torg.Date) torg.Date {
	cal, err := calendar.New("SE")
	if err != nil {
		return d
	}
	for i := 0; i < 14; i++ {
		eve := d.Month == time.December && (d.Day == 24 || d.Day == 31) ||
			d.Month == time.June && d.Day >= 19 && d.Day <= 25 && d.Time().Weekday() == time.Friday
		if cal.IsWorkingDay(d) && !eve {
			return d
		}
		d = d.AddDays(1)
	}
	return d
}

// sameNotice reports whether b repeats a: the same sender, kind and amount
// received within 30 days of each other.
func sameNotice(a, b *torg.DebtNotice) bool {
	days := int(b.Received.Time().Sub(a.Received.Time()).Hours() / 24)
	if days < 0 {
		days = -days
	}
	return a.SenderKind == b.SenderKind && strings.EqualFold(a.SenderName, b.SenderName) && a.Kind == b.Kind &&
		a.Amount == b.Amount && days <= noticeDuplicateDays
}

// parseNoticeNIN reads the person's number on a notice: a Swedish
// personnummer or samordningsnummer first (DN is Swedish practice), then a
// number of the municipality's own country.
func (s *Service) parseNoticeNIN(m *torg.Municipality, raw string) (nin.Number, error) {
	if strings.TrimSpace(raw) == "" {
		return nin.Number{}, torg.FieldError("nin", "person.nin_required")
	}
	n, err := nin.Parse(raw, nin.Sweden, s.now())
	if err == nil || nin.Country(m.Country) == nin.Sweden {
		return n, ninFieldError(err)
	}
	if n2, err2 := nin.Parse(raw, nin.Country(m.Country), s.now()); err2 == nil {
		return n2, nil
	}
	return n, ninFieldError(err)
}

func ninFieldError(err error) error {
	var ne *nin.Error
	if errors.As(err, &ne) {
		return torg.FieldError("nin", ne.Key, ne.Args...)
	}
	return err
}

// noticePerson is the person a notice is about, with ID 0 if they are to
// be created.
type noticePerson struct {
	torg.Person
	notRegistered bool
}

// noticePerson finds the person of a notice in torg, else in the
// population register, else takes them from the notice as not registered.
func (s *Service) noticePerson(ctx context.Context, m *torg.Municipality, n nin.Number, in NoticeInput) (*noticePerson, error) {
	if p, err := s.db.R().PersonByNIN(ctx, m.ID, n.Digits); err == nil {
		return &noticePerson{Person: *p}, nil
	} else if torg.ErrorCode(err) != torg.ENOTFOUND {
		return nil, err
	}
	p := torg.Person{MunicipalityID: m.ID, NIN: n.Digits, NINCountry: string(n.Country), NINKind: string(n.Kind),
		GivenName: clean(in.GivenName), FamilyName: clean(in.FamilyName), Address: clean(in.Address),
		Postcode: clean(in.Postcode), City: clean(in.City)}
	if !n.BirthDate.IsZero() {
		p.BirthDate = torg.DateOf(n.BirthDate)
	}
	e, err := s.registers().Population.Lookup(ctx, m.ID, n.Digits)
	notRegistered := torg.ErrorCode(err) == torg.ENOTFOUND
	switch {
	case err == nil:
		p.GivenName, p.FamilyName = e.GivenName, e.FamilyName
		p.Address, p.Postcode, p.City = e.Address, e.Postcode, e.City
		protect(&p, &e)
		if !e.BirthDate.IsZero() {
			p.BirthDate = e.BirthDate
		}
	case torg.ErrorCode(err) == torg.ENOTFOUND:
	default:
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &noticePerson{Person: p, notRegistered: notRegistered}, nil
}

// noticeUnit is the unit a notice's case belongs to: the social-services
// unit, else the unit of the officer registering it.
func (s *Service) noticeUnit(ctx context.Context, a *torg.Employee) (*torg.Unit, error) {
	u, err := s.db.R().UnitByCode(ctx, a.MunicipalityID, torg.UnitFinancialAssistance)
	if torg.ErrorCode(err) != torg.ENOTFOUND {
		return u, err
	}
	if len(a.Units) == 0 {
		return nil, errForbidden
	}
	return s.db.R().Unit(ctx, a.Units[0])
}

// CheckCurrent is DN2: whether the person of a notice is current
// (aktuell), that is has an open case of the social-services unit. If so
// (DN3) the notice goes to that case's responsible case worker: they
// become responsible for the notice's case, and the routine's DN3 task,
// due on the notice's legal deadline, asks them how the person is to be
// contacted and whether there is cause for concern (ReportConcern). The
// notice's status becomes NoticeToCaseWorker. If not, the notice stays open
// for the not-current paths (DN4–DN7). It returns the notice and the
// current case (nil if none).
func (s *Service) CheckCurrent(ctx context.Context, a *torg.Employee, noticeID int64) (*torg.DebtNotice, *torg.Case, error) {
	n, c, err := s.readableNotice(ctx, a, noticeID)
	if err != nil {
		return nil, nil, err
	}
	if n.Status != torg.NoticeOpen {
		return nil, nil, torg.Errorf(torg.ECONFLICT, "notice.already_checked")
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, nil, err
	}
	var current *torg.Case
	err = s.db.Write(ctx, func(tx *store.Q) error {
		cur, err := s.currentCase(ctx, tx, n)
		if err != nil {
			return err
		}
		outcome := "not_current"
		if cur != nil {
			outcome = "current"
			if err := tx.SetResponsible(ctx, c.ID, cur.ResponsibleID, s.now()); err != nil {
				return err
			}
			c.ResponsibleID = cur.ResponsibleID
		}
		// DN1 (received) and DN2 (checked) are done on the notice's case.
		if err := s.noticeSteps(ctx, tx, c, a, "DN1"); err != nil {
			return err
		}
		if _, err := s.noticeStep(ctx, tx, c, a, "DN2", outcome); err != nil {
			return err
		}
		if err := tx.CompleteStepTasks(ctx, c.ID, noticeRoutine, "DN2", s.now()); err != nil {
			return err
		}
		if cur == nil {
			return s.audit(ctx, tx, a, "notice.check_current", obj("debt_notice", n.ID), n.PersonID, outcome)
		}
		current = cur
		if err := s.caseWorkerTask(ctx, tx, m, a, n, c, cur); err != nil {
			return err
		}
		n.Status, n.Current = torg.NoticeToCaseWorker, true
		if err := tx.SetDebtNoticePath(ctx, n, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "notice.check_current", obj("debt_notice", n.ID), n.PersonID, outcome)
	})
	if err != nil {
		return nil, nil, err
	}
	return n, current, nil
}

// caseWorkerTask gives the DN3 task the notice's legal deadline and what
// the case worker needs to know of the notice. A case whose routine made
// no DN3 task gets one on the current case, as before the routine did.
func (s *Service) caseWorkerTask(ctx context.Context, tx *store.Q, m *torg.Municipality, a *torg.Employee,
	n *torg.DebtNotice, c, cur *torg.Case) error {
	pr := s.printer(m)
	detail := pr.T("notice.task_case_worker_detail", "sender", n.SenderName, "amount", formatAmount(n.Amount),
		"received", n.Received.String(), "deadline", n.Deadline.String())
	t, err := stepTask(ctx, tx, c.ID, "DN3")
	if err != nil {
		return err
	}
	if t != nil {
		return tx.SetTaskDue(ctx, t.ID, n.Deadline, detail)
	}
	return tx.CreateTask(ctx, &torg.Task{MunicipalityID: m.ID, UnitID: cur.UnitID, CaseID: cur.ID, AssigneeID: cur.ResponsibleID,
		Title: pr.T("notice.task_case_worker", "kind", pr.T("notice.kind."+n.Kind)), Detail: detail,
		Due: n.Deadline, CreatedBy: a.ID}, s.now())
}

// currentCase returns the person's open case of the social-services unit,
// the newest first, or nil.
func (s *Service) currentCase(ctx context.Context, tx *store.Q, n *torg.DebtNotice) (*torg.Case, error) {
	u, err := tx.UnitByCode(ctx, n.MunicipalityID, torg.UnitFinancialAssistance)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	cases, err := tx.PersonCases(ctx, n.MunicipalityID, n.PersonID)
	if err != nil {
		return nil, err
	}
	var cur *torg.Case
	for _, c := range cases {
		if c.UnitID == u.ID && c.Type != torg.CaseTypeDebtNotice && c.Status.Active() && (cur == nil || c.ID > cur.ID) {
			cur = c
		}
	}
	return cur, nil
}

// ReportConcern is the rest of DN3, the case worker's decision: whether
// minor children live in the household and there is cause for concern.
// With both, a report-of-concern task goes to the child, youth and family
// unit's list, due the next day (the protection assessment is made at once,
// domain.md §4.5). Either way the notice's handling ends there: its case
// is closed (DN3-close), and the same question is not answered twice. It
// returns the report's task, or nil.
func (s *Service) ReportConcern(ctx context.Context, a *torg.Employee, noticeID int64, children, concern bool) (*torg.Task, error) {
	n, c, err := s.readableNotice(ctx, a, noticeID)
	if err != nil {
		return nil, err
	}
	if n.Status != torg.NoticeToCaseWorker || !c.Status.Active() {
		return nil, torg.Errorf(torg.ECONFLICT, "notice.not_with_case_worker")
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	report := children && concern
	var cyf *torg.Unit
	if report {
		if cyf, err = s.db.R().UnitByCode(ctx, m.ID, torg.UnitChildYouthFamily); torg.ErrorCode(err) == torg.ENOTFOUND {
			return nil, torg.Errorf(torg.ECONFLICT, "notice.no_child_unit")
		} else if err != nil {
			return nil, err
		}
	}
	var task *torg.Task
	err = s.db.Write(ctx, func(tx *store.Q) error {
		outcome, action := "no_concern", "notice.no_concern"
		if report {
			outcome, action = "concern", "notice.report_concern"
		}
		if st, err := s.noticeRunState(ctx, tx, c.ID); err != nil {
			return err
		} else if st != nil && st.Steps["DN3"] != nil && st.Steps["DN3"].Status == routine.StepDone {
			return torg.Errorf(torg.ECONFLICT, "notice.not_with_case_worker") // answered before
		}
		ran, err := s.noticeStep(ctx, tx, c, a, "DN3", outcome)
		if err != nil {
			return err
		}
		if !ran {
			// No DN routine waits for DN3: the code does what it says.
			if err := s.concernByHand(ctx, tx, m, a, n, c, cyf); err != nil {
				return err
			}
		}
		if report {
			if task, err = stepTask(ctx, tx, c.ID, "DN3-report"); err != nil {
				return err
			} else if task == nil {
				return fmt.Errorf("casework: notice %d: no report-of-concern task", n.ID)
			}
		}
		return s.audit(ctx, tx, a, action, obj("debt_notice", n.ID), n.PersonID, "")
	})
	if err != nil {
		return nil, err
	}
	return task, nil
}

// concernByHand is DN3 for a notice whose case runs no DN routine that
// waits for it: the report's task if there is one to make, else the case
// closed (closing would settle the report's task).
func (s *Service) concernByHand(ctx context.Context, tx *store.Q, m *torg.Municipality, a *torg.Employee,
	n *torg.DebtNotice, c *torg.Case, cyf *torg.Unit) error {
	if cyf != nil {
		pr := s.printer(m)
		t := &torg.Task{MunicipalityID: m.ID, UnitID: cyf.ID, CaseID: n.CaseID,
			Title:     pr.T("notice.task_concern"),
			Detail:    pr.T("notice.task_concern_detail", "kind", pr.T("notice.kind."+n.Kind), "received", n.Received.String()),
			Due:       torg.DateOf(s.now()).AddDays(1),
			RoutineID: noticeRoutine, Step: "DN3-report", CreatedBy: a.ID}
		return tx.CreateTask(ctx, t, s.now())
	}
	return tx.SetCaseStatus(ctx, c.ID, torg.CaseClosedBy, s.now())
}

// Notice returns one debt notice, if the actor may read its case; the
// read is audited. The children's numbers are shown only to staff cleared
// for confidential persons.
func (s *Service) Notice(ctx context.Context, a *torg.Employee, id int64) (*torg.DebtNotice, error) {
	n, _, err := s.readableNotice(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, a, "notice.read", obj("debt_notice", n.ID), n.PersonID); err != nil {
		return nil, err
	}
	if a.Clearance < torg.ProtectionConfidential {
		n.Children = nil
	}
	return n, nil
}

// formatAmount writes an amount in whole and minor units, "12 500,00".
func formatAmount(m torg.Money) string {
	neg := m < 0
	if neg {
		m = -m
	}
	whole := fmt.Sprint(int64(m) / 100)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
	}
	s := fmt.Sprintf("%s,%02d", b.String(), int64(m)%100)
	if neg {
		return "-" + s
	}
	return s
}

// NoticeLine is one line of a bulk file that could not be registered.
type NoticeLine struct {
	Line int // 1 is the first line of the file, the header
	Err  error
}

// NoticeImport is what a bulk upload did: the notices registered and the
// lines refused, each with its line number and why.
type NoticeImport struct {
	Imported []*torg.DebtNotice
	Failed   []NoticeLine
}

// noticeColumns are the columns of a bulk file, by the names its header may
// use (English or Swedish).
var noticeColumns = map[string]string{
	"nin": "nin", "personnummer": "nin", "given_name": "given_name", "fornamn": "given_name", "förnamn": "given_name",
	"family_name": "family_name", "efternamn": "family_name", "address": "address", "adress": "address",
	"postcode": "postcode", "postnummer": "postcode", "city": "city", "ort": "city", "postort": "city",
	"sender_kind": "sender_kind", "avsandartyp": "sender_kind", "avsändartyp": "sender_kind",
	"sender_name": "sender_name", "avsandare": "sender_name", "avsändare": "sender_name",
	"kind": "kind", "skuld": "kind", "skuldslag": "kind", "amount": "amount", "belopp": "amount",
	"received": "received", "mottagen": "received", "inkom": "received", "note": "note", "anteckning": "note",
}

// ImportNotices registers the notices of a bulk file (CSV, "," or ";"
// separated, a header line naming the columns). Each line is registered
// on its own, all or nothing: good lines are imported, bad ones reported
// with their line numbers, and never half a line is kept.
func (s *Service) ImportNotices(ctx context.Context, a *torg.Employee, data []byte) (*NoticeImport, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	if err := s.checkFile(data); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, torg.FieldError("file", "notice.import_header")
	}
	col := map[string]int{}
	for i, h := range header {
		if c, ok := noticeColumns[strings.ToLower(strings.TrimSpace(h))]; ok {
			col[c] = i
		}
	}
	for _, need := range []string{"nin", "sender_kind", "sender_name", "kind", "amount", "received"} {
		if _, ok := col[need]; !ok {
			return nil, torg.FieldError("file", "notice.import_column_missing", "column", need)
		}
	}
	out := &NoticeImport{}
	for {
		rec, err := r.Read()
		line := 0
		if err == nil {
			line, _ = r.FieldPos(0) // after an error there may be no field: FieldPos would panic
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			out.Failed = append(out.Failed, NoticeLine{Line: line, Err: torg.FieldError("file", "notice.import_malformed")})
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		in, err := noticeRow(rec, col)
		if err == nil {
			var n *torg.DebtNotice
			if n, err = s.RegisterNotice(ctx, a, in); err == nil {
				out.Imported = append(out.Imported, n)
				continue
			}
		}
		if torg.AsError(err) == nil {
			return nil, fmt.Errorf("import notices, line %d: %w", line, err)
		}
		out.Failed = append(out.Failed, NoticeLine{Line: line, Err: err})
	}
	return out, nil
}

// noticeRow reads one line of a bulk file.
func noticeRow(rec []string, col map[string]int) (NoticeInput, error) {
	get := func(c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	in := NoticeInput{NIN: get("nin"), GivenName: get("given_name"), FamilyName: get("family_name"),
		Address: get("address"), Postcode: get("postcode"), City: get("city"), SenderKind: get("sender_kind"),
		SenderName: get("sender_name"), Kind: get("kind"), Note: get("note")}
	amount := strings.TrimSpace(strings.TrimPrefix(strings.ToLower(get("amount")), "sek"))
	amount = strings.TrimSpace(strings.TrimSuffix(amount, "sek"))
	m, err := debt.ParseAmount(amount)
	if err != nil || m <= 0 {
		return in, torg.FieldError("amount", "notice.amount.invalid")
	}
	in.Amount = m
	d, err := torg.ParseDate(get("received"))
	if err != nil {
		return in, torg.FieldError("received", "notice.received.required")
	}
	in.Received = d
	return in, nil
}
