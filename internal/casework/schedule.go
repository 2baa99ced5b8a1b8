package casework

import (
	"bytes"
	"context"
	"fmt"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/debt"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// schedule assembles a case's debt schedule for the spreadsheet and the
// PDF, in lang. It names the citizen and never their address.
func (s *Service) schedule(ctx context.Context, q *store.Q, c *torg.Case, m *torg.Municipality, lang string) (*debt.Schedule, error) {
	v, err := s.debtView(ctx, q, c, m)
	if err != nil {
		return nil, err
	}
	u, err := q.Unit(ctx, c.UnitID)
	if err != nil {
		return nil, err
	}
	sc := &debt.Schedule{Lang: lang, Municipality: m.Name, Unit: u.Name, CaseNumber: c.Number(), Date: s.today(m),
		Claims: v.Claims, Budget: v.Budget, Currency: currency(m.Country)}
	if v.Budget != nil {
		sc.Assessment, sc.Scenarios = v.Assessment, v.Scenarios
	}
	if p, err := applicant(ctx, q, c); err == nil && p != nil {
		sc.Citizen, sc.BirthDate = p.Name(), p.BirthDate
	}
	if c.ResponsibleID != 0 {
		if e, err := q.Employee(ctx, c.ResponsibleID); err == nil {
			sc.Counsellor = e.Name
		}
	}
	return sc, nil
}

// currency is the currency of a municipality's country.
func currency(country string) string {
	switch country {
	case "SE":
		return "SEK"
	case "DK":
		return "DKK"
	}
	return "NOK"
}

// scheduleName is the file name of a case's debt schedule, such as
// gjeldsskjema-2026-000123.xlsx.
func (s *Service) scheduleName(c *torg.Case, lang, ext string) string {
	return fmt.Sprintf("%s-%d-%06d.%s", i18n.New(i18n.Lang(lang)).T("debt.schedule_file"), c.Year, c.Seq, ext)
}

// scheduleFile makes a case's debt schedule as a file in the municipality's
// language, for those who may read the case; the read is audited.
func (s *Service) scheduleFile(ctx context.Context, a *torg.Employee, caseID int64, ext string,
	render func(*debt.Schedule) ([]byte, error)) (string, []byte, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return "", nil, err
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return "", nil, err
	}
	sc, err := s.schedule(ctx, s.db.R(), c, m, m.Language)
	if err != nil {
		return "", nil, err
	}
	data, err := render(sc)
	if err != nil {
		return "", nil, err
	}
	return s.scheduleName(c, m.Language, ext), data, s.auditRead(ctx, a, "debt.export", obj("case", c.ID), partyPersons(c)...)
}

// ScheduleXLSX returns a case's debt schedule as a spreadsheet laid out as
// counsellors use it, with its file name.
func (s *Service) ScheduleXLSX(ctx context.Context, a *torg.Employee, caseID int64) (string, []byte, error) {
	return s.scheduleFile(ctx, a, caseID, "xlsx", xlsxOf)
}

// SchedulePDF returns a case's debt schedule as PDF, with its file name.
func (s *Service) SchedulePDF(ctx context.Context, a *torg.Employee, caseID int64) (string, []byte, error) {
	return s.scheduleFile(ctx, a, caseID, "pdf", debt.PDF)
}

func xlsxOf(sc *debt.Schedule) ([]byte, error) {
	var b bytes.Buffer
	err := debt.WriteXLSX(&b, sc)
	return b.Bytes(), err
}

// Media types of the schedule's files.
const (
	mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mediaPDF  = "application/pdf"
)

// storeSchedulePDF renders a case's debt schedule to PDF in lang and
// stores it, for a letter that carries it (DC6.6).
func (s *Service) storeSchedulePDF(ctx context.Context, tx *store.Q, c *torg.Case, lang string) (torg.Document, error) {
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return torg.Document{}, err
	}
	sc, err := s.schedule(ctx, tx, c, m, lang)
	if err != nil {
		return torg.Document{}, err
	}
	pdf, err := debt.PDF(sc)
	if err != nil {
		return torg.Document{}, err
	}
	d := docOf(s.scheduleName(c, lang, "pdf"), mediaPDF, pdf)
	return d, tx.PutBlob(ctx, d.SHA256, pdf)
}

// FileSchedule files a case's debt schedule, as spreadsheet and PDF, as an
// internal record for follow-up (Noark N) and does the routine's DC8.3
// step if it waits for it.
func (s *Service) FileSchedule(ctx context.Context, a *torg.Employee, caseID int64) (*torg.Record, error) {
	c, err := s.writableDebtCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return nil, err
	}
	var rec *torg.Record
	err = s.db.Write(ctx, func(tx *store.Q) error {
		sc, err := s.schedule(ctx, tx, c, m, m.Language)
		if err != nil {
			return err
		}
		if len(sc.Claims) == 0 {
			return torg.FieldError("claims", "debt.no_claims")
		}
		if rec, err = s.fileScheduleRecord(ctx, tx, a, c, m, sc); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "debt.file_schedule", obj("case", c.ID), firstParty(c), ""); err != nil {
			return err
		}
		waits, err := s.waitingSteps(ctx, tx, c.ID)
		if err != nil || !waits[stepSchedule] {
			return err
		}
		return s.debtStepDone(ctx, tx, a, c, stepSchedule, routine.OutcomeDone, rec.Title)
	})
	return rec, err
}

// fileScheduleRecord renders the schedule both ways and files them.
func (s *Service) fileScheduleRecord(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case,
	m *torg.Municipality, sc *debt.Schedule) (*torg.Record, error) {
	xlsx, err := xlsxOf(sc)
	if err != nil {
		return nil, err
	}
	pdf, err := debt.PDF(sc)
	if err != nil {
		return nil, err
	}
	docs := []torg.Document{docOf(s.scheduleName(c, m.Language, "xlsx"), mediaXLSX, xlsx),
		docOf(s.scheduleName(c, m.Language, "pdf"), mediaPDF, pdf)}
	for i, data := range [][]byte{xlsx, pdf} {
		if err := tx.PutBlob(ctx, docs[i].SHA256, data); err != nil {
			return nil, err
		}
	}
	rec := &torg.Record{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Type: torg.RecordNote,
		Status: torg.RecordFinished, Title: s.printer(m).T("debt.schedule_record_title"), PersonID: firstParty(c),
		CreatedBy: a.ID, Documents: docs}
	return rec, tx.CreateRecord(ctx, rec, s.now())
}
