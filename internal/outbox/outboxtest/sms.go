package outboxtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// SMSGateway is a recording HTTP SMS gateway: it records each POST by its
// Idempotency-Key header and refuses, as bad, a request whose body's id
// does not match it.
type SMSGateway struct {
	Recorder
	Server *httptest.Server
}

// NewSMSGateway starts a gateway, closed when the test ends.
func NewSMSGateway(tb testing.TB) *SMSGateway {
	g := &SMSGateway{}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	tb.Cleanup(g.Server.Close)
	return g
}

func (g *SMSGateway) serve(w http.ResponseWriter, r *http.Request) {
	var body struct{ To, Text, ID string }
	key := r.Header.Get("Idempotency-Key")
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.ID != key || key == "" || body.To == "" {
		g.recordBad()
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if code := g.record(key); code != 0 {
		http.Error(w, http.StatusText(code), code)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}
