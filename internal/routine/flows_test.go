package routine

import (
	"testing"
)

func TestFD(t *testing.T) {
	r := MustSeed(t, "front_desk_debt")
	tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: []Event{
		{Kind: EventDocumentReceived, Outcome: "front_desk", At: at("2027-01-05 11:00")},
		{Kind: EventStepDone, Step: "FD2.2", At: at("2027-01-05 11:10"), By: "desk"},
	}}, MustEnv(t))
	t.Run("FD2.2 documents at the desk: the desk prepares the case, then the counsellor is told", func(t *testing.T) {
		if m := only(t, tl, ActCreateTask, "FD2.2"); m.Action.Assignee.String() != "unit:desk" || m.Action.Due.String() != "2027-01-05" {
			t.Errorf("FD2.2 %v", m.Action)
		}
		if m := only(t, tl, ActNotify, "FD2.2-notify"); m.Action.Assignee.String() != "responsible" {
			t.Errorf("FD2.2 notify %v", m.Action)
		}
		only(t, tl, ActCreateTask, "FD2.4")
	})
	t.Run("FD2 documents by another channel do not involve the desk", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: []Event{
			{Kind: EventDocumentReceived, Outcome: "digital", At: at("2027-01-05 11:00")}}}, MustEnv(t))
		none(t, tl, ActCreateTask, "FD2.2")
	})
}

func TestDM(t *testing.T) {
	r := MustSeed(t, "digital_messages")
	t.Run("DM6 complaint: facts checked within a working day, in case handling, then done", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-08 15:00"), Events: []Event{
			{Kind: EventMessageReceived, Outcome: "complaint", At: at("2027-01-08 15:00")},
			{Kind: EventStepDone, Step: "DM6.1", At: at("2027-01-11 09:00"), By: "coord"},
			{Kind: EventStepDone, Step: "DM6.3", At: at("2027-01-12 09:00"), By: "handler"},
		}}, MustEnv(t))
		if a := only(t, tl, ActCreateTask, "DM6.1").Action; a.Due.String() != "2027-01-11" || !a.At.Equal(at("2027-01-11 14:30")) {
			t.Errorf("DM6.1 due %s at %s, want Monday 2027-01-11 14:30 (7 working hours)", a.Due, a.At)
		}
		if m := only(t, tl, ActSetStatus, "DM6.2"); m.Action.Status != "in_case_handling" {
			t.Errorf("DM6.2 %v", m.Action)
		}
		if m := only(t, tl, ActSetStatus, "DM-done"); m.Action.Status != "done" || day(m.At) != "2027-01-12" {
			t.Errorf("DM done %v on %s", m.Action, day(m.At))
		}
		only(t, tl, ActCreateTask, "DM6.4")
	})
	for _, tt := range []struct{ name, kind, step, got, due string }{
		{"DM9 wrong recipient: reply within a day, Friday 14:00 → Monday 13:30", "wrong_recipient", "DM9", "2026-03-13 14:00", "2026-03-16 13:30"},
		{"DM1 inquiry: read within a day, Friday 15:00 → Monday 14:30", "inquiry", "DM1", "2026-03-13 15:00", "2026-03-16 14:30"},
		{"DM9 wrong recipient after closing counts from Monday 08:00", "wrong_recipient", "DM9", "2026-03-13 18:00", "2026-03-16 15:00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tl := MustSimulate(t, r, Scenario{Start: at(tt.got), Until: at("2026-03-20 00:00"), Events: []Event{
				{Kind: EventMessageReceived, Outcome: tt.kind, At: at(tt.got)}}}, MustEnv(t))
			a := only(t, tl, actionKind(tt.step), tt.step).Action
			if !a.At.Equal(at(tt.due)) || a.Due.String() != tt.due[:10] {
				t.Errorf("%s due %s at %s, want %s", tt.step, a.Due, a.At.In(oslo).Format("2006-01-02 15:04"), tt.due)
			}
		})
	}
	t.Run("DM7 improper message goes to the leader", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-08 15:00"), Events: []Event{
			{Kind: EventMessageReceived, Outcome: "improper", At: at("2027-01-08 15:00")}}}, MustEnv(t))
		if m := only(t, tl, ActNotify, "DM7"); m.Action.Assignee.String() != "role:leader" {
			t.Errorf("DM7 %v", m.Action)
		}
	})
}

