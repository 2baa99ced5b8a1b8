package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/citizenauth"
	"github.com/torg-kommune/torg/internal/citizenauth/idptest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
	"github.com/torg-kommune/torg/internal/web"
)

// portalServer serves the web interface with the citizen portal's login
// as portal says; the service takes attachments of up to 1 MB.
func portalServer(t *testing.T, db *store.DB, portal func(base string) web.Portal) (*casetest.Fixture, string) {
	t.Helper()
	f := casetest.New(t, db)
	cfg := casework.DefaultConfig()
	cfg.MaxUploadBytes = 1 << 20
	f.Svc = casework.New(db, f.Clock, cfg)
	if _, err := f.Svc.LoadRoutines(context.Background()); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	h, err := web.New(f.Svc, slog.New(slog.DiscardHandler), web.Options{Portal: portal(srv.URL)})
	if err != nil {
		t.Fatal(err)
	}
	h.Register(mux)
	return f, srv.URL
}

func testIDPortal(string) web.Portal { return web.Portal{TestID: true} }

var (
	hrefRE  = regexp.MustCompile(`href="(/portal/login/start[^"]*)"`)
	stateRE = regexp.MustCompile(`name="state" value="([^"]+)"`)
)

// testIDLogin logs the client in as a synthetic person through the test
// identity, from the page it is on, and returns the page it lands on.
func (c *client) testIDLogin(loginPage, nin string) (int, string) {
	c.t.Helper()
	links := regexp.MustCompile(`href="([^"]*testid[^"]*)"`).FindStringSubmatch(loginPage)
	if links == nil {
		c.t.Fatalf("no test identity button on the login page")
	}
	_, page := c.get(strings.ReplaceAll(links[1], "&amp;", "&"))
	return c.post("/portal/testid", url.Values{"state": {field(c.t, stateRE, page)}, "nin": {nin}})
}

func TestPortalOIDCLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		idp := idptest.New("torg", "s3cret")
		t.Cleanup(idp.Close)
		f, base := portalServer(t, db, func(base string) web.Portal {
			return web.Portal{OIDCName: "ID-porten", OIDCLogout: true, OIDC: citizenauth.New(citizenauth.Config{
				Issuer: idp.URL, ClientID: "torg", ClientSecret: "s3cret", RedirectURL: base + "/portal/callback",
				PostLogoutURL: base + "/portal/logged-out"}, idp.Client())}
		})
		idp.LogInAs(casetest.KariNIN)
		c := newClient(t, base)

		code, login := c.get("/portal/threads/1")
		if code != http.StatusOK || !strings.Contains(login, "Logg inn med ID-porten") || strings.Contains(login, "testidentitet") {
			t.Fatalf("login page: %d", code)
		}
		start := strings.ReplaceAll(field(t, hrefRE, login), "&amp;", "&")
		if !strings.Contains(start, "next=%2Fportal%2Fthreads%2F1") {
			t.Errorf("the login forgets where the citizen was going: %s", start)
		}
		code, home := c.get("/portal/login/start")
		if code != http.StatusOK || !strings.Contains(home, "Hei, Kari!") {
			t.Fatalf("after login: %d %s", code, home)
		}
		if idp.Logins() != 1 {
			t.Errorf("%d logins at the provider", idp.Logins())
		}
		t.Run("the citizen's session is no staff session", func(t *testing.T) {
			if code, body := c.get("/work"); code != http.StatusOK || !strings.Contains(body, `action="/login"`) {
				t.Errorf("a citizen reached the staff pages: %d", code)
			}
		})
		t.Run("a callback this browser did not start is refused", func(t *testing.T) {
			other := newClient(t, base)
			code, body := other.get("/portal/callback?code=x&state=y")
			if code != http.StatusUnauthorized || !strings.Contains(body, "Innloggingen tok for lang tid") {
				t.Errorf("callback without the state cookie: %d", code)
			}
		})
		t.Run("an unknown citizen is told whom to call", func(t *testing.T) {
			idp.LogInAs("15829040430")
			other := newClient(t, base)
			code, body := other.get("/portal/login/start")
			if code != http.StatusNotFound || !strings.Contains(body, "Vi finner deg ikke") {
				t.Errorf("unknown citizen: %d", code)
			}
			if code, _ := other.get("/portal"); code != http.StatusOK || !strings.Contains(other.seen[len(other.seen)-1], "/portal/login") {
				t.Errorf("the unknown citizen got a session")
			}
		})
		t.Run("a refused token is no login", func(t *testing.T) {
			idp.LogInAs(casetest.KariNIN)
			idp.Tamper(func(c map[string]any) { c["aud"] = "another-client" })
			defer idp.Tamper(nil)
			other := newClient(t, base)
			if code, body := other.get("/portal/login/start"); code != http.StatusUnauthorized || !strings.Contains(body, "Vi fikk ikke logget deg inn") {
				t.Errorf("a token for another client: %d", code)
			}
		})
		t.Run("logging out offers the provider's logout", func(t *testing.T) {
			code, page := c.post("/portal/logout", url.Values{"csrf": {field(t, csrfRE, home)}})
			if code != http.StatusOK || !strings.Contains(page, "Logg ut av ID-porten") {
				t.Fatalf("logout: %d", code)
			}
			out := regexp.MustCompile(`href="(` + regexp.QuoteMeta(idp.URL) + `/logout[^"]*)"`).FindStringSubmatch(page)
			if out == nil {
				t.Fatal("no link to the provider's logout")
			}
			req, _ := http.NewRequest("GET", strings.ReplaceAll(out[1], "&amp;", "&"), nil)
			code, back := c.do(req)
			if code != http.StatusOK || !strings.Contains(back, "Du er logget ut av Min side") {
				t.Errorf("back from the provider's logout: %d", code)
			}
			c.get("/portal")
			if last := c.seen[len(c.seen)-1]; !strings.Contains(last, "/portal/login") {
				t.Errorf("the session lived on after logout: %s", last)
			}
		})
		_ = f
	})
}

