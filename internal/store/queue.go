package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// PutQueueService inserts a queue service, or updates the one with the same
// code in the municipality, and sets its ID.
func (q *Q) PutQueueService(ctx context.Context, s *torg.QueueService) error {
	id, err := q.insert(ctx, `INSERT INTO queue_services (municipality_id, code, name, prefix, target_wait, target_service)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (municipality_id, code) DO UPDATE SET name = excluded.name,
		prefix = excluded.prefix, target_wait = excluded.target_wait, target_service = excluded.target_service`,
		s.MunicipalityID, s.Code, s.Name, s.Prefix, int64(s.TargetWait/time.Second), int64(s.TargetService/time.Second))
	if err != nil {
		return fmt.Errorf("store: put queue service %q: %w", s.Code, err)
	}
	s.ID = id
	return nil
}

const queueServiceCols = `id, municipality_id, code, name, prefix, target_wait, target_service`

func scanQueueService(s interface{ Scan(...any) error }) (*torg.QueueService, error) {
	var v torg.QueueService
	var wait, service int64
	err := s.Scan(&v.ID, &v.MunicipalityID, &v.Code, &v.Name, &v.Prefix, &wait, &service)
	v.TargetWait, v.TargetService = time.Duration(wait)*time.Second, time.Duration(service)*time.Second
	return &v, err
}

// QueueServices lists a municipality's queue services by prefix.
func (q *Q) QueueServices(ctx context.Context, municipalityID int64) ([]*torg.QueueService, error) {
	rows, err := q.query(ctx, `SELECT `+queueServiceCols+` FROM queue_services WHERE municipality_id = $1
		ORDER BY prefix, code`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("store: queue services: %w", err)
	}
	return collect(rows, scanQueueService)
}

