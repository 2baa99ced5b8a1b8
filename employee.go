package torg

import "slices"

// Role is what an employee may do in torg.
type Role string

// Roles. An employee may hold several.
const (
	RoleFrontDesk  Role = "frontdesk"
	RoleCounsellor Role = "counsellor"
	RoleLeader     Role = "leader"
	RoleAdmin      Role = "admin"
	// RoleDocumentCentre registers incoming paper post, such as paper
	// applications (DC1.2).
	RoleDocumentCentre Role = "documentcentre"
)

// Roles lists every role.
var Roles = []Role{RoleFrontDesk, RoleCounsellor, RoleLeader, RoleAdmin, RoleDocumentCentre}

// Employee is a member of staff who logs in to torg.
type Employee struct {
	ID             int64
	MunicipalityID int64
	Username       string
	Name           string
	Initials       string
	Email          string // internal only: never shown to citizens or at the desk (FD2.5)
	Roles          []Role
	Units          []int64
	Clearance      Protection // the highest protection level whose addresses this employee may see
	Language       string
	Active         bool
}

// Has reports whether e holds role r.
func (e *Employee) Has(r Role) bool { return slices.Contains(e.Roles, r) }

// InUnit reports whether e belongs to unit id.
func (e *Employee) InUnit(id int64) bool { return slices.Contains(e.Units, id) }

// ValidRole reports whether r is a known role.
func ValidRole(r Role) bool { return slices.Contains(Roles, r) }