func TestPortalTestID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := portalServer(t, db, testIDPortal)
		c := newClient(t, base)
		_, login := c.get("/portal")
		if !strings.Contains(login, "Logg inn med testidentitet") || strings.Contains(login, "Logg inn med elektronisk ID") {
			t.Fatal("the demo's login page has no test identity button, or an identity provider it lacks")
		}
		_, page := c.get(strings.ReplaceAll(regexp.MustCompile(`href="([^"]*testid[^"]*)"`).FindStringSubmatch(login)[1], "&amp;", "&"))
		for _, want := range []string{"Kari Nordmann", casetest.KariNIN, "oppdiktet"} {
			if !strings.Contains(page, want) {
				t.Errorf("the test identity page lacks %q", want)
			}
		}
		state := field(t, stateRE, page)
		if code, body := c.post("/portal/testid", url.Values{"state": {state}}); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Velg en person") {
			t.Errorf("nobody picked: %d", code)
		}
		if code, body := c.post("/portal/testid", url.Values{"state": {state}, "other_nin": {"15029040041"}}); code != http.StatusUnauthorized ||
			!strings.Contains(body, "bare syntetiske testnumre") {
			t.Errorf("a real number at the test identity: %d", code)
		}
		// The refused number used the flow up: the citizen starts again.
		_, home := c.testIDLogin(login, casetest.KariNIN)
		if !strings.Contains(home, "Hei, Kari!") {
			t.Fatalf("test identity login did not land on the front page")
		}
		if ev := lastEvent(t, db, f.Kari.ID); ev.Action != "citizen.login" || ev.Detail != casework.CitizenByTestID {
			t.Errorf("audit = %+v", ev)
		}
	})
}

func TestPortalWithoutTestID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, base := portalServer(t, db, func(string) web.Portal { return web.Portal{} })
		c := newClient(t, base)
		for _, path := range []string{"/portal/login/start?via=testid", "/portal/testid?state=x"} {
			if code, _ := c.get(path); code != http.StatusNotFound {
				t.Errorf("GET %s outside the demo: %d", path, code)
			}
		}
		if code, _ := c.post("/portal/testid", url.Values{"state": {"x"}, "nin": {casetest.KariNIN}}); code != http.StatusNotFound {
			t.Errorf("POST /portal/testid outside the demo: %d", code)
		}
		if _, body := c.get("/portal/login"); !strings.Contains(body, "Innloggingen er ikke satt opp") {
			t.Error("a portal without any login does not say so")
		}
	})
}

