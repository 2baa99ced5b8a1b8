package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// nearTurn is how many tickets may be ahead of a ticket when its SMS goes.
const nearTurn = 3

// TicketInput is a request for a queue ticket, from the kiosk or the guide.
type TicketInput struct {
	MunicipalityID int64  // the kiosk's municipality; for the guide their own
	ServiceCode    string // the queue service
	Errand         string // errand code, may be ""
	Note           string // e.g. the child's height (CG5)
	Phone          string // optional: an SMS when the turn is near
	Lang           string // the citizen's language for the SMS
	Priority       bool   // an appointment that arrived (guide only)
	RequestKey     string // the same key gives the same ticket (a double tap)
}

// canServeQueue lets front-desk staff, leaders and admins hand out tickets
// and work counters.
func canServeQueue(a *torg.Employee, municipalityID int64) error {
	if a.MunicipalityID != municipalityID {
		return notFound()
	}
	if !a.Has(torg.RoleFrontDesk) && !a.Has(torg.RoleLeader) && !a.Has(torg.RoleAdmin) {
		return torg.Errorf(torg.EFORBIDDEN, "error.forbidden")
	}
	return nil
}

// QueueServices lists the queue services of a municipality, for the kiosk
// (no login) and the pages of the staff.
func (s *Service) QueueServices(ctx context.Context, municipalityID int64) ([]*torg.QueueService, error) {
	return s.db.R().QueueServices(ctx, municipalityID)
}

// Kiosk returns the municipality with a code and its queue services, for
// the kiosk page; ENOTFOUND for an unknown municipality.
func (s *Service) Kiosk(ctx context.Context, code string) (*torg.Municipality, []*torg.QueueService, error) {
	m, err := s.db.R().MunicipalityByCode(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	svcs, err := s.db.R().QueueServices(ctx, m.ID)
	return m, svcs, err
}

// KioskErrands returns the active errands of a municipality that end at a
// counter of one of its queue services: what the kiosk offers.
func (s *Service) KioskErrands(ctx context.Context, municipalityID int64, svcs []*torg.QueueService) ([]*torg.Errand, error) {
	all, err := s.db.R().Errands(ctx, municipalityID, true)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, v := range svcs {
		known[v.Code] = true
	}
	var out []*torg.Errand
	for _, e := range all {
		if known[e.ServiceCode] && slices.Contains(e.Channels, torg.ChannelCounter) {
			out = append(out, e)
		}
	}
	return out, nil
}

// IssueTicket hands out a queue ticket (CG3): a is nil at the kiosk, else
// the guide. The number is the service's prefix and the next number of the
// day in the municipality's time zone. The same request key gives the same
// ticket, so a double tap at the kiosk draws one ticket.
func (s *Service) IssueTicket(ctx context.Context, a *torg.Employee, in TicketInput) (*torg.Ticket, error) {
	if a != nil {
		if in.MunicipalityID == 0 {
			in.MunicipalityID = a.MunicipalityID
		}
		if err := canServeQueue(a, in.MunicipalityID); err != nil {
			return nil, err
		}
	} else {
		in.Priority = false // only staff put an arrived appointment first
	}
	in.Phone, in.Note, in.Errand = clean(in.Phone), clean(in.Note), clean(in.Errand)
	if in.Phone != "" && !validPhone(in.Phone) {
		return nil, torg.FieldError("phone", "queue.phone_invalid")
	}
	if utf8.RuneCountInString(in.Note) > 200 {
		return nil, torg.FieldError("note", "queue.note_too_long", "max", 200)
	}
	if in.RequestKey != "" {
		if t, err := s.db.R().TicketByKey(ctx, in.MunicipalityID, in.RequestKey); err == nil {
			return t, nil
		}
	}
	m, err := s.municipality(ctx, in.MunicipalityID)
	if err != nil {
		return nil, err
	}
	if in.ServiceCode == "" && in.Errand != "" {
		e, err := s.db.R().Errand(ctx, m.ID, in.Errand)
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			return nil, torg.FieldError("service", "queue.service_unknown")
		}
		if err != nil {
			return nil, err
		}
		in.ServiceCode = e.ServiceCode
	}
	svc, err := s.db.R().QueueServiceByCode(ctx, m.ID, in.ServiceCode)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, torg.FieldError("service", "queue.service_unknown")
	}
	if err != nil {
		return nil, err
	}
	t := &torg.Ticket{MunicipalityID: m.ID, ServiceID: svc.ID, Day: s.today(m), Errand: in.Errand,
		Priority: in.Priority, Phone: in.Phone, Note: in.Note, Status: torg.TicketWaiting, Issued: s.now(),
		Token: randomToken(), Lang: in.Lang}
	if a != nil {
		t.IssuedBy = a.ID
	}
	err = s.db.Write(ctx, func(tx *store.Q) error {
		n, err := tx.NextTicketSeq(ctx, svc.ID, t.Day)
		if err != nil {
			return err
		}
		t.Seq, t.Number = n, fmt.Sprintf("%s%03d", svc.Prefix, n)
		if err := tx.CreateTicket(ctx, t, in.RequestKey); err != nil {
			return err
		}
		if a != nil {
			return s.audit(ctx, tx, a, "queue.issue", obj("ticket", t.ID), 0, t.Number)
		}
		return nil
	})
	if torg.ErrorCode(err) == torg.ECONFLICT && in.RequestKey != "" {
		return s.db.R().TicketByKey(ctx, m.ID, in.RequestKey) // the other tap won
	}
	if err != nil {
		return nil, err
	}
	t.ServiceCode, t.ServiceName = svc.Code, svc.Name
	s.queueChanged(m.ID)
	return t, nil
}

