package casework_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/scheduler"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// pickupFixture is the casetest municipality with a scheduler that fires
// the pickups' timers.
type pickupFixture struct {
	*casetest.Fixture
	sched *scheduler.Scheduler
	keys  int
}

func newPickupFixture(t *testing.T, db *store.DB) *pickupFixture {
	f := casetest.New(t, db)
	return &pickupFixture{Fixture: f, sched: &scheduler.Scheduler{DB: db, Clock: f.Clock,
		Handle: scheduler.Kinds{casework.PickupTimerKind: f.Svc.FirePickupTimer}.Handle}}
}

// kari is a letter for Kari on her case, to be picked up by herself the
// next day at 14:00.
func (f *pickupFixture) kari() casework.PickupInput {
	f.keys++
	return casework.PickupInput{RequestKey: fmt.Sprintf("pickup-%d", f.keys), PersonID: f.Kari.ID, CaseID: f.KariCase.ID,
		Recipient: torg.FromCitizen, Description: "Svar på søknad om gjeldsrådgivning", Date: "24.11.2026", Time: "14:00"}
}

func (f *pickupFixture) register(t *testing.T, as *torg.Employee, in casework.PickupInput) *torg.Pickup {
	t.Helper()
	k, dup, err := f.Svc.RegisterPickup(ctx, as, in)
	if err != nil || dup {
		t.Fatalf("register: %v (dup %v)", err, dup)
	}
	return k
}

func (f *pickupFixture) tick(t *testing.T) {
	t.Helper()
	if _, err := f.sched.Tick(ctx); err != nil {
		t.Fatal(err)
	}
}

func passport() casework.HandoverInput {
	return casework.HandoverInput{Handover: torg.Handover{Collector: torg.FromCitizen, IDDocument: torg.IDPassport, IDChecked: true}}
}

func wantErr(t *testing.T, err error, code, key, field string) {
	t.Helper()
	e := torg.AsError(err)
	if e == nil || e.Code != code || e.Key != key || e.Field != field {
		t.Errorf("err = %v, want %s %s on %q", err, code, key, field)
	}
}

// TestPickups runs each FD3 test on a fresh municipality of its own: the
// tests move the clock and fire timers.
func TestPickups(t *testing.T) {
	tests := []struct {
		name string
		fn   func(*testing.T, *pickupFixture)
	}{
		{"FD3.3 a letter is marked with date, time, responsible, recipient and pickup time", testPickupMarked},
		{"FD3.2 letters are kept at the main desk, on the desk's list", testPickupDeskList},
		{"FD3.1 the citizen picks up with ID, the handover filed on the case", testPickupCitizen},
		{"FD3.1 a partner agency picks up only by agreement", testPickupAgency},
		{"FD3 a letter not collected in time is a task for the responsible", testPickupOverdue},
		{"FD3 a new pickup time, or the letter taken back", testPickupRescheduleReturn},
		{"FD3.2 FD3.3 the case's routine keeps the letters at the desk", testPickupRoutine},
		{"FD3 bad input", testPickupBadInput},
		{"FD3 DC1.3 kode 6: registered and handed over without the address or the name", testPickupProtected},
	}
	for dialect, base := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) { tc.fn(t, newPickupFixture(t, storetest.Open(t, dialect, base))) })
			}
		})
	}
}

