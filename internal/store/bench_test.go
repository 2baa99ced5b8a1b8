package store

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
)

// The benchmarks of the 1-million-person database (person lookup, case
// page) are in internal/web, where one database serves them all; see
// docs/benchmarks.md.

var benchNow = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// openBench returns a fresh SQLite database with a table for bare rows.
func openBench(tb testing.TB) *DB {
	tb.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(tb.TempDir(), "torg.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE bench_rows (n INTEGER NOT NULL, at INTEGER NOT NULL)`); err != nil {
		tb.Fatal(err)
	}
	return db
}

// BenchmarkWriteGroupCommit compares concurrent writers through db.Write,
// where the single writer commits whatever is queued in one transaction,
// with the same writers each in a transaction of its own on the
// one-connection writer pool. Commits are durable (synchronous=FULL) in
// both. Each write is an audit event, the write every audited read makes,
// or a bare one-row INSERT, which machine-limits.md measured.
func BenchmarkWriteGroupCommit(b *testing.B) {
	writes := []struct {
		name string
		fn   func(context.Context, *Q, int64) error
	}{
		{"audit", func(ctx context.Context, q *Q, i int64) error {
			return q.AppendAudit(ctx, &torg.AuditEvent{MunicipalityID: 1, At: benchNow, ActorID: 1,
				Action: "person.lookup", Object: "person:1", PersonID: i})
		}},
		{"row", func(ctx context.Context, q *Q, i int64) error {
			_, err := q.exec(ctx, `INSERT INTO bench_rows (n, at) VALUES ($1, $2)`, i, micros(benchNow))
			return err
		}},
	}
	for _, w := range writes {
		for _, writers := range []int{1, 64} {
			b.Run(fmt.Sprintf("%s/writers=%d/group-commit", w.name, writers), func(b *testing.B) {
				db := openBench(b)
				benchWrites(b, writers, func(ctx context.Context, i int64) error {
					return db.Write(ctx, func(q *Q) error { return w.fn(ctx, q, i) })
				})
			})
			b.Run(fmt.Sprintf("%s/writers=%d/tx-per-write", w.name, writers), func(b *testing.B) {
				db := openBench(b)
				benchWrites(b, writers, func(ctx context.Context, i int64) error {
					return ownTx(ctx, db, func(q *Q) error { return w.fn(ctx, q, i) })
				})
			})
		}
	}
}

// ownTx runs fn in a transaction of its own on the writer pool.
func ownTx(ctx context.Context, db *DB, fn func(*Q) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(&Q{ex: tx, dialect: db.dialect}); err != nil {
		return err
	}
	return tx.Commit()
}

// benchWrites runs write from the given number of goroutines (rounded
// up to a multiple of GOMAXPROCS) and reports writes per second.
func benchWrites(b *testing.B, writers int, write func(context.Context, int64) error) {
	ctx := context.Background()
	var n atomic.Int64
	b.ReportAllocs()
	if writers == 1 {
		for b.Loop() {
			if err := write(ctx, n.Add(1)); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		procs := runtime.GOMAXPROCS(0)
		b.SetParallelism((writers + procs - 1) / procs)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := write(ctx, n.Add(1)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
}

// TestBulkWrites checks that the bulk writes the benchmark databases are
// built with set the same IDs and numbers as their one-row counterparts.
func TestBulkWrites(t *testing.T) {
	ctx := context.Background()
	db := openBench(t)
	m := &torg.Municipality{Code: "9999", Name: "Bulk", Country: "NO", Language: "nb", TimeZone: "Europe/Oslo"}
	var u torg.Unit
	var ps []*torg.Person
	var cs []*torg.Case
	err := db.Write(ctx, func(q *Q) error {
		if err := q.CreateMunicipality(ctx, m); err != nil {
			return err
		}
		u = torg.Unit{MunicipalityID: m.ID, Code: "debt", Name: "Gjeld"}
		if err := q.CreateUnit(ctx, &u); err != nil {
			return err
		}
		for i := range 3 {
			ps = append(ps, &torg.Person{MunicipalityID: m.ID, NIN: fmt.Sprint(1000 + i), NINCountry: "NO", NINKind: "fnr",
				GivenName: "P", FamilyName: fmt.Sprint("Nr", i)})
			cs = append(cs, &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebt, Title: fmt.Sprint(i)})
		}
		if err := q.CreateCase(ctx, &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebt, Title: "one"}, benchNow); err != nil {
			return err
		}
		if err := q.CreatePersons(ctx, ps, benchNow); err != nil {
			return err
		}
		if err := q.CreateCases(ctx, cs, benchNow); err != nil {
			return err
		}
		var parties []*torg.Party
		for i, c := range cs {
			parties = append(parties, &torg.Party{CaseID: c.ID, PersonID: ps[i].ID, Role: torg.PartyApplicant})
		}
		return q.AddParties(ctx, parties)
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cs {
		got, err := db.R().Case(ctx, m.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != c.Title || got.Seq != i+2 || len(got.Parties) != 1 || got.Parties[0].PersonID != ps[i].ID ||
			got.Parties[0].Name != "P "+ps[i].FamilyName {
			t.Errorf("case %d: %+v", i, got)
		}
	}
	page, err := db.R().PersonsAfter(ctx, m.ID, ps[0].ID, 10)
	if err != nil || len(page) != 2 || page[0].NIN != ps[1].NIN || page[1].NIN != ps[2].NIN {
		t.Errorf("PersonsAfter: %v, %v", page, err)
	}
	err = db.Write(ctx, func(q *Q) error { return q.CreatePersons(ctx, []*torg.Person{ps[1]}, benchNow) })
	if torg.ErrorCode(err) != torg.ECONFLICT {
		t.Errorf("national ID twice: %v, want ECONFLICT", err)
	}
}
