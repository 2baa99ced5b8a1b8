package torg

import "time"

// QueueService is one queue of a citizen service centre: the tickets of
// the errands that go to the same counters (CG3). Its tickets are numbered
// with Prefix and a daily sequence ("A012").
type QueueService struct {
	ID, MunicipalityID int64
	Code               string // stable name, e.g. "passport"; errands name it
	Name               string // shown on the kiosk and the display
	Prefix             string // "A"
	TargetWait         time.Duration
	TargetService      time.Duration
}

// Counter is a service point that calls tickets of its services.
type Counter struct {
	ID, MunicipalityID int64
	Name               string  // "Skranke 3"
	Services           []int64 // the queue services it serves
	Open               bool
	EmployeeID         int64 // who staffs it now; 0: nobody named
}

// Serves reports whether the counter calls tickets of a service.
func (c *Counter) Serves(serviceID int64) bool {
	for _, id := range c.Services {
		if id == serviceID {
			return true
		}
	}
	return false
}

// Ticket statuses.
const (
	TicketWaiting     = "waiting"
	TicketCalled      = "called"
	TicketDone        = "done"
	TicketNoShow      = "no_show"
	TicketTransferred = "transferred"
)

// Ticket is a queue ticket drawn at the kiosk or handed out by the guide.
type Ticket struct {
	ID, MunicipalityID, ServiceID int64
	Number                        string // prefix + daily sequence, "A012"
	Day                           Date   // the day of the sequence, in the municipality's time zone
	Seq                           int
	Errand                        string // errand code, may be ""
	Priority                      bool   // an appointment that arrived: called before walk-ins
	Phone                         string // optional: SMS when the turn is near
	Note                          string // e.g. the child's height for a passport (CG5)
	Status                        string
	CounterID                     int64
	IssuedBy                      int64 // 0: the kiosk; else the guide
	Issued, Called, Done          time.Time
	TransferredTo                 int64  // ticket ID it continued as
	Token                         string // unguessable; names the ticket in public links (survey)
	Recalls                       int    // how often the counter called it again
	Lang                          string // the citizen's language for the SMS; "": the municipality's

	// Filled by reads, for pages.
	ServiceCode, ServiceName, CounterName string
}

// Wait is how long the ticket waited before it was called; zero while it
// waits.
func (t *Ticket) Wait() time.Duration {
	if t.Called.IsZero() {
		return 0
	}
	return t.Called.Sub(t.Issued)
}

// ServiceTime is how long the counter served the ticket; zero until done.
func (t *Ticket) ServiceTime() time.Duration {
	if t.Called.IsZero() || t.Done.IsZero() {
		return 0
	}
	return t.Done.Sub(t.Called)
}
