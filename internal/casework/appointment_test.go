package casework_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func upcoming(t *testing.T, f *casetest.Fixture, caseID int64) string {
	t.Helper()
	rs, err := f.Svc.CaseRoutines(ctx, f.EG, caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		for _, u := range r.Upcoming {
			out = append(out, u.String())
		}
	}
	return strings.Join(out, "\n")
}

var apptIn = casework.AppointmentInput{Date: "2026-11-26", Start: "10:00", End: "11:00",
	Place: "Rådhuset, rom 2; 1. etg", WithAgency: "NAV", Interpreter: "arabisk"}

func TestAppointments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, f.Clock.Now())
		var ap *torg.Appointment
		t.Run("DC4.2 the appointment is booked from the case", func(t *testing.T) {
			var err error
			if ap, err = f.Svc.BookAppointment(ctx, f.EG, c.ID, apptIn); err != nil {
				t.Fatal(err)
			}
			list, err := f.Svc.CaseAppointments(ctx, f.EG, c.ID)
			if err != nil || len(list) != 1 || list[0].CounsellorID != f.EG.ID || list[0].Status != torg.AppointmentBooked ||
				!list[0].Start.Equal(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)) {
				t.Fatalf("appointments %+v (%v)", list, err)
			}
			if _, err := f.Svc.BookAppointment(ctx, f.Outsider, c.ID, apptIn); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("outsider booked: %v", err)
			}
			bad := apptIn
			bad.Date = "2026-11-01"
			if _, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, bad); torg.ErrorCode(err) != torg.EINVALID {
				t.Errorf("past appointment: %v", err)
			}
			bad = apptIn
			bad.End = "09:00"
			if _, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, bad); torg.ErrorCode(err) != torg.EINVALID {
				t.Errorf("end before start: %v", err)
			}
			bad = apptIn
			bad.Place = " "
			if _, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, bad); torg.ErrorCode(err) != torg.EINVALID {
				t.Errorf("no place: %v", err)
			}
		})
		if ap == nil {
			t.FailNow()
		}
		t.Run("DC4.3 booking sends the SMS confirmation", func(t *testing.T) {
			var msgs []store.OutboxMessage
			err := db.Write(ctx, func(q *store.Q) (err error) {
				msgs, err = q.ClaimOutbox(ctx, "test", f.Clock.Now(), time.Minute, 50)
				return err
			})
			var sms []store.OutboxMessage
			for _, m := range msgs {
				if m.Channel == store.ChannelSMS && m.CaseID == c.ID {
					sms = append(sms, m)
				}
			}
			if err != nil || len(sms) != 1 || sms[0].Recipient != f.Kari.Phone || f.Kari.Phone == "" {
				t.Fatalf("SMS %+v (%v), want one to %q", sms, err, f.Kari.Phone)
			}
			for _, want := range []string{"torsdag 26. november 2026", "kl. 10.00", "Rådhuset, rom 2; 1. etg"} {
				if !strings.Contains(sms[0].Body, want) {
					t.Errorf("the SMS does not tell the meeting's %q: %q", want, sms[0].Body)
				}
			}
			if !strings.Contains(upcoming(t, f, c.ID), "DC4.12") {
				t.Errorf("DC4.12: no reminder ahead:\n%s", upcoming(t, f, c.ID))
			}
		})
		t.Run("DC4.5 the confirmation is filed on the case", func(t *testing.T) {
			v, err := f.Svc.Case(ctx, f.EG, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var rec *torg.Record
			for _, r := range v.Records {
				if r.Title == "Møtebekreftelse" {
					rec = r
				}
			}
			if rec == nil || rec.Type != torg.RecordInternal || !strings.Contains(rec.Body, "2026-11-26") ||
				!strings.Contains(rec.Body, "10:00") || !strings.Contains(rec.Body, "Rådhuset") || !strings.Contains(rec.Body, "arabisk") {
				t.Errorf("confirmation %+v", rec)
			}
			if len(v.Appointments) != 1 {
				t.Errorf("case view has %d appointments", len(v.Appointments))
			}
		})
		t.Run("the iCalendar feed", func(t *testing.T) {
			path, err := f.Svc.FeedURL(ctx, f.EG)
			if err != nil || !strings.HasPrefix(path, "/calendar/") || !strings.HasSuffix(path, ".ics") {
				t.Fatalf("feed URL %q (%v)", path, err)
			}
			token := strings.TrimSuffix(strings.TrimPrefix(path, "/calendar/"), ".ics")
			data, err := f.Svc.CalendarFeed(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			checkICal(t, data)
			s := string(data)
			for _, want := range []string{"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "BEGIN:VEVENT\r\n", "DTSTAMP:20261123T080000Z\r\n",
				"DTSTART:20261126T090000Z\r\n", "DTEND:20261126T100000Z\r\n", "SUMMARY:Gjeldsrådgivning – " + c.Number(),
				`LOCATION:Rådhuset\, rom 2\; 1. etg`, "UID:appointment-", "END:VCALENDAR\r\n"} {
				if !strings.Contains(s, want) {
					t.Errorf("feed lacks %q:\n%s", want, s)
				}
			}
			if strings.Contains(s, f.Kari.NIN) || strings.Contains(s, "Kari") {
				t.Error("the feed names the citizen")
			}
			if _, err := f.Svc.CalendarFeed(ctx, strings.Repeat("0", 64)); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("unknown token: %v", err)
			}
			if again, _ := f.Svc.FeedURL(ctx, f.EG); again == path {
				t.Error("a new feed URL is the same as the old one")
			} else if _, err := f.Svc.CalendarFeed(ctx, token); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("the old token still works: %v", err)
			}
		})
		t.Run("DC9.5 a missed meeting starts the inactivity routine", func(t *testing.T) {
			before := upcoming(t, f, c.ID)
			f.Clock.T = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
			if _, err := f.Svc.MarkAppointment(ctx, f.EG, ap.ID, false); err != nil {
				t.Fatal(err)
			}
			after := upcoming(t, f, c.ID)
			if after == before || !strings.Contains(after, "DC9.5") || strings.Contains(after, "DC4.12 ") {
				t.Errorf("upcoming before:\n%s\nafter:\n%s", before, after)
			}
			if _, err := f.Svc.MarkAppointment(ctx, f.EG, ap.ID, true); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("marked twice: %v", err)
			}
			list, _ := f.Svc.CaseAppointments(ctx, f.EG, c.ID)
			if len(list) != 1 || list[0].Status != torg.AppointmentMissed {
				t.Errorf("status %+v", list)
			}
		})
	})
}

