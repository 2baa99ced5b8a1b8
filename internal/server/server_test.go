package server_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/server"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		var logs bytes.Buffer
		h, err := server.New(f.Svc, db, slog.New(slog.NewTextHandler(&logs, nil)), server.Options{})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		defer srv.Close()

		for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/api/v1/openapi.json": `"openapi"`} {
			res, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(string(body), want) {
				t.Errorf("%s: %d %q", path, res.StatusCode, body)
			}
			for _, hdr := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
				if res.Header.Get(hdr) == "" {
					t.Errorf("%s: no %s header", path, hdr)
				}
			}
		}
		// A name search and a person page: the log names routes, never paths or queries.
		http.PostForm(srv.URL+"/login", url.Values{"username": {"skranke"}, "password": {casetest.Password}})
		http.Get(srv.URL + "/api/v1/persons?q=Nordmann")
		http.Get(srv.URL + "/persons/1?nin=" + casetest.KariNIN)
		res, err := http.Get(srv.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		metrics, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(metrics), `torg_http_requests_total{code="200",method="GET",route="GET /healthz"}`) {
			t.Errorf("metrics lack the request counter:\n%.500s", metrics)
		}
		for _, secret := range []string{casetest.KariNIN, "Nordmann", "/persons/1"} {
			if strings.Contains(logs.String(), secret) {
				t.Errorf("log contains %q:\n%s", secret, logs.String())
			}
		}
		if !strings.Contains(logs.String(), `route="GET /persons/{id}"`) {
			t.Errorf("log lacks the route pattern:\n%s", logs.String())
		}
	})
}
