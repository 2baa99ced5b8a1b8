package debt

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/torg-kommune/torg"
)

func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func date(y int, m time.Month, d int) torg.Date { return torg.Date{Year: y, Month: m, Day: d} }

func TestImport(t *testing.T) {
	reg := torg.SourceDebtRegister
	tests := []struct {
		name string
		file string
		want []torg.Claim
	}{
		{
			name: "DC6.1 the debt register's JSON export, amounts in kroner",
			file: "gjeldsregisteret.json",
			want: []torg.Claim{
				{Kind: torg.ClaimConsumerLoan, Creditor: "Fjordkreditt AS", Reference: "FK-7781-2209",
					Balance: 11248050, Monthly: 312050 + 4500, Source: reg, AsOf: date(2025, time.March, 14)},
				{Kind: torg.ClaimCreditCard, Creditor: "Nordlys Bank ASA", Reference: "4417 22** **** 9031",
					Balance: 3821190 + 120000, Source: reg, AsOf: date(2025, time.March, 14)},
				{Kind: torg.ClaimCreditCard, Creditor: "Skagerrak Kort", Reference: "SK-001",
					Balance: 845000, Source: reg, AsOf: date(2025, time.March, 10)},
			},
		},
		{
			name: "DC6.1 the lenders' API shape, amounts in øre",
			file: "norskgjeld_api.json",
			want: []torg.Claim{
				{Kind: torg.ClaimConsumerLoan, Creditor: "FJORDKREDITT AS", Balance: 11248050, Source: reg,
					AsOf: date(2025, time.February, 1)},
				{Kind: torg.ClaimCreditCard, Creditor: "NORDLYS BANK ASA", Balance: 3821190 + 120000, Source: reg,
					AsOf: date(2025, time.February, 1)},
			},
		},
		{
			name: "DC6.1 CSV with semicolons, a BOM, Norwegian columns and amounts, a blank and a sum row",
			file: "gjeld.csv",
			want: []torg.Claim{
				{Kind: torg.ClaimConsumerLoan, Creditor: "Fjordkreditt AS", CreditorAddr: "Postboks 12\nSentrum\n5804 Bergen",
					Reference: "FK-7781-2209", Principal: 10000000, Interest: 1123050, Fees: 125000, Balance: 11248050,
					Monthly: 312050, Source: reg, AsOf: date(2025, time.March, 14)},
				{Kind: torg.ClaimMortgage, Creditor: "Vestbo Boligkreditt", Reference: "VB-1", Principal: 185000000,
					Balance: 185000000, Monthly: 1140000, Secured: true, Source: reg, AsOf: date(2025, time.March, 1)},
				{Kind: torg.ClaimCollection, Creditor: "Kystinkasso AS", Reference: "KI-2025-118", Principal: 420000,
					Interest: 38025, Fees: 105000, Balance: 563025, InCollection: true, Source: reg},
			},
		},
		{
			name: "DC6.1 CSV with commas, English columns, a source column",
			file: "debts.csv",
			want: []torg.Claim{
				{Kind: torg.ClaimCreditCard, Creditor: "Nordlys Bank ASA", Reference: "4417-9031", Principal: 3821190,
					Balance: 3941190, Monthly: 120000, Source: torg.SourceCreditor, AsOf: date(2025, time.March, 14)},
				{Kind: torg.ClaimConsumerLoan, Creditor: "Skagerrak Kort", Reference: "SK-001", Principal: 845000,
					Balance: 845000, Source: reg},
			},
		},
		{
			name: "DC6.1 CSV in Windows-1252, as Excel saves it",
			file: "gjeld_cp1252.csv",
			want: []torg.Claim{{Kind: torg.ClaimOther, Creditor: "Tønsberg Kreditt", Balance: 1200000, Source: reg}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Import(readTestdata(t, tt.file))
			if err != nil {
				t.Fatalf("Import: %v (%v)", err, torg.AsError(err).Args)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestImportErrors(t *testing.T) {
	csvHead := "Kreditor;Saldo;Terminbeløp;Sikret;Dato\n"
	tests := []struct {
		name   string
		data   []byte
		key    string
		line   int
		reason string
		field  string
	}{
		{name: "DC6.1 empty file", data: nil, key: keyImportEmpty},
		{name: "DC6.1 only white space and a BOM", data: []byte("\uFEFF \n\t"), key: keyImportEmpty},
		{name: "DC6.1 CSV with a header only", data: []byte(csvHead), key: keyImportEmpty},
		{name: "DC6.1 JSON without loans", data: []byte(`{"timestamp":"2025-01-01","loans":[]}`), key: keyImportEmpty},
		{name: "DC6.1 garbage text", data: []byte("hello, world\nthis is not a debt schedule"), key: keyImportFormat},
		{name: "DC6.1 binary garbage", data: []byte("PK\x03\x04\x00\x00\x08\x00garbage"), key: keyImportFormat},
		{name: "DC6.1 a PDF", data: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), key: keyImportFormat},
		{name: "DC6.1 broken JSON", data: []byte(`{"loans": [`), key: keyImportFormat},
		{name: "DC6.1 JSON of another kind", data: []byte(`{"name": "x"}`), key: keyImportFormat},
		{name: "DC6.1 JSON with a bad date", data: []byte(`{"timestamp":"yesterday","loans":[]}`), key: keyImportFormat},
		{name: "DC6.1 too large", data: bytes.Repeat([]byte("a"), MaxImportSize+1), key: keyImportTooLarge},
		{
			name: "DC6.1 CSV negative amount", data: []byte(csvHead + "Fjordkreditt AS;1 000;;;\nNordlys Bank ASA;-200,00;;;\n"),
			key: keyImportLine, line: 3, reason: "debt.amount_negative", field: "Saldo",
		},
		{
			name: "DC6.1 CSV absurd amount", data: []byte(csvHead + "Fjordkreditt AS;100 000 000,01;;;\n"),
			key: keyImportLine, line: 2, reason: "debt.amount_absurd", field: "Saldo",
		},
		{
			name: "DC6.1 CSV amount beyond int64", data: []byte(csvHead + "Fjordkreditt AS;99999999999999999999999;;;\n"),
			key: keyImportLine, line: 2, reason: "debt.amount_absurd", field: "Saldo",
		},
		{
			name: "DC6.1 CSV missing creditor", data: []byte(csvHead + ";1 000;;;\n"),
			key: keyImportLine, line: 2, reason: "debt.creditor_required", field: "Kreditor",
		},
		{
			name: "DC6.1 CSV unreadable amount", data: []byte(csvHead + "Fjordkreditt AS;tolv;;;\n"),
			key: keyImportLine, line: 2, reason: keyImportAmount, field: "Saldo",
		},
		{
			name: "DC6.1 CSV ambiguous amount with three decimals", data: []byte(csvHead + "Fjordkreditt AS;1.500;;;\n"),
			key: keyImportLine, line: 2, reason: keyImportAmount, field: "Saldo",
		},
		{
			name: "DC6.1 CSV monthly above the balance", data: []byte(csvHead + "Fjordkreditt AS;1 000;2 000;;\n"),
			key: keyImportLine, line: 2, reason: "debt.monthly_above_balance", field: "Terminbeløp",
		},
		{
			name: "DC6.1 CSV neither yes nor no", data: []byte(csvHead + "Fjordkreditt AS;1 000;;kanskje;\n"),
			key: keyImportLine, line: 2, reason: keyImportBool, field: "Sikret",
		},
		{
			name: "DC6.1 CSV bad date", data: []byte(csvHead + "Fjordkreditt AS;1 000;;;31.02.2025\n"),
			key: keyImportLine, line: 2, reason: keyImportDate, field: "Dato",
		},
		{
			name: "DC6.1 CSV unknown type", data: []byte("Kreditor;Type;Saldo\nFjordkreditt AS;leasing;1 000\n"),
			key: keyImportLine, line: 2, reason: keyImportType, field: "Type",
		},
		{
			name: "DC6.1 CSV no balance", data: []byte(csvHead + "Fjordkreditt AS;;;;\n"),
			key: keyImportLine, line: 2, reason: "debt.balance_required", field: "Saldo",
		},
		{
			name: "DC6.1 CSV a broken quote", data: []byte(csvHead + "Fjordkreditt AS;1 000;;;\n\"Nordlys;1 000;;;\n"),
			key: keyImportLine, line: 3, reason: keyImportFormat,
		},
		{name: "DC6.1 CSV without a balance column", data: []byte("Kreditor;Merknad\nFjordkreditt AS;x\n"), key: keyImportFormat},
		{name: "DC6.1 CSV with a column twice", data: []byte("Kreditor;Saldo;Balance\nFjordkreditt AS;1;1\n"), key: keyImportFormat},
		{
			name: "DC6.1 JSON negative balance",
			data: []byte(`{"timestamp":"2025-03-14","loans":[{"type":"repaymentLoan","financialInstitutionName":"Fjordkreditt AS","balance":1000},{"type":"repaymentLoan","financialInstitutionName":"Nordlys Bank ASA","balance":"-5,00"}]}`),
			key:  keyImportLine, line: 2, reason: "debt.amount_negative", field: "balance",
		},
		{
			name: "DC6.1 JSON absurd balance",
			data: []byte(`{"timestamp":"2025-03-14","loans":[{"type":"repaymentLoan","financialInstitutionName":"Fjordkreditt AS","balance":1e12}]}`),
			key:  keyImportLine, line: 1, reason: "debt.amount_absurd", field: "balance",
		},
		{
			name: "DC6.1 JSON without a creditor",
			data: []byte(`{"timestamp":"2025-03-14","loans":[{"type":"repaymentLoan","balance":1000}]}`),
			key:  keyImportLine, line: 1, reason: "debt.creditor_required", field: "financialInstitutionName",
		},
		{
			name: "DC6.1 JSON unknown loan type",
			data: []byte(`{"timestamp":"2025-03-14","loans":[{"type":"mortgage","financialInstitutionName":"X","balance":1000}]}`),
			key:  keyImportLine, line: 1, reason: keyImportType, field: "type",
		},
		{
			name: "DC6.1 JSON a creditor that did not answer",
			data: []byte(`{"dateOfDebt":"2025-03-14","loans":[{"creditorName":"X","loan":null}]}`),
			key:  keyImportLine, line: 1, reason: keyImportNoFigures, field: "balance",
		},
		{
			name: "DC6.1 JSON amount that is not a number",
			data: []byte(`{"timestamp":"2025-03-14","loans":[{"type":"repaymentLoan","financialInstitutionName":"X","balance":true}]}`),
			key:  keyImportLine, line: 1, reason: keyImportAmount, field: "balance",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims, err := Import(tt.data)
			if err == nil {
				t.Fatalf("Import = %+v, want an error", claims)
			}
			if claims != nil {
				t.Errorf("claims = %v, want none: the import is all or nothing", claims)
			}
			e := torg.AsError(err)
			if e == nil || e.Key != tt.key || e.Code != torg.EINVALID {
				t.Fatalf("error = %v, want key %s", err, tt.key)
			}
			if tt.key != keyImportLine {
				return
			}
			want := []any{"line", tt.line, "reason", tt.reason, "field", tt.field}
			if diff := cmp.Diff(want, e.Args); diff != "" {
				t.Errorf("args (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want torg.Money
		ok   bool
	}{
		{"12 345,67", 1234567, true},
		{"12345.67", 1234567, true},
		{"12.345,67", 1234567, true},
		{"12,345.67", 1234567, true},
		{"1 234 567", 123456700, true},
		{"1.234.567", 123456700, true},
		{"1,234,567", 123456700, true},
		{"kr 1 500,-", 150000, true},
		{"1500 NOK", 150000, true},
		{"12\u00a0345,5", 1234550, true},
		{"−200", -20000, true},
		{"0,05", 5, true},
		{"", 0, true},
		{"1.500", 0, false},
		{"12,345", 0, false},
		{"1-2", 0, false},
		{"abc", 0, false},
	}
	for _, tt := range tests {
		got, err := parseAmount(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseAmount(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestImportLargeFileWithinLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("Kreditor;Saldo\n")
	for b.Len() < MaxImportSize-100 {
		b.WriteString("Fjordkreditt AS;1 000,00\n")
	}
	claims, err := Import([]byte(b.String()))
	if err != nil || len(claims) < 1000 {
		t.Fatalf("Import: %d claims, %v", len(claims), err)
	}
}
