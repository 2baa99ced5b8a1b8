package drill

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Result is what a crash drill found.
type Result struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Seconds  float64   `json:"seconds"`
	Seed     uint64    `json:"seed"`
	Clients  int       `json:"clients"`
	MinDelay string    `json:"min_delay"`
	MaxDelay string    `json:"max_delay"`

	Kills int `json:"kills"`
	// Acknowledged counts writes answered 2xx, by kind in AcknowledgedBy.
	Acknowledged   int            `json:"acknowledged"`
	AcknowledgedBy map[string]int `json:"acknowledged_by_kind"`
	// Unanswered counts writes the kill cut off; ErrorAnswers writes
	// answered with an error status.
	Unanswered   int    `json:"unanswered"`
	ErrorAnswers int    `json:"error_answers"`
	FirstError   string `json:"first_error,omitempty"`
	// UnansweredPresent and UnansweredAbsent say what became of the
	// writes without a 2xx answer; Retried counts inquiries sent again
	// with the same idempotency key after the restart.
	UnansweredPresent int `json:"unanswered_present"`
	UnansweredAbsent  int `json:"unanswered_absent"`
	Retried           int `json:"retried"`

	// Lost counts acknowledged writes missing after a restart (must be 0),
	// summed over the checks; Partial writes in the database in part.
	Lost              int `json:"lost"`
	Partial           int `json:"partial"`
	IntegrityChecks   int `json:"integrity_checks"`
	IntegrityFailures int `json:"integrity_failures"`
	AuditChecks       int `json:"audit_checks"`
	AuditFailures     int `json:"audit_failures"`
	AuditEvents       int `json:"audit_events"`

	Failures []string `json:"failures"`
	Rounds   []Round  `json:"rounds"`
}

// Round is one kill.
type Round struct {
	Kill         int   `json:"kill"`
	DelayMS      int64 `json:"delay_ms"`
	Acknowledged int   `json:"acknowledged"`
	Unanswered   int   `json:"unanswered"`
	Present      int   `json:"unanswered_present"`
}

// OK reports whether torg passed: at least one kill, nothing acknowledged
// lost, nothing half written, every check clean.
func (r *Result) OK() bool {
	return r.Kills > 0 && r.Lost == 0 && r.Partial == 0 && r.IntegrityFailures == 0 && r.AuditFailures == 0 &&
		len(r.Failures) == 0
}

func (r *Result) fail(format string, args ...any) {
	if len(r.Failures) < 50 {
		r.Failures = append(r.Failures, fmt.Sprintf(format, args...))
	}
}

// add takes in one round's load and check; kill 0 is the final check.
func (r *Result) add(kill int, delay time.Duration, st loadStats, c *checkResult) {
	if kill > 0 {
		r.Rounds = append(r.Rounds, Round{Kill: kill, DelayMS: delay.Milliseconds(), Acknowledged: st.acked,
			Unanswered: st.unanswered + st.errorAnswers, Present: c.present})
	}
	r.Unanswered += st.unanswered
	r.ErrorAnswers += st.errorAnswers
	if r.FirstError == "" {
		r.FirstError = st.firstError
	}
	r.UnansweredPresent += c.present
	r.UnansweredAbsent += c.absent
	r.Lost += c.lost
	r.Partial += c.partial
	r.IntegrityChecks++
	if c.integrity != "ok" {
		r.IntegrityFailures++
		r.fail("integrity check after kill %d: %s", kill, c.integrity)
	}
	r.AuditChecks++
	if c.auditErr != "" {
		r.AuditFailures++
	}
	r.AuditEvents = c.auditN
	for _, f := range c.failures {
		r.fail("after kill %d: %s", kill, f)
	}
}

// WriteText writes the result for people.
func (r *Result) WriteText(w io.Writer) {
	verdict := "PASS"
	if !r.OK() {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "crash drill: %s\n", verdict)
	fmt.Fprintf(w, "  kills (SIGKILL)          %d, %d clients, %s–%s after ready, seed %d, %.0f s\n",
		r.Kills, r.Clients, r.MinDelay, r.MaxDelay, r.Seed, r.Seconds)
	fmt.Fprintf(w, "  acknowledged writes      %d (inquiries %d, notes %d, task completions %d)\n", r.Acknowledged,
		r.AcknowledgedBy[writeInquiry], r.AcknowledgedBy[writeNote], r.AcknowledgedBy[writeComplete])
	fmt.Fprintf(w, "  lost                     %d\n", r.Lost)
	fmt.Fprintf(w, "  without a 2xx answer     %d cut off by the kill, %d error answers%s\n", r.Unanswered, r.ErrorAnswers,
		firstError(r.FirstError))
	fmt.Fprintf(w, "    of them in the database  %d wholly, %d not at all, %d in part\n", r.UnansweredPresent, r.UnansweredAbsent, r.Partial)
	fmt.Fprintf(w, "    inquiries retried        %d (same idempotency key after the restart)\n", r.Retried)
	fmt.Fprintf(w, "  integrity_check          %d of %d ok\n", r.IntegrityChecks-r.IntegrityFailures, r.IntegrityChecks)
	fmt.Fprintf(w, "  audit chain              %d of %d verified, %d events at the end\n", r.AuditChecks-r.AuditFailures, r.AuditChecks, r.AuditEvents)
	for _, f := range r.Failures {
		fmt.Fprintf(w, "  FAILURE: %s\n", f)
	}
}

func firstError(s string) string {
	if s == "" {
		return ""
	}
	return " (first: " + s + ")"
}

// WriteJSON writes the result as indented JSON.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
