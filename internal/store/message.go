package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// Citizen message threads (DM1–DM9): threads, their messages with
// attachments, employees' read marks and the routine state of each thread.

const threadCols = `t.id, t.municipality_id, t.unit_id, t.person_id, COALESCE(t.case_id, 0), COALESCE(t.parent_id, 0),
	COALESCE(t.appointment_id, 0), t.kind, t.subject, t.status, COALESCE(t.responsible_id, 0), t.due_at,
	t.waiting_since, t.first_answer_at, t.created_at, t.updated_at, t.done_at, COALESCE(t.request_key, ''),
	p.given_name, p.family_name, p.protection, u.name, COALESCE(e.name, ''),
	COALESCE((SELECT MAX(m.created_at) FROM messages m WHERE m.thread_id = t.id), 0)`

const threadFrom = ` FROM threads t JOIN persons p ON p.id = t.person_id JOIN units u ON u.id = t.unit_id
	LEFT JOIN employees e ON e.id = t.responsible_id `

func scanThread(s interface{ Scan(...any) error }) (*torg.Thread, error) {
	var t torg.Thread
	var due, waiting, first, created, updated, done, last int64
	var given, family string
	err := s.Scan(&t.ID, &t.MunicipalityID, &t.UnitID, &t.PersonID, &t.CaseID, &t.ParentID, &t.AppointmentID,
		&t.Kind, &t.Subject, &t.Status, &t.ResponsibleID, &due, &waiting, &first, &created, &updated, &done,
		&t.RequestKey, &given, &family, &t.Protection, &t.UnitName, &t.ResponsibleName, &last)
	t.Due, t.WaitingSince, t.FirstAnswer = fromMicros(due), fromMicros(waiting), fromMicros(first)
	t.Created, t.Updated, t.Done, t.LastMessage = fromMicros(created), fromMicros(updated), fromMicros(done), fromMicros(last)
	t.PersonName = strings.TrimSpace(given + " " + family)
	return &t, err
}

// CreateThread inserts t and sets its ID, Created and Updated. A thread
// with the same person and request key exists already: ECONFLICT (use
// ThreadByRequestKey first in the same transaction).
func (q *Q) CreateThread(ctx context.Context, t *torg.Thread, now time.Time) error {
	if t.Status == "" {
		t.Status = torg.ThreadNew
	}
	t.Created, t.Updated = now, now
	id, err := q.insert(ctx, `INSERT INTO threads (municipality_id, unit_id, person_id, case_id, parent_id, appointment_id,
		kind, subject, status, responsible_id, due_at, waiting_since, first_answer_at, created_at, updated_at, done_at,
		request_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		t.MunicipalityID, t.UnitID, t.PersonID, nullID(t.CaseID), nullID(t.ParentID), nullID(t.AppointmentID),
		t.Kind, t.Subject, t.Status, nullID(t.ResponsibleID), micros(t.Due), micros(t.WaitingSince),
		micros(t.FirstAnswer), micros(now), micros(now), micros(t.Done), nullText(t.RequestKey))
	if err != nil {
		return fmt.Errorf("store: create thread: %w", err)
	}
	t.ID = id
	return nil
}

// UpdateThread stores the changeable fields of t: unit, case, parent,
// appointment, kind, subject, status, responsible and the clock, and sets
// Updated.
func (q *Q) UpdateThread(ctx context.Context, t *torg.Thread, now time.Time) error {
	t.Updated = now
	_, err := q.exec(ctx, `UPDATE threads SET unit_id = $1, case_id = $2, parent_id = $3, appointment_id = $4, kind = $5,
		subject = $6, status = $7, responsible_id = $8, due_at = $9, waiting_since = $10, first_answer_at = $11,
		done_at = $12, updated_at = $13 WHERE id = $14`,
		t.UnitID, nullID(t.CaseID), nullID(t.ParentID), nullID(t.AppointmentID), t.Kind, t.Subject, t.Status,
		nullID(t.ResponsibleID), micros(t.Due), micros(t.WaitingSince), micros(t.FirstAnswer), micros(t.Done),
		micros(now), t.ID)
	if err != nil {
		return fmt.Errorf("store: update thread %d: %w", t.ID, err)
	}
	return nil
}

// Thread returns thread id in a municipality.
func (q *Q) Thread(ctx context.Context, municipalityID, id int64) (*torg.Thread, error) {
	t, err := scanThread(q.ex.QueryRowContext(ctx, `SELECT `+threadCols+threadFrom+`WHERE t.id = $1 AND t.municipality_id = $2`,
		id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: thread %d: %w", id, mapError(err))
	}
	return t, nil
}

// ThreadByRequestKey returns the person's thread opened with key:
// ENOTFOUND if there is none.
func (q *Q) ThreadByRequestKey(ctx context.Context, personID int64, key string) (*torg.Thread, error) {
	t, err := scanThread(q.ex.QueryRowContext(ctx, `SELECT `+threadCols+threadFrom+`WHERE t.person_id = $1 AND t.request_key = $2`,
		personID, key))
	if err != nil {
		return nil, fmt.Errorf("store: thread by key: %w", mapError(err))
	}
	return t, nil
}

// PersonThreads lists a citizen's threads, latest activity first.
func (q *Q) PersonThreads(ctx context.Context, personID int64) ([]*torg.Thread, error) {
	rows, err := q.query(ctx, `SELECT `+threadCols+threadFrom+`WHERE t.person_id = $1 ORDER BY t.updated_at DESC, t.id DESC`, personID)
	if err != nil {
		return nil, fmt.Errorf("store: person threads: %w", err)
	}
	return collect(rows, scanThread)
}

// CaseThreads lists the threads linked to a case, oldest first.
func (q *Q) CaseThreads(ctx context.Context, caseID int64) ([]*torg.Thread, error) {
	rows, err := q.query(ctx, `SELECT `+threadCols+threadFrom+`WHERE t.case_id = $1 ORDER BY t.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: case threads: %w", err)
	}
	return collect(rows, scanThread)
}

