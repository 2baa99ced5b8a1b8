// Package app assembles torg from its configuration: the database, the use
// cases and the HTTP handler. The torg command and the browser tests use
// it, so both run the same server.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/citizenauth"
	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/scheduler"
	"github.com/torg-kommune/torg/internal/server"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/web"
)

// App is a running torg: its configuration, database, use cases and HTTP
// handler.
type App struct {
	Config  config.Config
	DB      *store.DB
	Service *casework.Service
	Handler http.Handler
	Log     *slog.Logger
}

// Open opens and migrates the database, loads the demo municipality if
// the configuration asks for it, and builds the service and the handler.
// A nil log discards.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db, err := OpenDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	clock := torg.SystemClock{}
	created := false
	if cfg.Demo {
		if created, err = loadDemo(ctx, db, clock.Now(), log); err != nil {
			db.Close()
			return nil, err
		}
	}
	svc := casework.New(db, clock, Casework(cfg))
	problems, err := svc.LoadRoutines(ctx)
	if err == nil && created {
		err = startDemoRoutine(ctx, svc, db)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	for _, p := range problems {
		log.Error("a published routine version does not load; the others stay in force", "err", p)
	}
	h, err := server.New(svc, db, log, server.Options{Demo: cfg.Demo, DemoLogins: demoLogins(cfg.Demo),
		Secure: strings.HasPrefix(cfg.BaseURL, "https://"), Portal: Portal(cfg, nil)})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	return &App{Config: cfg, DB: db, Service: svc, Handler: h, Log: log}, nil
}

// OpenDB opens the configured database and migrates it.
func OpenDB(ctx context.Context, cfg config.Config) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.DatabaseURL())
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	return db, nil
}

func loadDemo(ctx context.Context, db *store.DB, now time.Time, log *slog.Logger) (bool, error) {
	created, err := demo.Load(ctx, db, now)
	if err != nil {
		return false, fmt.Errorf("app: %w", err)
	}
	log.Info("demo municipality ready", "code", demo.MunicipalityCode, "loaded_now", created)
	return created, nil
}

// startDemoRoutine starts the routines on the demo citizen's case, so that
// a new user sees a routine at work: its next steps and its timers.
func startDemoRoutine(ctx context.Context, svc *casework.Service, db *store.DB) error {
	m, err := db.R().MunicipalityByCode(ctx, demo.MunicipalityCode)
	if err != nil {
		return err
	}
	p, err := db.R().PersonByNIN(ctx, m.ID, demo.DemoNIN)
	if err != nil {
		return err
	}
	cases, err := db.R().PersonCases(ctx, m.ID, p.ID)
	if err != nil || len(cases) == 0 {
		return err
	}
	c, err := db.R().Case(ctx, m.ID, cases[0].ID)
	if err != nil {
		return err
	}
	return db.Write(ctx, func(q *store.Q) error { return svc.StartRoutines(ctx, q, c) })
}

// Casework returns the use cases' settings from the configuration.
func Casework(cfg config.Config) casework.Config {
	c := casework.DefaultConfig()
	c.MaxUploadBytes = int64(cfg.MaxUploadMB) << 20
	c.SessionIdle = time.Duration(cfg.SessionIdleMinutes) * time.Minute
	c.SessionMax = time.Duration(cfg.SessionMaxHours) * time.Hour
	c.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	return c
}

