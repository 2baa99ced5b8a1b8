package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// CreateInquiry inserts q. A second inquiry with the same request key is
// ECONFLICT, which the caller turns into "already registered".
func (q *Q) CreateInquiry(ctx context.Context, in *torg.Inquiry, now time.Time) error {
	in.Created = now
	id, err := q.insert(ctx, `INSERT INTO inquiries (municipality_id, unit_id, person_id, kind, from_kind, agency_name,
		summary, case_id, record_id, task_id, delivered, other, missing, poa, shelf, created_by, created_at, request_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		in.MunicipalityID, in.UnitID, in.PersonID, in.Kind, in.From, in.AgencyName, in.Summary, in.CaseID, in.RecordID,
		nullID(in.TaskID), toJSON(in.Delivered), in.Other, toJSON(in.Missing), in.POA, in.Shelf, in.CreatedBy,
		micros(now), in.RequestKey)
	if err != nil {
		return fmt.Errorf("store: create inquiry: %w", err)
	}
	in.ID = id
	return nil
}

const inquiryCols = `id, municipality_id, unit_id, person_id, kind, from_kind, agency_name, summary, case_id, record_id,
	COALESCE(task_id, 0), delivered, other, missing, poa, shelf, created_by, created_at, request_key`

func scanInquiry(s interface{ Scan(...any) error }) (*torg.Inquiry, error) {
	var in torg.Inquiry
	var delivered, missing string
	var created int64
	err := s.Scan(&in.ID, &in.MunicipalityID, &in.UnitID, &in.PersonID, &in.Kind, &in.From, &in.AgencyName, &in.Summary,
		&in.CaseID, &in.RecordID, &in.TaskID, &delivered, &in.Other, &missing, &in.POA, &in.Shelf, &in.CreatedBy,
		&created, &in.RequestKey)
	in.Delivered, in.Missing = fromJSON[[]string](delivered), fromJSON[[]string](missing)
	in.Created = fromMicros(created)
	return &in, err
}

// Inquiry returns inquiry id in a municipality.
func (q *Q) Inquiry(ctx context.Context, municipalityID, id int64) (*torg.Inquiry, error) {
	in, err := scanInquiry(q.ex.QueryRowContext(ctx, `SELECT `+inquiryCols+` FROM inquiries
		WHERE id = $1 AND municipality_id = $2`, id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: inquiry %d: %w", id, mapError(err))
	}
	return in, nil
}

// InquiryByKey returns the inquiry made with a request key.
func (q *Q) InquiryByKey(ctx context.Context, key string) (*torg.Inquiry, error) {
	in, err := scanInquiry(q.ex.QueryRowContext(ctx, `SELECT `+inquiryCols+` FROM inquiries WHERE request_key = $1`, key))
	if err != nil {
		return nil, fmt.Errorf("store: inquiry by key: %w", mapError(err))
	}
	return in, nil
}
