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

// checklistForm is the case page's checklist form for the fixture's four
// documents, each in the given state.
func checklistForm(csrf string, states ...string) url.Values {
	v := url.Values{"csrf": {csrf}}
	for i, item := range []string{"Fullmakt", "Lønnsslipper siste 3 måneder", "Skattemelding", "Utskrift fra Gjeldsregisteret"} {
		v.Add("item", item)
		v.Set("state-"+itoa(int64(i)), states[i])
	}
	return v
}

func TestChecklistForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, base := newServer(t, db)
		casePath := "/cases/" + itoa(f.KariCase.ID)
		path := casePath + "/checklist"
		eg := newClient(t, base)
		eg.login("eg")
		t.Run("DC4.9 the case page shows the checklist as a form with a fieldset and one row per document", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				eg.lang = string(lang)
				code, page := eg.get(casePath)
				if code != http.StatusOK || !strings.Contains(page, `id="checklist"`) || !strings.Contains(page, `action="`+path+`"`) {
					t.Fatalf("%s: case page %d without the checklist form", lang, code)
				}
				noMissingText(t, page)
				if n := strings.Count(page, `name="item"`); n != 4 {
					t.Errorf("%s: %d checklist rows, want 4", lang, n)
				}
				if n := strings.Count(page, "<legend>"); n < 5 {
					t.Errorf("%s: %d legends, want the form's and one a row", lang, n)
				}
			}
			eg.lang = "nb"
		})
		_, page := eg.get(casePath)
		csrf := field(t, csrfRE, page)
		t.Run("DC4.9 the counsellor ticks items without JavaScript", func(t *testing.T) {
			v := checklistForm(csrf, "received", "missing", "not_relevant", "missing")
			v.Set("reason-2", "Ingen inntekt i fjor")
			code, body := eg.post(path, v)
			if code != http.StatusOK || !strings.Contains(body, "Sjekklisten er lagret.") {
				t.Fatalf("save: %d", code)
			}
			if !strings.Contains(body, "1 av 4 mottatt, 1 ikke relevant, 2 mangler.") ||
				!strings.Contains(body, "Mangler: Lønnsslipper siste 3 måneder, Utskrift fra Gjeldsregisteret") ||
				!strings.Contains(body, "Ingen inntekt i fjor") || !strings.Contains(body, "Sist endret av Eva Gran") {
				t.Errorf("the case page does not show the saved checklist")
			}
			cl, err := f.Svc.Checklist(ctx, f.EG, f.KariCase.ID)
			if err != nil || len(cl.Missing()) != 2 || cl.Lines[0].State != casework.ChecklistReceived {
				t.Errorf("stored checklist = %+v, %v", cl, err)
			}
		})
		t.Run("DC4.9 not relevant without a reason: the row's field is marked and the choices kept", func(t *testing.T) {
			v := checklistForm(csrf, "received", "not_relevant", "not_relevant", "missing")
			v.Set("reason-2", "Ingen inntekt i fjor")
			code, body := eg.post(path, v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="reason-1-error"`) ||
				!strings.Contains(body, `href="#reason-1"`) || !strings.Contains(body, "Skriv kort hvorfor «Lønnsslipper siste 3 måneder» ikke er relevant.") {
				t.Errorf("missing reason: %d, want 422 with the row's reason field marked", code)
			}
			if !strings.Contains(body, `name="state-1" value="not_relevant" checked`) {
				t.Errorf("the refilled form lost the chosen state")
			}
		})
		t.Run("DC4.9 a document not on the unit's list is a field error", func(t *testing.T) {
			v := url.Values{"csrf": {csrf}, "item": {"Pass"}, "state-0": {"received"}}
			code, body := eg.post(path, v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="item"`) ||
				!strings.Contains(body, "«Pass» står ikke på enhetens liste over dokumentasjon.") {
				t.Errorf("bad item: %d, want 422 with the error", code)
			}
		})
		t.Run("DC4.9 a counsellor of another unit gets 404 and changes nothing", func(t *testing.T) {
			bv := newClient(t, base)
			bv.login("bv")
			_, other := bv.get("/work")
			code, _ := bv.post(path, checklistForm(field(t, csrfRE, other), "received", "received", "received", "received"))
			if code != http.StatusNotFound {
				t.Errorf("another unit's counsellor: %d, want 404", code)
			}
			if code, _ := bv.get(casePath); code != http.StatusNotFound {
				t.Errorf("another unit's counsellor reads the case page: %d", code)
			}
			if cl, _ := f.Svc.Checklist(ctx, f.EG, f.KariCase.ID); len(cl.Missing()) != 2 {
				t.Errorf("the checklist changed: %v missing", cl.Missing())
			}
		})
		t.Run("DC4.9 without the CSRF token nothing is saved", func(t *testing.T) {
			v := checklistForm("forged", "received", "received", "received", "received")
			if code, _ := eg.post(path, v); code != http.StatusForbidden {
				t.Errorf("forged form: %d, want 403", code)
			}
		})
	})
}

