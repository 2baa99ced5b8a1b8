package web_test

// The benchmark database: built once, kept between runs, keyed by schema.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/store"
)

// schemaKey names the schema (its migrations) and the build layout.
func schemaKey() (string, error) {
	names, err := store.MigrationNames(store.SQLite)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256([]byte(strings.Join(append(names, benchLayout), "\n")))
	return hex.EncodeToString(h[:6]), nil
}

// keptDB returns the kept database of a size and its manifest, building
// them if they are missing or were built for another schema.
func keptDB(b *testing.B, persons int) (string, manifest, error) {
	key, err := schemaKey()
	if err != nil {
		return "", manifest{}, err
	}
	base := filepath.Join(benchDir(), fmt.Sprintf("persons-%d-%s", persons, key))
	if m, err := readManifest(base + ".json"); err == nil && m.Key == key && m.Persons == persons {
		if _, err := os.Stat(base + ".db"); err == nil {
			return base + ".db", m, nil
		}
	}
	if err := os.MkdirAll(benchDir(), 0o700); err != nil {
		return "", manifest{}, err
	}
	removeStale(persons)
	start := time.Now()
	m, err := build(base+".building.db", persons)
	if err != nil {
		return "", manifest{}, fmt.Errorf("build %d-person database: %w", persons, err)
	}
	m.Key = key
	if err := os.Rename(base+".building.db", base+".db"); err != nil {
		return "", manifest{}, err
	}
	b.Logf("built the %d-person database in %s: %s", persons, time.Since(start).Round(time.Second), base+".db")
	data, err := json.Marshal(m)
	if err == nil {
		err = os.WriteFile(base+".json", data, 0o600) // last: a half-written one does not parse
	}
	return base + ".db", m, err
}

func readManifest(path string) (manifest, error) {
	var m manifest
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	return m, err
}

// removeStale removes databases of this size built for another schema,
// and unfinished builds.
func removeStale(persons int) {
	old, _ := filepath.Glob(filepath.Join(benchDir(), fmt.Sprintf("persons-%d-*", persons)))
	for _, f := range old {
		os.Remove(f)
	}
}

// build writes the benchmark database at path: the demo municipality,
// synthetic persons up to the given number, a debt case for each with
// the person as applicant, and one case with pageRecords records.
func build(path string, persons int) (manifest, error) {
	ctx := context.Background()
	removeDB(path)
	db, err := store.Open(ctx, path)
	if err != nil {
		return manifest{}, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return manifest{}, err
	}
	if _, err := demo.Load(ctx, db, buildNow); err != nil {
		return manifest{}, err
	}
	muni, err := db.R().MunicipalityByCode(ctx, demo.MunicipalityCode)
	if err != nil {
		return manifest{}, err
	}
	have, err := db.R().CountPersons(ctx, muni.ID)
	if err != nil {
		return manifest{}, err
	}
	if err := demo.GeneratePersons(ctx, db, muni.ID, persons-have, buildNow); err != nil {
		return manifest{}, err
	}
	return buildCases(ctx, db, muni.ID, persons)
}

// caseBuilder files a debt case for every person of a municipality.
type caseBuilder struct {
	db          *store.DB
	unit        *torg.Unit
	counsellors []*torg.Employee
	m           manifest
	stride      int // every stride-th person's national ID goes in the sample
	n           int // persons done
}

func buildCases(ctx context.Context, db *store.DB, muniID int64, persons int) (manifest, error) {
	unit, err := db.R().UnitByCode(ctx, muniID, "debt")
	if err != nil {
		return manifest{}, err
	}
	cs, err := db.R().UnitEmployees(ctx, unit.ID, torg.RoleCounsellor)
	if err != nil || len(cs) == 0 {
		return manifest{}, fmt.Errorf("counsellors of the debt unit: %d, %v", len(cs), err)
	}
	cb := &caseBuilder{db: db, unit: unit, counsellors: cs, m: manifest{Persons: persons}, stride: max(1, persons/sampleSize)}
	var page *torg.Person
	for after := int64(0); ; after = page.ID {
		ps, err := db.R().PersonsAfter(ctx, muniID, after, caseBatch)
		if err != nil {
			return manifest{}, err
		}
		if len(ps) == 0 {
			break
		}
		if err := cb.fileCases(ctx, ps); err != nil {
			return manifest{}, err
		}
		page = ps[len(ps)-1]
	}
	return cb.m, nil
}

