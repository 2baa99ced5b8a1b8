package casework_test

import (
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// groupTitles returns the task titles of each group of a work day.
func groupTitles(d *casework.WorkDay) map[string][]string {
	out := map[string][]string{}
	for _, g := range d.Groups {
		out[g.Name] = []string{}
		for _, it := range g.Items {
			out[g.Name] = append(out[g.Name], it.Title)
		}
	}
	return out
}

// item returns the work-day item titled title.
func item(t *testing.T, d *casework.WorkDay, title string) casework.WorkItem {
	t.Helper()
	for _, g := range d.Groups {
		for _, it := range g.Items {
			if it.Title == title {
				return it
			}
		}
	}
	t.Fatalf("no task %q on the work list", title)
	return casework.WorkItem{}
}

func TestWorkDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, casetest.Now)
		heldMeeting(t, f, c)
		today := torg.DateOf(casetest.Now) // Monday 23 November 2026 in Oslo too
		var secret *torg.Case
		err := db.Write(ctx, func(q *store.Q) error {
			for _, tk := range []*torg.Task{
				{Title: "Forfalt i går", Due: today.AddDays(-1)},
				{Title: "Frist i dag", Due: today},
				{Title: "Frist i morgen", Due: today.AddDays(1)},
				{Title: "Uten frist"},
			} {
				tk.MunicipalityID, tk.UnitID, tk.CaseID, tk.AssigneeID = f.Muni.ID, f.Debt.ID, c.ID, f.EG.ID
				if err := q.CreateTask(ctx, tk, casetest.Now); err != nil {
					return err
				}
			}
			secret = &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt,
				Title: "Gjeldsrådgivning", Status: torg.CaseOpen}
			if err := q.CreateCase(ctx, secret, casetest.Now); err != nil {
				return err
			}
			if err := q.AddParty(ctx, &torg.Party{CaseID: secret.ID, PersonID: f.Protected.ID, Role: torg.PartyApplicant}); err != nil {
				return err
			}
			return q.CreateTask(ctx, &torg.Task{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, CaseID: secret.ID,
				Title: "Fordel saken", Due: today}, casetest.Now)
		})
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.Svc.WorkDay(ctx, f.EG)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("the tasks are grouped by due date in the municipality", func(t *testing.T) {
			got := groupTitles(d)
			if d.Today != today || len(d.Groups) != 4 || d.Groups[0].Name != casework.GroupOverdue ||
				d.Groups[3].Name != casework.GroupNoDue {
				t.Fatalf("today %s, groups %v", d.Today, got)
			}
			want := map[string]string{"Forfalt i går": casework.GroupOverdue, "Frist i dag": casework.GroupToday,
				"Fordel saken": casework.GroupToday, "Frist i morgen": casework.GroupLater, "Uten frist": casework.GroupNoDue}
			for title, group := range want {
				found := false
				for _, tt := range got[group] {
					found = found || tt == title
				}
				if !found {
					t.Errorf("%q is not in %s: %v", title, group, got)
				}
			}
			if n := len(got["overdue"]) + len(got["today"]) + len(got["later"]) + len(got["no_due"]); n != d.Count {
				t.Errorf("groups hold %d tasks, count says %d", n, d.Count)
			}
		})
		t.Run("a day later the tasks move on", func(t *testing.T) {
			f.Clock.T = casetest.Now.Add(24 * time.Hour)
			defer func() { f.Clock.T = casetest.Now }()
			d, err := f.Svc.WorkDay(ctx, f.EG)
			if err != nil {
				t.Fatal(err)
			}
			if it := item(t, d, "Frist i dag"); dayGroup(d, it) != casework.GroupOverdue {
				t.Errorf("yesterday's task is in %s, want overdue", dayGroup(d, it))
			}
			if it := item(t, d, "Frist i morgen"); dayGroup(d, it) != casework.GroupToday {
				t.Errorf("today's task is in %s, want today", dayGroup(d, it))
			}
		})
		t.Run("each task names its case, the person and what the routine does next", func(t *testing.T) {
			it := item(t, d, "Frist i dag")
			if it.CaseNumber != c.Number() || it.PersonName != "Kari Nordmann" {
				t.Errorf("case %q person %q", it.CaseNumber, it.PersonName)
			}
			if len(it.Next) == 0 || it.Next[0].Title.In("nb") != "Varsel om avslutning" || it.Next[0].At.IsZero() {
				t.Errorf("next %+v, want the warning of closing (DC9.5) with its date", it.Next)
			}
		})
		t.Run("DC1.3 a protected person is named only to those cleared", func(t *testing.T) {
			if it := item(t, d, "Fordel saken"); it.PersonName != "" || it.CaseID != 0 || it.CaseNumber != "" {
				t.Errorf("EG sees %q, case %d %q", it.PersonName, it.CaseID, it.CaseNumber)
			}
			ld, err := f.Svc.WorkDay(ctx, f.Leader)
			if err != nil {
				t.Fatal(err)
			}
			if it := item(t, ld, "Fordel saken"); it.PersonName != f.Protected.Name() || it.CaseID != secret.ID {
				t.Errorf("the cleared leader sees %q, case %d", it.PersonName, it.CaseID)
			}
		})
		t.Run("DC8.2 the closing note's task leads to the close page", func(t *testing.T) {
			if err := f.Svc.CloseCase(ctx, f.Leader, c.ID, casework.ReasonAdviceGiven, closingNote); err != nil {
				t.Fatal(err)
			}
			d, err := f.Svc.WorkDay(ctx, f.EG)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range d.Groups {
				for _, it := range g.Items {
					if it.Step == casework.ClosingStep {
						t.Errorf("the note is written, but %q is still on the list", it.Title)
					}
					if it.Step == "DC8.1" && it.Closing {
						t.Error("DC8.1 is marked as the closing note")
					}
				}
			}
		})
	})
}

// dayGroup returns the name of the group an item is in.
func dayGroup(d *casework.WorkDay, it casework.WorkItem) string {
	for _, g := range d.Groups {
		for _, x := range g.Items {
			if x.ID == it.ID {
				return g.Name
			}
		}
	}
	return ""
}
