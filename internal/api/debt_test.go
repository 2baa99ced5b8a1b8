package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
)

func (e *env) testDebts(t *testing.T) {
	base := fmt.Sprintf("/cases/%d", e.KariCase.ID)
	var fk claimDTO
	t.Run("DC4.6 add claims", func(t *testing.T) {
		e.post(t, e.EG, base+"/claims", obj{"kind": "consumer_loan", "creditor": "Fjordkreditt AS",
			"creditor_addr": "Postboks 4410 Nydalen\n0403 Oslo", "reference": "FK-771203", "principal": 60_000_000,
			"monthly": 250_000, "as_of": "2026-11-01"}).json(t, http.StatusCreated, &fk)
		if fk.Balance != 60_000_000 || fk.Source != torg.SourceCitizen || fk.AsOf == nil || fk.AsOf.String() != "2026-11-01" ||
			fk.RequestedAt != nil {
			t.Errorf("claim = %+v", fk)
		}
		var c, again claimDTO
		card := obj{"kind": "credit_card", "creditor": "Nordlys Finans ASA", "balance": 30_000_000}
		e.post(t, e.EG, base+"/claims", card, "Idempotency-Key", "card-1").json(t, http.StatusCreated, &c)
		e.post(t, e.EG, base+"/claims", card, "Idempotency-Key", "card-1").json(t, http.StatusOK, &again)
		if again.ID != c.ID {
			t.Errorf("a repeat with the same Idempotency-Key added claim %d, want the first, %d", again.ID, c.ID)
		}
		e.post(t, e.EG, base+"/claims", obj{"kind": "mortgage", "creditor": "Sørbanken", "balance": 150_000_000,
			"secured": true}).json(t, http.StatusCreated, &c)
		var list claimList
		e.get(t, e.KH, base+"/claims").json(t, http.StatusOK, &list)
		if len(list.Claims) != 3 || !cmp.Equal(list.Claims[0], fk) {
			t.Errorf("claims = %+v", list.Claims)
		}
	})
	t.Run("bad input is refused with nothing saved", func(t *testing.T) {
		p := e.post(t, e.EG, base+"/claims", obj{"kind": "invoice", "creditor": "Telco", "principal": -100}).
			problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "debt.amount_negative", "principal")
		p = e.post(t, e.EG, base+"/claims", obj{"kind": "invoice", "creditor": "Telco", "balance": 25_000_000_000}).
			problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "debt.amount_absurd", "balance")
		p = e.do(t, e.EG, http.MethodPut, base+"/budget", obj{"household": "single", "income": []obj{}}).
			problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "budget.income_missing", "income")
		p = e.post(t, e.EG, base+"/claims", obj{"kind": "invoice", "creditor": "Telco", "balance": "100"}).
			problem(t, http.StatusBadRequest)
		wantProblem(t, p, torg.EINVALID, "api.json_type", "balance")
		var list claimList
		e.get(t, e.EG, base+"/claims").json(t, http.StatusOK, &list)
		wantProblem(t, e.get(t, e.EG, base+"/budget").problem(t, http.StatusNotFound), torg.ENOTFOUND, "error.not_found", "")
		if len(list.Claims) != 3 {
			t.Errorf("%d claims after bad input, want 3", len(list.Claims))
		}
	})
	t.Run("DC6.4 the creditor's figures", func(t *testing.T) {
		var c claimDTO
		in := obj{"kind": "consumer_loan", "creditor": "Fjordkreditt AS", "creditor_addr": "Postboks 4410 Nydalen\n0403 Oslo",
			"principal": 60_000_000, "interest": 1_250_000, "source": "creditor"}
		e.do(t, e.EG, http.MethodPut, fmt.Sprintf("%s/claims/%d", base, fk.ID), in).json(t, http.StatusOK, &c)
		if c.Balance != 61_250_000 || c.Source != torg.SourceCreditor || c.AnsweredAt != nil {
			t.Errorf("claim = %+v, want new figures, not an answer to a request never sent", c)
		}
		p := e.do(t, e.EG, http.MethodPut, fmt.Sprintf("%s/claims/%d", base, 999999), in).problem(t, http.StatusNotFound)
		wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	})
	t.Run("DC6.5 the budget and the assessment", func(t *testing.T) {
		var b budgetDTO
		e.do(t, e.EG, http.MethodPut, base+"/budget", obj{"household": "single", "children": []int{8},
			"income":   []obj{{"kind": "salary", "monthly": 3_400_000}},
			"expenses": []obj{{"kind": "rent", "monthly": 1_200_000, "note": "inkl. strøm"}},
			"lump_sum": 20_000_000, "refi_rate": 950, "refi_years": 5}).json(t, http.StatusOK, &b)
		if b.Household != "single" || len(b.Children) != 1 || b.UpdatedBy == nil || *b.UpdatedBy != e.EG.ID {
			t.Errorf("budget = %+v", b)
		}
		var got budgetDTO
		e.get(t, e.KH, base+"/budget").json(t, http.StatusOK, &got)
		if got.Household != b.Household || got.Expenses[0].Note != "inkl. strøm" {
			t.Errorf("budget read back = %+v", got)
		}
		var s scheduleDTO
		e.get(t, e.EG, base+"/debt-schedule", "Accept-Language", "nb").json(t, http.StatusOK, &s)
		if s.Assessment == nil || s.Assessment.Capacity != 672_300 || s.Assessment.Unsecured != 91_250_000 ||
			s.Assessment.Secured != 150_000_000 || s.Rates == nil || s.Rates.ValidFrom.String() != "2024-07-01" {
			t.Fatalf("schedule = %+v", s)
		}
		if s.Scenarios == nil || s.Scenarios.Settlement == nil || s.Scenarios.Refinance == nil || len(s.Claims) != 3 {
			t.Errorf("scenarios = %+v", s.Scenarios)
		}
	})
	t.Run("the schedule as files", func(t *testing.T) {
		for _, tt := range []struct{ ext, media, magic string }{
			{"xlsx", mediaXLSX, "PK"}, {"pdf", "application/pdf", "%PDF-"},
		} {
			res := e.get(t, e.EG, base+"/debt-schedule."+tt.ext)
			if res.status != http.StatusOK || res.header.Get("Content-Type") != tt.media || !bytes.HasPrefix(res.body, []byte(tt.magic)) {
				t.Errorf("%s: %d %s", tt.ext, res.status, res.header.Get("Content-Type"))
			}
			want := "gjeldsskjema-" + strings.ReplaceAll(e.KariCase.Number(), "/", "-") + "." + tt.ext
			if d := res.header.Get("Content-Disposition"); !strings.Contains(d, want) {
				t.Errorf("Content-Disposition %q, want %s", d, want)
			}
		}
	})
	t.Run("not for other units", func(t *testing.T) {
		for _, path := range []string{"/claims", "/budget", "/debt-schedule", "/debt-schedule.xlsx", "/debt-schedule.pdf"} {
			wantProblem(t, e.get(t, e.Outsider, base+path).problem(t, http.StatusNotFound), torg.ENOTFOUND, "error.not_found", "")
		}
		p := e.do(t, e.Outsider, http.MethodDelete, fmt.Sprintf("%s/claims/%d", base, fk.ID), nil).problem(t, http.StatusNotFound)
		wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	})
	t.Run("delete a claim", func(t *testing.T) {
		if res := e.do(t, e.EG, http.MethodDelete, fmt.Sprintf("%s/claims/%d", base, fk.ID), nil); res.status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", res.status, res.body)
		}
		var list claimList
		e.get(t, e.EG, base+"/claims").json(t, http.StatusOK, &list)
		if len(list.Claims) != 2 {
			t.Errorf("%d claims after deleting one of 3", len(list.Claims))
		}
	})
}
