package casework_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/pdfmerge"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// Swedish test persons (domain.md §1.2): an adult without children, and a
// child in Kari's household.
const (
	dnPerNIN   = "191212121212"
	dnChildNIN = "201501022384"
	dnAdultNIN = "199001012389"
)

// dnFixture is the casework fixture with a Child, youth and family unit,
// its 1st social secretary and a child case worker, and a register where
// Kari lives with a minor child and another adult, and Per lives alone.
type dnFixture struct {
	*casetest.Fixture
	CYF           *torg.Unit
	Secretary, CW *torg.Employee
	Per           *torg.Person
}

func newDNFixture(t *testing.T, db *store.DB) *dnFixture {
	t.Helper()
	f := &dnFixture{Fixture: casetest.New(t, db)}
	m := f.Muni.ID
	err := db.Write(ctx, func(q *store.Q) error {
		f.CYF = &torg.Unit{MunicipalityID: m, Code: casework.UnitChildYouthFamily, Name: "Barn, unga och familj"}
		if err := q.CreateUnit(ctx, f.CYF); err != nil {
			return err
		}
		hash := casework.HashPassword(casetest.Password)
		f.Secretary = &torg.Employee{MunicipalityID: m, Username: "sek1", Name: "Sara Sekreterare", Initials: "SS",
			Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{f.CYF.ID}, Active: true}
		f.CW = &torg.Employee{MunicipalityID: m, Username: "bufhl", Name: "Bo Handläggare", Initials: "BH",
			Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{f.CYF.ID}, Active: true}
		for _, e := range []*torg.Employee{f.Secretary, f.CW} {
			if err := q.CreateEmployee(ctx, e, hash, casetest.Now); err != nil {
				return err
			}
		}
		f.Per = &torg.Person{MunicipalityID: m, NIN: dnPerNIN, NINCountry: "SE", NINKind: "personnummer", GivenName: "Per",
			FamilyName: "Svensson", Address: "Nygatan 9", Postcode: "11122", City: "Stockholm", Language: "sv"}
		if err := q.CreatePerson(ctx, f.Per, casetest.Now); err != nil {
			return err
		}
		reg := []store.RegisterPerson{
			{NIN: casetest.KariNIN, NINCountry: "NO", GivenName: "Kari", FamilyName: "Nordmann", BirthDate: torg.Date{Year: 1985, Month: 3, Day: 1},
				Address: "Storgata 1", Postcode: "4600", City: "Torgvik"},
			{NIN: dnChildNIN, NINCountry: "SE", GivenName: "Lilla", FamilyName: "Nordmann", BirthDate: torg.Date{Year: 2015, Month: 1, Day: 2},
				Address: "storgata 1 ", Postcode: "4600", City: "Torgvik"},
			{NIN: dnAdultNIN, NINCountry: "SE", GivenName: "Stor", FamilyName: "Nordmann", BirthDate: torg.Date{Year: 1990, Month: 1, Day: 1},
				Address: "Storgata 1", Postcode: "4600", City: "Torgvik"},
			{NIN: dnPerNIN, NINCountry: "SE", GivenName: "Per", FamilyName: "Svensson", BirthDate: torg.Date{Year: 1912, Month: 12, Day: 12},
				Address: "Nygatan 9", Postcode: "11122", City: "Stockholm"},
		}
		return q.ReplaceRegister(ctx, m, reg, nil, casetest.Now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// notice registers a notice for p in a debt_notice case of the debt unit,
// as DN1 leaves it: open, the person not current (DN2).
func (f *dnFixture) notice(t *testing.T, p *torg.Person, kind string, amount torg.Money) *torg.DebtNotice {
	t.Helper()
	received := torg.Date{Year: 2026, Month: 11, Day: 20}
	n := &torg.DebtNotice{MunicipalityID: f.Muni.ID, PersonID: p.ID, SenderKind: torg.SenderLandlord,
		SenderName: "Bostadsbolaget AB", Kind: kind, Amount: amount, Received: received,
		Deadline: torg.NoticeDeadline(kind, received), Status: torg.NoticeOpen, Note: "Hyra för oktober och november obetald"}
	err := f.DB.Write(ctx, func(q *store.Q) error {
		c := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebtNotice,
			Title: "Underrättelse – " + p.Name(), ResponsibleID: f.EG.ID, Status: torg.CaseOpen}
		if err := q.CreateCase(ctx, c, casetest.Now); err != nil {
			return err
		}
		if err := q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: p.ID, Role: torg.PartyApplicant}); err != nil {
			return err
		}
		n.CaseID = c.ID
		return q.CreateDebtNotice(ctx, n, casetest.Now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *dnFixture) reload(t *testing.T, id int64) *torg.DebtNotice {
	t.Helper()
	n, err := f.DB.R().DebtNotice(ctx, f.Muni.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func dnWantKey(t *testing.T, err error, code, key string) {
	t.Helper()
	var e *torg.Error
	if err == nil || !errors.As(err, &e) || string(e.Code) != code || e.Key != key {
		t.Fatalf("error %v, want %s %s", err, code, key)
	}
}

func TestDebtNoticeNotCurrentPaths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDNFixture(t, db)

		t.Run("DN4 the register answers registered and the minor children at the same address", func(t *testing.T) {
			h, err := f.Svc.NoticeRegisterCheck(ctx, f.EG, f.notice(t, f.Kari, torg.NoticeRent, 1_072_400).ID)
			if err != nil {
				t.Fatal(err)
			}
			if !h.Registered || h.Unknown || len(h.Children) != 1 || h.Children[0].NIN != dnChildNIN || h.Children[0].Name != "Lilla Nordmann" {
				t.Errorf("Kari's household %+v, want registered with the one minor child (not the other adult)", h)
			}
			h, err = f.Svc.NoticeRegisterCheck(ctx, f.EG, f.notice(t, f.Per, torg.NoticeElectricity, 350_000).ID)
			if err != nil {
				t.Fatal(err)
			}
			if !h.Registered || h.HasChildren() {
				t.Errorf("Per's household %+v, want registered without children", h)
			}
			h, err = f.Svc.NoticeRegisterCheck(ctx, f.EG, f.notice(t, f.Confidential, torg.NoticeWater, 90_000).ID)
			if err == nil {
				t.Errorf("EG read a notice on a confidential person's case: %+v", h)
			}
			h, err = f.Svc.NoticeRegisterCheck(ctx, f.Leader, f.notice(t, f.Confidential, torg.NoticeWater, 90_000).ID)
			if err != nil {
				t.Fatal(err)
			}
			if h.Registered || h.HasChildren() {
				t.Errorf("a person not in the register: %+v", h)
			}
			if _, err := f.Svc.NoticeRegisterCheck(ctx, f.Outsider, f.notice(t, f.Per, torg.NoticeRent, 1000).ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("outsider: %v, want ENOTFOUND", err)
			}
		})

		t.Run("DN5 no children: letter, intake record closed at once, one PDF bundle filed on the case", func(t *testing.T) {
			n := f.notice(t, f.Per, torg.NoticeRent, 1_072_400)
			in, err := f.Svc.CloseNoticeIntake(ctx, f.EG, n.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			if got := f.reload(t, n.ID); got.Status != torg.NoticeIntakeClosed || len(got.Children) != 0 {
				t.Errorf("notice after DN5: %+v", got)
			}
			c, err := db.R().Case(ctx, f.Muni.ID, n.CaseID)
			if err != nil {
				t.Fatal(err)
			}
			if c.Status.Active() {
				t.Errorf("the notice case is %s, want closed at once", c.Status)
			}
			recs, err := db.R().CaseRecords(ctx, n.CaseID)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 2 || recs[0].Type != torg.RecordOutgoing || recs[1].ID != in.Record.ID {
				t.Fatalf("records %+v, want the letter and the intake record", recs)
			}
			if recs[0].Title != "Vi har fått en underrättelse om att du har en skuld" {
				t.Errorf("letter subject %q, want the Swedish letter for a Swedish reader", recs[0].Title)
			}
			if !strings.Contains(recs[0].Body, "Bostadsbolaget AB") || !strings.Contains(recs[0].Body, "hyresskuld") {
				t.Errorf("the letter does not name the sender and kind: %q", recs[0].Body)
			}
			body := in.Record.Body
			for _, want := range []string{"10 724,00 NOK", "Brev om underretningen sendt", "ingen mindreårige barn", "avsluttet"} {
				if !strings.Contains(body, want) {
					t.Errorf("intake record %q lacks %q", body, want)
				}
			}
			if len(recs[1].Documents) != 1 || !strings.HasPrefix(recs[1].Documents[0].Filename, "aktualisering-") {
				t.Fatalf("intake record documents %+v, want the bundle", recs[1].Documents)
			}
			pdf, err := db.R().Blob(ctx, recs[1].Documents[0].SHA256)
			if err != nil {
				t.Fatal(err)
			}
			letterPDF, _ := db.R().Blob(ctx, recs[0].Documents[0].SHA256)
			lp, _ := pdfmerge.Pages(letterPDF)
			pages, err := pdfmerge.Pages(pdf)
			if err != nil || pages != 2+lp {
				t.Errorf("bundle has %d pages (%v), want record + notice summary + %d letter pages", pages, err, lp)
			}
			if _, err := f.Svc.CloseNoticeIntake(ctx, f.EG, n.ID, ""); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("second DN5: %v, want ECONFLICT", err)
			}
			_, err = f.Svc.CloseNoticeIntake(ctx, f.EG, f.notice(t, f.Kari, torg.NoticeRent, 500_000).ID, "")
			dnWantKey(t, err, string(torg.ECONFLICT), "dnpath.children_found")
		})

		t.Run("DN5 a notice for a current person is not on the not-current path", func(t *testing.T) {
			n := f.notice(t, f.Per, torg.NoticeWater, 10_000)
			n.Current, n.Status = true, torg.NoticeToCaseWorker
			if err := db.Write(ctx, func(q *store.Q) error { return q.SetDebtNoticePath(ctx, n, casetest.Now) }); err != nil {
				t.Fatal(err)
			}
			_, err := f.Svc.CloseNoticeIntake(ctx, f.EG, n.ID, "")
			dnWantKey(t, err, string(torg.ECONFLICT), "dnpath.wrong_state")
		})

		t.Run("DN5 a person who became current after DN2 goes to the case worker, not to DN5", func(t *testing.T) {
			n := f.notice(t, f.Per, torg.NoticeRent, 20_000)
			var c *torg.Case
			err := db.Write(ctx, func(q *store.Q) error {
				fa := &torg.Unit{MunicipalityID: f.Muni.ID, Code: torg.UnitFinancialAssistance, Name: "Ekonomiskt bistånd"}
				if err := q.CreateUnit(ctx, fa); err != nil {
					return err
				}
				c = &torg.Case{MunicipalityID: f.Muni.ID, UnitID: fa.ID, Type: "financial_assistance", Title: "Ekonomiskt bistånd",
					ResponsibleID: f.EG.ID, Status: torg.CaseOpen}
				if err := q.CreateCase(ctx, c, casetest.Now); err != nil {
					return err
				}
				return q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: f.Per.ID, Role: torg.PartyApplicant})
			})
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.Svc.CloseNoticeIntake(ctx, f.EG, n.ID, "")
			dnWantKey(t, err, string(torg.ECONFLICT), "dnpath.current")
			if got := f.reload(t, n.ID); got.Status != torg.NoticeOpen {
				t.Errorf("status %q after the refused DN5", got.Status)
			}
			// Per is not current again for the tests that follow.
			if err := db.Write(ctx, func(q *store.Q) error { return q.SetCaseStatus(ctx, c.ID, torg.CaseClosed, casetest.Now) }); err != nil {
				t.Fatal(err)
			}
		})

		var handed, shred *torg.DebtNotice
		t.Run("DN6 children: record, letter and a for-information copy with the children's numbers to the 1st social secretary", func(t *testing.T) {
			_, err := f.Svc.NoticeForInformation(ctx, f.EG, f.notice(t, f.Per, torg.NoticeRent, 1000).ID, "")
			dnWantKey(t, err, string(torg.ECONFLICT), "dnpath.no_children")
			for _, p := range []**torg.DebtNotice{&handed, &shred} {
				n := f.notice(t, f.Kari, torg.NoticeElectricity, 420_000)
				in, err := f.Svc.NoticeForInformation(ctx, f.EG, n.ID, "")
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(in.Record.Body, dnChildNIN) || !strings.Contains(in.Record.Body, "1 mindreårige barn") {
					t.Errorf("intake record %q: want the children documented, without their numbers", in.Record.Body)
				}
				got := f.reload(t, n.ID)
				if got.Status != torg.NoticeForInformation || !slices.Equal(got.Children, []string{dnChildNIN}) {
					t.Errorf("notice after DN6: %+v", got)
				}
				tasks, err := db.R().CaseTasks(ctx, n.CaseID)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(tasks, func(tk *torg.Task) bool {
					return tk.UnitID == f.CYF.ID && tk.Step == "DN6-notify" && !strings.Contains(tk.Title+tk.Detail, dnChildNIN)
				}) {
					t.Errorf("no for-information task on the Child, youth and family list: %+v", tasks)
				}
				*p = got
			}
		})

		t.Run("DN7 the 1st social secretary's list, only for Child, youth and family", func(t *testing.T) {
			if _, err := f.Svc.ForInformationList(ctx, f.EG); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("EG's list: %v, want EFORBIDDEN", err)
			}
			items, err := f.Svc.ForInformationList(ctx, f.Secretary)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 2 || items[0].PersonName != "Kari Nordmann" || len(items[0].ChildCases) != 0 ||
				!slices.Equal(items[0].Notice.Children, []string{dnChildNIN}) {
				t.Errorf("list %+v", items)
			}
		})

		t.Run("DN7 is done from the list, not by ticking the task off", func(t *testing.T) {
			tk := &torg.Task{MunicipalityID: f.Muni.ID, UnitID: f.CYF.ID, CaseID: handed.CaseID, Title: "DN7",
				RoutineID: "debt_notices", Step: "DN7", Outcomes: []string{"current_child_case", "no_child_case"}, CreatedBy: f.EG.ID}
			if err := db.Write(ctx, func(q *store.Q) error { return q.CreateTask(ctx, tk, casetest.Now) }); err != nil {
				t.Fatal(err)
			}
			err := f.Svc.CompleteTask(ctx, f.Secretary, tk.ID, "no_child_case", "")
			if e, ok := err.(*torg.Error); !ok || e.Key != "dnpath.use_information_list" {
				t.Fatalf("ticking off DN7: %v, want dnpath.use_information_list", err)
			}
			if got, err := db.R().Task(ctx, f.Muni.ID, tk.ID); err != nil || got.IsDone() {
				t.Fatalf("the DN7 task after a refused tick: %+v, %v", got, err)
			}
			items, err := f.Svc.ForInformationList(ctx, f.Secretary)
			if err != nil || len(items) != 2 {
				t.Fatalf("the list after a refused tick: %d items, %v", len(items), err)
			}
		})

		t.Run("DN7 a current child case: journal note on it and a task to its case worker", func(t *testing.T) {
			var child *torg.Person
			var cc, other *torg.Case
			err := db.Write(ctx, func(q *store.Q) error {
				child = &torg.Person{MunicipalityID: f.Muni.ID, NIN: dnChildNIN, NINCountry: "SE", GivenName: "Lilla", FamilyName: "Nordmann"}
				if err := q.CreatePerson(ctx, child, casetest.Now); err != nil {
					return err
				}
				cc = &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.CYF.ID, Type: "child", Title: "Barnärende – Lilla",
					ResponsibleID: f.CW.ID, Status: torg.CaseOpen}
				other = &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.CYF.ID, Type: "child", Title: "Ett annat barn",
					ResponsibleID: f.CW.ID, Status: torg.CaseOpen}
				for _, c := range []*torg.Case{cc, other} {
					if err := q.CreateCase(ctx, c, casetest.Now); err != nil {
						return err
					}
				}
				return q.AddParty(ctx, &torg.Party{CaseID: cc.ID, PersonID: child.ID, Role: torg.PartyApplicant})
			})
			if err != nil {
				t.Fatal(err)
			}
			items, err := f.Svc.ForInformationList(ctx, f.Secretary)
			if err != nil {
				t.Fatal(err)
			}
			if len(items[0].ChildCases) != 1 || items[0].ChildCases[0].ID != cc.ID {
				t.Fatalf("child cases %+v, want the child's open case", items[0].ChildCases)
			}
			if _, err := f.Svc.HandOverNotice(ctx, f.Secretary, handed.ID, other.ID); err == nil {
				t.Error("handed over to a case not about the children")
			}
			if _, err := f.Svc.HandOverNotice(ctx, f.EG, handed.ID, cc.ID); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("EG handed over: %v, want EFORBIDDEN", err)
			}
			note, err := f.Svc.HandOverNotice(ctx, f.Secretary, handed.ID, cc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if note.CaseID != cc.ID || !strings.Contains(note.Body, dnChildNIN) || !strings.Contains(note.Body, "4 200,00 NOK") {
				t.Errorf("journal note %+v", note)
			}
			tasks, err := db.R().CaseTasks(ctx, cc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(tasks) != 1 || tasks[0].AssigneeID != f.CW.ID || tasks[0].RecordID != note.ID {
				t.Errorf("tasks on the child case %+v, want one for its case worker", tasks)
			}
			if got := f.reload(t, handed.ID); got.Status != casework.NoticeHandedOver {
				t.Errorf("status %q", got.Status)
			}
			if _, err := f.Svc.HandOverNotice(ctx, f.Secretary, handed.ID, cc.ID); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("second hand-over: %v, want ECONFLICT", err)
			}
		})

		t.Run("DN7 no current child case: the copy is shredded, only the fact and date kept", func(t *testing.T) {
			if err := f.Svc.ShredNotice(ctx, f.EG, shred.ID); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("EG shredded: %v, want EFORBIDDEN", err)
			}
			f.Clock.T = casetest.Now.Add(48 * 3600e9)
			if err := f.Svc.ShredNotice(ctx, f.Secretary, shred.ID); err != nil {
				t.Fatal(err)
			}
			got := f.reload(t, shred.ID)
			if got.Status != casework.NoticeShredded || len(got.Children) != 0 || got.Note != "" || !got.ShreddedAt.Equal(f.Clock.T) {
				t.Errorf("shredded notice %+v: want no content, the date kept", got)
			}
			items, err := f.Svc.ForInformationList(ctx, f.Secretary)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 0 {
				t.Errorf("list after DN7: %+v", items)
			}
			if err := f.Svc.ShredNotice(ctx, f.Secretary, shred.ID); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("second shred: %v", err)
			}
		})

		t.Run("DN7 follow-up statistics by sender, kind and outcome, for the leader", func(t *testing.T) {
			from, to := torg.Date{Year: 2026, Month: 11, Day: 1}, torg.Date{Year: 2026, Month: 11, Day: 30}
			if _, err := f.Svc.NoticeStatistics(ctx, f.EG, from, to); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("EG: %v, want EFORBIDDEN", err)
			}
			st, err := f.Svc.NoticeStatistics(ctx, f.Leader, from, to)
			if err != nil {
				t.Fatal(err)
			}
			count := func(cs []casework.NoticeCount, k string) int {
				for _, c := range cs {
					if c.Key == k {
						return c.Count
					}
				}
				return -1
			}
			all, err := db.R().DebtNoticesReceived(ctx, f.Muni.ID, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if st.Total != len(all) || count(st.BySender, torg.SenderLandlord) != len(all) || count(st.BySender, torg.SenderCollector) != 0 {
				t.Errorf("by sender %+v (total %d of %d)", st.BySender, st.Total, len(all))
			}
			if count(st.ByKind, torg.NoticeElectricity) != 3 {
				t.Errorf("by kind %+v", st.ByKind)
			}
			if count(st.ByOutcome, torg.NoticeIntakeClosed) != 1 || count(st.ByOutcome, casework.NoticeHandedOver) != 1 ||
				count(st.ByOutcome, casework.NoticeShredded) != 1 {
				t.Errorf("by outcome %+v", st.ByOutcome)
			}
			if _, err := f.Svc.NoticeStatistics(ctx, f.Leader, to, from); torg.ErrorCode(err) != torg.EINVALID {
				t.Errorf("reversed period: %v", err)
			}
		})
	})
}