// ChildThreads lists the threads whose parent is id: the parts split from
// it (DM8) or the thread a citizen's reply to it opened.
func (q *Q) ChildThreads(ctx context.Context, id int64) ([]*torg.Thread, error) {
	rows, err := q.query(ctx, `SELECT `+threadCols+threadFrom+`WHERE t.parent_id = $1 ORDER BY t.id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: child threads: %w", err)
	}
	return collect(rows, scanThread)
}

// ThreadQuery selects threads for a staff inbox. Zero fields do not
// filter. Reader fills in Thread.Unread for that employee.
type ThreadQuery struct {
	MunicipalityID int64
	UnitIDs        []int64
	Statuses       []string  // any of these
	Open           bool      // not done
	ResponsibleID  int64     // assigned to this employee
	Unassigned     bool      // in the unit's shared inbox
	DueBefore      time.Time // open, not waiting, due before this time
	CreatedFrom    time.Time // created at or after
	CreatedTo      time.Time // created before
	Kinds          []string
	Reader         int64
	Limit          int
}

// Threads lists the threads q selects, the earliest due first (threads
// without a due time last), then the newest.
func (q *Q) Threads(ctx context.Context, f ThreadQuery) ([]*torg.Thread, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	in := func(col string, n int, v func(i int) any) {
		var ps []string
		for i := range n {
			ps = append(ps, arg(v(i)))
		}
		where = append(where, col+" IN ("+strings.Join(ps, ", ")+")")
	}
	where = append(where, "t.municipality_id = "+arg(f.MunicipalityID))
	if len(f.UnitIDs) > 0 {
		in("t.unit_id", len(f.UnitIDs), func(i int) any { return f.UnitIDs[i] })
	}
	if len(f.Statuses) > 0 {
		in("t.status", len(f.Statuses), func(i int) any { return f.Statuses[i] })
	}
	if len(f.Kinds) > 0 {
		in("t.kind", len(f.Kinds), func(i int) any { return f.Kinds[i] })
	}
	if f.Open {
		where = append(where, "t.status <> 'done'")
	}
	if f.ResponsibleID != 0 {
		where = append(where, "t.responsible_id = "+arg(f.ResponsibleID))
	}
	if f.Unassigned {
		where = append(where, "t.responsible_id IS NULL")
	}
	if !f.DueBefore.IsZero() {
		where = append(where, "t.status NOT IN ('done', 'waiting') AND t.due_at <> 0 AND t.due_at < "+arg(micros(f.DueBefore)))
	}
	if !f.CreatedFrom.IsZero() {
		where = append(where, "t.created_at >= "+arg(micros(f.CreatedFrom)))
	}
	if !f.CreatedTo.IsZero() {
		where = append(where, "t.created_at < "+arg(micros(f.CreatedTo)))
	}
	cols, reader := threadCols, "0"
	if f.Reader != 0 {
		reader = arg(f.Reader)
	}
	cols += `, CASE WHEN EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.from_citizen = ` + q.boolean(true) + `
		AND m.created_at > COALESCE((SELECT r.read_at FROM thread_reads r WHERE r.thread_id = t.id AND r.employee_id = ` + reader + `), 0))
		THEN 1 ELSE 0 END`
	limit := ""
	if f.Limit > 0 {
		limit = " LIMIT " + arg(f.Limit)
	}
	rows, err := q.query(ctx, `SELECT `+cols+threadFrom+`WHERE `+strings.Join(where, " AND ")+`
		ORDER BY CASE WHEN t.due_at = 0 THEN 1 ELSE 0 END, t.due_at, t.id DESC`+limit, args...)
	if err != nil {
		return nil, fmt.Errorf("store: threads: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (*torg.Thread, error) {
		var unread int
		t, err := scanThread(scanPlus{s, &unread})
		t.Unread = f.Reader != 0 && unread == 1
		return t, err
	})
}

// scanPlus scans a row's leading columns into what scanThread asks for and
// the trailing ones into extra.
type scanPlus struct {
	s     interface{ Scan(...any) error }
	extra any
}

func (p scanPlus) Scan(dest ...any) error { return p.s.Scan(append(dest, p.extra)...) }

// boolean writes a boolean literal of the dialect.
func (q *Q) boolean(b bool) string {
	switch {
	case q.dialect == Postgres && b:
		return "TRUE"
	case q.dialect == Postgres:
		return "FALSE"
	case b:
		return "1"
	}
	return "0"
}

// UnreadThreadCount counts the open threads of the units with a citizen's
// message the employee has not opened: the inbox's badge.
func (q *Q) UnreadThreadCount(ctx context.Context, employeeID int64, unitIDs []int64) (int, error) {
	if len(unitIDs) == 0 {
		return 0, nil
	}
	args := []any{employeeID}
	for _, u := range unitIDs {
		args = append(args, u)
	}
	var n int
	err := q.ex.QueryRowContext(ctx, `SELECT count(*) FROM threads t WHERE t.status <> 'done'
		AND t.unit_id IN (`+placeholders(2, len(unitIDs))+`)
		AND EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.from_citizen = `+q.boolean(true)+`
		AND m.created_at > COALESCE((SELECT r.read_at FROM thread_reads r WHERE r.thread_id = t.id AND r.employee_id = $1), 0))`,
		args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread threads: %w", mapError(err))
	}
	return n, nil
}

// MarkThreadRead records that an employee opened a thread at now.
func (q *Q) MarkThreadRead(ctx context.Context, threadID, employeeID int64, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO thread_reads (thread_id, employee_id, read_at) VALUES ($1, $2, $3)
		ON CONFLICT (thread_id, employee_id) DO UPDATE SET read_at = $3`, threadID, employeeID, micros(now))
	if err != nil {
		return fmt.Errorf("store: mark thread read: %w", err)
	}
	return nil
}

