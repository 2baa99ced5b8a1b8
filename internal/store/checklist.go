package store

import (
	"context"
	"fmt"
	"time"
)

// The states of a document on a case's checklist (DC3.4, DC4.9, FD2.3).
const (
	ChecklistMissing     = "missing"
	ChecklistReceived    = "received"
	ChecklistNotRelevant = "not_relevant"
)

// ChecklistEntry is the state of one required document on a case's
// documentation checklist, as someone last set it. A document of the
// unit's list without an entry is missing.
type ChecklistEntry struct {
	CaseID    int64
	Item      string // the document, as the unit's list names it
	State     string // ChecklistMissing, ChecklistReceived or ChecklistNotRelevant
	Received  time.Time
	RecordID  int64  // the record a received document came with; 0 if not known
	Reason    string // a short note; why the document is not relevant
	ChangedBy int64
	ChangedAt time.Time

	ChangedByName string // filled in by queries
	RecordNumber  int
	RecordTitle   string
}

// SetChecklistEntry records a document's state on a case's checklist,
// replacing the one set before.
func (q *Q) SetChecklistEntry(ctx context.Context, e *ChecklistEntry) error {
	_, err := q.exec(ctx, `INSERT INTO checklist_items (case_id, item, state, received_at, record_id, reason, changed_by, changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (case_id, item) DO UPDATE SET state = excluded.state, received_at = excluded.received_at,
		record_id = excluded.record_id, reason = excluded.reason, changed_by = excluded.changed_by,
		changed_at = excluded.changed_at`,
		e.CaseID, e.Item, e.State, micros(e.Received), nullID(e.RecordID), e.Reason, e.ChangedBy, micros(e.ChangedAt))
	if err != nil {
		return fmt.Errorf("store: set checklist item %q of case %d: %w", e.Item, e.CaseID, err)
	}
	return nil
}

// CaseChecklist lists the checklist entries of a case, by document.
func (q *Q) CaseChecklist(ctx context.Context, caseID int64) ([]*ChecklistEntry, error) {
	rows, err := q.query(ctx, `SELECT k.case_id, k.item, k.state, k.received_at, COALESCE(k.record_id, 0), k.reason,
		k.changed_by, k.changed_at, e.name, COALESCE(r.number, 0), COALESCE(r.title, '')
		FROM checklist_items k JOIN employees e ON e.id = k.changed_by LEFT JOIN records r ON r.id = k.record_id
		WHERE k.case_id = $1 ORDER BY k.item`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: checklist of case %d: %w", caseID, err)
	}
	defer rows.Close()
	var out []*ChecklistEntry
	for rows.Next() {
		e := &ChecklistEntry{}
		var received, changed int64
		if err := rows.Scan(&e.CaseID, &e.Item, &e.State, &received, &e.RecordID, &e.Reason, &e.ChangedBy, &changed,
			&e.ChangedByName, &e.RecordNumber, &e.RecordTitle); err != nil {
			return nil, fmt.Errorf("store: checklist of case %d: %w", caseID, err)
		}
		e.Received, e.ChangedAt = fromMicros(received), fromMicros(changed)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: checklist of case %d: %w", caseID, err)
	}
	return out, nil
}
