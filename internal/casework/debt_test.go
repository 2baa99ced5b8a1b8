package casework_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/debt"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// kr is whole kroner as torg.Money.
func kr(n int64) torg.Money { return torg.Money(n * 100) }

// Creditors of the tests' debt schedules.
const (
	fjord     = "Fjordkreditt AS"
	fjordAddr = "Postboks 4410 Nydalen\n0403 Oslo"
	nordlys   = "Nordlys Finans ASA"
	nordAddr  = "Strandgata 5\n9008 Tromsø"
)

// someClaims are three claims of two creditors; the second spells the
// first's name differently.
func someClaims() []*torg.Claim {
	return []*torg.Claim{
		{Kind: torg.ClaimConsumerLoan, Creditor: fjord, CreditorAddr: fjordAddr, Reference: "FK-771203",
			Principal: kr(80_000), Interest: kr(7_000), Fees: kr(340), Monthly: kr(2_100)},
		{Kind: torg.ClaimCreditCard, Creditor: "fjordkreditt  as", Reference: "FK-4417", Balance: kr(23_480)},
		{Kind: torg.ClaimCollection, Creditor: nordlys, CreditorAddr: nordAddr, Reference: "NF-55812",
			Balance: kr(12_960), InCollection: true},
	}
}

// mustAddClaims puts claims on a case's debt schedule as EG.
func mustAddClaims(t *testing.T, f *casetest.Fixture, a *torg.Employee, caseID int64, claims []*torg.Claim) {
	t.Helper()
	for _, cl := range claims {
		if _, err := f.Svc.AddClaim(ctx, a, caseID, cl); err != nil {
			t.Fatalf("add claim %s: %v", cl.Creditor, err)
		}
	}
}

func wantKey(t *testing.T, err error, key string) {
	t.Helper()
	if e := torg.AsError(err); e == nil || e.Key != key {
		t.Errorf("error %v, want %s", err, key)
	}
}

func TestClaimsOnTheSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := f.KariCase
		t.Run("DC4.6 enter the claims", func(t *testing.T) {
			mustAddClaims(t, f, f.EG, c.ID, someClaims())
			v, err := f.Svc.Debts(ctx, f.KH, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Claims) != 3 || v.Claims[0].Balance != kr(87_340) || v.Claims[0].AsOf != torg.DateOf(casetest.Now) ||
				v.Claims[0].Source != torg.SourceCitizen {
				t.Errorf("claims %+v, want the balance from its parts, as of today, from the citizen", v.Claims[0])
			}
			if v.Assessment == nil || v.Assessment.Unsecured != kr(87_340+23_480+12_960) || !v.RequestDue.IsZero() {
				t.Errorf("assessment %+v, request due %v", v.Assessment, v.RequestDue)
			}
		})
		t.Run("DC4.7 DC6.4 the schedule is updated; a creditor's reply sets answered", func(t *testing.T) {
			if n, err := f.Svc.RequestFromCreditors(ctx, f.EG, c.ID); err != nil || n != 2 {
				t.Fatalf("request: %d letters, %v; want 2", n, err)
			}
			v, _ := f.Svc.Debts(ctx, f.EG, c.ID)
			if v.RequestDue.String() != "2027-01-23" {
				t.Errorf("DC6.2 answers due %s, want 2027-01-23", v.RequestDue)
			}
			reply := *v.Claims[0]
			f.Clock.Advance(40 * 24 * time.Hour)
			reply.Source, reply.Interest, reply.Balance = torg.SourceCreditor, kr(7_400), 0
			if err := f.Svc.UpdateClaim(ctx, f.EG, c.ID, &reply); err != nil {
				t.Fatal(err)
			}
			own := *v.Claims[2]
			own.Fees = kr(50)
			if err := f.Svc.UpdateClaim(ctx, f.EG, c.ID, &own); err != nil {
				t.Fatal(err)
			}
			v, _ = f.Svc.Debts(ctx, f.EG, c.ID)
			if got := v.Claims[0]; !got.AnsweredAt.Equal(f.Clock.Now()) || got.Balance != kr(87_740) || got.RequestedAt.IsZero() {
				t.Errorf("after the reply: answered %v, balance %d, requested %v", got.AnsweredAt, got.Balance, got.RequestedAt)
			}
			if got := v.Claims[2]; !got.AnsweredAt.IsZero() || got.RequestedAt.IsZero() {
				t.Errorf("figures not from the creditor count as its answer: %+v", got)
			}
		})
		t.Run("a claim of another case is not found", func(t *testing.T) {
			v, _ := f.Svc.Debts(ctx, f.EG, c.ID)
			other := startDebtCase(t, f, f.Clock.Now())
			cl := *v.Claims[1]
			if err := f.Svc.UpdateClaim(ctx, f.EG, other.ID, &cl); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("update through another case: %v, want ENOTFOUND", err)
			}
			if err := f.Svc.DeleteClaim(ctx, f.EG, other.ID, cl.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("delete through another case: %v, want ENOTFOUND", err)
			}
			if err := f.Svc.DeleteClaim(ctx, f.EG, c.ID, cl.ID); err != nil {
				t.Fatal(err)
			}
			if v, _ := f.Svc.Debts(ctx, f.EG, c.ID); len(v.Claims) != 2 {
				t.Errorf("%d claims after deleting one of 3", len(v.Claims))
			}
		})
	})
}

func TestClaimAddedOncePerRequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := f.KariCase
		claim := func() *torg.Claim {
			return &torg.Claim{Kind: torg.ClaimInvoice, Creditor: "Fjordkraft AS", Balance: kr(1_250), RequestKey: "web:1:abc"}
		}
		first := claim()
		if repeat, err := f.Svc.AddClaim(ctx, f.EG, c.ID, first); err != nil || repeat {
			t.Fatalf("first request: repeat %v, %v", repeat, err)
		}
		// The same form sent again, also after a restart: one claim.
		again := claim()
		again.Balance = kr(9_999)
		repeat, err := f.Svc.AddClaim(ctx, f.EG, c.ID, again)
		if err != nil || !repeat || again.ID != first.ID || again.Balance != kr(1_250) {
			t.Errorf("second request: repeat %v, %v, claim %d %d; want the first claim", repeat, err, again.ID, again.Balance)
		}
		other := claim()
		other.RequestKey = "web:1:def"
		if repeat, err := f.Svc.AddClaim(ctx, f.EG, c.ID, other); err != nil || repeat || other.ID == first.ID {
			t.Errorf("another form: repeat %v, %v", repeat, err)
		}
		if v, _ := f.Svc.Debts(ctx, f.EG, c.ID); len(v.Claims) != 2 {
			t.Errorf("%d claims, want 2", len(v.Claims))
		}
	})
}

func TestDebtAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		prot := protectedCase(t, f, f.Protected)
		for _, tt := range []struct {
			name   string
			a      *torg.Employee
			caseID int64
			ok     bool
		}{
			{"a counsellor of the unit", f.KH, f.KariCase.ID, true},
			{"a counsellor of another unit", f.Outsider, f.KariCase.ID, false},
			{"the front desk", f.FrontDesk, f.KariCase.ID, false},
			{"DC1.3 a counsellor without clearance, protected citizen", f.EG, prot.ID, false},
			{"DC1.3 a cleared leader, protected citizen", f.Leader, prot.ID, true},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.Svc.Debts(ctx, tt.a, tt.caseID)
				cl := &torg.Claim{Kind: torg.ClaimOther, Creditor: "X", Balance: kr(1)}
				_, werr := f.Svc.AddClaim(ctx, tt.a, tt.caseID, cl)
				_, _, xerr := f.Svc.ScheduleXLSX(ctx, tt.a, tt.caseID)
				for _, e := range []error{err, werr, xerr} {
					if got := e == nil; got != tt.ok {
						t.Errorf("allowed %v (%v), want %v", got, e, tt.ok)
					} else if !tt.ok && torg.ErrorCode(e) != torg.ENOTFOUND {
						t.Errorf("%v, want ENOTFOUND so as not to give the case away", e)
					}
				}
			})
		}
	})
}

func TestBadDebtInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := f.KariCase
		for _, tt := range []struct {
			name string
			cl   torg.Claim
			key  string
		}{
			{"negative amount", torg.Claim{Kind: torg.ClaimInvoice, Creditor: "Telco", Principal: kr(-100)}, "debt.amount_negative"},
			{"absurd amount", torg.Claim{Kind: torg.ClaimInvoice, Creditor: "Telco", Balance: kr(250_000_000)}, "debt.amount_absurd"},
			{"no creditor", torg.Claim{Kind: torg.ClaimInvoice, Creditor: "  ", Balance: kr(100)}, "debt.creditor_required"},
			{"unknown kind", torg.Claim{Kind: "loan shark", Creditor: "X", Balance: kr(100)}, "debt.kind_unknown"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.Svc.AddClaim(ctx, f.EG, c.ID, &tt.cl)
				wantKey(t, err, tt.key)
			})
		}
		t.Run("budget without income", func(t *testing.T) {
			b := &torg.Budget{Household: torg.HouseholdSingle, Expenses: []torg.BudgetLine{{Kind: torg.ExpenseRent, Monthly: kr(9_000)}}}
			wantKey(t, f.Svc.SaveBudget(ctx, f.EG, c.ID, b), "budget.income_missing")
		})
		t.Run("DC6.1 import of a bad file saves nothing", func(t *testing.T) {
			bad := "kreditor;type;saldo\nFjordkreditt AS;forbrukslån;12 000\nNordlys Finans;kredittkort;-500\n"
			_, err := f.Svc.ImportClaims(ctx, f.EG, c.ID, "gjeld.csv", []byte(bad))
			if torg.ErrorCode(err) != torg.EINVALID {
				t.Errorf("import: %v, want EINVALID", err)
			}
			_, err = f.Svc.ImportClaims(ctx, f.EG, c.ID, "gjeld.pdf", []byte("%PDF-1.4 not a debt register file"))
			wantKey(t, err, "debt.import_format")
		})
		v, err := f.Svc.Debts(ctx, f.EG, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		cv, _ := f.Svc.Case(ctx, f.EG, c.ID)
		if len(v.Claims) != 0 || v.Budget != nil || len(cv.Records) != 0 {
			t.Errorf("bad input saved something: %d claims, budget %v, %d records", len(v.Claims), v.Budget, len(cv.Records))
		}
	})
}

func TestImportClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := f.KariCase
		data := []byte("kreditor;type;referanse;saldo\nFjordkreditt AS;forbrukslån;FK-1;87 340,00\nNordlys Finans ASA;kredittkort;NF-2;23 480\n")
		t.Run("DC6.1 the citizen's debt register export", func(t *testing.T) {
			n, err := f.Svc.ImportClaims(ctx, f.EG, c.ID, "gjeldsregisteret.csv", data)
			if err != nil || n != 2 {
				t.Fatalf("import: %d, %v; want 2 claims", n, err)
			}
			v, _ := f.Svc.Debts(ctx, f.EG, c.ID)
			if len(v.Claims) != 2 || v.Claims[0].CaseID != c.ID || v.Claims[0].Balance != kr(87_340) {
				t.Errorf("claims %+v", v.Claims)
			}
			cv, _ := f.Svc.Case(ctx, f.EG, c.ID)
			if len(cv.Records) != 1 || cv.Records[0].Type != torg.RecordIncoming || len(cv.Records[0].Documents) != 1 ||
				cv.Records[0].Documents[0].Filename != "gjeldsregisteret.csv" || cv.Records[0].Correspondent != f.Kari.Name() {
				t.Fatalf("records %+v, want the file filed as incoming from Kari", cv.Records)
			}
			_, got, err := f.Svc.Document(ctx, f.EG, cv.Records[0].ID, cv.Records[0].Documents[0].ID)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("the filed file differs from the upload (%v)", err)
			}
		})
	})
}

func TestBudgetAssessment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := f.KariCase
		t.Run("DC6.5 the worked example of domain.md §3.4", func(t *testing.T) {
			mustAddClaims(t, f, f.EG, c.ID, []*torg.Claim{
				{Kind: torg.ClaimConsumerLoan, Creditor: fjord, Balance: kr(600_000)},
				{Kind: torg.ClaimCreditCard, Creditor: nordlys, Balance: kr(300_000)},
				{Kind: torg.ClaimMortgage, Creditor: "Sørbanken", Balance: kr(1_500_000), Secured: true},
			})
			b := &torg.Budget{Household: torg.HouseholdSingle, ChildAges: []int{8},
				Income:   []torg.BudgetLine{{Kind: torg.IncomeSalary, Monthly: kr(34_000)}},
				Expenses: []torg.BudgetLine{{Kind: torg.ExpenseRent, Monthly: kr(12_000)}}, Note: " Ny jobb \r\n"}
			if err := f.Svc.SaveBudget(ctx, f.EG, c.ID, b); err != nil {
				t.Fatal(err)
			}
			v, err := f.Svc.Debts(ctx, f.EG, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Budget == nil || v.Budget.UpdatedBy != f.EG.ID || v.Budget.Note != "Ny jobb" {
				t.Fatalf("budget %+v", v.Budget)
			}
			a := v.Assessment
			if v.Rates.ValidFrom.String() != "2024-07-01" || a == nil {
				t.Fatalf("rates from %s, assessment %v; want the July 2024 table", v.Rates.ValidFrom, a)
			}
			if a.LivingCost != kr(10_724+4_553) || a.Capacity != kr(6_723) || a.Available != kr(403_380) ||
				a.Unsecured != kr(900_000) || a.DividendBP != 4482 {
				t.Errorf("living %d capacity %d available %d unsecured %d dividend %d bp; want 15 277, 6 723, 403 380, 900 000, 4482",
					a.LivingCost/100, a.Capacity/100, a.Available/100, a.Unsecured/100, a.DividendBP)
			}
			if v.Scenarios == nil || !v.Scenarios.Repayment.Possible {
				t.Errorf("scenarios %+v", v.Scenarios)
			}
		})
	})
}

