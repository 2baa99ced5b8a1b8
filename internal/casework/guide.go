package casework

import (
	"context"
	"fmt"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// GuideInput is what the citizen guide taps in over the three phases of a
// visit (CG1): clarification (Errand, Digital), guidance (Outcome, and for
// a child's passport the Custody answers) and conclusion (GoalReached,
// Next).
type GuideInput struct {
	RequestKey  string // from the form; a second submit records nothing new
	Errand      string
	Digital     bool
	Outcome     string // one of torg.Channels
	GoalReached bool
	Next        string
	Exemption   string // torg.ExemptSelfService, torg.ExemptDigitalPost or ""
	PersonID    int64  // the citizen, to register an exemption on them; 0: unknown
	PersonNIN   string // or their national identity number, as typed
	Custody     torg.Custody
	Phone       string // for the counter ticket's SMS
	Lang        string // the citizen's language for the SMS
}

// GuideResult is the guidance recorded and, with the counter outcome, the
// ticket handed out.
type GuideResult struct {
	Guidance *torg.Guidance
	Ticket   *torg.Ticket
	Errand   *torg.Errand
	Dup      bool // the same form was submitted before
}

// RecordGuidance records the conclusion of a visit (CG1). A visitor who is
// not digital and is sent to phone another authority (CG7) or to a paper
// form (CG8) is exempt from digital self-service in that area; the
// exemption is registered on the person when the guide names them, and an
// exemption from Digital Post marks the person as reserved against digital
// post. The counter outcome hands out a queue ticket for the errand's
// service (CG4); for a child's passport only when every holder of custody
// has consented, with the child's height on the ticket (CG5).
func (s *Service) RecordGuidance(ctx context.Context, a *torg.Employee, in GuideInput) (*GuideResult, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	r := s.db.R()
	if in.RequestKey != "" {
		if prev, err := r.GuidanceByKey(ctx, a.MunicipalityID, in.RequestKey); err == nil {
			return s.previousGuidance(ctx, prev), nil
		}
	}
	if strings.TrimSpace(in.Errand) == "" {
		return nil, torg.FieldError("errand", "guide.errand_required")
	}
	e, err := r.Errand(ctx, a.MunicipalityID, in.Errand)
	if torg.ErrorCode(err) == torg.ENOTFOUND || err == nil && !e.Active {
		return nil, torg.FieldError("errand", "guide.errand.unknown")
	}
	if err != nil {
		return nil, err
	}
	g := &torg.Guidance{MunicipalityID: a.MunicipalityID, Errand: e.Code, Digital: in.Digital, Outcome: in.Outcome,
		GoalReached: in.GoalReached, Next: strings.TrimSpace(in.Next), Exemption: in.Exemption, GuideID: a.ID,
		RequestKey: in.RequestKey}
	switch {
	case g.Outcome == torg.ChannelCounter && e.ServiceCode == "",
		g.Outcome == torg.ChannelPhoneAuthority && e.Phone == "":
		return nil, torg.FieldError("outcome", "guide.outcome_not_for_errand")
	}
	if !g.Digital && g.Exemption == "" &&
		(g.Outcome == torg.ChannelPhoneAuthority || g.Outcome == torg.ChannelPaperForm) {
		g.Exemption = torg.ExemptSelfService // CG7, CG8
	}
	if g.Outcome == torg.ChannelPhoneAuthority && g.Next == "" {
		g.Next = e.Phone // CG7, CG12: the number to phone
	}
	var person *torg.Person
	if nin := strings.Join(strings.Fields(in.PersonNIN), ""); in.PersonID == 0 && nin != "" && g.Exemption != "" {
		person, err = r.PersonByNIN(ctx, a.MunicipalityID, strings.ReplaceAll(nin, "-", ""))
	} else if in.PersonID != 0 && g.Exemption != "" {
		person, err = r.Person(ctx, a.MunicipalityID, in.PersonID)
	}
	if person != nil || err != nil {
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			return nil, torg.FieldError("person", "guide.person_unknown")
		}
		if err != nil {
			return nil, err
		}
		g.PersonID = person.ID
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	note := ""
	if g.Outcome == torg.ChannelCounter && e.Code == torg.ErrandPassportChild {
		if err := in.Custody.Check(); err != nil {
			return nil, err
		}
		note = fmt.Sprintf("%d cm", in.Custody.HeightCM)
	}
	res := &GuideResult{Guidance: g, Errand: e}
	if g.Outcome == torg.ChannelCounter {
		key := ""
		if in.RequestKey != "" {
			key = "guide:" + in.RequestKey
		}
		t, err := s.IssueTicket(ctx, a, TicketInput{MunicipalityID: a.MunicipalityID, ServiceCode: e.ServiceCode,
			Errand: e.Code, Note: note, Phone: in.Phone, Lang: in.Lang, RequestKey: key})
		if err != nil {
			return nil, err
		}
		g.TicketID, res.Ticket = t.ID, t
	}
	err = s.db.Write(ctx, func(tx *store.Q) error {
		g.At = s.now()
		if err := tx.CreateGuidance(ctx, g); err != nil {
			return err
		}
		if person != nil && g.Exemption == torg.ExemptDigitalPost && !person.DigitalReserved {
			person.DigitalReserved = true
			if err := tx.UpdatePerson(ctx, person, g.At); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "guide.record", obj("guidance", g.ID), g.PersonID, g.Exemption)
	})
	if torg.ErrorCode(err) == torg.ECONFLICT && in.RequestKey != "" {
		if prev, err := r.GuidanceByKey(ctx, a.MunicipalityID, in.RequestKey); err == nil {
			return s.previousGuidance(ctx, prev), nil
		}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// previousGuidance is the result of a form submitted twice: the guidance
// recorded the first time, with its errand and ticket.
func (s *Service) previousGuidance(ctx context.Context, g *torg.Guidance) *GuideResult {
	res := &GuideResult{Guidance: g, Dup: true}
	r := s.db.R()
	res.Errand, _ = r.Errand(ctx, g.MunicipalityID, g.Errand)
	if g.TicketID != 0 {
		res.Ticket, _ = r.Ticket(ctx, g.MunicipalityID, g.TicketID)
	}
	return res
}

// GuideTicket returns a ticket of the guide's municipality, to show its
// number after the guide handed it out.
func (s *Service) GuideTicket(ctx context.Context, a *torg.Employee, id int64) (*torg.Ticket, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	return s.db.R().Ticket(ctx, a.MunicipalityID, id)
}
