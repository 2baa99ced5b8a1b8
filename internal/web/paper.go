package web

import (
	"net/http"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerPaper(mux *http.ServeMux) {
	mux.Handle("GET /applications/new", h.auth(h.paperPage))
	mux.Handle("POST /applications/new", h.auth(h.registerPaperApplication))
	mux.Handle("POST /persons/{id}/fill-in", h.auth(h.fillIn))
}

type paperData struct {
	Form *casework.PaperForm
	Key  string
}

// paperPage shows the document centre's form for a paper application (DC1.2).
func (h *Handler) paperPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.paperForm(w, r, s, nil, "")
}

func (h *Handler) paperForm(w http.ResponseWriter, r *http.Request, s *session, err error, flash string) {
	pf, ferr := h.svc.PaperApplicationForm(r.Context(), s.user, "")
	if ferr != nil {
		h.fail(w, r, ferr)
		return
	}
	pg := h.newPage(r, "paper.title")
	pg.Flash = flash
	key := requestKey()
	if err != nil {
		key = r.PostFormValue("request_key") // the same form, so a second submit is still one application
	}
	pg.Nav, pg.Data = "paper", paperData{Form: pf, Key: key}
	h.render(w, r, pg.refill(r, err, "received", dateInput(pg.Lang, pf.Today)), "paper", pg)
}

// registerPaperApplication files the application and shows an empty form
// for the next one, with the case number.
func (h *Handler) registerPaperApplication(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostFormValue
	c, dup, err := h.svc.RegisterPaperApplication(r.Context(), s.user, casework.PaperApplication{
		Received: f("received"), Application: casework.Application{RequestKey: f("request_key"), NIN: f("nin"),
			BirthDate: f("birth_date"), GivenName: f("given_name"), FamilyName: f("family_name"), Phone: f("phone"), Email: f("email"),
			Address: f("address"), Postcode: f("postcode"), City: f("city"), Summary: f("summary")}})
	if err != nil {
		if code := torg.ErrorCode(err); code == torg.EINTERNAL || code == torg.EFORBIDDEN {
			h.fail(w, r, err)
			return
		}
		h.paperForm(w, r, s, err, "")
		return
	}
	pg := h.newPage(r, "paper.title")
	flash := pg.T("paper.done", "number", c.Number())
	if dup {
		flash = pg.T("paper.done_dup", "number", c.Number())
	}
	h.paperForm(w, r, s, nil, flash)
}

// fillData is the person page with what it shows of the registers
// (DC1.5), for the employees who fill in from them.
type fillData struct {
	personData
	FillIn *casework.FillIn // the last fill-in; nil: none yet
}

// Registers returns the person page's register part, or nil when the
// employee does not fill in from the registers.
func (p *page) Registers() *fillData {
	if d, ok := p.Data.(fillData); ok {
		return &d
	}
	return nil
}

// withFillIn adds the person's last fill-in from the registers to the
// person page, for those who may fill in; to anyone else the page is as
// it was.
func (h *Handler) withFillIn(r *http.Request, s *session, d personData) (any, error) {
	if !s.user.Has(torg.RoleCounsellor) && !s.user.Has(torg.RoleLeader) {
		return d, nil
	}
	f, err := h.svc.LastFillIn(r.Context(), s.user, d.Person.ID)
	return fillData{personData: d, FillIn: f}, err
}

// fillIn fills the person's data in from the registers and shows the
// person with the properties they hold and the date (DC1.5).
func (h *Handler) fillIn(w http.ResponseWriter, r *http.Request, s *session) {
	p, ok := h.person(w, r, s)
	if !ok {
		return
	}
	pg := h.newPage(r, "person.title")
	filled, fill, err := h.svc.FillFromRegisters(r.Context(), s.user, p.ID)
	status := http.StatusOK
	switch {
	case err == nil:
		p, pg.Flash = filled, pg.T("paper.filled")
	case torg.ErrorCode(err) == torg.ENOTFOUND || torg.ErrorCode(err) == torg.EINVALID:
		status = pg.fail(err) // not in the register: say so on the person's page
		fill, err = h.svc.LastFillIn(r.Context(), s.user, p.ID)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := fillData{personData: personData{Person: p}, FillIn: fill}
	if d.Cases, err = h.svc.PersonCases(r.Context(), s.user, p.ID); err == nil {
		d.DeskCases, err = h.svc.DeskCases(r.Context(), s.user, p.ID)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg.Nav, pg.Data = "desk", d
	h.render(w, r, status, "person", pg)
}