// QueueService returns a queue service by ID within a municipality.
func (q *Q) QueueService(ctx context.Context, municipalityID, id int64) (*torg.QueueService, error) {
	v, err := scanQueueService(q.ex.QueryRowContext(ctx, `SELECT `+queueServiceCols+` FROM queue_services
		WHERE id = $1 AND municipality_id = $2`, id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: queue service %d: %w", id, mapError(err))
	}
	return v, nil
}

// QueueServiceByCode returns a municipality's queue service with a code.
func (q *Q) QueueServiceByCode(ctx context.Context, municipalityID int64, code string) (*torg.QueueService, error) {
	v, err := scanQueueService(q.ex.QueryRowContext(ctx, `SELECT `+queueServiceCols+` FROM queue_services
		WHERE municipality_id = $1 AND code = $2`, municipalityID, code))
	if err != nil {
		return nil, fmt.Errorf("store: queue service %q: %w", code, mapError(err))
	}
	return v, nil
}

// PutCounter inserts a counter, or updates the one with the same name in
// the municipality, sets its ID and replaces the services it serves.
func (q *Q) PutCounter(ctx context.Context, c *torg.Counter) error {
	id, err := q.insert(ctx, `INSERT INTO counters (municipality_id, name, open, employee_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (municipality_id, name) DO UPDATE SET open = excluded.open, employee_id = excluded.employee_id`,
		c.MunicipalityID, c.Name, c.Open, nullID(c.EmployeeID))
	if err != nil {
		return fmt.Errorf("store: put counter %q: %w", c.Name, err)
	}
	c.ID = id
	if _, err := q.exec(ctx, `DELETE FROM counter_services WHERE counter_id = $1`, id); err != nil {
		return fmt.Errorf("store: counter %d services: %w", id, err)
	}
	for _, s := range c.Services {
		if _, err := q.exec(ctx, `INSERT INTO counter_services (counter_id, service_id) VALUES ($1, $2)`, id, s); err != nil {
			return fmt.Errorf("store: counter %d services: %w", id, err)
		}
	}
	return nil
}

// SetCounterOpen opens or closes a counter and records who staffs it.
func (q *Q) SetCounterOpen(ctx context.Context, id int64, open bool, employeeID int64) error {
	if _, err := q.exec(ctx, `UPDATE counters SET open = $1, employee_id = $2 WHERE id = $3`,
		open, nullID(employeeID), id); err != nil {
		return fmt.Errorf("store: counter %d open: %w", id, err)
	}
	return nil
}

func (q *Q) counterServices(ctx context.Context, cs []*torg.Counter) error {
	for _, c := range cs {
		rows, err := q.query(ctx, `SELECT service_id FROM counter_services WHERE counter_id = $1 ORDER BY service_id`, c.ID)
		if err != nil {
			return fmt.Errorf("store: counter %d services: %w", c.ID, err)
		}
		c.Services, err = collect(rows, func(s interface{ Scan(...any) error }) (int64, error) {
			var id int64
			return id, s.Scan(&id)
		})
		if err != nil {
			return fmt.Errorf("store: counter %d services: %w", c.ID, err)
		}
	}
	return nil
}

func scanCounter(s interface{ Scan(...any) error }) (*torg.Counter, error) {
	var c torg.Counter
	err := s.Scan(&c.ID, &c.MunicipalityID, &c.Name, &c.Open, &c.EmployeeID)
	return &c, err
}

const counterCols = `id, municipality_id, name, open, COALESCE(employee_id, 0)`

// Counters lists a municipality's counters by name, with their services.
func (q *Q) Counters(ctx context.Context, municipalityID int64) ([]*torg.Counter, error) {
	rows, err := q.query(ctx, `SELECT `+counterCols+` FROM counters WHERE municipality_id = $1 ORDER BY name, id`,
		municipalityID)
	if err != nil {
		return nil, fmt.Errorf("store: counters: %w", err)
	}
	cs, err := collect(rows, scanCounter)
	if err != nil {
		return nil, fmt.Errorf("store: counters: %w", err)
	}
	return cs, q.counterServices(ctx, cs)
}

// Counter returns a counter by ID within a municipality, with its services.
func (q *Q) Counter(ctx context.Context, municipalityID, id int64) (*torg.Counter, error) {
	c, err := scanCounter(q.ex.QueryRowContext(ctx, `SELECT `+counterCols+` FROM counters
		WHERE id = $1 AND municipality_id = $2`, id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: counter %d: %w", id, mapError(err))
	}
	return c, q.counterServices(ctx, []*torg.Counter{c})
}

// NextTicketSeq counts the daily sequence of a service on: it returns the
// next number of the day. The row is written in the caller's transaction,
// so two tickets never get the same number, not even across restarts.
func (q *Q) NextTicketSeq(ctx context.Context, serviceID int64, day torg.Date) (int, error) {
	var n int
	err := q.ex.QueryRowContext(ctx, `INSERT INTO queue_seq (service_id, day, last) VALUES ($1, $2, 1)
		ON CONFLICT (service_id, day) DO UPDATE SET last = queue_seq.last + 1 RETURNING last`,
		serviceID, day.String()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: ticket sequence: %w", mapError(err))
	}
	return n, nil
}

// CreateTicket inserts a ticket and sets its ID. The request key, if not
// empty, is unique: a second ticket with it is ECONFLICT.
func (q *Q) CreateTicket(ctx context.Context, t *torg.Ticket, requestKey string) error {
	id, err := q.insert(ctx, `INSERT INTO tickets (municipality_id, service_id, number, day, seq, errand, priority,
		phone, note, status, counter_id, issued_by, issued_at, request_key, token, lang)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		t.MunicipalityID, t.ServiceID, t.Number, t.Day.String(), t.Seq, t.Errand, t.Priority, t.Phone, t.Note,
		t.Status, nullID(t.CounterID), nullID(t.IssuedBy), micros(t.Issued), nullText(requestKey), t.Token, t.Lang)
	if err != nil {
		return fmt.Errorf("store: create ticket: %w", err)
	}
	t.ID = id
	return nil
}

const ticketCols = `t.id, t.municipality_id, t.service_id, t.number, t.day, t.seq, t.errand, t.priority, t.phone,
	t.note, t.status, COALESCE(t.counter_id, 0), COALESCE(t.issued_by, 0), t.issued_at, t.called_at, t.done_at,
	COALESCE(t.transferred_to, 0), t.token, t.recalls, t.lang, s.code, s.name, COALESCE(c.name, '')`

const ticketFrom = ` FROM tickets t JOIN queue_services s ON s.id = t.service_id LEFT JOIN counters c ON c.id = t.counter_id `

func scanTicket(s interface{ Scan(...any) error }) (*torg.Ticket, error) {
	var t torg.Ticket
	var day string
	var issued, called, done int64
	err := s.Scan(&t.ID, &t.MunicipalityID, &t.ServiceID, &t.Number, &day, &t.Seq, &t.Errand, &t.Priority, &t.Phone,
		&t.Note, &t.Status, &t.CounterID, &t.IssuedBy, &issued, &called, &done, &t.TransferredTo, &t.Token,
		&t.Recalls, &t.Lang, &t.ServiceCode, &t.ServiceName, &t.CounterName)
	t.Day = parseDate(day)
	t.Issued, t.Called, t.Done = fromMicros(issued), fromMicros(called), fromMicros(done)
	return &t, err
}

// Ticket returns a ticket by ID within a municipality.
func (q *Q) Ticket(ctx context.Context, municipalityID, id int64) (*torg.Ticket, error) {
	t, err := scanTicket(q.ex.QueryRowContext(ctx, `SELECT `+ticketCols+ticketFrom+`WHERE t.id = $1 AND t.municipality_id = $2`,
		id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: ticket %d: %w", id, mapError(err))
	}
	return t, nil
}

// TicketByKey returns the ticket issued with a request key.
func (q *Q) TicketByKey(ctx context.Context, municipalityID int64, key string) (*torg.Ticket, error) {
	t, err := scanTicket(q.ex.QueryRowContext(ctx, `SELECT `+ticketCols+ticketFrom+`WHERE t.request_key = $1 AND t.municipality_id = $2`,
		key, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: ticket by key: %w", mapError(err))
	}
	return t, nil
}

// TicketByToken returns the ticket with a public token.
func (q *Q) TicketByToken(ctx context.Context, token string) (*torg.Ticket, error) {
	t, err := scanTicket(q.ex.QueryRowContext(ctx, `SELECT `+ticketCols+ticketFrom+`WHERE t.token = $1`, token))
	if err != nil {
		return nil, fmt.Errorf("store: ticket by token: %w", mapError(err))
	}
	return t, nil
}

// TicketFilter selects tickets for Tickets. Zero fields select all.
type TicketFilter struct {
	Day       torg.Date // tickets of one day
	From, To  time.Time // issued in [From, To)
	Status    []string
	ServiceID []int64
	CounterID int64
	Limit     int // at most this many; 1000 if 0
}

// Tickets lists a municipality's tickets in queue order: priority first,
// then the oldest, for waiting tickets; the rest by issue time.
func (q *Q) Tickets(ctx context.Context, municipalityID int64, f TicketFilter) ([]*torg.Ticket, error) {
	where, args := `t.municipality_id = $1`, []any{municipalityID}
	add := func(cond string, v any) {
		args = append(args, v)
		where += fmt.Sprintf(" AND "+cond, len(args))
	}
	if !f.Day.IsZero() {
		add("t.day = $%d", f.Day.String())
	}
	if !f.From.IsZero() {
		add("t.issued_at >= $%d", micros(f.From))
	}
	if !f.To.IsZero() {
		add("t.issued_at < $%d", micros(f.To))
	}
	if f.CounterID != 0 {
		add("t.counter_id = $%d", f.CounterID)
	}
	if len(f.Status) > 0 {
		where += " AND t.status IN (" + placeholders(len(args)+1, len(f.Status)) + ")"
		for _, s := range f.Status {
			args = append(args, s)
		}
	}
	if len(f.ServiceID) > 0 {
		where += " AND t.service_id IN (" + placeholders(len(args)+1, len(f.ServiceID)) + ")"
		for _, s := range f.ServiceID {
			args = append(args, s)
		}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	args = append(args, limit)
	rows, err := q.query(ctx, `SELECT `+ticketCols+ticketFrom+`WHERE `+where+`
		ORDER BY t.priority DESC, t.issued_at, t.id LIMIT $`+fmt.Sprint(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: tickets: %w", err)
	}
	return collect(rows, scanTicket)
}

// ClaimNextTicket calls the next waiting ticket of the given services to a
// counter: priority first, then the oldest. It is one UPDATE that claims
// the row only while it is still waiting, so two counters calling at once
// never get the same ticket; on PostgreSQL a row another counter is
// claiming is skipped. It returns ENOTFOUND when no ticket waits.
func (q *Q) ClaimNextTicket(ctx context.Context, municipalityID, counterID int64, services []int64, now time.Time) (*torg.Ticket, error) {
	if len(services) == 0 {
		return nil, &torg.Error{Code: torg.ENOTFOUND, Key: "queue.empty"}
	}
	args := []any{counterID, micros(now), municipalityID}
	lock := ""
	if q.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	in := placeholders(len(args)+1, len(services))
	for _, s := range services {
		args = append(args, s)
	}
	var id int64
	var err error
	// On PostgreSQL the row the subquery picked may have been called by a
	// counter whose transaction committed meanwhile; then nothing is
	// claimed although tickets still wait, and it tries again.
	for try := 0; ; try++ {
		err = q.ex.QueryRowContext(ctx, `UPDATE tickets SET status = 'called', counter_id = $1, called_at = $2
			WHERE status = 'waiting' AND id = (SELECT id FROM tickets WHERE municipality_id = $3 AND status = 'waiting'
				AND service_id IN (`+in+`) ORDER BY priority DESC, issued_at, id LIMIT 1`+lock+`)
			RETURNING id`, args...).Scan(&id)
		if err != sql.ErrNoRows || q.dialect != Postgres || try >= 20 {
			break
		}
		var waiting int
		if err := q.ex.QueryRowContext(ctx, `SELECT count(*) FROM tickets WHERE municipality_id = $1 AND status = 'waiting'
			AND service_id IN (`+placeholders(2, len(services))+`)`, args[2:]...).Scan(&waiting); err != nil {
			return nil, fmt.Errorf("store: call next ticket: %w", mapError(err))
		}
		if waiting == 0 {
			break
		}
	}
	if err == sql.ErrNoRows {
		return nil, &torg.Error{Code: torg.ENOTFOUND, Key: "queue.empty"}
	}
	if err != nil {
		return nil, fmt.Errorf("store: call next ticket: %w", mapError(err))
	}
	return q.Ticket(ctx, municipalityID, id)
}

// UpdateTicket moves a ticket from one status to another, with the fields
// of the new status. It is ECONFLICT if the ticket is no longer in status
// from: someone else moved it in the meantime.
func (q *Q) UpdateTicket(ctx context.Context, t *torg.Ticket, from string) error {
	res, err := q.exec(ctx, `UPDATE tickets SET status = $1, counter_id = $2, called_at = $3, done_at = $4,
		transferred_to = $5, recalls = $6, note = $7 WHERE id = $8 AND status = $9`,
		t.Status, nullID(t.CounterID), micros(t.Called), micros(t.Done), nullID(t.TransferredTo), t.Recalls, t.Note,
		t.ID, from)
	if err != nil {
		return fmt.Errorf("store: update ticket %d: %w", t.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return torg.Errorf(torg.ECONFLICT, "queue.ticket_moved")
	}
	return nil
}
