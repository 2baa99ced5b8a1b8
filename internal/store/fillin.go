package store

import (
	"context"
	"fmt"
	"time"
)

// FillIn is the last fill-in of a person from the registers (DC1.5): who
// did it, when, and the properties the property register listed then.
type FillIn struct {
	PersonID   int64
	By         int64
	At         time.Time
	Properties []FilledProperty

	ByName string // filled in by queries
}

// FilledProperty is a property as a fill-in copied it.
type FilledProperty struct {
	PropertyID string `json:"id"`
	Address    string `json:"address"`
	Share      string `json:"share"`
	Kind       string `json:"kind"`
}

// SaveFillIn records a fill-in, replacing the person's previous one.
func (q *Q) SaveFillIn(ctx context.Context, f *FillIn) error {
	props := f.Properties
	if props == nil {
		props = []FilledProperty{}
	}
	_, err := q.exec(ctx, `INSERT INTO register_fill_ins (person_id, filled_by, filled_at, properties) VALUES ($1, $2, $3, $4)
		ON CONFLICT (person_id) DO UPDATE SET filled_by = excluded.filled_by, filled_at = excluded.filled_at,
		properties = excluded.properties`, f.PersonID, f.By, micros(f.At), toJSON(props))
	if err != nil {
		return fmt.Errorf("store: save fill-in of person %d: %w", f.PersonID, err)
	}
	return nil
}

// LastFillIn returns a person's last fill-in from the registers, or
// ENOTFOUND if they were never filled in.
func (q *Q) LastFillIn(ctx context.Context, personID int64) (*FillIn, error) {
	f := &FillIn{PersonID: personID}
	var at int64
	var props string
	err := q.ex.QueryRowContext(ctx, `SELECT f.filled_by, f.filled_at, f.properties, e.name FROM register_fill_ins f
		JOIN employees e ON e.id = f.filled_by WHERE f.person_id = $1`, personID).Scan(&f.By, &at, &props, &f.ByName)
	if err != nil {
		return nil, fmt.Errorf("store: fill-in of person %d: %w", personID, mapError(err))
	}
	f.At, f.Properties = fromMicros(at), fromJSON[[]FilledProperty](props)
	return f, nil
}
