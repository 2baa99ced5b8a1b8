package e2e

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/citizenauth/idptest"
	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// portalSite is a torg of its own for the citizen portal's tests: the demo
// municipality with the test identity, and a fake OIDC identity provider
// (as ID-porten) that logs in whoever the test says.
type portalSite struct {
	base string
	idp  *idptest.Server
	app  *app.App
}

// startPortal serves the demo with the identity provider configured.
func startPortal(t *testing.T) *portalSite {
	t.Helper()
	ready(t)
	idp := idptest.New("torg-portal", "portal-secret")
	t.Cleanup(idp.Close)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg := config.Default()
	cfg.Data, cfg.Demo = t.TempDir(), true
	cfg.CitizenOIDCIssuer, cfg.CitizenOIDCClientID, cfg.CitizenOIDCClientSecret = idp.URL, "torg-portal", "portal-secret"
	cfg.CitizenOIDCRedirectURL, cfg.CitizenOIDCName, cfg.CitizenOIDCLogout = base+"/portal/callback", "ID-porten", true
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, cfg, nil)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		<-done
		a.Close()
	})
	return &portalSite{base: base, idp: idp, app: a}
}

// visit loads a path of the portal's own server.
func (s *portalSite) visit(b *tab, path string, want int64) {
	b.t.Helper()
	b.load("GET "+path, want, chromedp.Navigate(s.base+path))
}

// TestPortal walks the citizen portal as Kari Nordmann: the login through
// the identity provider, the front page with her case and a letter, a
// message with an attachment, the bad input of the issue (an empty message,
// an oversized attachment, another citizen's thread), the page of who has
// looked at her data, and the logout; every page checked with axe-core, in
// every language, with screenshots.
func TestPortal(t *testing.T) {
	s := startPortal(t)
	s.mailKari(t)
	s.staffReadsKari(t)
	b := newTab(t)
	s.idp.LogInAs(demo.DemoNIN)

	s.visit(b, "/portal", http.StatusOK)
	if p := b.path(); p != "/portal/login" {
		t.Fatalf("/portal without a session led to %s", p)
	}
	b.chooseLanguage(string(i18n.NB))
	b.checkAccessibility("portal login")
	b.screenshot("portal-login")
	b.load("log in with ID-porten", http.StatusOK, chromedp.Click(chromedp.CSS(`a.btn[href^="/portal/login/start"]`)))
	if got := b.text("h1"); got != "Min side" || b.path() != "/portal" {
		t.Fatalf("after the login: %s %q", b.path(), got)
	}
	if s.idp.Logins() != 1 {
		t.Errorf("%d logins at the identity provider", s.idp.Logins())
	}
	b.checkAccessibility("portal front page")
	b.screenshot("portal-home")

	t.Run("letter", func(t *testing.T) { s.letter(b.in(t)) })
	t.Run("DM1 write a message", func(t *testing.T) { s.write(b.in(t)) })
	t.Run("bad input", func(t *testing.T) { s.badInput(b.in(t)) })
	t.Run("who has looked at my data", func(t *testing.T) {
		b := b.in(t)
		b.load("open the access log", http.StatusOK, chromedp.Click(chromedp.CSS(`nav a[href="/portal/access"]`)))
		if rows := b.texts("table.data tbody tr"); len(rows) == 0 || !strings.Contains(strings.Join(rows, "\n"), "Eva Gran") {
			t.Errorf("access log rows %q, want Eva Gran's read of the case", rows)
		}
		b.checkAccessibility("portal access log")
		b.screenshot("portal-access")
	})
	t.Run("every language", func(t *testing.T) {
		b := b.in(t)
		for _, lang := range i18n.Supported {
			for _, path := range []string{"/portal", "/portal/messages/new", "/portal/access"} {
				s.visit(b, path, http.StatusOK)
				b.chooseLanguage(string(lang))
				if body := b.text("body"); strings.Contains(body, "⟦") {
					t.Errorf("%s %s: untranslated keys %q", lang, path, untranslated(body))
				}
				b.checkAccessibility(path + " " + string(lang))
			}
		}
		b.chooseLanguage(string(i18n.NB))
	})
	t.Run("mobile", func(t *testing.T) {
		b := b.in(t)
		b.do("narrow the window", chromedp.EmulateViewport(mobileWidth, mobileHeight))
		s.visit(b, "/portal", http.StatusOK)
		b.checkAccessibility("portal front page, narrow")
		b.screenshot("portal-home-mobile")
		b.do("widen the window", chromedp.EmulateViewport(desktopWidth, desktopHeight))
	})
	t.Run("logout", func(t *testing.T) {
		b := b.in(t)
		s.visit(b, "/portal", http.StatusOK)
		b.do("open the user menu", chromedp.Click(chromedp.CSS("details.user-menu summary")))
		b.submit(`form[action="/portal/logout"] button[type=submit]`, http.StatusOK)
		b.checkAccessibility("portal logged out")
		b.screenshot("portal-logout")
		b.load("log out of ID-porten too", http.StatusOK, chromedp.Click(chromedp.CSS(`a.btn[href^="`+s.idp.URL+`/logout"]`)))
		if p := b.path(); p != "/portal/logged-out" {
			t.Errorf("back from the provider's logout on %s", p)
		}
		s.visit(b, "/portal", http.StatusOK)
		if p := b.path(); p != "/portal/login" {
			t.Errorf("after logout /portal led to %s", p)
		}
	})
}

