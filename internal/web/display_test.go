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

// queueDay puts a passport queue and an open counter in the fixture's
// municipality and serves one ticket from the kiosk: 4 minutes waiting,
// 6 at the counter. It returns the counter and the ticket, done.
func queueDay(t *testing.T, f *casetest.Fixture) (*torg.Counter, *torg.Ticket) {
	t.Helper()
	ctx := context.Background()
	svc := &torg.QueueService{MunicipalityID: f.Muni.ID, Code: "passport", Name: "Pas", Prefix: "A",
		TargetWait: 3 * time.Minute, TargetService: 10 * time.Minute}
	c := &torg.Counter{MunicipalityID: f.Muni.ID, Name: "Skranke 3", Open: true}
	err := f.DB.Write(ctx, func(q *store.Q) error {
		if err := q.PutQueueService(ctx, svc); err != nil {
			return err
		}
		c.Services = []int64{svc.ID}
		return q.PutCounter(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := f.Svc.IssueTicket(ctx, nil, casework.TicketInput{MunicipalityID: f.Muni.ID, ServiceCode: "passport",
		Errand: "passport_adult", RequestKey: "web-1"})
	if err != nil {
		t.Fatal(err)
	}
	f.Clock.T = f.Clock.T.Add(4 * time.Minute)
	if _, err := f.Svc.CallNext(ctx, f.FrontDesk, c.ID); err != nil {
		t.Fatal(err)
	}
	return c, tk
}

var svgRE = regexp.MustCompile(`(?s)<svg class="chart" id="chart-wait".*?</svg>`)

func TestDisplaySurveyAndStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, base := newServer(t, db)
		counter, tk := queueDay(t, f)
		kiosk := newClient(t, base)

		t.Run("the display shows the call in large type, reloads itself without JavaScript, no login", func(t *testing.T) {
			req, _ := http.NewRequest("GET", base+"/display/9901", nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("CSP = %q", csp)
			}
			code, body := kiosk.get("/display/9901")
			main := mainRE.FindString(body)
			if code != http.StatusOK || !strings.Contains(main, `<td class="display-number">`+tk.Number+`</td><td class="display-counter">Skranke 3</td>`) ||
				!strings.Contains(main, `http-equiv="refresh"`) || !strings.Contains(main, `aria-live="assertive"`) ||
				!strings.Contains(main, "Nå betjenes") {
				t.Errorf("display: %d\n%s", code, main)
			}
			noMissingText(t, body)
			if code, _ := kiosk.get("/display/0000"); code != http.StatusNotFound {
				t.Errorf("unknown municipality: %d", code)
			}
		})

		t.Run("the display's live stream sends the calls and a new call", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", base+"/display/9901/events", nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.Header.Get("Content-Type") != "text/event-stream" {
				t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
			}
			lines := bufio.NewScanner(resp.Body)
			next := func() string {
				for lines.Scan() {
					if l := lines.Text(); strings.HasPrefix(l, "data: ") {
						return l
					}
				}
				t.Fatal("the stream ended")
				return ""
			}
			if l := next(); !strings.Contains(l, `"number":"`+tk.Number+`"`) || !strings.Contains(l, `"counter":"Skranke 3"`) {
				t.Errorf("first event: %s", l)
			}
			// A second ticket drawn at the kiosk: the stream tells how many wait.
			if _, err := f.Svc.IssueTicket(context.Background(), nil, casework.TicketInput{MunicipalityID: f.Muni.ID,
				ServiceCode: "passport", RequestKey: "web-2"}); err != nil {
				t.Fatal(err)
			}
			if l := next(); !strings.Contains(l, `"waiting":1`) || !strings.Contains(l, "Venter: 1") {
				t.Errorf("after a new ticket: %s", l)
			}
		})

		f.Clock.T = f.Clock.T.Add(6 * time.Minute)
		if _, err := f.Svc.Done(ctx, f.FrontDesk, counter.ID, tk.ID); err != nil {
			t.Fatal(err)
		}

		t.Run("CG14 the kiosk finds the visit by ticket number and takes one answer", func(t *testing.T) {
			if _, body := kiosk.get("/kiosk/9901"); !strings.Contains(body, `href="/kiosk/9901/survey"`) {
				t.Error("the kiosk has no way to the survey")
			}
			code, body := kiosk.get("/kiosk/9901/survey")
			if code != http.StatusOK || !strings.Contains(body, `name="number"`) {
				t.Fatalf("find: %d", code)
			}
			noMissingText(t, body)
			code, body = kiosk.post("/kiosk/9901/survey", url.Values{"number": {"Z404"}})
			if code != http.StatusNotFound && code != http.StatusUnprocessableEntity || !strings.Contains(body, "Z404") {
				t.Errorf("unknown number: %d\n%s", code, mainRE.FindString(body))
			}
			code, body = kiosk.post("/kiosk/9901/survey", url.Values{"number": {strings.ToLower(tk.Number)}})
			if code != http.StatusOK || !strings.Contains(body, "Hvor fornøyd er du med besøket i dag?") ||
				!strings.Contains(body, `name="score" value="5"`) {
				t.Fatalf("question: %d\n%s", code, mainRE.FindString(body))
			}
			noMissingText(t, body)
			path := "/kiosk/9901/survey/" + tk.Token
			code, body = kiosk.post(path, url.Values{"via": {"kiosk"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Velg et svar.") {
				t.Errorf("no answer: %d", code)
			}
			code, body = kiosk.post(path, url.Values{"via": {"kiosk"}, "score": {"4"}})
			if code != http.StatusOK || !strings.Contains(body, "Takk for svaret.") || strings.Contains(body, `name="score"`) {
				t.Errorf("answer: %d\n%s", code, mainRE.FindString(body))
			}
			// A double tap: thanked again, counted once.
			if code, body := kiosk.post(path, url.Values{"via": {"kiosk"}, "score": {"1"}}); code != http.StatusOK || !strings.Contains(body, "Takk for svaret.") {
				t.Errorf("double tap: %d", code)
			}
			if code, _ := kiosk.get("/kiosk/9901/survey/nope"); code != http.StatusNotFound {
				t.Errorf("unknown token: %d", code)
			}
		})

		t.Run("CG14 stats: the leader's charts and tables show the wait, the service time and the satisfaction", func(t *testing.T) {
			leader := newClient(t, base)
			leader.login("leder")
			code, body := leader.get("/queue/stats?from=23.11.2026&to=23.11.2026")
			main := mainRE.FindString(body)
			if !strings.Contains(body, `href="/queue/stats" aria-current="page"`) {
				t.Error("no link to the statistics in the navigation")
			}
			if code != http.StatusOK {
				t.Fatalf("stats: %d\n%s", code, main)
			}
			noMissingText(t, body)
			svg := svgRE.FindString(main)
			if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `<title id="chart-wait-title">`) ||
				!strings.Contains(svg, "4,0 min (over målet)") || !strings.Contains(svg, `class="chart-target"`) {
				t.Errorf("wait chart:\n%s", svg)
			}
			// The errand's row: 1 ticket, waited 4 minutes against 3, served in 6 against 10.
			for _, want := range []string{"<td class=\"num\">4,0 min</td>", "<td class=\"num\">3,0 min</td>", "<td class=\"num\">0\u00a0%</td>",
				"<td class=\"num\">6,0 min</td>", "<td class=\"num\">10,0 min</td>", "<td class=\"num\">4,0</td>", "<td class=\"num\">100\u00a0%</td>"} {
				if !strings.Contains(main, want) {
					t.Errorf("stats lack %q", want)
				}
			}
			eg := newClient(t, base)
			eg.login("eg")
			if code, _ := eg.get("/queue/stats"); code != http.StatusForbidden {
				t.Errorf("a counsellor's stats: %d", code)
			}
			if code, body := leader.get("/queue/stats?from=24.11.2026&to=23.11.2026"); code != http.StatusUnprocessableEntity ||
				!strings.Contains(body, "Til-datoen er før fra-datoen.") {
				t.Errorf("backwards period: %d", code)
			}
		})
	})
}
