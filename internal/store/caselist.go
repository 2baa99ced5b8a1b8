package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// CaseFilter selects cases for a year's case list (DC1.6). Units is the
// set of units the reader may see; an empty set selects nothing.
type CaseFilter struct {
	MunicipalityID int64
	Units          []int64
	Year           int
	Status         torg.CaseStatus // "" for any
	ResponsibleID  int64           // 0 for anyone
	Clearance      torg.Protection // leaves out cases with a party protected above it (DC1.3)
	Title          string          // part of the title, any case
	Seq            int             // the case number within the year, 0 for any
	Limit, Offset  int
}

// where builds the filter's WHERE clause and its arguments.
func (f CaseFilter) where() (string, []any) {
	args := []any{f.MunicipalityID, f.Year}
	var b strings.Builder
	b.WriteString(`WHERE c.municipality_id = $1 AND c.year = $2 AND c.unit_id IN (`)
	for i, u := range f.Units {
		args = append(args, u)
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(len(args)))
	}
	b.WriteString(")")
	add := func(cond string, v any) {
		args = append(args, v)
		b.WriteString(" AND " + strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	add(`NOT EXISTS (SELECT 1 FROM parties pa JOIN persons pe ON pe.id = pa.person_id
		WHERE pa.case_id = c.id AND pe.protection > $?)`, int(f.Clearance))
	if f.Status != "" {
		add("c.status = $?", f.Status)
	}
	if f.ResponsibleID != 0 {
		add("c.responsible_id = $?", f.ResponsibleID)
	}
	if f.Title != "" {
		add(`LOWER(c.title) LIKE $? ESCAPE '\'`, "%"+escapeLike(strings.ToLower(f.Title))+"%")
	}
	if f.Seq != 0 {
		add("c.seq = $?", f.Seq)
	}
	return b.String(), args
}

// CaseList returns one page of a year's cases, newest first, and how many
// cases match in all.
func (q *Q) CaseList(ctx context.Context, f CaseFilter) ([]*torg.Case, int, error) {
	if len(f.Units) == 0 {
		return nil, 0, nil
	}
	where, args := f.where()
	var total int
	if err := q.ex.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count case list: %w", err)
	}
	n := len(args)
	rows, err := q.query(ctx, `SELECT `+caseCols+caseFrom+where+` ORDER BY c.seq DESC, c.id DESC LIMIT $`+
		strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: case list: %w", err)
	}
	cases, err := collect(rows, scanCase)
	return cases, total, err
}

// RemoveMarker takes a marker off a case; a case without it is left as is.
func (q *Q) RemoveMarker(ctx context.Context, caseID int64, marker string, now time.Time) error {
	var raw string
	if err := q.ex.QueryRowContext(ctx, `SELECT markers FROM cases WHERE id = $1`, caseID).Scan(&raw); err != nil {
		return fmt.Errorf("store: case %d markers: %w", caseID, mapError(err))
	}
	markers := fromJSON[[]string](raw)
	kept := make([]string, 0, len(markers))
	for _, m := range markers {
		if m != marker {
			kept = append(kept, m)
		}
	}
	if len(kept) == len(markers) {
		return nil
	}
	_, err := q.exec(ctx, `UPDATE cases SET markers = $1, updated_at = $2 WHERE id = $3`, toJSON(kept), micros(now), caseID)
	return err
}
