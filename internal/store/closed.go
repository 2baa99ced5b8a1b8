package store

import (
	"context"
	"fmt"

	"github.com/torg-kommune/torg"
)

// ClosedDays lists a municipality's own closed days in order.
func (q *Q) ClosedDays(ctx context.Context, municipalityID int64) ([]torg.Date, error) {
	rows, err := q.query(ctx, `SELECT day FROM closed_days WHERE municipality_id = $1 ORDER BY day`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("store: closed days: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (torg.Date, error) {
		var d string
		err := s.Scan(&d)
		return parseDate(d), err
	})
}

// SetClosedDays replaces a municipality's closed days.
func (q *Q) SetClosedDays(ctx context.Context, municipalityID int64, days []torg.Date) error {
	if _, err := q.exec(ctx, `DELETE FROM closed_days WHERE municipality_id = $1`, municipalityID); err != nil {
		return fmt.Errorf("store: closed days: %w", err)
	}
	for _, d := range days {
		if _, err := q.exec(ctx, `INSERT INTO closed_days (municipality_id, day) VALUES ($1, $2)
			ON CONFLICT DO NOTHING`, municipalityID, d.String()); err != nil {
			return fmt.Errorf("store: closed day %s: %w", d, err)
		}
	}
	return nil
}

// OpeningHours returns a municipality's opening hours as "15:04" times,
// or empty strings for the default.
func (q *Q) OpeningHours(ctx context.Context, municipalityID int64) (opens, closes string, err error) {
	err = q.ex.QueryRowContext(ctx, `SELECT opens, closes FROM municipalities WHERE id = $1`, municipalityID).Scan(&opens, &closes)
	return opens, closes, mapError(err)
}

// SetOpeningHours stores a municipality's opening hours ("08:00", "15:30").
func (q *Q) SetOpeningHours(ctx context.Context, municipalityID int64, opens, closes string) error {
	_, err := q.exec(ctx, `UPDATE municipalities SET opens = $1, closes = $2 WHERE id = $3`, opens, closes, municipalityID)
	return err
}
