// Package web serves torg's HTML interface: server-rendered pages that work
// without JavaScript, in the languages of the i18n catalogues.
package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/torg-kommune/torg/internal/casework"
)

//go:embed templates static
var assets embed.FS

// Options change what the interface shows.
type Options struct {
	Demo       bool    // show the demo logins on the login page
	DemoLogins []Login // the logins to show
	Secure     bool    // set the Secure flag on cookies (behind HTTPS)
	Portal     Portal  // the citizen portal's login
}

// Login is a demo login shown on the login page in demo mode.
type Login struct{ Username, Name, Roles, Password string }

// Handler serves the web interface.
type Handler struct {
	svc   *casework.Service
	log   *slog.Logger
	opts  Options
	pages map[string]*template.Template
}

// New parses the templates and returns the web interface. It fails if a
// template is broken, so a broken view stops start-up, not a request.
func New(svc *casework.Service, log *slog.Logger, opts Options) (*Handler, error) {
	h := &Handler{svc: svc, log: log, opts: opts, pages: map[string]*template.Template{}}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" || base == "partials" || strings.HasPrefix(base, "portal_") {
			continue // the citizen portal's pages have their own layout: parsePortal
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials.html", name)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", name, err)
		}
		h.pages[base] = t
	}
	if err := h.parsePortal(); err != nil {
		return nil, err
	}
	return h, nil
}

// Register adds the interface's routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	mux.HandleFunc("GET /login", h.loginPage)
	mux.HandleFunc("POST /login", h.login)
	mux.HandleFunc("POST /lang", h.setLanguage)
	mux.Handle("POST /logout", h.auth(h.logout))
	mux.Handle("GET /{$}", h.auth(h.home))
	h.registerDesk(mux)
	h.registerPickups(mux)
	h.registerCases(mux)
	h.registerCaseList(mux)
	h.registerRoutines(mux)
	h.registerDrafts(mux)
	h.registerOutbox(mux)
	h.registerApply(mux)
	h.registerPaper(mux)
	h.registerAppointments(mux)
	h.registerDebt(mux)
	h.registerDebtNotices(mux)
	h.registerDebtNoticeLists(mux)
	h.registerRates(mux)
	h.registerAbsences(mux)
	h.registerInbox(mux)
	h.registerPortal(mux)
	h.registerRoster(mux)
	h.registerQueue(mux)
	h.registerDisplay(mux)
	h.registerGuide(mux)
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}