// fileCases writes one transaction of cases and their applicants; the
// case of the person in the middle of the register is given its records.
func (cb *caseBuilder) fileCases(ctx context.Context, ps []*torg.Person) error {
	cases := make([]*torg.Case, len(ps))
	parties := make([]*torg.Party, len(ps))
	for i, p := range ps {
		cases[i] = &torg.Case{MunicipalityID: p.MunicipalityID, UnitID: cb.unit.ID, Type: torg.CaseTypeDebt,
			Title: "Gjeldsrådgivning – " + p.Name(), ResponsibleID: cb.counsellors[(cb.n+i)%len(cb.counsellors)].ID,
			Status: torg.CaseOpen}
	}
	err := cb.db.Write(ctx, func(q *store.Q) error {
		if err := q.CreateCases(ctx, cases, buildNow); err != nil {
			return err
		}
		for i, c := range cases {
			parties[i] = &torg.Party{CaseID: c.ID, PersonID: ps[i].ID, Role: torg.PartyApplicant}
		}
		return q.AddParties(ctx, parties)
	})
	if err != nil {
		return err
	}
	for i, p := range ps {
		if (cb.n+i)%cb.stride == 0 {
			cb.m.NINs = append(cb.m.NINs, p.NIN)
		}
		if cb.n+i == cb.m.Persons/2 {
			cb.m.CaseID = cases[i].ID
			err = cb.fillCase(ctx, cases[i], p)
		}
	}
	cb.n += len(ps)
	return err
}

var recordTitles = []string{"Søknad om gjeldsrådgivning", "Lønnsslipper", "Skattemelding", "Utskrift fra Gjeldsregisteret",
	"Inkassokrav", "Svar på søknad", "Innkalling til møte", "Budsjett", "Referat fra møte", "Kontoutskrifter"}

// fillCase gives a case pageRecords records, a third with a document, ten
// notes and five tasks, two of them done.
func (cb *caseBuilder) fillCase(ctx context.Context, c *torg.Case, p *torg.Person) error {
	doc := []byte("%PDF-1.4\n% torg benchmark document\n")
	sum := sha256.Sum256(doc)
	sha := hex.EncodeToString(sum[:])
	by := cb.counsellors[0]
	return cb.db.Write(ctx, func(q *store.Q) error {
		if err := q.PutBlob(ctx, sha, doc); err != nil {
			return err
		}
		for i := range pageRecords {
			if err := q.CreateRecord(ctx, pageRecord(c, p, by, i, sha, len(doc)), buildNow.Add(time.Duration(i)*time.Hour)); err != nil {
				return err
			}
		}
		for i := range 10 {
			n := &torg.Note{CaseID: c.ID, AuthorID: by.ID,
				Body: fmt.Sprintf("Ringte %s (samtale %d).\nAvtalte å sende mer dokumentasjon.", p.GivenName, i+1)}
			if err := q.CreateNote(ctx, n, buildNow.Add(time.Duration(i)*time.Hour)); err != nil {
				return err
			}
		}
		return pageTasks(ctx, q, c, by)
	})
}

func pageRecord(c *torg.Case, p *torg.Person, by *torg.Employee, i int, sha string, size int) *torg.Record {
	r := &torg.Record{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Title: recordTitles[i%len(recordTitles)],
		Correspondent: p.Name(), PersonID: p.ID, CreatedBy: by.ID, Body: "Mottatt og journalført."}
	switch i % 3 {
	case 0:
		r.Type, r.Status, r.Outstanding = torg.RecordIncoming, torg.RecordJournalled, i >= pageRecords-3
		r.Documents = []torg.Document{{SHA256: sha, Filename: fmt.Sprintf("vedlegg-%02d.pdf", i+1),
			MediaType: "application/pdf", Size: int64(size)}}
	case 1:
		r.Type, r.Status = torg.RecordOutgoing, torg.RecordSent
	default:
		r.Type, r.Status = torg.RecordNote, torg.RecordFinished
	}
	return r
}

func pageTasks(ctx context.Context, q *store.Q, c *torg.Case, by *torg.Employee) error {
	for i := range 5 {
		t := &torg.Task{MunicipalityID: c.MunicipalityID, UnitID: c.UnitID, CaseID: c.ID, AssigneeID: by.ID,
			Title: fmt.Sprintf("Følg opp dokumentasjon %d", i+1), Due: torg.DateOf(buildNow).AddDays(i - 2), CreatedBy: by.ID}
		if err := q.CreateTask(ctx, t, buildNow); err != nil {
			return err
		}
		if i < 2 {
			if err := q.CompleteTask(ctx, t.ID, buildNow); err != nil {
				return err
			}
		}
	}
	return nil
}