func testPickupMarked(t *testing.T, f *pickupFixture) {
	k := f.register(t, f.FrontDesk, f.kari())
	want := time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC) // 14:00 in Oslo
	if !k.PickupBy.Equal(want) || !k.Created.Equal(casetest.Now) || k.ResponsibleID != f.EG.ID ||
		k.UnitID != f.Debt.ID || k.Recipient != torg.FromCitizen || k.State != torg.PickupWaiting {
		t.Errorf("registered %+v", k)
	}
	v, err := f.Svc.Pickup(ctx, f.FrontDesk, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.PersonName != "Kari Nordmann" || v.ResponsibleName != "Eva Gran" || v.CaseNumber != f.KariCase.Number() ||
		v.Number() != fmt.Sprintf("H-%d", k.ID) || v.NameHidden {
		t.Errorf("view %+v", v.Pickup)
	}
	// Without a case the responsible is chosen by service.
	in := f.kari()
	in.CaseID, in.UnitID, in.ResponsibleID = 0, f.Debt.ID, f.KH.ID
	k2 := f.register(t, f.FrontDesk, in)
	if k2.CaseID != 0 || k2.ResponsibleID != f.KH.ID {
		t.Errorf("without a case: %+v", k2)
	}
	if !hasAuditBy(t, f.Fixture, f.Kari.ID, "pickup.register", f.FrontDesk.ID) ||
		!hasAuditBy(t, f.Fixture, f.Kari.ID, "pickup.read", f.FrontDesk.ID) {
		t.Errorf("the registration and the read are not audited")
	}
}

func testPickupDeskList(t *testing.T, f *pickupFixture) {
	later := f.register(t, f.EG, f.kari())
	if later.Location != "Hovedskranken" {
		t.Errorf("location %q, want the main desk by default", later.Location)
	}
	in := f.kari()
	in.Time, in.Location = "10:00", "Hovedskranken, hylle 3"
	sooner := f.register(t, f.FrontDesk, in)
	l, err := f.Svc.Pickups(ctx, f.FrontDesk, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Waiting) != 2 || l.Waiting[0].ID != sooner.ID || l.Overdue != 0 {
		t.Fatalf("desk list %v", l.Waiting)
	}
	// At 12:00 the next day the 10:00 letter is overdue; overdue come first.
	f.Clock.T = time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC)
	l, _ = f.Svc.Pickups(ctx, f.FrontDesk, 0)
	if l.Overdue != 1 || !l.Waiting[0].Overdue || l.Waiting[1].Overdue {
		t.Errorf("overdue %d, list %v", l.Overdue, l.Waiting)
	}
	for _, c := range []struct {
		who  *torg.Employee
		want int
	}{{f.EG, 2}, {f.KH, 2}, {f.Leader, 2}, {f.Outsider, 0}} {
		l, err := f.Svc.Pickups(ctx, c.who, 0)
		if err != nil || len(l.Waiting) != c.want {
			t.Errorf("%s sees %d letters (%v), want %d", c.who.Username, len(l.Waiting), err, c.want)
		}
	}
	if _, err := f.Svc.Pickup(ctx, f.Outsider, sooner.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
		t.Errorf("another service's employee reads a letter: %v", err)
	}
	if _, err := f.Svc.Pickups(ctx, f.Admin, 0); torg.ErrorCode(err) != torg.EFORBIDDEN {
		t.Errorf("the administrator reads the list: %v", err)
	}
	l, _ = f.Svc.Pickups(ctx, f.FrontDesk, f.Confidential.ID)
	if len(l.Waiting) != 0 || l.Person == nil {
		t.Errorf("another person's list: %+v", l)
	}
}