// Portal returns the citizen portal's login from the configuration: the
// OIDC identity provider if an issuer is set (reached with client, nil for
// the default), and the test identity in demo mode.
func Portal(cfg config.Config, client *http.Client) web.Portal {
	p := web.Portal{TestID: cfg.Demo, Municipality: cfg.CitizenMunicipality, OIDCName: cfg.CitizenOIDCName,
		OIDCLogout: cfg.CitizenOIDCLogout}
	if cfg.CitizenOIDCIssuer == "" {
		return p
	}
	post := ""
	if u, err := url.Parse(cfg.CitizenRedirectURL()); err == nil && cfg.CitizenOIDCLogout {
		post = (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/portal/logged-out"}).String()
	}
	p.OIDC = citizenauth.New(citizenauth.Config{Issuer: cfg.CitizenOIDCIssuer, ClientID: cfg.CitizenOIDCClientID,
		ClientSecret: cfg.CitizenOIDCClientSecret, RedirectURL: cfg.CitizenRedirectURL(),
		Scopes: strings.Fields(cfg.CitizenOIDCScopes), NINClaim: cfg.CitizenOIDCNINClaim,
		ACRValues: strings.Fields(cfg.CitizenOIDCACRValues), PostLogoutURL: post}, client)
	return p
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// shutdownTimeout bounds how long Serve waits for requests in flight.
const shutdownTimeout = 15 * time.Second

// Serve serves HTTP on ln until ctx ends, then shuts down gracefully: it
// stops accepting, lets requests in flight finish (for up to 15 seconds)
// and returns nil.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	go a.Scheduler().Run(ctx)
	go a.optimize(ctx)
	srv := a.httpServer()
	srv.RegisterOnShutdown(a.Service.StopNotices) // ends the notice pages' live streams (DM3)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("app: serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	if err != nil {
		return fmt.Errorf("app: shutdown: %w", err)
	}
	return nil
}

// optimizeEvery is how often the database's planner statistics are refreshed.
const optimizeEvery = time.Hour

// optimize refreshes the query planner's statistics every hour until ctx
// ends, so that plans follow the data as it grows.
func (a *App) optimize(ctx context.Context) {
	t := time.NewTicker(optimizeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.DB.Optimize(ctx); err != nil && ctx.Err() == nil {
				a.Log.Warn("optimize database", "err", err)
			}
		}
	}
}

// httpServer returns the server with timeouts that keep slow or idle
// clients from holding connections. The read timeout leaves room for a
// document upload of the largest allowed size on a slow line.
func (a *App) httpServer() *http.Server {
	return &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
}

// demoLogins returns the logins the login page shows in demo mode.
func demoLogins(on bool) []web.Login {
	if !on {
		return nil
	}
	out := make([]web.Login, len(demo.Logins))
	for i, l := range demo.Logins {
		out[i] = web.Login(l)
	}
	return out
}

// Scheduler returns the scheduler that fires the routines' timers and
// delivers the outbox through the embedded channels: the citizen's mailbox
// in torg, the print queue, and log sinks for SMS and e-mail.
func (a *App) Scheduler() *scheduler.Scheduler {
	clock := torg.SystemClock{}
	d := outbox.New(a.DB, clock, a.channels(clock)...)
	d.Log = a.Log
	d.Task = a.Service.UndeliveredTask(outbox.FailureTask(nil))
	return &scheduler.Scheduler{DB: a.DB, Clock: clock, Log: a.Log,
		Handle: scheduler.Kinds{casework.TimerKind: a.Service.FireTimer,
			casework.PickupTimerKind: a.Service.FirePickupTimer}.Handle, Outbox: d}
}

// channels returns the outbox channels: the embedded defaults, with the SMS
// gateway and the mail server in place of the channel log where they are
// configured.
func (a *App) channels(clock torg.Clock) []outbox.Channel {
	cfg := a.Config
	chs := outbox.Defaults(a.DB, clock)
	for i, ch := range chs {
		switch {
		case ch.Name() == store.ChannelSMS && cfg.SMSGatewayURL != "":
			chs[i] = &outbox.HTTPSMS{URL: cfg.SMSGatewayURL, Token: cfg.SMSGatewayToken, Sender: cfg.SMSSender}
		case ch.Name() == store.ChannelEmail && cfg.SMTPAddr != "":
			m := &outbox.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Clock: clock}
			if cfg.SMTPUsername != "" {
				host, _, _ := net.SplitHostPort(cfg.SMTPAddr)
				m.Auth = smtp.PlainAuth("", cfg.SMTPUsername, cfg.SMTPPassword, host)
			}
			chs[i] = m
		}
	}
	return chs
}
