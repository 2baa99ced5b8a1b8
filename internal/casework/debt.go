package casework

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/debt"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// requestWait is how long the creditors are expected to take to answer the
// request for debt information (DC6.2).
const requestWait = 2 // months

// DebtView is a case's debt schedule and budget with what follows from
// them: the debt-servicing capacity, the dividend and the scenarios
// (DC4.6, DC6.4–DC6.9).
type DebtView struct {
	Case       *torg.Case
	Claims     []*torg.Claim
	Budget     *torg.Budget         // nil until one is saved
	Assessment *debt.Assessment     // nil when no rate table covers the municipality's country
	Scenarios  *debt.Scenarios      // likewise
	Rates      torg.LivingCostRates // the table in force today; zero if none
	RequestDue torg.Date            // DC6.2: 2 months after the latest creditor request; zero if none
}

// Debts returns a case's debt schedule and budget, assessed with the
// living-cost rates in force today, for those who may read the case. The
// read is audited.
func (s *Service) Debts(ctx context.Context, a *torg.Employee, caseID int64) (*DebtView, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return nil, err
	}
	v, err := s.debtView(ctx, s.db.R(), c, m)
	if err != nil {
		return nil, err
	}
	return v, s.auditRead(ctx, a, "debt.read", obj("case", c.ID), partyPersons(c)...)
}

// debtView reads a case's debt schedule through q and assesses it.
func (s *Service) debtView(ctx context.Context, q *store.Q, c *torg.Case, m *torg.Municipality) (*DebtView, error) {
	v := &DebtView{Case: c}
	var err error
	if v.Claims, err = q.CaseClaims(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Budget, err = q.Budget(ctx, c.ID); torg.ErrorCode(err) == torg.ENOTFOUND {
		v.Budget, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	tables, err := s.livingCostRates(ctx, q)
	if err != nil {
		return nil, err
	}
	today := s.today(m)
	if r, ok := debt.RatesOn(tables, m.Country, today); ok {
		as := debt.Assess(v.Budget, v.Claims, r)
		sc := debt.Plan(v.Budget, v.Claims, as)
		v.Rates, v.Assessment, v.Scenarios = r, &as, &sc
	}
	v.RequestDue = requestDue(v.Claims, m)
	return v, nil
}

// requestDue is when the creditors' answers are expected (DC6.2): 2 months
// after the latest request, as a date in the municipality; zero if no
// creditor has been asked.
func requestDue(claims []*torg.Claim, m *torg.Municipality) torg.Date {
	var last time.Time
	for _, c := range claims {
		if c.RequestedAt.After(last) {
			last = c.RequestedAt
		}
	}
	if last.IsZero() {
		return torg.Date{}
	}
	if loc, err := loadLocation(m.TimeZone); err == nil {
		last = last.In(loc)
	}
	return torg.DateOf(torg.DateOf(last).Time().AddDate(0, requestWait, 0))
}

// writableDebtCase returns a case whose debt schedule the actor may change:
// one they may read that is not closed.
func (s *Service) writableDebtCase(ctx context.Context, a *torg.Employee, caseID int64) (*torg.Case, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	if !c.Status.Active() {
		return nil, torg.Errorf(torg.ECONFLICT, "debt.case_closed")
	}
	return c, nil
}

// AddClaim adds a line to a case's debt schedule (DC4.6, DC6.4). The
// figures are as of today unless the claim says otherwise. A claim with a
// request key that the case has seen before is not added again: cl
// becomes the claim the first request added, and repeat is true.
func (s *Service) AddClaim(ctx context.Context, a *torg.Employee, caseID int64, cl *torg.Claim) (repeat bool, err error) {
	c, err := s.writableDebtCase(ctx, a, caseID)
	if err != nil {
		return false, err
	}
	if err := s.checkClaim(ctx, c, cl); err != nil {
		return false, err
	}
	cl.RequestedAt, cl.AnsweredAt = time.Time{}, time.Time{}
	err = s.db.Write(ctx, func(tx *store.Q) error {
		if cl.RequestKey != "" {
			if first, err := tx.ClaimByRequestKey(ctx, c.ID, cl.RequestKey); err == nil {
				*cl, repeat = *first, true
				return nil
			}
		}
		if err := tx.CreateClaim(ctx, cl, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "debt.claim_create", obj("case", c.ID), firstParty(c), cl.Creditor)
	})
	if torg.ErrorCode(err) == torg.ECONFLICT && cl.RequestKey != "" {
		// The same request, sent twice at once, added the claim meanwhile.
		first, ferr := s.db.R().ClaimByRequestKey(ctx, c.ID, cl.RequestKey)
		if ferr == nil {
			*cl = *first
			return true, nil
		}
	}
	return repeat, err
}

// checkClaim ties a claim to its case, normalises and validates it.
func (s *Service) checkClaim(ctx context.Context, c *torg.Case, cl *torg.Claim) error {
	cl.MunicipalityID, cl.CaseID = c.MunicipalityID, c.ID
	cl.Normalize()
	if cl.AsOf.IsZero() {
		if m, err := s.municipality(ctx, c.MunicipalityID); err == nil {
			cl.AsOf = s.today(m)
		}
	}
	return cl.Validate()
}

// UpdateClaim changes a line of a case's debt schedule. Figures from a
// creditor that was asked for them (DC6.2) count as its answer (DC6.4).
func (s *Service) UpdateClaim(ctx context.Context, a *torg.Employee, caseID int64, cl *torg.Claim) error {
	c, err := s.writableDebtCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	if err := s.checkClaim(ctx, c, cl); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		old, err := tx.Claim(ctx, c.MunicipalityID, cl.ID)
		if err != nil || old.CaseID != c.ID {
			return notFound()
		}
		cl.Created, cl.RequestedAt, cl.AnsweredAt = old.Created, old.RequestedAt, old.AnsweredAt
		answer := cl.Source == torg.SourceCreditor && !cl.RequestedAt.IsZero() && cl.AnsweredAt.IsZero()
		if answer {
			cl.AnsweredAt = s.now()
		}
		if err := tx.UpdateClaim(ctx, cl, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "debt.claim_update", obj("case", c.ID), firstParty(c), cl.Creditor); err != nil {
			return err
		}
		if !answer {
			return nil
		}
		return s.creditorsAnswered(ctx, tx, c)
	})
}

