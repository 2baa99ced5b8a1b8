package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/routine"
)

// page is what every template gets: the printer for the request's
// language, the logged-in employee, the CSRF token, the form as submitted
// and its errors, and the page's own data.
type page struct {
	p       *i18n.Printer
	Lang    i18n.Lang
	Title   string
	Nav     string
	User    *torg.Employee
	CSRF    string
	Path    string // the page's path, for the language switch to return to
	Form    url.Values
	Errors  map[string]string // field → message
	Summary []fieldError      // the errors in form order, for the error summary
	Flash   string
	Alert   string // an error not tied to a field
	Data    any

	routines func(id string) (*routine.Routine, bool) // the newest version of a routine
	units    func() []*torg.Unit                      // the units whose distribution table the user keeps
	inbox    func() inboxLink                         // the navigation's inbox link
	staff    *staffInfo                               // absence alerts and unread notices (FD4.1, DM3)
}

type fieldError struct{ Field, Message string }

// T translates a key with name, value arguments.
func (p *page) T(key string, args ...any) string { return p.p.T(key, args...) }

// Date formats a time as a date in the request's language.
func (p *page) Date(t time.Time) string { return p.p.Date(t) }

// DateTime formats a time with hours and minutes.
func (p *page) DateTime(t time.Time) string { return p.p.DateTime(t) }

// Day formats a civil date.
func (p *page) Day(d torg.Date) string {
	if d.IsZero() {
		return ""
	}
	return p.p.In(time.UTC).Date(d.Time())
}

// Languages lists the languages to switch to.
func (p *page) Languages() []i18n.Lang { return i18n.Supported }

// Value returns a submitted form value, for refilling a form.
func (p *page) Value(name string) string { return p.Form.Get(name) }

// Checked reports whether a submitted form had name=value.
func (p *page) Checked(name, value string) bool {
	for _, v := range p.Form[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Err returns the error message of a field, or "".
func (p *page) Err(field string) string { return p.Errors[field] }

// Has reports whether the user holds a role.
func (p *page) Has(role string) bool { return p.User != nil && p.User.Has(torg.Role(role)) }

var funcs = template.FuncMap{
	"lower": strings.ToLower,
	"add":   func(a, b int) int { return a + b },
	"lines": func(s string) []string { return strings.Split(s, "\n") },
}

// render writes a page with status code; a template error becomes a 500
// before anything is sent, never half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, pg *page) {
	t, ok := h.pages[name]
	if !ok {
		h.log.Error("web: no such view", "view", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, pg); err != nil {
		h.log.Error("web: render", "view", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// newPage starts the page data for a request.
func (h *Handler) newPage(r *http.Request, title string) *page {
	lang := language(r)
	pg := &page{p: i18n.New(lang), Lang: lang, Path: r.URL.Path, Form: url.Values{}, Errors: map[string]string{}}
	if r.Method == http.MethodGet && r.URL.RawQuery != "" {
		pg.Path += "?" + r.URL.RawQuery // only IDs travel in queries, never personal data
	}
	if s := sessionFrom(r); s != nil {
		pg.User, pg.CSRF = s.user, s.csrf
	}
	pg.routines = func(id string) (*routine.Routine, bool) { return h.svc.Routine(id, 0) }
	pg.units = func() []*torg.Unit { return h.distributionUnits(r, pg.User) }
	pg.inbox = func() inboxLink { return h.inboxLink(r, pg.User) }
	pg.staff = h.staffInfo(r, pg.User)
	pg.Title = pg.T(title)
	return pg
}

// refill shows the posted form again with err on it, or, without an error,
// fills in defaults. It returns the HTTP status to use.
func (pg *page) refill(r *http.Request, err error, defaults ...string) int {
	if err != nil {
		pg.Form = r.PostForm
		return pg.fail(err)
	}
	for i := 0; i+1 < len(defaults); i += 2 {
		pg.Form.Set(defaults[i], defaults[i+1])
	}
	return http.StatusOK
}

// fail puts err on the page: a field error next to its field and in the
// summary, anything else as an alert. It returns the HTTP status to use.
func (pg *page) fail(err error) int {
	e := torg.AsError(err)
	if e == nil {
		pg.Alert = pg.T("error.internal")
		return http.StatusInternalServerError
	}
	msg := pg.T(e.Key, e.Args...)
	if e.Field != "" {
		pg.Errors[e.Field] = msg
		pg.Summary = append(pg.Summary, fieldError{e.Field, msg})
	} else {
		pg.Alert = msg
	}
	return status(e.Code)
}

func status(code string) int {
	switch code {
	case torg.ENOTFOUND:
		return http.StatusNotFound
	case torg.EINVALID:
		return http.StatusUnprocessableEntity
	case torg.ECONFLICT:
		return http.StatusConflict
	case torg.EFORBIDDEN:
		return http.StatusForbidden
	case torg.EUNAUTHORIZED:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// Badge returns the badge that marks a protected person, in the request's
// language, or nothing for a person without protection.
func (p *page) Badge(level torg.Protection) template.HTML {
	switch level {
	case torg.ProtectionStrict:
		return template.HTML(`<span class="badge badge-protected">` + template.HTMLEscapeString(p.T("protection.strict")) + `</span>`)
	case torg.ProtectionConfidential:
		return template.HTML(`<span class="badge badge-protected badge-warning">` + template.HTMLEscapeString(p.T("protection.confidential")) + `</span>`)
	}
	return ""
}

// notesBlock is what the "notes" template needs: the page, the notes and
// where a new note is posted.
type notesBlock struct {
	*page
	List   []*torg.Note
	Action string
}

// Notes prepares the journal-notes block of a case or record page.
func (p *page) Notes(list []*torg.Note, action string) notesBlock {
	return notesBlock{page: p, List: list, Action: action}
}