func TestDN(t *testing.T) {
	r := MustSeed(t, "debt_notices")
	env := MustEnv(t)
	received := []Event{
		{Kind: EventStepDone, Step: "DN1", At: at("2027-01-04 09:10"), By: "admin"},
	}
	t.Run("DN3 current: the case worker decides; no concern closes the notice", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: append(received,
			Event{Kind: EventStepDone, Step: "DN2", Outcome: "current", At: at("2027-01-04 09:20"), By: "admin"},
			Event{Kind: EventStepDone, Step: "DN3", Outcome: "no_concern", At: at("2027-01-05 10:00"), By: "worker"},
		)}, env)
		if m := only(t, tl, ActAskDecision, "DN3"); m.Action.Assignee.String() != "responsible" {
			t.Errorf("DN3 %v, want the case worker responsible for the notice", m.Action)
		}
		none(t, tl, ActCreateTask, "DN3-report")
		only(t, tl, ActCloseCase, "DN3-close")
	})
	t.Run("DN3 concern: a report to Child, youth and family, due the next day; closed when it is taken", func(t *testing.T) {
		events := append(received,
			Event{Kind: EventStepDone, Step: "DN2", Outcome: "current", At: at("2027-01-04 09:20"), By: "admin"},
			Event{Kind: EventStepDone, Step: "DN3", Outcome: "concern", At: at("2027-01-05 10:00"), By: "worker"})
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: events}, env)
		m := only(t, tl, ActCreateTask, "DN3-report")
		if m.Action.Assignee.String() != "unit:child_youth_family" || m.Action.Due.String() != "2027-01-06" {
			t.Errorf("DN3 report %v", m.Action)
		}
		none(t, tl, ActCloseCase, "DN3-close")
		tl = MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: append(events,
			Event{Kind: EventStepDone, Step: "DN3-report", At: at("2027-01-05 14:00"), By: "social"})}, env)
		only(t, tl, ActCloseCase, "DN3-close")
	})
	t.Run("DN5 not current, no minor children: the letter, intake record, closed at once", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: append(received,
			Event{Kind: EventStepDone, Step: "DN2", Outcome: "not_current", At: at("2027-01-04 09:20"), By: "admin"},
			Event{Kind: EventStepDone, Step: "DN4", Outcome: "no_children", At: at("2027-01-04 09:30"), By: "admin"},
			Event{Kind: EventStepDone, Step: "DN5-intake", At: at("2027-01-04 10:00"), By: "admin"},
		)}, env)
		if m := only(t, tl, ActSendLetter, "DN5"); m.Action.Template != "underrattelse_brev" {
			t.Errorf("DN5 letter %v", m.Action)
		}
		if m := only(t, tl, ActCloseCase, "DN5-close"); m.Action.Reason != "intake_closed" {
			t.Errorf("DN5 close %v", m.Action)
		}
	})
	t.Run("DN6–DN7 minor children: the letter, for information to the 1st social secretary, who shreds", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: append(received,
			Event{Kind: EventStepDone, Step: "DN2", Outcome: "not_current", At: at("2027-01-04 09:20"), By: "admin"},
			Event{Kind: EventStepDone, Step: "DN4", Outcome: "children", At: at("2027-01-04 09:30"), By: "admin"},
			Event{Kind: EventStepDone, Step: "DN6", At: at("2027-01-04 10:00"), By: "admin"},
			Event{Kind: EventStepDone, Step: "DN7", Outcome: "no_child_case", At: at("2027-01-05 10:00"), By: "sec"},
			Event{Kind: EventStepDone, Step: "DN7-shred", At: at("2027-01-05 10:05"), By: "sec"},
		)}, env)
		only(t, tl, ActSendLetter, "DN6-letter")
		if m := only(t, tl, ActNotify, "DN6-notify"); m.Action.Assignee.String() != "unit:child_youth_family" {
			t.Errorf("DN6 %v", m.Action)
		}
		if m := only(t, tl, ActAskDecision, "DN7"); m.Action.Assignee.String() != "unit:child_youth_family" {
			t.Errorf("DN7 %v", m.Action)
		}
		none(t, tl, ActSendLetter, "DN5")
		only(t, tl, ActCloseCase, "DN7-close")
	})
}

func TestCG(t *testing.T) {
	r := MustSeed(t, "citizen_guide")
	t.Run("CG5 passport for a child: check, consent, measure height, conclude, close", func(t *testing.T) {
		tl := MustSimulate(t, r, Scenario{Start: at("2027-01-04 09:00"), Events: []Event{
			{Kind: EventCaseCreated, Outcome: "passport_child", At: at("2027-01-04 09:00")},
			{Kind: EventStepDone, Step: "CG5.2", Outcome: "consent", At: at("2027-01-04 09:05"), By: "guide"},
			{Kind: EventStepDone, Step: "CG5.3", At: at("2027-01-04 09:08"), By: "guide"},
			{Kind: EventStepDone, Step: "CG1.3", Outcome: "referred", At: at("2027-01-04 09:10"), By: "guide"},
		}}, MustEnv(t))
		only(t, tl, ActCreateTask, "CG5.1")
		only(t, tl, ActCreateTask, "CG1.1")
		if m := only(t, tl, ActCloseCase, "CG-close"); m.Action.Reason != "referred" {
			t.Errorf("CG close reason %q, want the conclusion's outcome", m.Action.Reason)
		}
	})
}

// actionKind returns the action a DM person's step asks for: DM1 is a
// decision, the others tasks.
func actionKind(step string) string {
	if step == "DM1" {
		return ActAskDecision
	}
	return ActCreateTask
}
