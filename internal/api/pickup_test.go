package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
)

// pickupBody is a letter for Kari on her case, collected by herself the
// next day.
func (e *env) pickupBody() obj {
	return obj{"person_id": e.Kari.ID, "case_id": e.KariCase.ID, "recipient": "citizen",
		"description": "Svar på søknad", "pickup_by": casetest.Now.Add(30 * time.Hour).Format(time.RFC3339)}
}

func (e *env) testPickups(t *testing.T) {
	var k pickupDTO
	t.Run("FD3.3 register a letter for pickup", func(t *testing.T) {
		res := e.post(t, e.FrontDesk, "/pickups", e.pickupBody(), "Idempotency-Key", "pickup-1")
		res.json(t, http.StatusCreated, &k)
		if res.header.Get("Location") != fmt.Sprintf("/api/v1/pickups/%d", k.ID) {
			t.Errorf("Location %q", res.header.Get("Location"))
		}
		if k.State != "waiting" || k.ResponsibleID != e.EG.ID || k.Location != "Hovedskranken" || k.PersonName == nil ||
			*k.PersonName != "Kari Nordmann" || k.CaseNumber == nil || k.Number != fmt.Sprintf("H-%d", k.ID) ||
			!k.PickupBy.Equal(casetest.Now.Add(30*time.Hour)) || k.Closed != nil {
			t.Errorf("pickup %+v", k)
		}
		var again pickupDTO
		e.post(t, e.FrontDesk, "/pickups", e.pickupBody(), "Idempotency-Key", "pickup-1").json(t, http.StatusOK, &again)
		if again.ID != k.ID {
			t.Errorf("a repeat registered letter %d, want %d", again.ID, k.ID)
		}
	})
	t.Run("FD3.2 the desk's list", func(t *testing.T) {
		var l pickupList
		e.get(t, e.FrontDesk, "/pickups").json(t, http.StatusOK, &l)
		if len(l.Waiting) != 1 || l.Waiting[0].ID != k.ID || l.Overdue != 0 {
			t.Errorf("list %+v", l)
		}
		e.get(t, e.Outsider, fmt.Sprintf("/pickups?person_id=%d", e.Kari.ID)).json(t, http.StatusOK, &l)
		if len(l.Waiting) != 0 {
			t.Errorf("another service's counsellor sees %+v", l.Waiting)
		}
		wantProblem(t, e.get(t, e.FrontDesk, "/pickups?person_id=x").problem(t, http.StatusBadRequest),
			torg.EINVALID, "pickup.query_person_id", "person_id")
		wantProblem(t, e.get(t, e.FrontDesk, "/pickups?person_id=999999").problem(t, http.StatusNotFound),
			torg.ENOTFOUND, "error.not_found", "")
		wantProblem(t, e.get(t, e.Admin, "/pickups").problem(t, http.StatusForbidden), torg.EFORBIDDEN, "error.forbidden", "")
	})
	t.Run("FD3 refused letters", func(t *testing.T) {
		body := e.pickupBody()
		body["pickup_by"] = casetest.Now.Add(-time.Hour).Format(time.RFC3339)
		wantProblem(t, e.post(t, e.FrontDesk, "/pickups", body).problem(t, http.StatusUnprocessableEntity),
			torg.EINVALID, "pickup.time_past", "pickup_by")
		body = e.pickupBody()
		body["person_id"] = 999999
		wantProblem(t, e.post(t, e.FrontDesk, "/pickups", body).problem(t, http.StatusUnprocessableEntity),
			torg.EINVALID, "pickup.person_required", "person_id")
		body = e.pickupBody()
		body["recipient"], body["agency_name"] = "partner_agency", "NAV Torgvik"
		wantProblem(t, e.post(t, e.FrontDesk, "/pickups", body).problem(t, http.StatusUnprocessableEntity),
			torg.EINVALID, "pickup.agreement_required", "agreement")
		body = e.pickupBody()
		delete(body, "pickup_by")
		wantProblem(t, e.post(t, e.FrontDesk, "/pickups", body).problem(t, http.StatusUnprocessableEntity),
			torg.EINVALID, "pickup.time_required", "pickup_by")
	})
	t.Run("FD3.1 hand over with the ID checked", func(t *testing.T) {
		path := fmt.Sprintf("/pickups/%d", k.ID)
		wantProblem(t, e.post(t, e.FrontDesk, path+"/handover", obj{"collector": "citizen", "id_document": "passport",
			"id_checked": false}).problem(t, http.StatusUnprocessableEntity), torg.EINVALID, "pickup.id_not_checked", "id_checked")
		var got pickupDTO
		e.post(t, e.FrontDesk, path+"/handover", obj{"collector": "citizen", "id_document": "passport", "id_checked": true}).
			json(t, http.StatusOK, &got)
		if got.State != "handed_over" || got.RecordID == nil || got.ClosedBy == nil || *got.ClosedBy != e.FrontDesk.ID ||
			got.IDDocument == nil || *got.IDDocument != "passport" {
			t.Errorf("handed over %+v", got)
		}
		var rec recordDTO
		e.get(t, e.EG, fmt.Sprintf("/records/%d", *got.RecordID)).json(t, http.StatusOK, &rec)
		if rec.CaseID != e.KariCase.ID || !strings.Contains(rec.Body, "Pass") {
			t.Errorf("record %+v", rec)
		}
		p := e.post(t, e.FrontDesk, path+"/handover", obj{"collector": "citizen", "id_document": "passport", "id_checked": true}).
			problem(t, http.StatusConflict)
		wantProblem(t, p, torg.ECONFLICT, "pickup.already_handed_over", "")
		if !strings.Contains(p.Detail, "Frida Skranke") {
			t.Errorf("the conflict does not say by whom: %q", p.Detail)
		}
		var v pickupDTO
		e.get(t, e.EG, path).json(t, http.StatusOK, &v)
		if v.State != "handed_over" {
			t.Errorf("read %+v", v)
		}
		wantProblem(t, e.get(t, e.Outsider, path).problem(t, http.StatusNotFound), torg.ENOTFOUND, "error.not_found", "")
	})
	t.Run("FD3 take a letter back", func(t *testing.T) {
		var k2, got pickupDTO
		e.post(t, e.EG, "/pickups", e.pickupBody()).json(t, http.StatusCreated, &k2)
		path := fmt.Sprintf("/pickups/%d/return", k2.ID)
		e.post(t, e.EG, path, obj{"reason": "Sendes i posten"}).json(t, http.StatusOK, &got)
		if got.State != "returned" || got.CloseNote == nil || *got.CloseNote != "Sendes i posten" {
			t.Errorf("returned %+v", got)
		}
		wantProblem(t, e.post(t, e.EG, path, nil).problem(t, http.StatusConflict), torg.ECONFLICT, "pickup.already_returned", "")
	})
	t.Run("DC1.3 a kode 6 person's letter: no name without clearance, handed over against the number", func(t *testing.T) {
		body := obj{"person_id": e.Protected.ID, "unit_id": e.Debt.ID, "responsible_id": e.KH.ID, "recipient": "citizen",
			"pickup_by": casetest.Now.Add(5 * time.Hour).Format(time.RFC3339)}
		var k3 pickupDTO
		res := e.post(t, e.FrontDesk, "/pickups", body)
		res.json(t, http.StatusCreated, &k3)
		if k3.PersonName != nil || !k3.NameHidden || strings.Contains(string(res.body), "Postboks") {
			t.Errorf("the desk sees %s", res.body)
		}
		path := fmt.Sprintf("/pickups/%d/handover", k3.ID)
		h := obj{"collector": "citizen", "id_document": "national_id_card", "id_checked": true}
		wantProblem(t, e.post(t, e.FrontDesk, path, h).problem(t, http.StatusUnprocessableEntity), torg.EINVALID, "pickup.nin_required", "nin")
		h["nin"] = casetest.KariNIN
		wantProblem(t, e.post(t, e.FrontDesk, path, h).problem(t, http.StatusUnprocessableEntity), torg.EINVALID, "pickup.nin_mismatch", "nin")
		h["nin"] = casetest.ProtectedNIN
		var got pickupDTO
		res = e.post(t, e.FrontDesk, path, h)
		res.json(t, http.StatusOK, &got)
		if got.State != "handed_over" || got.CollectorName != nil || strings.Contains(string(res.body), casetest.ProtectedNIN) {
			t.Errorf("handed over %s", res.body)
		}
		var lv pickupDTO
		e.get(t, e.Leader, fmt.Sprintf("/pickups/%d", k3.ID)).json(t, http.StatusOK, &lv)
		if lv.PersonName == nil || *lv.PersonName != "Sara Skjult" {
			t.Errorf("the cleared leader reads %+v", lv)
		}
	})
}
