package casework

import (
	"cmp"
	"context"

	"github.com/torg-kommune/torg"
)

// PaperApplication is an application a citizen sent on paper, as the
// document centre types it in (DC1.2).
type PaperApplication struct {
	Application
	Received string // the date the letter arrived, 2006-01-02; today if empty
}

// RegisterPaperApplication files a paper application (DC1.2) exactly as
// Apply files a web form — the same checks, dedup, joining an open case,
// identity flag, distribution and routines — but the record is created by
// the actor, titled as received on paper on the date received, and that
// date is the day of receipt the distribution uses (DC1.4). It reports dup
// when the same form was submitted before.
func (s *Service) RegisterPaperApplication(ctx context.Context, a *torg.Employee, in PaperApplication) (*torg.Case, bool, error) {
	pf, err := s.PaperApplicationForm(ctx, a, in.UnitCode)
	if err != nil {
		return nil, false, err
	}
	m := pf.Muni
	received, err := s.receivedDate(m, in.Received)
	if err != nil {
		return nil, false, err
	}
	pr := s.printer(m)
	title := pr.T("paper.record_title", "date", pr.Date(received.Time()))
	return s.submitApplication(ctx, m, pf.Unit, in.Application, filing{by: a, title: title, action: "case.apply_paper",
		received: received})
}

// PaperForm is what the paper application form shows: where the
// application goes and the date that is today there.
type PaperForm struct {
	Muni  *torg.Municipality
	Unit  *torg.Unit
	Today torg.Date
}

// PaperApplicationForm returns where a paper application is registered,
// if the actor may register it (DC1.2).
func (s *Service) PaperApplicationForm(ctx context.Context, a *torg.Employee, unitCode string) (*PaperForm, error) {
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	u, err := s.db.R().UnitByCode(ctx, m.ID, cmp.Or(unitCode, "debt"))
	if err != nil {
		return nil, err
	}
	if err := canRegisterPaper(a, u); err != nil {
		return nil, err
	}
	return &PaperForm{Muni: m, Unit: u, Today: s.today(m)}, nil
}

// receivedDate parses the date received; it may not lie in the future.
func (s *Service) receivedDate(m *torg.Municipality, raw string) (torg.Date, error) {
	today := s.today(m)
	if raw = clean(raw); raw == "" {
		return today, nil
	}
	d, err := torg.ParseFormDate(raw)
	if err != nil {
		return d, torg.FieldError("received", "paper.received_invalid")
	}
	if today.Before(d) {
		return d, torg.FieldError("received", "paper.received_future")
	}
	return d, nil
}
