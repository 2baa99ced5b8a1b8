package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

const debtNoticeCols = `id, municipality_id, case_id, person_id, sender_kind, sender_name, kind, amount, received, deadline,
	status, is_current, not_registered, children, note, COALESCE(repeat_of, 0), COALESCE(request_key, ''), shredded_at,
	created_at`

func scanDebtNotice(s interface{ Scan(...any) error }) (*torg.DebtNotice, error) {
	n := &torg.DebtNotice{}
	var received, deadline, children string
	var shredded, created int64
	err := s.Scan(&n.ID, &n.MunicipalityID, &n.CaseID, &n.PersonID, &n.SenderKind, &n.SenderName, &n.Kind, &n.Amount,
		&received, &deadline, &n.Status, &n.Current, &n.NotRegistered, &children, &n.Note, &n.RepeatOf,
		&n.RequestKey, &shredded, &created)
	n.Received, n.Deadline = parseDate(received), parseDate(deadline)
	n.Children = fromJSON[[]string](children)
	n.ShreddedAt, n.Created = fromMicros(shredded), fromMicros(created)
	return n, err
}

// CreateDebtNotice stores a new notice (DN1) and sets its ID and Created.
// A second notice with the same request key is ECONFLICT.
func (q *Q) CreateDebtNotice(ctx context.Context, n *torg.DebtNotice, now time.Time) error {
	if n.Children == nil {
		n.Children = []string{}
	}
	id, err := q.insert(ctx, `INSERT INTO debt_notices (municipality_id, case_id, person_id, sender_kind, sender_name,
		kind, amount, received, deadline, status, is_current, not_registered, children, note, repeat_of, request_key,
		created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		n.MunicipalityID, n.CaseID, n.PersonID, n.SenderKind, n.SenderName, n.Kind, n.Amount, n.Received.String(),
		n.Deadline.String(), n.Status, n.Current, n.NotRegistered, toJSON(n.Children), n.Note, nullID(n.RepeatOf),
		nullText(n.RequestKey), micros(now), micros(now))
	if err != nil {
		return fmt.Errorf("store: create debt notice: %w", err)
	}
	n.ID, n.Created = id, now
	return nil
}

// DebtNotice returns one notice of a municipality, or ENOTFOUND.
func (q *Q) DebtNotice(ctx context.Context, municipalityID, id int64) (*torg.DebtNotice, error) {
	n, err := scanDebtNotice(q.ex.QueryRowContext(ctx, `SELECT `+debtNoticeCols+` FROM debt_notices
		WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, fmt.Errorf("store: debt notice: %w", mapError(err))
	}
	return n, nil
}

// DebtNoticeOfCase returns the notice that lives in a debt_notice case, or
// ENOTFOUND.
func (q *Q) DebtNoticeOfCase(ctx context.Context, caseID int64) (*torg.DebtNotice, error) {
	n, err := scanDebtNotice(q.ex.QueryRowContext(ctx, `SELECT `+debtNoticeCols+` FROM debt_notices WHERE case_id = $1
		ORDER BY id LIMIT 1`, caseID))
	if err != nil {
		return nil, fmt.Errorf("store: debt notice of case: %w", mapError(err))
	}
	return n, nil
}

// DebtNoticeByRequestKey returns the notice a request with the key
// registered, or ENOTFOUND.
func (q *Q) DebtNoticeByRequestKey(ctx context.Context, municipalityID int64, key string) (*torg.DebtNotice, error) {
	n, err := scanDebtNotice(q.ex.QueryRowContext(ctx, `SELECT `+debtNoticeCols+` FROM debt_notices
		WHERE municipality_id = $1 AND request_key = $2`, municipalityID, key))
	if err != nil {
		return nil, fmt.Errorf("store: debt notice by request key: %w", mapError(err))
	}
	return n, nil
}

// PersonDebtNotices lists a person's notices received on or after since,
// the newest first (duplicate and repeat checks, DN1).
func (q *Q) PersonDebtNotices(ctx context.Context, municipalityID, personID int64, since torg.Date) ([]*torg.DebtNotice, error) {
	rows, err := q.query(ctx, `SELECT `+debtNoticeCols+` FROM debt_notices
		WHERE municipality_id = $1 AND person_id = $2 AND received >= $3 ORDER BY received DESC, id DESC`,
		municipalityID, personID, since.String())
	if err != nil {
		return nil, fmt.Errorf("store: person debt notices: %w", err)
	}
	return collect(rows, scanDebtNotice)
}

// DebtNoticesByStatus lists a municipality's notices with a status, the
// oldest first.
func (q *Q) DebtNoticesByStatus(ctx context.Context, municipalityID int64, status string) ([]*torg.DebtNotice, error) {
	rows, err := q.query(ctx, `SELECT `+debtNoticeCols+` FROM debt_notices
		WHERE municipality_id = $1 AND status = $2 ORDER BY received, id`, municipalityID, status)
	if err != nil {
		return nil, fmt.Errorf("store: debt notices by status: %w", err)
	}
	return collect(rows, scanDebtNotice)
}

// DebtNoticesReceived lists a municipality's notices received from from to
// to, both days included, in order of receipt (statistics).
func (q *Q) DebtNoticesReceived(ctx context.Context, municipalityID int64, from, to torg.Date) ([]*torg.DebtNotice, error) {
	rows, err := q.query(ctx, `SELECT `+debtNoticeCols+` FROM debt_notices
		WHERE municipality_id = $1 AND received >= $2 AND received <= $3 ORDER BY received, id`,
		municipalityID, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("store: debt notices received: %w", err)
	}
	return collect(rows, scanDebtNotice)
}

// SetDebtNoticePath records the outcome of the current check and the path
// the notice took (DN2–DN6): its status, whether the person was current and
// the minor children found. ENOTFOUND if there is no such notice.
func (q *Q) SetDebtNoticePath(ctx context.Context, n *torg.DebtNotice, now time.Time) error {
	if n.Children == nil {
		n.Children = []string{}
	}
	res, err := q.exec(ctx, `UPDATE debt_notices SET status = $1, is_current = $2, children = $3, not_registered = $4,
		updated_at = $5 WHERE id = $6 AND municipality_id = $7`,
		n.Status, n.Current, toJSON(n.Children), n.NotRegistered, micros(now), n.ID, n.MunicipalityID)
	if err != nil {
		return fmt.Errorf("store: set debt notice path: %w", err)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return &torg.Error{Code: torg.ENOTFOUND, Key: "error.not_found"}
	}
	return nil
}

// ShredDebtNotice destroys the content of a notice's for-information copy
// (DN7): its text and the children's numbers are blanked; only the fact and
// the date are kept. ENOTFOUND if there is no such notice.
func (q *Q) ShredDebtNotice(ctx context.Context, municipalityID, id int64, now time.Time) error {
	res, err := q.exec(ctx, `UPDATE debt_notices SET note = '', children = '[]', shredded_at = $1, updated_at = $1
		WHERE id = $2 AND municipality_id = $3`, micros(now), id, municipalityID)
	if err != nil {
		return fmt.Errorf("store: shred debt notice: %w", err)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return &torg.Error{Code: torg.ENOTFOUND, Key: "error.not_found"}
	}
	return nil
}
