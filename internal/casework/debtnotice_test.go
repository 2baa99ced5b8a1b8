package casework_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// noticeFixture adds the two DN units to the fixture: ekonomiskt bistånd
// with an administrative officer (Officer) and a case worker (Worker) who
// is responsible for Tolvan's open case, and barn, unga och familj; and
// puts Tolvan and Ulla in the population register.
type noticeFixture struct {
	*casetest.Fixture
	FA, Child       *torg.Unit
	Officer, Worker *torg.Employee
	Tolvan          *torg.Person // current: an open case in FA
	TolvanCase      *torg.Case
}

func newNoticeFixture(t *testing.T, db *store.DB) *noticeFixture {
	t.Helper()
	f := &noticeFixture{Fixture: casetest.New(t, db)}
	ctx := context.Background()
	if _, err := f.Svc.LoadRoutines(ctx); err != nil {
		t.Fatal(err)
	}
	m := f.Muni.ID
	err := db.Write(ctx, func(q *store.Q) error {
		f.FA = &torg.Unit{MunicipalityID: m, Code: torg.UnitFinancialAssistance, Name: "Ekonomiskt bistånd"}
		f.Child = &torg.Unit{MunicipalityID: m, Code: torg.UnitChildYouthFamily, Name: "Barn, unga och familj"}
		for _, u := range []*torg.Unit{f.FA, f.Child} {
			if err := q.CreateUnit(ctx, u); err != nil {
				return err
			}
		}
		f.Officer = &torg.Employee{MunicipalityID: m, Username: "ao", Name: "Anna Olsson", Initials: "AO",
			Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{f.FA.ID}, Active: true}
		f.Worker = &torg.Employee{MunicipalityID: m, Username: "hl", Name: "Hans Lind", Initials: "HL",
			Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{f.FA.ID}, Active: true}
		for _, e := range []*torg.Employee{f.Officer, f.Worker} {
			if err := q.CreateEmployee(ctx, e, casework.HashPassword(casetest.Password), casetest.Now); err != nil {
				return err
			}
		}
		f.Tolvan = &torg.Person{MunicipalityID: m, NIN: "191212121212", NINCountry: "SE", NINKind: "personnummer",
			GivenName: "Tolvan", FamilyName: "Tolvansson"}
		if err := q.CreatePerson(ctx, f.Tolvan, casetest.Now); err != nil {
			return err
		}
		f.TolvanCase = &torg.Case{MunicipalityID: m, UnitID: f.FA.ID, Type: "financial_assistance", Status: torg.CaseOpen,
			Title: "Ekonomiskt bistånd", ResponsibleID: f.Worker.ID}
		if err := q.CreateCase(ctx, f.TolvanCase, casetest.Now); err != nil {
			return err
		}
		if err := q.AddParty(ctx, &torg.Party{CaseID: f.TolvanCase.ID, PersonID: f.Tolvan.ID, Role: torg.PartyApplicant,
			Name: "Tolvan Tolvansson"}); err != nil {
			return err
		}
		return q.ReplaceRegister(ctx, m, []store.RegisterPerson{
			{NIN: "191212121212", NINCountry: "SE", GivenName: "Tolvan", FamilyName: "Tolvansson", Address: "Storgatan 1",
				Postcode: "12345", City: "Torgvik"},
			{NIN: "195005050512", NINCountry: "SE", GivenName: "Ulla", FamilyName: "Nilsson", Address: "Lillgatan 2",
				Postcode: "12345", City: "Torgvik"},
			{NIN: "200001052380", NINCountry: "SE", GivenName: "Olle", FamilyName: "Nilsson", Address: "Lillgatan 2",
				Postcode: "12345", City: "Torgvik"},
		}, nil, casetest.Now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func rentNotice(nin string) casework.NoticeInput {
	received, _ := torg.ParseDate("2026-11-20")
	return casework.NoticeInput{NIN: nin, SenderKind: torg.SenderLandlord, SenderName: "Bostads AB Torgvik",
		Kind: torg.NoticeRent, Amount: 1_072_400, Received: received, Note: "Uppsägning, formulär 3"}
}

func noticeErrKey(err error) string {
	if e := torg.AsError(err); e != nil {
		return e.Key
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestRegisterNotice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newNoticeFixture(t, db)

		t.Run("DN1 registers the notice in a debt_notice case of ekonomiskt bistånd with the legal deadline", func(t *testing.T) {
			n, err := f.Svc.RegisterNotice(ctx, f.Officer, rentNotice("19500505-0512"))
			if err != nil {
				t.Fatal(err)
			}
			if n.Status != torg.NoticeOpen || n.NotRegistered || n.RepeatOf != 0 {
				t.Errorf("notice %+v", n)
			}
			// 20 Nov + 21 days = 11 Dec 2026, a Friday.
			if n.Deadline.String() != "2026-12-11" {
				t.Errorf("deadline %s, want 2026-12-11", n.Deadline)
			}
			c, err := db.R().Case(ctx, f.Muni.ID, n.CaseID)
			if err != nil {
				t.Fatal(err)
			}
			if c.Type != torg.CaseTypeDebtNotice || c.UnitID != f.FA.ID {
				t.Errorf("case type %q unit %d", c.Type, c.UnitID)
			}
			p, err := db.R().Person(ctx, f.Muni.ID, n.PersonID)
			if err != nil || p.GivenName != "Ulla" || p.Address != "Lillgatan 2" {
				t.Errorf("person from the register: %+v %v", p, err)
			}
			tasks, _ := db.R().CaseTasks(ctx, c.ID)
			if len(tasks) == 0 || tasks[0].Step != "DN1" {
				t.Errorf("the routine did not start: %+v", tasks)
			}
		})

		t.Run("DN1 the same notice again within 30 days is a conflict", func(t *testing.T) {
			in := rentNotice("195005050512")
			in.Received = in.Received.AddDays(3)
			_, err := f.Svc.RegisterNotice(ctx, f.Officer, in)
			if torg.ErrorCode(err) != torg.ECONFLICT || noticeErrKey(err) != "notice.duplicate" {
				t.Errorf("err = %v", err)
			}
		})

		t.Run("DN1 another notice within 12 months is flagged as a repeat", func(t *testing.T) {
			first, _ := db.R().PersonDebtNotices(ctx, f.Muni.ID, mustPersonID(t, db, f.Muni.ID, "195005050512"), torg.Date{Year: 2000, Month: 1, Day: 1})
			in := rentNotice("195005050512")
			in.Kind, in.SenderKind, in.SenderName, in.Amount = torg.NoticeWater, torg.SenderMunicipality, "Torgviks kommun VA", 250_000
			n, err := f.Svc.RegisterNotice(ctx, f.Officer, in)
			if err != nil {
				t.Fatal(err)
			}
			if len(first) != 1 || n.RepeatOf != first[0].ID {
				t.Errorf("repeat of %d, want the first notice %v", n.RepeatOf, first)
			}
			if n.Deadline.String() != "2026-12-04" { // water: 14 days
				t.Errorf("water deadline %s", n.Deadline)
			}
		})

		t.Run("DN1 a notice for someone in the same household within 12 months is flagged as a repeat", func(t *testing.T) {
			first, _ := db.R().PersonDebtNotices(ctx, f.Muni.ID, mustPersonID(t, db, f.Muni.ID, "195005050512"), torg.Date{Year: 2000, Month: 1, Day: 1})
			n, err := f.Svc.RegisterNotice(ctx, f.Officer, rentNotice("200001052380")) // Ulla's son at Lillgatan 2
			if err != nil {
				t.Fatal(err)
			}
			if len(first) == 0 || n.RepeatOf != first[0].ID {
				t.Errorf("repeat of %d, want %v", n.RepeatOf, first)
			}
		})

		t.Run("DN1 a double submit registers one notice", func(t *testing.T) {
			in := rentNotice("195005050512")
			in.SenderName, in.RequestKey = "Annan hyresvärd", "form-1"
			a, err := f.Svc.RegisterNotice(ctx, f.Officer, in)
			if err != nil {
				t.Fatal(err)
			}
			b, err := f.Svc.RegisterNotice(ctx, f.Officer, in)
			if err != nil || b.ID != a.ID {
				t.Errorf("second submit: %v %v", b, err)
			}
		})

		t.Run("DN1 a person not in the register is registered with a flag, not refused", func(t *testing.T) {
			in := rentNotice("730678-3239") // a samordningsnummer
			in.GivenName, in.FamilyName = "Sam", "Ordning"
			n, err := f.Svc.RegisterNotice(ctx, f.Officer, in)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := db.R().Person(ctx, f.Muni.ID, n.PersonID)
			if !n.NotRegistered || p.NINKind != "samordningsnummer" || p.NIN != "197306783239" {
				t.Errorf("notice %+v person %+v", n, p)
			}
		})

		t.Run("DN1 bad input", func(t *testing.T) {
			for _, tt := range []struct {
				name  string
				edit  func(*casework.NoticeInput)
				field string
			}{
				{"malformed personnummer", func(in *casework.NoticeInput) { in.NIN = "191212121213" }, "nin"},
				{"no personnummer", func(in *casework.NoticeInput) { in.NIN = "" }, "nin"},
				{"unknown sender", func(in *casework.NoticeInput) { in.SenderKind = "bank" }, "sender_kind"},
				{"no sender name", func(in *casework.NoticeInput) { in.SenderName = " " }, "sender_name"},
				{"unknown kind", func(in *casework.NoticeInput) { in.Kind = "gas" }, "kind"},
				{"zero amount", func(in *casework.NoticeInput) { in.Amount = 0 }, "amount"},
				{"no date", func(in *casework.NoticeInput) { in.Received = torg.Date{} }, "received"},
				{"received in the future", func(in *casework.NoticeInput) { in.Received, _ = torg.ParseDate("2026-12-01") }, "received"},
				{"unknown person without a name", func(in *casework.NoticeInput) { in.NIN = "194408139089" }, "given_name"},
			} {
				in := rentNotice("191212121212")
				in.SenderName = "Fel " + tt.name
				tt.edit(&in)
				_, err := f.Svc.RegisterNotice(ctx, f.Officer, in)
				if e := torg.AsError(err); e == nil || e.Field != tt.field {
					t.Errorf("%s: err = %v, want field %s", tt.name, err, tt.field)
				}
			}
			if _, err := f.Svc.RegisterNotice(ctx, f.Admin, rentNotice("191212121212")); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("admin registers a notice: %v", err)
			}
		})
	})
}

func TestNoticeDeadlineRollsForward(t *testing.T) {
	for _, tt := range []struct{ kind, received, want string }{
		{torg.NoticeRent, "2026-11-20", "2026-12-11"},        // a Friday
		{torg.NoticeRent, "2026-11-21", "2026-12-14"},        // Saturday 12 Dec → Monday
		{torg.NoticeElectricity, "2026-12-03", "2026-12-28"}, // julafton, juldagen, annandag jul, weekend... → Monday 28 Dec
		{torg.NoticeWater, "2026-12-10", "2026-12-28"},       // 24 Dec julafton → Monday 28 Dec
		{torg.NoticeRent, "2026-05-29", "2026-06-22"},        // Friday 19 June midsommarafton → Monday 22 June
	} {
		in := rentNotice("191212121212")
		in.Kind = tt.kind
		in.Received, _ = torg.ParseDate(tt.received)
		t.Run("DN1 deadline "+tt.kind+" "+tt.received, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newNoticeFixture(t, db)
				f.Clock.T = in.Received.Time().Add(12 * time.Hour)
				n, err := f.Svc.RegisterNotice(context.Background(), f.Officer, in)
				if err != nil {
					t.Fatal(err)
				}
				if n.Deadline.String() != tt.want {
					t.Errorf("deadline %s, want %s", n.Deadline, tt.want)
				}
			})
		})
	}
}

