package web

import (
	"context"
	"crypto/subtle"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/citizenauth"
)

// Portal configures the citizen portal's login: an OIDC identity
// provider, the demo's test identity, or both.
type Portal struct {
	OIDC         *citizenauth.Provider // nil: no identity provider
	OIDCName     string                // the provider's name on the login button, e.g. "ID-porten"
	OIDCLogout   bool                  // offer the provider's own logout after torg's
	TestID       bool                  // offer the demo's test identity
	Municipality string                // the code of the municipality whose citizens log in; empty: the only one
}

// The portal's cookies, apart from the staff's and scoped to /portal: the
// citizen's session, and the state of a login under way.
const (
	citizenCookie     = "torg_citizen"
	citizenFlowCookie = "torg_citizen_login"
	portalPath        = "/portal"
)

func (h *Handler) registerPortal(mux *http.ServeMux) {
	mux.HandleFunc("GET /portal/login", h.portalLogin)
	mux.HandleFunc("GET /portal/login/start", h.portalLoginStart)
	mux.HandleFunc("GET /portal/callback", h.portalCallback)
	mux.HandleFunc("GET /portal/testid", h.testIDPage)
	mux.HandleFunc("POST /portal/testid", h.testIDLogin)
	mux.HandleFunc("GET /portal/logged-out", h.portalLoggedOut)
	mux.Handle("POST /portal/logout", h.portalPost(nil, h.portalLogout))
	mux.Handle("GET /portal", h.portalGet(h.portalHome))
	mux.Handle("GET /portal/{$}", h.portalGet(h.portalHome))
	mux.Handle("GET /portal/letters/{id}", h.portalGet(h.portalLetter))
	mux.Handle("GET /portal/letters/{id}/pdf", h.portalGet(h.portalLetterPDF))
	mux.Handle("GET /portal/messages/new", h.portalGet(h.portalWritePage))
	mux.Handle("POST /portal/messages", h.portalPost(func(*http.Request) string { return "/portal/messages/new" }, h.portalWrite))
	mux.Handle("GET /portal/threads/{id}", h.portalGet(h.portalThread))
	mux.Handle("POST /portal/threads/{id}/reply", h.portalPost(func(r *http.Request) string {
		return "/portal/threads/" + strconv.FormatInt(pathID(r, "id"), 10)
	}, h.portalReply))
	mux.Handle("GET /portal/threads/{id}/documents/{doc}", h.portalGet(h.portalDocument))
	mux.Handle("GET /portal/access", h.portalGet(h.portalAccess))
	mux.Handle("/portal/", h.portalGet(h.portalNotFound))
}

// parsePortal parses the portal's pages with their own layout: the
// citizen's name and the portal's navigation, never the staff's.
func (h *Handler) parsePortal() error {
	names, err := fs.Glob(assets, "templates/portal_*.html")
	if err != nil {
		return err
	}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "portal_layout" || base == "portal_partials" {
			continue
		}
		t, err := template.New("portal_layout.html").Funcs(funcs).ParseFS(assets,
			"templates/portal_layout.html", "templates/partials.html", "templates/portal_partials.html", name)
		if err != nil {
			return fmt.Errorf("web: parse %s: %w", name, err)
		}
		h.pages[base] = t
	}
	return nil
}

// citizen is a logged-in citizen's session.
type citizen struct {
	person *torg.Person
	csrf   string
	token  string
}

// portalBase is what every portal page's data carries for the layout.
type portalBase struct {
	Citizen *torg.Person // nil before login
	Nav     string
}

// Citizen returns the page data's citizen, for the layout; nil on a page
// without one.
func (p *page) Citizen() *torg.Person {
	if d, ok := p.Data.(interface{ citizenOf() *torg.Person }); ok {
		return d.citizenOf()
	}
	return nil
}

func (b portalBase) citizenOf() *torg.Person { return b.Citizen }

// PortalNav returns the portal page's navigation entry.
func (p *page) PortalNav() string {
	if d, ok := p.Data.(interface{ navOf() string }); ok {
		return d.navOf()
	}
	return ""
}

func (b portalBase) navOf() string { return b.Nav }

// IdPName returns the identity provider's name for the login button, or
// a general one.
func (p *page) IdPName(name string) string {
	if name != "" {
		return name
	}
	return p.T("portal.idp_default")
}

// portalZone is where the municipalities are; Oslo, Copenhagen and
// Stockholm keep the same time.
var portalZone, _ = time.LoadLocation("Europe/Oslo")

// Clock formats the time of day of t, as 14:30.
func (p *page) Clock(t time.Time) string { return t.In(portalZone).Format("15:04") }

