package torg

import (
	"slices"
	"strings"
	"time"
)

// Money is an amount in minor units of the municipality's currency (øre,
// öre): NOK 10 724 is Money(1_072_400).
type Money int64

// MaxMoney is the largest amount torg accepts on one line of a debt
// schedule or budget: NOK 100 million. Anything above it is a typing error.
const MaxMoney Money = 100_000_000_00

// Kinds of claim in a debt schedule (DC4.6, DC6.4).
const (
	ClaimConsumerLoan = "consumer_loan" // forbrukslån
	ClaimCreditCard   = "credit_card"   // kredittkort, rammekreditt
	ClaimMortgage     = "mortgage"      // boliglån
	ClaimCarLoan      = "car_loan"      // billån
	ClaimStudentLoan  = "student_loan"  // Lånekassen
	ClaimTax          = "tax"           // restskatt and other public claims
	ClaimCollection   = "collection"    // inkassokrav
	ClaimInvoice      = "invoice"       // unpaid bills
	ClaimOther        = "other"
)

// ClaimKinds lists the kinds of claim in the order forms offer them.
var ClaimKinds = []string{ClaimConsumerLoan, ClaimCreditCard, ClaimMortgage, ClaimCarLoan, ClaimStudentLoan,
	ClaimTax, ClaimCollection, ClaimInvoice, ClaimOther}

// Where a claim's figures come from.
const (
	SourceCitizen      = "citizen"       // the citizen's own overview or papers (DC6.1)
	SourceDebtRegister = "debt_register" // the citizen's export from the debt register (Gjeldsregisteret)
	SourceCreditor     = "creditor"      // the creditor's reply to the request (DC6.4)
	SourceCollection   = "collection"    // the debt-collection register (DC6.3)
	SourceTaxReturn    = "tax_return"    // the tax return
)

// ClaimSources lists the sources in the order forms offer them.
var ClaimSources = []string{SourceCitizen, SourceDebtRegister, SourceCreditor, SourceCollection, SourceTaxReturn}

// Claim is one line of a case's debt schedule (gjeldsskjema): what the
// citizen owes one creditor on one account.
type Claim struct {
	ID             int64
	MunicipalityID int64
	CaseID         int64
	Kind           string
	Creditor       string // the creditor or collection agency
	CreditorAddr   string // the creditor's postal address, lines separated by "\n"; for letters (DC6.2, DC8.5)
	Reference      string // the creditor's account or case number
	Principal      Money  // hovedstol
	Interest       Money  // accrued interest
	Fees           Money  // fees and collection costs
	Balance        Money  // what is owed in all; principal+interest+fees when not given
	Monthly        Money  // the monthly instalment under the current terms
	Secured        bool   // secured by a mortgage or other collateral
	InCollection   bool   // with a debt collector
	Source         string
	AsOf           Date      // the date the figures are from
	RequestedAt    time.Time // when the creditor was asked for figures (DC6.2); zero if not
	AnsweredAt     time.Time // when the creditor's figures were entered (DC6.4); zero if not
	RequestKey     string    // the one-time key of the form or request that added it: a double submit adds one claim
	Created        time.Time
	Updated        time.Time
}

// Normalize trims text fields and fills in the balance from its parts.
func (c *Claim) Normalize() {
	c.Creditor = strings.TrimSpace(c.Creditor)
	c.CreditorAddr = strings.TrimSpace(c.CreditorAddr)
	c.Reference = strings.TrimSpace(c.Reference)
	if c.Balance == 0 {
		c.Balance = c.Principal + c.Interest + c.Fees
	}
	if c.Source == "" {
		c.Source = SourceCitizen
	}
}

// Validate checks a claim: known kind and source, a creditor, and amounts
// that are neither negative nor absurd. Call Normalize first.
func (c *Claim) Validate() error {
	if !slices.Contains(ClaimKinds, c.Kind) {
		return FieldError("kind", "debt.kind_unknown")
	}
	if c.Creditor == "" {
		return FieldError("creditor", "debt.creditor_required")
	}
	if len(c.Creditor) > 200 || len(c.Reference) > 100 || len(c.CreditorAddr) > 500 {
		return FieldError("creditor", "debt.too_long")
	}
	if !slices.Contains(ClaimSources, c.Source) {
		return FieldError("source", "debt.source_unknown")
	}
	for _, f := range []struct {
		name string
		v    Money
	}{{"principal", c.Principal}, {"interest", c.Interest}, {"fees", c.Fees}, {"balance", c.Balance}, {"monthly", c.Monthly}} {
		if f.v < 0 {
			return FieldError(f.name, "debt.amount_negative")
		}
		if f.v > MaxMoney {
			return FieldError(f.name, "debt.amount_absurd")
		}
	}
	if c.Balance == 0 {
		return FieldError("balance", "debt.balance_required")
	}
	if c.Monthly > c.Balance {
		return FieldError("monthly", "debt.monthly_above_balance")
	}
	return nil
}

// Household roles of the adults in a budget, which choose the living-cost
// rate (livsoppholdssats, domain.md §3.3).
const (
	HouseholdSingle     = "single"     // the debtor lives alone or alone with children
	HouseholdCouple     = "couple"     // married or cohabiting; both incomes count
	HouseholdSupporting = "supporting" // the debtor supports a spouse or partner
)

