package nin

import "time"

// CheckResult is the outcome of Check, shaped for JSON output such as that
// of `torg id check`. Synthetic is set for every valid number and nil
// otherwise, so that false is printed rather than left out.
type CheckResult struct {
	Valid     bool   `json:"valid"`
	Country   string `json:"country,omitempty"`
	Kind      string `json:"kind,omitempty"`
	BirthDate string `json:"birth_date,omitempty"` // YYYY-MM-DD; empty if unknown
	Synthetic *bool  `json:"synthetic,omitempty"`
	Warning   string `json:"warning,omitempty"`
	Error     string `json:"error,omitempty"` // English message of the *Error
}

// Check parses s as Parse does and reports the result. For an invalid
// number, Country is the country given or inferred, if any.
func Check(s string, country Country, now time.Time) CheckResult {
	n, c, err := parse(s, country, now)
	if err != nil {
		return CheckResult{Country: string(c), Error: err.Error()}
	}
	synthetic := n.Synthetic
	return CheckResult{
		Valid:     true,
		Country:   string(n.Country),
		Kind:      string(n.Kind),
		BirthDate: formatDate(n.BirthDate),
		Synthetic: &synthetic,
		Warning:   n.Warning,
	}
}

// formatDate returns t as YYYY-MM-DD, or "" if t is zero.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
