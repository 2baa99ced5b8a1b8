package routine

import (
	"strings"
	"testing"
)

// dcEvents brings a debt counselling case from its application to the
// second unanswered call on Wednesday 23 December 2026.
func dcEvents() []Event {
	return []Event{
		{Kind: EventStepDone, Step: "DC2.1", Outcome: "unresolved_matters", At: at("2026-12-21 10:00"), By: "eg"},
		{Kind: EventContactLogged, Outcome: OutcomeNotAnswered, At: at("2026-12-22 10:00"), By: "eg"},
		{Kind: EventContactLogged, Outcome: OutcomeNotAnswered, At: at("2026-12-23 14:00"), By: "eg"},
	}
}

func TestDC2(t *testing.T) {
	r := MustSeed(t, "debt_counselling")
	sc := Scenario{Start: at("2026-12-21 09:00"), Until: at("2027-01-05 00:00"), Events: dcEvents()}

	t.Run("DC2.2 call at least 2 times: one unanswered call is not enough", func(t *testing.T) {
		short := Scenario{Start: sc.Start, Until: sc.Until, Events: dcEvents()[:2]}
		tl := MustSimulate(t, r, short, MustEnv(t))
		only(t, tl, ActCreateTask, "DC2.2")
		none(t, tl, ActSetTimer, "DC2.6")
	})
	t.Run("DC2.6 no answer: letter after 2 working days, 24 Dec closed → Tue 29 Dec", func(t *testing.T) {
		tl := MustSimulate(t, r, sc, MustEnv(t, "2026-12-24"))
		timer := only(t, tl, ActSetTimer, "DC2.6")
		if got := day(timer.Action.At); got != "2026-12-29" {
			t.Errorf("DC2.6 timer on %s, want 2026-12-29", got)
		}
		letter := only(t, tl, ActSendLetter, "DC2.6-letter")
		if got := day(letter.At); got != "2026-12-29" {
			t.Errorf("letter on %s, want 2026-12-29\n%s", got, tableOf(tl))
		}
		if letter.Action.Template != "svar_paa_soknad" || letter.Action.Channel != "by_reservation" {
			t.Errorf("letter %v", letter.Action)
		}
	})
	t.Run("DC2.6 no answer: letter after 2 working days, 24 Dec open → Mon 28 Dec", func(t *testing.T) {
		tl := MustSimulate(t, r, sc, MustEnv(t))
		if got := day(only(t, tl, ActSendLetter, "DC2.6-letter").At); got != "2026-12-28" {
			t.Errorf("letter on %s, want 2026-12-28", got)
		}
	})
	t.Run("DC2.5 not suitable: a task to advise and refer to a suitable service", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: sc.Start, Until: sc.Until, Events: []Event{
			{Kind: EventStepDone, Step: "DC2.1", Outcome: "unresolved_matters", At: at("2026-12-21 10:00"), By: "eg"},
			{Kind: EventContactLogged, Outcome: OutcomeAnswered, At: at("2026-12-22 10:00"), By: "eg"},
			{Kind: EventStepDone, Step: "DC2.3", Outcome: "not_suitable", At: at("2026-12-22 10:30"), By: "eg"},
		}}, MustEnv(t))
		if m := only(t, tl, ActCreateTask, "DC2.5"); day(m.At) != "2026-12-22" {
			t.Errorf("DC2.5 task on %s", day(m.At))
		}
		none(t, tl, ActSendLetter, "DC2.4")
	})
	t.Run("DC2.3 contact during the wait cancels the letter and asks whether suitable", func(t *testing.T) {
		call := Scenario{Start: sc.Start, Until: sc.Until, Events: append(dcEvents(),
			Event{Kind: EventContactLogged, Outcome: OutcomeAnswered, At: at("2026-12-28 09:00")})}
		tl := MustSimulate(t, r, call, MustEnv(t, "2026-12-24"))
		none(t, tl, ActSendLetter, "DC2.6-letter")
		only(t, tl, ActCancelTimer, "DC2.6")
		only(t, tl, ActAskDecision, "DC2.3")
	})
}

// dcUnderWork brings a case to its first booked meeting on Tuesday
// 12 January 2027, booked on Monday 4 January.
func dcUnderWork() []Event {
	return []Event{
		{Kind: EventStepDone, Step: "DC2.1", Outcome: "clear", At: at("2027-01-04 09:30"), By: "eg"},
		{Kind: EventDocumentReceived, At: at("2027-01-04 09:40")},
		{Kind: EventStepDone, Step: "DC3.4", Outcome: "sufficient", At: at("2027-01-04 09:50"), By: "eg"},
		{Kind: EventAppointmentBooked, At: at("2027-01-04 10:00"), Ref: at("2027-01-12 10:00")},
	}
}

