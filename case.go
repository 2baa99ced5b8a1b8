package torg

import (
	"fmt"
	"strings"
	"time"
)

// CaseStatus is a case's status, using the Noark 5 saksstatus codes (M052).
type CaseStatus string

// Case statuses (Noark 5 saksstatus).
const (
	CaseCreated  CaseStatus = "R" // opprettet av saksbehandler
	CaseOpen     CaseStatus = "B" // under behandling
	CaseFinished CaseStatus = "F" // ferdig fra saksbehandler
	CaseClosedBy CaseStatus = "S" // avsluttet av saksbehandler
	CaseClosed   CaseStatus = "A" // avsluttet
	CaseVoid     CaseStatus = "U" // utgår
)

// Active reports whether work may still be done in a case with status s.
func (s CaseStatus) Active() bool { return s == CaseCreated || s == CaseOpen || s == CaseFinished }

// Case types.
const (
	CaseTypeGeneral = "general_inquiries" // FD1.2: a unit's folder of general inquiries, one per year
	CaseTypeDebt    = "debt_counselling"
)

// Case is a case file (Noark saksmappe): work for one or more parties in one
// unit, with a year number such as 2026/000123.
type Case struct {
	ID             int64
	MunicipalityID int64
	UnitID         int64
	Type           string
	Title          string
	Year           int
	Seq            int
	ResponsibleID  int64 // 0 if nobody is responsible yet
	Status         CaseStatus
	Markers        []string
	Created        time.Time
	Updated        time.Time
	Closed         time.Time

	// Filled in by queries for display.
	UnitName        string
	ResponsibleName string
	Parties         []Party
}

// Number returns the case's year number, e.g. "2026/000123".
func (c *Case) Number() string { return fmt.Sprintf("%d/%06d", c.Year, c.Seq) }

// Validate checks a new case.
func (c *Case) Validate() error {
	switch {
	case c.UnitID == 0:
		return FieldError("unit", "case.unit_required")
	case strings.TrimSpace(c.Title) == "":
		return FieldError("title", "case.title_required")
	case c.Type == "":
		return FieldError("type", "case.type_required")
	}
	return nil
}

// Party roles.
const (
	PartyApplicant = "applicant"
	PartyAgency    = "partner_agency" // a partner agency acting for the citizen (FD1)
	PartyAttorney  = "attorney"       // holds a power of attorney (fullmakt)
)

// Party is a person or organisation in a role on a case.
type Party struct {
	ID       int64
	CaseID   int64
	PersonID int64 // 0 for an organisation
	OrgName  string
	Role     string

	Name       string // filled in by queries
	Protection Protection
}