// creditorsAnswered tells the routine when the last creditor asked for
// figures (DC6.2) has answered (DC6.4), so that the case need not wait out
// the creditors' expected two months.
func (s *Service) creditorsAnswered(ctx context.Context, tx *store.Q, c *torg.Case) error {
	claims, err := tx.CaseClaims(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, cl := range claims {
		if !cl.RequestedAt.IsZero() && cl.AnsweredAt.IsZero() {
			return nil
		}
	}
	return s.RoutineEvent(ctx, tx, c, routine.Event{Kind: routine.EventCreditorsAnswered, At: s.now()})
}

// DeleteClaim removes a line from a case's debt schedule.
func (s *Service) DeleteClaim(ctx context.Context, a *torg.Employee, caseID, claimID int64) error {
	c, err := s.writableDebtCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.DeleteClaim(ctx, c.ID, claimID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "debt.claim_delete", obj("case", c.ID), firstParty(c), obj("claim", claimID))
	})
}

// ImportClaims reads the citizen's export from the debt register (JSON or
// CSV, DC6.1) into the case's debt schedule and files the file as an
// incoming record on the case. It is all or nothing: one bad line refuses
// the file and nothing is saved. It returns how many claims it added.
func (s *Service) ImportClaims(ctx context.Context, a *torg.Employee, caseID int64, filename string, data []byte) (int, error) {
	c, err := s.writableDebtCase(ctx, a, caseID)
	if err != nil {
		return 0, err
	}
	if err := s.checkFile(data); err != nil {
		return 0, err
	}
	claims, err := debt.Import(data)
	if err != nil {
		return 0, err
	}
	for i := range claims {
		if err := s.checkClaim(ctx, c, &claims[i]); err != nil {
			return 0, importLineError(err, i+1)
		}
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return 0, err
	}
	err = s.db.Write(ctx, func(tx *store.Q) error {
		title := s.printer(m).T("debt.import_record_title")
		if err := s.fileIncoming(ctx, tx, a, c, title, filename, importMediaType(data), data); err != nil {
			return err
		}
		for i := range claims {
			if err := tx.CreateClaim(ctx, &claims[i], s.now()); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "debt.import", obj("case", c.ID), firstParty(c), safeFilename(filename))
	})
	return len(claims), err
}

// importLineError says which claim of an import failed validation.
func importLineError(err error, n int) error {
	e := torg.AsError(err)
	if e == nil {
		return err
	}
	return &torg.Error{Code: torg.EINVALID, Key: "debt.import_line", Field: "file",
		Args: []any{"line", n, "reason", e.Key, "field", e.Field}}
}