func TestDC4(t *testing.T) {
	r := MustSeed(t, "debt_counselling")
	sc := Scenario{Start: at("2027-01-04 09:00"), Until: at("2027-01-13 00:00"), Events: dcUnderWork()}
	tl := MustSimulate(t, r, sc, MustEnv(t))
	t.Run("DC4.3 SMS confirms the meeting when it is booked", func(t *testing.T) {
		if m := only(t, tl, ActSendSMS, "DC4.3"); m.Action.Template != "sms_mote_bekreftelse" || day(m.At) != "2027-01-04" {
			t.Errorf("DC4.3 %v on %s", m.Action, day(m.At))
		}
	})
	t.Run("DC4.12 SMS reminder the day before the meeting", func(t *testing.T) {
		if m := only(t, tl, ActSendSMS, "DC4.12-sms"); m.Action.Template != "sms_paaminnelse" || day(m.At) != "2027-01-11" {
			t.Errorf("DC4.12 %v on %s", m.Action, day(m.At))
		}
	})
	t.Run("DC4.8 the letter «Møte med gjeldsrådgivningstjenesten» waits to be printed where useful", func(t *testing.T) {
		m := only(t, tl, ActSendLetter, "DC4.8")
		if m.Action.Template != "mote_med_tjenesten" || m.Action.Channel != "paper" || !m.Action.Editable {
			t.Errorf("DC4.8 %+v", m.Action)
		}
	})
	t.Run("DC4.10 a note is due after the meeting is held", func(t *testing.T) {
		held := MustSimulate(t, r, Scenario{Start: sc.Start, Until: sc.Until, Events: append(dcUnderWork(),
			Event{Kind: EventAppointmentHeld, At: at("2027-01-12 11:00")})}, MustEnv(t))
		if m := only(t, held, ActCreateTask, "DC4.10"); m.Action.Due.String() != "2027-01-13" {
			t.Errorf("DC4.10 due %s, want the next working day", m.Action.Due)
		}
		none(t, tl, ActCreateTask, "DC4.10")
	})
	t.Run("DC4.6 preparing is due the working day before the meeting", func(t *testing.T) {
		if m := only(t, tl, ActCreateTask, "DC4.6"); m.Action.Due.String() != "2027-01-11" {
			t.Errorf("DC4.6 due %s", m.Action.Due)
		}
	})
}

func TestDC9(t *testing.T) {
	r := MustSeed(t, "debt_counselling")
	env := MustEnv(t)
	t.Run("DC9.1–DC9.3 no contact: 3–4 weeks → call twice → SMS → 2 weeks → close", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: []Event{
			{Kind: EventStepDone, Step: "DC2.1", Outcome: "clear", At: at("2027-01-04 10:00"), By: "eg"},
			{Kind: EventContactLogged, Outcome: OutcomeNotAnswered, At: at("2027-02-01 10:00")},
			{Kind: EventContactLogged, Outcome: OutcomeNotAnswered, At: at("2027-02-02 10:00")},
		}}, env)
		wantDays(t, tl, map[string]string{
			ActSendLetter + " DC2.4":      "2027-01-04",
			ActNotify + " DC9.1":          "2027-01-25", // reminder at 3 weeks
			ActCreateTask + " DC9.1-call": "2027-02-01", // acts at 4 weeks
			ActSendSMS + " DC9.2":         "2027-02-02",
			ActCreateTask + " DC9.3-note": "2027-02-16",
			ActCloseCase + " DC9.3-close": "2027-02-16",
		})
		if got := only(t, tl, ActCloseCase, "DC9.3-close").Action.Reason; got != "no_contact" {
			t.Errorf("close reason %q", got)
		}
	})
	t.Run("DC9.4 contact but no documentation: warning, then close after 3 weeks", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: []Event{
			{Kind: EventStepDone, Step: "DC2.1", Outcome: "clear", At: at("2027-01-04 10:00"), By: "eg"},
			{Kind: EventContactLogged, Outcome: OutcomeAnswered, At: at("2027-02-01 10:00")},
		}}, env)
		wantDays(t, tl, map[string]string{
			ActSendLetter + " DC9.4":      "2027-02-01",
			ActCloseCase + " DC9.4-close": "2027-02-22",
		})
	})
	t.Run("DC9.5 missed meeting: call → 3–4 weeks → warning → 2–3 weeks → close as usual (DC8)", func(t *testing.T) {
		events := append(dcUnderWork(),
			Event{Kind: EventAppointmentMissed, At: at("2027-01-12 10:30")},
			Event{Kind: EventContactLogged, Outcome: OutcomeNotAnswered, At: at("2027-01-12 11:00"), By: "eg"})
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: events}, env)
		wantDays(t, tl, map[string]string{
			ActCreateTask + " DC9.5-call":    "2027-01-12",
			ActNotify + " DC9.5":             "2027-02-02",
			ActSendLetter + " DC9.5-warning": "2027-02-09",
			ActNotify + " DC9.5-grace":       "2027-02-23",
			ActSetStatus + " DC9.5-finish":   "2027-03-02",
			ActSendLetter + " DC8.5":         "2027-03-02",
			ActCloseCase + " DC8.6-close":    "2027-05-03", // 2 May is a Sunday
			ActSetMarker + " DC8.7":          "2027-03-02",
		})
		if m := only(t, tl, ActSendLetter, "DC9.5-warning"); m.Action.Template != "varsel_om_avslutning" {
			t.Errorf("warning letter %v", m.Action)
		}
	})
	t.Run("DC9.5 contact after the warning cancels the close and starts the wait afresh", func(t *testing.T) {
		events := append(dcUnderWork(),
			Event{Kind: EventAppointmentHeld, At: at("2027-01-12 11:00")},
			Event{Kind: EventMessageReceived, At: at("2027-02-15 12:00")})
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Until: at("2027-03-31 00:00"), Events: events}, env)
		none(t, tl, ActSetStatus, "DC9.5-finish")
		timers := actions(tl, ActSetTimer, "DC9.5")
		last := timers[len(timers)-1].Action
		if last.Key != "sim/DC9.5/2/act" || last.Due.String() != "2027-03-15" {
			t.Errorf("DC9.5 restarted with %v\n%s", last, tableOf(tl))
		}
	})
}

