package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriterPreparesStatements checks that the SQLite writer runs a query
// unprepared the first time, prepares it after that commit, and runs it
// prepared from then on with the same results; a query that cannot be
// prepared keeps reporting its error.
func TestWriterPreparesStatements(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "torg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE t (n INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	const insert = `INSERT INTO t (n) VALUES ($1)`
	for i := range 3 {
		if err := db.Write(ctx, func(q *Q) error {
			_, err := q.exec(ctx, insert, i)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// The writer goroutine owns the map; between writes it is idle.
		if _, ok := db.wstmts.m[insert]; !ok {
			t.Fatalf("after write %d the insert is not prepared", i+1)
		}
	}
	var n, sum int
	if err := db.R().ex.QueryRowContext(ctx, `SELECT count(*), sum(n) FROM t`).Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	if n != 3 || sum != 3 {
		t.Fatalf("rows %d sum %d, want 3 and 3", n, sum)
	}
	for range 2 {
		err := db.Write(ctx, func(q *Q) error {
			_, err := q.exec(ctx, `INSERT INTO missing_table (n) VALUES (1)`)
			return err
		})
		if err == nil {
			t.Fatal("an insert into a missing table succeeded")
		}
	}
	if _, ok := db.wstmts.m[`INSERT INTO missing_table (n) VALUES (1)`]; ok {
		t.Fatal("a query that cannot be prepared is in the cache")
	}
}

// TestOpenGathersPlannerStatistics checks that opening a SQLite database
// that has data but no planner statistics (as after a bulk load) gathers
// them, so that its queries use their indexes.
func TestOpenGathersPlannerStatistics(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "torg.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE t (n INTEGER NOT NULL); CREATE INDEX t_n ON t (n)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 5000)
		INSERT INTO t (n) SELECT i FROM s`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.R().ex.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_stat1 WHERE idx = 't_n'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("statistics of index t_n: %d rows, want 1", n)
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	var stat string
	if err := db.R().ex.QueryRowContext(ctx, `SELECT stat FROM sqlite_stat1 WHERE idx = 't_n'`).Scan(&stat); err != nil {
		t.Fatal(err)
	}
	if stat != "5000 1" {
		t.Fatalf("statistics of t_n after a full analysis: %q, want %q", stat, "5000 1")
	}
}

// TestWorkListPlans checks the plans of the work list's two queries on
// SQLite under the statistics of a generated municipality of a million
// tasks (three units, a thousand per assignee): each must search
// tasks_assignee, not read a unit's every open task through tasks_unit.
func TestWorkListPlans(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "torg.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`ANALYZE`, // creates sqlite_stat1
		`DELETE FROM sqlite_stat1 WHERE tbl = 'tasks'`,
		`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('tasks', 'tasks_unit', '1000000 333334 1 1'),
			('tasks', 'tasks_assignee', '1000000 1000 1 1'), ('tasks', 'tasks_case', '1000000 1'),
			('tasks', 'tasks_thread', '1000000 1000000')`,
		`ANALYZE sqlite_schema`, // reload the statistics
	} {
		if _, err := db.write.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`SELECT ` + taskCols + taskFrom + `WHERE t.assignee_id = $1 AND t.done_at = 0`, []any{5}},
		{unassignedTasksSQL(1), []any{2}},
		{unassignedTasksSQL(2), []any{2, 3}},
	} {
		rows, err := db.write.QueryContext(ctx, `EXPLAIN QUERY PLAN `+q.sql, q.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if !strings.Contains(plan[0], "tasks_assignee") {
			t.Errorf("plan %q for\n%s", plan, q.sql)
		}
	}
}