func testPickupCitizen(t *testing.T, f *pickupFixture) {
	k := f.register(t, f.FrontDesk, f.kari())
	f.Clock.T = f.Clock.T.Add(3 * time.Hour)
	got, err := f.Svc.HandOver(ctx, f.FrontDesk, k.ID, passport())
	if err != nil {
		t.Fatal(err)
	}
	if got.State != torg.PickupHandedOver || got.Collector != torg.FromCitizen || got.CollectorName != "Kari Nordmann" ||
		got.IDDocument != torg.IDPassport || got.ClosedBy != f.FrontDesk.ID || !got.Closed.Equal(f.Clock.T) || got.RecordID == 0 {
		t.Errorf("handed over %+v", got)
	}
	v, err := f.Svc.Case(ctx, f.EG, f.KariCase.ID)
	if err != nil {
		t.Fatal(err)
	}
	var rec *torg.Record
	for _, r := range v.Records {
		if r.ID == got.RecordID {
			rec = r
		}
	}
	if rec == nil {
		t.Fatalf("the handover record is not on the case")
	}
	for _, want := range []string{"Pass", "Frida Skranke", "23.11.2026 12:00", "Kari Nordmann", "Svar på søknad", "Hovedskranken"} {
		if !strings.Contains(rec.Body, want) {
			t.Errorf("record body lacks %q:\n%s", want, rec.Body)
		}
	}
	if rec.Title != "Brev utlevert i skranken" || rec.Type != torg.RecordInternal || rec.PersonID != f.Kari.ID {
		t.Errorf("record %+v", rec)
	}
	// The timer is stopped: the pickup time passes without a task.
	f.Clock.T = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	f.tick(t)
	if tasks, _ := f.Svc.WorkList(ctx, f.EG); len(tasks) != 0 {
		t.Errorf("a collected letter gave tasks: %v", fmtAll(tasks))
	}
	l, _ := f.Svc.Pickups(ctx, f.FrontDesk, 0)
	if len(l.Waiting) != 0 || len(l.Recent) != 1 || l.Recent[0].State != torg.PickupHandedOver {
		t.Errorf("after the handover: waiting %v, recent %v", l.Waiting, l.Recent)
	}
}

func testPickupAgency(t *testing.T, f *pickupFixture) {
	in := f.kari()
	in.Recipient, in.AgencyName = torg.FromAgency, "NAV Torgvik"
	_, _, err := f.Svc.RegisterPickup(ctx, f.FrontDesk, in)
	wantErr(t, err, torg.EINVALID, "pickup.agreement_required", "agreement")
	in.Agreement = "Samtykke fra Kari 20.11.2026, journalført i saken"
	k := f.register(t, f.FrontDesk, in)

	h := casework.HandoverInput{Handover: torg.Handover{Collector: torg.FromAgency, IDDocument: torg.IDDrivingLicence, IDChecked: true}}
	_, err = f.Svc.HandOver(ctx, f.FrontDesk, k.ID, h)
	wantErr(t, err, torg.EINVALID, "pickup.collector_name_required", "collector_name")
	h.CollectorName = "Nils Veileder"
	got, err := f.Svc.HandOver(ctx, f.FrontDesk, k.ID, h)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.DB.R().Record(ctx, f.Muni.ID, got.RecordID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rec.Body, "Samtykke fra Kari") || !strings.Contains(rec.Body, "Førerkort") ||
		rec.Correspondent != "Nils Veileder for NAV Torgvik" {
		t.Errorf("agency handover record %q:\n%s", rec.Correspondent, rec.Body)
	}

	// A letter registered for the citizen: no agreement, no agency.
	k2 := f.register(t, f.FrontDesk, f.kari())
	h.CollectorName = "Nils Veileder"
	_, err = f.Svc.HandOver(ctx, f.FrontDesk, k2.ID, h)
	wantErr(t, err, torg.EINVALID, "pickup.agency_no_agreement", "collector")
	// The citizen may always collect her own letter, even one left for the agency.
	in.RequestKey = "agency-2"
	k3 := f.register(t, f.FrontDesk, in)
	if _, err := f.Svc.HandOver(ctx, f.FrontDesk, k3.ID, passport()); err != nil {
		t.Errorf("the citizen collects a letter left for her agency: %v", err)
	}
}