// wantDays checks the local day of the single action named "kind step".
func wantDays(t *testing.T, tl Timeline, want map[string]string) {
	t.Helper()
	for name, d := range want {
		kind, step, _ := strings.Cut(name, " ")
		if got := day(only(t, tl, kind, step).At); got != d {
			t.Errorf("%s on %s, want %s", name, got, d)
		}
	}
}

func TestDC8(t *testing.T) {
	r := MustSeed(t, "debt_counselling")
	tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: []Event{
		{Kind: EventStatusChanged, Outcome: "F", At: at("2027-03-10 14:00"), By: "eg"},
	}}, MustEnv(t))
	t.Run("DC8.5 closing letter to the creditors", func(t *testing.T) {
		m := only(t, tl, ActSendLetter, "DC8.5")
		if m.Action.Template != "avslutning_saksbehandling" || strings.Join(m.Action.To, ",") != "creditors" || day(m.At) != "2027-03-10" {
			t.Errorf("DC8.5 %v on %s", m.Action, day(m.At))
		}
	})
	t.Run("DC8.6 the case stays open 2 months, then closes", func(t *testing.T) {
		if m := only(t, tl, ActCloseCase, "DC8.6-close"); day(m.At) != "2027-05-10" || m.Action.Reason != "handling_ended" {
			t.Errorf("DC8.6 close %v on %s", m.Action, day(m.At))
		}
	})
	t.Run("DC8.7 the power of attorney ends with the closing letters", func(t *testing.T) {
		if m := only(t, tl, ActSetMarker, "DC8.7"); m.Action.Marker != "power_of_attorney_ended" || day(m.At) != "2027-03-10" {
			t.Errorf("DC8.7 %v on %s", m.Action, day(m.At))
		}
	})
	t.Run("DC8 closing stops the inactivity waits", func(t *testing.T) {
		for _, m := range actions(tl, ActSetTimer, "") {
			if m.Action.Step != "DC8.6" && !m.At.Before(at("2027-03-10 14:00")) {
				t.Errorf("timer set after closing began: %v", m.Action)
			}
		}
	})
}

func TestDC6(t *testing.T) {
	r := MustSeed(t, "debt_counselling")
	events := append(dcUnderWork(),
		Event{Kind: EventAppointmentHeld, At: at("2027-01-12 11:00")},
		Event{Kind: EventStepDone, Step: "DC5", Outcome: "debt_mapping", At: at("2027-01-12 12:00"), By: "eg"},
		Event{Kind: EventStepDone, Step: "DC6.1", Outcome: "help", At: at("2027-01-12 12:05"), By: "eg"},
		Event{Kind: EventStepDone, Step: "DC6.3", Outcome: "granted", At: at("2027-02-10 09:00"), By: "eg"})
	tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Until: at("2027-04-01 00:00"), Events: events}, MustEnv(t))
	t.Run("DC6.2 request to the creditors with the power of attorney, 2 months' handling time", func(t *testing.T) {
		m := only(t, tl, ActSendLetter, "DC6.2")
		if m.Action.Template != "foresporsel_gjeldsopplysninger" || strings.Join(m.Action.Attachments, ",") != "fullmakt" {
			t.Errorf("DC6.2 %v", m.Action)
		}
		if d := only(t, tl, ActSetTimer, "DC6.2-wait").Action.Due.String(); d != "2027-03-12" {
			t.Errorf("DC6.2 handling time ends %s, want 2027-03-12", d)
		}
	})
	t.Run("DC6.3 fetch the debt-collection register data after 1 month", func(t *testing.T) {
		m := only(t, tl, ActCreateTask, "DC6.3-fetch")
		if day(m.At) != "2027-03-10" || m.Action.Due.String() != "2027-03-17" {
			t.Errorf("DC6.3 fetch task on %s due %s, want 2027-03-10 due 2027-03-17", day(m.At), m.Action.Due)
		}
	})
}

