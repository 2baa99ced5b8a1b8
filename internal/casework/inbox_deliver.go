package casework

import (
	"context"

	"github.com/torg-kommune/torg"
)

// Delivery is a citizen's message that an integration (a web form, a
// mail gateway) hands over for them: the citizen by national ID or person
// ID, and the message as the portal takes it.
type Delivery struct {
	NIN      string // the citizen's national ID as typed; or
	PersonID int64
	Message  NewMessage // Kind defaults to an inquiry (DM1)
}

// DeliverMessage opens a thread from a citizen to a unit with a message
// the employee a delivers for them, exactly as the citizen's own message
// through the portal (WriteMessage): placed in the citizen's open case of
// the unit, journaled, the DM routine started. The delivery is audited.
// Only a counsellor or leader of the unit delivers, and only for a person
// whose threads they may see; anyone else finds neither the unit nor the
// person. dup reports that the RequestKey was used before: the thread is
// the one made then.
func (s *Service) DeliverMessage(ctx context.Context, a *torg.Employee, in Delivery) (th *torg.Thread, dup bool, err error) {
	if in.Message.UnitID == 0 {
		return nil, false, torg.FieldError("unit_id", "msg.unit_required")
	}
	if _, err := s.inboxUnit(ctx, a, in.Message.UnitID); err != nil {
		return nil, false, err
	}
	if !a.Has(torg.RoleCounsellor) && !a.Has(torg.RoleLeader) {
		return nil, false, errForbidden
	}
	var p *torg.Person
	switch {
	case in.NIN != "" && in.PersonID != 0:
		return nil, false, torg.FieldError("nin", "msg.person_twice")
	case in.NIN != "":
		n, err := s.ParseNIN(ctx, a, in.NIN)
		if err != nil {
			return nil, false, err
		}
		p, err = s.db.R().PersonByNIN(ctx, a.MunicipalityID, n.Digits)
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			return nil, false, &torg.Error{Code: torg.ENOTFOUND, Key: "person.not_found_nin", Field: "nin"}
		} else if err != nil {
			return nil, false, err
		}
	case in.PersonID != 0:
		if p, err = s.db.R().Person(ctx, a.MunicipalityID, in.PersonID); err != nil {
			return nil, false, err
		}
	default:
		return nil, false, torg.FieldError("person_id", "msg.person_required")
	}
	if p.Protection > a.Clearance {
		// The thread would be hidden from a: so is the person.
		return nil, false, notFound()
	}
	msg := in.Message
	if msg.Kind == "" {
		msg.Kind = torg.MsgInquiry
	}
	msg.AppointmentID = 0
	return s.writeMessage(ctx, p, msg, a)
}