// TestPortalTestIdentity logs in through the demo's test identity, as one
// picks a person in ID-porten's TestID.
func TestPortalTestIdentity(t *testing.T) {
	b := newTab(t)
	b.open("/portal/login")
	b.chooseLanguage(string(i18n.NB))
	b.load("choose the test identity", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href*="via=testid"]`)))
	if p := b.path(); p != "/portal/testid" {
		t.Fatalf("the test identity button led to %s", p)
	}
	if n := len(b.texts(`input[name=nin]`)); n < 10 || n > 12 {
		t.Errorf("the test identity lists %d persons, want about a dozen", n)
	}
	b.checkAccessibility("test identity")
	b.screenshot("portal-testid")
	b.submit(`form[action="/portal/testid"] button[type=submit]:not([name])`, http.StatusUnprocessableEntity)
	b.checkAccessibility("test identity, nobody picked")
	b.do("pick Kari Nordmann", chromedp.Click(chromedp.CSS(`input[name=nin][value="`+demo.DemoNIN+`"]`)))
	b.submit(`form[action="/portal/testid"] button[type=submit]:not([name])`, http.StatusOK)
	if got := b.text("main > p"); got != "Hei, Kari!" {
		t.Errorf("after the test identity login: %q", got)
	}
}

// mailKari puts a letter with its PDF in Kari Nordmann's digital mailbox.
func (s *portalSite) mailKari(t *testing.T) {
	t.Helper()
	ctx, db := context.Background(), s.app.DB
	m, err := db.R().MunicipalityByCode(ctx, demo.MunicipalityCode)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.R().PersonByNIN(ctx, m.ID, demo.DemoNIN)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Write(ctx, func(q *store.Q) error {
		if err := q.PutBlob(ctx, "portal-e2e-letter", minimalPDF); err != nil {
			return err
		}
		om := &store.OutboxMessage{MunicipalityID: m.ID, PersonID: p.ID, Channel: store.ChannelMailbox,
			Subject: "Svar på søknad om gjeldsrådgivning", DocumentSHA256: "portal-e2e-letter", IdempotencyKey: "portal-e2e-letter",
			Body: "Vi har mottatt søknaden din om gjeldsrådgivning.\n\nVi ringer deg innen to arbeidsdager.\n\nHilsen Torgvik kommune"}
		if _, err := q.Enqueue(ctx, om, time.Now()); err != nil {
			return err
		}
		return q.PutMailbox(ctx, *om, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// staffReadsKari has Eva Gran open Kari Nordmann's case, which the access
// log must then show.
func (s *portalSite) staffReadsKari(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	eg, err := s.app.Service.EmployeeByUsername(ctx, "eg")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.app.DB.R().MunicipalityByCode(ctx, demo.MunicipalityCode)
	p, _ := s.app.DB.R().PersonByNIN(ctx, m.ID, demo.DemoNIN)
	cases, err := s.app.DB.R().PersonCases(ctx, m.ID, p.ID)
	if err != nil || len(cases) == 0 {
		t.Fatalf("Kari's cases: %v, %v", cases, err)
	}
	if _, err := s.app.Service.Case(ctx, eg, cases[0].ID); err != nil {
		t.Fatal(err)
	}
}

func (s *portalSite) letter(b *tab) {
	b.t.Helper()
	b.load("open the letter", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href^="/portal/letters/"]`)))
	if got := b.text("h1"); got != "Svar på søknad om gjeldsrådgivning" {
		b.t.Errorf("letter heading %q", got)
	}
	b.checkAccessibility("portal letter")
	b.screenshot("portal-letter")
	href := eval[string](b, `document.querySelector('a[href$="/pdf"]')?.getAttribute("href") ?? ""`)
	req, _ := http.NewRequest("GET", s.base+href, nil)
	for _, c := range b.cookiesOf(s.base) {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
		b.t.Errorf("letter PDF: %d, %.20q", resp.StatusCode, buf.String())
	}
	s.visit(b, "/portal", http.StatusOK)
}