func lastEvent(t *testing.T, db *store.DB, personID int64) *torg.AuditEvent {
	t.Helper()
	var last *torg.AuditEvent
	db.R().AuditEvents(context.Background(), 0, func(e *torg.AuditEvent) error {
		if e.PersonID == personID {
			last = e
		}
		return nil
	})
	if last == nil {
		t.Fatal("no audit event")
	}
	return last
}

// kariPortal logs a client in to the portal as Kari Nordmann.
func kariPortal(t *testing.T, db *store.DB) (*casetest.Fixture, *client, string) {
	t.Helper()
	f, base := portalServer(t, db, testIDPortal)
	c := newClient(t, base)
	_, login := c.get("/portal")
	_, home := c.testIDLogin(login, casetest.KariNIN)
	if !strings.Contains(home, "Hei, Kari!") {
		t.Fatal("login failed")
	}
	return f, c, field(t, csrfRE, home)
}

var threadRE = regexp.MustCompile(`/portal/threads/(\d+)`)

func TestPortalWriteAndReply(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, c, csrf := kariPortal(t, db)
		form := func(body string) url.Values {
			_, page := c.get("/portal/messages/new")
			return url.Values{"csrf": {csrf}, "request_key": {field(t, keyRE, page)}, "unit": {itoa(f.Debt.ID)},
				"kind": {torg.MsgInquiry}, "subject": {"Om møtet"}, "body": {body}}
		}
		t.Run("DM1 a message with script in it is shown as text", func(t *testing.T) {
			code, page := c.multipart("/portal/messages", form("Når er møtet? <script>alert(1)</script>"),
				map[string][]byte{"lonn.pdf": []byte("%PDF-1.4 lønnsslipp")})
			if code != http.StatusOK || !strings.Contains(page, "Meldingen er sendt") {
				t.Fatalf("write: %d", code)
			}
			if strings.Contains(page, "<script>alert") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Error("the script was not escaped")
			}
			if !strings.Contains(page, "lonn.pdf") {
				t.Error("the attachment is not listed")
			}
			doc := regexp.MustCompile(`href="(/portal/threads/\d+/documents/\d+)"`).FindStringSubmatch(page)
			if doc == nil {
				t.Fatal("no link to the attachment")
			}
			resp, err := c.http.Get(c.base + doc[1])
			if err != nil || resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("attachment download: %v %v", resp, err)
			}
			resp.Body.Close()
		})
		t.Run("an empty message keeps the subject and says what is missing", func(t *testing.T) {
			code, page := c.multipart("/portal/messages", form("   "), nil)
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Skriv en melding.") || !strings.Contains(page, `value="Om møtet"`) {
				t.Errorf("empty message: %d", code)
			}
		})
		t.Run("an oversized attachment is refused in the citizen's language, the text kept", func(t *testing.T) {
			big := make([]byte, 1<<20+1)
			copy(big, "%PDF-1.4")
			for lang, want := range map[string]string{"nb": "er for stor", "da": "er for stor", "sv": "är för stor", "en": "too large"} {
				c.lang = lang
				code, page := c.multipart("/portal/messages", form("Se vedlagt lønnsslipp"), map[string][]byte{"stor.pdf": big})
				if code != http.StatusUnprocessableEntity || !strings.Contains(page, want) || !strings.Contains(page, "stor.pdf") ||
					!strings.Contains(page, "Se vedlagt lønnsslipp</textarea>") {
					t.Errorf("%s: %d, want %q with the text kept", lang, code, want)
				}
				noMissingText(t, page)
			}
			c.lang = "nb"
		})
		t.Run("a disallowed attachment type is refused", func(t *testing.T) {
			code, page := c.multipart("/portal/messages", form("Her er et program"), map[string][]byte{"virus.pdf": []byte("MZ\x90\x00")})
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, "har en type vi ikke tar imot") {
				t.Errorf("exe as pdf: %d", code)
			}
		})
		_, home := c.get("/portal")
		id := threadRE.FindStringSubmatch(home)[1]
		t.Run("reply", func(t *testing.T) {
			_, page := c.get("/portal/threads/" + id)
			code, page := c.multipart("/portal/threads/"+id+"/reply", url.Values{"csrf": {csrf},
				"request_key": {field(t, keyRE, page)}, "body": {"Jeg glemte å si at jeg jobber til 16."}}, nil)
			if code != http.StatusOK || !strings.Contains(page, "Svaret ditt er sendt") || !strings.Contains(page, "jobber til 16") {
				t.Errorf("reply: %d", code)
			}
		})
		t.Run("a reply to a finished thread opens a new, linked one", func(t *testing.T) {
			tid := parseInt(id)
			if err := f.Svc.Answer(context.Background(), f.EG, tid, "Møtet er tirsdag kl. 10.", nil, true); err != nil {
				t.Fatal(err)
			}
			_, page := c.get("/portal/threads/" + id)
			if !strings.Contains(page, "Møtet er tirsdag kl. 10.") || !strings.Contains(page, "Ferdig") {
				t.Fatal("the answer is not shown")
			}
			code, page := c.multipart("/portal/threads/"+id+"/reply", url.Values{"csrf": {csrf},
				"request_key": {field(t, keyRE, page)}, "body": {"Takk, men kan det bli kl. 12?"}}, nil)
			if code != http.StatusOK || !strings.Contains(page, "startet en ny samtale") || !strings.Contains(page, `href="/portal/threads/`+id+`"`) {
				t.Errorf("reply to a done thread: %d", code)
			}
		})
	})
}