func TestLivingCostRates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		july24 := torg.Date{Year: 2024, Month: time.July, Day: 1}
		fix := torg.LivingCostRates{Country: "NO", ValidFrom: july24, Single: kr(10_800), Cohabiting: kr(9_082),
			SupportingPartner: kr(18_164), Child0to5: kr(3_432), Child6to10: kr(4_553), Child11to14: kr(5_747),
			Child15Plus: kr(6_611), Source: "corrected"}
		if err := f.Svc.AddLivingCostRates(ctx, f.EG, []torg.LivingCostRates{fix}); torg.ErrorCode(err) != torg.EFORBIDDEN {
			t.Errorf("a counsellor adds rates: %v, want EFORBIDDEN", err)
		}
		bad := fix
		bad.Single = 0
		if err := f.Svc.AddLivingCostRates(ctx, f.Admin, []torg.LivingCostRates{fix, bad}); torg.ErrorCode(err) != torg.EINVALID {
			t.Errorf("a table with a rate of 0: %v, want EINVALID", err)
		}
		if err := f.Svc.AddLivingCostRates(ctx, f.Admin, []torg.LivingCostRates{fix}); err != nil {
			t.Fatal(err)
		}
		all, err := f.Svc.LivingCostRates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(debt.DefaultRates()) {
			t.Errorf("%d tables, want the %d shipped with one replaced", len(all), len(debt.DefaultRates()))
		}
		if r, ok := debt.RatesOn(all, "NO", torg.DateOf(casetest.Now)); !ok || r.Single != kr(10_800) || r.Source != "corrected" {
			t.Errorf("in force: %+v, want the administrator's table to win on the same date", r)
		}
	})
}

func TestFileSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := f.KariCase
		if _, err := f.Svc.FileSchedule(ctx, f.EG, c.ID); torg.ErrorCode(err) != torg.EINVALID {
			t.Errorf("filing an empty schedule: %v, want EINVALID", err)
		}
		mustAddClaims(t, f, f.EG, c.ID, someClaims())
		t.Run("DC8.3 the schedule filed as spreadsheet and PDF", func(t *testing.T) {
			rec, err := f.Svc.FileSchedule(ctx, f.EG, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Type != torg.RecordNote || len(rec.Documents) != 2 {
				t.Fatalf("record %+v, want an internal record with two documents", rec)
			}
			want := []string{"gjeldsskjema-" + strings.ReplaceAll(c.Number(), "/", "-") + ".xlsx",
				"gjeldsskjema-" + strings.ReplaceAll(c.Number(), "/", "-") + ".pdf"}
			for i, d := range rec.Documents {
				if d.Filename != want[i] {
					t.Errorf("document %d is %s, want %s", i, d.Filename, want[i])
				}
				_, data, err := f.Svc.Document(ctx, f.EG, rec.ID, d.ID)
				if err != nil || len(data) == 0 || int64(len(data)) != d.Size {
					t.Errorf("document %s: %d bytes (%v)", d.Filename, len(data), err)
				}
			}
		})
		t.Run("the exports", func(t *testing.T) {
			name, xlsx, err := f.Svc.ScheduleXLSX(ctx, f.EG, c.ID)
			if err != nil || !strings.HasSuffix(name, ".xlsx") || !bytes.HasPrefix(xlsx, []byte("PK")) {
				t.Errorf("xlsx %s, %d bytes, %v", name, len(xlsx), err)
			}
			name, pdf, err := f.Svc.SchedulePDF(ctx, f.EG, c.ID)
			if err != nil || !strings.HasSuffix(name, ".pdf") || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Errorf("pdf %s, %d bytes, %v", name, len(pdf), err)
			}
		})
	})
}