func (s *portalSite) write(b *tab) {
	b.t.Helper()
	b.load("write a message", http.StatusOK, chromedp.Click(chromedp.CSS(`nav a[href="/portal/messages/new"]`)))
	b.checkAccessibility("portal write")
	file := filepath.Join(b.t.TempDir(), "lonnsslipp.pdf")
	if err := os.WriteFile(file, minimalPDF, 0o644); err != nil {
		b.t.Fatal(err)
	}
	unit := eval[string](b, `[...document.querySelectorAll("#unit option")].find(o => o.text === "Gjeldsrådgivning")?.value ?? ""`)
	b.do("fill in the message",
		chromedp.SetValue(chromedp.ID("unit"), unit),
		chromedp.Click(chromedp.CSS(`input[name=kind][value=inquiry]`)),
		chromedp.SendKeys(chromedp.ID("subject"), "Spørsmål om møtet"),
		chromedp.SendKeys(chromedp.ID("body"), "Hei! Må jeg ta med lønnsslipper til møtet? <script>alert(1)</script>"),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{file}),
	)
	b.screenshot("portal-write")
	b.submit(`form[action="/portal/messages"] button[type=submit]`, http.StatusOK)
	if !strings.HasPrefix(b.path(), "/portal/threads/") || !strings.Contains(b.text(".alert-success"), "Meldingen er sendt") {
		b.t.Fatalf("after sending: %s %q", b.path(), b.text(".alert"))
	}
	if got := b.text("ol.timeline article"); !strings.Contains(got, "<script>alert(1)</script>") || !strings.Contains(got, "lonnsslipp.pdf") {
		b.t.Errorf("the message shows as %q", got)
	}
	b.checkAccessibility("portal thread")
	b.screenshot("portal-thread")
}

func (s *portalSite) badInput(b *tab) {
	b.t.Helper()
	s.visit(b, "/portal/messages/new", http.StatusOK)
	b.do("write nothing", chromedp.SendKeys(chromedp.ID("subject"), "Tomt"))
	b.submit(`form[action="/portal/messages"] button[type=submit]`, http.StatusUnprocessableEntity)
	if got := b.texts("#error-summary a"); len(got) == 0 {
		b.t.Error("an empty message shows no error summary")
	}
	b.checkAccessibility("portal write with errors")
	b.screenshot("portal-write-error")

	big := filepath.Join(b.t.TempDir(), "skannet.pdf")
	if err := os.WriteFile(big, append(append([]byte{}, minimalPDF...), make([]byte, 11<<20)...), 0o644); err != nil {
		b.t.Fatal(err)
	}
	unit := eval[string](b, `[...document.querySelectorAll("#unit option")].find(o => o.text === "Gjeldsrådgivning")?.value ?? ""`)
	b.do("attach a file over the limit",
		chromedp.SetValue(chromedp.ID("unit"), unit),
		chromedp.SendKeys(chromedp.ID("body"), "Her er kontoutskriften."),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{big}),
	)
	b.submit(`form[action="/portal/messages"] button[type=submit]`, http.StatusUnprocessableEntity)
	if got := b.text("#files-error"); !strings.Contains(got, "«skannet.pdf» er for stor") {
		b.t.Errorf("oversized attachment: %q", got)
	}
	if got := eval[string](b, `document.getElementById("body").value`); got != "Her er kontoutskriften." {
		b.t.Errorf("the text was not kept: %q", got)
	}
	b.checkAccessibility("portal write with an oversized attachment")

	s.visit(b, "/portal/threads/999999", http.StatusNotFound)
	b.checkAccessibility("portal not found")
}

// cookiesOf returns the browser's cookies for a server's portal, for a
// plain HTTP client that fetches what the browser would download.
func (b *tab) cookiesOf(base string) []*http.Cookie {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{base + "/portal/"}})
	if err != nil {
		b.t.Fatalf("get cookies: %v", err)
	}
	var out []*http.Cookie
	for _, c := range res.Cookies {
		out = append(out, &http.Cookie{Name: c.Name, Value: c.Value})
	}
	return out
}