func testPickupOverdue(t *testing.T, f *pickupFixture) {
	k := f.register(t, f.FrontDesk, f.kari())
	f.Clock.T = time.Date(2026, 11, 24, 12, 59, 0, 0, time.UTC)
	f.tick(t)
	if tasks, _ := f.Svc.WorkList(ctx, f.EG); len(tasks) != 0 {
		t.Fatalf("a task before the pickup time: %v", fmtAll(tasks))
	}
	f.Clock.T = time.Date(2026, 11, 24, 13, 1, 0, 0, time.UTC)
	f.tick(t)
	f.tick(t) // fires once
	tasks, err := f.Svc.WorkList(ctx, f.EG)
	if err != nil || len(tasks) != 1 {
		t.Fatalf("work list %v, %v", fmtAll(tasks), err)
	}
	task := tasks[0]
	want := fmt.Sprintf("Brev ikke hentet: Kari Nordmann (H-%d)", k.ID)
	if task.Title != want || task.CaseID != f.KariCase.ID || task.Due != torg.DateOf(f.Clock.T) ||
		!strings.Contains(task.Detail, "24.11.2026 14:00") || !strings.Contains(task.Detail, "Hovedskranken") {
		t.Errorf("task %q (%q) due %v, want %q", task.Title, task.Detail, task.Due, want)
	}
	if others, _ := f.Svc.WorkList(ctx, f.KH); len(others) != 0 {
		t.Errorf("another counsellor got %v", fmtAll(others))
	}
	// Collected late: the task is done.
	if _, err := f.Svc.HandOver(ctx, f.FrontDesk, k.ID, passport()); err != nil {
		t.Fatal(err)
	}
	if tasks, _ := f.Svc.WorkList(ctx, f.EG); len(tasks) != 0 {
		t.Errorf("the task stays after the handover: %v", fmtAll(tasks))
	}
}

func testPickupRescheduleReturn(t *testing.T, f *pickupFixture) {
	k := f.register(t, f.FrontDesk, f.kari())
	f.Clock.T = time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC)
	f.tick(t)
	if tasks, _ := f.Svc.WorkList(ctx, f.EG); len(tasks) != 1 {
		t.Fatalf("no task after the pickup time: %v", fmtAll(tasks))
	}
	// Kari called: she comes on Thursday instead.
	_, err := f.Svc.ReschedulePickup(ctx, f.EG, k.ID, "24.11.2026", "12:00")
	wantErr(t, err, torg.EINVALID, "pickup.time_past", "pickup_date")
	got, err := f.Svc.ReschedulePickup(ctx, f.EG, k.ID, "26.11.2026", "12:00")
	if err != nil {
		t.Fatal(err)
	}
	if got.TaskID != 0 || !got.PickupBy.Equal(time.Date(2026, 11, 26, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("rescheduled %+v", got)
	}
	if tasks, _ := f.Svc.WorkList(ctx, f.EG); len(tasks) != 0 {
		t.Errorf("the old time's task stays: %v", fmtAll(tasks))
	}
	f.Clock.T = time.Date(2026, 11, 26, 11, 30, 0, 0, time.UTC)
	f.tick(t)
	if tasks, _ := f.Svc.WorkList(ctx, f.EG); len(tasks) != 1 {
		t.Fatalf("no task after the new pickup time: %v", fmtAll(tasks))
	}
	// She did not come: the letter goes in the post.
	got, err = f.Svc.ReturnPickup(ctx, f.EG, k.ID, "Sendt i posten")
	if err != nil || got.State != torg.PickupReturned || got.CloseNote != "Sendt i posten" {
		t.Fatalf("returned %+v, %v", got, err)
	}
	if tasks, _ := f.Svc.WorkList(ctx, f.EG); len(tasks) != 0 {
		t.Errorf("the task stays after the return: %v", fmtAll(tasks))
	}
	_, err = f.Svc.HandOver(ctx, f.FrontDesk, k.ID, passport())
	wantErr(t, err, torg.ECONFLICT, "pickup.already_returned", "")
	_, err = f.Svc.ReturnPickup(ctx, f.EG, k.ID, "")
	wantErr(t, err, torg.ECONFLICT, "pickup.already_returned", "")
}

