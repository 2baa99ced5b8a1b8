package registry_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// setup creates municipality 4204 and imports testdata/register.json.
func setup(t *testing.T, db *store.DB) int64 {
	t.Helper()
	m := &torg.Municipality{Code: "4204", Name: "Kristiansand kommune", Country: "NO", Language: "nb",
		TimeZone: "Europe/Oslo"}
	if err := db.Write(context.Background(), func(q *store.Q) error {
		return q.CreateMunicipality(context.Background(), m)
	}); err != nil {
		t.Fatal(err)
	}
	res, err := registry.Import(context.Background(), db, mustFile(t), now)
	if err != nil {
		t.Fatal(err)
	}
	want := registry.Result{Code: "4204", Name: "Kristiansand kommune", Persons: 3, Properties: 2, Reserved: 1,
		Protected: 2, Withheld: 1}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("import result (-want +got):\n%s", diff)
	}
	return m.ID
}

func mustFile(t *testing.T) registry.File {
	t.Helper()
	r, err := os.Open("testdata/register.json")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := registry.ParseFile(r)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestLocal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mid := setup(t, db)
		l := registry.Local{DB: db}
		t.Run("DC1.5 lookup fills name and address", func(t *testing.T) {
			checkLookup(t, l, mid)
		})
		t.Run("DC1.5 properties listed", func(t *testing.T) {
			checkHoldings(t, l, mid)
		})
		t.Run("reservation", func(t *testing.T) {
			for nin, want := range map[string]bool{"10915596784": true, "01819040180": false} {
				if got, err := l.Reserved(context.Background(), mid, nin); err != nil || got != want {
					t.Errorf("Reserved(%s) = %v, %v; want %v", nin, got, err, want)
				}
			}
		})
		t.Run("not found", func(t *testing.T) {
			checkNotFound(t, l, mid)
		})
	})
}

func checkLookup(t *testing.T, l registry.Local, mid int64) {
	tests := []struct {
		name string
		nin  string
		want registry.Entry
	}{
		{"ungraded", "10915596784", registry.Entry{NIN: "10915596784", GivenName: "Kari", FamilyName: "Nordmann",
			Address: "Markens gate 1", Postcode: "4611", City: "Kristiansand",
			BirthDate: torg.Date{Year: 1955, Month: 11, Day: 10}}},
		{"kode 6: only the SOT6 forwarding address", "01819040180", registry.Entry{NIN: "01819040180",
			GivenName: "Ola", FamilyName: "Skjult", Forward: registry.SOT6, Protection: torg.ProtectionStrict,
			BirthDate: torg.Date{Year: 1990, Month: 1, Day: 1}}},
		{"kode 7, deceased", "01819040261", registry.Entry{NIN: "01819040261", GivenName: "Per",
			FamilyName: "Fortrolig", Address: "Dronningens gate 5", Postcode: "4610", City: "Kristiansand",
			Protection: torg.ProtectionConfidential, BirthDate: torg.Date{Year: 1990, Month: 1, Day: 1},
			Deceased: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := l.Lookup(context.Background(), mid, tt.nin)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Lookup (-want +got):\n%s", diff)
			}
		})
	}
}

func checkHoldings(t *testing.T, l registry.Local, mid int64) {
	got, err := l.Holdings(context.Background(), mid, "10915596784")
	want := []registry.Holding{
		{PropertyID: "4204-12/345", Address: "Markens gate 1", Share: "1/2", Kind: "bolig"},
		{PropertyID: "4204-150/7", Address: "Hamresanden 12", Share: "1/1", Kind: "fritidseiendom"},
	}
	if diff := cmp.Diff(want, got); err != nil || diff != "" {
		t.Errorf("Holdings: %v (-want +got):\n%s", err, diff)
	}
	got, err = l.Holdings(context.Background(), mid, "01819040180")
	if err != nil || len(got) != 0 {
		t.Errorf("Holdings of a person without property = %v, %v; want none", got, err)
	}
}

func checkNotFound(t *testing.T, l registry.Local, mid int64) {
	ctx := context.Background()
	const unknown = "50846202355"
	_, err1 := l.Lookup(ctx, mid, unknown)
	_, err2 := l.Holdings(ctx, mid, unknown)
	_, err3 := l.Reserved(ctx, mid, unknown)
	_, err4 := l.Lookup(ctx, mid+1, "10915596784") // another municipality's register
	for i, err := range []error{err1, err2, err3, err4} {
		if e := torg.AsError(err); e == nil || e.Code != torg.ENOTFOUND || e.Key != registry.KeyNotFound {
			t.Errorf("call %d: err = %v, want ENOTFOUND %s", i+1, err, registry.KeyNotFound)
		}
	}
}

func TestImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mid := setup(t, db)
		l := registry.Local{DB: db}
		bad := mustFile(t)
		bad.Persons = append(bad.Persons, registry.FilePerson{NIN: "10915596785", GivenName: "A", FamilyName: "B"})
		bad.Persons[0].GivenName = "Changed"
		_, err := registry.Import(ctx, db, bad, now)
		if err == nil || !strings.Contains(err.Error(), "person 4 (109155*****): invalid national ID") {
			t.Errorf("invalid national ID: err = %v", err)
		}
		if e, _ := l.Lookup(ctx, mid, "10915596784"); e.GivenName != "Kari" {
			t.Errorf("after a refused import: given name %q, want the old Kari", e.GivenName)
		}
		again := mustFile(t)
		again.Persons = again.Persons[:1]
		again.Persons[0].Properties = again.Persons[0].Properties[1:]
		res, err := registry.Import(ctx, db, again, now)
		if err != nil || res.Replaced != (store.RegisterCounts{Persons: 3, Properties: 2}) || res.Persons != 1 {
			t.Fatalf("re-import: %+v, %v", res, err)
		}
		if _, err := l.Lookup(ctx, mid, "01819040180"); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("person left out of the re-import: err = %v, want ENOTFOUND", err)
		}
		if hs, err := l.Holdings(ctx, mid, "10915596784"); err != nil || len(hs) != 1 || hs[0].PropertyID != "4204-150/7" {
			t.Errorf("holdings after re-import = %+v, %v", hs, err)
		}
	})
}

func TestImportRefuses(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *registry.File)
		want string
	}{
		{"unknown municipality", func(f *registry.File) { f.Municipality = "9999" }, `municipality "9999"`},
		{"duplicate national ID", func(f *registry.File) { f.Persons[2].NIN = f.Persons[0].NIN },
			"person 3 (109155*****): same national ID as person 1"},
		{"unknown protection", func(f *registry.File) { f.Persons[1].Protection = "secret" },
			`person 2 (018190*****): unknown protection "secret"`},
		{"property without id", func(f *registry.File) { f.Persons[0].Properties[0].ID = "" },
			"person 1 (109155*****): a property without id"},
		{"missing name", func(f *registry.File) { f.Persons[0].FamilyName = " " }, "family_name are required"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		setup(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := mustFile(t)
				tt.edit(&f)
				if _, err := registry.Import(context.Background(), db, f, now); err == nil ||
					!strings.Contains(err.Error(), tt.want) {
					t.Errorf("err = %v, want it to contain %q", err, tt.want)
				}
			})
		}
	})
}
