package web

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerAbsences(mux *http.ServeMux) {
	mux.Handle("GET /absences", h.auth(h.absenceBoard))
	mux.Handle("GET /units/{id}/absences/{absence}", h.auth(h.absenceImpact))
	mux.Handle("POST /units/{id}/absences/{absence}/informed", h.auth(h.markInformed))
	h.registerNotices(mux)
}

// staffInfo is what the layout shows on every page besides the page itself:
// the front desk's absence alerts (FD4.1) and the unread notices (DM3). It
// is read once, when the layout first asks, so that a page that never
// renders the layout costs nothing.
type staffInfo struct {
	once   sync.Once
	h      *Handler
	r      *http.Request
	user   *torg.Employee
	alerts []casework.UnitAlert
	unread int
}

func (h *Handler) staffInfo(r *http.Request, u *torg.Employee) *staffInfo {
	return &staffInfo{h: h, r: r, user: u}
}

// load reads the alerts and the count; a failure leaves them out, not the page.
func (i *staffInfo) load() *staffInfo {
	if i == nil || i.user == nil {
		return &staffInfo{}
	}
	i.once.Do(func() {
		var err error
		if i.alerts, err = i.h.svc.AbsenceAlerts(i.r.Context(), i.user); err != nil {
			i.h.log.Warn("web: absence alerts", "err", err)
		}
		if i.unread, err = i.h.svc.UnreadNotices(i.r.Context(), i.user); err != nil {
			i.h.log.Warn("web: unread notices", "err", err)
		}
	})
	return i
}

// AbsenceAlerts says, for the front desk, which services have all their
// counsellors away today and when the first is back (FD4.1).
func (p *page) AbsenceAlerts() []string {
	var out []string
	for _, a := range p.staff.load().alerts {
		out = append(out, p.T("absence.all_away", "unit", a.Unit.Name)+" "+
			p.T("absence.back_on", "date", p.Day(a.Back), "names", strings.Join(a.BackNames, ", ")))
	}
	return out
}

// UnreadNotices counts the user's unread notices (DM3).
func (p *page) UnreadNotices() int { return p.staff.load().unread }

// AbsenceKind names a kind of absence; "" (a kind the viewer may not see)
// reads as plain absence.
func (p *page) AbsenceKind(kind string) string {
	if kind == "" {
		return p.T("absence.kind_hidden")
	}
	return p.T("absence.kind_" + kind)
}

// AbsenceKinds lists the kinds a form offers.
func (p *page) AbsenceKinds() []string { return casework.AbsenceKinds }

// absenceBoard shows who is away in the services the user works in (FD4).
func (h *Handler) absenceBoard(w http.ResponseWriter, r *http.Request, s *session) {
	h.absenceBoardForm(w, r, s, nil)
}

// boardFlash is what the board says after each of its forms was saved.
var boardFlash = map[string]string{"absence": "absence.saved", "deleted": "absence.deleted"}

// absenceBoardForm shows the board, with err on the add form of the unit
// it was posted for.
func (h *Handler) absenceBoardForm(w http.ResponseWriter, r *http.Request, s *session, err error) {
	b, berr := h.svc.AbsenceBoard(r.Context(), s.user)
	if berr != nil {
		h.fail(w, r, berr)
		return
	}
	pg := h.newPage(r, "absence.board_title")
	pg.Nav, pg.Data = "absences", b
	if key, ok := boardFlash[r.URL.Query().Get("saved")]; ok && err == nil {
		pg.Flash = pg.T(key)
	}
	status := pg.refill(r, err, "absence_from", pg.Day(b.Today), "absence_to", pg.Day(b.Today), "absence_kind", "vacation")
	if err != nil {
		pg.Form.Set("unit", r.PathValue("id")) // the form the errors belong to
	}
	h.render(w, r, status, "absence", pg)
}

// absenceInput reads an absence form, of the board or the distribution page.
func absenceInput(r *http.Request) casework.AbsenceInput {
	emp, _ := strconv.ParseInt(r.PostFormValue("absence_employee"), 10, 64)
	f := r.PostFormValue
	return casework.AbsenceInput{EmployeeID: emp, Kind: f("absence_kind"), From: f("absence_from"), To: f("absence_to"),
		AwayFrom: f("absence_away_from"), AwayTo: f("absence_away_to"), Note: f("absence_note")}
}

// fromBoard reports whether a form was sent from the absence board rather
// than the distribution page.
func fromBoard(r *http.Request) bool { return r.PostFormValue("back") == "board" }

// absenceImpact shows a leader whom to tell of an absence (FD4.2, FD4.4).
func (h *Handler) absenceImpact(w http.ResponseWriter, r *http.Request, s *session) {
	unit, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	id, _ := strconv.ParseInt(r.PathValue("absence"), 10, 64)
	v, err := h.svc.AbsenceImpact(r.Context(), s.user, unit, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "absence.impact_title")
	pg.Nav, pg.Data = "absences", v
	if r.URL.Query().Get("saved") == "informed" {
		pg.Flash = pg.T("absence.informed_saved")
	}
	h.render(w, r, http.StatusOK, "absence_impact", pg)
}

// markInformed records that the people of one meeting were told.
func (h *Handler) markInformed(w http.ResponseWriter, r *http.Request, s *session) {
	unit, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	id, _ := strconv.ParseInt(r.PathValue("absence"), 10, 64)
	ap, _ := strconv.ParseInt(r.PostFormValue("appointment"), 10, 64)
	if err := h.svc.MarkInformed(r.Context(), s.user, unit, id, ap); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/units/"+r.PathValue("id")+"/absences/"+r.PathValue("absence")+"?saved=informed#meeting-"+
		strconv.FormatInt(ap, 10), http.StatusSeeOther)
}

// boardField is a text field of one unit's form on the absence board: its
// ID names the unit, for the board has a form per unit; its error's ID is
// the field's name, which the error summary links to.
type boardField struct {
	ID, Name, Label, Hint, Error, Value, RequiredText string
	Required                                          bool
}

// BoardField prepares a field of the add form of unit; here says that the
// form posted was this unit's, so that its values and errors are shown.
func (p *page) BoardField(here bool, unit int64, name, label, hint string, required bool) boardField {
	f := boardField{ID: name + "-" + strconv.FormatInt(unit, 10), Name: name, Label: p.T(label), Hint: p.T(hint),
		Required: required, RequiredText: p.T("common.required")}
	if here || p.Value("unit") == "" {
		f.Value = p.Value(name)
	}
	if here {
		f.Error = p.Err(name)
	}
	return f
}
