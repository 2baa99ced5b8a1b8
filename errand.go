package torg

import (
	"slices"
	"strings"
	"time"
)

// Channels: where the citizen guide sends a visitor (CG4, CG7, CG2).
const (
	ChannelSelfService     = "self_service"      // digital self-service
	ChannelSelfServiceHelp = "self_service_help" // self-service with a little help
	ChannelPaperForm       = "paper_form"        // a paper form, with help to fill it in
	ChannelCounter         = "counter"           // a counter, with a queue ticket
	ChannelOtherDepartment = "other_department"  // elsewhere in the municipality (CG2)
	ChannelPhoneAuthority  = "phone_authority"   // phone another authority (CG7, CG12)
)

// Channels lists the guide's outcomes in the order the page offers them.
var Channels = []string{ChannelSelfService, ChannelSelfServiceHelp, ChannelPaperForm, ChannelCounter,
	ChannelOtherDepartment, ChannelPhoneAuthority}

// Exemptions the guide registers for a citizen who is not digital (CG7,
// CG8; domain.md §5.8).
const (
	ExemptSelfService = "digital_self_service" // exempt from mandatory digital self-service
	ExemptDigitalPost = "digital_post"         // exempt from Digital Post
)

// Exemptions lists the exemptions the guide may register.
var Exemptions = []string{ExemptSelfService, ExemptDigitalPost}

// Errand codes with their own rules in the guide.
const (
	ErrandPassportChild        = "passport_child"        // the custody questions (CG5)
	ErrandAppointmentElsewhere = "appointment_elsewhere" // shown the way (CG2)
)

// Errand is one kind of errand the citizen service centre handles, with
// its checklist, its channels and the queue service for counter tickets.
// The catalogue is per municipality; DefaultErrands gives the Danish one.
type Errand struct {
	ID             int64             `json:"-"`
	MunicipalityID int64             `json:"-"`
	Code           string            `json:"code"`
	Titles         map[string]string `json:"titles"` // language → title
	// Channels the errand may end in; the first is the one for a digital
	// citizen.
	Channels []string `json:"channels"`
	// NonDigital is the channel for a citizen who is not digital; ""
	// means the first of Channels.
	NonDigital  string              `json:"non_digital,omitempty"`
	Checklist   map[string][]string `json:"checklist,omitempty"`    // language → what to check or bring
	ServiceCode string              `json:"service_code,omitempty"` // the queue service for counter tickets
	Phone       string              `json:"phone,omitempty"`        // the authority to phone, e.g. Udbetaling Danmark
	Active      bool                `json:"active"`
}

// Title returns the errand's title in lang, else Danish, else its code.
func (e *Errand) Title(lang string) string {
	for _, l := range []string{lang, "da", "en"} {
		if t := e.Titles[l]; t != "" {
			return t
		}
	}
	return e.Code
}

// Suggest returns the channel the guide starts from for a citizen who is
// digital or not (CG4, CG9–CG12): a digital citizen serves themself, one
// who is not goes to the errand's NonDigital channel.
func (e *Errand) Suggest(digital bool) string {
	if !digital && e.NonDigital != "" {
		return e.NonDigital
	}
	if len(e.Channels) > 0 {
		return e.Channels[0]
	}
	return ChannelCounter
}

// Validate checks an errand before it is stored.
func (e *Errand) Validate() error {
	if e.Code == "" || strings.ContainsAny(e.Code, " /?#") {
		return FieldError("code", "guide.errand.code_invalid")
	}
	if e.Titles["da"] == "" && e.Titles["nb"] == "" && e.Titles["sv"] == "" && e.Titles["en"] == "" {
		return FieldError("titles", "guide.errand.title_required")
	}
	if len(e.Channels) == 0 {
		return FieldError("channels", "guide.errand.channels_required")
	}
	for _, c := range append(slices.Clone(e.Channels), e.NonDigital) {
		if c != "" && !slices.Contains(Channels, c) {
			return FieldError("channels", "guide.errand.channel_unknown", "channel", c)
		}
	}
	if e.NonDigital != "" && !slices.Contains(e.Channels, e.NonDigital) {
		return FieldError("channels", "guide.errand.channel_unknown", "channel", e.NonDigital)
	}
	if slices.Contains(e.Channels, ChannelCounter) && e.ServiceCode == "" {
		return FieldError("service_code", "guide.errand.service_required")
	}
	if slices.Contains(e.Channels, ChannelPhoneAuthority) && e.Phone == "" {
		return FieldError("phone", "guide.errand.phone_required")
	}
	return nil
}

