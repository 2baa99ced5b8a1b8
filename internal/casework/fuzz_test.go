package casework_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// FuzzParseOrg feeds arbitrary files to the parser of "torg org import":
// parsing and validating never panic, and a file that parses reads back
// the same after encoding.
func FuzzParseOrg(f *testing.F) {
	example, err := os.ReadFile("../../docs/org-example.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Add([]byte(`{"units": [{"code": "debt", "name": "Gjeld", "shelff": "x"}]}`))
	f.Add([]byte(`{"employees": [{"username": "x", "roles": ["nope"], "clearance": "top"}], "counters": [{}]}`))
	f.Add([]byte(`{"municipality": null, "units": [null, 1, "a"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := casework.ParseOrg(bytes.NewReader(data))
		if err != nil {
			return
		}
		file.Validate()
		b, err := json.Marshal(file)
		if err != nil {
			t.Fatalf("a parsed file does not encode: %v", err)
		}
		again, err := casework.ParseOrg(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("a parsed file, encoded, does not parse: %v\n%s", err, b)
		}
		if diff := cmp.Diff(file, again); diff != "" {
			t.Fatalf("round trip differs (-first +again):\n%s", diff)
		}
	})
}

// FuzzImportNotices feeds arbitrary bulk files of debt notices (DN1) to
// ImportNotices on SQLite: it never panics and never fails with an
// internal error, and every line is imported or reported, at most once.
func FuzzImportNotices(f *testing.F) {
	f.Add([]byte("personnummer;avsändartyp;avsändare;skuldslag;belopp;mottagen\n" +
		"191212121212;landlord;Bostads AB;rent;10 724,50;2026-11-20\n" +
		"191212121213;landlord;Bostads AB;rent;100;2026-11-20\n" +
		"195005050512;electricity_company;Torgvik Energi;electricity;SEK 1 500;2026-11-19\n"))
	f.Add([]byte("nin,sender_kind,sender_name,kind,amount,received,note\n" +
		"\"191212121212\",landlord,\"Bostads, AB\",rent,100,2026-11-20,\"a \"\"quoted\"\" note\"\n"))
	f.Add([]byte("nin,amount\n191212121212,100\n"))
	f.Add([]byte("\ufeffNIN;SENDER_KIND;sender_name;kind;amount;received\n\"unterminated;x\n;;;;;\n"))
	ctx := context.Background()
	db := storetest.Open(f, store.SQLite, "")
	fx := casetest.New(f, db)
	officer := fuzzNoticeOfficer(f, fx)
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		if len(data) > 4096 || lines > 40 {
			return // each line is a write: keep an exec quick
		}
		res, err := fx.Svc.ImportNotices(ctx, officer, data)
		if err != nil {
			if torg.AsError(err) == nil {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		seen := map[int]bool{}
		for _, l := range res.Failed {
			if torg.AsError(l.Err) == nil {
				t.Fatalf("line %d failed with an internal error: %v", l.Line, l.Err)
			}
			if seen[l.Line] || l.Line < 2 || l.Line > lines {
				t.Fatalf("line %d reported twice or out of the file's %d lines", l.Line, lines)
			}
			seen[l.Line] = true
		}
		if n := len(res.Imported) + len(res.Failed); n > lines-1 {
			t.Fatalf("%d lines imported or reported from a file of %d lines", n, lines)
		}
		for _, n := range res.Imported {
			if strings.TrimSpace(n.SenderName) == "" || n.Amount <= 0 {
				t.Fatalf("imported notice without sender or amount: %+v", n)
			}
		}
	})
}

// fuzzNoticeOfficer adds the financial assistance unit, which receives
// debt notices, and an administrative officer of it.
func fuzzNoticeOfficer(tb testing.TB, fx *casetest.Fixture) *torg.Employee {
	ctx := context.Background()
	if _, err := fx.Svc.LoadRoutines(ctx); err != nil {
		tb.Fatal(err)
	}
	m := fx.Muni.ID
	var officer *torg.Employee
	err := fx.DB.Write(ctx, func(q *store.Q) error {
		fa := &torg.Unit{MunicipalityID: m, Code: torg.UnitFinancialAssistance, Name: "Ekonomiskt bistånd"}
		if err := q.CreateUnit(ctx, fa); err != nil {
			return err
		}
		officer = &torg.Employee{MunicipalityID: m, Username: "ao", Name: "Anna Olsson", Initials: "AO",
			Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{fa.ID}, Active: true}
		return q.CreateEmployee(ctx, officer, casework.HashPassword(casetest.Password), casetest.Now)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return officer
}
