package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// mustDebtCase creates a municipality with a debt counselling case.
func mustDebtCase(t *testing.T, db *store.DB) (*torg.Case, *torg.Employee) {
	t.Helper()
	m, u, e := mustMunicipality(t, db)
	c := &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebt, Title: "Gjeld"}
	if err := db.Write(context.Background(), func(q *store.Q) error { return q.CreateCase(context.Background(), c, now) }); err != nil {
		t.Fatal(err)
	}
	return c, e
}

func TestClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, _ := mustDebtCase(t, db)
		asOf, _ := torg.ParseDate("2026-11-01")
		a := &torg.Claim{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: torg.ClaimConsumerLoan,
			Creditor: "Fjordkreditt AS", CreditorAddr: "Postboks 1\n4601 Kristiansand", Reference: "FK-1",
			Principal: 8_000_000, Interest: 500_000, Fees: 12_500, Balance: 8_512_500, Monthly: 250_000,
			InCollection: true, Source: torg.SourceCitizen, AsOf: asOf}
		b := &torg.Claim{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: torg.ClaimMortgage,
			Creditor: "Sørbanken", Balance: 180_000_000, Secured: true, Source: torg.SourceDebtRegister}
		err := db.Write(ctx, func(q *store.Q) error {
			for _, cl := range []*torg.Claim{a, b} {
				if err := q.CreateClaim(ctx, cl, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.R().CaseClaims(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*torg.Claim{a, b}, got); diff != "" {
			t.Errorf("claims differ (-want +got):\n%s", diff)
		}

		later := now.Add(time.Hour)
		a.Source, a.Balance, a.AnsweredAt = torg.SourceCreditor, 8_600_000, later
		err = db.Write(ctx, func(q *store.Q) error {
			if err := q.UpdateClaim(ctx, a, later); err != nil {
				return err
			}
			return q.MarkClaimsRequested(ctx, c.ID, []int64{b.ID}, later)
		})
		if err != nil {
			t.Fatal(err)
		}
		one, err := db.R().Claim(ctx, c.MunicipalityID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, one); diff != "" {
			t.Errorf("updated claim differs (-want +got):\n%s", diff)
		}
		two, _ := db.R().Claim(ctx, c.MunicipalityID, b.ID)
		if !two.RequestedAt.Equal(later) || !two.AnsweredAt.IsZero() {
			t.Errorf("requested %v answered %v, want %v and zero", two.RequestedAt, two.AnsweredAt, later)
		}

		if _, err := db.R().Claim(ctx, c.MunicipalityID+1, a.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("claim of another municipality: %v, want ENOTFOUND", err)
		}
		err = db.Write(ctx, func(q *store.Q) error { return q.DeleteClaim(ctx, c.ID+1, a.ID) })
		if torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("delete from another case: %v, want ENOTFOUND", err)
		}
		if err := db.Write(ctx, func(q *store.Q) error { return q.DeleteClaim(ctx, c.ID, a.ID) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.R().CaseClaims(ctx, c.ID); len(got) != 1 || got[0].ID != b.ID {
			t.Errorf("after delete: %v", got)
		}
	})
}

func TestBudget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, e := mustDebtCase(t, db)
		if _, err := db.R().Budget(ctx, c.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Fatalf("budget before any: %v, want ENOTFOUND", err)
		}
		b := &torg.Budget{CaseID: c.ID, Household: torg.HouseholdSingle, ChildAges: []int{8},
			Income:   []torg.BudgetLine{{Kind: torg.IncomeSalary, Monthly: 3_400_000}},
			Expenses: []torg.BudgetLine{{Kind: torg.ExpenseRent, Note: "inkl. strøm", Monthly: 1_200_000}},
			Years:    5, LumpSum: 5_000_000, RefiRate: 950, RefiYears: 10, Note: "Ny jobb fra mars", UpdatedBy: e.ID}
		save := func(b *torg.Budget, at time.Time) {
			t.Helper()
			if err := db.Write(ctx, func(q *store.Q) error { return q.SaveBudget(ctx, c.MunicipalityID, b, at) }); err != nil {
				t.Fatal(err)
			}
		}
		save(b, now)
		got, err := db.R().Budget(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(b, got); diff != "" {
			t.Errorf("budget differs (-want +got):\n%s", diff)
		}
		// Saving again replaces the budget.
		b2 := &torg.Budget{CaseID: c.ID, Household: torg.HouseholdCouple,
			Income: []torg.BudgetLine{{Kind: torg.IncomeBenefits, Monthly: 2_000_000}}}
		save(b2, now.Add(time.Minute))
		got, _ = db.R().Budget(ctx, c.ID)
		if diff := cmp.Diff(b2, got); diff != "" {
			t.Errorf("replaced budget differs (-want +got):\n%s", diff)
		}
	})
}

func TestLivingCostRates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d23, _ := torg.ParseDate("2023-07-01")
		d24, _ := torg.ParseDate("2024-07-01")
		r23 := torg.LivingCostRates{Country: "NO", ValidFrom: d23, Single: 1_041_200, Cohabiting: 881_700,
			SupportingPartner: 1_763_400, Child0to5: 333_200, Child6to10: 442_000, Child11to14: 558_000,
			Child15Plus: 641_800, Source: "regjeringen.no"}
		r24 := r23
		r24.ValidFrom, r24.Single, r24.Source = d24, 1_000_000, "typo"
		put := func(rs ...torg.LivingCostRates) {
			t.Helper()
			if err := db.Write(ctx, func(q *store.Q) error { return q.PutLivingCostRates(ctx, rs, now) }); err != nil {
				t.Fatal(err)
			}
		}
		put(r24, r23)
		r24.Single, r24.Source = 1_072_400, "Trondheim kommune"
		put(r24) // the same country and date replaces the table
		got, err := db.R().LivingCostRates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]torg.LivingCostRates{r23, r24}, got); diff != "" {
			t.Errorf("rates differ (-want +got):\n%s", diff)
		}
	})
}

func TestClaimNeedsItsCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, _ := mustDebtCase(t, db)
		cl := &torg.Claim{MunicipalityID: c.MunicipalityID, CaseID: c.ID + 99, Kind: torg.ClaimOther,
			Creditor: "X", Balance: 100, Source: torg.SourceCitizen}
		err := db.Write(ctx, func(q *store.Q) error { return q.CreateClaim(ctx, cl, now) })
		if err == nil {
			t.Errorf("a claim on a case that does not exist was stored: %v", err)
		}
	})
}
