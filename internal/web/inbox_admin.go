package web

import (
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// The leader's pages of a service's inbox: deadline compliance, and the
// text templates with the expected handling time of applications.

// compliancePage shows how a service kept its answer deadlines over a
// period (by default the last 30 days).
func (h *Handler) compliancePage(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("unit"), 10, 64)
	q := r.URL.Query()
	from, ferr := parseOptionalDate(q.Get("from"), "from")
	to, terr := parseOptionalDate(q.Get("to"), "to")
	pg := h.newPage(r, "inbox.compliance_title")
	pg.Nav = "inbox"
	var v *casework.ComplianceView
	err := firstErr(ferr, terr)
	if err == nil {
		v, err = h.svc.Compliance(r.Context(), s.user, id, from, to)
	}
	if code := torg.ErrorCode(err); code == torg.ENOTFOUND || code == torg.EINTERNAL {
		h.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if err != nil { // a wrong period: the default period, with the error on the form
		status = pg.fail(err)
		if v, err = h.svc.Compliance(r.Context(), s.user, id, torg.Date{}, torg.Date{}); err != nil {
			h.fail(w, r, err)
			return
		}
		pg.Form = q
	} else {
		pg.Form.Set("from", dateInput(pg.Lang, v.From))
		pg.Form.Set("to", dateInput(pg.Lang, v.To))
	}
	pg.Title = pg.T("inbox.compliance_heading", "unit", v.Unit.Name)
	pg.Data = v
	h.render(w, r, status, "inbox_compliance", pg)
}

func parseOptionalDate(s, field string) (torg.Date, error) {
	if s == "" {
		return torg.Date{}, nil
	}
	d, err := torg.ParseFormDate(s)
	if err != nil {
		return d, torg.FieldError(field, "inbox.date_invalid")
	}
	return d, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// templatesData is the templates page in one language.
type templatesData struct {
	*casework.TemplatesView
	Lang    string // the language whose texts are shown
	Langs   []i18n.Lang
	Replies []casework.ReplyText // the automatic replies in Lang
	Answers []*store.MessageTemplate
}

// templatesPage shows a service's texts in the language the query names,
// else the page's.
func (h *Handler) templatesPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.templatesForm(w, r, s, nil, r.URL.Query().Get("lang"))
}

func (h *Handler) templatesForm(w http.ResponseWriter, r *http.Request, s *session, err error, lang string) {
	id, _ := strconv.ParseInt(r.PathValue("unit"), 10, 64)
	v, verr := h.svc.MessageTemplates(r.Context(), s.user, id)
	if verr != nil {
		h.fail(w, r, verr)
		return
	}
	pg := h.newPage(r, "inbox.templates_title")
	pg.Title = pg.T("inbox.templates_heading", "unit", v.Unit.Name)
	pg.Nav = "inbox"
	if l, ok := i18n.Parse(lang); ok {
		lang = string(l)
	} else {
		lang = string(pg.Lang)
	}
	if key, ok := map[string]string{"saved": "inbox.flash_template", "deleted": "inbox.flash_template_deleted",
		"weeks": "inbox.flash_weeks"}[r.URL.Query().Get("done")]; ok && err == nil {
		pg.Flash = pg.T(key)
	}
	d := templatesData{TemplatesView: v, Lang: lang, Langs: i18n.Supported}
	for _, rt := range v.Replies {
		if rt.Lang == lang {
			d.Replies = append(d.Replies, rt)
		}
	}
	for _, t := range v.Answers {
		if t.Lang == lang {
			d.Answers = append(d.Answers, t)
		}
	}
	pg.Data = d
	h.render(w, r, pg.refill(r, err, "weeks", strconv.Itoa(v.HandlingWeeks)), "inbox_templates", pg)
}

// saveTemplate carries out the templates page's forms: a text saved, a
// text deleted, or the handling time set.
func (h *Handler) saveTemplate(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("unit"), 10, 64)
	f := r.PostFormValue
	lang, done := f("lang"), "saved"
	var err error
	switch f("action") {
	case "weeks":
		err, done = h.svc.SetHandlingWeeks(r.Context(), s.user, id, f("weeks")), "weeks"
	case "delete":
		tid, _ := strconv.ParseInt(f("template"), 10, 64)
		err, done = h.svc.DeleteMessageTemplate(r.Context(), s.user, id, tid), "deleted"
	case "save":
		err = h.svc.SaveMessageTemplate(r.Context(), s.user, id, casework.TemplateInput{Purpose: f("purpose"), Lang: lang,
			Title: f("title"), Body: f("body")})
	default:
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if e := torg.AsError(err); e != nil && e.Field == "body" {
		e.Field = "body-" + f("purpose") // each form has its own text field
	}
	if err != nil {
		if code := torg.ErrorCode(err); code == torg.ENOTFOUND && f("action") != "delete" || code == torg.EINTERNAL {
			h.fail(w, r, err)
			return
		}
		h.templatesForm(w, r, s, err, lang)
		return
	}
	http.Redirect(w, r, "/inbox/"+r.PathValue("unit")+"/templates?lang="+lang+"&done="+done, http.StatusSeeOther)
}

// complianceRow is one row of the compliance table with the page.
type complianceRow struct {
	*page
	Row   casework.ComplianceRow
	Total bool
}

// ComplianceRow prepares a row of the compliance table.
func (p *page) ComplianceRow(r casework.ComplianceRow, total bool) complianceRow {
	return complianceRow{page: p, Row: r, Total: total}
}

// OutcomeClass is the badge tone of a thread's compliance outcome.
func (p *page) OutcomeClass(outcome string) string {
	switch outcome {
	case casework.OutcomeInTime:
		return "badge-success"
	case casework.OutcomeLate, casework.OutcomeOverdue:
		return "badge-danger"
	}
	return "badge-info"
}

// PostedBody is the text a template form shows: what was posted to it,
// when it failed, else the text in force.
func (p *page) PostedBody(purpose, current string) string {
	if p.Form.Get("purpose") == purpose && p.Form.Has("body") {
		return p.Form.Get("body")
	}
	return current
}
