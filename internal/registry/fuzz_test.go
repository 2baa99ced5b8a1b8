package registry_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// tenDigits matches what can be a national ID number.
var tenDigits = regexp.MustCompile(`^[0-9]{6}[-+]?[0-9]{4,6}$`)

// ninInClear returns a person's national ID number that msg shows in clear.
// Only a number that the file holds once, in its nin member, counts: the
// same digits in another member may be echoed.
func ninInClear(file registry.File, data []byte, msg string) string {
	for _, p := range file.Persons {
		if tenDigits.MatchString(p.NIN) && bytes.Count(data, []byte(p.NIN)) == 1 && strings.Contains(msg, p.NIN) {
			return p.NIN
		}
	}
	return ""
}

// FuzzImportFile feeds arbitrary files to "torg registry import": parsing
// and importing never panic, a refused file changes nothing, an accepted
// one replaces the register with exactly its entries, and no error names a
// national ID number in clear.
func FuzzImportFile(f *testing.F) {
	seed, err := os.ReadFile("testdata/register.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"municipality": "4204", "persons": [{"nin": "10915596785", "given_name": "A", "family_name": "B"}]}`))
	f.Add([]byte(`{"municipality": "4204", "persons": [{"nin": "10915596784", "given_name": "A", "family_name": "B",` +
		`"protection": "strict", "properties": [{"id": "", "share": "3/2"}]}]}`))
	f.Add([]byte(`{"municipality": " 4204 ", "persons": []}`))
	ctx := context.Background()
	db := storetest.Open(f, store.SQLite, "")
	m := &torg.Municipality{Code: "4204", Name: "Kristiansand kommune", Country: "NO", Language: "nb", TimeZone: "Europe/Oslo"}
	if err := db.Write(ctx, func(q *store.Q) error { return q.CreateMunicipality(ctx, m) }); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := registry.ParseFile(bytes.NewReader(data))
		if err != nil {
			return
		}
		before, err := db.R().CountRegister(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		res, err := registry.Import(ctx, db, file, now)
		after, cerr := db.R().CountRegister(ctx, m.ID)
		if cerr != nil {
			t.Fatal(cerr)
		}
		if err != nil {
			if n := ninInClear(file, data, err.Error()); n != "" {
				t.Fatalf("error names the national ID %s in clear: %v", n, err)
			}
			if after != before {
				t.Fatalf("a refused import changed the register: %+v → %+v (%v)", before, after, err)
			}
			return
		}
		if after.Persons != res.Persons || after.Properties != res.Properties || res.Replaced != before {
			t.Fatalf("import says %+v, register holds %+v, held %+v", res, after, before)
		}
	})
}
