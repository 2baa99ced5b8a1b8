package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
)

// deliver delivers a message from Kari to the debt counselling unit as EG.
func (e *env) deliver(t *testing.T, subject, key string) threadDTO {
	t.Helper()
	var th threadDTO
	e.post(t, e.EG, "/threads", obj{"nin": casetest.KariNIN, "unit_id": e.Debt.ID, "subject": subject,
		"body": "Jeg lurer på når neste møte er."}, "Idempotency-Key", key).json(t, http.StatusCreated, &th)
	return th
}

// pendingOutbox counts the notices waiting in the outbox.
func (e *env) pendingOutbox(t *testing.T) int64 {
	t.Helper()
	n, err := e.DB.R().CountOutbox(context.Background(), store.OutboxPending)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) testThreads(t *testing.T) {
	t.Run("DM1 a delivered message opens a thread in the unit's inbox", func(t *testing.T) {
		res := e.post(t, e.EG, "/threads", obj{"nin": casetest.KariNIN, "unit_id": e.Debt.ID, "subject": "Neste møte",
			"body": "Når er neste møte?"}, "Idempotency-Key", "thread-1")
		var th threadDTO
		res.json(t, http.StatusCreated, &th)
		if res.header.Get("Location") != fmt.Sprintf("/api/v1/threads/%d", th.ID) {
			t.Errorf("Location %q", res.header.Get("Location"))
		}
		if th.ID == 0 || th.Status != torg.ThreadNew || th.Kind != torg.MsgInquiry || th.UnitID != e.Debt.ID ||
			th.PersonID != e.Kari.ID || th.Subject != "Neste møte" {
			t.Errorf("thread = %+v", th)
		}
		// Kari has open cases in the unit: the thread is journaled on her newest.
		var cases caseList
		e.get(t, e.Leader, fmt.Sprintf("/persons/%d/cases", e.Kari.ID)).json(t, http.StatusOK, &cases)
		var newest int64
		for _, c := range cases.Cases {
			if c.UnitID == e.Debt.ID {
				newest = max(newest, c.ID)
			}
		}
		if th.CaseID == nil || *th.CaseID != newest {
			t.Errorf("case %v, want Kari's newest case in the unit, %d", th.CaseID, newest)
		}
		var again threadDTO
		e.post(t, e.EG, "/threads", obj{"nin": casetest.KariNIN, "unit_id": e.Debt.ID, "subject": "Neste møte",
			"body": "Når er neste møte?"}, "Idempotency-Key", "thread-1").json(t, http.StatusOK, &again)
		if again.ID != th.ID {
			t.Errorf("a repeat made thread %d, want the first, %d", again.ID, th.ID)
		}
		var d threadDetailDTO
		e.get(t, e.KH, fmt.Sprintf("/threads/%d", th.ID)).json(t, http.StatusOK, &d)
		if len(d.Messages) != 1 || !d.Messages[0].FromCitizen || d.Messages[0].Body != "Når er neste møte?" ||
			d.Messages[0].AuthorID != nil {
			t.Errorf("messages = %+v", d.Messages)
		}
		var other threadDTO
		e.post(t, e.Leader, "/threads", obj{"person_id": e.Kari.ID, "unit_id": e.Debt.ID, "kind": "complaint",
			"body": "Jeg er misfornøyd med svartiden."}).json(t, http.StatusCreated, &other)
		if other.ID == th.ID || other.Kind != torg.MsgComplaint || other.Subject == "" {
			t.Errorf("second thread = %+v", other)
		}
		if strings.Contains(e.log.String(), casetest.KariNIN) {
			t.Error("the national ID is in the log")
		}
	})
	t.Run("DM1 the answer reaches the citizen through the outbox; the thread is closed", func(t *testing.T) {
		th := e.deliver(t, "Svar meg", "")
		path := fmt.Sprintf("/threads/%d", th.ID)
		before := e.pendingOutbox(t)
		if res := e.post(t, e.KH, path+"/answer", obj{"body": "Neste møte er tirsdag kl. 10.", "done": false}); res.status != http.StatusNoContent {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
		if n := e.pendingOutbox(t); n != before+1 {
			t.Errorf("outbox %d after the answer, want %d", n, before+1)
		}
		var d threadDetailDTO
		e.get(t, e.EG, path).json(t, http.StatusOK, &d)
		if d.Status != torg.ThreadInProgress || d.ResponsibleID == nil || len(d.Messages) != 2 {
			t.Fatalf("after the answer: %+v", d)
		}
		if m := d.Messages[1]; m.FromCitizen || m.AuthorID == nil || *m.AuthorID != e.KH.ID || m.Body != "Neste møte er tirsdag kl. 10." {
			t.Errorf("answer = %+v", m)
		}
		if res := e.post(t, e.KH, path+"/status", obj{"status": "done"}); res.status != http.StatusNoContent {
			t.Fatalf("status: %d %s", res.status, res.body)
		}
		e.get(t, e.EG, path).json(t, http.StatusOK, &d)
		if d.Status != torg.ThreadDone || d.Done == nil {
			t.Errorf("after done: status %q, done %v", d.Status, d.Done)
		}
		p := e.post(t, e.KH, path+"/answer", obj{"body": "Glemte å si: ta med lønnsslipper."}).problem(t, http.StatusConflict)
		wantProblem(t, p, torg.ECONFLICT, "inbox.thread_done", "")
		// Done again is not an error, and a done thread may be opened again.
		if res := e.post(t, e.KH, path+"/status", obj{"status": "done"}); res.status != http.StatusNoContent {
			t.Errorf("done twice: %d", res.status)
		}
		if res := e.post(t, e.KH, path+"/status", obj{"status": "in_progress"}); res.status != http.StatusNoContent {
			t.Errorf("reopen: %d", res.status)
		}
	})
	t.Run("an answer with done finishes the thread", func(t *testing.T) {
		th := e.deliver(t, "Ferdig", "")
		before := e.pendingOutbox(t)
		if res := e.post(t, e.EG, fmt.Sprintf("/threads/%d/answer", th.ID), obj{"body": "Ja, det stemmer.", "done": true}); res.status != http.StatusNoContent {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
		if n := e.pendingOutbox(t); n != before+1 {
			t.Errorf("outbox %d after the answer, want %d", n, before+1)
		}
		var d threadDetailDTO
		e.get(t, e.EG, fmt.Sprintf("/threads/%d", th.ID)).json(t, http.StatusOK, &d)
		if d.Status != torg.ThreadDone {
			t.Errorf("status %q, want done", d.Status)
		}
	})
	t.Run("access as the web inbox's", e.testThreadAccess)
	t.Run("refused messages", func(t *testing.T) {
		msg := func(extra obj) obj {
			o := obj{"unit_id": e.Debt.ID, "body": "Hei"}
			for k, v := range extra {
				o[k] = v
			}
			return o
		}
		p := e.post(t, e.EG, "/threads", msg(obj{"nin": casetest.KariNIN, "person_id": e.Kari.ID})).problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "msg.person_twice", "nin")
		p = e.post(t, e.EG, "/threads", obj{"person_id": e.Kari.ID, "body": "Hei"}).problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "msg.unit_required", "unit_id")
		p = e.post(t, e.EG, "/threads", msg(nil)).problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "msg.person_required", "person_id")
		p = e.post(t, e.EG, "/threads", msg(obj{"nin": "01010112345"})).problem(t, http.StatusUnprocessableEntity)
		if p.Field != "nin" {
			t.Errorf("an invalid national ID: field %q, want nin", p.Field)
		}
		p = e.post(t, e.EG, "/threads", obj{"person_id": e.Kari.ID, "unit_id": e.Debt.ID, "body": "  "}).problem(t, http.StatusUnprocessableEntity)
		if p.Field != "body" {
			t.Errorf("an empty body: field %q, want body", p.Field)
		}
		p = e.post(t, e.EG, "/threads", msg(obj{"person_id": e.Kari.ID, "kind": "improper"})).problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "msg.kind_invalid", "kind")
		p = e.post(t, e.EG, "/threads", msg(obj{"person_id": e.Kari.ID, "surname": "x"})).problem(t, http.StatusBadRequest)
		wantProblem(t, p, torg.EINVALID, "api.json_unknown_field", "surname")
		th := e.deliver(t, "Ugyldig status", "")
		p = e.post(t, e.EG, fmt.Sprintf("/threads/%d/status", th.ID), obj{"status": "waiting"}).problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "inbox.status_invalid", "status")
		p = e.post(t, e.EG, fmt.Sprintf("/threads/%d/answer", th.ID), obj{"body": ""}).problem(t, http.StatusUnprocessableEntity)
		if p.Field != "body" {
			t.Errorf("an empty answer: field %q, want body", p.Field)
		}
		if strings.Contains(e.log.String(), casetest.KariNIN) {
			t.Error("the national ID is in the log")
		}
	})
}

