package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// HandoverInput is what the desk records when a letter is collected.
type HandoverInput struct {
	torg.Handover
	// NIN is the national ID number on the ID document shown. It is
	// required when the viewer may not see the person's name (kode 6), and
	// must then be the person's.
	NIN string
}

// HandOver hands a waiting letter over to the citizen or, by agreement, the
// partner agency (FD3.1), with the identity checked and recorded: the ID
// document shown, by whom, the employee who checked it and when. The record
// of the handover is filed on the letter's case, or on the service's
// general-inquiries case of the year when it has none. A letter handed over
// before is ECONFLICT, and the message says when and by whom.
func (s *Service) HandOver(ctx context.Context, a *torg.Employee, id int64, in HandoverInput) (*PickupView, error) {
	k, err := s.waitingPickup(ctx, a, id)
	if err != nil {
		return nil, err
	}
	h := in.Handover
	h.CollectorName, h.IDDetail = clean(h.CollectorName), clean(h.IDDetail)
	if err := k.CheckHandover(&h); err != nil {
		return nil, err
	}
	person, err := s.db.R().Person(ctx, a.MunicipalityID, k.PersonID)
	if err != nil {
		return nil, err
	}
	if s.pickupView(a, k).NameHidden {
		if err := s.checkNIN(ctx, a, person, in.NIN); err != nil {
			return nil, err
		}
	}
	if h.Collector == torg.FromCitizen {
		h.CollectorName = person.Name()
	}
	if h.IDDocument != torg.IDOther {
		h.IDDetail = ""
	}
	k.Collector, k.CollectorName, k.IDDocument, k.IDDetail, k.ClosedBy = h.Collector, h.CollectorName, h.IDDocument, h.IDDetail, a.ID
	err = s.db.Write(ctx, func(tx *store.Q) error { return s.fileHandover(ctx, tx, a, k, person) })
	if err != nil {
		return nil, s.closeConflict(ctx, a, id, err)
	}
	return s.reread(ctx, a, id)
}