// Fee is what an errand costs from ValidFrom to ValidTo, both days
// included; a zero ValidTo means until further notice.
type Fee struct {
	ErrandCode string `json:"errand"`
	Amount     Money  `json:"amount"` // minor units: øre
	ValidFrom  Date   `json:"valid_from"`
	ValidTo    Date   `json:"valid_to,omitempty"`
}

// ValidOn reports whether the fee applies on day d.
func (f Fee) ValidOn(d Date) bool {
	return !d.Before(f.ValidFrom) && (f.ValidTo.IsZero() || !f.ValidTo.Before(d))
}

// FeeOn returns the fee for an errand on day d among fees; ok is false when
// none applies (the errand is free, or its fee is not known for that day).
func FeeOn(fees []Fee, errand string, d Date) (Fee, bool) {
	var best Fee
	ok := false
	for _, f := range fees {
		if f.ErrandCode == errand && f.ValidOn(d) && (!ok || best.ValidFrom.Before(f.ValidFrom)) {
			best, ok = f, true
		}
	}
	return best, ok
}

// Guidance is what the citizen guide recorded about one visit, after the
// three phases of CG1: clarification (the errand, and whether the citizen
// is digital), guidance (the channel) and conclusion (goal reached? where
// next?).
type Guidance struct {
	ID, MunicipalityID int64
	Errand             string
	Digital            bool
	Outcome            string // one of Channels
	GoalReached        bool
	Next               string // where next: the department, the phone number, what is left
	Exemption          string // ExemptSelfService, ExemptDigitalPost or ""
	TicketID           int64  // the counter ticket the guide handed out
	PersonID           int64  // the citizen, when the exemption is registered on them; else 0
	GuideID            int64
	At                 time.Time
	RequestKey         string // makes a double submit record one guidance
}

// Validate checks the guide's record of a visit.
func (g *Guidance) Validate() error {
	if g.Errand == "" {
		return FieldError("errand", "guide.errand_required")
	}
	if !slices.Contains(Channels, g.Outcome) {
		return FieldError("outcome", "guide.outcome_required")
	}
	if g.Exemption != "" && !slices.Contains(Exemptions, g.Exemption) {
		return FieldError("exemption", "guide.exemption_unknown")
	}
	if g.Exemption != "" && g.Digital {
		return FieldError("exemption", "guide.exemption_digital")
	}
	if g.Outcome == ChannelOtherDepartment && strings.TrimSpace(g.Next) == "" {
		return FieldError("next", "guide.next_required")
	}
	if len(g.Next) > 500 {
		return FieldError("next", "guide.next_too_long")
	}
	return nil
}

// Custody is what the guide finds out before a child's passport goes to
// the counter (CG5): all holders of parental custody must consent
// (domain.md §5.1).
type Custody struct {
	BothParentsPresent  bool
	JointCustody        bool // asked when a parent is absent
	AbsentParentConsent bool // the absent parent's signature or digital consent is there
	HeightCM            int  // the child's measured height, written on the ticket
}

// Check refuses a child's passport at the counter without the consent of
// every holder of custody, and without the child's height.
func (c Custody) Check() error {
	if !c.BothParentsPresent && c.JointCustody && !c.AbsentParentConsent {
		return FieldError("consent", "guide.passport_child.consent_missing")
	}
	if c.HeightCM < 30 || c.HeightCM > 230 {
		return FieldError("height", "guide.passport_child.height_required")
	}
	return nil
}
