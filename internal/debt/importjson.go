package debt

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/torg-kommune/torg"
)

// registerFile is the debt register's JSON export: the person's loans and
// the date of the figures.
type registerFile struct {
	Loans      *[]json.RawMessage `json:"loans"`
	Timestamp  string             `json:"timestamp"`
	DateOfDebt string             `json:"dateOfDebt"`
}

// registerLoan is one loan of the export. The citizen's export has the
// figures on the loan, in kroner; the lenders' API nests them in "loan",
// in øre, under the creditor's name. Amounts are raw JSON values: numbers
// or strings.
type registerLoan struct {
	Type                      string          `json:"type"`
	FinancialInstitutionName  string          `json:"financialInstitutionName"`
	CreditorName              string          `json:"creditorName"`
	AccountID                 string          `json:"accountID"`
	Timestamp                 string          `json:"timestamp"`
	Balance                   json.RawMessage `json:"balance"`
	InterestBearingBalance    json.RawMessage `json:"interestBearingBalance"`
	NonInterestBearingBalance json.RawMessage `json:"nonInterestBearingBalance"`
	InstallmentCharges        json.RawMessage `json:"installmentCharges"`
	MonthlyPayment            json.RawMessage `json:"monthlyPayment"`
	Terms                     json.RawMessage `json:"terms"`
	Loan                      *registerLoan   `json:"loan"`
}

// registerKinds maps the register's loan types to kinds of claim.
var registerKinds = map[string]string{
	"repaymentloan":  torg.ClaimConsumerLoan,
	"creditfacility": torg.ClaimCreditCard,
	"chargecard":     torg.ClaimCreditCard,
}

// importJSON reads the debt register's JSON export.
func importJSON(data []byte) ([]torg.Claim, error) {
	var f registerFile
	if err := json.Unmarshal(data, &f); err != nil || f.Loans == nil {
		return nil, torg.Errorf(torg.EINVALID, keyImportFormat)
	}
	asOf, err := parseDate(firstOf(f.DateOfDebt, f.Timestamp))
	if err != nil {
		return nil, torg.Errorf(torg.EINVALID, keyImportFormat)
	}
	claims := make([]torg.Claim, 0, len(*f.Loans))
	for i, raw := range *f.Loans {
		c, err := registerClaim(raw, i+1, asOf)
		if err != nil {
			return nil, err
		}
		claims = append(claims, c)
	}
	return claims, nil
}

// registerClaim turns loan number n of the export into a claim.
func registerClaim(raw json.RawMessage, n int, asOf torg.Date) (torg.Claim, error) {
	var l registerLoan
	if err := json.Unmarshal(raw, &l); err != nil {
		return torg.Claim{}, lineError(n, "", nil)
	}
	scale, creditor := int64(100), firstOf(l.FinancialInstitutionName, l.CreditorName)
	if l.Loan != nil {
		scale, creditor = 1, firstOf(creditor, l.Loan.FinancialInstitutionName, l.Loan.CreditorName)
		if l.AccountID == "" {
			l.AccountID = l.Loan.AccountID
		}
		inner := *l.Loan
		inner.AccountID = l.AccountID
		l = inner
	}
	if isNull(l.Balance) && isNull(l.InterestBearingBalance) && isNull(l.NonInterestBearingBalance) {
		return torg.Claim{}, lineError(n, "balance", torg.FieldError("", keyImportNoFigures))
	}
	c := torg.Claim{Creditor: creditor, Reference: l.AccountID, Source: torg.SourceDebtRegister, AsOf: asOf}
	var ok bool
	if c.Kind, ok = registerKinds[strings.ToLower(l.Type)]; !ok {
		return c, lineError(n, "type", torg.FieldError("", keyImportType))
	}
	if l.Timestamp != "" {
		d, err := parseDate(l.Timestamp)
		if err != nil {
			return c, lineError(n, "timestamp", err)
		}
		c.AsOf = d
	}
	if err := registerFigures(&c, &l, scale, n); err != nil {
		return c, err
	}
	return c, finish(&c, n, registerNames)
}

// registerNames are the export's names of the claim's amount fields.
var registerNames = map[string]string{"balance": "balance", "monthly": "monthlyPayment", "creditor": "financialInstitutionName"}

// registerFigures reads a loan's balance and monthly payment: a repayment
// loan's "balance", or a credit's interest-bearing plus non-interest-bearing
// balance; the monthly payment plus the monthly instalment charges.
func registerFigures(c *torg.Claim, l *registerLoan, scale int64, n int) error {
	fields := []struct {
		name string
		raw  json.RawMessage
		dst  *torg.Money
	}{
		{"balance", l.Balance, &c.Balance},
		{"interestBearingBalance", l.InterestBearingBalance, nil},
		{"nonInterestBearingBalance", l.NonInterestBearingBalance, nil},
		{"monthlyPayment", firstRaw(l.MonthlyPayment, termsPayment(l.Terms)), &c.Monthly},
		{"installmentCharges", l.InstallmentCharges, nil},
	}
	vals := make([]torg.Money, len(fields))
	for i, f := range fields {
		v, err := jsonAmount(f.raw, scale)
		if err != nil {
			return lineError(n, f.name, err)
		}
		vals[i] = v
		if f.dst != nil {
			*f.dst = v
		}
	}
	if isNull(l.Balance) {
		c.Balance = vals[1] + vals[2]
	}
	if c.Monthly > 0 {
		c.Monthly += vals[4]
	}
	return nil
}

// termsPayment returns the monthly payment of the first of "terms" that has
// one, if "terms" is a list of terms; the lenders' API has the number of
// remaining terms there instead, which says nothing about the payment.
func termsPayment(raw json.RawMessage) json.RawMessage {
	var terms []struct {
		MonthlyPayment json.RawMessage `json:"monthlyPayment"`
	}
	if json.Unmarshal(raw, &terms) != nil {
		return nil
	}
	for _, t := range terms {
		if !isNull(t.MonthlyPayment) {
			return t.MonthlyPayment
		}
	}
	return nil
}

// jsonAmount reads an amount that is a JSON number or a string, in units
// of scale minor units: a number literal exactly, a string as people write
// amounts. Absent or null is 0.
func jsonAmount(raw json.RawMessage, scale int64) (torg.Money, error) {
	raw = bytes.TrimSpace(raw)
	if isNull(raw) {
		return 0, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, torg.FieldError("", keyImportAmount)
		}
		m, err := parseAmount(s)
		if err != nil || scale == 100 {
			return m, err
		}
		if m%100 != 0 { // the lenders' API has whole øre
			return 0, torg.FieldError("", keyImportAmount)
		}
		return m / 100, nil
	}
	if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return 0, torg.FieldError("", keyImportAmount)
	}
	return ratMoney(string(raw), scale)
}

func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

func firstRaw(raws ...json.RawMessage) json.RawMessage {
	for _, r := range raws {
		if !isNull(r) {
			return r
		}
	}
	return nil
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