func mustPersonID(t *testing.T, db *store.DB, m int64, nin string) int64 {
	t.Helper()
	p, err := db.R().PersonByNIN(context.Background(), m, nin)
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func TestNoticeCurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newNoticeFixture(t, db)

		t.Run("DN2 DN3 a current person's notice goes to their case worker with the legal deadline", func(t *testing.T) {
			in := rentNotice("191212121212")
			in.Kind, in.SenderKind, in.SenderName = torg.NoticeElectricity, torg.SenderElectricity, "Torgvik Energi"
			n, err := f.Svc.RegisterNotice(ctx, f.Officer, in)
			if err != nil {
				t.Fatal(err)
			}
			n, cur, err := f.Svc.CheckCurrent(ctx, f.Officer, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !n.Current || n.Status != torg.NoticeToCaseWorker || cur == nil || cur.ID != f.TolvanCase.ID {
				t.Fatalf("notice %+v current case %v", n, cur)
			}
			if tasks, _ := db.R().CaseTasks(ctx, f.TolvanCase.ID); len(tasks) != 0 {
				t.Errorf("tasks on the current case %+v, want the notice's own DN3 task only", tasks)
			}
			own, _ := db.R().CaseTasks(ctx, n.CaseID)
			var dn3 *torg.Task
			for _, tk := range own {
				if (tk.Step == "DN1" || tk.Step == "DN2") && !tk.IsDone() {
					t.Errorf("routine task %s left open on the notice's case", tk.Step)
				}
				if tk.Step == "DN3" {
					dn3 = tk
				}
			}
			if dn3 == nil || dn3.IsDone() || dn3.AssigneeID != f.Worker.ID || dn3.Due != n.Deadline ||
				!strings.Contains(dn3.Detail, "10 724,00") || !slices.Equal(dn3.Outcomes, []string{"concern", "no_concern"}) {
				t.Errorf("DN3 task %+v, want the case worker's decision due on the legal deadline", dn3)
			}
			if _, _, err := f.Svc.CheckCurrent(ctx, f.Officer, n.ID); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("second check: %v", err)
			}

			t.Run("DN3 children and concern: a report of concern on the child, youth and family unit's list", func(t *testing.T) {
				task, err := f.Svc.ReportConcern(ctx, f.Worker, n.ID, true, true)
				if err != nil {
					t.Fatal(err)
				}
				if task == nil || task.UnitID != f.Child.ID || task.AssigneeID != 0 || task.Due.String() != "2026-11-24" || task.IsDone() {
					t.Errorf("task %+v", task)
				}
				c, _ := db.R().Case(ctx, f.Muni.ID, n.CaseID)
				if !c.Status.Active() {
					t.Errorf("the notice case is %s before the report is taken, want open", c.Status)
				}
				if _, err := f.Svc.ReportConcern(ctx, f.Worker, n.ID, true, false); torg.ErrorCode(err) != torg.ECONFLICT {
					t.Errorf("DN3 answered twice: %v, want ECONFLICT", err)
				}
				if v, err := f.Svc.NoticePage(ctx, f.Worker, n.ID); err != nil || !v.Answered {
					t.Errorf("notice page %+v, %v: want DN3 answered", v, err)
				}
				// Child, youth and family take the report: the notice's handling ends.
				social := &torg.Employee{MunicipalityID: f.Muni.ID, Username: "bu", Name: "Bo Ullman", Initials: "BU",
					Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{f.Child.ID}, Active: true}
				if err := db.Write(ctx, func(q *store.Q) error {
					return q.CreateEmployee(ctx, social, casework.HashPassword(casetest.Password), casetest.Now)
				}); err != nil {
					t.Fatal(err)
				}
				if err := f.Svc.CompleteTask(ctx, social, task.ID, "", ""); err != nil {
					t.Fatal(err)
				}
				if c, _ := db.R().Case(ctx, f.Muni.ID, n.CaseID); c.Status.Active() {
					t.Errorf("the notice case is %s after the report was taken, want closed (DN3-close)", c.Status)
				}
			})
		})

		t.Run("DN3 no concern: no report, and the notice's handling is closed", func(t *testing.T) {
			in := rentNotice("191212121212")
			in.SenderName, in.Amount = "Hyresvärden Torg AB", 250_000
			n, err := f.Svc.RegisterNotice(ctx, f.Officer, in)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.Svc.CheckCurrent(ctx, f.Officer, n.ID); err != nil {
				t.Fatal(err)
			}
			task, err := f.Svc.ReportConcern(ctx, f.Worker, n.ID, true, false)
			if err != nil || task != nil {
				t.Errorf("task %v err %v", task, err)
			}
			c, _ := db.R().Case(ctx, f.Muni.ID, n.CaseID)
			if c.Status.Active() {
				t.Errorf("the notice case is %s after DN3, want closed (DN3-close)", c.Status)
			}
			own, _ := db.R().CaseTasks(ctx, n.CaseID)
			for _, tk := range own {
				if !tk.IsDone() {
					t.Errorf("task %s left open on the closed notice case", tk.Step)
				}
			}
		})

		t.Run("DN2 a person without an open case of ekonomiskt bistånd is not current", func(t *testing.T) {
			n, err := f.Svc.RegisterNotice(ctx, f.Officer, rentNotice("195005050512"))
			if err != nil {
				t.Fatal(err)
			}
			n, cur, err := f.Svc.CheckCurrent(ctx, f.Officer, n.ID)
			if err != nil || cur != nil || n.Current || n.Status != torg.NoticeOpen {
				t.Errorf("notice %+v current %v err %v", n, cur, err)
			}
			if _, err := f.Svc.ReportConcern(ctx, f.Worker, n.ID, true, true); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("report of concern on a not-current notice: %v", err)
			}
		})

		t.Run("DN2 staff outside the unit cannot see the notice", func(t *testing.T) {
			n, err := f.Svc.RegisterNotice(ctx, f.Officer, rentNotice("195005050512"))
			if err == nil {
				t.Fatalf("duplicate registered: %+v", n)
			}
			list, _ := db.R().DebtNoticesByStatus(ctx, f.Muni.ID, torg.NoticeOpen)
			if _, _, err := f.Svc.CheckCurrent(ctx, f.Outsider, list[0].ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("outsider: %v", err)
			}
		})
	})
}

func TestImportNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newNoticeFixture(t, db)
		t.Run("DN1 bulk upload: good lines imported, bad lines reported with their numbers", func(t *testing.T) {
			file := "personnummer;avsändartyp;avsändare;skuldslag;belopp;mottagen\n" +
				"191212121212;landlord;Bostads AB;rent;10 724,50;2026-11-20\n" +
				"191212121213;landlord;Bostads AB;rent;100;2026-11-20\n" +
				"195005050512;electricity_company;Torgvik Energi;electricity;SEK 1 500;2026-11-19\n" +
				"195005050512;electricity_company;Torgvik Energi;electricity;abc;2026-11-19\n" +
				"195005050512;electricity_company;Torgvik Energi;electricity;1 500;2026-11-19\n" +
				"195005050512;electricity_company;Torgvik Energi;gas;1 500;2026-11-19\n"
			res, err := f.Svc.ImportNotices(ctx, f.Officer, []byte(file))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Imported) != 2 || res.Imported[0].Amount != 1_072_450 || res.Imported[1].Amount != 150_000 {
				t.Errorf("imported %+v", res.Imported)
			}
			want := map[int]string{3: "nin", 5: "amount", 6: "", 7: "kind"}
			if len(res.Failed) != len(want) {
				t.Fatalf("failed %+v", res.Failed)
			}
			for _, l := range res.Failed {
				f, ok := want[l.Line]
				if !ok || torg.AsError(l.Err) == nil || torg.AsError(l.Err).Field != f {
					t.Errorf("line %d: %v", l.Line, l.Err)
				}
			}
			all, _ := db.R().DebtNoticesByStatus(ctx, f.Muni.ID, torg.NoticeOpen)
			if len(all) != 2 {
				t.Errorf("%d notices stored, want 2", len(all))
			}
		})
		t.Run("DN1 bulk upload without the needed columns is refused", func(t *testing.T) {
			_, err := f.Svc.ImportNotices(ctx, f.Officer, []byte("nin,amount\n191212121212,100\n"))
			if noticeErrKey(err) != "notice.import_column_missing" {
				t.Errorf("err = %v", err)
			}
		})
	})
}
