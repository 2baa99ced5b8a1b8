package casework

import (
	"context"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// ErrandAddressInquiry is the errand code of an address inquiry (CG11).
const ErrandAddressInquiry = "address"

// AddressAnswer is the answer to an address inquiry at the counter (CG11,
// domain reference §5.6): the population register's name and address of
// a national ID, and the fee of the day. Given is false when no address
// can be given; the answer then says nothing more, so that a protected
// person (adressebeskyttelse, kode 6/7, skyddad folkbokföring) cannot be
// told apart from a number the register does not know.
type AddressAnswer struct {
	Given   bool
	Name    string
	Address string
	Fee     torg.Money
	HasFee  bool
}

// AddressInquiry looks a national ID up in the population register for a
// citizen asking at the counter. A protected person's address is never
// given, whoever asks; nor is a deceased person's. The inquiry is audited
// on the person it was about.
func (s *Service) AddressInquiry(ctx context.Context, a *torg.Employee, raw string) (*AddressAnswer, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	n, err := s.ParseNIN(ctx, a, raw)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	ans := &AddressAnswer{}
	if fees, err := s.db.R().Fees(ctx, m.ID); err == nil {
		if f, ok := torg.FeeOn(fees, ErrandAddressInquiry, s.today(m)); ok {
			ans.Fee, ans.HasFee = f.Amount, true
		}
	}
	e, err := s.registers().Population.Lookup(ctx, m.ID, n.Digits)
	switch {
	case torg.ErrorCode(err) == torg.ENOTFOUND:
	case err != nil:
		return nil, err
	case e.Protection == torg.ProtectionNone && !e.Deceased && strings.TrimSpace(e.Address) != "":
		ans.Given = true
		ans.Name = strings.TrimSpace(e.GivenName + " " + e.FamilyName)
		ans.Address = strings.TrimSpace(e.Address + ", " + strings.TrimSpace(e.Postcode+" "+e.City))
	}
	var personID int64
	if p, err := s.db.R().PersonByNIN(ctx, m.ID, n.Digits); err == nil {
		personID = p.ID
	}
	detail := "withheld"
	if ans.Given {
		detail = "given"
	}
	err = s.db.Write(ctx, func(q *store.Q) error {
		return s.audit(ctx, q, a, "address.inquiry", "", personID, detail)
	})
	if err != nil {
		return nil, err
	}
	return ans, nil
}
