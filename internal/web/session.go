package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
)

const (
	sessionCookie = "torg_session"
	langCookie    = "torg_lang"
)

type session struct {
	user  *torg.Employee
	csrf  string
	token string
}

type ctxKey struct{}

func sessionFrom(r *http.Request) *session {
	s, _ := r.Context().Value(ctxKey{}).(*session)
	return s
}

// language picks the request's language: the one chosen with the language
// switch, else the browser's, else Norwegian bokmål.
func language(r *http.Request) i18n.Lang {
	c, _ := r.Cookie(langCookie)
	v := ""
	if c != nil {
		v = c.Value
	}
	return i18n.Negotiate(v, r.Header.Get("Accept-Language"), i18n.NB)
}

// auth runs next for a logged-in employee. A request without a live session
// goes to the login page; a form posted after the session expired is kept
// and can be sent again after logging in. Posted forms must carry the
// session's CSRF token.
func (h *Handler) auth(next func(http.ResponseWriter, *http.Request, *session)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		c, _ := r.Cookie(sessionCookie)
		token := ""
		if c != nil {
			token = c.Value
		}
		user, csrf, err := h.svc.Session(r.Context(), token)
		if err != nil {
			h.noSession(w, r, err)
			return
		}
		s := &session{user: user, csrf: csrf, token: token}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, s))
		if r.Method == http.MethodPost && !h.checkCSRF(w, r, s) {
			return
		}
		next(w, r, s)
	})
}

func (h *Handler) noSession(w http.ResponseWriter, r *http.Request, err error) {
	if torg.ErrorCode(err) != torg.EUNAUTHORIZED {
		h.serverError(w, r, err)
		return
	}
	if r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return
	}
	// A form posted on an expired session: keep what was typed.
	r.Body = http.MaxBytesReader(w, r.Body, h.maxBody())
	r.ParseMultipartForm(1 << 20)
	pg := h.newPage(r, "login.title")
	pg.Alert = pg.T(torg.AsError(err).Key)
	pg.Data = loginData{Next: r.URL.Path, Resume: resumeFields(r), Demo: h.opts.Demo, Logins: h.opts.DemoLogins,
		LostFiles: r.MultipartForm != nil && len(r.MultipartForm.File) > 0}
	h.render(w, r, http.StatusUnauthorized, "login", pg)
}

// resumeFields returns the posted form without its secrets.
func resumeFields(r *http.Request) []field {
	var out []field
	for k, vs := range r.PostForm {
		if k == "csrf" || k == "password" || strings.HasPrefix(k, "resume.") {
			continue
		}
		for _, v := range vs {
			out = append(out, field{k, v})
		}
	}
	return out
}

type field struct{ Name, Value string }

func (h *Handler) checkCSRF(w http.ResponseWriter, r *http.Request, s *session) bool {
	r.Body = http.MaxBytesReader(w, r.Body, h.maxBody())
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(8 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		pg := h.newPage(r, "error.title")
		pg.Alert = pg.T(uploadError(err))
		h.render(w, r, http.StatusRequestEntityTooLarge, "error", pg)
		return false
	}
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.csrf)) != 1 {
		pg := h.newPage(r, "error.title")
		pg.Alert = pg.T("session.csrf")
		h.render(w, r, http.StatusForbidden, "error", pg)
		return false
	}
	return true
}

func uploadError(err error) string {
	if strings.Contains(err.Error(), "too large") {
		return "upload.request_too_large"
	}
	return "upload.malformed"
}

// maxBody bounds a posted form: the largest document plus room for the rest.
func (h *Handler) maxBody() int64 { return h.svc.Config().MaxUploadBytes*4 + 1<<20 }

func (h *Handler) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: h.opts.Secure, SameSite: http.SameSiteLaxMode})
}