const messageCols = `m.id, m.thread_id, m.from_citizen, COALESCE(m.author_id, 0), m.body, m.interim,
	COALESCE(m.record_id, 0), m.created_at, m.read_by_citizen_at, COALESCE(e.name, '')`

func scanMessage(s interface{ Scan(...any) error }) (*torg.Message, error) {
	var m torg.Message
	var created, read int64
	err := s.Scan(&m.ID, &m.ThreadID, &m.FromCitizen, &m.AuthorID, &m.Body, &m.Interim, &m.RecordID, &created, &read,
		&m.AuthorName)
	m.Created, m.ReadByCitizen = fromMicros(created), fromMicros(read)
	return &m, err
}

// AddMessage stores m in its thread with its documents, whose content must
// already be in blobs, and sets its ID and Created. A non-empty key is the
// form's one-time key: a second message with it in the thread is
// ECONFLICT (use MessageByRequestKey first).
func (q *Q) AddMessage(ctx context.Context, m *torg.Message, key string, now time.Time) error {
	m.Created = now
	id, err := q.insert(ctx, `INSERT INTO messages (thread_id, from_citizen, author_id, body, interim, record_id, created_at,
		request_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, m.ThreadID, m.FromCitizen, nullID(m.AuthorID), m.Body,
		m.Interim, nullID(m.RecordID), micros(now), nullText(key))
	if err != nil {
		return fmt.Errorf("store: add message: %w", err)
	}
	m.ID = id
	for i := range m.Documents {
		d := &m.Documents[i]
		d.ID, err = q.insert(ctx, `INSERT INTO message_documents (message_id, sha256, filename, media_type, size)
			VALUES ($1, $2, $3, $4, $5)`, id, d.SHA256, d.Filename, d.MediaType, d.Size)
		if err != nil {
			return fmt.Errorf("store: add message document: %w", err)
		}
	}
	if _, err := q.exec(ctx, `UPDATE threads SET updated_at = $1 WHERE id = $2`, micros(now), m.ThreadID); err != nil {
		return fmt.Errorf("store: add message: %w", err)
	}
	return nil
}

// MessageByRequestKey returns the message of a thread sent with key:
// ENOTFOUND if there is none.
func (q *Q) MessageByRequestKey(ctx context.Context, threadID int64, key string) (*torg.Message, error) {
	m, err := scanMessage(q.ex.QueryRowContext(ctx, `SELECT `+messageCols+` FROM messages m
		LEFT JOIN employees e ON e.id = m.author_id WHERE m.thread_id = $1 AND m.request_key = $2`, threadID, key))
	if err != nil {
		return nil, fmt.Errorf("store: message by key: %w", mapError(err))
	}
	return m, nil
}

// ThreadMessages lists a thread's messages, oldest first, with their
// documents. A document's RecordID holds its message's ID.
func (q *Q) ThreadMessages(ctx context.Context, threadID int64) ([]*torg.Message, error) {
	rows, err := q.query(ctx, `SELECT `+messageCols+` FROM messages m LEFT JOIN employees e ON e.id = m.author_id
		WHERE m.thread_id = $1 ORDER BY m.id`, threadID)
	if err != nil {
		return nil, fmt.Errorf("store: thread messages: %w", err)
	}
	msgs, err := collect(rows, scanMessage)
	if err != nil || len(msgs) == 0 {
		return msgs, err
	}
	rows, err = q.query(ctx, `SELECT d.id, d.message_id, d.sha256, d.filename, d.media_type, d.size FROM message_documents d
		JOIN messages m ON m.id = d.message_id WHERE m.thread_id = $1 ORDER BY d.id`, threadID)
	if err != nil {
		return nil, fmt.Errorf("store: message documents: %w", err)
	}
	docs, err := collect(rows, scanDocument)
	byID := make(map[int64]*torg.Message, len(msgs))
	for _, m := range msgs {
		byID[m.ID] = m
	}
	for _, d := range docs {
		if m := byID[d.RecordID]; m != nil {
			m.Documents = append(m.Documents, d)
		}
	}
	return msgs, err
}

// MessageDocument returns an attachment of a message in a thread:
// ENOTFOUND if the document is not in that thread. RecordID holds the
// message's ID.
func (q *Q) MessageDocument(ctx context.Context, threadID, documentID int64) (torg.Document, error) {
	d, err := scanDocument(q.ex.QueryRowContext(ctx, `SELECT d.id, d.message_id, d.sha256, d.filename, d.media_type, d.size
		FROM message_documents d JOIN messages m ON m.id = d.message_id WHERE d.id = $1 AND m.thread_id = $2`,
		documentID, threadID))
	if err != nil {
		return d, fmt.Errorf("store: message document %d: %w", documentID, mapError(err))
	}
	return d, nil
}

// MarkMessagesReadByCitizen marks the staff messages of a thread read by
// its citizen at now.
func (q *Q) MarkMessagesReadByCitizen(ctx context.Context, threadID int64, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE messages SET read_by_citizen_at = $1 WHERE thread_id = $2
		AND from_citizen = `+q.boolean(false)+` AND read_by_citizen_at = 0`, micros(now), threadID)
	if err != nil {
		return fmt.Errorf("store: mark messages read: %w", err)
	}
	return nil
}

