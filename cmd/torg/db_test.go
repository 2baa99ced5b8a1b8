package main

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

func TestMigrateAndDemo(t *testing.T) {
	dir := t.TempDir()
	if status, out, errOut := runCmd(t, "migrate", "--data", dir); status != 0 || !strings.Contains(out, "torg.db") {
		t.Fatalf("migrate: %d %q %q", status, out, errOut)
	}
	for _, want := range []string{"loaded", "already present"} {
		status, out, errOut := runCmd(t, "demo", "--data", dir)
		if status != 0 || !strings.Contains(out, want) || !strings.Contains(out, "skranke") {
			t.Fatalf("demo: %d %q %q; want %q", status, out, errOut, want)
		}
	}
}

func TestServe(t *testing.T) {
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--demo"}
	go func() { done <- run(ctx, args, &out, io.Discard, nil) }()
	url := waitForURL(t, &out)
	res, err := http.Get(url + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz: %s", res.Status)
	}
	if !strings.Contains(out.String(), "Frida Skranke") || !strings.Contains(out.String(), "12838540056") {
		t.Errorf("demo server did not print the demo logins:\n%s", out.String())
	}
	cancel()
	if status := <-done; status != 0 {
		t.Errorf("serve exit status %d", status)
	}
}

func waitForURL(t *testing.T, out *syncBuffer) string {
	t.Helper()
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	for range 200 {
		if u := re.FindString(out.String()); u != "" {
			return u
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("serve printed no URL:\n%s", out.String())
	return ""
}

func TestAuditVerify(t *testing.T) {
	dir := t.TempDir()
	writeAuditEvents(t, filepath.Join(dir, "torg.db"), 3)
	status, out, errOut := runCmd(t, "audit", "verify", "--data", dir)
	if status != 0 || out != "audit log intact: 3 events\n" {
		t.Fatalf("audit verify: %d %q %q", status, out, errOut)
	}
	tamper(t, filepath.Join(dir, "torg.db"), 2)
	status, out, _ = runCmd(t, "audit", "verify", "--data", dir)
	if status != 1 || !strings.HasPrefix(out, "audit log broken at event 2:") {
		t.Errorf("audit verify after tampering: %d %q", status, out)
	}
}

func TestAuditVerifyNoDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none")
	if status, _, errOut := runCmd(t, "audit", "verify", "--data", dir); status != 1 || !strings.Contains(errOut, "no database") {
		t.Errorf("audit verify without a database: %d %q", status, errOut)
	}
}

// writeAuditEvents appends n events to a new SQLite database at path.
func writeAuditEvents(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		err := db.Write(ctx, func(q *store.Q) error {
			return q.AppendAudit(ctx, &torg.AuditEvent{MunicipalityID: 1, At: time.Now(), ActorID: int64(i + 1),
				Action: "person.read", Object: "person:7", PersonID: 7})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// tamper rewrites audit event seq behind torg's back: it drops the trigger
// that makes the table append-only and changes the event's detail.
func tamper(t *testing.T, path string, seq int) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`DROP TRIGGER audit_events_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE audit_events SET detail = 'nothing to see' WHERE seq = $1`, seq); err != nil {
		t.Fatal(err)
	}
}
