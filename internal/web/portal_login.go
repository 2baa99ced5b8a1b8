package web

import (
	"cmp"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// portalLoginData is the portal's login page.
type portalLoginData struct {
	portalBase
	OIDCName  string
	OIDCURL   string // where the provider's button leads; "" without a provider (or while it is down)
	TestIDURL string // where the test identity's button leads; "" outside the demo
	Kept      bool   // a form typed before the session ran out is kept
	LostFiles bool   // and its attachments must be chosen again
	LogoutURL string // after logging out: the provider's own logout
	Demo      bool
}

// portalLogin shows the login page: a button for the identity provider
// and, in the demo, one for the test identity. Both are links: a login
// leaves torg for the provider, which the pages' CSP forbids forms to do.
func (h *Handler) portalLogin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	next := portalNext(r.URL.Query().Get("next"))
	if _, err := h.citizenFrom(r); err == nil {
		http.Redirect(w, r, cmp.Or(next, portalPath), http.StatusSeeOther)
		return
	}
	pg := h.portalPage(r, nil, "portal.login_title")
	pg.Data = h.loginChoices(next)
	h.render(w, r, http.StatusOK, "portal_login", pg)
}

func (h *Handler) loginChoices(next string) portalLoginData {
	d := portalLoginData{OIDCName: h.opts.Portal.OIDCName, Demo: h.opts.Portal.TestID}
	q := url.Values{}
	if next != "" {
		q.Set("next", next)
	}
	if h.opts.Portal.OIDC != nil {
		d.OIDCURL = "/portal/login/start?" + q.Encode()
	}
	if h.opts.Portal.TestID {
		q.Set("via", "testid")
		d.TestIDURL = "/portal/login/start?" + q.Encode()
	}
	return d
}

// portalNext accepts only a portal path to return to after login.
func portalNext(s string) string {
	s = safeNext(s)
	if s != portalPath && !strings.HasPrefix(s, portalPath+"/") || strings.HasPrefix(s, "/portal/login") {
		return ""
	}
	return s
}

// portalLoginStart starts a login flow and sends the citizen to the
// identity provider, or to the test identity page.
func (h *Handler) portalLoginStart(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	testID := r.URL.Query().Get("via") == "testid"
	if (testID && !h.opts.Portal.TestID) || (!testID && h.opts.Portal.OIDC == nil) {
		h.portalFail(w, r, nil, torg.Errorf(torg.ENOTFOUND, "error.not_found"))
		return
	}
	next := portalNext(r.URL.Query().Get("next"))
	fl, err := h.startFlow(w, r, next, nil)
	if err != nil {
		h.portalServerError(w, r, err)
		return
	}
	to := testIDURL(fl)
	if !testID {
		if to, err = h.authURL(r, fl); err != nil {
			h.portalLoginError(w, r, err, next)
			return
		}
	}
	http.Redirect(w, r, to, http.StatusFound)
}

// startFlow stores a login flow and binds it to the browser with a cookie.
func (h *Handler) startFlow(w http.ResponseWriter, r *http.Request, next string, resume url.Values) (*casework.CitizenLoginFlow, error) {
	m, err := h.portalMunicipality(r.Context())
	if err != nil {
		return nil, err
	}
	fl, err := h.svc.StartCitizenLogin(r.Context(), m.ID, next, resume)
	if err != nil {
		return nil, err
	}
	h.setPortalCookie(w, citizenFlowCookie, fl.State, 15*60)
	return fl, nil
}

func testIDURL(fl *casework.CitizenLoginFlow) string {
	return "/portal/testid?state=" + url.QueryEscape(fl.State)
}

// authURL returns the provider's login page for a flow.
func (h *Handler) authURL(r *http.Request, fl *casework.CitizenLoginFlow) (string, error) {
	u, err := h.opts.Portal.OIDC.AuthURL(r.Context(), fl.State, fl.Nonce, fl.Verifier, string(language(r)))
	if err != nil {
		h.log.Warn("web: the identity provider does not answer", "err", err)
		return "", torg.Errorf(torg.EUNAUTHORIZED, "portal.idp_unavailable")
	}
	return u, nil
}

// portalExpired answers a form posted after the session ran out: the
// form is kept with a new login flow, and the login page says so. After
// logging in the citizen finds it filled in, to check and send.
func (h *Handler) portalExpired(w http.ResponseWriter, r *http.Request, f *portalForm, back string) {
	pg := h.portalPage(r, nil, "portal.login_title")
	pg.Alert = pg.T("portal.session_expired")
	d := h.loginChoices(back)
	d.Kept = true
	d.LostFiles = len(f.Files) > 0 || f.TooLarge != ""
	fl, err := h.startFlow(w, r, back, f.resume())
	if err != nil {
		h.portalServerError(w, r, err)
		return
	}
	if d.TestIDURL != "" {
		d.TestIDURL = testIDURL(fl)
	}
	if d.OIDCURL != "" {
		if d.OIDCURL, err = h.authURL(r, fl); err != nil {
			pg.Alert += " " + pg.T(torg.AsError(err).Key)
		}
	}
	pg.Data = d
	h.render(w, r, http.StatusUnauthorized, "portal_login", pg)
}

