package app

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestProtectedApplicantDC1_3 runs the debt counselling routine over the
// real server for two strictly protected (kode 6) applicants and a
// confidential (kode 7) one, each with a street address, and then reads
// every page, download and API response the staff can reach. Without
// clearance nobody sees any of the addresses; a kode 6 address that comes
// in through the desk, the form or the register is never stored and so
// shown to nobody; a stored address is shown to cleared staff only on the
// person and the letters to them; no letter to a creditor carries any; and
// every read of the protected cases by the cleared leader is in the audit
// log (DC1.3, domain.md §2.1).
func TestProtectedApplicantDC1_3(t *testing.T) {
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		base, ok := storetest.Dialects()[dialect]
		if !ok {
			continue
		}
		t.Run(dialect, func(t *testing.T) {
			cfg := testConfig(t)
			if dialect == store.Postgres {
				cfg.DB = storetest.URL(t, dialect, base)
			}
			protectedSweep(t, func() (*App, error) { return Open(context.Background(), cfg, slog.New(slog.DiscardHandler)) })
		})
	}
}

// secret is a protected person and the strings that would give their
// address away.
type secret struct {
	p       *torg.Person
	caseID  int64
	planted bool // the street address is handed to the store directly
}

// needles are the parts of the address that must not show: the street, the
// street's name alone, the city and the "postcode city" line.
func (s secret) needles() []string {
	return []string{s.p.Address, strings.Fields(s.p.Address)[0], s.p.City, s.p.Postcode + " " + s.p.City}
}

// leak returns the first needle of s found in text, or "".
func (s secret) leak(text string) string {
	for _, n := range s.needles() {
		if strings.Contains(text, n) {
			return n
		}
	}
	return ""
}

// The creditors of both cases, with their postal addresses.
var protectedCreditors = []struct{ name, addr string }{
	{"Fjordkreditt AS", "Postboks 4410 Nydalen\n0403 Oslo"},
	{"Nordlys Inkasso AS", "Postboks 7000 Sentrum\n5020 Bergen"},
}