func validPhone(p string) bool {
	digits := 0
	for i, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-':
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

// Counters lists the counters of the actor's municipality.
func (s *Service) Counters(ctx context.Context, a *torg.Employee) ([]*torg.Counter, error) {
	if err := canServeQueue(a, a.MunicipalityID); err != nil {
		return nil, err
	}
	return s.db.R().Counters(ctx, a.MunicipalityID)
}

// CounterView is what a counter's page shows.
type CounterView struct {
	Counter  *torg.Counter
	Services []*torg.QueueService // every service, for transfer
	Current  *torg.Ticket         // the ticket being served, or nil
	Waiting  int                  // tickets waiting for this counter's services
}

// Counter returns a counter's page: the ticket it serves and how many wait.
func (s *Service) Counter(ctx context.Context, a *torg.Employee, counterID int64) (*CounterView, error) {
	if err := canServeQueue(a, a.MunicipalityID); err != nil {
		return nil, err
	}
	r := s.db.R()
	c, err := r.Counter(ctx, a.MunicipalityID, counterID)
	if err != nil {
		return nil, err
	}
	v := &CounterView{Counter: c}
	if v.Services, err = r.QueueServices(ctx, a.MunicipalityID); err != nil {
		return nil, err
	}
	cur, err := r.Tickets(ctx, a.MunicipalityID, store.TicketFilter{CounterID: c.ID, Status: []string{torg.TicketCalled}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(cur) > 0 {
		v.Current = cur[0]
	}
	if len(c.Services) > 0 {
		w, err := r.Tickets(ctx, a.MunicipalityID, store.TicketFilter{ServiceID: c.Services, Status: []string{torg.TicketWaiting}})
		if err != nil {
			return nil, err
		}
		v.Waiting = len(w)
	}
	return v, nil
}

// OpenCounter opens a counter, staffed by the actor, or closes it.
func (s *Service) OpenCounter(ctx context.Context, a *torg.Employee, counterID int64, open bool) error {
	if err := canServeQueue(a, a.MunicipalityID); err != nil {
		return err
	}
	err := s.db.Write(ctx, func(tx *store.Q) error {
		c, err := tx.Counter(ctx, a.MunicipalityID, counterID)
		if err != nil {
			return err
		}
		by := a.ID
		if !open {
			by = 0
		}
		if err := tx.SetCounterOpen(ctx, c.ID, open, by); err != nil {
			return err
		}
		action := "queue.counter_open"
		if !open {
			action = "queue.counter_close"
		}
		return s.audit(ctx, tx, a, action, obj("counter", c.ID), 0, c.Name)
	})
	if err == nil {
		s.queueChanged(a.MunicipalityID)
	}
	return err
}

// CallNext calls the next ticket to a counter: an arrived appointment
// before walk-ins, then the oldest. The ticket the counter was serving is
// done. A closed counter cannot call. Tickets whose turn is near get their
// SMS (once).
func (s *Service) CallNext(ctx context.Context, a *torg.Employee, counterID int64) (*torg.Ticket, error) {
	if err := canServeQueue(a, a.MunicipalityID); err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	var t *torg.Ticket
	var empty error
	now := s.now()
	err = s.db.Write(ctx, func(tx *store.Q) error {
		c, err := tx.Counter(ctx, a.MunicipalityID, counterID)
		if err != nil {
			return err
		}
		if !c.Open {
			return torg.Errorf(torg.ECONFLICT, "queue.counter_closed", "counter", c.Name)
		}
		cur, err := tx.Tickets(ctx, a.MunicipalityID, store.TicketFilter{CounterID: c.ID, Status: []string{torg.TicketCalled}})
		if err != nil {
			return err
		}
		for _, p := range cur {
			p.Status, p.Done = torg.TicketDone, now
			if err := tx.UpdateTicket(ctx, p, torg.TicketCalled); err != nil {
				return err
			}
			if err := s.OfferSurvey(ctx, tx, p); err != nil { // CG14
				return err
			}
		}
		if t, err = tx.ClaimNextTicket(ctx, a.MunicipalityID, c.ID, c.Services, now); err != nil {
			if torg.ErrorCode(err) == torg.ENOTFOUND && len(cur) > 0 {
				empty = err // the served ticket is done all the same
				return s.audit(ctx, tx, a, "queue.done", obj("ticket", cur[0].ID), 0, cur[0].Number)
			}
			return err
		}
		if err := s.notifyNear(ctx, tx, m, t.ServiceID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "queue.call", obj("ticket", t.ID), 0, t.Number+" "+c.Name)
	})
	if err == nil && empty != nil {
		s.queueChanged(a.MunicipalityID)
		err = empty
	}
	if err != nil {
		return nil, err
	}
	s.queueChanged(a.MunicipalityID)
	return t, nil
}

// notifyNear sends the SMS to the waiting tickets of a service that have
// at most nearTurn tickets ahead of them. The idempotency key makes it
// once per ticket.
func (s *Service) notifyNear(ctx context.Context, tx *store.Q, m *torg.Municipality, serviceID int64) error {
	w, err := tx.Tickets(ctx, m.ID, store.TicketFilter{ServiceID: []int64{serviceID}, Status: []string{torg.TicketWaiting},
		Limit: nearTurn + 1})
	if err != nil {
		return err
	}
	for ahead, t := range w {
		if t.Phone == "" {
			continue
		}
		lang := t.Lang
		if lang == "" {
			lang = m.Language
		}
		pr := i18n.New(i18n.Lang(lang))
		msg := &store.OutboxMessage{MunicipalityID: m.ID, Channel: store.ChannelSMS, Recipient: t.Phone,
			Body:           pr.T("queue.sms_near", "number", t.Number, "ahead", ahead),
			IdempotencyKey: fmt.Sprintf("queue-near:%d", t.ID)}
		if _, err := tx.Enqueue(ctx, msg, s.now()); err != nil {
			return err
		}
	}
	return nil
}

// ticketAt returns a ticket of the actor's municipality that is called to
// a counter; ECONFLICT if it is not (any more).
func (s *Service) ticketAt(ctx context.Context, tx *store.Q, a *torg.Employee, counterID, ticketID int64) (*torg.Ticket, error) {
	t, err := tx.Ticket(ctx, a.MunicipalityID, ticketID)
	if err != nil {
		return nil, err
	}
	if t.Status != torg.TicketCalled || t.CounterID != counterID {
		return nil, torg.Errorf(torg.ECONFLICT, "queue.ticket_moved")
	}
	return t, nil
}

// Recall calls the counter's ticket again, for a citizen who did not come.
func (s *Service) Recall(ctx context.Context, a *torg.Employee, counterID, ticketID int64) (*torg.Ticket, error) {
	return s.moveTicket(ctx, a, counterID, ticketID, "queue.recall", func(tx *store.Q, t *torg.Ticket) error {
		t.Recalls++
		return tx.UpdateTicket(ctx, t, torg.TicketCalled)
	})
}

// NoShow marks the counter's ticket as not come.
func (s *Service) NoShow(ctx context.Context, a *torg.Employee, counterID, ticketID int64) (*torg.Ticket, error) {
	return s.moveTicket(ctx, a, counterID, ticketID, "queue.no_show", func(tx *store.Q, t *torg.Ticket) error {
		t.Status, t.Done = torg.TicketNoShow, s.now()
		return tx.UpdateTicket(ctx, t, torg.TicketCalled)
	})
}

// Done marks the counter's ticket as served.
func (s *Service) Done(ctx context.Context, a *torg.Employee, counterID, ticketID int64) (*torg.Ticket, error) {
	return s.moveTicket(ctx, a, counterID, ticketID, "queue.done", func(tx *store.Q, t *torg.Ticket) error {
		t.Status, t.Done = torg.TicketDone, s.now()
		if err := tx.UpdateTicket(ctx, t, torg.TicketCalled); err != nil {
			return err
		}
		return s.OfferSurvey(ctx, tx, t) // CG14
	})
}

// Transfer sends the counter's ticket on to another service: it continues
// as a new ticket there, numbered in that service and called before
// walk-ins, since the citizen has waited once already. It returns the new
// ticket.
func (s *Service) Transfer(ctx context.Context, a *torg.Employee, counterID, ticketID, toServiceID int64) (*torg.Ticket, error) {
	if err := canServeQueue(a, a.MunicipalityID); err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	var next *torg.Ticket
	err = s.db.Write(ctx, func(tx *store.Q) error {
		t, err := s.ticketAt(ctx, tx, a, counterID, ticketID)
		if err != nil {
			return err
		}
		svc, err := tx.QueueService(ctx, m.ID, toServiceID)
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			return torg.FieldError("service", "queue.service_unknown")
		}
		if err != nil {
			return err
		}
		if svc.ID == t.ServiceID {
			return torg.FieldError("service", "queue.transfer_same")
		}
		next = &torg.Ticket{MunicipalityID: m.ID, ServiceID: svc.ID, Day: s.today(m), Errand: t.Errand, Priority: true,
			Phone: t.Phone, Note: t.Note, Status: torg.TicketWaiting, Issued: s.now(), IssuedBy: a.ID,
			Token: randomToken(), Lang: t.Lang, ServiceCode: svc.Code, ServiceName: svc.Name}
		n, err := tx.NextTicketSeq(ctx, svc.ID, next.Day)
		if err != nil {
			return err
		}
		next.Seq, next.Number = n, fmt.Sprintf("%s%03d", svc.Prefix, n)
		if err := tx.CreateTicket(ctx, next, ""); err != nil {
			return err
		}
		t.Status, t.Done, t.TransferredTo = torg.TicketTransferred, s.now(), next.ID
		if err := tx.UpdateTicket(ctx, t, torg.TicketCalled); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "queue.transfer", obj("ticket", t.ID), 0, t.Number+" → "+next.Number)
	})
	if err != nil {
		return nil, err
	}
	s.queueChanged(m.ID)
	return next, nil
}

func (s *Service) moveTicket(ctx context.Context, a *torg.Employee, counterID, ticketID int64, action string,
	fn func(*store.Q, *torg.Ticket) error) (*torg.Ticket, error) {
	if err := canServeQueue(a, a.MunicipalityID); err != nil {
		return nil, err
	}
	var t *torg.Ticket
	err := s.db.Write(ctx, func(tx *store.Q) (err error) {
		if t, err = s.ticketAt(ctx, tx, a, counterID, ticketID); err != nil {
			return err
		}
		if err := fn(tx, t); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, action, obj("ticket", t.ID), 0, t.Number)
	})
	if err != nil {
		return nil, err
	}
	s.queueChanged(a.MunicipalityID)
	return t, nil
}

