package debt

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/torg-kommune/torg"
)

// fuzzSeedFiles adds the example files of testdata to a fuzz corpus.
func fuzzSeedFiles(f *testing.F, names ...string) {
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzImport checks that any file the citizen uploads as a debt-register
// export is either refused with a *torg.Error or gives claims that are
// valid, never a panic.
func FuzzImport(f *testing.F) {
	fuzzSeedFiles(f, "debts.csv", "gjeld.csv", "gjeld_cp1252.csv", "gjeldsregisteret.json", "norskgjeld_api.json")
	f.Add([]byte("kreditor;type;saldo\nFjordkreditt AS;forbrukslån;1 234,50\n"))
	f.Add([]byte(`{"loans": [{"type": "x", "balance": "1e400"}]}`))
	f.Add([]byte("\uFEFF\"a\"\"b\",c\n\"unterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		claims, err := Import(data)
		if err != nil {
			if e := torg.AsError(err); e == nil || e.Code != torg.EINVALID {
				t.Fatalf("error is not a torg.EINVALID: %#v", err)
			}
			return
		}
		if len(claims) == 0 {
			t.Fatal("no error and no claims")
		}
		for i := range claims {
			if err := claims[i].Validate(); err != nil {
				t.Fatalf("claim %d of an accepted file does not validate: %v (%+v)", i+1, err, claims[i])
			}
		}
	})
}

// FuzzParseRates checks the living-cost rate files of "torg rates import":
// a *torg.Error or valid tables, never a panic.
func FuzzParseRates(f *testing.F) {
	fuzzSeedFiles(f, "rates.json")
	f.Add([]byte(`[{"country":"NO","valid_from":"2025-07-01","single":10724,"cohabiting":9082,"supporting_partner":18164,` +
		`"child_0_5":3432,"child_6_10":4553,"child_11_14":5747,"child_15_plus":6611,"source":"regjeringen.no"}]`))
	f.Add([]byte(`{"country":"SE","valid_from":"2026-02-30","single":-1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tables, err := ParseRates(data)
		if err != nil {
			if torg.AsError(err) == nil {
				t.Fatalf("error is not a *torg.Error: %#v", err)
			}
			return
		}
		for i := range tables {
			if err := tables[i].Validate(); err != nil {
				t.Fatalf("table %d of an accepted file does not validate: %v", i+1, err)
			}
		}
	})
}
