package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// afterFirstMeeting opens a routine case for Kari and holds its first
// meeting: the routine waits for the DC5 decision.
func afterFirstMeeting(t *testing.T, f *casetest.Fixture, db *store.DB) *torg.Case {
	t.Helper()
	ctx := context.Background()
	c := routineCase(t, f, db)
	ap, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, casework.AppointmentInput{Date: "2026-11-26", Start: "10:00",
		End: "11:00", Place: "Rådhuset"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.MarkAppointment(ctx, f.EG, ap.ID, true); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClosePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		c := afterFirstMeeting(t, f, db)
		casePath := "/cases/" + itoa(c.ID)
		closePath := casePath + "/close"
		eg := newClient(t, base)
		eg.login("eg")
		t.Run("DC5 the close page offers the three reasons in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				eg.lang = string(lang)
				p := i18n.New(lang)
				code, body := eg.get(closePath)
				if code != http.StatusOK || !strings.Contains(body, `value="advice_given"`) ||
					!strings.Contains(body, `value="not_suitable"`) || strings.Contains(body, `value="handling_finished"`) {
					t.Errorf("%s: close page %d without the DC5 reasons", lang, code)
				}
				if !strings.Contains(body, p.T("closing.reason_unresolved_matters")) {
					t.Errorf("%s: the reasons are not named", lang)
				}
				noMissingText(t, body)
			}
			eg.lang = "nb"
			_, body := eg.get(casePath)
			if !strings.Contains(body, `href="`+closePath+`"`) || !strings.Contains(body, `href="`+casePath+`/debts"`) {
				t.Error("the case page links neither to closing nor to the debt schedule")
			}
		})
		t.Run("DC8.1 only the responsible counsellor or a leader closes", func(t *testing.T) {
			kh := newClient(t, base)
			kh.login("kh")
			if code, _ := kh.get(closePath); code != http.StatusForbidden {
				t.Errorf("another counsellor: %d, want 403", code)
			}
			bv := newClient(t, base)
			bv.login("bv")
			if code, _ := bv.get(closePath); code != http.StatusNotFound {
				t.Errorf("outsider: %d, want 404", code)
			}
		})
		t.Run("DC8.2 an empty closing note is refused at the field", func(t *testing.T) {
			_, form := eg.get(closePath)
			code, body := eg.post(closePath, url.Values{"csrf": {field(t, csrfRE, form)}, "reason": {"advice_given"}, "note": {"  "}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="note-error"`) ||
				!strings.Contains(body, `href="#note"`) || !strings.Contains(body, `value="advice_given" id="reason" checked`) {
				t.Errorf("%d: want the note's error, linked from the summary, and the reason kept", code)
			}
			if v, _ := f.Svc.Case(context.Background(), f.EG, c.ID); v.Status != torg.CaseOpen {
				t.Errorf("status %s after a refused close", v.Status)
			}
		})
		t.Run("DC5 closing shows when and why on the case", func(t *testing.T) {
			_, form := eg.get(closePath)
			code, body := eg.post(closePath, url.Values{"csrf": {field(t, csrfRE, form)}, "reason": {"unresolved_matters"},
				"note": {"Inntekten er ikke avklart; henvist til NAV."}})
			p := i18n.New(i18n.NB)
			for _, want := range []string{p.T("closing.done"), p.T("closing.closed_heading"),
				p.T("closing.reason_unresolved_matters"), "Inntekten er ikke avklart; henvist til NAV.",
				"Avslutning av saksbehandling – saken din om gjeldsrådgivning", p.T("closing.apply_again")} {
				if !strings.Contains(body, want) {
					t.Errorf("%d: the closed case page lacks %q", code, want)
				}
			}
			if strings.Contains(body, `href="`+closePath+`"`) {
				t.Error("a closed case still offers to close it")
			}
		})
		t.Run("DC8.8 a contact after the closing letters is refused with a new application offered", func(t *testing.T) {
			_, page := eg.get(casePath)
			code, body := eg.post(casePath, url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"contact"},
				"result": {"answered"}, "contact_note": {"Ringte igjen"}})
			if code != http.StatusConflict || !strings.Contains(body, i18n.New(i18n.NB).T("closing.apply_again")) ||
				!strings.Contains(body, `action="`+casePath+`/apply-again"`) || strings.Contains(body, "Ringte igjen") {
				t.Fatalf("%d: want the refusal, the button and nothing added", code)
			}
			if err := db.Write(context.Background(), func(q *store.Q) error {
				return q.SetCaseStatus(context.Background(), f.KariCase.ID, torg.CaseClosedBy, casetest.Now)
			}); err != nil {
				t.Fatal(err)
			}
			code, body = eg.post(casePath+"/apply-again", url.Values{"csrf": {field(t, csrfRE, body)},
				"request_key": {field(t, keyRE, body)}, "summary": {"Ny inkassosak"}})
			last := eg.seen[len(eg.seen)-1]
			if code != http.StatusOK || !strings.Contains(last, "?applied="+itoa(c.ID)) || strings.Contains(last, casePath+"?") ||
				!strings.Contains(body, `class="alert alert-success"`) || !strings.Contains(body, "Ny inkassosak") {
				t.Errorf("%d at %s: want the new case's page with the application", code, last)
			}
		})
	})
}

func TestWorkListPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		c := afterFirstMeeting(t, f, db)
		eg := newClient(t, base)
		eg.login("eg")
		t.Run("the work list groups the tasks by due date in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				eg.lang = string(lang)
				p := i18n.New(lang)
				code, body := eg.get("/work")
				for _, g := range []string{"overdue", "today", "later", "no_due"} {
					if !strings.Contains(body, `id="group-`+g+`"`) || !strings.Contains(body, p.T("day.group_"+g)) {
						t.Errorf("%s: %d, no group %s", lang, code, g)
					}
				}
				noMissingText(t, body)
			}
			eg.lang = "nb"
		})
		t.Run("each task names its case and what the routine does next", func(t *testing.T) {
			_, body := eg.get("/work")
			if !strings.Contains(body, `href="/cases/`+itoa(c.ID)+`"`) || !strings.Contains(body, "Kari Nordmann") {
				t.Error("the tasks do not link their case or name the person")
			}
			if !strings.Contains(body, "Neste: ") {
				t.Error("no case says what its routine does next")
			}
		})
		t.Run("the header links a leader to the distribution table and an admin to the rates", func(t *testing.T) {
			leader := newClient(t, base)
			leader.login("leder")
			_, body := leader.get("/work")
			if !strings.Contains(body, `href="/units/`+itoa(f.Debt.ID)+`/distribution"`) || strings.Contains(body, `href="/admin/rates"`) {
				t.Error("leader: want the debt unit's distribution table and no rates")
			}
			admin := newClient(t, base)
			admin.login("admin")
			_, body = admin.get("/work")
			if !strings.Contains(body, `href="/admin/rates"`) || strings.Contains(body, "/distribution") {
				t.Error("admin: want the rates and no distribution table")
			}
		})
	})
}
