package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// Bulk writes prepare their INSERT once and run it for every row, which
// saves parsing the statement again for each row, for imports, demo data
// and benchmark databases. They do what their one-row counterparts do.
// (A multi-row INSERT is no faster on SQLite: its $n parameters are
// looked up by name, at a cost that grows with their number.)

type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// insertEach runs query, an INSERT, for rows 0 to n-1 with the arguments
// args returns, and hands each row's new ID to setID.
func (q *Q) insertEach(ctx context.Context, query string, n int, args func(i int) []any, setID func(i int, id int64)) error {
	if n == 0 {
		return nil
	}
	p, ok := q.ex.(preparer)
	if !ok {
		return fmt.Errorf("store: %T cannot prepare statements", q.ex)
	}
	stmt, err := p.PrepareContext(ctx, query+" RETURNING id")
	if err != nil {
		return mapError(err)
	}
	defer stmt.Close()
	for i := range n {
		var id int64
		if err := stmt.QueryRowContext(ctx, args(i)...).Scan(&id); err != nil {
			return mapError(err)
		}
		setID(i, id)
	}
	return nil
}

// CreatePersons inserts persons and sets their IDs, as CreatePerson does
// for one. A national ID that is taken in the municipality is ECONFLICT.
func (q *Q) CreatePersons(ctx context.Context, ps []*torg.Person, now time.Time) error {
	err := q.insertEach(ctx, `INSERT INTO persons (municipality_id, nin, nin_country, nin_kind, given_name, family_name,
		search_name, search_family, birth_date, address, postcode, city, protection, digital_reserved, phone, email,
		language, interpreter, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`,
		len(ps), func(i int) []any {
			p := ps[i]
			return []any{p.MunicipalityID, p.NIN, p.NINCountry, p.NINKind, p.GivenName, p.FamilyName, p.SearchName(),
				strings.ToLower(p.FamilyName), p.BirthDate.String(), p.Address, p.Postcode, p.City, int(p.Protection),
				p.DigitalReserved, p.Phone, p.Email, p.Language, p.Interpreter, micros(now)}
		}, func(i int, id int64) { ps[i].ID = id })
	if err != nil {
		return fmt.Errorf("store: create persons: %w", err)
	}
	return nil
}

// CreateCases inserts cases numbered in their order, as CreateCase does
// for one, and sets their ID, Year and Seq. Each municipality's numbers
// are taken from the year's sequence in one step.
func (q *Q) CreateCases(ctx context.Context, cs []*torg.Case, now time.Time) error {
	if err := q.numberCases(ctx, cs, now.Year()); err != nil {
		return err
	}
	err := q.insertEach(ctx, `INSERT INTO cases (municipality_id, unit_id, type, title, year, seq, responsible_id,
		status, markers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		len(cs), func(i int) []any {
			c := cs[i]
			if c.Status == "" {
				c.Status = torg.CaseCreated
			}
			c.Created, c.Updated = now, now
			return []any{c.MunicipalityID, c.UnitID, c.Type, c.Title, c.Year, c.Seq, nullID(c.ResponsibleID), c.Status,
				toJSON(c.Markers), micros(now)}
		}, func(i int, id int64) { cs[i].ID = id })
	if err != nil {
		return fmt.Errorf("store: create cases: %w", err)
	}
	return nil
}

// numberCases gives cases the next sequence numbers of a year, reserving
// each municipality's block with one update of case_seq.
func (q *Q) numberCases(ctx context.Context, cs []*torg.Case, year int) error {
	count := map[int64]int{}
	for _, c := range cs {
		count[c.MunicipalityID]++
	}
	next := make(map[int64]int, len(count))
	for m, n := range count {
		var last int
		err := q.ex.QueryRowContext(ctx, `INSERT INTO case_seq (municipality_id, year, last) VALUES ($1, $2, $3)
			ON CONFLICT (municipality_id, year) DO UPDATE SET last = case_seq.last + $3 RETURNING last`,
			m, year, n).Scan(&last)
		if err != nil {
			return fmt.Errorf("store: case numbers: %w", mapError(err))
		}
		next[m] = last - n + 1
	}
	for _, c := range cs {
		c.Year, c.Seq = year, next[c.MunicipalityID]
		next[c.MunicipalityID]++
	}
	return nil
}

// AddParties adds parties to cases and sets their IDs, as AddParty does
// for one.
func (q *Q) AddParties(ctx context.Context, ps []*torg.Party) error {
	err := q.insertEach(ctx, `INSERT INTO parties (case_id, person_id, org_name, role) VALUES ($1, $2, $3, $4)`,
		len(ps), func(i int) []any {
			p := ps[i]
			return []any{p.CaseID, nullID(p.PersonID), p.OrgName, p.Role}
		}, func(i int, id int64) { ps[i].ID = id })
	if err != nil {
		return fmt.Errorf("store: add parties: %w", err)
	}
	return nil
}

// PersonsAfter lists up to limit persons of a municipality whose IDs are
// above after, by ID: a scan of the register in pages, for bulk work.
func (q *Q) PersonsAfter(ctx context.Context, municipalityID, after int64, limit int) ([]*torg.Person, error) {
	rows, err := q.query(ctx, `SELECT `+personCols+` FROM persons WHERE municipality_id = $1 AND id > $2
		ORDER BY id LIMIT $3`, municipalityID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: persons after %d: %w", after, err)
	}
	return collect(rows, scanPerson)
}

// Loads of fresh data whose IDs the caller chooses, for benchmark
// databases: no RETURNING, and many rows per statement.

// insertRowsPerStmt caps the rows of one multi-row INSERT. On SQLite the
// rows are bound with anonymous ? parameters, which cost nothing to look
// up, so the cost per row falls with the rows per statement until about
// this size.
const insertRowsPerStmt = 256

// maxParams is the most parameters one statement may have: SQLite's
// SQLITE_MAX_VARIABLE_NUMBER (32,766 since 3.32) and PostgreSQL's 65,535.
const maxParams = 32766

// InsertRows inserts len(args)/len(cols) rows into table, the values of
// row i being args[i*len(cols):(i+1)*len(cols)]. table and cols are
// identifiers from the caller's code, never input. It prepares one
// multi-row INSERT and runs it for each full group of rows, and a shorter
// one for the rest.
func (q *Q) InsertRows(ctx context.Context, table string, cols []string, args []any) error {
	nc := len(cols)
	if nc == 0 || len(args)%nc != 0 {
		return fmt.Errorf("store: insert %s: %d values for %d columns", table, len(args), nc)
	}
	n := len(args) / nc
	per := min(insertRowsPerStmt, maxParams/nc)
	p, ok := q.ex.(preparer)
	if !ok {
		return fmt.Errorf("store: %T cannot prepare statements", q.ex)
	}
	run := func(rows int, args []any) error {
		stmt, err := p.PrepareContext(ctx, q.multiInsert(table, cols, rows))
		if err != nil {
			return fmt.Errorf("store: insert %s: %w", table, mapError(err))
		}
		defer stmt.Close()
		for len(args) > 0 {
			if _, err := stmt.ExecContext(ctx, args[:rows*nc]...); err != nil {
				return fmt.Errorf("store: insert %s: %w", table, mapError(err))
			}
			args = args[rows*nc:]
		}
		return nil
	}
	full := n / per * per
	if full > 0 {
		if err := run(per, args[:full*nc]); err != nil {
			return err
		}
	}
	if n > full {
		return run(n-full, args[full*nc:])
	}
	return nil
}

// multiInsert returns an INSERT of rows rows into table's cols, with ?
// parameters on SQLite and $n on PostgreSQL.
func (q *Q) multiInsert(table string, cols []string, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	k := 0
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			k++
			if q.dialect == Postgres {
				fmt.Fprintf(&b, "$%d", k)
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// MaxID returns the highest id in table, 0 if it is empty: where a load
// with chosen IDs starts. table is an identifier from the caller's code.
func (q *Q) MaxID(ctx context.Context, table string) (int64, error) {
	var id int64
	err := q.ex.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: max id of %s: %w", table, mapError(err))
	}
	return id, nil
}

// SyncIDs moves table's identity sequence past the IDs a load with chosen
// IDs wrote, so that later inserts do not collide with them. SQLite needs
// nothing: its next rowid is always past the highest.
func (q *Q) SyncIDs(ctx context.Context, table string) error {
	if q.dialect != Postgres {
		return nil
	}
	_, err := q.exec(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM `+table+`), false)`)
	if err != nil {
		return fmt.Errorf("store: sync ids of %s: %w", table, err)
	}
	return nil
}

