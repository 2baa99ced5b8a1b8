package demo

import (
	"context"
	"fmt"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestGeneratePersons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := Load(ctx, db, testNow); err != nil {
			t.Fatal(err)
		}
		m, err := db.R().MunicipalityByCode(ctx, MunicipalityCode)
		if err != nil {
			t.Fatal(err)
		}
		const n = bulkBatch + 1234
		if err := GeneratePersons(ctx, db, m.ID, n, testNow); err != nil {
			t.Fatal(err)
		}
		ps := allPersons(t, db, m.ID)
		if len(ps) != demoPersons+n {
			t.Fatalf("%d persons, want %d", len(ps), demoPersons+n)
		}
		for _, p := range ps {
			checkSynthetic(t, p)
			checkAddress(t, p)
		}
	})
}

// BenchmarkGeneratePersons reports how fast persons are written, in
// batches of bulkBatch.
func BenchmarkGeneratePersons(b *testing.B) {
	for dialect, base := range storetest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			db := storetest.Open(b, dialect, base)
			ctx := context.Background()
			m := &torg.Municipality{Code: fmt.Sprint("bench-", dialect), Name: "Bench", Country: "NO", Language: "nb", TimeZone: "Europe/Oslo"}
			if err := db.Write(ctx, func(q *store.Q) error { return q.CreateMunicipality(ctx, m) }); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			if err := GeneratePersons(ctx, db, m.ID, b.N*1000, testNow); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "persons/s")
		})
	}
}
