package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

const recordCols = `r.id, r.municipality_id, r.case_id, r.number, r.type, r.status, r.title, r.body, r.correspondent,
	COALESCE(r.person_id, 0), r.shelf, r.outstanding, r.created_by, r.created_at, e.name`

func scanRecord(s interface{ Scan(...any) error }) (*torg.Record, error) {
	var r torg.Record
	var created int64
	err := s.Scan(&r.ID, &r.MunicipalityID, &r.CaseID, &r.Number, &r.Type, &r.Status, &r.Title, &r.Body,
		&r.Correspondent, &r.PersonID, &r.Shelf, &r.Outstanding, &r.CreatedBy, &created, &r.CreatedByName)
	r.Created = fromMicros(created)
	return &r, err
}

// CreateRecord files r in its case with the case's next journal post number
// and stores its documents, whose content must already be in blobs.
func (q *Q) CreateRecord(ctx context.Context, r *torg.Record, now time.Time) error {
	n, err := q.TouchCase(ctx, r.CaseID, now)
	if err != nil {
		return err
	}
	r.Number, r.Created = n, now
	r.ID, err = q.insert(ctx, `INSERT INTO records (municipality_id, case_id, number, type, status, title, body,
		correspondent, person_id, shelf, outstanding, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, r.MunicipalityID, r.CaseID, r.Number, r.Type,
		r.Status, r.Title, r.Body, r.Correspondent, nullID(r.PersonID), r.Shelf, r.Outstanding, r.CreatedBy, micros(now))
	if err != nil {
		return fmt.Errorf("store: create record: %w", err)
	}
	for i := range r.Documents {
		d := &r.Documents[i]
		d.RecordID = r.ID
		d.ID, err = q.insert(ctx, `INSERT INTO documents (record_id, sha256, filename, media_type, size)
			VALUES ($1, $2, $3, $4, $5)`, r.ID, d.SHA256, d.Filename, d.MediaType, d.Size)
		if err != nil {
			return fmt.Errorf("store: create document: %w", err)
		}
	}
	return nil
}

// Record returns record id in a municipality with its documents.
func (q *Q) Record(ctx context.Context, municipalityID, id int64) (*torg.Record, error) {
	r, err := scanRecord(q.ex.QueryRowContext(ctx, `SELECT `+recordCols+` FROM records r
		JOIN employees e ON e.id = r.created_by WHERE r.id = $1 AND r.municipality_id = $2`, id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: record %d: %w", id, mapError(err))
	}
	r.Documents, err = q.Documents(ctx, id)
	return r, err
}

// CaseRecords lists a case's records by journal post number, with their documents.
func (q *Q) CaseRecords(ctx context.Context, caseID int64) ([]*torg.Record, error) {
	rows, err := q.query(ctx, `SELECT `+recordCols+` FROM records r JOIN employees e ON e.id = r.created_by
		WHERE r.case_id = $1 ORDER BY r.number`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: case records: %w", err)
	}
	recs, err := collect(rows, scanRecord)
	if err != nil || len(recs) == 0 {
		return recs, err
	}
	return recs, q.attachDocuments(ctx, caseID, recs)
}

// attachDocuments loads the documents of all of a case's records in one query.
func (q *Q) attachDocuments(ctx context.Context, caseID int64, recs []*torg.Record) error {
	rows, err := q.query(ctx, `SELECT d.id, d.record_id, d.sha256, d.filename, d.media_type, d.size FROM documents d
		JOIN records r ON r.id = d.record_id WHERE r.case_id = $1 ORDER BY d.id`, caseID)
	if err != nil {
		return fmt.Errorf("store: case documents: %w", err)
	}
	docs, err := collect(rows, scanDocument)
	byID := make(map[int64]*torg.Record, len(recs))
	for _, r := range recs {
		byID[r.ID] = r
	}
	for _, d := range docs {
		if r := byID[d.RecordID]; r != nil {
			r.Documents = append(r.Documents, d)
		}
	}
	return err
}

func scanDocument(s interface{ Scan(...any) error }) (d torg.Document, err error) {
	err = s.Scan(&d.ID, &d.RecordID, &d.SHA256, &d.Filename, &d.MediaType, &d.Size)
	return d, err
}

// Documents lists a record's documents.
func (q *Q) Documents(ctx context.Context, recordID int64) ([]torg.Document, error) {
	rows, err := q.query(ctx, `SELECT id, record_id, sha256, filename, media_type, size FROM documents
		WHERE record_id = $1 ORDER BY id`, recordID)
	if err != nil {
		return nil, fmt.Errorf("store: documents: %w", err)
	}
	return collect(rows, scanDocument)
}

// PutBlob stores content under its SHA-256 unless it is there already.
func (q *Q) PutBlob(ctx context.Context, sha string, data []byte) error {
	_, err := q.exec(ctx, `INSERT INTO blobs (sha256, size, data) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
		sha, len(data), data)
	if err != nil {
		return fmt.Errorf("store: put blob: %w", err)
	}
	return nil
}

// Blob returns the content stored under sha.
func (q *Q) Blob(ctx context.Context, sha string) ([]byte, error) {
	var data []byte
	if err := q.ex.QueryRowContext(ctx, `SELECT data FROM blobs WHERE sha256 = $1`, sha).Scan(&data); err != nil {
		return nil, fmt.Errorf("store: blob: %w", mapError(err))
	}
	return data, nil
}

// CreateNote adds a journal note and sets its ID.
func (q *Q) CreateNote(ctx context.Context, n *torg.Note, now time.Time) error {
	n.Created = now
	id, err := q.insert(ctx, `INSERT INTO notes (case_id, record_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)`,
		n.CaseID, nullID(n.RecordID), n.AuthorID, n.Body, micros(now))
	if err != nil {
		return fmt.Errorf("store: create note: %w", err)
	}
	n.ID = id
	return nil
}

// CaseNotes lists a case's notes, oldest first.
func (q *Q) CaseNotes(ctx context.Context, caseID int64) ([]*torg.Note, error) {
	rows, err := q.query(ctx, `SELECT n.id, n.case_id, COALESCE(n.record_id, 0), n.author_id, n.body, n.created_at, e.name
		FROM notes n JOIN employees e ON e.id = n.author_id WHERE n.case_id = $1 ORDER BY n.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: notes: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (*torg.Note, error) {
		var n torg.Note
		var created int64
		err := s.Scan(&n.ID, &n.CaseID, &n.RecordID, &n.AuthorID, &n.Body, &created, &n.AuthorName)
		n.Created = fromMicros(created)
		return &n, err
	})
}