func TestICalendarFolding(t *testing.T) {
	long := &torg.Appointment{ID: 1, MunicipalityID: 1, CaseYear: 2026, CaseSeq: 7, Status: torg.AppointmentBooked,
		Start: time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC),
		Place: strings.Repeat("Æøå, rom; \\ ", 20) + "\nneste linje"}
	data := casework.ICalendar([]*torg.Appointment{long}, long.Start)
	checkICal(t, data)
	unfolded := strings.ReplaceAll(string(data), "\r\n ", "")
	if !strings.Contains(unfolded, `LOCATION:Æøå\, rom\; \\ Æøå`) || !strings.Contains(unfolded, `\nneste linje`) {
		t.Errorf("escaping:\n%s", unfolded)
	}
}

// checkICal checks CRLF line ends, lines of at most 75 octets, whole UTF-8
// characters on each line, and balanced BEGIN/END.
func checkICal(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) || bytes.Count(data, []byte("\n")) != bytes.Count(data, []byte("\r\n")) {
		t.Fatal("lines do not end in CRLF")
	}
	depth := 0
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("folded inside a character: %q", l)
		}
		switch {
		case strings.HasPrefix(l, "BEGIN:"):
			depth++
		case strings.HasPrefix(l, "END:"):
			depth--
		}
	}
	if depth != 0 {
		t.Errorf("BEGIN/END unbalanced: %d", depth)
	}
}

func TestInterpreterOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, f.Clock.Now())
		if _, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, apptIn); err != nil {
			t.Fatal(err)
		}
		t.Run("DC4.4 an interpreter is ordered for the meeting", func(t *testing.T) {
			tasks, err := f.Svc.WorkList(ctx, f.EG)
			if err != nil {
				t.Fatal(err)
			}
			var found *torg.Task
			for _, task := range tasks {
				if task.CaseID == c.ID && strings.Contains(task.Title, "arabisk") {
					found = task
				}
			}
			if found == nil || found.Due.String() != "2026-11-25" || !strings.Contains(found.Detail, "Rådhuset") {
				t.Errorf("interpreter order task = %+v, want one due the day before with the place", found)
			}
		})
	})
}

func TestHoldMeetingAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, f.Clock.Now())
		in := apptIn
		in.Alone = true
		if _, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, in); torg.AsError(err) == nil || torg.AsError(err).Field != "alone_reason" {
			t.Errorf("DC4.11 alone without a reason: %v", err)
		}
		in.AloneReason = "Kollega syk"
		if _, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, in); err != nil {
			t.Fatal(err)
		}
		v, err := f.Svc.Case(ctx, f.EG, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, n := range v.Notes {
			found = found || strings.Contains(n.Body, "Kollega syk")
		}
		if !found {
			t.Errorf("DC4.11 the reason for holding the meeting alone is not noted on the case")
		}
	})
}

func TestMeetingMovedOrCancelledByMessage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, f.Clock.Now())
		ap, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, apptIn)
		if err != nil {
			t.Fatal(err)
		}
		if day := timerDay(t, f, c.ID, "DC4.12"); day != "2026-11-25" {
			t.Fatalf("DC4.12 reminder on %q, want the day before the meeting", day)
		}
		queued(t, f) // the first confirmation
		message := func(body string) *torg.Thread {
			th, err := f.Svc.WriteMessage(ctx, f.Kari, casework.NewMessage{UnitID: f.Debt.ID, Kind: torg.MsgAppointmentChange,
				Body: body, AppointmentID: ap.ID})
			if err != nil {
				t.Fatal(err)
			}
			return th
		}
		t.Run("DM3 DC4.12 a moved meeting moves its reminder and is confirmed again", func(t *testing.T) {
			th := message("Kan vi flytte møtet til neste uke?")
			in := casework.AppointmentChange{AppointmentID: ap.ID, Date: "03.12.2026", Start: "10:00", End: "11:00"}
			if err := f.Svc.ChangeAppointment(ctx, f.EG, th.ID, in); err != nil {
				t.Fatal(err)
			}
			if day := timerDay(t, f, c.ID, "DC4.12"); day != "2026-12-02" {
				t.Errorf("DC4.12 reminder on %q after the move, want 2026-12-02", day)
			}
			sms := 0
			for _, m := range queued(t, f) {
				if m.Channel == store.ChannelSMS && strings.Contains(m.Body, "3. desember 2026 kl. 10.00") {
					sms++
				}
			}
			if sms != 1 {
				t.Errorf("%d SMS confirming the new time, want 1 (DC4.3)", sms)
			}
		})
		t.Run("DM3 DC4.12 a cancelled meeting gets no reminder", func(t *testing.T) {
			th := message("Jeg må avlyse møtet.")
			if err := f.Svc.CancelAppointment(ctx, f.EG, th.ID, ap.ID); err != nil {
				t.Fatal(err)
			}
			if day := timerDay(t, f, c.ID, "DC4.12"); day != "" {
				t.Errorf("DC4.12 reminder still due %s after the meeting was cancelled", day)
			}
		})
	})
}
