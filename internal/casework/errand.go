package casework

import (
	"context"
	"encoding/json"
	"io"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// ErrandCatalogue is a municipality's errands and their fees.
type ErrandCatalogue struct {
	Errands []*torg.Errand `json:"errands"`
	Fees    []torg.Fee     `json:"fees"`
}

// Errand returns the catalogue's errand with a code, or nil.
func (c *ErrandCatalogue) Errand(code string) *torg.Errand {
	for _, e := range c.Errands {
		if e.Code == code {
			return e
		}
	}
	return nil
}

// Errands returns the actor's municipality's active errands and their fees,
// for the guide and the kiosk's staff (CG4–CG12).
func (s *Service) Errands(ctx context.Context, a *torg.Employee) (*ErrandCatalogue, error) {
	if err := canSeePersons(a); err != nil && !a.Has(torg.RoleAdmin) {
		return nil, err
	}
	return s.errandCatalogue(ctx, a.MunicipalityID)
}

func (s *Service) errandCatalogue(ctx context.Context, municipalityID int64) (*ErrandCatalogue, error) {
	r := s.db.R()
	errands, err := r.Errands(ctx, municipalityID, true)
	if err != nil {
		return nil, err
	}
	fees, err := r.Fees(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	return &ErrandCatalogue{Errands: errands, Fees: fees}, nil
}

// ImportErrands puts a catalogue's errands and fees into the admin's
// municipality: an errand with a known code replaces it, a fee is added
// from its first day and ends the one before it. Nothing is stored unless
// every errand is valid.
func (s *Service) ImportErrands(ctx context.Context, a *torg.Employee, c ErrandCatalogue) error {
	if !a.Has(torg.RoleAdmin) {
		return torg.Errorf(torg.EFORBIDDEN, "guide.forbidden")
	}
	for _, e := range c.Errands {
		if err := e.Validate(); err != nil {
			return err
		}
	}
	for _, f := range c.Fees {
		if f.ErrandCode == "" || f.ValidFrom.IsZero() || f.Amount < 0 {
			return torg.FieldError("fees", "guide.fee_invalid")
		}
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		for _, e := range c.Errands {
			e.MunicipalityID = a.MunicipalityID
			if err := tx.PutErrand(ctx, e); err != nil {
				return err
			}
		}
		for _, f := range c.Fees {
			if err := tx.AddFee(ctx, a.MunicipalityID, f); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "errand.import", obj("municipality", a.MunicipalityID), 0, "")
	})
}

// DefaultErrandCatalogue is the Danish catalogue (domain.md §5), all
// errands active.
func DefaultErrandCatalogue() ErrandCatalogue {
	c := ErrandCatalogue{Errands: torg.DefaultErrands(), Fees: torg.DefaultFees()}
	for _, e := range c.Errands {
		e.Active = true
	}
	return c
}

// ExportErrands returns the admin's municipality's whole catalogue, the
// inactive errands too, to edit and import again.
func (s *Service) ExportErrands(ctx context.Context, a *torg.Employee) (*ErrandCatalogue, error) {
	if !a.Has(torg.RoleAdmin) {
		return nil, torg.Errorf(torg.EFORBIDDEN, "guide.forbidden")
	}
	r := s.db.R()
	errands, err := r.Errands(ctx, a.MunicipalityID, false)
	if err != nil {
		return nil, err
	}
	fees, err := r.Fees(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	return &ErrandCatalogue{Errands: errands, Fees: fees}, nil
}

// ParseErrandCatalogue reads a catalogue in the JSON of ExportErrands; an
// unknown field is an error, so that a misspelt one is not lost.
func ParseErrandCatalogue(in io.Reader) (ErrandCatalogue, error) {
	var c ErrandCatalogue
	d := json.NewDecoder(in)
	d.DisallowUnknownFields()
	if err := d.Decode(&c); err != nil {
		return c, torg.FieldError("catalogue", "guide.catalogue_invalid", "error", err.Error())
	}
	return c, nil
}
