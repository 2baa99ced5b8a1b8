// Package storetest opens fresh databases for tests: SQLite always, and
// PostgreSQL too when TORG_TEST_POSTGRES holds a URL.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/torg-kommune/torg/internal/store"
)

// Dialects returns the database URLs to test against, named by dialect.
func Dialects() map[string]string {
	m := map[string]string{store.SQLite: ""}
	if u := os.Getenv("TORG_TEST_POSTGRES"); u != "" {
		m[store.Postgres] = u
	}
	return m
}

// Each runs fn as a subtest on a fresh, migrated database of each dialect.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range []string{store.SQLite, store.Postgres} {
		base, ok := Dialects()[d]
		if !ok {
			continue
		}
		t.Run(d, func(t *testing.T) { fn(t, Open(t, d, base)) })
	}
}

// Open returns a fresh migrated database of a dialect, closed when the test
// ends. On PostgreSQL it is a schema of its own in the database at base.
func Open(tb testing.TB, dialect, base string) *store.DB {
	tb.Helper()
	u := URL(tb, dialect, base)
	db, err := store.Open(context.Background(), u)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return db
}

// URL returns the URL of a fresh, empty database of a dialect: a new SQLite
// file, or a new schema in the PostgreSQL database at base.
func URL(tb testing.TB, dialect, base string) string {
	tb.Helper()
	if dialect == store.SQLite {
		return filepath.Join(tb.TempDir(), "torg.db")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	pu, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	v := pu.Query()
	v.Set("search_path", schema)
	pu.RawQuery = v.Encode()
	return pu.String()
}
