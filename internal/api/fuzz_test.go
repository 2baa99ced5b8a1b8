package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// fuzzBodies are the request bodies the API decodes, one new value each.
var fuzzBodies = []func() any{
	func() any { return new(inquiryInput) }, func() any { return new(noteInput) },
	func() any { return new(claimInput) }, func() any { return new(budgetInput) },
	func() any { return new(personInput) }, func() any { return new(personLookup) },
	func() any { return new(pickupInput) }, func() any { return new(handoverInput) },
	func() any { return new(pickupReturn) }, func() any { return new(taskCompletion) },
	func() any { return new(threadInput) }, func() any { return new(answerInput) },
	func() any { return new(statusInput) },
}

// fuzzSeedBodies are real request bodies, from docs/api.md and the tests.
var fuzzSeedBodies = []string{
	`{"kind": "walk_in", "person_id": 1, "unit_id": 2, "from": "citizen", "summary": "Wants an appointment."}`,
	`{"kind": "drop_off", "person_id": 1, "case_id": 3, "from": "agency", "agency_name": "NAV", "delivered": ["Fullmakt"], "poa": "yes"}`,
	`{"body": "Called back, no answer.", "record_id": 4}`,
	`{"kind": "consumer_loan", "creditor": "Fjordkreditt AS", "creditor_addr": "Postboks 4410 Nydalen\n0403 Oslo",` +
		` "reference": "FK-771203", "principal": 8000000, "interest": 700000, "fees": 34000, "monthly": 210000, "as_of": "2026-11-20"}`,
	`{"household": "single", "children": [8], "income": [{"kind": "salary", "monthly": 3400000}],` +
		` "expenses": [{"kind": "rent", "monthly": 1200000, "note": "inkl. strøm"}], "years": 5, "lump_sum": 20000000}`,
	`{"nin": "12838540056", "given_name": "Åse", "family_name": "Ødegård"}`,
	`{"person_id": 1, "case_id": 42, "recipient": "partner_agency", "agency_name": "NAV Torgvik", "agreement": "Samtykke",` +
		` "description": "Svar på søknad", "pickup_by": "2026-11-24T13:00:00Z"}`,
	`{"collector": "partner_agency", "collector_name": "Nils Veileder", "id_document": "driving_licence", "id_checked": true}`,
	`{"reason": "Sent by post instead"}`, `{"outcome": "approved", "reason": ""}`,
	`{"nin": "10915596784", "unit_id": 2, "subject": "Next meeting", "body": "When is my next meeting?"}`,
	`{"person_id": 1, "unit_id": 2, "kind": "complaint", "body": "Hei"}`,
	`{"body": "Neste møte er tirsdag.", "done": true}`, `{"status": "done"}`,
	``, `null`, `[]`, `{"unknown": 1}`, `{"person_id": "1"}`, `{"person_id": 1e400}`, `{} {}`, `{"summary": "\xff\xfe"}`,
}

// FuzzDecode checks the decoding of every request body: a body is
// refused with a 400 or 413 problem, or it decodes into a value that
// encodes and decodes again to the same value.
func FuzzDecode(f *testing.F) {
	for _, b := range fuzzSeedBodies {
		for i := range fuzzBodies {
			f.Add(uint8(i), []byte(b))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		newValue := fuzzBodies[int(which)%len(fuzzBodies)]
		v := newValue()
		if err := decodeBytes(body, v); err != nil {
			status, e := classify(err)
			if (status != http.StatusBadRequest && status != http.StatusRequestEntityTooLarge) || e == nil || e.Key == "" {
				t.Fatalf("refused with %d %+v, want a 400 or 413 problem: %v", status, e, err)
			}
			return
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("accepted %T does not encode: %v", v, err)
		}
		again := newValue()
		if err := decodeBytes(b, again); err != nil {
			t.Fatalf("accepted %T, encoded as %s, is refused: %v", v, b, err)
		}
		if !reflect.DeepEqual(v, again) {
			t.Fatalf("round trip of %T differs: %+v, then %+v", v, v, again)
		}
	})
}

// decodeBytes runs decode on a request with body.
func decodeBytes(body []byte, v any) error {
	r := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
	return decode(httptest.NewRecorder(), r, v)
}

// fuzzRoutes are the API's writing operations; %d is an ID from the input.
var fuzzRoutes = []struct{ method, path string }{
	{"POST", "/persons/lookup"}, {"POST", "/persons"}, {"POST", "/cases/%d/notes"},
	{"POST", "/tasks/%d/complete"}, {"POST", "/inquiries"}, {"POST", "/pickups"},
	{"POST", "/pickups/%d/handover"}, {"POST", "/pickups/%d/return"}, {"POST", "/cases/%d/claims"},
	{"PUT", "/cases/1/claims/%d"}, {"PUT", "/cases/%d/budget"},
}

// FuzzRequests sends arbitrary bodies to the API's writing operations as
// each fixture employee, on SQLite. Nothing is ever a 500 or a panic, and
// every refusal is a problem document.
func FuzzRequests(f *testing.F) {
	for _, b := range fuzzSeedBodies {
		for i := range fuzzRoutes {
			f.Add(uint8(i), uint8(1), uint8(1), []byte(b))
		}
	}
	db := storetest.Open(f, store.SQLite, "")
	fx := casetest.New(f, db)
	var logs bytes.Buffer
	h := New(fx.Svc, slog.New(slog.NewTextHandler(&logs, nil)))
	var tokens []string
	for _, emp := range []*torg.Employee{fx.FrontDesk, fx.EG, fx.Leader, fx.Outsider} {
		tok, err := fx.Svc.CreateToken(context.Background(), emp.ID, "fuzz", 24*time.Hour)
		if err != nil {
			f.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	f.Fuzz(func(t *testing.T, route, actor, id uint8, body []byte) {
		rt := fuzzRoutes[int(route)%len(fuzzRoutes)]
		path := prefix + rt.path
		if strings.Contains(path, "%d") {
			path = fmt.Sprintf(path, id)
		}
		r := httptest.NewRequest(rt.method, path, bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+tokens[int(actor)%len(tokens)])
		r.Header.Set("Content-Type", "application/json")
		if id%2 == 0 {
			r.Header.Set("Idempotency-Key", fmt.Sprintf("fuzz-%d", len(body)))
		}
		logs.Reset()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s %s with %q: %d\n%s", rt.method, path, body, w.Code, logs.String())
		}
		if w.Code >= 400 && w.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%s %s: %d without a problem document", rt.method, path, w.Code)
		}
		io.Copy(io.Discard, w.Body)
	})
}
