// Package server wires torg's HTTP handlers: the web pages, the JSON API,
// health, readiness and metrics, behind logging, metrics and security
// headers.
package server

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/torg-kommune/torg/internal/api"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/web"
)

// Options are what the server needs to know beyond the use cases.
type Options struct {
	Demo       bool        // show demo logins on the login page
	DemoLogins []web.Login // the logins to show in demo mode
	Secure     bool        // torg is served over HTTPS: mark cookies Secure
	Portal     web.Portal  // the citizen portal's login
}

// New returns the handler for all of torg's HTTP routes.
func New(svc *casework.Service, db *store.DB, log *slog.Logger, opts Options) (http.Handler, error) {
	w, err := web.New(svc, log, web.Options{Demo: opts.Demo, DemoLogins: opts.DemoLogins, Secure: opts.Secure,
		Portal: opts.Portal})
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(reg)
	mux := http.NewServeMux()
	w.Register(mux)
	mux.Handle("/api/v1/", api.New(svc, log))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := db.Ping(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return secure(observe(mux, log, m)), nil
}
