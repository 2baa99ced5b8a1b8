package web

import (
	"net/http"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
)

type loginData struct {
	Next      string
	Resume    []field
	LostFiles bool
	Demo      bool
	Logins    []Login
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	pg := h.newPage(r, "login.title")
	pg.Data = loginData{Next: safeNext(r.URL.Query().Get("next")), Demo: h.opts.Demo, Logins: h.opts.DemoLogins}
	h.render(w, r, http.StatusOK, "login", pg)
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	r.ParseForm()
	user, token, csrf, err := h.svc.Login(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"))
	next := safeNext(r.PostFormValue("next"))
	resume := resumed(r)
	if err != nil {
		pg := h.newPage(r, "login.title")
		pg.Form.Set("username", r.PostFormValue("username"))
		code := pg.fail(err)
		pg.Data = loginData{Next: next, Resume: resume, Demo: h.opts.Demo, Logins: h.opts.DemoLogins}
		h.render(w, r, code, "login", pg)
		return
	}
	h.setCookie(w, sessionCookie, token, 0)
	if len(resume) > 0 {
		pg := h.newPage(r, "resume.title")
		pg.User, pg.CSRF = user, csrf
		pg.Data = loginData{Next: next, Resume: resume}
		h.render(w, r, http.StatusOK, "resume", pg)
		return
	}
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// resumed returns the form fields kept from a post on an expired session.
func resumed(r *http.Request) []field {
	var out []field
	for k, vs := range r.PostForm {
		if name, ok := strings.CutPrefix(k, "resume."); ok {
			for _, v := range vs {
				out = append(out, field{name, v})
			}
		}
	}
	return out
}

// safeNext accepts only a local path, so the login page cannot be used to
// send people elsewhere.
func safeNext(s string) string {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsAny(s, "\\\r\n") {
		return ""
	}
	return s
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request, s *session) {
	h.svc.Logout(r.Context(), s.token)
	h.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLanguage remembers the chosen language and returns to the page.
func (h *Handler) setLanguage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	r.ParseForm()
	if l, ok := i18n.Parse(r.PostFormValue("lang")); ok {
		h.setCookie(w, langCookie, string(l), 365*24*3600)
	}
	back := safeNext(r.PostFormValue("back"))
	if back == "" {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request, s *session) {
	switch {
	case s.user.Has(torg.RoleFrontDesk):
		http.Redirect(w, r, "/desk", http.StatusSeeOther)
		return
	case s.user.Has(torg.RoleDocumentCentre):
		http.Redirect(w, r, "/applications/new", http.StatusSeeOther)
		return
	case s.user.Has(torg.RoleAdmin):
		http.Redirect(w, r, "/outbox", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/work", http.StatusSeeOther)
}

// serverError logs an internal error and shows a page that says nothing
// was saved.
func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("web: request failed", "route", r.Pattern, "err", err)
	pg := h.newPage(r, "error.title")
	pg.Alert = pg.T("error.internal")
	h.render(w, r, http.StatusInternalServerError, "error", pg)
}

// fail shows the error page for err: not found, forbidden or internal.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if torg.ErrorCode(err) == torg.EINTERNAL {
		h.serverError(w, r, err)
		return
	}
	pg := h.newPage(r, "error.title")
	code := pg.fail(err)
	switch code {
	case http.StatusNotFound:
		pg.Title = pg.T("common.not_found")
	case http.StatusForbidden:
		pg.Title = pg.T("common.forbidden")
	}
	h.render(w, r, code, "error", pg)
}
