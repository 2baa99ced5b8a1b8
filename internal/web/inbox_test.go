package web_test

import (
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
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// writeAs has a citizen write to a service, as the portal does.
func writeAs(t *testing.T, f *casetest.Fixture, p *torg.Person, unitID int64, kind, body string) *torg.Thread {
	t.Helper()
	th, err := f.Svc.WriteMessage(context.Background(), p, casework.NewMessage{UnitID: unitID, Kind: kind,
		Subject: "Melding fra " + p.GivenName, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func TestInboxPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		inq := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgInquiry, "Når er neste møte? <script>alert(1)</script>")
		hidden := writeAs(t, f, f.Protected, f.Debt.ID, torg.MsgInquiry, "Ny adresse")
		eg := newClient(t, base)
		eg.login("eg")
		inbox := "/inbox/" + itoa(f.Debt.ID)
		threadPath := "/threads/" + itoa(inq.ID)

		t.Run("DM1 the inbox, its views and a thread in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				eg.lang = string(lang)
				paths := []string{threadPath, inbox + "/templates"}
				for _, filter := range casework.InboxFilters {
					paths = append(paths, inbox+"?filter="+string(filter))
				}
				for _, path := range paths {
					code, body := eg.get(path)
					if code != http.StatusOK || !strings.Contains(body, `<html lang="`+string(lang)+`">`) {
						t.Errorf("%s %s: %d", lang, path, code)
					}
					noMissingText(t, body)
				}
			}
			eg.lang = "nb"
			code, body := eg.get("/inbox")
			if code != http.StatusOK || eg.seen[len(eg.seen)-1] != base+inbox {
				t.Errorf("/inbox went to %s (%d), want the debt service's inbox", eg.seen[len(eg.seen)-1], code)
			}
			if !strings.Contains(body, "Melding fra Kari") || strings.Contains(body, "Melding fra Sara") {
				t.Error("EG's inbox: want Kari's thread, not the kode 6 person's")
			}
		})

		t.Run("the navigation counts the unread threads", func(t *testing.T) {
			kh := newClient(t, base)
			kh.login("kh")
			_, body := kh.get("/work")
			if !regexp.MustCompile(`href="/inbox"[^>]*>Innboks <span class="badge badge-info">1<`).MatchString(body) {
				t.Error("KH's navigation lacks the inbox link with 1 unread")
			}
			kh.get(threadPath)
			_, body = kh.get("/work")
			if !strings.Contains(body, `href="/inbox">Innboks</a>`) {
				t.Error("the unread count stays after KH read the thread")
			}
			admin := newClient(t, base)
			admin.login("admin")
			if _, body := admin.get("/outbox"); strings.Contains(body, `href="/inbox"`) {
				t.Error("the administrator, who has no inbox, has the link")
			}
		})

		t.Run("DM1 the thread's task on the work list leads to the thread", func(t *testing.T) {
			if _, body := eg.get("/work"); !strings.Contains(body, `<a href="`+threadPath+`">`) {
				t.Error("EG's work list does not link the DM1 task to its thread")
			}
		})

		t.Run("script in a message is shown as text", func(t *testing.T) {
			_, body := eg.get(threadPath)
			if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Error("the citizen's script is not escaped")
			}
		})

		t.Run("another service's inbox and threads are not found", func(t *testing.T) {
			bv := newClient(t, base)
			bv.login("bv")
			_, page := bv.get("/inbox/" + itoa(f.Other.ID))
			csrf := field(t, csrfRE, page)
			for _, path := range []string{inbox, threadPath, inbox + "/compliance", inbox + "/templates"} {
				if code, _ := bv.get(path); code != http.StatusNotFound {
					t.Errorf("Barnevern's counsellor GET %s: %d, want 404", path, code)
				}
			}
			code, _ := bv.post(threadPath+"/answer", url.Values{"csrf": {csrf}, "body": {"Hei"}, "done": {"yes"}})
			if code != http.StatusNotFound {
				t.Errorf("Barnevern's counsellor answers: %d, want 404", code)
			}
		})

		t.Run("DC1.3 a protected citizen's thread: 404 for EG, open for the cleared leader", func(t *testing.T) {
			if code, _ := eg.get("/threads/" + itoa(hidden.ID)); code != http.StatusNotFound {
				t.Errorf("EG: %d, want 404", code)
			}
			leader := newClient(t, base)
			leader.login("leder")
			if code, body := leader.get("/threads/" + itoa(hidden.ID)); code != http.StatusOK || !strings.Contains(body, "Ny adresse") {
				t.Errorf("the leader: %d", code)
			}
		})

		t.Run("DM1 an empty answer shows its error; an answer is sent and done", func(t *testing.T) {
			_, page := eg.get(threadPath)
			csrf := field(t, csrfRE, page)
			code, body := eg.multipart(threadPath+"/answer", url.Values{"csrf": {csrf}, "body": {"  "}, "done": {"yes"}}, nil)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="body-error"`) || !strings.Contains(body, `href="#body"`) {
				t.Errorf("%d, want 422 with the body's error", code)
			}
			code, body = eg.multipart(threadPath+"/answer", url.Values{"csrf": {csrf}, "body": {"Neste møte er 1. desember."}, "done": {"yes"}},
				map[string][]byte{"program.pdf": []byte("%PDF-1.4 program")})
			if code != http.StatusOK || !strings.Contains(body, "Svaret er sendt.") || !strings.Contains(body, "Ferdig behandlet") ||
				!strings.Contains(body, "program.pdf") {
				t.Fatalf("%d: the answer is not on the page", code)
			}
			m := regexp.MustCompile(`href="(/threads/\d+/documents/\d+)"`).FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no link to the attachment")
			}
			req, _ := http.NewRequest("GET", base+m[1], nil)
			resp, err := eg.http.Do(req)
			if err != nil || resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("attachment: %v %v", resp, err)
			}
			resp.Body.Close()
		})
	})
}

func TestInboxActionPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		eg := newClient(t, base)
		eg.login("eg")
		_, page := eg.get("/work")
		post := func(c *client, th *torg.Thread, action string, v url.Values) (int, string) {
			v.Set("csrf", field(t, csrfRE, page))
			if c != eg {
				_, p := c.get("/threads/" + itoa(th.ID))
				v.Set("csrf", field(t, csrfRE, p))
			}
			return c.post("/threads/"+itoa(th.ID)+"/"+action, v)
		}

		t.Run("DM2 forward: the interim reply shows in the thread, the colleague answers", func(t *testing.T) {
			th := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgInquiry, "Jeg vil snakke med Knut.")
			code, body := post(eg, th, "forward", url.Values{"to": {""}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="to-error"`) || !strings.Contains(body, "<details open>") {
				t.Errorf("forward to nobody: %d, want 422 with the form open", code)
			}
			code, body = post(eg, th, "forward", url.Values{"to": {itoa(f.KH.ID)}, "note": {"Hun spør om budsjettet."}})
			if code != http.StatusOK || !strings.Contains(body, "Meldingen er sendt videre.") || !strings.Contains(body, "Midlertidig svar") ||
				!strings.Contains(body, "Under behandling") || !strings.Contains(body, "Hun spør om budsjettet.") {
				t.Fatalf("%d: the page lacks the interim reply, the status or the note", code)
			}
			kh := newClient(t, base)
			kh.login("kh")
			code, body = post(kh, th, "answer", url.Values{"body": {"Vi ser på budsjettet i morgen."}, "done": {"yes"}})
			if code != http.StatusOK || !strings.Contains(body, "Ferdig behandlet") || !strings.Contains(body, "I tide") {
				t.Errorf("%d: KH's answer is not done in time", code)
			}
		})

		t.Run("DM2 forwarded to another service: back to the inbox", func(t *testing.T) {
			th := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgInquiry, "Dette gjelder barnevernet.")
			code, body := post(eg, th, "forward", url.Values{"to": {"unit:" + itoa(f.Other.ID)}})
			if code != http.StatusOK || eg.seen[len(eg.seen)-1] != base+"/inbox/"+itoa(f.Debt.ID)+"?done=forward" ||
				!strings.Contains(body, "sendt videre til den andre tjenesten") {
				t.Errorf("%d at %s, want the inbox saying the message went on", code, eg.seen[len(eg.seen)-1])
			}
		})

		t.Run("DM8 split from the page", func(t *testing.T) {
			th := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgInquiry, "Gjeld og barnevern")
			code, body := post(eg, th, "split", url.Values{"part_unit_0": {itoa(f.Debt.ID)}, "part_body_0": {"x"},
				"part_unit_1": {""}, "part_body_1": {""}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="part_unit_0-error"`) {
				t.Errorf("a part to the own service: %d, want 422 on part_unit_0", code)
			}
			code, body = post(eg, th, "split", url.Values{"part_unit_0": {itoa(f.Other.ID)}, "part_body_0": {"Når kommer barnevernet?"},
				"part_unit_1": {""}, "part_body_1": {""}})
			if code != http.StatusOK || !strings.Contains(body, "Barnevern") || !strings.Contains(body, "Under saksbehandling") {
				t.Errorf("%d: the split part is not linked", code)
			}
		})

		t.Run("DM7 and DM9 reclassified from the page", func(t *testing.T) {
			th := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgInquiry, "Resept, takk")
			code, body := post(eg, th, "kind", url.Values{"kind": {torg.MsgWrongRecipient}})
			if code != http.StatusOK || !strings.Contains(body, "fastlegen") || !strings.Contains(body, "Ferdig behandlet") {
				t.Errorf("%d: the wrong-recipient reply is not there", code)
			}
		})

		t.Run("DM3 the appointment moved from the page", func(t *testing.T) {
			start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
			ap := &torg.Appointment{MunicipalityID: f.Muni.ID, CaseID: f.KariCase.ID, CounsellorID: f.KH.ID, Start: start,
				End: start.Add(time.Hour), Place: "Hjemme", Status: torg.AppointmentBooked}
			if err := db.Write(context.Background(), func(q *store.Q) error { return q.CreateAppointment(context.Background(), ap, casetest.Now) }); err != nil {
				t.Fatal(err)
			}
			th, err := f.Svc.WriteMessage(context.Background(), f.Kari, casework.NewMessage{UnitID: f.Debt.ID,
				Kind: torg.MsgAppointmentChange, Body: "Kan vi ta det på torsdag?", AppointmentID: ap.ID})
			if err != nil {
				t.Fatal(err)
			}
			_, body := eg.get("/threads/" + itoa(th.ID))
			if !strings.Contains(body, `name="appointment" value="`+itoa(ap.ID)+`"`) {
				t.Fatal("the thread page does not offer the appointment")
			}
			code, body := post(eg, th, "appointment", url.Values{"appointment": {itoa(ap.ID)}, "action": {"move"}, "date": {"2026-11-26"},
				"start": {"10:00"}, "end": {"09:00"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="end-error"`) {
				t.Errorf("a wrong time: %d, want 422 on end", code)
			}
			code, body = post(eg, th, "appointment", url.Values{"appointment": {itoa(ap.ID)}, "action": {"move"}, "date": {"26.11.2026"},
				"start": {"10:00"}, "end": {"11:00"}})
			if code != http.StatusOK || !strings.Contains(body, "den ansatte har fått beskjed") {
				t.Errorf("%d: the appointment was not moved", code)
			}
		})

		t.Run("DM6 the leader answers a complaint through a formal letter", func(t *testing.T) {
			th := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgComplaint, "Jeg er misfornøyd.")
			if _, body := eg.get("/threads/" + itoa(th.ID)); strings.Contains(body, "/record\"") {
				t.Error("a counsellor is offered the formal letter")
			}
			leader := newClient(t, base)
			leader.login("leder")
			code, body := post(leader, th, "record", url.Values{"record_body": {"Vi har gått gjennom klagen din og gir deg medhold."}})
			if code != http.StatusOK || !strings.Contains(body, "Brevet er arkivert i saken") || !strings.Contains(body, "digitale postkassen") {
				t.Errorf("%d: the formal answer is not on the thread", code)
			}
		})

		t.Run("DM5 the invoice check done from the thread page", func(t *testing.T) {
			th := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgInvoice, "Fakturaen er feil.")
			_, body := eg.get("/threads/" + itoa(th.ID))
			m := regexp.MustCompile(`name="task" value="(\d+)"`).FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no routine task on the page")
			}
			code, body := post(eg, th, "step", url.Values{"task": {m[1]}})
			if code != http.StatusOK || !strings.Contains(body, "Oppgaven er utført.") {
				t.Errorf("%d: the task was not done", code)
			}
		})

		t.Run("an unknown action is not found", func(t *testing.T) {
			th := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgInquiry, "Hei")
			if code, _ := post(eg, th, "delete", url.Values{}); code != http.StatusNotFound {
				t.Errorf("%d, want 404", code)
			}
		})
	})
}

func TestCompliancePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		th := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgInquiry, "Spørsmål")
		if err := f.Svc.Answer(context.Background(), f.EG, th.ID, "Svar", nil, true); err != nil {
			t.Fatal(err)
		}
		path := "/inbox/" + itoa(f.Debt.ID) + "/compliance"
		eg := newClient(t, base)
		eg.login("eg")
		if code, _ := eg.get(path); code != http.StatusNotFound {
			t.Errorf("a counsellor: %d, want 404", code)
		}
		leader := newClient(t, base)
		leader.login("leder")
		for _, lang := range i18n.Supported {
			leader.lang = string(lang)
			code, body := leader.get(path)
			if code != http.StatusOK {
				t.Errorf("%s: %d", lang, code)
			}
			noMissingText(t, body)
		}
		leader.lang = "nb"
		_, body := leader.get(path)
		if !strings.Contains(body, "Besvart i tide") || !strings.Contains(body, "100 %") || !strings.Contains(body, "Melding fra Kari") {
			t.Error("the leader's view does not show the message answered in time")
		}
		code, body := leader.get(path + "?from=2026-11-30&to=2026-11-01")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="to-error"`) {
			t.Errorf("a period backwards: %d, want 422 on to", code)
		}
		code, body = leader.get(path + "?from=31.02.2026")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="from-error"`) {
			t.Errorf("a wrong date: %d, want 422 on from", code)
		}
	})
}

func TestTemplatesPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		path := "/inbox/" + itoa(f.Debt.ID) + "/templates"
		eg := newClient(t, base)
		eg.login("eg")
		if _, body := eg.get(path); strings.Contains(body, `name="action" value="save"`) {
			t.Error("a counsellor gets the forms")
		}
		leader := newClient(t, base)
		leader.login("leder")
		_, page := leader.get(path + "?lang=en")
		csrf := field(t, csrfRE, page)
		code, body := leader.post(path, url.Values{"csrf": {csrf}, "action": {"save"}, "purpose": {"forwarded"}, "lang": {"en"}, "body": {" "}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="body-forwarded-error"`) || !strings.Contains(body, `href="#body-forwarded"`) {
			t.Errorf("an empty text: %d, want 422 on its own form", code)
		}
		code, body = leader.post(path, url.Values{"csrf": {csrf}, "action": {"save"}, "purpose": {"forwarded"}, "lang": {"en"},
			"body": {"We have passed your message on within {unit}."}})
		if code != http.StatusOK || !strings.Contains(body, "We have passed your message on within {unit}.") ||
			!strings.Contains(body, "Tjenestens egen tekst") {
			t.Errorf("%d: the saved text is not shown", code)
		}
		code, body = leader.post(path, url.Values{"csrf": {csrf}, "action": {"weeks"}, "lang": {"en"}, "weeks": {"x"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="weeks-error"`) {
			t.Errorf("weeks x: %d, want 422", code)
		}
		code, body = leader.post(path, url.Values{"csrf": {csrf}, "action": {"save"}, "purpose": {"answer"}, "lang": {"nb"},
			"title": {"Åpningstider"}, "body": {"Vi har åpent 8–15.30."}})
		if code != http.StatusOK || !strings.Contains(body, "Åpningstider") {
			t.Errorf("%d: the answer template is not listed", code)
		}
		th := writeAs(t, f, f.Kari, f.Debt.ID, torg.MsgInquiry, "Når har dere åpent?")
		_, body = eg.get("/threads/" + itoa(th.ID))
		m := regexp.MustCompile(`<option value="(\d+)">Åpningstider`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("the thread does not offer the answer template")
		}
		_, body = eg.get("/threads/" + itoa(th.ID) + "?template=" + m[1])
		if !strings.Contains(body, ">Vi har åpent 8–15.30.</textarea>") {
			t.Error("the template is not in the answer")
		}
	})
}
