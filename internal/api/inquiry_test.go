package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
)

// walkIn registers Kari's walk-in at the debt counselling unit through the
// API, with an Idempotency-Key if key is not empty.
func (e *env) walkIn(t *testing.T, summary, key string) inquiryDTO {
	t.Helper()
	var q inquiryDTO
	e.post(t, e.FrontDesk, "/inquiries", obj{"kind": "walk_in", "person_id": e.Kari.ID, "unit_id": e.Debt.ID,
		"from": "citizen", "summary": summary}, "Idempotency-Key", key).json(t, http.StatusCreated, &q)
	return q
}

// dropOff registers documentation Kari delivers for her case through the API.
func (e *env) dropOff(t *testing.T, delivered ...string) inquiryDTO {
	t.Helper()
	var q inquiryDTO
	e.post(t, e.FrontDesk, "/inquiries", obj{"kind": "drop_off", "person_id": e.Kari.ID, "case_id": e.KariCase.ID,
		"from": "citizen", "delivered": delivered}).json(t, http.StatusCreated, &q)
	return q
}

func (e *env) testInquiries(t *testing.T) {
	t.Run("FD1.2 walk-in inquiry filed in General inquiries", e.testWalkIn)
	t.Run("a repeated POST with the same Idempotency-Key returns the first inquiry", e.testIdempotency)
	t.Run("FD1 a partner agency's walk-in is filed on the citizen's behalf", func(t *testing.T) {
		body := obj{"kind": "walk_in", "person_id": e.Kari.ID, "unit_id": e.Debt.ID, "from": "partner_agency",
			"summary": "NAV ber om time for Kari."}
		p := e.post(t, e.FrontDesk, "/inquiries", body).problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "inquiry.agency_required", "agency_name")
		body["agency_name"] = "NAV Torgvik"
		var q inquiryDTO
		e.post(t, e.FrontDesk, "/inquiries", body).json(t, http.StatusCreated, &q)
		var rec recordDTO
		e.get(t, e.Leader, fmt.Sprintf("/records/%d", q.RecordID)).json(t, http.StatusOK, &rec)
		if want := i18n.New(i18n.NB).T("inquiry.on_behalf", "agency", "NAV Torgvik", "name", "Kari Nordmann"); rec.Correspondent != want {
			t.Errorf("correspondent %q, want %q", rec.Correspondent, want)
		}
	})
	t.Run("FD2.2 drop-off for an ongoing case", e.testDropOff)
	t.Run("refused inquiries", e.testRefusedInquiries)
	t.Run("a receipt is for the registrar and the unit's staff", func(t *testing.T) {
		q := e.walkIn(t, "Spør om status i saken.", "")
		path := fmt.Sprintf("/inquiries/%d", q.ID)
		for _, as := range []*torg.Employee{e.FrontDesk, e.EG, e.Leader} {
			var rc receiptDTO
			e.get(t, as, path).json(t, http.StatusOK, &rc)
			if rc.ID != q.ID {
				t.Errorf("%s got receipt %d, want %d", as.Username, rc.ID, q.ID)
			}
		}
		wantProblem(t, e.get(t, e.Outsider, path).problem(t, http.StatusNotFound), torg.ENOTFOUND, "error.not_found", "")
		wantProblem(t, e.get(t, e.EG, "/inquiries/999999").problem(t, http.StatusNotFound), torg.ENOTFOUND, "error.not_found", "")
	})
}

