package main

import (
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/store/storetest"
)

const rates2025 = `[{"country": "NO", "valid_from": "2025-07-01", "single": 11000, "cohabiting": 9300,
  "supporting_partner": 18600, "child_0_5": 3500, "child_6_10": 4650, "child_11_14": 5870,
  "child_15_plus": 6750, "source": "regjeringen.no"}]`

func TestRates(t *testing.T) {
	for dialect, base := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			url := storetest.URL(t, dialect, base)
			status, out, errOut := runCmd(t, "rates", "import", writeFile(t, "rates.json", rates2025), "--db", url)
			if status != 0 || out != "stored 1 living-cost rate table: NO from 2025-07-01\n" {
				t.Fatalf("import: status %d, stdout %q, stderr %q", status, out, errOut)
			}
			bad := strings.Replace(rates2025, `"single": 11000`, `"single": 11000.50`, 1)
			status, _, errOut = runCmd(t, "rates", "import", writeFile(t, "bad.json", bad), "--db", url)
			if status != 1 || !strings.Contains(errOut, "Table 1: every rate must be a whole number of kroner") {
				t.Errorf("a rate with øre: status %d, stderr %q", status, errOut)
			}
			status, out, errOut = runCmd(t, "rates", "list", "--db", url)
			if status != 0 {
				t.Fatalf("list: status %d, stderr %q", status, errOut)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 5 || !strings.Contains(lines[3], "10724") || !strings.Contains(lines[4], "2025-07-01") ||
				!strings.Contains(lines[4], "11000") || !strings.Contains(lines[4], "regjeringen.no") {
				t.Errorf("list: the three shipped tables and the stored one, oldest first:\n%s", out)
			}
			if status, _, _ := runCmd(t, "rates", "export"); status != 2 {
				t.Errorf("rates export: status %d, want 2", status)
			}
		})
	}
}
