package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestFormDatesAsPeopleTypeThem checks the staff forms' date fields with
// dates as Norwegian, Danish, Swedish and English users type them, and
// that each form's hint shows the date as the page's language writes it.
func TestFormDatesAsPeopleTypeThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		ctx := context.Background()
		oslo, _ := time.LoadLocation("Europe/Oslo")
		eg := newClient(t, base)
		eg.login("eg")
		casePath := "/cases/" + itoa(f.KariCase.ID)
		newPath := casePath + "/appointments/new"

		t.Run("DC4.2 a meeting is booked for 1 December 2026 however the date is typed", func(t *testing.T) {
			for i, tt := range []struct{ lang, typed, hint string }{
				{"nb", "01.12.2026", "For eksempel 01.12.2026"},
				{"nb", "1.12.2026", "For eksempel 01.12.2026"},
				{"da", "01/12/2026", "For eksempel 01.12.2026"},
				{"da", "1/12-2026", "For eksempel 01.12.2026"},
				{"sv", "2026-12-01", "Till exempel 2026-12-01"},
				{"sv", "01.12.2026", "Till exempel 2026-12-01"},
				{"en", "1 Dec 2026", "For example 1 Dec 2026"},
			} {
				eg.lang = tt.lang
				_, page := eg.get(newPath)
				if !strings.Contains(page, tt.hint) {
					t.Errorf("%s: the date's hint is not %q", tt.lang, tt.hint)
				}
				start := fmt.Sprintf("%02d:00", 8+i)
				code, body := eg.post(newPath, url.Values{"csrf": {field(t, csrfRE, page)}, "date": {tt.typed},
					"start": {start}, "end": {fmt.Sprintf("%02d:30", 8+i)}, "place": {"Rådhuset"}})
				if code != http.StatusOK || strings.Contains(body, `id="date-error"`) {
					t.Errorf("%s %q: %d, want the case page", tt.lang, tt.typed, code)
				}
				want := time.Date(2026, 12, 1, 8+i, 0, 0, 0, oslo)
				as, err := f.Svc.CaseAppointments(ctx, f.EG, f.KariCase.ID)
				if err != nil || len(as) != i+1 || !as[i].Start.Equal(want) {
					t.Errorf("%s %q: appointments %v, %v; want one more at %s", tt.lang, tt.typed, as, err, want)
				}
			}
			eg.lang = "nb"
		})
		t.Run("DC4.2 a date that does not exist is refused in the page's format", func(t *testing.T) {
			_, page := eg.get(newPath)
			code, body := eg.post(newPath, url.Values{"csrf": {field(t, csrfRE, page)}, "date": {"31.11.2026"},
				"start": {"10:00"}, "end": {"11:00"}, "place": {"Rådhuset"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Skriv datoen som DD.MM.ÅÅÅÅ") ||
				!strings.Contains(body, `value="31.11.2026"`) {
				t.Errorf("%d, want the date's error and the date as typed", code)
			}
		})
		t.Run("DC6.1 a claim's date is shown and read as the page's language writes it", func(t *testing.T) {
			debts := casePath + "/debts"
			for _, tt := range []struct{ lang, today, typed, creditor string }{
				{"nb", `value="23.11.2026"`, "30.11.2026", "Kredittbanken ASA"},
				{"en", `value="23 Nov 2026"`, "23 Nov 2026", "Inkasso AS"},
			} {
				eg.lang = tt.lang
				_, page := eg.get(debts)
				if !strings.Contains(page, tt.today) {
					t.Errorf("%s: the add form's date is not today as %s", tt.lang, tt.today)
				}
				v := claimForm(t, page, "creditor", tt.creditor, "principal", "1000", "as_of", tt.typed)
				if code, body := eg.post(debts, v); code != http.StatusOK || strings.Contains(body, `id="as_of-error"`) {
					t.Errorf("%s %q: %d, want the claim added", tt.lang, tt.typed, code)
				}
			}
			eg.lang = "nb"
			got := map[string]torg.Date{}
			for _, c := range claims(t, f, f.KariCase.ID) {
				got[c.Creditor] = c.AsOf
			}
			if got["Kredittbanken ASA"] != (torg.Date{Year: 2026, Month: 11, Day: 30}) || got["Inkasso AS"] != (torg.Date{Year: 2026, Month: 11, Day: 23}) {
				t.Errorf("claims as of %v, want 30.11.2026 and 23.11.2026", got)
			}
		})
		t.Run("DC1.4 an absence is recorded with Norwegian dates", func(t *testing.T) {
			leader := newClient(t, base)
			leader.login("leder")
			_, page := leader.get("/units/" + itoa(f.Debt.ID) + "/distribution")
			if !strings.Contains(page, `value="23.11.2026"`) || !strings.Contains(page, "For eksempel 01.12.2026") {
				t.Error("the absence form does not start at today as 23.11.2026 with a hint in that format")
			}
			code, body := leader.post("/units/"+itoa(f.Debt.ID)+"/absences", url.Values{"csrf": {field(t, csrfRE, page)},
				"absence_employee": {itoa(f.KH.ID)}, "absence_from": {"24.12.2026"}, "absence_to": {"28.12.2026"}})
			if code != http.StatusOK || !strings.Contains(body, "24.12.2026–28.12.2026") {
				t.Errorf("%d, want the absence 24.12.2026–28.12.2026", code)
			}
		})
		t.Run("the rates page reads its date as typed", func(t *testing.T) {
			admin := newClient(t, base)
			admin.login("admin")
			_, page := admin.get("/admin/rates")
			if !strings.Contains(page, "for eksempel 01.07.2027") {
				t.Error("the date's hint is not in the Norwegian format")
			}
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "country": {"NO"}, "valid_from": {"01.07.2026"},
				"single": {"11 000"}, "cohabiting": {"9300"}, "supporting_partner": {"18 600"}, "child_0_5": {"3500"},
				"child_6_10": {"4650"}, "child_11_14": {"5900"}, "child_15_plus": {"6800"}, "source": {"Forskrift"}}
			code, body := admin.post("/admin/rates", v)
			if code != http.StatusOK || !strings.Contains(body, "Satstabellen er lagt inn") {
				t.Fatalf("add: %d", code)
			}
			if !strings.Contains(body, "01.07.2026") {
				t.Error("the new table does not show as valid from 01.07.2026")
			}
		})
	})
}