func TestPortalOtherCitizensData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, c, _ := kariPortal(t, db)
		ctx := context.Background()
		th, err := f.Svc.WriteMessage(ctx, f.Confidential, casework.NewMessage{UnitID: f.Debt.ID, Kind: torg.MsgInquiry,
			Body: "Tores hemmelige spørsmål"})
		if err != nil {
			t.Fatal(err)
		}
		var letter store.MailboxMessage
		err = db.Write(ctx, func(q *store.Q) error {
			m := &store.OutboxMessage{MunicipalityID: f.Muni.ID, PersonID: f.Confidential.ID, Channel: store.ChannelMailbox,
				Subject: "Vedtak til Tore", Body: "Brev", IdempotencyKey: "tore-1"}
			if _, err := q.Enqueue(ctx, m, casetest.Now); err != nil {
				return err
			}
			if err := q.PutMailbox(ctx, *m, casetest.Now); err != nil {
				return err
			}
			box, err := q.Mailbox(ctx, f.Confidential.ID)
			letter = box[0]
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/portal/threads/" + itoa(th.ID), "/portal/letters/" + itoa(letter.ID),
			"/portal/letters/" + itoa(letter.ID) + "/pdf", "/portal/threads/" + itoa(th.ID) + "/documents/1"} {
			code, body := c.get(path)
			if code != http.StatusNotFound || strings.Contains(body, "Tore") || !strings.Contains(body, "Fant ikke siden") {
				t.Errorf("GET %s as Kari: %d", path, code)
			}
		}
		if ev := lastEvent(t, db, f.Kari.ID); ev.Action != "citizen.denied" {
			t.Errorf("the attempt was not audited: %+v", ev)
		}
	})
}

func parseInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func TestPortalExpiredSessionKeepsTheForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, c, csrf := kariPortal(t, db)
		_, page := c.get("/portal/messages/new")
		key := field(t, keyRE, page)
		f.Clock.Advance(casework.DefaultConfig().SessionIdle + time.Minute)
		code, login := c.multipart("/portal/messages", url.Values{"csrf": {csrf}, "request_key": {key}, "unit": {itoa(f.Debt.ID)},
			"kind": {torg.MsgComplaint}, "subject": {"Klage på vedtaket"}, "body": {"Jeg er uenig i vedtaket fordi …"}},
			map[string][]byte{"vedtak.pdf": []byte("%PDF-1.4")})
		if code != http.StatusUnauthorized || !strings.Contains(login, "Det du skrev er tatt vare på") ||
			!strings.Contains(login, "Vedleggene må du legge ved på nytt") {
			t.Fatalf("post on an expired session: %d", code)
		}
		if strings.Contains(login, "uenig i vedtaket") {
			t.Error("the kept text is in the login page, where a shared computer's next user could read it")
		}
		code, form := c.testIDLogin(login, casetest.KariNIN)
		if code != http.StatusOK || !strings.Contains(form, "Du er logget inn igjen") ||
			!strings.Contains(form, "Jeg er uenig i vedtaket fordi …</textarea>") || !strings.Contains(form, `value="Klage på vedtaket"`) ||
			!regexp.MustCompile(`value="complaint" checked`).MatchString(form) || field(t, keyRE, form) != key {
			t.Fatalf("the form was not filled in again after login: %d\n%s", code, form)
		}
		newCSRF := field(t, csrfRE, form)
		if newCSRF == csrf {
			t.Error("the new session kept the old CSRF token")
		}
		code, sent := c.multipart("/portal/messages", url.Values{"csrf": {newCSRF}, "request_key": {key}, "unit": {itoa(f.Debt.ID)},
			"kind": {torg.MsgComplaint}, "subject": {"Klage på vedtaket"}, "body": {"Jeg er uenig i vedtaket fordi …"}}, nil)
		if code != http.StatusOK || !strings.Contains(sent, "Meldingen er sendt") {
			t.Errorf("sending the kept form: %d", code)
		}
		t.Run("a reply is kept too", func(t *testing.T) {
			id := threadRE.FindStringSubmatch(sent)[1]
			f.Clock.Advance(casework.DefaultConfig().SessionIdle + time.Minute)
			code, login := c.multipart("/portal/threads/"+id+"/reply", url.Values{"csrf": {newCSRF}, "request_key": {"r1"},
				"body": {"Et tillegg til klagen"}}, nil)
			if code != http.StatusUnauthorized || strings.Contains(login, "Vedleggene må du legge ved") {
				t.Fatalf("reply on an expired session: %d", code)
			}
			_, page := c.testIDLogin(login, casetest.KariNIN)
			if !strings.Contains(page, "Et tillegg til klagen</textarea>") || !strings.Contains(page, "Klage på vedtaket</h1>") {
				t.Errorf("the reply was not filled in again")
			}
		})
	})
}

func TestPortalPagesInEveryLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, c, _ := kariPortal(t, db)
		ctx := context.Background()
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.PutBlob(ctx, "kari-letter", []byte("%PDF-1.4 brev")); err != nil {
				return err
			}
			m := &store.OutboxMessage{MunicipalityID: f.Muni.ID, PersonID: f.Kari.ID, Channel: store.ChannelMailbox,
				Subject: "Svar på søknad", Body: "Vi har mottatt søknaden din.\n\nHilsen Torgvik kommune",
				DocumentSHA256: "kari-letter", IdempotencyKey: "kari-1"}
			if _, err := q.Enqueue(ctx, m, casetest.Now); err != nil {
				return err
			}
			return q.PutMailbox(ctx, *m, casetest.Now)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Svc.Case(ctx, f.EG, f.KariCase.ID); err != nil {
			t.Fatal(err)
		}
		th, err := f.Svc.WriteMessage(ctx, f.Kari, casework.NewMessage{UnitID: f.Debt.ID, Kind: torg.MsgInvoice, Body: "Hva gjelder fakturaen?"})
		if err != nil {
			t.Fatal(err)
		}
		_, home := c.get("/portal")
		letter := regexp.MustCompile(`href="(/portal/letters/\d+)"`).FindStringSubmatch(home)
		if letter == nil || !strings.Contains(home, "Nye brev: 1") || !strings.Contains(home, f.KariCase.Title) {
			t.Fatal("the front page lacks the letter or the case")
		}
		pages := []string{"/portal", letter[1], "/portal/messages/new", "/portal/threads/" + itoa(th.ID), "/portal/access", "/portal/login"}
		for _, lang := range []string{"nb", "da", "sv", "en"} {
			c.lang = lang
			for _, p := range pages {
				code, body := c.get(p)
				if code != http.StatusOK || !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s %s: %d", lang, p, code)
				}
				noMissingText(t, body)
			}
		}
		c.lang = "nb"
		if _, page := c.get("/portal/access"); !strings.Contains(page, f.EG.Name) || !strings.Contains(page, "Så på saken din") {
			t.Error("the access log does not show the counsellor who read the case")
		}
		if _, page := c.get("/portal"); strings.Contains(page, "Nye brev") {
			t.Error("the letter is still new after it was read")
		}
		resp, err := c.http.Get(c.base + letter[1] + "/pdf")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "Svar%20p%C3%A5%20s%C3%B8knad.pdf") {
			t.Errorf("letter PDF: %d %v", resp.StatusCode, resp.Header)
		}
	})
}
