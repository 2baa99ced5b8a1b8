package gen

import (
	"context"
	"database/sql"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestProfTmp(t *testing.T) {
	for _, drop := range []bool{os.Getenv("DROP") == "1"} {
		path := storetest.URL(t, store.SQLite, "")
		db, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		raw, _ := sql.Open("sqlite", path)
		var ddl []string
		if drop {
			rows, err := raw.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('persons','cases','parties','records','notes','tasks','inquiries')`)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for rows.Next() {
				var n, s string
				rows.Scan(&n, &s)
				names = append(names, n)
				ddl = append(ddl, s)
			}
			rows.Close()
			for _, n := range names {
				if _, err := raw.Exec("DROP INDEX " + n); err != nil {
					t.Fatal(err)
				}
			}
			t.Log(names)
		}
		start, c0 := time.Now(), cpu()
		cfg := Defaults
		cfg.Seed = 1
		if _, err := Generate(context.Background(), db, cfg, nil); err != nil {
			t.Fatal(err)
		}
		for _, s := range ddl {
			if _, err := raw.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("drop=%v wall %s cpu %s", drop, time.Since(start), cpu()-c0)
		raw.Close()
		db.Close()
	}
}