func (e *env) testWalkIn(t *testing.T) {
	summary := "Kari ønsker hjelp med økonomien, har betalingsanmerkninger."
	res := e.post(t, e.FrontDesk, "/inquiries", obj{"kind": "walk_in", "person_id": e.Kari.ID, "unit_id": e.Debt.ID,
		"from": "citizen", "summary": summary, "note": "Kari kommer tilbake fredag."}, "Idempotency-Key", "walk-in-1")
	var q inquiryDTO
	res.json(t, http.StatusCreated, &q)
	if res.header.Get("Location") != fmt.Sprintf("/api/v1/inquiries/%d", q.ID) {
		t.Errorf("Location %q", res.header.Get("Location"))
	}
	if q.Kind != "walk_in" || q.CaseID == e.KariCase.ID || q.TaskID == nil || q.POA != nil || q.Summary != summary {
		t.Errorf("inquiry = %+v", q)
	}
	var c caseDetailDTO
	e.get(t, e.Leader, fmt.Sprintf("/cases/%d", q.CaseID)).json(t, http.StatusOK, &c)
	if c.Type != torg.CaseTypeGeneral || c.UnitID != e.Debt.ID {
		t.Errorf("filed in case %+v, want the debt unit's general inquiries", c.caseDTO)
	}
	rec := find(c.Records, func(r recordDTO) bool { return r.ID == q.RecordID })
	if rec == nil || rec.Title != "Gjeldsrådgivningssak" || rec.Body != summary || rec.Type != "I" ||
		rec.PersonID == nil || *rec.PersonID != e.Kari.ID {
		t.Errorf("record %+v, want an incoming record titled Gjeldsrådgivningssak", rec)
	}
	if n := find(c.Notes, func(n noteDTO) bool { return n.RecordID != nil && *n.RecordID == q.RecordID }); n == nil ||
		n.Body != "Kari kommer tilbake fredag." {
		t.Errorf("journal note %+v, want the desk's note on the record", n)
	}
}

func (e *env) testIdempotency(t *testing.T) {
	summary := "Spør om gjeldsordning, dobbeltklikket."
	body := obj{"kind": "walk_in", "person_id": e.Kari.ID, "unit_id": e.Debt.ID, "from": "citizen", "summary": summary}
	var first, again inquiryDTO
	e.post(t, e.FrontDesk, "/inquiries", body, "Idempotency-Key", "same-key").json(t, http.StatusCreated, &first)
	res := e.post(t, e.FrontDesk, "/inquiries", body, "Idempotency-Key", "same-key")
	res.json(t, http.StatusOK, &again)
	if again.ID != first.ID || again.RecordID != first.RecordID || res.header.Get("Location") == "" {
		t.Errorf("repeat gave inquiry %d (record %d), want %d (record %d)", again.ID, again.RecordID, first.ID, first.RecordID)
	}
	var c caseDetailDTO
	e.get(t, e.Leader, fmt.Sprintf("/cases/%d", first.CaseID)).json(t, http.StatusOK, &c)
	if records, tasks := countInquiry(c, summary, first.RecordID); records != 1 || tasks != 1 {
		t.Errorf("%d records and %d tasks for the inquiry, want one of each", records, tasks)
	}
	t.Run("another caller's key is their own", func(t *testing.T) {
		var other inquiryDTO
		e.post(t, e.Leader, "/inquiries", body, "Idempotency-Key", "same-key").json(t, http.StatusCreated, &other)
		if other.ID == first.ID {
			t.Errorf("the leader got the front desk's inquiry %d", first.ID)
		}
	})
}

// countInquiry counts the records with an inquiry's summary in a case and
// the tasks about its record.
func countInquiry(c caseDetailDTO, summary string, recordID int64) (records, tasks int) {
	for _, r := range c.Records {
		if r.Body == summary {
			records++
		}
	}
	for _, tk := range c.Tasks {
		if tk.RecordID != nil && *tk.RecordID == recordID {
			tasks++
		}
	}
	return records, tasks
}

