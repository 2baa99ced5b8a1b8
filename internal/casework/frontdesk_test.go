package casework_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var ctx = context.Background()

func TestFrontDeskRoutine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		t.Run("FD1.1 find the person by national ID", func(t *testing.T) { testFindByNIN(t, f) })
		t.Run("FD1.1 find the person by name", func(t *testing.T) { testFindByName(t, f) })
		t.Run("FD1.1 register a new person", func(t *testing.T) { testRegisterPerson(t, f) })
		t.Run("FD1.2 walk-in filed in General inquiries", func(t *testing.T) { testWalkIn(t, f) })
		t.Run("FD1.2 journal note in the General inquiries case", func(t *testing.T) { testJournalNote(t, f) })
		t.Run("FD2.2 look up the ongoing case", func(t *testing.T) { testDeskCases(t, f) })
		t.Run("FD2.1 FD2.3 FD2.4 DC7 drop-off filed with checklist and a task for the counsellor", func(t *testing.T) { testDropOff(t, f) })
		t.Run("FD2.5 the desk never sees a counsellor's e-mail", func(t *testing.T) { testNoEmail(t, f) })
	})
}

func testFindByNIN(t *testing.T, f *casetest.Fixture) {
	p, err := f.Svc.FindPersonByNIN(ctx, f.FrontDesk, " 109155 96784 ")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != f.Kari.ID || p.Address != "Storgata 1" {
		t.Errorf("found %+v", p.Person)
	}
	for _, tc := range []struct{ in, key string }{
		{"1091559678", "nin.length"},
		{"10915596785", "nin.control2"},
		{"1091559678x", "nin.length"},
	} {
		_, err := f.Svc.FindPersonByNIN(ctx, f.FrontDesk, tc.in)
		if e := torg.AsError(err); e == nil || e.Key != tc.key || e.Field != "nin" {
			t.Errorf("%q: err = %v, want key %s on field nin", tc.in, err, tc.key)
		}
	}
	_, err = f.Svc.FindPersonByNIN(ctx, f.FrontDesk, "31129956715")
	if e := torg.AsError(err); e == nil || e.Key != "person.not_found_nin" {
		t.Errorf("unknown person: %v", err)
	}
	if _, err := f.Svc.FindPersonByNIN(ctx, f.Admin, casetest.KariNIN); torg.ErrorCode(err) != torg.EFORBIDDEN {
		t.Errorf("admin looked a person up: %v", err)
	}
}

func testFindByName(t *testing.T, f *casetest.Fixture) {
	got, err := f.Svc.SearchPersons(ctx, f.FrontDesk, "nord")
	if err != nil || len(got) != 1 || got[0].ID != f.Kari.ID {
		t.Fatalf("search nord: %v %v", got, err)
	}
	if got, _ := f.Svc.SearchPersons(ctx, f.FrontDesk, "sara"); len(got) != 0 {
		t.Errorf("strictly protected person listed in a name search for the desk")
	}
	if got, _ := f.Svc.SearchPersons(ctx, f.Leader, "sara"); len(got) != 1 {
		t.Errorf("cleared leader cannot find the protected person by name")
	}
	if _, err := f.Svc.SearchPersons(ctx, f.FrontDesk, "k"); torg.AsError(err) == nil {
		t.Errorf("one-letter search accepted")
	}
	if got, _ := f.Svc.SearchPersons(ctx, f.FrontDesk, "%"); len(got) != 0 {
		t.Errorf("wildcard search listed %d persons", len(got))
	}
}