// Budget lines' kinds.
const (
	IncomeSalary       = "salary"        // net pay
	IncomeBenefits     = "benefits"      // NAV benefits after tax
	IncomeChildBenefit = "child_benefit" // barnetrygd
	IncomeHousing      = "housing_benefit"
	IncomeSupport      = "support_received" // bidrag mottatt
	IncomeOther        = "other_income"

	ExpenseRent      = "rent"       // husleie
	ExpenseMortgage  = "mortgage"   // interest and instalment on the home loan
	ExpenseJointCost = "joint_cost" // felleskostnader
	ExpenseMunicipal = "municipal"  // kommunale avgifter
	ExpenseChildcare = "childcare"  // barnehage, SFO
	ExpenseSupport   = "support_paid"
	ExpenseContact   = "contact" // samværsutgifter
	ExpenseOther     = "other_expense"
)

// IncomeKinds and ExpenseKinds list the budget lines in the order forms
// offer them.
var (
	IncomeKinds  = []string{IncomeSalary, IncomeBenefits, IncomeChildBenefit, IncomeHousing, IncomeSupport, IncomeOther}
	ExpenseKinds = []string{ExpenseRent, ExpenseMortgage, ExpenseJointCost, ExpenseMunicipal, ExpenseChildcare,
		ExpenseSupport, ExpenseContact, ExpenseOther}
)

// BudgetLine is one monthly income or expense.
type BudgetLine struct {
	Kind    string
	Note    string
	Monthly Money
}

// Budget is a case's household budget (DC4.6, DC6.5): monthly net income,
// the household that sets the living-cost amount, and the necessary
// expenses on top of it. Electricity and contents insurance are inside the
// living-cost amount and have no line of their own.
type Budget struct {
	CaseID    int64
	Household string // HouseholdSingle, HouseholdCouple or HouseholdSupporting
	ChildAges []int  // the ages of the children in the household
	Income    []BudgetLine
	Expenses  []BudgetLine
	Years     int   // the repayment period for the dividend; 5 unless set (gjeldsordningsloven § 4-2)
	LumpSum   Money // a sum the citizen can raise for a one-off settlement (DC6.9)
	RefiRate  int   // the annual nominal interest of a refinancing loan, in basis points (DC6.9)
	RefiYears int   // the term of a refinancing loan (DC6.9)
	Note      string
	Updated   time.Time
	UpdatedBy int64
}

// IncomeTotal is the budget's monthly net income.
func (b *Budget) IncomeTotal() Money { return sumLines(b.Income) }

// ExpenseTotal is the budget's necessary monthly expenses beyond the
// living-cost amount.
func (b *Budget) ExpenseTotal() Money { return sumLines(b.Expenses) }

func sumLines(ls []BudgetLine) Money {
	var s Money
	for _, l := range ls {
		s += l.Monthly
	}
	return s
}

// Validate checks a budget. A budget without income is refused: it cannot
// give a debt-servicing capacity, and the counsellor must say what the
// household lives on (if nothing, an income line of 0 with a note).
func (b *Budget) Validate() error {
	switch b.Household {
	case HouseholdSingle, HouseholdCouple, HouseholdSupporting:
	default:
		return FieldError("household", "budget.household_unknown")
	}
	if len(b.ChildAges) > 15 {
		return FieldError("children", "budget.too_many_children")
	}
	for _, a := range b.ChildAges {
		if a < 0 || a > 25 {
			return FieldError("children", "budget.child_age")
		}
	}
	if len(b.Income) == 0 {
		return FieldError("income", "budget.income_missing")
	}
	for _, set := range []struct {
		field string
		kinds []string
		lines []BudgetLine
	}{{"income", IncomeKinds, b.Income}, {"expenses", ExpenseKinds, b.Expenses}} {
		for _, l := range set.lines {
			switch {
			case !slices.Contains(set.kinds, l.Kind):
				return FieldError(set.field, "budget.kind_unknown")
			case l.Monthly < 0:
				return FieldError(set.field, "debt.amount_negative")
			case l.Monthly > MaxMoney:
				return FieldError(set.field, "debt.amount_absurd")
			case len(l.Note) > 200:
				return FieldError(set.field, "debt.too_long")
			}
		}
	}
	if b.IncomeTotal() == 0 && !hasNote(b.Income) {
		return FieldError("income", "budget.income_missing")
	}
	switch {
	case b.Years < 0 || b.Years > 10:
		return FieldError("years", "budget.years_range")
	case b.LumpSum < 0 || b.LumpSum > MaxMoney:
		return FieldError("lump_sum", "debt.amount_absurd")
	case b.RefiRate < 0 || b.RefiRate > 5000:
		return FieldError("refi_rate", "budget.rate_range")
	case b.RefiYears < 0 || b.RefiYears > 30:
		return FieldError("refi_years", "budget.refi_years_range")
	}
	return nil
}

func hasNote(ls []BudgetLine) bool {
	for _, l := range ls {
		if strings.TrimSpace(l.Note) != "" {
			return true
		}
	}
	return false
}

// LivingCostRates is one dated table of the monthly living-cost rates
// (livsoppholdssatser, domain.md §3.3), valid from ValidFrom until the next
// table. Administrators add a table each July.
type LivingCostRates struct {
	Country           string // NO
	ValidFrom         Date
	Single            Money // single debtor
	Cohabiting        Money // married or cohabiting debtor, per person
	SupportingPartner Money // debtor supporting a spouse or partner, for both
	Child0to5         Money
	Child6to10        Money
	Child11to14       Money
	Child15Plus       Money
	Source            string // where the figures come from
}

// Validate checks a rate table.
func (r *LivingCostRates) Validate() error {
	if r.ValidFrom.IsZero() {
		return FieldError("valid_from", "rates.valid_from_required")
	}
	for _, v := range []Money{r.Single, r.Cohabiting, r.SupportingPartner, r.Child0to5, r.Child6to10, r.Child11to14, r.Child15Plus} {
		if v <= 0 || v > 1_000_000_00 {
			return FieldError("rates", "rates.amount_range")
		}
	}
	return nil
}
