package debt

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// openXLSX writes s and opens the result.
func openXLSX(tb testing.TB, s *Schedule) *excelize.File {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, s); err != nil {
		tb.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// number returns a cell's raw value as a number, failing unless it is one.
func number(tb testing.TB, f *excelize.File, sheet, cell string) float64 {
	tb.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		tb.Fatal(err)
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		tb.Fatalf("%s!%s = %q, not a number", sheet, cell, v)
	}
	return n
}

// calc evaluates a formula cell with excelize's calculation engine.
func calc(tb testing.TB, f *excelize.File, sheet, cell string) float64 {
	tb.Helper()
	v, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		tb.Fatalf("calc %s!%s: %v", sheet, cell, err)
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		tb.Fatalf("calc %s!%s = %q", sheet, cell, v)
	}
	return n
}

func TestWriteXLSX(t *testing.T) {
	f := openXLSX(t, testSchedule(t, "nb"))
	const sheet = "Gjeldsoversikt"
	if got, want := f.GetSheetList(), []string{"Gjeldsoversikt", "Budsjett", "Scenarier"}; !slices.Equal(got, want) {
		t.Fatalf("sheets = %v, want %v", got, want)
	}
	t.Run("DC6.6 header block and claim table", func(t *testing.T) {
		for cell, want := range map[string]string{
			"A1": "Gjeldsoversikt", "B2": "Kristiansand kommune", "D2": "Saksnummer", "E2": "2025/00042",
			"E3": "Kari Nordmann", "H3": "Eva Gjeldsrådgiver",
			"A6": "Kreditor", "B6": "Type", "G6": "Saldo", "H6": "Terminbeløp", "I6": "Sikret", "J6": "Inkasso", "L6": "Per dato",
			"A7": "Fjordkreditt AS", "B7": "Forbrukslån", "C7": "FK-7781", "I7": "Nei", "K7": "Gjeldsregisteret",
			"J8": "Ja", "A10": "Vestbo Boligkreditt", "I10": "Ja",
			"A11": "Sum", "A12": "Sum sikret gjeld", "A13": "Sum usikret gjeld",
		} {
			if got, _ := f.GetCellValue(sheet, cell); got != want {
				t.Errorf("%s = %q, want %q", cell, got, want)
			}
		}
		if got := number(t, f, sheet, "G8"); got != 199000.5 {
			t.Errorf("G8 = %v, want 199000.5", got)
		}
		if got := number(t, f, sheet, "L7"); got != 45730 { // 2025-03-14 as an Excel date
			t.Errorf("L7 = %v, want the serial of 2025-03-14", got)
		}
	})
	t.Run("DC6.6 amounts are numbers with a thousands format", func(t *testing.T) {
		for _, cell := range []string{"D7", "G7", "H9", "G11"} {
			id, err := f.GetCellStyle(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			st, err := f.GetStyle(id)
			if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0.00" {
				t.Errorf("%s: number format %v, %v", cell, st.CustomNumFmt, err)
			}
		}
	})
	t.Run("DC6.6 sums and subtotals are formulas", func(t *testing.T) {
		for cell, want := range map[string]string{
			"D11": "SUM(D7:D10)", "G11": "SUM(G7:G10)", "H11": "SUM(H7:H10)",
			"G12": `SUMIF(I7:I10,"Ja",G7:G10)`, "G13": `SUMIF(I7:I10,"Nei",G7:G10)`,
		} {
			if got, _ := f.GetCellFormula(sheet, cell); got != want {
				t.Errorf("%s = %q, want %q", cell, got, want)
			}
		}
		for cell, want := range map[string]float64{"G11": 2_750_000, "G12": 1_850_000, "G13": 900_000, "H11": 24400} {
			if got := calc(t, f, sheet, cell); got != want {
				t.Errorf("%s evaluates to %v, want %v", cell, got, want)
			}
		}
	})
	t.Run("DC6.6 the header row is frozen", func(t *testing.T) {
		p, err := f.GetPanes(sheet)
		if err != nil || !p.Freeze || p.YSplit != claimHeaderRow {
			t.Errorf("panes %+v, %v", p, err)
		}
	})
	t.Run("DC6.5 the budget's formulas give the assessment's figures", func(t *testing.T) {
		rows, _ := f.GetRows("Budsjett")
		find := func(title string) string {
			for i, r := range rows {
				if len(r) > 0 && r[0] == title {
					return "C" + strconv.Itoa(i+1)
				}
			}
			t.Fatalf("no row %q on the budget sheet", title)
			return ""
		}
		for title, want := range map[string]float64{
			"Sum inntekter": 34000, "Sum livsopphold": 15277, "Sum utgifter": 12000,
			"Betjeningsevne per måned": 6723, "Til fordeling i perioden": 403380, "Usikret gjeld": 900000,
			"Dividende": 0.4482,
		} {
			if got := calc(t, f, "Budsjett", find(title)); got != want {
				t.Errorf("%s = %v, want %v", title, got, want)
			}
		}
		if got, _ := f.GetCellValue("Budsjett", "B"+find("Livsoppholdssatser fra")[1:]); !strings.HasPrefix(got, "01.07.2024") {
			t.Errorf("rate table = %q", got)
		}
	})
	t.Run("DC6.9 scenarios", func(t *testing.T) {
		text := sheetText(t, f, "Scenarier")
		for _, want := range []string{"Nedbetaling med betjeningsevnen", "Engangsoppgjør", "Refinansiering", "Kystinkasso AS"} {
			if !strings.Contains(text, want) {
				t.Errorf("the scenario sheet lacks %q", want)
			}
		}
	})
	t.Run("DC1.3 no address appears anywhere", func(t *testing.T) {
		for _, sh := range f.GetSheetList() {
			if text := sheetText(t, f, sh); strings.Contains(text, "Fjellveien") {
				t.Errorf("sheet %s shows a creditor's address", sh)
			}
		}
	})
}

