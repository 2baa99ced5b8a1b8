package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestOutboxPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, base := newServer(t, db)
		msgs := []store.OutboxMessage{
			{MunicipalityID: f.Muni.ID, CaseID: f.KariCase.ID, PersonID: f.Kari.ID, Channel: store.ChannelPrint,
				Recipient: "Kari Nordmann\nStorgata 1\n4600 Torgvik", Subject: "Svar på søknad", Body: "Hei Kari.", IdempotencyKey: "p1"},
			{MunicipalityID: f.Muni.ID, CaseID: f.KariCase.ID, PersonID: f.Kari.ID, Channel: store.ChannelSMS,
				Recipient: "+4799999999", Body: "Påminnelse om møte i morgen.", IdempotencyKey: "s1"},
		}
		err := db.Write(ctx, func(q *store.Q) error {
			for i := range msgs {
				if _, err := q.Enqueue(ctx, &msgs[i], f.Clock.Now()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := outbox.New(db, f.Clock, outbox.Defaults(db, f.Clock)...).Drain(ctx); err != nil {
			t.Fatal(err)
		}
		eg := newClient(t, base)
		eg.login("eg")
		if code, _ := eg.get("/outbox"); code != http.StatusForbidden {
			t.Errorf("a counsellor sees the outbox: %d", code)
		}
		leader := newClient(t, base)
		leader.login("leder")
		for _, lang := range i18n.Supported {
			leader.lang = string(lang)
			code, body := leader.get("/outbox")
			if code != http.StatusOK || !strings.Contains(body, "Påminnelse om møte i morgen.") {
				t.Errorf("%s: outbox page %d, or the SMS log lacks the message", lang, code)
			}
			noMissingText(t, body)
		}
		leader.lang = "nb"
		_, page := leader.get("/outbox")
		if shown := html.UnescapeString(page); strings.Contains(shown, "+4799999999") || !strings.Contains(shown, "+47*****999") {
			t.Error("the SMS log does not mask the recipient's phone number as +47*****999")
		}
		code, body := leader.post("/outbox", url.Values{"csrf": {field(t, csrfRE, page)}})
		link := regexp.MustCompile(`href="(/outbox/print/\d+)"`).FindStringSubmatch(body)
		if code != http.StatusOK || link == nil {
			t.Fatalf("making a print batch: %d, no batch listed", code)
		}
		req, _ := http.NewRequest("GET", base+link[1], nil)
		res, err := leader.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("print batch download: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})
}
