package web_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func absent(t *testing.T, f *casetest.Fixture, who *torg.Employee, kind, from, to string) *casework.Absence {
	t.Helper()
	a, err := f.Svc.AddAbsence(context.Background(), f.Leader, f.Debt.ID,
		casework.AbsenceInput{EmployeeID: who.ID, Kind: kind, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAbsencePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		ctx := context.Background()
		desk, eg, leader := newClient(t, base), newClient(t, base), newClient(t, base)
		desk.login("skranke")
		eg.login("eg")
		leader.login("leder")
		const banner = "Ingen rådgivere på jobb"
		vacation := absent(t, f, f.EG, "vacation", "2026-11-23", "2026-11-27")
		t.Run("FD4.1 one counsellor away: no banner", func(t *testing.T) {
			if _, body := desk.get("/desk"); strings.Contains(body, banner) {
				t.Error("the desk sees the banner while KH is at work")
			}
		})
		sick := absent(t, f, f.KH, "sick", "2026-11-23", "2026-11-24")
		t.Run("FD4.1 all counsellors away: the front desk sees it on every page", func(t *testing.T) {
			for _, path := range []string{"/desk", "/work", "/routines", "/absences", "/m"} {
				code, body := desk.get(path)
				if code != http.StatusOK || !strings.Contains(body, banner) ||
					!strings.Contains(body, "Alle rådgiverne i Gjeldsrådgivning er borte i dag.") ||
					!strings.Contains(body, "Første tilbake: 25.11.2026 (Knut Hansen).") {
					t.Errorf("%s: %d, no banner", path, code)
				}
				noMissingText(t, body)
			}
			for _, c := range []*client{eg, leader} {
				if _, body := c.get("/work"); strings.Contains(body, banner) {
					t.Error("a counsellor or leader sees the desk's banner")
				}
			}
		})
		t.Run("FD4 the board: the desk sees who is away, not why", func(t *testing.T) {
			code, body := desk.get("/absences")
			main := mainRE.FindString(body)
			if code != http.StatusOK || !strings.Contains(main, "kh – Knut Hansen") || strings.Contains(main, "Syk") ||
				!strings.Contains(main, "Borte") || strings.Contains(main, `action="/units/`) {
				t.Errorf("desk board: %d\n%s", code, main)
			}
			_, body = leader.get("/absences")
			if !strings.Contains(body, "Syk") || !strings.Contains(body, "Ingen møter") || !strings.Contains(body, `name="absence_employee"`) {
				t.Errorf("the leader's board lacks the kind or the form")
			}
			noMissingText(t, body)
		})
		t.Run("FD4.5 an employee records a reduced day on the board; wrong hours are refused", func(t *testing.T) {
			_, page := eg.get("/absences")
			if !strings.Contains(page, `<input type="hidden" name="absence_employee" value="`+fmtInt(f.EG.ID)+`">`) {
				t.Fatal("the counsellor's form is not for themselves")
			}
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "back": {"board"}, "absence_employee": {fmtInt(f.EG.ID)},
				"absence_kind": {"reduced_day"}, "absence_from": {"01.12.2026"}, "absence_to": {"18.12.2026"},
				"absence_away_from": {"15:00"}, "absence_away_to": {"12:00"}}
			code, body := eg.post("/units/"+fmtInt(f.Debt.ID)+"/absences", v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#absence_away_to">`) ||
				!strings.Contains(body, `id="absence_away_to"`) || !strings.Contains(body, `value="15:00"`) {
				t.Errorf("back to front: %d, want the error on the board with the form as sent", code)
			}
			noMissingText(t, body)
			v.Set("absence_away_from", "12:00")
			v.Set("absence_away_to", "15:30")
			code, body = eg.post("/units/"+fmtInt(f.Debt.ID)+"/absences", v)
			if code != http.StatusOK || !strings.Contains(body, "Fraværet er registrert.") ||
				!strings.Contains(body, "borte 12:00–15:30") || !strings.Contains(body, "01.12.2026–18.12.2026") {
				t.Errorf("reduced day: %d", code)
			}
			if _, body := desk.get("/absences"); !strings.Contains(body, "Redusert arbeidsdag") || !strings.Contains(body, "borte 12:00–15:30") {
				t.Error("the desk does not see the reduced day's hours")
			}
		})
		t.Run("FD4.2 FD4.4 the leader's list of whom to tell, and marking them told", func(t *testing.T) {
			c := f.KariCase
			if _, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, casework.AppointmentInput{Date: "2026-11-24", Start: "10:00",
				End: "11:00", Place: "Hjemmebesøk", WithAgency: "NAV Torgvik"}); err != nil {
				t.Fatal(err)
			}
			_, board := leader.get("/absences")
			link := "/units/" + fmtInt(f.Debt.ID) + "/absences/" + fmtInt(vacation.ID)
			if !strings.Contains(board, `href="`+link+`"`) || !strings.Contains(board, "Informert: 0 av 1 møter") {
				t.Fatalf("the board has no link to the list:\n%s", mainRE.FindString(board))
			}
			code, page := leader.get(link)
			if code != http.StatusOK || !strings.Contains(page, "Kari Nordmann") || !strings.Contains(page, "4799999999") ||
				!strings.Contains(page, "NAV Torgvik") || !strings.Contains(page, "24.11.2026 10:00–11:00") {
				t.Fatalf("list: %d\n%s", code, mainRE.FindString(page))
			}
			noMissingText(t, page)
			ap := regexp.MustCompile(`name="appointment" value="(\d+)"`)
			code, page = leader.post(link+"/informed", url.Values{"csrf": {field(t, csrfRE, page)}, "appointment": {field(t, ap, page)}})
			if code != http.StatusOK || !strings.Contains(page, "merket som informert") || !strings.Contains(page, "Informert</span>") ||
				strings.Contains(page, `name="appointment"`) {
				t.Errorf("mark: %d", code)
			}
			for _, c := range []*client{eg, desk} {
				if code, _ := c.get(link); code != http.StatusForbidden {
					t.Errorf("someone not leading the unit reads the list: %d", code)
				}
			}
		})
		t.Run("FD4 a leader deletes an absence from the board", func(t *testing.T) {
			_, page := leader.get("/absences")
			code, body := leader.post("/units/"+fmtInt(f.Debt.ID)+"/absences/"+fmtInt(sick.ID)+"/delete",
				url.Values{"csrf": {field(t, csrfRE, page)}, "back": {"board"}})
			if code != http.StatusOK || !strings.Contains(body, "Fraværet er slettet.") || strings.Contains(body, banner) {
				t.Errorf("delete: %d", code)
			}
		})
	})
}

func TestNoticePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		ctx := context.Background()
		notify := func(text string) {
			t.Helper()
			if err := f.DB.Write(ctx, func(q *store.Q) error { return f.Svc.NotifyEmployee(ctx, q, f.EG.ID, text) }); err != nil {
				t.Fatal(err)
			}
		}
		eg := newClient(t, base)
		eg.login("eg")
		t.Run("DM3 without JavaScript: the notices by reloading, as text", func(t *testing.T) {
			notify(`Hjemmebesøket kl. 10:00 er avlyst. <script>alert(1)</script>`)
			req, _ := http.NewRequest("GET", base+"/m", nil)
			resp, err := eg.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") ||
				!strings.Contains(csp, "connect-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("CSP %q", csp)
			}
			code, body := eg.get("/m")
			if code != http.StatusOK || !strings.Contains(body, "Hjemmebesøket kl. 10:00 er avlyst. &lt;script&gt;") ||
				strings.Contains(body, "<script>alert") || !strings.Contains(body, `<a class="btn btn-secondary" href="/m">`) ||
				!strings.Contains(body, `<script src="/static/notices.js"></script>`) {
				t.Errorf("page: %d\n%s", code, mainRE.FindString(body))
			}
			if !strings.Contains(body, `<span class="badge badge-info">1<span class="sr-only"> uleste</span>`) {
				t.Error("the navigation does not count the unread notice")
			}
			noMissingText(t, body)
			if code, js := eg.get("/static/notices.js"); code != http.StatusOK || !strings.Contains(js, "EventSource") ||
				strings.Contains(js, "innerHTML") {
				t.Errorf("script: %d", code)
			}
		})
		t.Run("DM3 mark read marks what the page showed", func(t *testing.T) {
			_, page := eg.get("/m")
			last := field(t, regexp.MustCompile(`name="last" id="notices-last" value="(\d+)"`), page)
			notify("Kom senere")
			code, body := eg.post("/m/read", url.Values{"csrf": {field(t, csrfRE, page)}, "last": {last}})
			if code != http.StatusOK || !strings.Contains(body, "Varslene er merket som lest.") ||
				!strings.Contains(body, `<span class="badge badge-info">1<span`) {
				t.Errorf("read: %d; want one left unread", code)
			}
		})
		t.Run("DM3 with JavaScript: a notice comes live over Server-Sent Events", func(t *testing.T) {
			_, page := eg.get("/m")
			last := field(t, regexp.MustCompile(`data-last="(\d+)"`), page)
			sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(sctx, "GET", base+"/m/events?after="+last, nil)
			resp, err := eg.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
				t.Fatalf("stream: %d %s", resp.StatusCode, ct)
			}
			lines := make(chan string)
			go func() {
				sc := bufio.NewScanner(resp.Body)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			time.Sleep(100 * time.Millisecond) // the stream is watching
			notify("Ny tid: kl. 13:00, ring Kari først")
			var got []string
			for l := range lines {
				got = append(got, l)
				if strings.HasPrefix(l, "data: ") {
					break
				}
			}
			s := strings.Join(got, "\n")
			if !strings.Contains(s, "event: notice") || !strings.Contains(s, `"text":"Ny tid: kl. 13:00, ring Kari først"`) ||
				!regexp.MustCompile(`id: \d+\n`).MatchString(s) {
				t.Errorf("stream:\n%s", s)
			}
		})
		t.Run("DM3 another employee's stream stays silent, and a stream needs a login", func(t *testing.T) {
			anon := newClient(t, base)
			anon.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			if code, _ := anon.get("/m/events"); code != http.StatusSeeOther {
				t.Errorf("without login: %d", code)
			}
			kh := newClient(t, base)
			kh.login("kh")
			if _, body := kh.get("/m"); strings.Contains(body, "Kom senere") {
				t.Error("KH sees EG's notices")
			}
		})
	})
}