// UnreadByCitizen counts the staff messages in a citizen's threads they
// have not opened.
func (q *Q) UnreadByCitizen(ctx context.Context, personID int64) (int, error) {
	var n int
	err := q.ex.QueryRowContext(ctx, `SELECT count(*) FROM messages m JOIN threads t ON t.id = m.thread_id
		WHERE t.person_id = $1 AND m.from_citizen = `+q.boolean(false)+` AND m.read_by_citizen_at = 0`, personID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread by citizen: %w", mapError(err))
	}
	return n, nil
}

// SetMessageRecord notes the journal record a message was filed as on the
// thread's case.
func (q *Q) SetMessageRecord(ctx context.Context, messageID, recordID int64) error {
	_, err := q.exec(ctx, `UPDATE messages SET record_id = $1 WHERE id = $2`, recordID, messageID)
	if err != nil {
		return fmt.Errorf("store: set message record: %w", err)
	}
	return nil
}

// ThreadRoutine is the routine a thread runs and the engine's state for it.
type ThreadRoutine struct {
	ThreadID  int64
	RoutineID string
	Version   int
	State     []byte // the engine's JSON state
	Updated   time.Time
}

// ThreadRoutines returns the routines a thread runs with their states.
func (q *Q) ThreadRoutines(ctx context.Context, threadID int64) ([]*ThreadRoutine, error) {
	rows, err := q.query(ctx, `SELECT thread_id, routine_id, version, state, updated_at FROM thread_routines
		WHERE thread_id = $1 ORDER BY routine_id`, threadID)
	if err != nil {
		return nil, fmt.Errorf("store: thread routines %d: %w", threadID, err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (*ThreadRoutine, error) {
		var tr ThreadRoutine
		var state string
		var at int64
		err := s.Scan(&tr.ThreadID, &tr.RoutineID, &tr.Version, &state, &at)
		tr.State, tr.Updated = []byte(state), fromMicros(at)
		return &tr, err
	})
}

// SaveThreadRoutine stores a thread's routine state.
func (q *Q) SaveThreadRoutine(ctx context.Context, tr *ThreadRoutine) error {
	_, err := q.exec(ctx, `INSERT INTO thread_routines (thread_id, routine_id, version, state, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (thread_id, routine_id) DO UPDATE SET state = $4, updated_at = $5`,
		tr.ThreadID, tr.RoutineID, tr.Version, string(tr.State), micros(tr.Updated))
	if err != nil {
		return fmt.Errorf("store: save thread routine %d: %w", tr.ThreadID, err)
	}
	return nil
}

// ThreadTasks lists the tasks a thread's routine made, open first.
func (q *Q) ThreadTasks(ctx context.Context, threadID int64) ([]*torg.Task, error) {
	rows, err := q.query(ctx, `SELECT `+taskCols+taskFrom+`WHERE t.thread_id = $1 ORDER BY t.done_at, t.due, t.id`, threadID)
	if err != nil {
		return nil, fmt.Errorf("store: thread tasks: %w", err)
	}
	return collect(rows, scanTask)
}

// CompleteThreadStepTasks marks done the open tasks a routine made for one
// step of a thread.
func (q *Q) CompleteThreadStepTasks(ctx context.Context, threadID int64, routineID, step string, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE tasks SET done_at = $1 WHERE thread_id = $2 AND routine_id = $3 AND step_id = $4 AND done_at = 0`,
		micros(now), threadID, routineID, step)
	return err
}

// CompleteThreadTasks marks done every open task of a thread: it is done.
func (q *Q) CompleteThreadTasks(ctx context.Context, threadID int64, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE tasks SET done_at = $1 WHERE thread_id = $2 AND done_at = 0`, micros(now), threadID)
	return err
}