func (e *env) testDropOff(t *testing.T) {
	var q inquiryDTO
	e.post(t, e.FrontDesk, "/inquiries", obj{"kind": "drop_off", "person_id": e.Kari.ID, "case_id": e.KariCase.ID,
		"from": "partner_agency", "agency_name": "NAV Torgvik", "delivered": []string{"Fullmakt", "Skattemelding"},
		"poa": "complete", "note": "Levert i konvolutt."}).json(t, http.StatusCreated, &q)
	wantMissing := []string{"Lønnsslipper siste 3 måneder", "Utskrift fra Gjeldsregisteret"}
	if q.CaseID != e.KariCase.ID || q.POA == nil || *q.POA != "complete" || !slices.Equal(q.Missing, wantMissing) {
		t.Errorf("inquiry = %+v, want filed in Kari's case with %v missing", q, wantMissing)
	}
	t.Run("FD2.4 the papers go in the unit's post shelf", func(t *testing.T) {
		var rec recordDTO
		e.get(t, e.EG, fmt.Sprintf("/records/%d", q.RecordID)).json(t, http.StatusOK, &rec)
		if q.Shelf != "Gjeldsrådgivning" || rec.Shelf != "Gjeldsrådgivning" || !strings.Contains(rec.Body, "Gjeldsrådgivning") {
			t.Errorf("shelf %q, record %+v", q.Shelf, rec)
		}
	})
	t.Run("FD2.3 and FD2.5 the receipt tells what is missing and the secure channel, never an e-mail address", func(t *testing.T) {
		res := e.get(t, e.FrontDesk, fmt.Sprintf("/inquiries/%d", q.ID))
		var rc receiptDTO
		res.json(t, http.StatusOK, &rc)
		if !slices.Equal(rc.Missing, wantMissing) || rc.MessageChannel != "eDialog" || rc.CaseNumber != e.KariCase.Number() ||
			rc.AssigneeName == nil || *rc.AssigneeName != "Eva Gran" || rc.Person.ID != e.Kari.ID {
			t.Errorf("receipt = %+v", rc)
		}
		if strings.Contains(string(res.body), "@") {
			t.Errorf("receipt holds an e-mail address: %s", res.body)
		}
	})
}

func (e *env) testRefusedInquiries(t *testing.T) {
	walkIn := obj{"kind": "walk_in", "person_id": e.Kari.ID, "unit_id": e.Debt.ID, "from": "citizen", "summary": "Hei."}
	dropOff := obj{"kind": "drop_off", "person_id": e.Kari.ID, "case_id": e.KariCase.ID, "from": "citizen",
		"delivered": []string{"Fullmakt"}}
	with := func(o obj, k string, v any) obj {
		c := obj{}
		for key, val := range o {
			c[key] = val
		}
		c[k] = v
		return c
	}
	tests := []struct {
		name      string
		as        *torg.Employee
		body      obj
		header    []string
		status    int
		code, key string
		field     string
	}{
		{"a walk-in with a case_id", e.FrontDesk, with(walkIn, "case_id", e.KariCase.ID), nil,
			422, torg.EINVALID, "api.inquiry_member_kind", "case_id"},
		{"a drop-off with a summary", e.FrontDesk, with(dropOff, "summary", "Hei."), nil,
			422, torg.EINVALID, "api.inquiry_member_kind", "summary"},
		{"an unknown kind", e.FrontDesk, with(walkIn, "kind", "phone"), nil,
			422, torg.EINVALID, "inquiry.kind_invalid", "kind"},
		{"a walk-in without a summary", e.FrontDesk, with(walkIn, "summary", ""), nil,
			422, torg.EINVALID, "inquiry.summary_required", "summary"},
		{"a drop-off for another person's case", e.FrontDesk, with(dropOff, "person_id", e.Protected.ID), nil,
			422, torg.EINVALID, "inquiry.case_required", "case_id"},
		{"a drop-off with nothing delivered", e.FrontDesk, with(dropOff, "delivered", []string{}), nil,
			422, torg.EINVALID, "dropoff.nothing", "delivered"},
		{"an Idempotency-Key over 64 characters", e.FrontDesk, walkIn, []string{"Idempotency-Key", strings.Repeat("k", 65)},
			400, torg.EINVALID, "api.idempotency_key_too_long", "Idempotency-Key"},
		{"FD1 a walk-in by a counsellor of another unit", e.Outsider, walkIn, nil,
			403, torg.EFORBIDDEN, "error.forbidden", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			p := e.post(t, tt.as, "/inquiries", tt.body, tt.header...).problem(t, tt.status)
			wantProblem(t, p, tt.code, tt.key, tt.field)
		})
	}
}

// find returns the first element of list for which ok is true, or nil.
func find[T any](list []T, ok func(T) bool) *T {
	for i := range list {
		if ok(list[i]) {
			return &list[i]
		}
	}
	return nil
}
