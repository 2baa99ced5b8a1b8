package casework_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// The known day of the statistics tests: the fixture's Monday. Oslo is
// UTC+1 in November, so 08:05 UTC is 09:05 on the display's clock.
var statsDay = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

func at(h, m int) time.Time {
	return statsDay.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

const minute = time.Minute

// wantStats is what the known tickets and guidance give.
func checkStats(t *testing.T, st *casework.QueueStats) {
	t.Helper()
	want := []casework.ErrandStats{
		{Errand: "moving", Tickets: 2, Called: 1, Served: 0, WaitMean: 5 * minute, WaitMax: 5 * minute, Within: 1,
			TargetWait: 10 * minute, TargetService: 5 * minute},
		{Errand: "passport_adult", Tickets: 2, Called: 2, Served: 2, WaitMean: 15 * minute, WaitMax: 20 * minute, Within: 1,
			ServiceMean: 10 * minute, TargetWait: 15 * minute, TargetService: 10 * minute},
	}
	if fmt.Sprintf("%+v", st.Errands) != fmt.Sprintf("%+v", want) {
		t.Errorf("errands =\n%+v\nwant\n%+v", st.Errands, want)
	}
	hours := []casework.HourStats{
		{Hour: 9, Tickets: 2, Called: 2, WaitMean: 15 * minute, Within: 1},
		{Hour: 10, Tickets: 2, Called: 1, WaitMean: 5 * minute, Within: 1},
	}
	if fmt.Sprintf("%+v", st.Hours) != fmt.Sprintf("%+v", hours) {
		t.Errorf("hours = %+v, want %+v", st.Hours, hours)
	}
	if st.Tickets != 4 {
		t.Errorf("tickets = %d", st.Tickets)
	}
	if got := st.Errands[1].WithinShare(); got != 0.5 {
		t.Errorf("passport within target = %v", got)
	}
	channels := []casework.ChannelCount{{torg.ChannelSelfService, 2}, {torg.ChannelSelfServiceHelp, 1}, {torg.ChannelCounter, 1}}
	if fmt.Sprint(st.Channels) != fmt.Sprint(channels) {
		t.Errorf("channels = %v, want %v", st.Channels, channels)
	}
	if st.Guidance != 4 || st.SelfService != 2 || st.SelfServiceHelp != 1 || st.SelfServiceShare() != 0.75 {
		t.Errorf("guidance = %d, self-service %d + %d, share %v", st.Guidance, st.SelfService, st.SelfServiceHelp, st.SelfServiceShare())
	}
}

func TestQueueStatsFromKnownTickets(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Oslo")
	pass := &torg.QueueService{ID: 1, Prefix: "A", TargetWait: 15 * minute, TargetService: 10 * minute}
	move := &torg.QueueService{ID: 2, Prefix: "B", TargetWait: 10 * minute, TargetService: 5 * minute}
	tickets := []*torg.Ticket{
		{ServiceID: 1, Errand: "passport_adult", Status: torg.TicketDone, Issued: at(8, 5), Called: at(8, 15), Done: at(8, 23)},
		{ServiceID: 1, Errand: "passport_adult", Status: torg.TicketDone, Issued: at(8, 10), Called: at(8, 30), Done: at(8, 42)},
		{ServiceID: 2, Errand: "moving", Status: torg.TicketNoShow, Issued: at(9, 15), Called: at(9, 20), Done: at(9, 22)},
		{ServiceID: 2, Errand: "moving", Status: torg.TicketWaiting, Issued: at(9, 20)},
	}
	guidance := []*torg.Guidance{{Outcome: torg.ChannelSelfService}, {Outcome: torg.ChannelCounter},
		{Outcome: torg.ChannelSelfServiceHelp}, {Outcome: torg.ChannelSelfService}}
	checkStats(t, casework.ComputeQueueStats(tickets, []*torg.QueueService{pass, move}, guidance, loc))

	empty := casework.ComputeQueueStats(nil, nil, nil, loc)
	if empty.Tickets != 0 || len(empty.Errands) != 0 || empty.SelfServiceShare() != 0 {
		t.Errorf("no tickets: %+v", empty)
	}
}

func TestQueueStatistics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := casetest.New(t, db)
		f.Clock.T = at(12, 0)
		pass := putService(t, f, "passport", "A", 15*minute, 10*minute)
		move := putService(t, f, "moving", "B", 10*minute, 5*minute)
		surveyTicket(t, f, pass, "passport_adult", "", at(8, 5), at(8, 15), at(8, 23))
		surveyTicket(t, f, pass, "passport_adult", "", at(8, 10), at(8, 30), at(8, 42))
		noShow := surveyTicket(t, f, move, "moving", "", at(9, 15), at(9, 20), time.Time{})
		surveyTicket(t, f, move, "moving", "", at(9, 20), time.Time{}, time.Time{})
		surveyTicket(t, f, pass, "passport_adult", "", at(-2, 0), at(-1, 0), at(-1, 5)) // the day before, in Oslo
		err := db.Write(ctx, func(q *store.Q) error {
			noShow.Status, noShow.Done = torg.TicketNoShow, at(9, 22)
			if err := q.UpdateTicket(ctx, noShow, torg.TicketCalled); err != nil {
				return err
			}
			for i, o := range []string{torg.ChannelSelfService, torg.ChannelCounter, torg.ChannelSelfServiceHelp, torg.ChannelSelfService} {
				g := &torg.Guidance{MunicipalityID: f.Muni.ID, Errand: "moving", Outcome: o, GuideID: f.FrontDesk.ID,
					At: at(8, i)}
				if err := q.CreateGuidance(ctx, g); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		day := torg.DateOf(statsDay)
		t.Run("stats: waiting and service time by errand and hour against the targets, channels, self-service", func(t *testing.T) {
			st, err := f.Svc.QueueStatistics(ctx, f.Leader, day, day)
			if err != nil {
				t.Fatal(err)
			}
			checkStats(t, st)
			if st.From != day || st.To != day {
				t.Errorf("period = %v–%v", st.From, st.To)
			}
		})
		t.Run("the day before is its own period", func(t *testing.T) {
			st, err := f.Svc.QueueStatistics(ctx, f.Leader, day.AddDays(-1), day.AddDays(-1))
			if err != nil || st.Tickets != 1 || st.Guidance != 0 {
				t.Errorf("day before = %+v, %v", st, err)
			}
		})
		t.Run("only leaders, and a period that makes sense", func(t *testing.T) {
			if _, err := f.Svc.QueueStatistics(ctx, f.FrontDesk, day, day); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("front desk: %v", err)
			}
			if _, err := f.Svc.QueueStatistics(ctx, f.Leader, day, day.AddDays(-1)); torg.AsError(err) == nil || torg.AsError(err).Field != "to" {
				t.Errorf("backwards: %v", err)
			}
			if _, err := f.Svc.QueueStatistics(ctx, f.Leader, day.AddDays(-400), day); torg.AsError(err) == nil {
				t.Errorf("over a year: %v", err)
			}
		})
	})
}
