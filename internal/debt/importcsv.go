package debt

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// CSV columns, by the claim field they fill.
const (
	colCreditor = iota
	colAddr
	colKind
	colReference
	colPrincipal
	colInterest
	colFees
	colBalance
	colMonthly
	colSecured
	colCollection
	colDate
	colSource
	numCols
)

// csvHeaders maps the header names a CSV file may use, normalised by
// headerKey, to columns.
var csvHeaders = map[string]int{
	"kreditor": colCreditor, "creditor": colCreditor, "långiver": colCreditor, "kreditorer": colCreditor,
	"kreditoradresse": colAddr, "adresse": colAddr, "creditoraddress": colAddr, "address": colAddr,
	"type": colKind, "kravtype": colKind, "lånetype": colKind, "kind": colKind,
	"referanse": colReference, "reference": colReference, "ref": colReference, "kontonummer": colReference, "saksnummer": colReference,
	"hovedstol": colPrincipal, "principal": colPrincipal,
	"renter": colInterest, "rente": colInterest, "interest": colInterest,
	"gebyrer": colFees, "gebyr": colFees, "omkostninger": colFees, "fees": colFees,
	"saldo": colBalance, "balance": colBalance, "restgjeld": colBalance,
	"terminbeløp": colMonthly, "terminbelop": colMonthly, "månedsbeløp": colMonthly, "monthly": colMonthly,
	"monthlypayment": colMonthly, "instalment": colMonthly, "installment": colMonthly,
	"sikret": colSecured, "secured": colSecured,
	"inkasso": colCollection, "collection": colCollection, "incollection": colCollection,
	"dato": colDate, "date": colDate, "perdato": colDate, "asof": colDate,
	"kilde": colSource, "source": colSource,
}

// headerKey normalises a header name: lower case, without a unit in
// brackets and without spaces, dots, dashes and underscores, so that
// "Terminbeløp (kr)" and "Per dato" match.
func headerKey(s string) string {
	s, _, _ = strings.Cut(strings.ToLower(s), "(")
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '_', '\u00a0', '\t':
			return -1
		}
		return r
	}, s)
}

// importCSV reads a CSV file with a header row, separated by ";" or ",".
func importCSV(data []byte) ([]torg.Claim, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, torg.Errorf(torg.EINVALID, keyImportFormat)
	}
	cols, err := csvColumns(header)
	if err != nil {
		return nil, err
	}
	var claims []torg.Claim
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return claims, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, lineError(pe.StartLine, "", nil)
		} else if err != nil {
			return nil, torg.Errorf(torg.EINVALID, keyImportFormat)
		}
		line, _ := r.FieldPos(0)
		c, skip, err := csvClaim(rec, cols, header, line)
		if err != nil {
			return nil, err
		}
		if !skip {
			claims = append(claims, c)
		}
	}
}

// separator returns ";" if the header line has more semicolons than
// commas, and "," otherwise.
func separator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

// csvColumns returns, for each column of the claim, its index in the
// header or -1. A file without a creditor column, or without a balance or
// principal column, is not a debt schedule; a column named twice is an
// error, since one of the two would be lost.
func csvColumns(header []string) ([numCols]int, error) {
	var cols [numCols]int
	for i := range cols {
		cols[i] = -1
	}
	for i, h := range header {
		c, ok := csvHeaders[headerKey(h)]
		if !ok {
			continue // a column of the counsellor's own is ignored
		}
		if cols[c] >= 0 {
			return cols, torg.Errorf(torg.EINVALID, keyImportFormat)
		}
		cols[c] = i
	}
	if cols[colCreditor] < 0 || cols[colBalance] < 0 && cols[colPrincipal] < 0 {
		return cols, torg.Errorf(torg.EINVALID, keyImportFormat)
	}
	return cols, nil
}

// sumRows are the creditor cells of a spreadsheet's sum row, which is
// skipped rather than read as a creditor.
var sumRows = map[string]bool{"sum": true, "total": true, "totalt": true, "i alt": true, "sum gjeld": true}