// FileSize formats a size in bytes for people: "230 kB", "1,4 MB".
func (p *page) FileSize(n int64) string {
	switch {
	case n < 1000:
		return p.T("portal.size_bytes", "n", n)
	case n < 1000*1000:
		return p.T("portal.size_kb", "n", (n+500)/1000)
	}
	mb := strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)
	if p.Lang != "en" {
		mb = strings.Replace(mb, ".", ",", 1)
	}
	return p.T("portal.size_mb", "n", mb)
}

// portalPage starts a portal page for a citizen (nil before login).
func (h *Handler) portalPage(r *http.Request, c *citizen, title string) *page {
	pg := h.newPage(r, title)
	pg.User = nil // a staff session in the same browser is never the portal's
	if c != nil {
		pg.CSRF = c.csrf
	}
	return pg
}

func (c *citizen) base(nav string) portalBase {
	if c == nil {
		return portalBase{Nav: nav}
	}
	return portalBase{Citizen: c.person, Nav: nav}
}

// citizenFrom returns the request's citizen session, or EUNAUTHORIZED.
func (h *Handler) citizenFrom(r *http.Request) (*citizen, error) {
	token := ""
	if ck, _ := r.Cookie(citizenCookie); ck != nil {
		token = ck.Value
	}
	p, csrf, err := h.svc.CitizenSession(r.Context(), token)
	if err != nil {
		return nil, err
	}
	return &citizen{person: p, csrf: csrf, token: token}, nil
}

// portalGet runs next for a logged-in citizen; without a live session the
// citizen is sent to log in and comes back to the page.
func (h *Handler) portalGet(next func(http.ResponseWriter, *http.Request, *citizen)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		c, err := h.citizenFrom(r)
		if err != nil {
			if torg.ErrorCode(err) != torg.EUNAUTHORIZED {
				h.portalServerError(w, r, err)
				return
			}
			http.Redirect(w, r, "/portal/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
			return
		}
		next(w, r, c)
	})
}

// portalPost runs next for a posted form of a logged-in citizen. The form
// is read first, so that a form posted on an expired session is kept: the
// citizen logs in again and finds it filled in on the page back returns
// (nil: nothing to keep). The form must carry the session's CSRF token.
func (h *Handler) portalPost(back func(*http.Request) string, next func(http.ResponseWriter, *http.Request, *citizen, *portalForm)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		f := h.readPortalForm(w, r)
		c, err := h.citizenFrom(r)
		if err != nil {
			if torg.ErrorCode(err) != torg.EUNAUTHORIZED {
				h.portalServerError(w, r, err)
				return
			}
			if back == nil {
				http.Redirect(w, r, "/portal/login", http.StatusSeeOther)
				return
			}
			h.portalExpired(w, r, f, back(r))
			return
		}
		if subtle.ConstantTimeCompare([]byte(f.Values.Get("csrf")), []byte(c.csrf)) != 1 {
			pg := h.portalPage(r, c, "error.title")
			pg.Alert = pg.T("session.csrf")
			pg.Data = c.base("")
			h.render(w, r, http.StatusForbidden, "portal_error", pg)
			return
		}
		next(w, r, c, f)
	})
}

// portalFail shows the portal's error page for err: another citizen's
// thread or letter is simply not found.
func (h *Handler) portalFail(w http.ResponseWriter, r *http.Request, c *citizen, err error) {
	if torg.ErrorCode(err) == torg.EINTERNAL || torg.AsError(err) == nil {
		h.portalServerError(w, r, err)
		return
	}
	pg := h.portalPage(r, c, "error.title")
	code := pg.fail(err)
	if code == http.StatusNotFound {
		pg.Title = pg.T("common.not_found")
	}
	pg.Data = c.base("")
	h.render(w, r, code, "portal_error", pg)
}

func (h *Handler) portalNotFound(w http.ResponseWriter, r *http.Request, c *citizen) {
	h.portalFail(w, r, c, torg.Errorf(torg.ENOTFOUND, "error.not_found"))
}

// portalServerError logs an internal error and says nothing was saved.
func (h *Handler) portalServerError(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("web: portal request failed", "route", r.Pattern, "err", err)
	pg := h.portalPage(r, nil, "error.title")
	pg.Alert = pg.T("error.internal")
	pg.Data = portalBase{}
	h.render(w, r, http.StatusInternalServerError, "portal_error", pg)
}

// setPortalCookie sets one of the portal's cookies, scoped to /portal.
func (h *Handler) setPortalCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: portalPath, MaxAge: maxAge, HttpOnly: true,
		Secure: h.opts.Secure, SameSite: http.SameSiteLaxMode})
}

// pathID returns a numeric path value, or 0.
func pathID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id
}

// portalMunicipality returns the municipality whose citizens log in.
func (h *Handler) portalMunicipality(ctx context.Context) (*torg.Municipality, error) {
	return h.svc.PortalMunicipality(ctx, h.opts.Portal.Municipality)
}