func testPickupBadInput(t *testing.T, f *pickupFixture) {
	cases := []struct {
		name       string
		edit       func(*casework.PickupInput)
		key, field string
	}{
		{"pickup time in the past", func(in *casework.PickupInput) { in.Date, in.Time = "23.11.2026", "08:00" },
			"pickup.time_past", "pickup_date"},
		{"pickup time missing", func(in *casework.PickupInput) { in.Date = "" }, "pickup.time_required", "pickup_date"},
		{"no such date", func(in *casework.PickupInput) { in.Date = "31.11.2026" }, "pickup.date_invalid", "pickup_date"},
		{"no such time", func(in *casework.PickupInput) { in.Time = "25:00" }, "pickup.clock_invalid", "pickup_time"},
		{"more than 90 days ahead", func(in *casework.PickupInput) { in.Date = "01.06.2027" }, "pickup.time_too_far", "pickup_date"},
		{"unknown person", func(in *casework.PickupInput) { in.PersonID = 999999 }, "pickup.person_required", "person"},
		{"another person's case", func(in *casework.PickupInput) { in.PersonID = f.Confidential.ID }, "pickup.case_invalid", "case"},
		{"no responsible without a case", func(in *casework.PickupInput) { in.CaseID, in.UnitID = 0, f.Debt.ID },
			"pickup.responsible_required", "responsible"},
		{"a responsible from another service", func(in *casework.PickupInput) {
			in.CaseID, in.UnitID, in.ResponsibleID = 0, f.Debt.ID, f.Outsider.ID
		}, "pickup.responsible_invalid", "responsible"},
		{"an unknown recipient", func(in *casework.PickupInput) { in.Recipient = "neighbour" }, "pickup.recipient_invalid", "recipient"},
		{"no place", func(in *casework.PickupInput) { in.Location = "   " }, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := f.kari()
			c.edit(&in)
			k, _, err := f.Svc.RegisterPickup(ctx, f.FrontDesk, in)
			if c.key == "" { // blank location: the main desk
				if err != nil || k.Location != "Hovedskranken" {
					t.Errorf("blank location: %+v, %v", k, err)
				}
				return
			}
			wantErr(t, err, torg.EINVALID, c.key, c.field)
		})
	}
	t.Run("a counsellor registers for another service", func(t *testing.T) {
		in := f.kari()
		in.CaseID, in.UnitID, in.ResponsibleID = 0, f.Other.ID, f.Outsider.ID
		_, _, err := f.Svc.RegisterPickup(ctx, f.EG, in)
		wantErr(t, err, torg.EINVALID, "pickup.responsible_invalid", "responsible")
		if _, _, err := f.Svc.RegisterPickup(ctx, f.Admin, f.kari()); torg.ErrorCode(err) != torg.EFORBIDDEN {
			t.Errorf("the administrator registers a letter: %v", err)
		}
	})
	t.Run("double submit registers one letter", func(t *testing.T) {
		in := f.kari()
		k1, dup1, err1 := f.Svc.RegisterPickup(ctx, f.FrontDesk, in)
		k2, dup2, err2 := f.Svc.RegisterPickup(ctx, f.FrontDesk, in)
		if err1 != nil || err2 != nil || dup1 || !dup2 || k1.ID != k2.ID {
			t.Errorf("twice: %v %v %v %v %d %d", err1, err2, dup1, dup2, k1.ID, k2.ID)
		}
		l, _ := f.Svc.Pickups(ctx, f.FrontDesk, f.Kari.ID)
		n := 0
		for _, v := range l.Waiting {
			if v.RequestKey == in.RequestKey {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d letters with one request key", n)
		}
		// Another employee's key is not theirs: a new letter.
		k3, dup3, err := f.Svc.RegisterPickup(ctx, f.EG, in)
		if err == nil && (dup3 || k3.ID == k1.ID) {
			t.Errorf("another employee got the first letter back")
		}
	})
	t.Run("handing over twice", func(t *testing.T) {
		k := f.register(t, f.FrontDesk, f.kari())
		if _, err := f.Svc.HandOver(ctx, f.FrontDesk, k.ID, passport()); err != nil {
			t.Fatal(err)
		}
		_, err := f.Svc.HandOver(ctx, f.EG, k.ID, passport())
		wantErr(t, err, torg.ECONFLICT, "pickup.already_handed_over", "")
		if e := torg.AsError(err); e != nil && fmt.Sprint(e.Args) != "[time 23.11.2026 09:00 name Frida Skranke]" {
			t.Errorf("the message does not say when and by whom: %v", e.Args)
		}
		recs := 0
		v, _ := f.Svc.Case(ctx, f.EG, f.KariCase.ID)
		for _, r := range v.Records {
			if r.Title == "Brev utlevert i skranken" {
				recs++
			}
		}
		if recs != 1 {
			t.Errorf("%d handover records, want 1", recs)
		}
	})
	t.Run("a handover without the ID checked", func(t *testing.T) {
		k := f.register(t, f.FrontDesk, f.kari())
		for _, c := range []struct {
			edit       func(*casework.HandoverInput)
			key, field string
		}{
			{func(h *casework.HandoverInput) { h.IDChecked = false }, "pickup.id_not_checked", "id_checked"},
			{func(h *casework.HandoverInput) { h.IDDocument = "" }, "pickup.id_document_required", "id_document"},
			{func(h *casework.HandoverInput) { h.IDDocument = "library_card" }, "pickup.id_document_required", "id_document"},
			{func(h *casework.HandoverInput) { h.IDDocument = torg.IDOther }, "pickup.id_detail_required", "id_detail"},
			{func(h *casework.HandoverInput) { h.Collector = "" }, "pickup.collector_invalid", "collector"},
		} {
			h := passport()
			c.edit(&h)
			_, err := f.Svc.HandOver(ctx, f.FrontDesk, k.ID, h)
			wantErr(t, err, torg.EINVALID, c.key, c.field)
		}
		h := passport()
		h.IDDocument, h.IDDetail = torg.IDOther, "Oppholdskort"
		got, err := f.Svc.HandOver(ctx, f.FrontDesk, k.ID, h)
		if err != nil || got.IDDetail != "Oppholdskort" {
			t.Errorf("other ID: %+v, %v", got, err)
		}
		if _, err := f.Svc.HandOver(ctx, f.Outsider, k.ID, passport()); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("another service's employee: %v", err)
		}
		if _, err := f.Svc.HandOver(ctx, f.FrontDesk, 999999, passport()); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("no such letter: %v", err)
		}
	})
}