// PublicTicket returns a ticket by its public token, for the citizen's
// pages (the survey); ENOTFOUND for an unknown token.
func (s *Service) PublicTicket(ctx context.Context, token string) (*torg.Ticket, error) {
	if strings.TrimSpace(token) == "" {
		return nil, notFound()
	}
	t, err := s.db.R().TicketByToken(ctx, token)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, notFound()
	}
	return t, err
}

// queueHub wakes the pages that show a municipality's queue (the display,
// the counters) when a ticket moves.
type queueHub struct {
	mu   sync.Mutex
	subs map[int64]map[chan struct{}]bool
}

// QueueEvents subscribes to changes of a municipality's queue: the channel
// gets a value (coalesced) whenever a ticket is issued, called or moves
// on. Call the returned function to unsubscribe.
func (s *Service) QueueEvents(municipalityID int64) (<-chan struct{}, func()) {
	h := &s.queue
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs == nil {
		h.subs = map[int64]map[chan struct{}]bool{}
	}
	if h.subs[municipalityID] == nil {
		h.subs[municipalityID] = map[chan struct{}]bool{}
	}
	h.subs[municipalityID][ch] = true
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[municipalityID], ch)
		h.mu.Unlock()
	}
}

func (s *Service) queueChanged(municipalityID int64) {
	h := &s.queue
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[municipalityID] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
