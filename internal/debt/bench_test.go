package debt

import (
	"fmt"
	"io"
	"testing"

	"github.com/torg-kommune/torg"
)

// benchClaims returns n claims, every fifth secured.
func benchClaims(n int) []*torg.Claim {
	claims := make([]*torg.Claim, n)
	for i := range claims {
		claims[i] = &torg.Claim{ID: int64(i + 1), Kind: torg.ClaimConsumerLoan, Creditor: fmt.Sprintf("Kreditor %03d AS", i),
			Reference: fmt.Sprintf("REF-%06d", i), Principal: nok(int64(10000 + 137*i)), Balance: nok(int64(10000 + 137*i)),
			Monthly: nok(300), Secured: i%5 == 0, Source: torg.SourceCreditor}
	}
	return claims
}

func BenchmarkAssess(b *testing.B) {
	claims := benchClaims(200)
	budget := budget(torg.HouseholdCouple, nok(62000), nok(15000))
	budget.ChildAges = []int{2, 7, 12, 16}
	r := DefaultRates()[2]
	b.ReportAllocs()
	for b.Loop() {
		a := Assess(budget, claims, r)
		if a.Unsecured == 0 {
			b.Fatal("no unsecured debt")
		}
	}
}

func BenchmarkWriteXLSX(b *testing.B) {
	s := testSchedule(b, "nb")
	s.Claims = benchClaims(200)
	a := Assess(s.Budget, s.Claims, DefaultRates()[2])
	sc := Plan(s.Budget, s.Claims, a)
	s.Assessment, s.Scenarios = &a, &sc
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPDF(b *testing.B) {
	s := testSchedule(b, "nb")
	s.Claims = benchClaims(200)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PDF(s); err != nil {
			b.Fatal(err)
		}
	}
}