// testThreadAccess checks who delivers, reads, answers and closes: the
// unit's staff who may see the person; the desk reads and answers but does
// not deliver; anyone else finds nothing.
func (e *env) testThreadAccess(t *testing.T) {
	body := func(nin string) obj { return obj{"nin": nin, "unit_id": e.Debt.ID, "body": "Hei"} }
	before := e.pendingOutbox(t)
	p := e.post(t, e.FrontDesk, "/threads", body(casetest.KariNIN)).problem(t, http.StatusForbidden)
	wantProblem(t, p, torg.EFORBIDDEN, "error.forbidden", "")
	for _, as := range []*torg.Employee{e.Outsider, e.Admin} {
		p = e.post(t, as, "/threads", body(casetest.KariNIN)).problem(t, http.StatusNotFound)
		wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	}
	p = e.post(t, e.EG, "/threads", obj{"nin": casetest.KariNIN, "unit_id": e.Other.ID, "body": "Hei"}).problem(t, http.StatusNotFound)
	wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	// A protected person's thread would be hidden from EG: so is the person.
	for _, nin := range []string{casetest.ProtectedNIN, casetest.ConfidentialNIN} {
		p = e.post(t, e.EG, "/threads", body(nin)).problem(t, http.StatusNotFound)
		wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	}
	p = e.post(t, e.EG, "/threads", obj{"nin": "10915540061", "unit_id": e.Debt.ID, "body": "Hei"}).problem(t, http.StatusNotFound)
	wantProblem(t, p, torg.ENOTFOUND, "person.not_found_nin", "nin")
	if n := e.pendingOutbox(t); n != before {
		t.Errorf("refused deliveries changed the outbox: %d, want %d", n, before)
	}

	var prot threadDTO
	e.post(t, e.Leader, "/threads", body(casetest.ProtectedNIN)).json(t, http.StatusCreated, &prot)
	kari := e.deliver(t, "Tilgang", "")
	for _, c := range []struct {
		as   *torg.Employee
		th   threadDTO
		want int
	}{
		{e.FrontDesk, kari, http.StatusOK}, {e.EG, kari, http.StatusOK}, {e.Leader, kari, http.StatusOK},
		{e.Outsider, kari, http.StatusNotFound}, {e.Admin, kari, http.StatusNotFound},
		{e.Leader, prot, http.StatusOK}, {e.EG, prot, http.StatusNotFound}, {e.FrontDesk, prot, http.StatusNotFound},
	} {
		path := fmt.Sprintf("/threads/%d", c.th.ID)
		res := e.get(t, c.as, path)
		if res.status != c.want {
			t.Errorf("%s GET %s: %d, want %d", c.as.Username, path, res.status, c.want)
		}
		if c.want != http.StatusNotFound {
			continue
		}
		for _, op := range []struct{ path, body string }{{"/answer", `{"body":"Svar"}`}, {"/status", `{"status":"done"}`}} {
			p := e.post(t, c.as, path+op.path, op.body).problem(t, http.StatusNotFound)
			wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
		}
	}
	p = e.get(t, e.EG, "/threads/999999").problem(t, http.StatusNotFound)
	wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	if n := e.pendingOutbox(t); n != before {
		t.Errorf("refused answers changed the outbox: %d, want %d", n, before)
	}
	// The desk sees its unit's threads and answers them.
	if res := e.post(t, e.FrontDesk, fmt.Sprintf("/threads/%d/answer", kari.ID), obj{"body": "Vi ringer deg."}); res.status != http.StatusNoContent {
		t.Errorf("the desk's answer: %d %s", res.status, res.body)
	}
}
