package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var ticketPathRE = regexp.MustCompile(`/kiosk/9901/ticket/([A-Za-z0-9_-]+)$`)

func TestQueuePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, base := newServer(t, db)
		svc := &torg.QueueService{MunicipalityID: f.Muni.ID, Code: "passport", Name: "Pas og kørekort", Prefix: "A"}
		other := &torg.QueueService{MunicipalityID: f.Muni.ID, Code: "general", Name: "Øvrige henvendelser", Prefix: "B"}
		counter := &torg.Counter{MunicipalityID: f.Muni.ID, Name: "Skranke 3"}
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.PutQueueService(ctx, svc); err != nil {
				return err
			}
			if err := q.PutQueueService(ctx, other); err != nil {
				return err
			}
			counter.Services = []int64{svc.ID, other.ID}
			return q.PutCounter(ctx, counter)
		})
		if err != nil {
			t.Fatal(err)
		}
		kiosk := newClient(t, base)
		kiosk.lang = "da"
		var number, ticketPath string

		t.Run("CG3 the kiosk draws a ticket without login; a double tap gives the same ticket", func(t *testing.T) {
			code, page := kiosk.get("/kiosk/9901")
			if code != http.StatusOK || !strings.Contains(page, "Pas og kørekort") || !strings.Contains(page, "Hvad kommer du for?") {
				t.Fatalf("kiosk page: %d", code)
			}
			noMissingText(t, page)
			key := field(t, keyRE, page)
			code, body := kiosk.post("/kiosk/9901", url.Values{"request_key": {key}, "service": {"passport"}, "phone": {"12"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "8 til 15 cifre") {
				t.Fatalf("a bad phone number: %d", code)
			}
			v := url.Values{"request_key": {key}, "service": {"passport"}, "phone": {"+45 12 34 56 78"}}
			code, body = kiosk.post("/kiosk/9901", v)
			first := kiosk.seen[len(kiosk.seen)-1]
			if code != http.StatusOK || ticketPathRE.FindString(first) == "" || !strings.Contains(body, ">A001<") {
				t.Fatalf("ticket: %d at %s", code, first)
			}
			noMissingText(t, body)
			if strings.Contains(body, "12 34 56 78") {
				t.Error("the ticket page shows the phone number")
			}
			number, ticketPath = "A001", strings.TrimPrefix(first, base)
			code, body = kiosk.post("/kiosk/9901", v)
			if code != http.StatusOK || kiosk.seen[len(kiosk.seen)-1] != first || !strings.Contains(body, ">A001<") {
				t.Errorf("double tap: %d at %s, want the same ticket", code, kiosk.seen[len(kiosk.seen)-1])
			}
			if code, _ := kiosk.get("/kiosk/9901/ticket/nosuchtoken"); code != http.StatusNotFound {
				t.Errorf("an unknown ticket: %d", code)
			}
			if code, _ := kiosk.get("/kiosk/0000"); code != http.StatusNotFound {
				t.Errorf("an unknown municipality: %d", code)
			}
		})

		t.Run("CG3 the kiosk offers the errands that end at a counter, each to its queue", func(t *testing.T) {
			err := db.Write(ctx, func(q *store.Q) error {
				for _, e := range torg.DefaultErrands() {
					e.MunicipalityID, e.Active = f.Muni.ID, true
					if err := q.PutErrand(ctx, e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			k := newClient(t, base)
			k.lang = "da"
			_, page := k.get("/kiosk/9901")
			if !strings.Contains(page, `name="errand" value="passport"`) || !strings.Contains(page, "Pas (voksen)") {
				t.Fatal("the kiosk does not offer the passport errand")
			}
			code, body := k.post("/kiosk/9901", url.Values{"request_key": {field(t, keyRE, page)}, "errand": {"passport"}})
			if code != http.StatusOK || !strings.Contains(body, ">A002<") {
				t.Fatalf("errand ticket: %d", code)
			}
			tk, err := db.R().TicketByToken(ctx, ticketPathRE.FindStringSubmatch(k.seen[len(k.seen)-1])[1])
			if err != nil || tk.Errand != "passport" || tk.ServiceCode != "passport" {
				t.Fatalf("ticket = %+v, %v", tk, err)
			}
		})

		t.Run("CG3 the counter opens, calls the ticket, marks it done; a closed counter cannot call", func(t *testing.T) {
			c := newClient(t, base)
			c.lang = "da"
			c.login("skranke")
			path := "/counters/" + itoa(counter.ID)
			code, page := c.get("/counters")
			if code != http.StatusOK || !strings.Contains(page, `href="`+path+`"`) {
				t.Fatalf("counters: %d", code)
			}
			_, page = c.get(path)
			noMissingText(t, page)
			csrf := field(t, csrfRE, page)
			code, body := c.post(path, url.Values{"csrf": {csrf}, "action": {"call"}})
			if code != http.StatusConflict || !strings.Contains(body, "Skranke 3 er lukket") {
				t.Fatalf("calling at a closed counter: %d", code)
			}
			c.post(path, url.Values{"csrf": {csrf}, "action": {"open"}})
			code, body = c.post(path, url.Values{"csrf": {csrf}, "action": {"call"}})
			if code != http.StatusOK || !strings.Contains(body, `data-testid="current-number">`+number+`<`) {
				t.Fatalf("call next: %d", code)
			}
			tk, err := db.R().Tickets(ctx, f.Muni.ID, store.TicketFilter{Status: []string{torg.TicketCalled}})
			if err != nil || len(tk) != 1 {
				t.Fatalf("called = %v, %v", tk, err)
			}
			_, ticketPage := kiosk.get(ticketPath)
			if !strings.Contains(ticketPage, "Gå til Skranke 3") {
				t.Error("the ticket page does not send the citizen to the counter")
			}
			code, body = c.post(path, url.Values{"csrf": {csrf}, "action": {"transfer"}, "ticket": {itoa(tk[0].ID)}, "service": {itoa(svc.ID)}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "allerede i den kø") {
				t.Errorf("transfer to its own queue: %d", code)
			}
			code, body = c.post(path, url.Values{"csrf": {csrf}, "action": {"done"}, "ticket": {itoa(tk[0].ID)}})
			if code != http.StatusOK || !strings.Contains(body, "Nummeret er færdigt") || !strings.Contains(body, "Intet nummer") {
				t.Fatalf("done: %d", code)
			}
			code, body = c.post(path, url.Values{"csrf": {csrf}, "action": {"done"}, "ticket": {itoa(tk[0].ID)}})
			if code != http.StatusConflict || !strings.Contains(body, "allerede kaldt frem eller afsluttet") {
				t.Errorf("done twice: %d", code)
			}
			code, body = c.post(path, url.Values{"csrf": {csrf}, "action": {"call"}})
			if code != http.StatusOK || !strings.Contains(body, `data-testid="current-number">A002<`) {
				t.Fatalf("call the errand's ticket: %d", code)
			}
			code, body = c.post(path, url.Values{"csrf": {csrf}, "action": {"call"}})
			if code != http.StatusNotFound || !strings.Contains(body, "ingen, der venter") || !strings.Contains(body, "Intet nummer") {
				t.Errorf("call with nobody waiting: %d; want the message and the served ticket done", code)
			}
			_, page = c.get("/counters")
			code, body = c.post("/counters/tickets", url.Values{"csrf": {csrf}, "request_key": {field(t, keyRE, page)},
				"service": {"general"}, "priority": {"yes"}, "note": {"Aftale kl. 10"}})
			if code != http.StatusOK || !strings.Contains(body, "Nummer B001 er givet") {
				t.Fatalf("a ticket from the staff's page: %d", code)
			}
			tk, err = db.R().Tickets(ctx, f.Muni.ID, store.TicketFilter{Status: []string{torg.TicketWaiting}})
			if err != nil || len(tk) != 1 || !tk[0].Priority || tk[0].IssuedBy != f.FrontDesk.ID || tk[0].Note != "Aftale kl. 10" {
				t.Fatalf("staff ticket = %+v, %v", tk, err)
			}
			if code, _ := c.post(path, url.Values{"action": {"call"}}); code == http.StatusOK {
				t.Error("a post without the CSRF token was accepted")
			}
		})
	})
}