// dcMapped brings a case through the debt mapping (DC6) to the
// counsellor's offer of a meeting about it (DC6.7).
func dcMapped() []Event {
	return append(dcUnderWork(),
		Event{Kind: EventAppointmentHeld, At: at("2027-01-12 11:00")},
		Event{Kind: EventStepDone, Step: "DC5", Outcome: "debt_mapping", At: at("2027-01-12 12:00"), By: "eg"},
		Event{Kind: EventStepDone, Step: "DC6.1", Outcome: "own_documents", At: at("2027-01-12 12:05"), By: "eg"},
		Event{Kind: EventStepDone, Step: "DC6.4", Outcome: OutcomeDone, At: at("2027-01-14 09:00"), By: "eg"},
		Event{Kind: EventStepDone, Step: "DC6.5", Outcome: OutcomeDone, At: at("2027-01-14 10:00"), By: "eg"},
		Event{Kind: EventLetterSent, Step: "DC6.6", Outcome: "tilbakemelding_kartlegging", At: at("2027-01-14 11:00"), By: "eg"},
		Event{Kind: EventStepDone, Step: "DC6.7", Outcome: OutcomeDone, At: at("2027-01-15 09:00"), By: "eg"})
}

func TestDC6Mapping(t *testing.T) {
	r := MustSeed(t, "debt_counselling")
	sc := Scenario{Start: at("2027-01-04 09:00"), Until: at("2027-01-20 00:00"), Events: dcMapped()}
	tl := MustSimulate(t, r, sc, MustEnv(t))
	t.Run("DC6.4–DC6.7 own documents: enter the debts, assess, send the feedback, offer a meeting", func(t *testing.T) {
		for _, step := range []string{"DC6.4", "DC6.5", "DC6.7"} {
			only(t, tl, ActCreateTask, step)
		}
		if m := only(t, tl, ActSendLetter, "DC6.6"); m.Action.Template != "tilbakemelding_kartlegging" ||
			!strings.Contains(strings.Join(m.Action.Attachments, ","), "debt_schedule") {
			t.Errorf("DC6.6 %+v: want the feedback letter with the debt schedule", m.Action)
		}
		none(t, tl, ActSendLetter, "DC6.2")
		only(t, tl, ActAskDecision, "DC6.8")
	})
	for _, tt := range []struct{ outcome, kind, step string }{
		{"debt_settlement", ActCreateTask, "DC6.8-apply"},
		{"other_solution", ActCreateTask, "DC6.9"},
		{"finished", ActSetStatus, "DC5-finish"},
	} {
		t.Run("DC6.8 "+tt.outcome+" leads to "+tt.step, func(t *testing.T) {
			next := sc
			next.Events = append(dcMapped(), Event{Kind: EventStepDone, Step: "DC6.8", Outcome: tt.outcome,
				At: at("2027-01-18 09:00"), By: "eg"})
			tl := MustSimulate(t, r, next, MustEnv(t))
			only(t, tl, tt.kind, tt.step)
		})
	}
	t.Run("DC6.4 the last creditor's answer ends the 2 months' wait early", func(t *testing.T) {
		events := append(dcUnderWork(),
			Event{Kind: EventAppointmentHeld, At: at("2027-01-12 11:00")},
			Event{Kind: EventStepDone, Step: "DC5", Outcome: "debt_mapping", At: at("2027-01-12 12:00"), By: "eg"},
			Event{Kind: EventStepDone, Step: "DC6.1", Outcome: "help", At: at("2027-01-12 12:05"), By: "eg"},
			Event{Kind: EventCreditorsAnswered, At: at("2027-02-01 09:00")})
		tl := MustSimulate(t, r, Scenario{Start: sc.Start, Until: at("2027-04-01 00:00"), Events: events}, MustEnv(t))
		only(t, tl, ActCancelTimer, "DC6.2-wait")
		if m := only(t, tl, ActCreateTask, "DC6.4"); day(m.At) != "2027-02-01" {
			t.Errorf("DC6.4 task on %s, want when the last creditor answered", day(m.At))
		}
	})
}
