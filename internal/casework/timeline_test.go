package casework_test

import (
	"slices"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestTimeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, casetest.Now)
		tick := func() { f.Clock.T = f.Clock.T.Add(time.Minute) }
		tick()
		if err := f.Svc.LogContact(ctx, f.EG, c.ID, false, ""); err != nil {
			t.Fatal(err)
		}
		tick()
		if err := f.Svc.LogContact(ctx, f.EG, c.ID, true, "Avtalte møte"); err != nil {
			t.Fatal(err)
		}
		tick()
		if _, err := f.Svc.AddNote(ctx, f.EG, c.ID, 0, "Brukeren har to inkassosaker."); err != nil {
			t.Fatal(err)
		}
		tick()
		heldMeeting(t, f, c)
		tick()
		if err := f.Svc.CloseCase(ctx, f.EG, c.ID, casework.ReasonAdviceGiven, closingNote); err != nil {
			t.Fatal(err)
		}
		tl, err := f.Svc.Timeline(ctx, f.EG, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("newest first", func(t *testing.T) {
			if !slices.IsSortedFunc(tl, func(a, b casework.TimelineEntry) int { return b.At.Compare(a.At) }) {
				for _, e := range tl {
					t.Logf("%s %s %s", e.At.Format(time.TimeOnly), e.Kind, e.Title)
				}
				t.Fatal("the timeline is not newest first")
			}
			if tl[0].At.Before(f.Clock.T) {
				t.Errorf("the first entry is from %s, want the closing at %s", tl[0].At, f.Clock.T)
			}
		})
		t.Run("one list of records, contacts, notes, meetings and steps", func(t *testing.T) {
			kinds := map[string]int{}
			for _, e := range tl {
				kinds[e.Kind]++
			}
			for _, k := range []string{casework.TimelineOutgoing, casework.TimelineInternal, casework.TimelineContact,
				casework.TimelineNote, casework.TimelineMeeting, casework.TimelineSMS, casework.TimelineStep} {
				if kinds[k] == 0 {
					t.Errorf("no %s entry: %v", k, kinds)
				}
			}
			if kinds[casework.TimelineContact] != 2 || kinds[casework.TimelineMeeting] != 2 {
				t.Errorf("%d contacts and %d meeting entries, want 2 and 2 (booked, held)", kinds[casework.TimelineContact],
					kinds[casework.TimelineMeeting])
			}
		})
		t.Run("a contact says whether the citizen answered, with its note", func(t *testing.T) {
			var answered, missed *casework.TimelineEntry
			for i, e := range tl {
				switch {
				case e.Kind == casework.TimelineContact && e.Outcome == "answered":
					answered = &tl[i]
				case e.Kind == casework.TimelineContact && e.Outcome == "not_answered":
					missed = &tl[i]
				}
			}
			if answered == nil || missed == nil || answered.Detail != "Avtalte møte" || answered.Actor != f.EG.Name ||
				!answered.At.After(missed.At) {
				t.Errorf("contacts %+v and %+v", answered, missed)
			}
		})
		t.Run("letters carry their documents and the steps who took them", func(t *testing.T) {
			for _, e := range tl {
				if e.Kind == casework.TimelineOutgoing && (len(e.Documents) == 0 || e.Link == "") {
					t.Errorf("letter %q without its documents or link", e.Title)
				}
				if e.Kind == casework.TimelineStep && e.Title == "DC5 Etter første møte – avslutte saken eller kartlegge gjeld?" &&
					(e.Actor != f.EG.Name || e.Detail != "Nødvendig råd og veiledning er gitt – avslutt") {
					t.Errorf("DC5 entry %+v, want EG's decision", e)
				}
			}
		})
		t.Run("others see no timeline", func(t *testing.T) {
			if _, err := f.Svc.Timeline(ctx, f.Outsider, c.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("outsider: %v, want ENOTFOUND", err)
			}
		})
	})
}