// sheetText returns all of a sheet's cell values, one row a line.
func sheetText(tb testing.TB, f *excelize.File, sheet string) string {
	tb.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	return b.String()
}

func TestWriteXLSXLanguages(t *testing.T) {
	tests := []struct {
		lang   string
		sheets []string
		header string
		yes    string
	}{
		{"da", []string{"Gældsoversigt", "Budget", "Scenarier"}, "Kreditor", "Ja"},
		{"sv", []string{"Skuldöversikt", "Budget", "Scenarier"}, "Borgenär", "Ja"},
		{"en", []string{"Debts", "Budget", "Scenarios"}, "Creditor", "Yes"},
		{"xx", []string{"Gjeldsoversikt", "Budsjett", "Scenarier"}, "Kreditor", "Ja"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			f := openXLSX(t, testSchedule(t, tt.lang))
			if got := f.GetSheetList(); !slices.Equal(got, tt.sheets) {
				t.Errorf("sheets = %v", got)
			}
			if got, _ := f.GetCellValue(tt.sheets[0], "A6"); got != tt.header {
				t.Errorf("A6 = %q", got)
			}
			if got, _ := f.GetCellFormula(tt.sheets[0], "G12"); !strings.Contains(got, `"`+tt.yes+`"`) {
				t.Errorf("secured subtotal %q does not match the Yes label", got)
			}
		})
	}
}

func TestWriteXLSXEmpty(t *testing.T) {
	s := &Schedule{Lang: "nb", CaseNumber: "2025/1", Citizen: "Ola Nordmann"}
	f := openXLSX(t, s)
	if got, _ := f.GetCellValue("Gjeldsoversikt", "A7"); got != "Ingen krav er registrert." {
		t.Errorf("A7 = %q", got)
	}
	if got, _ := f.GetCellValue("Budsjett", "A6"); got != "Budsjett er ikke satt opp." {
		t.Errorf("budget A6 = %q", got)
	}
	if got := calc(t, f, "Gjeldsoversikt", "G8"); got != 0 {
		t.Errorf("sum of no claims = %v", got)
	}
}