func testPickupProtected(t *testing.T, f *pickupFixture) {
	in := casework.PickupInput{RequestKey: "protected", PersonID: f.Protected.ID, UnitID: f.Debt.ID, ResponsibleID: f.EG.ID,
		Recipient: torg.FromCitizen, Description: "Vedtak", Date: "24.11.2026", Time: "14:00"}
	form, err := f.Svc.NewPickupForm(ctx, f.FrontDesk, f.Protected.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !form.Person.AddressHidden || form.Person.Address != "" {
		t.Errorf("the desk's form shows the address: %+v", form.Person)
	}
	k := f.register(t, f.FrontDesk, in)
	v, err := f.Svc.Pickup(ctx, f.FrontDesk, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := f.Svc.Pickups(ctx, f.FrontDesk, 0)
	for _, shown := range []string{fmtAll(v), fmtAll(l.Waiting[0])} {
		for _, secret := range []string{"Postboks", "SOT6", "Skjult"} {
			if strings.Contains(shown, secret) {
				t.Errorf("the desk sees %q: %s", secret, shown)
			}
		}
	}
	if !v.NameHidden || !l.Waiting[0].NameHidden {
		t.Errorf("the name is not hidden from the desk without clearance")
	}
	if lv, _ := f.Svc.Pickup(ctx, f.Leader, k.ID); lv.NameHidden || lv.PersonName != "Sara Skjult" {
		t.Errorf("the cleared leader does not see the name: %+v", lv.Pickup)
	}

	// Uncollected: the task does not name her.
	f.Clock.T = time.Date(2026, 11, 24, 13, 30, 0, 0, time.UTC)
	f.tick(t)
	tasks, _ := f.Svc.WorkList(ctx, f.EG)
	if len(tasks) != 1 || strings.Contains(tasks[0].Title, "Sara") || strings.Contains(tasks[0].Detail, "Postboks") {
		t.Errorf("task %v", fmtAll(tasks))
	}

	// She comes with her passport: the desk types its national ID number.
	_, err = f.Svc.HandOver(ctx, f.FrontDesk, k.ID, passport())
	wantErr(t, err, torg.EINVALID, "pickup.nin_required", "nin")
	h := passport()
	h.NIN = casetest.KariNIN
	_, err = f.Svc.HandOver(ctx, f.FrontDesk, k.ID, h)
	wantErr(t, err, torg.EINVALID, "pickup.nin_mismatch", "nin")
	h.NIN = "018190 40180"
	got, err := f.Svc.HandOver(ctx, f.FrontDesk, k.ID, h)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.DB.R().Record(ctx, f.Muni.ID, got.RecordID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rec.Body, "Postboks") || strings.Contains(rec.Body, casetest.ProtectedNIN) {
		t.Errorf("the record holds the address or the number:\n%s", rec.Body)
	}
	if tasks, _ := f.Svc.WorkList(ctx, f.EG); len(tasks) != 0 {
		t.Errorf("the task stays: %v", fmtAll(tasks))
	}
	if v, _ := f.Svc.Pickup(ctx, f.FrontDesk, k.ID); v.CollectorName != "" {
		t.Errorf("the desk sees who collected: %q", v.CollectorName)
	}
}

func testPickupRoutine(t *testing.T, f *pickupFixture) {
	c := startDebtCase(t, f.Fixture, casetest.Now)
	held := func() []*torg.Task {
		t.Helper()
		ts, err := f.DB.R().CaseTasks(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []*torg.Task
		for _, task := range ts {
			if task.Step == "FD3.2" {
				out = append(out, task)
			}
		}
		return out
	}
	in := f.kari()
	in.CaseID, in.Recipient, in.AgencyName, in.Agreement = c.ID, torg.FromAgency, "NAV Torgvik", "Samtykke 20.11.2026"
	first := f.register(t, f.FrontDesk, in)
	second := f.register(t, f.FrontDesk, f.kari()) // on the fixture's other case of Kari's
	in = f.kari()
	in.CaseID = c.ID
	third := f.register(t, f.FrontDesk, in)

	// FD3.3: the case's journal holds the letter with its marks.
	v, err := f.Svc.Case(ctx, f.EG, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var recs []*torg.Record
	for _, r := range v.Records {
		if r.Title == "Brev lagt til henting i skranken" {
			recs = append(recs, r)
		}
	}
	if len(recs) != 2 {
		t.Fatalf("%d records of letters held, want 2", len(recs))
	}
	for _, want := range []string{fmt.Sprintf("H-%d", first.ID), "Kari Nordmann", "NAV Torgvik", "Samtykke 20.11.2026",
		"Eva Gran", "24.11.2026 14:00", "Hovedskranken"} {
		if !strings.Contains(recs[0].Body+recs[1].Body, want) {
			t.Errorf("the records lack %q:\n%s\n%s", want, recs[0].Body, recs[1].Body)
		}
	}
	// FD3.2: the desk keeps the letters, a step of the case's routine.
	ts := held()
	if len(ts) != 1 || ts[0].IsDone() || ts[0].UnitID != f.Desk.ID {
		t.Fatalf("FD3.2 tasks %v, want one open on the desk's list", fmtAll(ts))
	}
	if _, err := f.Svc.HandOver(ctx, f.FrontDesk, first.ID, casework.HandoverInput{Handover: torg.Handover{
		Collector: torg.FromAgency, CollectorName: "Nils Veileder", IDDocument: torg.IDPassport, IDChecked: true}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.HandOver(ctx, f.FrontDesk, second.ID, passport()); err != nil {
		t.Fatal(err)
	}
	if ts := held(); ts[0].IsDone() {
		t.Error("FD3.2 is done while a letter of the case still waits")
	}
	if _, err := f.Svc.ReturnPickup(ctx, f.EG, third.ID, "Sendes i posten"); err != nil {
		t.Fatal(err)
	}
	if ts := held(); len(ts) != 1 || !ts[0].IsDone() {
		t.Errorf("FD3.2 tasks after the last letter left: %v, want the one done", fmtAll(ts))
	}
}
