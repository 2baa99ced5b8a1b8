package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Message template purposes: the automatic replies of the DM routine and
// the texts staff start an answer from.
const (
	TemplateForwarded      = "forwarded"       // DM2: the interim reply that the message was forwarded
	TemplateApplication    = "application"     // DM4: the interim reply with the expected handling time
	TemplateWrongRecipient = "wrong_recipient" // DM9: write again, to the right recipient
	TemplateAnswer         = "answer"          // a text to start an answer from, named by its title
)

// TemplatePurposes lists the purposes, in the order pages show them.
var TemplatePurposes = []string{TemplateForwarded, TemplateApplication, TemplateWrongRecipient, TemplateAnswer}

// MessageTemplate is a service's own text for answering citizens'
// messages, in one language.
type MessageTemplate struct {
	ID             int64
	MunicipalityID int64
	UnitID         int64
	Purpose        string
	Lang           string
	Title          string // names an answer template; empty for the automatic replies
	Body           string
	UpdatedBy      int64
	Updated        time.Time

	UpdatedByName string // filled in by queries
}

const msgTemplateCols = `t.id, t.municipality_id, t.unit_id, t.purpose, t.lang, t.title, t.body, t.updated_by,
	t.updated_at, COALESCE(e.name, '')`

const msgTemplateFrom = ` FROM message_templates t LEFT JOIN employees e ON e.id = t.updated_by `

func scanMessageTemplate(s interface{ Scan(...any) error }) (*MessageTemplate, error) {
	var t MessageTemplate
	var updated int64
	err := s.Scan(&t.ID, &t.MunicipalityID, &t.UnitID, &t.Purpose, &t.Lang, &t.Title, &t.Body, &t.UpdatedBy,
		&updated, &t.UpdatedByName)
	t.Updated = fromMicros(updated)
	return &t, err
}

// MessageTemplates lists a unit's templates by purpose, title and language.
func (q *Q) MessageTemplates(ctx context.Context, unitID int64) ([]*MessageTemplate, error) {
	rows, err := q.query(ctx, `SELECT `+msgTemplateCols+msgTemplateFrom+`WHERE t.unit_id = $1
		ORDER BY t.purpose, t.title, t.lang`, unitID)
	if err != nil {
		return nil, fmt.Errorf("store: message templates: %w", err)
	}
	return collect(rows, scanMessageTemplate)
}

// MessageTemplate returns a unit's template by purpose, language and
// title, or ENOTFOUND.
func (q *Q) MessageTemplate(ctx context.Context, unitID int64, purpose, lang, title string) (*MessageTemplate, error) {
	t, err := scanMessageTemplate(q.ex.QueryRowContext(ctx, `SELECT `+msgTemplateCols+msgTemplateFrom+`
		WHERE t.unit_id = $1 AND t.purpose = $2 AND t.lang = $3 AND t.title = $4`, unitID, purpose, lang, title))
	if err != nil {
		return nil, fmt.Errorf("store: message template: %w", mapError(err))
	}
	return t, nil
}

// MessageTemplateByID returns template id of a municipality, or ENOTFOUND.
func (q *Q) MessageTemplateByID(ctx context.Context, municipalityID, id int64) (*MessageTemplate, error) {
	t, err := scanMessageTemplate(q.ex.QueryRowContext(ctx, `SELECT `+msgTemplateCols+msgTemplateFrom+`
		WHERE t.id = $1 AND t.municipality_id = $2`, id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: message template %d: %w", id, mapError(err))
	}
	return t, nil
}

// SaveMessageTemplate stores a template, replacing the unit's template of
// the same purpose, language and title, and sets its ID.
func (q *Q) SaveMessageTemplate(ctx context.Context, t *MessageTemplate, now time.Time) error {
	t.Updated = now
	err := q.ex.QueryRowContext(ctx, `INSERT INTO message_templates (municipality_id, unit_id, purpose, lang, title,
		body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (unit_id, purpose, lang, title) DO UPDATE SET body = excluded.body,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at RETURNING id`,
		t.MunicipalityID, t.UnitID, t.Purpose, t.Lang, t.Title, t.Body, t.UpdatedBy, micros(now)).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("store: save message template: %w", mapError(err))
	}
	return nil
}

// DeleteMessageTemplate removes a unit's template; the standard text then
// applies again. A template that is not there is ENOTFOUND.
func (q *Q) DeleteMessageTemplate(ctx context.Context, unitID, id int64) error {
	res, err := q.exec(ctx, `DELETE FROM message_templates WHERE id = $1 AND unit_id = $2`, id, unitID)
	if err != nil {
		return fmt.Errorf("store: delete message template: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: delete message template %d: %w", id, mapError(sql.ErrNoRows))
	}
	return nil
}

// HandlingWeeks returns a unit's expected handling time of applications in
// weeks (DM4), 0 if the unit has not set it.
func (q *Q) HandlingWeeks(ctx context.Context, unitID int64) (int, error) {
	var n int
	err := q.ex.QueryRowContext(ctx, `SELECT handling_weeks FROM message_settings WHERE unit_id = $1`, unitID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: handling weeks: %w", err)
	}
	return n, nil
}

// SetHandlingWeeks sets a unit's expected handling time of applications.
func (q *Q) SetHandlingWeeks(ctx context.Context, unitID int64, weeks int, by int64, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO message_settings (unit_id, handling_weeks, updated_by, updated_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id) DO UPDATE SET handling_weeks = excluded.handling_weeks,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`, unitID, weeks, by, micros(now))
	if err != nil {
		return fmt.Errorf("store: set handling weeks: %w", err)
	}
	return nil
}
