package torg

import (
	"strings"
	"time"
)

// CaseTypeDebtNotice is the type of a case that holds one incoming notice of
// rent, electricity or water debt (DN1). The routine DN runs on it.
const CaseTypeDebtNotice = "debt_notice"

// Kinds of debt a notice is about (DN1).
const (
	NoticeRent        = "rent"        // hyresskuld: jordabalken 12 kap. 44 §
	NoticeElectricity = "electricity" // elskuld: ellagen 11 kap. 4 §
	NoticeWater       = "water"       // vattenskuld: lagen (2006:412) 43 §
)

// NoticeKinds lists the kinds in the order forms offer them.
var NoticeKinds = []string{NoticeRent, NoticeElectricity, NoticeWater}

// Who sent a notice (DN1).
const (
	SenderLandlord     = "landlord"
	SenderElectricity  = "electricity_company"
	SenderMunicipality = "municipality"
	SenderCollector    = "debt_collector"
)

// NoticeSenders lists the senders in the order forms offer them.
var NoticeSenders = []string{SenderLandlord, SenderElectricity, SenderMunicipality, SenderCollector}

// Where a notice stands on its path through DN.
const (
	NoticeOpen           = "open"            // registered, current check not done
	NoticeToCaseWorker   = "case_worker"     // DN3: handed to the person's case worker
	NoticeIntakeClosed   = "intake_closed"   // DN5: intake record made and closed
	NoticeForInformation = "for_information" // DN6: copy to the 1st social secretary
)

// The units DN works with, by unit code (dn.yaml).
const (
	UnitFinancialAssistance = "financial_assistance" // ekonomiskt bistånd: the social-services unit of DN2/DN3
	UnitChildYouthFamily    = "child_youth_family"   // barn, unga och familj: reports of concern (DN3), DN6/DN7
)

// Legal deadlines from the date of receipt (domain.md §4.2–4.4).
const (
	NoticeDeadlineDays      = 21 // rent and electricity: three weeks
	NoticeWaterDeadlineDays = 14 // water: the "reasonable time" in practice
)

// DebtNotice is one notice from a landlord, electricity company,
// municipality or debt collector that a person is behind with rent,
// electricity or water (DN1).
type DebtNotice struct {
	ID             int64
	MunicipalityID int64
	CaseID         int64 // the debt_notice case it lives in
	PersonID       int64
	SenderKind     string
	SenderName     string
	Kind           string
	Amount         Money
	Received       Date
	Deadline       Date // the legal deadline: see NoticeDeadline
	Status         string
	Current        bool      // DN2: the person had an open case of the social-services unit
	Children       []string  // the minor children's personnummer (DN6), only for cleared staff
	RepeatOf       int64     // an earlier notice for the same person within 12 months (follow-up flag)
	NotRegistered  bool      // the person was not found in the population register and was added from the notice
	Note           string    // the notice's text or summary as registered; blanked when shredded (DN7)
	ShreddedAt     time.Time // DN7: when the for-information copy was shredded; zero if not
	RequestKey     string
	Created        time.Time
}

// NoticeDeadline returns the legal deadline of a notice of the given kind
// received on the given date: three weeks for rent and electricity, two for
// water. Rolling a deadline that falls on a holiday forward is left to the
// caller, which knows the municipality's calendar.
func NoticeDeadline(kind string, received Date) Date {
	if kind == NoticeWater {
		return received.AddDays(NoticeWaterDeadlineDays)
	}
	return received.AddDays(NoticeDeadlineDays)
}

// ValidNoticeKind reports whether k is a known kind of notice.
func ValidNoticeKind(k string) bool {
	for _, x := range NoticeKinds {
		if x == k {
			return true
		}
	}
	return false
}

// ValidNoticeSender reports whether k is a known kind of sender.
func ValidNoticeSender(k string) bool {
	for _, x := range NoticeSenders {
		if x == k {
			return true
		}
	}
	return false
}

// Normalize trims the notice's text fields.
func (n *DebtNotice) Normalize() {
	n.SenderKind = strings.TrimSpace(n.SenderKind)
	n.SenderName = strings.TrimSpace(n.SenderName)
	n.Kind = strings.TrimSpace(n.Kind)
	n.RequestKey = strings.TrimSpace(n.RequestKey)
}

// Validate checks the fields a notice must have; it returns a *Error with the
// offending field or nil.
func (n *DebtNotice) Validate() error {
	switch {
	case !ValidNoticeSender(n.SenderKind):
		return FieldError("sender_kind", "notice.sender_kind.invalid")
	case n.SenderName == "":
		return FieldError("sender_name", "notice.sender_name.required")
	case !ValidNoticeKind(n.Kind):
		return FieldError("kind", "notice.kind.invalid")
	case n.Amount <= 0 || n.Amount > MaxMoney:
		return FieldError("amount", "notice.amount.invalid")
	case n.Received.IsZero():
		return FieldError("received", "notice.received.required")
	}
	return nil
}