// checkFile refuses an empty or too large file.
func (s *Service) checkFile(data []byte) error {
	switch {
	case len(data) == 0:
		return torg.FieldError("file", "debt.file_empty")
	case int64(len(data)) > s.cfg.MaxUploadBytes:
		return torg.FieldError("file", "debt.file_too_large", "max", s.cfg.MaxUploadBytes>>20)
	}
	return nil
}

// importMediaType tells a JSON export from a CSV one.
func importMediaType(data []byte) string {
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return "application/json"
	}
	return "text/csv"
}

// fileIncoming files a document the citizen handed in (their debt-register
// export, the debt-collection register's PDF) as an incoming record on the
// case, from the citizen, already dealt with by the actor.
func (s *Service) fileIncoming(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case, title, filename,
	mediaType string, data []byte) error {
	doc := docOf(safeFilename(filename), mediaType, data)
	if err := tx.PutBlob(ctx, doc.SHA256, data); err != nil {
		return err
	}
	rec := &torg.Record{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Type: torg.RecordIncoming,
		Status: torg.RecordJournalled, Title: title, CreatedBy: a.ID, Documents: []torg.Document{doc}}
	if p, err := applicant(ctx, tx, c); err == nil && p != nil {
		rec.Correspondent, rec.PersonID = p.Name(), p.ID
	}
	return tx.CreateRecord(ctx, rec, s.now())
}

// SaveBudget saves a case's household budget (DC4.6, DC6.5). A budget
// without income is refused.
func (s *Service) SaveBudget(ctx context.Context, a *torg.Employee, caseID int64, b *torg.Budget) error {
	c, err := s.writableDebtCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	b.CaseID, b.UpdatedBy = c.ID, a.ID
	b.Note = trimText(b.Note)
	if err := b.Validate(); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.SaveBudget(ctx, c.MunicipalityID, b, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "debt.budget_save", obj("case", c.ID), firstParty(c), "")
	})
}

// LivingCostRates returns the living-cost rate tables: those torg ships
// with and those administrators added, which win on the same country and
// date.
func (s *Service) LivingCostRates(ctx context.Context) ([]torg.LivingCostRates, error) {
	return s.livingCostRates(ctx, s.db.R())
}

func (s *Service) livingCostRates(ctx context.Context, q *store.Q) ([]torg.LivingCostRates, error) {
	stored, err := q.LivingCostRates(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(stored)
	for _, d := range debt.DefaultRates() {
		if !slices.ContainsFunc(stored, func(r torg.LivingCostRates) bool {
			return r.Country == d.Country && r.ValidFrom == d.ValidFrom
		}) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b torg.LivingCostRates) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), a.ValidFrom.Time().Compare(b.ValidFrom.Time()))
	})
	return out, nil
}

// AddLivingCostRates stores rate tables (each July's new livsoppholdssatser);
// a table for a country and date already stored is replaced. Only
// administrators may.
func (s *Service) AddLivingCostRates(ctx context.Context, a *torg.Employee, rs []torg.LivingCostRates) error {
	if !a.Has(torg.RoleAdmin) {
		return errForbidden
	}
	return s.putLivingCostRates(ctx, rs, func(tx *store.Q) error {
		return s.audit(ctx, tx, a, "rates.put", "rates", 0, fmt.Sprintf("%d tables", len(rs)))
	})
}

// ImportLivingCostRates stores rate tables for the operator's command line
// (torg rates import), which acts as no employee.
func (s *Service) ImportLivingCostRates(ctx context.Context, rs []torg.LivingCostRates) error {
	return s.putLivingCostRates(ctx, rs, func(*store.Q) error { return nil })
}

// putLivingCostRates validates rate tables and stores them with then in
// one transaction.
func (s *Service) putLivingCostRates(ctx context.Context, rs []torg.LivingCostRates, then func(*store.Q) error) error {
	if len(rs) == 0 {
		return torg.FieldError("rates", "rates.none_given")
	}
	for i := range rs {
		rs[i].Country = strings.ToUpper(strings.TrimSpace(rs[i].Country))
		if rs[i].Country == "" {
			rs[i].Country = "NO"
		}
		if err := rs[i].Validate(); err != nil {
			return err
		}
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.PutLivingCostRates(ctx, rs, s.now()); err != nil {
			return err
		}
		return then(tx)
	})
}

// docOf describes a file to be stored by its hash.
func docOf(filename, mediaType string, data []byte) torg.Document {
	sum := sha256.Sum256(data)
	return torg.Document{SHA256: hex.EncodeToString(sum[:]), Filename: filename, MediaType: mediaType,
		Size: int64(len(data))}
}