func testRegisterPerson(t *testing.T, f *casetest.Fixture) {
	in := casework.PersonInput{NIN: "15507600333", GivenName: "Per", FamilyName: "<b>Hansen</b>"}
	p, err := f.Svc.CreatePerson(ctx, f.FrontDesk, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.FamilyName != "<b>Hansen</b>" {
		t.Errorf("text changed on the way in: %q", p.FamilyName)
	}
	if _, err := f.Svc.CreatePerson(ctx, f.FrontDesk, in); torg.AsError(err) == nil || torg.AsError(err).Key != "person.exists" {
		t.Errorf("second registration: %v", err)
	}
	in.NIN, in.GivenName = "01819040199", ""
	if _, err := f.Svc.CreatePerson(ctx, f.FrontDesk, in); torg.AsError(err) == nil {
		t.Errorf("invalid person accepted")
	}
}

func walkIn(f *casetest.Fixture, key string) casework.WalkIn {
	return casework.WalkIn{RequestKey: key, PersonID: f.Kari.ID, UnitID: f.Debt.ID, From: torg.FromCitizen,
		Summary: "Ønsker time hos gjeldsrådgiver. Har inkassokrav.", Note: "Ringte tilbake samme dag."}
}

func testWalkIn(t *testing.T, f *casetest.Fixture) {
	q, dup, err := f.Svc.RegisterWalkIn(ctx, f.FrontDesk, walkIn(f, "k-walkin"))
	if err != nil || dup {
		t.Fatalf("walk-in: %v dup=%v", err, dup)
	}
	rec, c, err := f.Svc.Record(ctx, f.EG, q.RecordID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Title != "Gjeldsrådgivningssak" || rec.Type != torg.RecordIncoming || !rec.Outstanding {
		t.Errorf("record = %+v", rec)
	}
	if c.Type != torg.CaseTypeGeneral || c.Title != "Generelle henvendelser – Gjeldsrådgivning 2026" {
		t.Errorf("filed in %q (%s), want the general inquiries case", c.Title, c.Type)
	}
	tasks, _ := f.Svc.WorkList(ctx, f.EG)
	if !hasTask(tasks, q.TaskID) {
		t.Errorf("EG, responsible for Kari's case, does not have the follow-up task")
	}
	if task := find(tasks, q.TaskID); task != nil && task.Due.String() != "2026-11-24" {
		t.Errorf("due %s, want the next working day 2026-11-24", task.Due)
	}
	q2, _, _ := f.Svc.RegisterWalkIn(ctx, f.FrontDesk, walkIn(f, "k-walkin-2"))
	if q2.CaseID != q.CaseID {
		t.Errorf("second inquiry of the year went to case %d, first to %d", q2.CaseID, q.CaseID)
	}
}

func testJournalNote(t *testing.T, f *casetest.Fixture) {
	q, _, err := f.Svc.RegisterWalkIn(ctx, f.FrontDesk, walkIn(f, "k-note"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.AddNote(ctx, f.EG, q.CaseID, q.RecordID, "Kalt inn til samtale."); err != nil {
		t.Fatal(err)
	}
	v, err := f.Svc.Case(ctx, f.EG, q.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, n := range v.Notes {
		if n.RecordID == q.RecordID {
			bodies = append(bodies, n.Body)
		}
	}
	if diff := cmp.Diff([]string{"Ringte tilbake samme dag.", "Kalt inn til samtale."}, bodies); diff != "" {
		t.Error(diff)
	}
	if _, err := f.Svc.AddNote(ctx, f.Outsider, q.CaseID, 0, "x"); torg.ErrorCode(err) != torg.ENOTFOUND {
		t.Errorf("outsider wrote a note: %v", err)
	}
}

func testDeskCases(t *testing.T, f *casetest.Fixture) {
	p, err := f.Svc.FindPersonByNIN(ctx, f.FrontDesk, casetest.KariNIN)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := f.Svc.DeskCases(ctx, f.FrontDesk, p.ID)
	if err != nil || len(cases) != 1 {
		t.Fatalf("desk cases: %v %v", cases, err)
	}
	c := cases[0]
	if c.ID != f.KariCase.ID || c.ResponsibleName != "Eva Gran" || c.Shelf != "Gjeldsrådgivning" || len(c.Checklist) != 4 {
		t.Errorf("desk case = %+v", c)
	}
	if _, err := f.Svc.Case(ctx, f.FrontDesk, f.KariCase.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
		t.Errorf("the desk opened the full case: %v", err)
	}
}

func dropOff(f *casetest.Fixture, key string) casework.DropOff {
	return casework.DropOff{RequestKey: key, PersonID: f.Kari.ID, CaseID: f.KariCase.ID, From: torg.FromCitizen,
		Delivered: []string{"Fullmakt", "Skattemelding"}, Other: "Brev fra Lindorff", POA: torg.POAIncomplete,
		Files: []casework.Upload{{Filename: `C:\scan\fullmakt.pdf`, Data: []byte("%PDF-1.4\n1 0 obj\n")}}}
}

func testDropOff(t *testing.T, f *casetest.Fixture) {
	q, dup, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, dropOff(f, "k-drop"))
	if err != nil || dup {
		t.Fatalf("drop-off: %v %v", err, dup)
	}
	if diff := cmp.Diff([]string{"Lønnsslipper siste 3 måneder", "Utskrift fra Gjeldsregisteret"}, q.Missing); diff != "" {
		t.Errorf("FD2.3 missing items (-want +got):\n%s", diff)
	}
	rec, _, err := f.Svc.Record(ctx, f.EG, q.RecordID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.CaseID != f.KariCase.ID || rec.Shelf != "Gjeldsrådgivning" || len(rec.Documents) != 1 {
		t.Errorf("record = %+v", rec)
	}
	for _, want := range []string{"Fullmakt: levert, men ikke fullstendig utfylt.", "Mangler fortsatt:", "«Gjeldsrådgivning»"} {
		if !strings.Contains(rec.Body, want) {
			t.Errorf("record text lacks %q:\n%s", want, rec.Body)
		}
	}
	d, data, err := f.Svc.Document(ctx, f.EG, rec.ID, rec.Documents[0].ID)
	if err != nil || d.Filename != "fullmakt.pdf" || d.MediaType != "application/pdf" || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Errorf("document = %+v, %v", d, err)
	}
	tasks, _ := f.Svc.WorkList(ctx, f.EG)
	if task := find(tasks, q.TaskID); task == nil || !strings.Contains(task.Detail, "Gjeldsrådgivning") {
		t.Errorf("FD2.2 responsible counsellor lacks the task: %+v", task)
	}
	if tasks, _ := f.Svc.WorkList(ctx, f.KH); hasTask(tasks, q.TaskID) {
		t.Errorf("the task is on another counsellor's list")
	}
}

func testNoEmail(t *testing.T, f *casetest.Fixture) {
	cases, _ := f.Svc.DeskCases(ctx, f.FrontDesk, f.Kari.ID)
	q, _, _ := f.Svc.RegisterDropOff(ctx, f.FrontDesk, dropOff(f, "k-mail"))
	r, err := f.Svc.Receipt(ctx, f.FrontDesk, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{cases[0], *r.Inquiry, r.CaseNumber, r.AssigneeName} {
		if s := strings.ToLower(fmtAll(v)); strings.Contains(s, "@torgvik") {
			t.Errorf("desk data contains an e-mail address: %s", s)
		}
	}
	if r.MessageChannel != "eDialog" || cases[0].MessageChannel != "eDialog" {
		t.Errorf("the desk is not pointed to the secure message channel")
	}
}

func TestDoubleSubmitMakesOneInquiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		var wg sync.WaitGroup
		ids := make([]int64, 6)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				q, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, dropOff(f, "same-form"))
				if err != nil {
					t.Error(err)
					return
				}
				ids[i] = q.ID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("double submit created several inquiries: %v", ids)
			}
		}
		v, _ := f.Svc.Case(ctx, f.EG, f.KariCase.ID)
		if len(v.Records) != 1 || len(v.Tasks) != 1 {
			t.Errorf("records %d, tasks %d; want one of each", len(v.Records), len(v.Tasks))
		}
	})
}

func TestBadUploadSavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		big := make([]byte, f.Svc.Config().MaxUploadBytes+1)
		copy(big, "%PDF-1.4")
		for name, files := range map[string][]casework.Upload{
			"too large":  {{Filename: "a.pdf", Data: big}},
			"executable": {{Filename: "a.pdf", Data: []byte("MZ\x90\x00\x03\x00\x00\x00")}},
			"html":       {{Filename: "x.pdf", Data: []byte("<html><script>alert(1)</script>")}},
			"second bad": {{Filename: "ok.pdf", Data: []byte("%PDF-1.4")}, {Filename: "b.exe", Data: []byte("MZ")}},
			"empty":      {{Filename: "e.pdf"}},
		} {
			in := dropOff(f, "bad-"+name)
			in.Files = files
			_, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, in)
			if e := torg.AsError(err); e == nil || e.Field != "files" {
				t.Errorf("%s: err = %v, want a files error", name, err)
			}
		}
		v, _ := f.Svc.Case(ctx, f.EG, f.KariCase.ID)
		if len(v.Records) != 0 || len(v.Tasks) != 0 {
			t.Errorf("a refused upload left %d records and %d tasks", len(v.Records), len(v.Tasks))
		}
	})
}

func TestProtectedAddressHidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		for _, tc := range []struct {
			who    *torg.Employee
			person *torg.Person
			hidden bool
		}{
			{f.FrontDesk, f.Protected, true},
			{f.FrontDesk, f.Confidential, true},
			{f.EG, f.Confidential, true},
			{f.Leader, f.Protected, false},
			{f.FrontDesk, f.Kari, false},
		} {
			p, err := f.Svc.Person(ctx, tc.who, tc.person.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p.AddressHidden != tc.hidden || (tc.hidden && p.Address != "") {
				t.Errorf("%s reading %s: hidden=%v address=%q", tc.who.Username, tc.person.GivenName, p.AddressHidden, p.Address)
			}
		}
		seen := 0
		err := db.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
			if e.PersonID == f.Protected.ID && e.Action == "person.read" {
				seen++
			}
			return nil
		})
		if err != nil || seen != 2 {
			t.Errorf("reads of the protected person audited %d times, want 2 (%v)", seen, err)
		}
		if n, err := casework.VerifyAudit(ctx, db); err != nil || n == 0 {
			t.Errorf("audit chain: %d events, %v", n, err)
		}
	})
}

func TestCaseAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		for _, tc := range []struct {
			who  *torg.Employee
			want string
		}{
			{f.EG, ""}, {f.KH, ""}, {f.Leader, ""},
			{f.FrontDesk, torg.ENOTFOUND}, {f.Outsider, torg.ENOTFOUND}, {f.Admin, torg.ENOTFOUND},
		} {
			_, err := f.Svc.Case(ctx, tc.who, f.KariCase.ID)
			if got := torg.ErrorCode(err); got != tc.want {
				t.Errorf("%s: %q, want %q", tc.who.Username, got, tc.want)
			}
		}
	})
}

func TestSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		if _, _, _, err := f.Svc.Login(ctx, "eg", "wrong"); torg.ErrorCode(err) != torg.EUNAUTHORIZED {
			t.Errorf("wrong password: %v", err)
		}
		if _, _, _, err := f.Svc.Login(ctx, "nobody", casetest.Password); torg.ErrorCode(err) != torg.EUNAUTHORIZED {
			t.Errorf("unknown user: %v", err)
		}
		e, tok, csrf, err := f.Svc.Login(ctx, " EG ", casetest.Password)
		if err != nil || e.ID != f.EG.ID || csrf == "" {
			t.Fatalf("login: %v", err)
		}
		if got, _, err := f.Svc.Session(ctx, tok); err != nil || got.ID != f.EG.ID {
			t.Fatalf("session: %v", err)
		}
		f.Clock.Advance(f.Svc.Config().SessionIdle + 1)
		if _, _, err := f.Svc.Session(ctx, tok); torg.AsError(err) == nil || torg.AsError(err).Key != "session.expired" {
			t.Errorf("idle session still valid: %v", err)
		}
	})
}

func hasTask(ts []*torg.Task, id int64) bool { return find(ts, id) != nil }

func find(ts []*torg.Task, id int64) *torg.Task {
	for _, t := range ts {
		if t.ID == id {
			return t
		}
	}
	return nil
}