var taskRE = regexp.MustCompile(`name="task" value="(\d+)"`)

func TestChecklistDecision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, base := newServer(t, db)
		c := routineCase(t, f, db)
		// DC2: the application has unresolved matters and the applicant does
		// not answer twice; documentation then comes in at the desk.
		if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC2.1", "unresolved_matters", ""); err != nil {
			t.Fatal(err)
		}
		for _, d := range []time.Duration{24 * time.Hour, 48 * time.Hour} {
			f.Clock.T = casetest.Now.Add(d)
			if err := f.Svc.LogContact(ctx, f.EG, c.ID, false, "Ringte, ikke svar."); err != nil {
				t.Fatal(err)
			}
		}
		drop := casework.DropOff{RequestKey: "k", PersonID: f.Kari.ID, CaseID: c.ID, From: torg.FromCitizen,
			Delivered: []string{"Fullmakt", "Skattemelding"}, POA: torg.POAComplete}
		if _, _, err := f.Svc.RegisterDropOff(ctx, f.FrontDesk, drop); err != nil {
			t.Fatal(err)
		}
		casePath := "/cases/" + itoa(c.ID)
		eg := newClient(t, base)
		eg.login("eg")
		_, page := eg.get(casePath)
		t.Run("DC3.4 the assessment is offered beside the checklist, suggesting what the checklist says", func(t *testing.T) {
			if !strings.Contains(page, `id="checklist-decision"`) || !strings.Contains(page, `name="outcome" value="missing" checked`) {
				t.Fatalf("DC3.4: the case page offers no assessment beside the checklist")
			}
			if !strings.Contains(page, "2 av 4 mottatt") || !strings.Contains(page, `href="/records/`) {
				t.Errorf("DC3.4: the checklist does not show the drop-off's documents with their record")
			}
		})
		t.Run("DC3.4 a task that is not the case's assessment is not found", func(t *testing.T) {
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"decide"}, "task": {"999999"}, "outcome": {"missing"}}
			if code, _ := eg.post(casePath+"/checklist", v); code != http.StatusNotFound {
				t.Errorf("another task: %d, want 404", code)
			}
		})
		t.Run("DC3.5 deciding missing leaves the letter with only what is missing", func(t *testing.T) {
			task := field(t, taskRE, page)
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"decide"}, "task": {task}, "outcome": {"missing"}}
			code, body := eg.post(casePath+"/checklist", v)
			if code != http.StatusOK || !strings.Contains(body, "Vurderingen er registrert.") || strings.Contains(body, `id="checklist-decision"`) {
				t.Fatalf("decide: %d", code)
			}
			_, draft := eg.get(casePath + "/letters/debt_counselling/DC3.5")
			if !strings.Contains(draft, "<li>Lønnsslipper siste 3 måneder</li>") || strings.Contains(draft, "<li>Fullmakt</li>") {
				t.Errorf("DC3.5: the letter does not list only the missing documents")
			}
		})
		t.Run("DC3.5 with nothing missing the draft page says so and sending is refused", func(t *testing.T) {
			for _, item := range []string{"Lønnsslipper siste 3 måneder", "Utskrift fra Gjeldsregisteret"} {
				if err := f.Svc.SetChecklistItem(ctx, f.EG, c.ID, item, casework.ChecklistReceived, ""); err != nil {
					t.Fatal(err)
				}
			}
			path := casePath + "/letters/debt_counselling/DC3.5"
			_, draft := eg.get(path)
			if !strings.Contains(draft, "Sjekklisten viser at ingenting mangler") {
				t.Errorf("DC3.5: the draft page does not say that nothing is missing")
			}
			code, body := eg.post(path, url.Values{"csrf": {field(t, csrfRE, draft)}, "body": {""}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Det sendes ikke med en tom liste.") {
				t.Errorf("DC3.5: sending with nothing missing: %d, want 422 with the reason", code)
			}
		})
	})
}