// csvClaim reads the claim of one row; skip is true for a blank row or a
// sum row.
func csvClaim(rec []string, cols [numCols]int, header []string, line int) (c torg.Claim, skip bool, err error) {
	cell := func(col int) string {
		if i := cols[col]; i >= 0 && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	if strings.TrimSpace(strings.Join(rec, "")) == "" || sumRows[strings.ToLower(cell(colCreditor))] {
		return c, true, nil
	}
	name := func(col int) string { return strings.TrimSpace(header[cols[col]]) }
	c = torg.Claim{Creditor: cell(colCreditor), CreditorAddr: cell(colAddr), Reference: cell(colReference),
		Source: torg.SourceDebtRegister}
	if c.Kind, err = claimKind(cell(colKind)); err != nil {
		return c, false, lineError(line, name(colKind), err)
	}
	for _, f := range []struct {
		col int
		dst *torg.Money
	}{{colPrincipal, &c.Principal}, {colInterest, &c.Interest}, {colFees, &c.Fees}, {colBalance, &c.Balance}, {colMonthly, &c.Monthly}} {
		if *f.dst, err = parseAmount(cell(f.col)); err != nil {
			return c, false, lineError(line, name(f.col), err)
		}
	}
	for _, f := range []struct {
		col int
		dst *bool
	}{{colSecured, &c.Secured}, {colCollection, &c.InCollection}} {
		if *f.dst, err = parseYesNo(cell(f.col)); err != nil {
			return c, false, lineError(line, name(f.col), err)
		}
	}
	if c.AsOf, err = parseDate(cell(colDate)); err != nil {
		return c, false, lineError(line, name(colDate), err)
	}
	if s := cell(colSource); s != "" {
		c.Source = claimSource(s)
	}
	return c, false, finish(&c, line, csvNames(cols, header))
}

// csvNames maps the claim's field names to the file's column names.
func csvNames(cols [numCols]int, header []string) map[string]string {
	names := map[string]string{}
	for field, col := range map[string]int{"creditor": colCreditor, "kind": colKind, "principal": colPrincipal,
		"interest": colInterest, "fees": colFees, "balance": colBalance, "monthly": colMonthly, "source": colSource} {
		if cols[col] >= 0 {
			names[field] = strings.TrimSpace(header[cols[col]])
		}
	}
	return names
}

// claimKinds maps the names of kinds of claim that a file may use, in
// lower case, to kinds: torg's own, Norwegian and English names, and the
// debt register's loan types.
var claimKinds = map[string]string{
	"forbrukslån": torg.ClaimConsumerLoan, "forbrukslan": torg.ClaimConsumerLoan, "lån": torg.ClaimConsumerLoan,
	"nedbetalingslån": torg.ClaimConsumerLoan, "consumer loan": torg.ClaimConsumerLoan, "repaymentloan": torg.ClaimConsumerLoan,
	"kredittkort": torg.ClaimCreditCard, "rammekreditt": torg.ClaimCreditCard, "kortkreditt": torg.ClaimCreditCard,
	"credit card": torg.ClaimCreditCard, "creditfacility": torg.ClaimCreditCard, "chargecard": torg.ClaimCreditCard,
	"boliglån": torg.ClaimMortgage, "mortgage": torg.ClaimMortgage,
	"billån": torg.ClaimCarLoan, "car loan": torg.ClaimCarLoan,
	"studielån": torg.ClaimStudentLoan, "lånekassen": torg.ClaimStudentLoan, "student loan": torg.ClaimStudentLoan,
	"skatt": torg.ClaimTax, "restskatt": torg.ClaimTax, "offentlig": torg.ClaimTax, "tax": torg.ClaimTax,
	"inkasso": torg.ClaimCollection, "inkassokrav": torg.ClaimCollection, "collection": torg.ClaimCollection,
	"faktura": torg.ClaimInvoice, "regning": torg.ClaimInvoice, "invoice": torg.ClaimInvoice,
	"annet": torg.ClaimOther, "annen": torg.ClaimOther, "other": torg.ClaimOther, "": torg.ClaimOther,
}

func init() {
	for _, k := range torg.ClaimKinds {
		claimKinds[k] = k
	}
}

// claimKind returns the kind of claim a file names.
func claimKind(s string) (string, error) {
	k, ok := claimKinds[strings.ToLower(strings.Join(strings.Fields(s), " "))]
	if !ok {
		return "", torg.FieldError("", keyImportType)
	}
	return k, nil
}

// claimSource returns the source a file names: torg's own names or the
// Norwegian ones; anything else is passed on for Validate to refuse.
func claimSource(s string) string {
	switch k := strings.ToLower(s); k {
	case "gjeldsregisteret", "gjeldsregister":
		return torg.SourceDebtRegister
	case "kreditor":
		return torg.SourceCreditor
	case "inkasso", "inkassoregisteret":
		return torg.SourceCollection
	case "innbygger", "skyldner", "egen oversikt":
		return torg.SourceCitizen
	case "selvangivelse", "skattemelding":
		return torg.SourceTaxReturn
	default:
		return k
	}
}

// parseYesNo reads a yes or no; an empty cell is no.
func parseYesNo(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "ja", "j", "yes", "y", "true", "1", "x", "sann":
		return true, nil
	case "nei", "n", "no", "false", "0", "", "usann":
		return false, nil
	}
	return false, torg.FieldError("", keyImportBool)
}

// parseDate reads a date as 2024-05-31 (with or without a time after it,
// as in ISO 8601 timestamps), 31.05.2024 or 31/05/2024. An empty string is
// the zero date.
func parseDate(s string) (torg.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return torg.Date{}, nil
	}
	if len(s) > 10 && s[4] == '-' && s[10] == 'T' {
		s = s[:10]
	}
	for _, layout := range []string{time.DateOnly, "2.1.2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return torg.DateOf(t), nil
		}
	}
	return torg.Date{}, torg.FieldError("", keyImportDate)
}
