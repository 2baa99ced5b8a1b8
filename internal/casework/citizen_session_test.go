package casework_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// Synthetic national IDs (Test-Norge, month + 80) of residents torg does
// not know yet, and a number of the ordinary kind.
const (
	newResidentNIN  = "15829040007"
	protectedNewNIN = "15829040198"
	deceasedNIN     = "15829040279"
	ordinaryNIN     = "15029040041"
)

func withRegister(t *testing.T, f *casetest.Fixture) {
	t.Helper()
	err := f.DB.Write(ctx, func(q *store.Q) error {
		return q.ReplaceRegister(ctx, f.Muni.ID, []store.RegisterPerson{
			{NIN: newResidentNIN, NINCountry: "NO", GivenName: "Nora", FamilyName: "Ny", Address: "Fjordveien 3",
				Postcode: "4600", City: "Torgvik", Reserved: true},
			{NIN: protectedNewNIN, NINCountry: "NO", GivenName: "Sven", FamilyName: "Skjermet",
				Forward: "SOT6, Postboks 2094 Vika, 0125 Oslo", Protection: torg.ProtectionStrict},
			{NIN: deceasedNIN, NINCountry: "NO", GivenName: "Død", FamilyName: "Person", Deceased: true},
		}, nil, f.Clock.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCitizenLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		p, token, csrf, err := f.Svc.CitizenLogin(ctx, f.Muni.ID, casework.CitizenIdentity{NIN: casetest.KariNIN,
			Method: casework.CitizenByOIDC, IDToken: "id-token"})
		if err != nil {
			t.Fatal(err)
		}
		if p.ID != f.Kari.ID || token == "" || csrf == "" {
			t.Fatalf("CitizenLogin = %v, %q, %q", p.ID, token, csrf)
		}
		got, gotCSRF, err := f.Svc.CitizenSession(ctx, token)
		if err != nil || got.ID != f.Kari.ID || gotCSRF != csrf {
			t.Fatalf("CitizenSession = %v, %q, %v", got, gotCSRF, err)
		}
		// The two kinds of session never stand in for each other.
		if _, _, err := f.Svc.Session(ctx, token); torg.ErrorCode(err) != torg.EUNAUTHORIZED {
			t.Errorf("a citizen's token opened a staff session: %v", err)
		}
		_, staffToken, _, err := f.Svc.Login(ctx, f.EG.Username, casetest.Password)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.Svc.CitizenSession(ctx, staffToken); torg.ErrorCode(err) != torg.EUNAUTHORIZED {
			t.Errorf("a staff token opened a citizen session: %v", err)
		}
		ev := lastAudit(t, f, f.Kari.ID)
		if ev.Action != "citizen.login" || ev.ActorID != 0 || ev.Detail != casework.CitizenByOIDC {
			t.Errorf("audit = %+v", ev)
		}
		idToken, err := f.Svc.CitizenLogout(ctx, token)
		if err != nil || idToken != "id-token" {
			t.Errorf("CitizenLogout = %q, %v", idToken, err)
		}
		if _, _, err := f.Svc.CitizenSession(ctx, token); torg.ErrorCode(err) != torg.EUNAUTHORIZED {
			t.Errorf("the session lived on after logout: %v", err)
		}
	})
}

// personAudit returns the audit events about a person, oldest first.
func personAudit(t *testing.T, f *casetest.Fixture, personID int64) []*torg.AuditEvent {
	t.Helper()
	var out []*torg.AuditEvent
	err := f.DB.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
		if e.PersonID == personID {
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func lastAudit(t *testing.T, f *casetest.Fixture, personID int64) *torg.AuditEvent {
	t.Helper()
	evs := personAudit(t, f, personID)
	if len(evs) == 0 {
		t.Fatal("no audit event")
	}
	return evs[len(evs)-1]
}

func TestCitizenSessionEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		login := func() string {
			_, token, _, err := f.Svc.CitizenLogin(ctx, f.Muni.ID, casework.CitizenIdentity{NIN: casetest.KariNIN,
				Method: casework.CitizenByTestID})
			if err != nil {
				t.Fatal(err)
			}
			return token
		}
		cfg := casework.DefaultConfig()
		idle := login()
		f.Clock.Advance(cfg.SessionIdle + time.Minute)
		if _, _, err := f.Svc.CitizenSession(ctx, idle); torg.AsError(err) == nil || torg.AsError(err).Key != "session.expired" {
			t.Errorf("an idle session: %v", err)
		}
		long := login()
		for d := time.Duration(0); d <= cfg.SessionMax; d += cfg.SessionIdle / 2 {
			f.Clock.Advance(cfg.SessionIdle / 2)
			if _, _, err := f.Svc.CitizenSession(ctx, long); err != nil {
				if d < cfg.SessionMax-cfg.SessionIdle {
					t.Fatalf("the session ended after %v in use: %v", d, err)
				}
				return
			}
		}
		t.Error("a session in use lived past its maximum")
	})
}

func TestCitizenLoginRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		withRegister(t, f)
		tests := []struct {
			name, nin, method, key string
		}{
			{"not a national ID", "12345678901", casework.CitizenByOIDC, "portal.login_bad_nin"},
			{"neither torg nor the register knows them", "15829040430", casework.CitizenByOIDC, "portal.unknown_citizen"},
			{"deceased in the register", deceasedNIN, casework.CitizenByOIDC, "portal.unknown_citizen"},
			{"a real number at the test identity", ordinaryNIN, casework.CitizenByTestID, "portal.testid_synthetic_only"},
			{"no method", casetest.KariNIN, "", "portal.login_failed"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, token, _, err := f.Svc.CitizenLogin(ctx, f.Muni.ID, casework.CitizenIdentity{NIN: tt.nin, Method: tt.method})
				if e := torg.AsError(err); e == nil || e.Key != tt.key || token != "" {
					t.Errorf("CitizenLogin = %q, %v; want %s", token, err, tt.key)
				}
			})
		}
		if n, err := db.R().CountPersons(ctx, f.Muni.ID); err != nil || n != 3 {
			t.Errorf("persons after refused logins = %d, %v; want the fixture's 3", n, err)
		}
	})
}

func TestCitizenFromRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		withRegister(t, f)
		p, _, _, err := f.Svc.CitizenLogin(ctx, f.Muni.ID, casework.CitizenIdentity{NIN: newResidentNIN, Method: casework.CitizenByOIDC})
		if err != nil {
			t.Fatal(err)
		}
		if p.Name() != "Nora Ny" || p.Address != "Fjordveien 3" || !p.DigitalReserved || p.Language != "nb" ||
			p.BirthDate != (torg.Date{Year: 1990, Month: 2, Day: 15}) {
			t.Errorf("person from the register = %+v", p)
		}
		ev := personAudit(t, f, p.ID)
		if len(ev) != 2 || ev[0].Action != "person.create" || ev[0].Detail != "portal" || ev[1].Action != "citizen.login" {
			t.Errorf("audit = %s", fmtAll(ev))
		}
		// Logging in again finds the same person.
		again, _, _, err := f.Svc.CitizenLogin(ctx, f.Muni.ID, casework.CitizenIdentity{NIN: newResidentNIN, Method: casework.CitizenByOIDC})
		if err != nil || again.ID != p.ID {
			t.Errorf("second login = %v, %v", again, err)
		}
		prot, _, _, err := f.Svc.CitizenLogin(ctx, f.Muni.ID, casework.CitizenIdentity{NIN: protectedNewNIN, Method: casework.CitizenByOIDC})
		if err != nil {
			t.Fatal(err)
		}
		if prot.Protection != torg.ProtectionStrict || prot.Address != torg.SOT6Street {
			t.Errorf("a strictly protected resident = %+v", prot)
		}
	})
}

func TestCitizenLoginFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		resume := url.Values{"body": {"Hei, jeg lurer på <b>noe</b>"}, "unit": {"3"}}
		fl, err := f.Svc.StartCitizenLogin(ctx, f.Muni.ID, "/portal/messages/new", resume)
		if err != nil {
			t.Fatal(err)
		}
		if fl.State == "" || fl.Nonce == "" || len(fl.Verifier) < 43 || fl.State == fl.Nonce {
			t.Fatalf("flow = %+v", fl)
		}
		if live, err := f.Svc.CitizenLoginLive(ctx, fl.State); !live || err != nil {
			t.Errorf("CitizenLoginLive = %v, %v", live, err)
		}
		got, err := f.Svc.TakeCitizenLogin(ctx, fl.State)
		if err != nil {
			t.Fatal(err)
		}
		if got.Nonce != fl.Nonce || got.Verifier != fl.Verifier || got.Next != "/portal/messages/new" ||
			got.MunicipalityID != f.Muni.ID || got.Resume.Get("body") != resume.Get("body") {
			t.Errorf("taken flow = %+v", got)
		}
		if _, err := f.Svc.TakeCitizenLogin(ctx, fl.State); torg.AsError(err) == nil || torg.AsError(err).Key != "portal.login_expired" {
			t.Errorf("a state was good twice: %v", err)
		}
		late, err := f.Svc.StartCitizenLogin(ctx, f.Muni.ID, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		f.Clock.Advance(16 * time.Minute)
		if _, err := f.Svc.TakeCitizenLogin(ctx, late.State); torg.ErrorCode(err) != torg.EUNAUTHORIZED {
			t.Errorf("a flow taken after 16 minutes: %v", err)
		}
		if _, err := f.Svc.TakeCitizenLogin(ctx, ""); torg.ErrorCode(err) != torg.EUNAUTHORIZED {
			t.Errorf("an empty state: %v", err)
		}
	})
}

func TestPortalMunicipalityAndTestIdentities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		for _, code := range []string{"", f.Muni.Code} {
			m, err := f.Svc.PortalMunicipality(ctx, code)
			if err != nil || m.ID != f.Muni.ID {
				t.Errorf("PortalMunicipality(%q) = %v, %v", code, m, err)
			}
		}
		if _, err := f.Svc.PortalMunicipality(ctx, "0000"); torg.AsError(err) == nil || torg.AsError(err).Key != "portal.no_municipality" {
			t.Errorf("an unknown code: %v", err)
		}
		ids, err := f.Svc.TestIdentities(ctx, f.Muni.ID)
		if err != nil || len(ids) != 3 || ids[0].ID != f.Kari.ID {
			t.Errorf("TestIdentities = %s, %v; want Kari (who has a case) first of 3", fmtAll(ids), err)
		}
	})
}