func protectedSweep(t *testing.T, open func() (*App, error)) {
	ctx := context.Background()
	a, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	svc, db := a.Service, a.DB
	m, err := db.R().MunicipalityByCode(ctx, demo.MunicipalityCode)
	if err != nil {
		t.Fatal(err)
	}
	emp := map[string]*torg.Employee{}
	for _, l := range demo.Logins {
		e, err := svc.EmployeeByUsername(ctx, l.Username)
		if err != nil {
			t.Fatal(err)
		}
		emp[l.Username] = e
	}
	leader := emp["leder"]
	uncleared := []string{"skranke", "eg", "kh", "ag", "admin"}
	for _, u := range uncleared {
		if emp[u].Clearance != torg.ProtectionNone {
			t.Fatalf("%s has clearance %d; the demo changed and the test must say who is cleared", u, emp[u].Clearance)
		}
	}
	if leader.Clearance != torg.ProtectionStrict {
		t.Fatalf("leder has clearance %d, want strict", leader.Clearance)
	}

	// Three applicants with a street address. Siri (kode 6) comes through
	// the doors torg has: the register knows her as strictly protected
	// and, as registers do, gives only the forwarding address; she tells
	// the desk her address, which registers her, and types it on the
	// application form. Synne (kode 6) is the worst case: her street
	// address is handed to the store, as if a register had delivered it,
	// and the store keeps SOT6 instead. Tor (kode 7) types his address on
	// the form; the register grades him.
	siri := &secret{p: &torg.Person{GivenName: "Siri", FamilyName: "Skjerming", Address: "Hemmeligveien 66",
		Postcode: "4699", City: "Skjultby", Protection: torg.ProtectionStrict, Phone: "+4791234566"}}
	synne := &secret{planted: true, p: &torg.Person{GivenName: "Synne", FamilyName: "Sperrestad", Address: "Gjemmestien 6",
		Postcode: "4698", City: "Dulgby", Protection: torg.ProtectionStrict, Phone: "+4791234506"}}
	tor := &secret{p: &torg.Person{GivenName: "Tor", FamilyName: "Tausheim", Address: "Fortrolighagen 77",
		Postcode: "4788", City: "Lukketby", Protection: torg.ProtectionConfidential, Phone: "+4791234577"}}
	secrets := []*secret{siri, synne, tor}
	reg := registry.File{Municipality: demo.MunicipalityCode}
	for i, s := range secrets {
		s.p.MunicipalityID = m.ID
		s.p.NIN = freeNIN(t, db, m.ID, 10+i)
		s.p.NINCountry, s.p.NINKind = string(nin.Norway), string(nin.KindFnr)
		n, _ := nin.Parse(s.p.NIN, nin.Norway, time.Now())
		s.p.BirthDate = torg.DateOf(n.BirthDate)
		if s.planted {
			rec := *s.p // the store seals its copy: s keeps the street address to look for
			if err := db.Write(ctx, func(q *store.Q) error { return q.CreatePerson(ctx, &rec, time.Now()) }); err != nil {
				t.Fatal(err)
			}
			continue
		}
		prot := map[torg.Protection]string{torg.ProtectionStrict: "strengt_fortrolig", torg.ProtectionConfidential: "fortrolig"}
		reg.Persons = append(reg.Persons, registry.FilePerson{NIN: s.p.NIN, GivenName: s.p.GivenName, FamilyName: s.p.FamilyName,
			Address: s.p.Address, Postcode: s.p.Postcode, City: s.p.City, Protection: prot[s.p.Protection],
			Properties: []registry.FileProperty{{ID: "9901-7/" + strconv.Itoa(70+i), Address: s.p.Address + ", " + s.p.Postcode + " " + s.p.City,
				Share: "1/1", Kind: "bolig"}}})
	}
	reg.Persons = append(reg.Persons, noticeChild(t, db, m.ID, tor)) // DN6: Tor lives with a minor
	if _, err := registry.Import(ctx, db, reg, time.Now()); err != nil {
		t.Fatal(err)
	}

	// FD1.1 The desk does not find Siri and registers her with the
	// address she gives; it must not be shown, nor kept.
	desk := newBrowser(t, srv.URL)
	desk.login("skranke")
	f, ok := desk.form("/desk", "nin")
	if !ok {
		t.Fatal("no national ID search on the desk page")
	}
	f.Set("nin", siri.p.NIN)
	if code, body := desk.post("/desk", f); code == http.StatusOK || !strings.Contains(body, `action="/persons/new"`) {
		t.Fatalf("the desk finds Siri (%d): the test needs a person torg does not know", code)
	}
	f.Del("action")
	for k, v := range map[string]string{"given_name": siri.p.GivenName, "family_name": siri.p.FamilyName,
		"address": siri.p.Address, "postcode": siri.p.Postcode, "city": siri.p.City, "phone": siri.p.Phone} {
		f.Set(k, v)
	}
	code, body := desk.post("/persons/new", f)
	_, text := searchable(t, "text/html", []byte(body))
	if code != http.StatusOK || !strings.Contains(text, siri.p.FamilyName) {
		t.Fatalf("the desk registers Siri: %d\n%.2000s", code, body)
	}
	t.Run("DC1.3 the desk registers a strictly protected person without her address", func(t *testing.T) {
		if n := siri.leak(text); n != "" {
			t.Errorf("the desk's person page shows %q", n)
		}
		p, err := db.R().PersonByNIN(ctx, m.ID, siri.p.NIN)
		if err != nil {
			t.Fatal(err)
		}
		if n := siri.leak(p.Address + "\n" + p.Postcode + " " + p.City); n != "" || p.Protection != torg.ProtectionStrict {
			t.Errorf("the person record keeps %q with protection %d; want the forwarding address and kode 6", n, p.Protection)
		}
	})

	// DC1.1 The citizens apply on the public form, typing their address.
	citizen := newBrowser(t, srv.URL)
	for i, s := range secrets {
		form, ok := citizen.form("/apply/"+demo.MunicipalityCode, "")
		if !ok {
			t.Fatal("no application form")
		}
		form.Set("nin", s.p.NIN)
		form.Set("given_name", s.p.GivenName)
		form.Set("family_name", s.p.FamilyName)
		form.Set("phone", s.p.Phone)
		form.Set("address", s.p.Address)
		form.Set("postcode", s.p.Postcode)
		form.Set("city", s.p.City)
		form.Set("summary", fmt.Sprintf("Jeg trenger hjelp med gjelden min (%d).", i))
		if code, body := citizen.post("/apply/"+demo.MunicipalityCode, form); code != http.StatusOK {
			t.Fatalf("apply: %d\n%s", code, body)
		}
		p, err := db.R().PersonByNIN(ctx, m.ID, s.p.NIN)
		if err != nil {
			t.Fatal(err)
		}
		s.p.ID = p.ID
		if p.Protection != s.p.Protection {
			t.Fatalf("%s has protection %d, want %d", s.p.Name(), p.Protection, s.p.Protection)
		}
		cs, err := db.R().PersonCases(ctx, m.ID, s.p.ID)
		if err != nil || len(cs) != 1 {
			t.Fatalf("cases of %s: %v, %v", s.p.Name(), cs, err)
		}
		s.caseID = cs[0].ID
		c, err := db.R().Case(ctx, m.ID, s.caseID)
		if err != nil {
			t.Fatal(err)
		}
		if c.ResponsibleID != leader.ID {
			t.Fatalf("the case of %s went to employee %d, want the cleared leader %d", s.p.Name(), c.ResponsibleID, leader.ID)
		}
	}
	// DC1.5 The leader fills the persons in from the registers, properties and all.
	lb := newBrowser(t, srv.URL)
	lb.login("leder")
	for _, s := range []*secret{siri, tor} {
		path := "/persons/" + strconv.FormatInt(s.p.ID, 10)
		f, ok := lb.form(path, "")
		if !ok {
			t.Fatal("no form on the person page")
		}
		if code, body := lb.post(path+"/fill-in", f); code != http.StatusOK {
			t.Fatalf("fill-in: %d\n%.2000s", code, body)
		}
	}

	// The routine as the cleared leader handles it: two creditors, a
	// budget, a meeting, the request to the creditors (DC6.2), the feedback
	// letter with the schedule (DC6.6), the schedule filed (DC8.3) and the
	// case closed: the documents as one (DC8.4), the closing letters to the
	// citizen and every creditor (DC8.5). The desk registers a walk-in.
	meeting := nextWeekday(time.Now().AddDate(0, 0, 7))
	var inquiries, pickups, threads []int64
	var threadDocs [][2]int64
	inqP, pickP, threadP := map[int64]int64{}, map[int64]int64{}, map[int64]int64{}
	for _, s := range secrets {
		for i, cr := range protectedCreditors {
			cl := &torg.Claim{Kind: torg.ClaimConsumerLoan, Creditor: cr.name, CreditorAddr: cr.addr,
				Reference: fmt.Sprintf("REF-%d-%d", s.caseID, i), Principal: 40_000_00, Interest: 2_000_00, Monthly: 1_500_00}
			if _, err := svc.AddClaim(ctx, leader, s.caseID, cl); err != nil {
				t.Fatalf("claim: %v", err)
			}
		}
		b := &torg.Budget{Household: torg.HouseholdSingle,
			Income:   []torg.BudgetLine{{Kind: torg.IncomeSalary, Monthly: 32_000_00}},
			Expenses: []torg.BudgetLine{{Kind: torg.ExpenseRent, Monthly: 11_000_00}}}
		if err := svc.SaveBudget(ctx, leader, s.caseID, b); err != nil {
			t.Fatalf("budget: %v", err)
		}
		if _, err := svc.BookAppointment(ctx, leader, s.caseID, casework.AppointmentInput{Date: meeting.Format("2006-01-02"),
			Start: "10:00", End: "11:00", Place: "Rådhuset, møterom 2"}); err != nil {
			t.Fatalf("appointment: %v", err)
		}
		if n, err := svc.RequestFromCreditors(ctx, leader, s.caseID); err != nil || n != len(protectedCreditors) {
			t.Fatalf("DC6.2 request from creditors: %d, %v", n, err)
		}
		if err := svc.CompleteStep(ctx, leader, s.caseID, "debt_counselling", "DC6.5", "", "Vurdert i møtet"); err != nil {
			t.Fatalf("DC6.5: %v", err)
		}
		if err := svc.SendDraft(ctx, leader, s.caseID, "debt_counselling", "DC6.6", ""); err != nil {
			t.Fatalf("DC6.6: %v", err)
		}
		if _, err := svc.FileSchedule(ctx, leader, s.caseID); err != nil {
			t.Fatalf("DC8.3: %v", err)
		}
		q, _, err := svc.RegisterWalkIn(ctx, emp["skranke"], casework.WalkIn{RequestKey: "walk-in-" + s.p.NIN,
			PersonID: s.p.ID, UnitID: firstUnit(t, db, m.ID, "debt"), From: torg.FromCitizen, Summary: "Spør om saken sin"})
		if err != nil {
			t.Fatalf("walk-in: %v", err)
		}
		inquiries = append(inquiries, q.ID)
		inqP[q.ID] = s.p.ID
		// FD3: a letter on the case for pickup, registered by the cleared
		// leader; the desk hands Siri's over against the number on her ID,
		// which files the handover on her case.
		k, _, err := svc.RegisterPickup(ctx, leader, casework.PickupInput{RequestKey: "pickup-" + s.p.NIN, PersonID: s.p.ID,
			CaseID: s.caseID, Recipient: torg.FromCitizen, Description: "Svar på søknad", At: time.Now().Add(48 * time.Hour)})
		if err != nil {
			t.Fatalf("pickup: %v", err)
		}
		pickups = append(pickups, k.ID)
		pickP[k.ID] = s.p.ID
		// DM: the person writes to the service with an attachment; the
		// cleared leader answers.
		th, err := svc.WriteMessage(ctx, s.p, casework.NewMessage{UnitID: firstUnit(t, db, m.ID, "debt"), Kind: torg.MsgInquiry,
			Subject: "Spørsmål om saken", Body: "Når er neste møte?",
			Files: []casework.Upload{{Filename: "brev.pdf", Data: []byte("%PDF-1.4 brev")}}})
		if err != nil {
			t.Fatalf("message: %v", err)
		}
		if err := svc.Answer(ctx, leader, th.ID, "Neste møte er om en uke.", nil, false); err != nil {
			t.Fatalf("answer: %v", err)
		}
		threads, threadP[th.ID] = append(threads, th.ID), s.p.ID
		msgs, err := db.R().ThreadMessages(ctx, th.ID)
		if err != nil || len(msgs) == 0 || len(msgs[0].Documents) != 1 {
			t.Fatalf("thread messages: %v, %v", msgs, err)
		}
		threadDocs = append(threadDocs, [2]int64{th.ID, msgs[0].Documents[0].ID})
		if s == siri {
			if _, err := svc.HandOver(ctx, emp["skranke"], k.ID, casework.HandoverInput{NIN: s.p.NIN, Handover: torg.Handover{
				Collector: torg.FromCitizen, IDDocument: torg.IDPassport, IDChecked: true}}); err != nil {
				t.Fatalf("pickup handover: %v", err)
			}
		}
	}
	drafts := map[int64][]casework.Draft{}
	for _, s := range secrets {
		ds, err := svc.Drafts(ctx, leader, s.caseID)
		if err != nil {
			t.Fatal(err)
		}
		drafts[s.caseID] = ds
		if err := svc.CloseCase(ctx, leader, s.caseID, casework.ReasonHandlingFinished, "Ferdig kartlagt, brev til kreditorene."); err != nil {
			t.Fatalf("close: %v", err)
		}
	}
	// The outbox delivers: letters to print, SMS to the channel log.
	if _, err := a.Scheduler().Outbox.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	var printQueue []store.OutboxMessage
	if printQueue, err = db.R().PrintQueue(ctx, m.ID, 1000); err != nil {
		t.Fatal(err)
	}

	// What there is to read.
	combinedTitle := i18n.New(i18n.Lang(m.Language)).T("closing.combined_title")
	ids := &sweepIDs{muni: demo.MunicipalityCode, drafts: drafts, inquiries: inquiries,
		caseP: map[int64]int64{}, recP: map[int64]int64{}, inqP: inqP, own: map[string]int64{},
		pickups: pickups, pickP: pickP, threads: threads, threadP: threadP, msgDocs: threadDocs}
	for id, p := range inqP {
		ids.own[fmt.Sprintf("/api/v1/inquiries/%d", id)] = p
	}
	for _, s := range secrets {
		ids.cases = append(ids.cases, s.caseID)
		ids.persons = append(ids.persons, s.p.ID)
		ids.names = append(ids.names, s.p.FamilyName)
		ids.caseP[s.caseID] = s.p.ID
		for _, f := range []string{"/persons/%d", "/api/v1/persons/%d"} {
			ids.own[fmt.Sprintf(f, s.p.ID)] = s.p.ID
		}
		for _, f := range []string{"/api/v1/persons?q=%s", "POST /desk q=%s", "POST /desk nin of %s"} {
			ids.own[fmt.Sprintf(f, s.p.FamilyName)] = s.p.ID
		}
		v, err := svc.Case(ctx, leader, s.caseID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(v.Records, func(r *torg.Record) bool { return r.Title == combinedTitle && len(r.Documents) == 1 }) {
			t.Fatalf("case of %s: no combined document (DC8.4)", s.p.Name())
		}
		for _, r := range v.Records {
			ids.records = append(ids.records, r.ID)
			ids.recP[r.ID] = s.p.ID
			for _, d := range r.Documents {
				ids.docs = append(ids.docs, [2]int64{r.ID, d.ID})
				// The letters to the person, and the case's documents as one
				// PDF (DC8.4), which holds them.
				toPerson := r.Type == torg.RecordOutgoing && r.PersonID == s.p.ID && r.Correspondent == s.p.Name()
				if toPerson || r.Type == torg.RecordInternal && r.Title == combinedTitle {
					for _, f := range []string{"/records/%d/documents/%d", "/api/v1/records/%d/documents/%d"} {
						ids.own[fmt.Sprintf(f, r.ID, d.ID)] = s.p.ID
					}
				}
			}
		}
		dv, err := svc.Debts(ctx, leader, s.caseID)
		if err != nil {
			t.Fatal(err)
		}
		for _, cl := range dv.Claims {
			ids.claims = append(ids.claims, [2]int64{s.caseID, cl.ID})
		}
		aps, err := svc.CaseAppointments(ctx, leader, s.caseID)
		if err != nil || len(aps) == 0 {
			t.Fatalf("appointments: %v, %v", aps, err)
		}
	}
	protectedNotices(t, svc, db, m, leader, secrets, tor, ids) // DN
	ids.units = []int64{firstUnit(t, db, m.ID, "debt")}
	// FD4: whoever holds the protected meetings is away that day, so that
	// the leader's list of whom to tell names the meetings' people.
	away := map[int64]bool{}
	for _, s := range secrets {
		aps, err := svc.CaseAppointments(ctx, leader, s.caseID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ap := range aps {
			if away[ap.CounsellorID] {
				continue
			}
			away[ap.CounsellorID] = true
			ab, err := svc.AddAbsence(ctx, leader, ids.units[0], casework.AbsenceInput{EmployeeID: ap.CounsellorID,
				Kind: "sick", From: meeting.Format("2006-01-02"), To: meeting.Format("2006-01-02")})
			if err != nil {
				t.Fatalf("absence: %v", err)
			}
			ids.absences = append(ids.absences, ab.ID)
		}
	}

	// The leader makes a print batch of the paper post, as the print room.
	f, ok = lb.form("/outbox", "")
	if !ok {
		t.Fatal("no form on the outbox page")
	}
	if code, body := lb.post("/outbox", f); code != http.StatusOK {
		t.Fatalf("print batch: %d\n%.2000s", code, body)
	}
	batches, err := db.R().PrintBatches(ctx, m.ID, 100)
	if err != nil || len(batches) == 0 {
		t.Fatalf("print batches: %v, %v", batches, err)
	}
	for _, b := range batches {
		ids.batches = append(ids.batches, b.ID)
	}

	t.Run("DC1.3 every GET route is swept", func(t *testing.T) {
		routes := getRoutes(t)
		for _, rt := range routes {
			if _, ok := sweepRoutes[rt]; !ok {
				t.Errorf("GET %s is not in the sweep of protected addresses: add it to sweepRoutes", rt)
			}
		}
		for rt := range sweepRoutes {
			if !slices.Contains(routes, rt) {
				t.Errorf("sweepRoutes has %s, which no longer is a GET route", rt)
			}
		}
	})

	for _, user := range uncleared {
		t.Run("DC1.3 no address for "+user+" without clearance", func(t *testing.T) {
			b := newBrowser(t, srv.URL)
			b.login(user)
			b.apiToken(svc, emp[user])
			res := b.sweep(ids, secrets)
			for _, r := range res {
				for _, s := range secrets {
					if n := s.leak(r.text); n != "" {
						t.Errorf("%s %s (%d) shows %q of %s", user, r.url, r.code, n, s.p.Name())
					}
				}
			}
			if !slices.ContainsFunc(res, func(r result) bool { return r.code == http.StatusOK && r.kind == "html" }) {
				t.Error("no page answered 200: the sweep proves nothing")
			}
			if user == "skranke" {
				// The desk finds the person, without the address.
				found := false
				for _, r := range res {
					if r.url == "/persons/"+strconv.FormatInt(siri.p.ID, 10) && r.code == http.StatusOK &&
						strings.Contains(r.text, siri.p.FamilyName) {
						found = true
					}
				}
				if !found {
					t.Error("the desk does not see the kode 6 person's page: the sweep proves nothing")
				}
			}
		})
	}

	noticeSweep(t, srv.URL, ids, secrets, tor)

	t.Run("DC1.3 the cleared leader", func(t *testing.T) {
		b := newBrowser(t, srv.URL)
		b.login("leder")
		b.apiToken(svc, leader)
		var seq int64
		db.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error { seq = e.Seq; return nil })
		b.afterEach = func(r *result) {
			// DC1.3 (domain.md §2.1): every read of a graded record is audited.
			var events []*torg.AuditEvent
			db.R().AuditEvents(ctx, seq, func(e *torg.AuditEvent) error {
				seq = e.Seq
				if e.ActorID == leader.ID {
					events = append(events, e)
				}
				return nil
			})
			r.audit = events
		}
		res := b.sweep(ids, secrets)
		var sawConf, sawConfPDF, sawCreditorPDF, sawXLSX bool
		for _, r := range res {
			// A strictly protected person's street address is never
			// stored (Siri, Synne), so it is shown to nobody. A kode 7
			// address (Tor's) is shown to cleared staff on the person and
			// on the letters to them, and nowhere else.
			for _, s := range []*secret{siri, synne} {
				if n := s.leak(r.text); n != "" {
					t.Errorf("%s (%d) shows %q of the kode 6 person %s to the cleared leader", r.url, r.code, n, s.p.Name())
				}
			}
			for _, s := range []*secret{tor} {
				if n := s.leak(r.text); n != "" && ids.own[r.url] != s.p.ID {
					t.Errorf("%s (%d) shows %q of %s beyond their person record and their own letters", r.url, r.code, n, s.p.Name())
				}
			}
			if r.code == http.StatusOK && tor.leak(r.text) != "" {
				sawConf = true
				sawConfPDF = sawConfPDF || r.kind == "pdf"
			}
			if r.kind == "pdf" && strings.Contains(r.text, "Postboks 4410 Nydalen") {
				sawCreditorPDF = true
			}
			if r.kind == "xlsx" && strings.Contains(r.text, protectedCreditors[0].name) {
				sawXLSX = true
			}
			if r.code != http.StatusOK {
				continue
			}
			// Opening a protected person, their case or anything of it is
			// a read of a graded record. (Lists that name them, such as
			// the case list and the work list, are not counted.)
			if r.reads != 0 && !slices.ContainsFunc(r.audit, func(e *torg.AuditEvent) bool { return e.PersonID == r.reads }) {
				t.Errorf("%s: the leader read person %d's case; the audit log has %s", r.url, r.reads, auditString(r.audit))
			}
		}
		if !sawConf || !sawConfPDF {
			t.Errorf("the cleared leader never sees the kode 7 address (pages %v, PDF %v): the search proves nothing", sawConf, sawConfPDF)
		}
		if !sawCreditorPDF || !sawXLSX {
			t.Errorf("creditor address in a PDF %v, creditor in a spreadsheet %v: the decoding proves nothing", sawCreditorPDF, sawXLSX)
		}
	})

	t.Run("DC1.3 no creditor letter carries a protected address", func(t *testing.T) {
		b := newBrowser(t, srv.URL)
		b.login("leder")
		b.apiToken(svc, leader)
		letters := 0
		for _, s := range secrets {
			v, err := svc.Case(ctx, leader, s.caseID)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range v.Records {
				if !slices.ContainsFunc(protectedCreditors, func(c struct{ name, addr string }) bool { return c.name == r.Correspondent }) {
					continue
				}
				letters++
				texts := []string{r.Title, r.Body}
				rr := b.get("/api/v1/records/" + strconv.FormatInt(r.ID, 10))
				texts = append(texts, rr.text)
				for _, d := range r.Documents {
					for _, p := range []string{"/records/%d/documents/%d", "/api/v1/records/%d/documents/%d"} {
						dr := b.get(fmt.Sprintf(p, r.ID, d.ID))
						if dr.code != http.StatusOK {
							t.Errorf("%s: %d", dr.url, dr.code)
						}
						texts = append(texts, dr.text)
					}
				}
				all := strings.Join(texts, "\n")
				if !strings.Contains(all, r.Correspondent) || !strings.Contains(all, s.p.FamilyName) {
					t.Errorf("letter %d to %s does not name the creditor and the debtor: the search proves nothing", r.ID, r.Correspondent)
				}
				for _, x := range secrets {
					if n := x.leak(all); n != "" {
						t.Errorf("the letter %q (record %d) to %s carries %q of %s", r.Title, r.ID, r.Correspondent, n, x.p.Name())
					}
				}
			}
		}
		// Request (DC6.2) and closing letter (DC8.5) to both creditors of both cases.
		if want := 2 * len(protectedCreditors) * len(secrets); letters < want {
			t.Errorf("%d creditor letters filed, want at least %d", letters, want)
		}
		sent := 0
		for _, msg := range printQueue {
			if msg.PersonID != 0 || !slices.Contains(ids.cases, msg.CaseID) {
				continue
			}
			sent++
			for _, x := range secrets {
				if n := x.leak(msg.Recipient + "\n" + msg.Subject + "\n" + msg.Body); n != "" {
					t.Errorf("the post to %q carries %q of %s", firstLine(msg.Recipient), n, x.p.Name())
				}
			}
		}
		if want := 2 * len(protectedCreditors) * len(secrets); sent < want {
			t.Errorf("%d letters to creditors in the print queue, want at least %d", sent, want)
		}
	})
}

// auditString lists audit events for a failure message.
func auditString(es []*torg.AuditEvent) string {
	if len(es) == 0 {
		return "nothing"
	}
	var parts []string
	for _, e := range es {
		parts = append(parts, fmt.Sprintf("%s %s person %d", e.Action, e.Object, e.PersonID))
	}
	return strings.Join(parts, "; ")
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// freeNIN returns a valid Norwegian national ID that no person of the
// municipality has.
func freeNIN(t *testing.T, db *store.DB, muniID int64, day int) string {
	t.Helper()
	for ind := 100; ind < 500; ind++ {
		s := fmt.Sprintf("%02d0384%03d", day, ind)
		k1 := 11 - weighted(s, []int{3, 7, 6, 1, 8, 9, 4, 5, 2})%11
		if k1 == 11 {
			k1 = 0
		}
		if k1 == 10 {
			continue
		}
		s += strconv.Itoa(k1)
		k2 := 11 - weighted(s, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})%11
		if k2 == 11 {
			k2 = 0
		}
		if k2 == 10 {
			continue
		}
		s += strconv.Itoa(k2)
		if _, err := nin.Parse(s, nin.Norway, time.Now()); err != nil {
			continue
		}
		if _, err := db.R().PersonByNIN(context.Background(), muniID, s); torg.ErrorCode(err) == torg.ENOTFOUND {
			return s
		}
	}
	t.Fatal("no free national ID")
	return ""
}

func weighted(s string, w []int) int {
	sum := 0
	for i, c := range w {
		sum += int(s[i]-'0') * c
	}
	return sum
}

func nextWeekday(d time.Time) time.Time {
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func firstUnit(t *testing.T, db *store.DB, muniID int64, code string) int64 {
	t.Helper()
	u, err := db.R().UnitByCode(context.Background(), muniID, code)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// sweepIDs are the objects the sweep reads.
type sweepIDs struct {
	muni      string
	cases     []int64
	persons   []int64
	records   []int64
	docs      [][2]int64 // record, document
	claims    [][2]int64 // case, claim
	inquiries []int64
	units     []int64
	batches   []int64
	drafts    map[int64][]casework.Draft
	caseP     map[int64]int64 // case → its protected applicant
	recP      map[int64]int64 // record → the protected applicant of its case
	inqP      map[int64]int64 // inquiry → its protected person
	pickups   []int64         // letters for pickup (FD3)
	pickP     map[int64]int64 // letter → its protected person
	absences  []int64         // absences whose list of whom to tell names the protected meetings' people (FD4)
	threads   []int64         // citizens' message threads (DM)
	threadP   map[int64]int64 // thread → its protected person
	msgDocs   [][2]int64      // thread, attachment
	names     []string        // the protected persons' family names, to search for
	notices   []int64         // debt notices about the protected persons (DN)
	noticeP   map[int64]int64 // notice → its protected person
	// own maps the responses where casework shows a person's stored
	// address to cleared staff to the person: their person record, as
	// page, JSON or search hit, and the letters addressed to them.
	own map[string]int64
}

// target is one URL to read and the protected person whose data reading
// it touches (0: none in particular).
type target struct {
	url   string
	reads int64
}

// sweepRoutes are the GET routes of the web interface, the server and the
// API, each with the URLs that read it for the protected cases. The route
// guard fails when a GET route is registered that is not here.
var sweepRoutes = map[string]func(ids *sweepIDs) []target{
	"/static/":                  fixed("/static/torg.css"),
	"/login":                    fixed("/login"),
	"/{$}":                      fixed("/"),
	"/healthz":                  fixed("/healthz"),
	"/readyz":                   fixed("/readyz"),
	"/metrics":                  fixed("/metrics"),
	"/apply/{municipality}":     func(ids *sweepIDs) []target { return []target{{url: "/apply/" + ids.muni}} },
	"/distribution":             fixed("/distribution"),
	"/debt-notices/new":         fixed("/debt-notices/new"),
	"/debt-notices/{id}":        func(ids *sweepIDs) []target { return each(ids.notices, "/debt-notices/%d", ids.noticeP) },
	"/debt-notices/information": fixed("/debt-notices/information"),
	"/debt-notices/statistics":  fixed("/debt-notices/statistics"),
	"/units/{id}/distribution":  func(ids *sweepIDs) []target { return each(ids.units, "/units/%d/distribution", nil) },
	"/cases/{id}/appointments/new": func(ids *sweepIDs) []target {
		return each(ids.cases, "/cases/%d/appointments/new", ids.caseP)
	},
	"/calendar/{file}": fixed(), // the user's own feed: see sweep
	"/cases": func(ids *sweepIDs) []target {
		out := []target{{url: "/cases"}, {url: "/cases?status=F"}}
		for _, n := range ids.names {
			out = append(out, target{url: "/cases?q=" + n})
		}
		return out
	},
	"/work":         fixed("/work"),
	"/cases/{id}":   func(ids *sweepIDs) []target { return each(ids.cases, "/cases/%d", ids.caseP) },
	"/records/{id}": func(ids *sweepIDs) []target { return each(ids.records, "/records/%d", ids.recP) },
	"/records/{id}/documents/{doc}": func(ids *sweepIDs) []target {
		return pairs(ids.docs, "/records/%d/documents/%d", ids.recP)
	},
	"/cases/{id}/close":         func(ids *sweepIDs) []target { return each(ids.cases, "/cases/%d/close", ids.caseP) },
	"/cases/{id}/debts":         func(ids *sweepIDs) []target { return each(ids.cases, "/cases/%d/debts", ids.caseP) },
	"/cases/{id}/debts/{claim}": func(ids *sweepIDs) []target { return pairs(ids.claims, "/cases/%d/debts/%d", ids.caseP) },
	"/cases/{id}/budget":        func(ids *sweepIDs) []target { return each(ids.cases, "/cases/%d/budget", ids.caseP) },
	"/cases/{id}/debts.xlsx":    func(ids *sweepIDs) []target { return each(ids.cases, "/cases/%d/debts.xlsx", ids.caseP) },
	"/cases/{id}/debts.pdf":     func(ids *sweepIDs) []target { return each(ids.cases, "/cases/%d/debts.pdf", ids.caseP) },
	"/desk":                     fixed("/desk"),
	"/persons/new":              fixed("/persons/new"),
	"/persons/{id}":             func(ids *sweepIDs) []target { return persons(ids, "/persons/%d") },
	"/persons/{id}/walk-in":     func(ids *sweepIDs) []target { return persons(ids, "/persons/%d/walk-in") },
	"/persons/{id}/drop-off":    func(ids *sweepIDs) []target { return persons(ids, "/persons/%d/drop-off") },
	"/inquiries/{id}":           func(ids *sweepIDs) []target { return each(ids.inquiries, "/inquiries/%d", ids.inqP) },
	"/pickups": func(ids *sweepIDs) []target {
		return append([]target{{url: "/pickups"}}, persons(ids, "/pickups?person=%d")...)
	},
	"/pickups/{id}":             func(ids *sweepIDs) []target { return each(ids.pickups, "/pickups/%d", ids.pickP) },
	"/persons/{id}/pickups/new": func(ids *sweepIDs) []target { return persons(ids, "/persons/%d/pickups/new") },
	"/outbox":                   fixed("/outbox"),
	"/outbox/print/{id}":        func(ids *sweepIDs) []target { return each(ids.batches, "/outbox/print/%d", nil) },
	"/applications/new":         fixed("/applications/new"),
	"/admin/rates":              fixed("/admin/rates"),
	"/routines":                 fixed("/routines"),
	"/routines/{id}":            fixed("/routines/debt_counselling"),

	// The staff inbox (DM): lists name the persons, the thread and its
	// attachments are reads of their data.
	"/inbox":                   fixed("/inbox"),
	"/inbox/{unit}":            func(ids *sweepIDs) []target { return each(ids.units, "/inbox/%d", nil) },
	"/inbox/{unit}/compliance": func(ids *sweepIDs) []target { return each(ids.units, "/inbox/%d/compliance", nil) },
	"/inbox/{unit}/templates":  func(ids *sweepIDs) []target { return each(ids.units, "/inbox/%d/templates", nil) },
	"/threads/{id}":            func(ids *sweepIDs) []target { return each(ids.threads, "/threads/%d", ids.threadP) },
	"/threads/{id}/documents/{doc}": func(ids *sweepIDs) []target {
		return pairs(ids.msgDocs, "/threads/%d/documents/%d", ids.threadP)
	},

	// The citizen portal: staff have no citizen session, so each page
	// sends them to the portal's login (the test identity lists persons by
	// name, never an address).
	"/portal":                              fixed("/portal"),
	"/portal/{$}":                          fixed("/portal/"),
	"/portal/access":                       fixed("/portal/access"),
	"/portal/callback":                     fixed("/portal/callback?code=x&state=y"),
	"/portal/letters/{id}":                 fixed("/portal/letters/1"),
	"/portal/letters/{id}/pdf":             fixed("/portal/letters/1/pdf"),
	"/portal/logged-out":                   fixed("/portal/logged-out"),
	"/portal/login":                        fixed("/portal/login"),
	"/portal/login/start":                  fixed("/portal/login/start?via=testid"),
	"/portal/messages/new":                 fixed("/portal/messages/new"),
	"/portal/testid":                       fixed("/portal/testid?state=x"),
	"/portal/threads/{id}":                 fixed("/portal/threads/1"),
	"/portal/threads/{id}/documents/{doc}": fixed("/portal/threads/1/documents/1"),
	"/cases/{id}/letters/{routine}/{step}": func(ids *sweepIDs) []target {
		var out []target
		for _, c := range ids.cases {
			steps := []string{"DC6.6", "DC8.5"}
			for _, d := range ids.drafts[c] {
				steps = append(steps, d.Step)
			}
			for _, st := range steps {
				out = append(out, target{url: fmt.Sprintf("/cases/%d/letters/debt_counselling/%s", c, st), reads: ids.caseP[c]})
			}
		}
		return out
	},

	"/api/v1/openapi.json": fixed("/api/v1/openapi.json"),
	"/api/v1/persons": func(ids *sweepIDs) []target {
		var out []target
		for _, n := range ids.names {
			out = append(out, target{url: "/api/v1/persons?q=" + n})
		}
		return out
	},
	"/api/v1/persons/{id}":       func(ids *sweepIDs) []target { return persons(ids, "/api/v1/persons/%d") },
	"/api/v1/persons/{id}/cases": func(ids *sweepIDs) []target { return persons(ids, "/api/v1/persons/%d/cases") },
	"/api/v1/cases/{id}":         func(ids *sweepIDs) []target { return each(ids.cases, "/api/v1/cases/%d", ids.caseP) },
	"/api/v1/records/{id}":       func(ids *sweepIDs) []target { return each(ids.records, "/api/v1/records/%d", ids.recP) },
	"/api/v1/records/{id}/documents/{doc}": func(ids *sweepIDs) []target {
		return pairs(ids.docs, "/api/v1/records/%d/documents/%d", ids.recP)
	},
	"/api/v1/tasks":          fixed("/api/v1/tasks"),
	"/api/v1/inquiries/{id}": func(ids *sweepIDs) []target { return each(ids.inquiries, "/api/v1/inquiries/%d", ids.inqP) },
	"/api/v1/pickups": func(ids *sweepIDs) []target {
		return append([]target{{url: "/api/v1/pickups"}}, persons(ids, "/api/v1/pickups?person_id=%d")...)
	},
	"/api/v1/pickups/{id}": func(ids *sweepIDs) []target { return each(ids.pickups, "/api/v1/pickups/%d", ids.pickP) },
	"/api/v1/threads/{id}": func(ids *sweepIDs) []target { return each(ids.threads, "/api/v1/threads/%d", ids.threadP) },
	"/api/v1/cases/{id}/claims": func(ids *sweepIDs) []target {
		return each(ids.cases, "/api/v1/cases/%d/claims", ids.caseP)
	},
	"/api/v1/cases/{id}/budget": func(ids *sweepIDs) []target {
		return each(ids.cases, "/api/v1/cases/%d/budget", ids.caseP)
	},
	"/api/v1/cases/{id}/debt-schedule": func(ids *sweepIDs) []target {
		return each(ids.cases, "/api/v1/cases/%d/debt-schedule", ids.caseP)
	},
	"/api/v1/cases/{id}/debt-schedule.xlsx": func(ids *sweepIDs) []target {
		return each(ids.cases, "/api/v1/cases/%d/debt-schedule.xlsx", ids.caseP)
	},
	"/api/v1/cases/{id}/debt-schedule.pdf": func(ids *sweepIDs) []target {
		return each(ids.cases, "/api/v1/cases/%d/debt-schedule.pdf", ids.caseP)
	},

	// FD4 and DM3: the absence board, the leader's list of whom to tell,
	// the notice page. Its live stream does not end by itself; the web
	// tests read it.
	"/absences": fixed("/absences"),
	"/units/{id}/absences/{absence}": func(ids *sweepIDs) []target {
		return each(ids.absences, "/units/"+strconv.FormatInt(ids.units[0], 10)+"/absences/%d", nil)
	},
	"/m":        fixed("/m"),
	"/m/events": fixed(),

	// CG13: the guide roster names staff only, never a person.
	"/roster": fixed("/roster"),

	// CG3: the kiosk and its ticket page are public and show no person;
	// the counters show tickets, which name no one.
	"/kiosk/{muni}":                func(ids *sweepIDs) []target { return []target{{url: "/kiosk/" + ids.muni}} },
	"/kiosk/{muni}/ticket/{token}": func(ids *sweepIDs) []target { return []target{{url: "/kiosk/" + ids.muni + "/ticket/x"}} },
	"/counters":                    fixed("/counters"),
	"/counters/{id}":               fixed("/counters/1"),

	// CG1: the guide's page shows errands and a ticket number, no person.
	"/guide":              fixed("/guide", "/guide?errand=passport_child&digital=no"),
	"/guide/errands.json": fixed("/guide/errands.json"),
	"/guide/address":      fixed("/guide/address"),

	// The display, the survey and the statistics show numbers, counters
	// and errands, never a person. The display's stream does not end by
	// itself; the web tests read it.
	"/display/{muni}":              func(ids *sweepIDs) []target { return []target{{url: "/display/" + ids.muni}} },
	"/display/{muni}/events":       fixed(),
	"/kiosk/{muni}/survey":         func(ids *sweepIDs) []target { return []target{{url: "/kiosk/" + ids.muni + "/survey"}} },
	"/kiosk/{muni}/survey/{token}": func(ids *sweepIDs) []target { return []target{{url: "/kiosk/" + ids.muni + "/survey/x"}} },
	"/queue/stats":                 fixed("/queue/stats"),
}

func fixed(urls ...string) func(*sweepIDs) []target {
	return func(*sweepIDs) []target {
		var out []target
		for _, u := range urls {
			out = append(out, target{url: u})
		}
		return out
	}
}

// each fills format with every id; reads maps an id to the protected
// person whose data the URL touches.
func each(ids []int64, format string, reads map[int64]int64) []target {
	var out []target
	for _, id := range ids {
		out = append(out, target{url: fmt.Sprintf(format, id), reads: reads[id]})
	}
	return out
}

// pairs fills format with pairs of ids, the first of which maps to a person.
func pairs(ids [][2]int64, format string, reads map[int64]int64) []target {
	var out []target
	for _, id := range ids {
		out = append(out, target{url: fmt.Sprintf(format, id[0], id[1]), reads: reads[id[0]]})
	}
	return out
}

func persons(ids *sweepIDs, format string) []target {
	var out []target
	for _, id := range ids.persons {
		out = append(out, target{url: fmt.Sprintf(format, id), reads: id})
	}
	return out
}

// getRoutes returns the patterns of the GET routes the web interface, the
// server and the API register (allRoutes reads them from the source).
func getRoutes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range allRoutes(t) {
		if p, ok := strings.CutPrefix(r, "GET "); ok {
			out = append(out, p)
		}
	}
	if len(out) < 40 {
		t.Fatalf("found only %d GET routes in the source: %v", len(out), out)
	}
	return out
}

// browser is an employee's browser: cookies, the session's CSRF token and
// an API token.
type browser struct {
	t         *testing.T
	base      string
	c         *http.Client
	token     string
	user      string
	afterEach func(*result)
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

func (b *browser) login(user string) {
	b.t.Helper()
	b.user = user
	res, err := b.c.PostForm(b.base+"/login", url.Values{"username": {user}, "password": {demo.Password}})
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || strings.Contains(res.Request.URL.Path, "/login") {
		b.t.Fatalf("log in as %s: %d at %s\n%.1000s", user, res.StatusCode, res.Request.URL, body)
	}
}

func (b *browser) apiToken(svc *casework.Service, e *torg.Employee) {
	b.t.Helper()
	tok, err := svc.CreateToken(context.Background(), e.ID, "protected sweep", time.Hour)
	if err != nil {
		b.t.Fatal(err)
	}
	b.token = tok
}

var (
	hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
	formRE   = regexp.MustCompile(`(?s)<form[^>]*method="post"[^>]*>.*?</form>`)
)

// form returns the hidden fields of the first posted form on a page whose
// hidden "action" is action (any form if action is ""), as a browser would
// send them; false if the page has no such form.
func (b *browser) form(path, action string) (url.Values, bool) {
	b.t.Helper()
	r := b.get(path)
	if r.code != http.StatusOK {
		b.t.Fatalf("%s: GET %s: %d", b.user, path, r.code)
	}
	for _, f := range formRE.FindAllString(r.raw, -1) {
		v := url.Values{}
		for _, h := range hiddenRE.FindAllStringSubmatch(f, -1) {
			v.Set(h[1], html.UnescapeString(h[2]))
		}
		if action == "" || v.Get("action") == action {
			return v, true
		}
	}
	return nil, false
}

func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	res, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// result is one response, with its text made searchable.
type result struct {
	url   string
	code  int
	kind  string // html, json, pdf, xlsx, ics, text
	raw   string
	text  string
	reads int64
	audit []*torg.AuditEvent
}

func (b *browser) get(path string) result {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	if strings.HasPrefix(path, "/api/") && b.token != "" {
		req.Header.Set("Authorization", "Bearer "+b.token)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	r := result{url: path, code: res.StatusCode, raw: string(body)}
	r.kind, r.text = searchable(b.t, res.Header.Get("Content-Type"), body)
	return r
}

// sweep reads every URL of every route, the user's calendar feed and the
// desk's searches, and fails on a server error.
func (b *browser) sweep(ids *sweepIDs, secrets []*secret) []result {
	b.t.Helper()
	var targets []target
	routes := make([]string, 0, len(sweepRoutes))
	for rt := range sweepRoutes {
		routes = append(routes, rt)
	}
	sort.Strings(routes)
	for _, rt := range routes {
		targets = append(targets, sweepRoutes[rt](ids)...)
	}
	var out []result
	run := func(r result, reads int64) {
		r.reads = reads
		if b.afterEach != nil {
			b.afterEach(&r)
		}
		if r.code >= 500 {
			b.t.Errorf("%s %s: %d\n%.500s", b.user, r.url, r.code, r.raw)
		}
		out = append(out, r)
	}
	for _, tg := range targets {
		run(b.get(tg.url), tg.reads)
	}
	defer func() {
		codes := map[string]int{}
		for _, r := range out {
			codes[fmt.Sprintf("%d %s", r.code, r.kind)]++
		}
		b.t.Logf("%s: %d responses: %v", b.user, len(out), codes)
	}()
	// The calendar feed Outlook subscribes to: a new address from the work page.
	if f, ok := b.form("/work", "feed"); ok {
		_, body := b.post("/work", f)
		if feed := regexp.MustCompile(`/calendar/[0-9a-f]{64}\.ics`).FindString(body); feed != "" {
			run(b.get(feed), 0)
		} else {
			b.t.Errorf("%s: the work page gave no calendar feed address", b.user)
		}
	}
	// The desk's searches are posted, so that national IDs stay out of URLs.
	if r := b.get("/desk"); r.code == http.StatusOK {
		for _, s := range secrets {
			f, ok := b.form("/desk", "search")
			if !ok {
				b.t.Fatal("no name search on the desk page")
			}
			f.Set("q", s.p.FamilyName)
			code, body := b.post("/desk", f)
			kind, text := searchable(b.t, "text/html", []byte(body))
			run(result{url: "POST /desk q=" + s.p.FamilyName, code: code, kind: kind, raw: body, text: text}, 0)
			if f, ok = b.form("/desk", "nin"); !ok {
				b.t.Fatal("no national ID search on the desk page")
			}
			f.Set("nin", s.p.NIN)
			code, body = b.post("/desk", f)
			kind, text = searchable(b.t, "text/html", []byte(body))
			run(result{url: "POST /desk nin of " + s.p.FamilyName, code: code, kind: kind, raw: body, text: text}, 0)
		}
	}
	// CG11: the counter's address inquiry never gives a protected address,
	// to anyone.
	if r := b.get("/guide/address"); r.code == http.StatusOK {
		for _, s := range secrets {
			f, ok := b.form("/guide/address", "")
			if !ok {
				b.t.Fatal("no form on the address inquiry page")
			}
			f.Set("nin", s.p.NIN)
			code, body := b.post("/guide/address", f)
			kind, text := searchable(b.t, "text/html", []byte(body))
			run(result{url: "POST /guide/address nin of " + s.p.FamilyName, code: code, kind: kind, raw: body, text: text}, 0)
		}
	}
	return out
}

// searchable returns a response's kind and its text with compression,
// escapes and line folding undone.
func searchable(t *testing.T, ctype string, body []byte) (string, string) {
	t.Helper()
	switch {
	case strings.HasPrefix(ctype, "application/pdf"):
		return "pdf", pdfText(t, body)
	case strings.Contains(ctype, "spreadsheetml"):
		return "xlsx", zipText(t, body)
	case strings.HasPrefix(ctype, "text/calendar"):
		s := strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(string(body))
		return "ics", strings.NewReplacer(`\,`, ",", `\;`, ";", `\n`, "\n", `\N`, "\n", `\\`, `\`).Replace(s)
	case strings.HasPrefix(ctype, "text/html"):
		return "html", normalize(html.UnescapeString(string(body)))
	case strings.Contains(ctype, "json"):
		return "json", normalize(string(body))
	}
	return "text", normalize(string(body))
}

// normalize turns non-breaking spaces into spaces.
func normalize(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

func zipText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Errorf("not a zip: %v", err)
		return string(data)
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(html.UnescapeString(string(part)) + "\n")
	}
	return normalize(b.String())
}

var (
	pdfStreamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	pdfStringRE = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)`)
	pdfOctalRE  = regexp.MustCompile(`\\([0-7]{1,3})`)
)

// pdfText returns a PDF's bytes with every FlateDecode stream inflated and
// the strings it shows decoded from Windows-1252, to search for a string.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	var b strings.Builder
	b.Write(pdf)
	unescape := strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`, `\n`, "\n", `\r`, "\r", `\t`, "\t")
	show := func(raw []byte) {
		for _, s := range pdfStringRE.FindAllSubmatch(raw, -1) {
			str := pdfOctalRE.ReplaceAllStringFunc(string(s[1]), func(o string) string {
				n, _ := strconv.ParseUint(o[1:], 8, 8)
				return string([]byte{byte(n)})
			})
			text, _ := charmap.Windows1252.NewDecoder().String(unescape.Replace(str))
			b.WriteString("\n" + text)
		}
	}
	show(pdf)
	inflated := 0
	for _, mm := range pdfStreamRE.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(mm[1]))
		if err != nil {
			continue
		}
		raw, err := io.ReadAll(r)
		if err != nil && len(raw) == 0 {
			continue
		}
		inflated++
		b.Write(raw)
		show(raw)
	}
	if inflated == 0 && bytes.Contains(pdf, []byte("FlateDecode")) {
		t.Error("a PDF with FlateDecode streams none of which inflates: the search would prove nothing")
	}
	return normalize(b.String())
}
