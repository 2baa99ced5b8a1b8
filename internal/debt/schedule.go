package debt

import (
	"fmt"

	"github.com/torg-kommune/torg"
)

// Schedule is what the spreadsheet and the PDF show: the debt schedule
// (gjeldsskjema) of a case with its budget, assessment and scenarios. It
// has the citizen's name and no address, since the schedule goes to
// creditors and a citizen may have a protected address; the claims'
// creditor addresses are not printed either.
type Schedule struct {
	Lang         string // nb, da, sv, en (labels)
	Municipality string
	Unit         string
	CaseNumber   string
	Citizen      string    // name only — NEVER an address (protected citizens)
	BirthDate    torg.Date // may be zero
	Counsellor   string
	Date         torg.Date
	Claims       []*torg.Claim
	Budget       *torg.Budget // nil if none
	Assessment   *Assessment  // nil if no budget
	Scenarios    *Scenarios   // nil if none
	Currency     string       // "NOK", "SEK", "DKK"
}

// claimRow is a claim's cells as text, in the order of the claim table.
func claimRow(lang string, l *labels, c *torg.Claim) []string {
	return []string{c.Creditor, label(l.Kinds, c.Kind), c.Reference,
		formatMoney(lang, c.Principal), formatMoney(lang, c.Interest), formatMoney(lang, c.Fees),
		formatMoney(lang, c.Balance), formatMoney(lang, c.Monthly),
		yesNo(l, c.Secured), yesNo(l, c.InCollection), label(l.Sources, c.Source), formatDate(lang, c.AsOf)}
}

// claimHeader is the claim table's header row.
func claimHeader(l *labels) []string {
	return []string{l.Creditor, l.Kind, l.Reference, l.Principal, l.Interest, l.Fees, l.Balance, l.Monthly,
		l.Secured, l.Collection, l.Source, l.AsOf}
}

// totals are the sums of a claim table: all claims, the secured and the
// unsecured, each with principal, interest, fees, balance and monthly.
type totals struct{ all, secured, unsecured [5]torg.Money }

func claimTotals(claims []*torg.Claim) totals {
	var t totals
	for _, c := range claims {
		v := [5]torg.Money{c.Principal, c.Interest, c.Fees, c.Balance, c.Monthly}
		for i := range v {
			t.all[i] += v[i]
			if c.Secured {
				t.secured[i] += v[i]
			} else {
				t.unsecured[i] += v[i]
			}
		}
	}
	return t
}

func yesNo(l *labels, b bool) string {
	if b {
		return l.Yes
	}
	return l.No
}

// costLineText describes a living-cost line: "Barn, 8 år" and whether it
// was reduced.
func costLineText(l *labels, c CostLine) string {
	switch c.Who {
	case WhoPartner:
		return l.Partner
	case WhoCouple:
		return l.Couple
	case WhoChild:
		return fmt.Sprintf("%s (%s %d)", l.Child, l.Age, c.Age)
	}
	return l.Debtor
}

// lang returns the schedule's language, bokmål unless one of the others.
func (s *Schedule) lang() string {
	if _, ok := allLabels[s.Lang]; ok {
		return s.Lang
	}
	return "nb"
}