// CountRows returns how many rows table holds, to check a bulk load.
// table is an identifier from the caller's code.
func (q *Q) CountRows(ctx context.Context, table string) (int64, error) {
	var n int64
	if err := q.ex.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count %s: %w", table, mapError(err))
	}
	return n, nil
}

// defaultCacheKiB is SQLite's default page cache, which the connection
// returns to after a bulk load.
const defaultCacheKiB = 2000

// BulkCache sets the page cache of the SQLite writer's connection to mib
// MiB for a bulk load, or back to SQLite's default with 0. A load whose
// inserts land all over large indexes (national IDs, names) otherwise
// spills dirty pages to the WAL in the middle of its transactions and
// rereads them. On PostgreSQL it does nothing.
func (db *DB) BulkCache(ctx context.Context, mib int) error {
	if db.dialect != SQLite {
		return nil
	}
	kib := defaultCacheKiB
	if mib > 0 {
		kib = mib * 1024
	}
	return db.Write(ctx, func(q *Q) error {
		_, err := q.exec(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", kib))
		return err
	})
}

// Indexes returns the names and definitions of the secondary indexes of
// tables, those that enforce nothing (not primary keys, not UNIQUE), by
// name. tables are identifiers from the caller's code.
func (q *Q) Indexes(ctx context.Context, tables []string) (names, defs []string, err error) {
	in := "'" + strings.Join(tables, "', '") + "'"
	query := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (` + in + `) ORDER BY name`
	if q.dialect == Postgres {
		query = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
			AND indexdef NOT LIKE 'CREATE UNIQUE%' AND tablename IN (` + in + `) ORDER BY indexname`
	}
	rows, err := q.query(ctx, query)
	if err != nil {
		return nil, nil, fmt.Errorf("store: indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, nil, fmt.Errorf("store: indexes: %w", err)
		}
		names, defs = append(names, name), append(defs, def)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: indexes: %w", mapError(err))
	}
	return names, defs, nil
}

// DropIndexes drops the secondary indexes of tables (see Indexes), for a
// bulk load that fills the tables faster without them: recreate builds
// them again, as the migrations define them, in one sorted pass each. A
// load that stops in between leaves the tables without those indexes.
func (db *DB) DropIndexes(ctx context.Context, tables []string) (recreate func(context.Context) error, err error) {
	var defs []string
	err = db.Write(ctx, func(q *Q) error {
		names, d, err := q.Indexes(ctx, tables)
		if err != nil {
			return err
		}
		defs = d
		for _, name := range names {
			if _, err := q.exec(ctx, `DROP INDEX `+name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: drop indexes: %w", err)
	}
	return func(ctx context.Context) error {
		for _, def := range defs {
			if err := db.Write(ctx, func(q *Q) error { _, err := q.exec(ctx, def); return err }); err != nil {
				return fmt.Errorf("store: recreate index: %w", err)
			}
		}
		return nil
	}, nil
}