// portalCallback is where the identity provider sends the citizen back.
func (h *Handler) portalCallback(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	q := r.URL.Query()
	fl, err := h.takeFlow(w, r, q.Get("state"))
	if err != nil {
		h.portalLoginError(w, r, err, "")
		return
	}
	if e := q.Get("error"); e != "" {
		key := "portal.login_failed"
		if e == "access_denied" {
			key = "portal.login_cancelled"
		}
		h.portalLoginError(w, r, torg.Errorf(torg.EUNAUTHORIZED, key), fl.Next)
		return
	}
	if h.opts.Portal.OIDC == nil {
		h.portalFail(w, r, nil, torg.Errorf(torg.ENOTFOUND, "error.not_found"))
		return
	}
	id, err := h.opts.Portal.OIDC.Exchange(r.Context(), q.Get("code"), fl.Verifier, fl.Nonce)
	if err != nil {
		h.log.Warn("web: a citizen's login was refused", "err", err)
		h.portalLoginError(w, r, torg.Errorf(torg.EUNAUTHORIZED, "portal.login_failed"), fl.Next)
		return
	}
	h.finishLogin(w, r, fl, casework.CitizenIdentity{NIN: id.NIN, Method: casework.CitizenByOIDC, IDToken: id.IDToken})
}

// takeFlow returns the login flow of state, which must be the one this
// browser started, and uses it up.
func (h *Handler) takeFlow(w http.ResponseWriter, r *http.Request, state string) (*casework.CitizenLoginFlow, error) {
	ck, _ := r.Cookie(citizenFlowCookie)
	h.setPortalCookie(w, citizenFlowCookie, "", -1)
	if ck == nil || state == "" || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(state)) != 1 {
		return nil, torg.Errorf(torg.EUNAUTHORIZED, "portal.login_expired")
	}
	return h.svc.TakeCitizenLogin(r.Context(), state)
}

// finishLogin starts the citizen's session and goes on: to the form they
// had typed, filled in, or to the page they asked for.
func (h *Handler) finishLogin(w http.ResponseWriter, r *http.Request, fl *casework.CitizenLoginFlow, id casework.CitizenIdentity) {
	p, token, csrf, err := h.svc.CitizenLogin(r.Context(), fl.MunicipalityID, id)
	if err != nil {
		h.portalLoginError(w, r, err, fl.Next)
		return
	}
	h.setPortalCookie(w, citizenCookie, token, 0)
	c := &citizen{person: p, csrf: csrf, token: token}
	if len(fl.Resume) > 0 && h.resumeForm(w, r, c, fl.Next, fl.Resume) {
		return
	}
	http.Redirect(w, r, cmp.Or(fl.Next, portalPath), http.StatusSeeOther)
}

// resumeForm shows the form a citizen had typed before their session ran
// out, filled in, and reports whether it knew the form.
func (h *Handler) resumeForm(w http.ResponseWriter, r *http.Request, c *citizen, next string, v url.Values) bool {
	if next == "/portal/messages/new" {
		h.writeForm(w, r, c, v, nil, "portal.resumed")
		return true
	}
	if rest, ok := strings.CutPrefix(next, "/portal/threads/"); ok {
		if id, err := strconv.ParseInt(rest, 10, 64); err == nil && id > 0 {
			h.threadPage(w, r, c, id, v, nil, "portal.resumed")
			return true
		}
	}
	return false
}

// portalLoginError shows the login page again with what went wrong.
func (h *Handler) portalLoginError(w http.ResponseWriter, r *http.Request, err error, next string) {
	e := torg.AsError(err)
	if e == nil || e.Code == torg.EINTERNAL {
		h.portalServerError(w, r, err)
		return
	}
	pg := h.portalPage(r, nil, "portal.login_title")
	pg.Alert = pg.T(e.Key, e.Args...)
	pg.Data = h.loginChoices(next)
	h.render(w, r, status(e.Code), "portal_login", pg)
}

// portalLogout ends the citizen's session. Where the provider has a logout
// of its own, the page offers it: the provider's session is the citizen's
// login to other public services too.
func (h *Handler) portalLogout(w http.ResponseWriter, r *http.Request, c *citizen, _ *portalForm) {
	idToken, err := h.svc.CitizenLogout(r.Context(), c.token)
	if err != nil {
		h.portalServerError(w, r, err)
		return
	}
	h.setPortalCookie(w, citizenCookie, "", -1)
	if p := h.opts.Portal; p.OIDC != nil && p.OIDCLogout && idToken != "" {
		if u := p.OIDC.LogoutURL(r.Context(), idToken, requestKey()); u != "" {
			pg := h.portalPage(r, nil, "portal.logged_out_title")
			pg.Flash = pg.T("portal.logged_out")
			d := h.loginChoices("")
			d.LogoutURL = u
			pg.Data = d
			h.render(w, r, http.StatusOK, "portal_login", pg)
			return
		}
	}
	http.Redirect(w, r, "/portal/logged-out", http.StatusSeeOther)
}

// portalLoggedOut is where the citizen lands after logging out, from torg
// or from the provider's logout.
func (h *Handler) portalLoggedOut(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	pg := h.portalPage(r, nil, "portal.logged_out_title")
	pg.Flash = pg.T("portal.logged_out")
	pg.Data = h.loginChoices("")
	h.render(w, r, http.StatusOK, "portal_login", pg)
}