// reread returns a letter as the actor may see it after changing it.
func (s *Service) reread(ctx context.Context, a *torg.Employee, id int64) (*PickupView, error) {
	k, err := s.db.R().Pickup(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	return s.pickupView(a, k), nil
}

// waitingPickup returns a letter the actor may hand over or take back: one
// they may see, still waiting.
func (s *Service) waitingPickup(ctx context.Context, a *torg.Employee, id int64) (*torg.Pickup, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	k, err := s.db.R().Pickup(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if err := canSeePickup(a, k); err != nil {
		return nil, err
	}
	if k.State != torg.PickupWaiting {
		return nil, s.closedError(ctx, k)
	}
	return k, nil
}

// closedError says that a letter is no longer at the desk: when it was
// handed over or taken back (in the municipality's way of writing time),
// and by whom.
func (s *Service) closedError(ctx context.Context, k *torg.Pickup) error {
	key := "pickup.already_handed_over"
	if k.State == torg.PickupReturned {
		key = "pickup.already_returned"
	}
	when := k.Closed.UTC().Format("2006-01-02 15:04 UTC")
	if m, err := s.municipality(ctx, k.MunicipalityID); err == nil {
		if loc, err := loadLocation(m.TimeZone); err == nil {
			when = s.printer(m).In(loc).DateTime(k.Closed)
		}
	}
	return torg.Errorf(torg.ECONFLICT, key, "time", when, "name", k.ClosedByName)
}

// closeConflict turns a lost race with another handover or return into the
// message of what happened to the letter.
func (s *Service) closeConflict(ctx context.Context, a *torg.Employee, id int64, err error) error {
	if torg.ErrorCode(err) != torg.ECONFLICT {
		return err
	}
	k, rerr := s.db.R().Pickup(ctx, a.MunicipalityID, id)
	if rerr != nil || k.State == torg.PickupWaiting {
		return err
	}
	return s.closedError(ctx, k)
}

// checkNIN checks that a national ID number typed from an ID document is
// the person's.
func (s *Service) checkNIN(ctx context.Context, a *torg.Employee, p *torg.Person, raw string) error {
	if strings.TrimSpace(raw) == "" {
		return torg.FieldError("nin", "pickup.nin_required")
	}
	n, err := s.ParseNIN(ctx, a, raw)
	if err != nil {
		return err
	}
	if n.Digits != p.NIN {
		return torg.FieldError("nin", "pickup.nin_mismatch")
	}
	return nil
}

// fileHandover files the record of the handover on the case, closes the
// letter, stops its timer and ends the task it gave, inside tx.
func (s *Service) fileHandover(ctx context.Context, tx *store.Q, a *torg.Employee, k *torg.Pickup, person *torg.Person) error {
	now := s.now()
	p, err := s.localPrinter(ctx, a.MunicipalityID)
	if err != nil {
		return err
	}
	caseID := k.CaseID
	if caseID == 0 {
		u, err := tx.Unit(ctx, k.UnitID)
		if err != nil {
			return err
		}
		gc, err := s.generalCase(ctx, tx, u, now.Year())
		if err != nil {
			return err
		}
		caseID = gc.ID
	}
	rec := &torg.Record{MunicipalityID: a.MunicipalityID, CaseID: caseID, Type: torg.RecordInternal,
		Status: torg.RecordJournalled, Title: p.T("pickup.record_title"), Body: handoverBody(p, a, k, person, now),
		Correspondent: collectorLine(p, k), PersonID: k.PersonID, CreatedBy: a.ID}
	if err := tx.CreateRecord(ctx, rec, now); err != nil {
		return err
	}
	k.RecordID = rec.ID
	if err := tx.HandOverPickup(ctx, k, now); err != nil {
		return err
	}
	if err := s.endPickupFollowUp(ctx, tx, k, now, true); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, "pickup.handover", obj("pickup", k.ID), k.PersonID, obj("record", rec.ID))
}

// endPickupFollowUp stops the timer of the letter's pickup time and ends
// the task it gave. When the letter left the desk (left), the case's step
// of keeping it ends too, if no other letter of the case waits.
func (s *Service) endPickupFollowUp(ctx context.Context, tx *store.Q, k *torg.Pickup, now time.Time, left bool) error {
	if _, err := tx.CancelTimer(ctx, pickupTimerKey(k), now); err != nil {
		return err
	}
	if k.TaskID != 0 {
		if err := tx.CompleteTask(ctx, k.TaskID, now); err != nil {
			return err
		}
	}
	if !left {
		return nil
	}
	return s.endHeldStep(ctx, tx, k, now)
}

// collectorLine names who collected a letter, as the record's correspondent.
func collectorLine(p *i18n.Printer, k *torg.Pickup) string {
	if k.Collector == torg.FromAgency {
		return p.T("pickup.collector_agency", "name", k.CollectorName, "agency", k.AgencyName)
	}
	return k.CollectorName
}

// handoverBody writes the record of a handover: the letter, who collected
// it, the ID document shown, who checked it and when.
func handoverBody(p *i18n.Printer, a *torg.Employee, k *torg.Pickup, person *torg.Person, now time.Time) string {
	var b strings.Builder
	line := func(key string, args ...any) { b.WriteString(p.T(key, args...) + "\n") }
	line("pickup.body_letter", "number", k.Number(), "description", orDash(k.Description))
	line("pickup.body_for", "name", person.Name())
	line("pickup.body_collected", "who", collectorLine(p, k))
	if k.Collector == torg.FromAgency {
		line("pickup.body_agreement", "agreement", k.Agreement)
	}
	id := p.T("pickup.id_" + k.IDDocument)
	if k.IDDetail != "" {
		id += " (" + k.IDDetail + ")"
	}
	line("pickup.body_id", "document", id, "name", a.Name, "time", p.DateTime(now))
	line("pickup.body_agreed", "time", p.DateTime(k.PickupBy), "location", k.Location)
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// ReturnPickup records that the service took a waiting letter back from
// the desk, for instance to post it, with the reason; the letter's timer
// and task end.
func (s *Service) ReturnPickup(ctx context.Context, a *torg.Employee, id int64, reason string) (*PickupView, error) {
	k, err := s.waitingPickup(ctx, a, id)
	if err != nil {
		return nil, err
	}
	k.ClosedBy, k.CloseNote = a.ID, trimText(reason)
	if len(k.CloseNote) > 1000 {
		return nil, torg.FieldError("reason", "pickup.too_long", "max", 1000)
	}
	err = s.db.Write(ctx, func(tx *store.Q) error {
		now := s.now()
		if err := tx.ReturnPickup(ctx, k, now); err != nil {
			return err
		}
		if err := s.endPickupFollowUp(ctx, tx, k, now, true); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "pickup.return", obj("pickup", k.ID), k.PersonID, "")
	})
	if err != nil {
		return nil, s.closeConflict(ctx, a, id, err)
	}
	return s.reread(ctx, a, id)
}

// ReschedulePickup agrees a new pickup time for a waiting letter: the old
// time's timer stops, its task (if it gave one) ends, and a new timer is set.
func (s *Service) ReschedulePickup(ctx context.Context, a *torg.Employee, id int64, date, clock string) (*PickupView, error) {
	k, err := s.waitingPickup(ctx, a, id)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	old := *k
	if k.PickupBy, err = pickupTime(m, PickupInput{Date: date, Time: clock}); err != nil {
		return nil, err
	}
	if err := k.Validate(s.now()); err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(tx *store.Q) error {
		now := s.now()
		if err := tx.ReschedulePickup(ctx, k.ID, k.PickupBy); err != nil {
			return err
		}
		if err := s.endPickupFollowUp(ctx, tx, &old, now, false); err != nil {
			return err
		}
		if err := setPickupTimer(ctx, tx, k, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "pickup.reschedule", obj("pickup", k.ID), k.PersonID, "")
	})
	if err != nil {
		return nil, s.closeConflict(ctx, a, id, err)
	}
	return s.reread(ctx, a, id)
}

