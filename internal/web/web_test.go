package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
	"github.com/torg-kommune/torg/internal/web"
)

// client is a browser without JavaScript: it keeps cookies, follows
// redirects and remembers every URL it was sent to.
type client struct {
	t    *testing.T
	base string
	http *http.Client
	seen []string
	lang string
}

func newServer(t *testing.T, db *store.DB) (*casetest.Fixture, string) {
	t.Helper()
	f := casetest.New(t, db)
	if _, err := f.Svc.LoadRoutines(context.Background()); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(f.Svc, slog.New(slog.DiscardHandler), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, base: base, lang: "nb"}
	c.http = &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		c.seen = append(c.seen, r.URL.String())
		return nil
	}}
	return c
}

func (c *client) do(req *http.Request) (int, string) {
	c.t.Helper()
	req.Header.Set("Accept-Language", c.lang)
	c.seen = append(c.seen, req.URL.String())
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *client) get(path string) (int, string) {
	req, _ := http.NewRequest("GET", c.base+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) (int, string) {
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) multipart(path string, form url.Values, files map[string][]byte) (int, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func (c *client) login(user string) {
	c.t.Helper()
	code, body := c.post("/login", url.Values{"username": {user}, "password": {casetest.Password}})
	if code != http.StatusOK || strings.Contains(body, `action="/login"`) {
		c.t.Fatalf("login as %s: %d", user, code)
	}
}

var (
	csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	keyRE  = regexp.MustCompile(`name="request_key" value="([^"]+)"`)
)

func field(t *testing.T, re *regexp.Regexp, body string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in page", re)
	}
	return m[1]
}

// noMissingText fails if a page shows a key that has no translation.
func noMissingText(t *testing.T, body string) {
	t.Helper()
	if i := strings.Index(body, "⟦"); i >= 0 {
		t.Errorf("missing translation: %s", body[i:min(len(body), i+60)])
	}
}

func TestFrontDeskPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		c := newClient(t, base)
		c.login("skranke")
		_, desk := c.get("/desk")
		csrf := field(t, csrfRE, desk)

		t.Run("FD1.1 invalid national ID says what is wrong", func(t *testing.T) {
			code, body := c.post("/desk", url.Values{"csrf": {csrf}, "action": {"nin"}, "nin": {"10915596785"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Det andre kontrollsifferet stemmer ikke") {
				t.Errorf("%d, want 422 with the control digit message", code)
			}
		})
		t.Run("FD1.1 find by national ID without it in a URL", func(t *testing.T) {
			code, body := c.post("/desk", url.Values{"csrf": {csrf}, "action": {"nin"}, "nin": {casetest.KariNIN}})
			if code != http.StatusOK || !strings.Contains(body, "Kari Nordmann") {
				t.Fatalf("%d", code)
			}
			for _, u := range c.seen {
				if strings.Contains(u, casetest.KariNIN) || strings.Contains(u, "109155") {
					t.Errorf("national ID in URL %s", u)
				}
			}
		})
		var walkInReceipt string
		t.Run("FD1.2 register a walk-in inquiry", func(t *testing.T) {
			_, form := c.get("/persons/" + itoa(f.Kari.ID) + "/walk-in")
			v := url.Values{"csrf": {csrf}, "request_key": {field(t, keyRE, form)}, "unit": {itoa(f.Debt.ID)},
				"from": {"citizen"}, "summary": {`Trenger hjelp <script>alert("x")</script>`}}
			code, body := c.post("/persons/"+itoa(f.Kari.ID)+"/walk-in", v)
			if code != http.StatusOK || !strings.Contains(body, "Henvendelsen er registrert") {
				t.Fatalf("%d: %s", code, body)
			}
			walkInReceipt = c.seen[len(c.seen)-1]
			code, body = c.post("/persons/"+itoa(f.Kari.ID)+"/walk-in", v)
			if code != http.StatusOK || c.seen[len(c.seen)-1] != walkInReceipt+"?dup=1" {
				t.Errorf("double submit went to %s, want the first receipt", c.seen[len(c.seen)-1])
			}
		})
		t.Run("FD2.3 drop-off form shows the checklist and FD2.5 the message channel", func(t *testing.T) {
			_, body := c.get("/persons/" + itoa(f.Kari.ID) + "/drop-off")
			for _, want := range []string{"Lønnsslipper siste 3 måneder", "eDialog", "Oppfordre personen"} {
				if !strings.Contains(body, want) {
					t.Errorf("drop-off page lacks %q", want)
				}
			}
			if strings.Contains(body, "@torgvik") {
				t.Errorf("FD2.5: the desk page shows an e-mail address")
			}
		})
		t.Run("FD2.4 register a drop-off with a scan", func(t *testing.T) {
			_, form := c.get("/persons/" + itoa(f.Kari.ID) + "/drop-off")
			v := url.Values{"csrf": {csrf}, "request_key": {field(t, keyRE, form)}, "case": {itoa(f.KariCase.ID)},
				"from": {"citizen"}, "delivered": {"Fullmakt"}, "poa": {"incomplete"}, "shelf": {"Gjeldsrådgivning"}}
			code, body := c.multipart("/persons/"+itoa(f.Kari.ID)+"/drop-off", v, map[string][]byte{"scan.pdf": []byte("%PDF-1.4 x")})
			if code != http.StatusOK || !strings.Contains(body, "Skattemelding") || !strings.Contains(body, "ikke fullstendig utfylt") {
				t.Fatalf("%d: receipt lacks missing items or POA warning", code)
			}
			v.Set("request_key", "another-form")
			code, body = c.multipart("/persons/"+itoa(f.Kari.ID)+"/drop-off", v, map[string][]byte{"virus.exe": []byte("MZ\x90\x00")})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "virus.exe") {
				t.Errorf("bad upload: %d", code)
			}
		})
		t.Run("FD2.2 the counsellor sees both on the work list", func(t *testing.T) {
			eg := newClient(t, base)
			eg.login("eg")
			_, body := eg.get("/work")
			if !strings.Contains(body, "Følg opp henvendelse fra Kari Nordmann") || !strings.Contains(body, "Dokumentasjon levert i skranken") {
				t.Errorf("work list lacks the tasks")
			}
			_, body = eg.get("/cases/" + itoa(f.KariCase.ID))
			if !strings.Contains(body, "scan.pdf") {
				t.Errorf("case page lacks the scanned document")
			}
			code, body := eg.get(strings.TrimPrefix(walkInReceipt, base))
			if code != http.StatusOK || strings.Contains(body, "<script>alert") {
				t.Errorf("receipt %d; script must be shown as text", code)
			}
		})
		t.Run("the desk cannot open the case", func(t *testing.T) {
			if code, _ := c.get("/cases/" + itoa(f.KariCase.ID)); code != http.StatusNotFound {
				t.Errorf("%d, want 404", code)
			}
		})
	})
}

func itoa(n int64) string { return fmtInt(n) }