// FirePickupTimer handles the timer of a letter's agreed pickup time: a
// letter still waiting then gives its responsible employee a task to
// follow it up. A letter collected, taken back or given a new time before
// gives none.
func (s *Service) FirePickupTimer(ctx context.Context, tx *store.Q, t store.Timer) error {
	var pl pickupPayload
	if err := json.Unmarshal(t.Payload, &pl); err != nil {
		return fmt.Errorf("casework: timer %s: %w", t.Key, err)
	}
	k, err := tx.Pickup(ctx, t.MunicipalityID, pl.Pickup)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if k.State != torg.PickupWaiting || k.TaskID != 0 || pickupTimerKey(k) != t.Key {
		return nil
	}
	m, err := s.municipality(ctx, k.MunicipalityID)
	if err != nil {
		return err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return err
	}
	p := s.printer(m).In(loc)
	name := k.PersonName
	if k.Protection != torg.ProtectionNone {
		name = p.T("task.protected_person") // the task may be on a shared list (DC1.3)
	}
	task := &torg.Task{MunicipalityID: k.MunicipalityID, UnitID: k.UnitID, CaseID: k.CaseID,
		AssigneeID: s.pickupAssignee(ctx, tx, k), Title: p.T("pickup.task_title", "name", name, "number", k.Number()),
		Detail: p.T("pickup.task_detail", "time", p.DateTime(k.PickupBy), "location", k.Location),
		Due:    torg.DateOf(s.now().In(loc))}
	if err := tx.CreateTask(ctx, task, s.now()); err != nil {
		return err
	}
	return tx.SetPickupTask(ctx, k.ID, task.ID)
}

// pickupAssignee is the responsible employee while they are active in the
// letter's service; otherwise the task goes to the service's shared list.
func (s *Service) pickupAssignee(ctx context.Context, tx *store.Q, k *torg.Pickup) int64 {
	e, err := tx.Employee(ctx, k.ResponsibleID)
	if err != nil || !e.Active || !e.InUnit(k.UnitID) {
		return 0
	}
	return e.ID
}
