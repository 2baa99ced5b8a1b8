package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerGuide(mux *http.ServeMux) {
	mux.Handle("GET /guide", h.auth(h.guidePage))
	mux.Handle("POST /guide", h.auth(h.recordGuidance))
	mux.Handle("POST /guide/defaults", h.auth(h.loadDefaultErrands))
	mux.Handle("GET /guide/errands.json", h.auth(h.exportErrands))
	mux.Handle("POST /guide/errands", h.auth(h.importErrands))
	mux.Handle("GET /guide/address", h.auth(h.addressPage))
	mux.Handle("POST /guide/address", h.auth(h.addressInquiry))
}

// guideData is the guide's tablet page: the catalogue, the errand chosen
// in the clarification, and what was recorded last.
type guideData struct {
	Catalogue *casework.ErrandCatalogue
	Errand    *torg.Errand // chosen in phase 1; nil before
	Digital   bool
	Chosen    bool // phase 1 answered
	Suggested string
	Fee       *torg.Fee
	Checklist []string
	Channels  []string
	Key       string
	IsAdmin   bool
	Now       *casework.GuideStatus // who is guide now (CG13)
	Ticket    *torg.Ticket          // the ticket just handed out
	Recorded  bool
}

// ChannelKey is the i18n key of a channel.
func (p *page) ChannelKey(c string) string { return "guide.channel." + c }

// ErrandTitle is an errand's title in the page's language.
func (p *page) ErrandTitle(e *torg.Errand) string { return e.Title(string(p.Lang)) }

func (h *Handler) guidePage(w http.ResponseWriter, r *http.Request, s *session) {
	h.guideForm(w, r, s, nil)
}

// guideForm shows the three phases (CG1): the errand and whether the
// citizen is digital; the checklist, fee and suggested channel; the
// conclusion, posted as one record.
func (h *Handler) guideForm(w http.ResponseWriter, r *http.Request, s *session, err error) {
	ctx := r.Context()
	cat, cerr := h.svc.Errands(ctx, s.user)
	if cerr != nil {
		h.fail(w, r, cerr)
		return
	}
	q := r.URL.Query()
	v := &guideData{Catalogue: cat, Key: requestKey(), IsAdmin: s.user.Has(torg.RoleAdmin)}
	code, digital := q.Get("errand"), q.Get("digital")
	if err != nil {
		code, digital, v.Key = r.PostFormValue("errand"), r.PostFormValue("digital"), r.PostFormValue("request_key")
	}
	if e := cat.Errand(code); e != nil && (digital == "yes" || digital == "no") {
		v.Errand, v.Digital, v.Chosen = e, digital == "yes", true
		v.Suggested = e.Suggest(v.Digital)
		v.Checklist = e.Checklist[s.user.Language]
		if len(v.Checklist) == 0 {
			v.Checklist = e.Checklist["da"]
		}
		if f, ok := torg.FeeOn(cat.Fees, e.Code, h.svc.Today()); ok {
			v.Fee = &f
		}
		v.Channels = guideChannels(e)
	}
	if t := q.Get("ticket"); t != "" && err == nil {
		id, _ := strconv.ParseInt(t, 10, 64)
		v.Ticket, _ = h.svc.GuideTicket(ctx, s.user, id)
	}
	v.Recorded = (q.Get("done") == "recorded" || q.Get("done") == "dup") && err == nil
	if st, gerr := h.svc.GuideNow(ctx, s.user); gerr == nil {
		v.Now = st
	}
	pg := h.newPage(r, "guide.title")
	pg.Nav, pg.Data = "guide", v
	if v.Recorded {
		pg.Flash = pg.T("guide.recorded")
		if q.Get("done") == "dup" {
			pg.Flash = pg.T("common.already_submitted")
		}
	}
	if q.Get("done") == "imported" && err == nil {
		pg.Flash = pg.T("guide.catalogue_imported")
	}
	defaults := []string{"errand", code, "digital", digital}
	if v.Chosen {
		defaults = append(defaults, "outcome", v.Suggested, "goal_reached", "yes")
	}
	h.render(w, r, pg.refill(r, err, defaults...), "guide", pg)
}

// guideChannels are the channels the guide may choose for an errand: the
// four of CG4 and, where the errand has them, another department and a
// phone number; the counter only with a queue service.
func guideChannels(e *torg.Errand) []string {
	var cs []string
	for _, c := range torg.Channels {
		switch {
		case c == torg.ChannelCounter && e.ServiceCode == "",
			c == torg.ChannelPhoneAuthority && e.Phone == "":
			continue
		}
		cs = append(cs, c)
	}
	return cs
}

func (h *Handler) recordGuidance(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostFormValue
	height, _ := strconv.Atoi(strings.TrimSpace(f("height")))
	in := casework.GuideInput{RequestKey: f("request_key"), Errand: f("errand"), Digital: f("digital") == "yes",
		Outcome: f("outcome"), GoalReached: f("goal_reached") == "yes", Next: f("next"), Exemption: f("exemption"),
		PersonNIN: f("person"), Phone: f("phone"), Lang: f("lang"),
		Custody: torg.Custody{BothParentsPresent: f("both_present") == "yes", JointCustody: f("joint") == "yes",
			AbsentParentConsent: f("consent") == "yes", HeightCM: height}}
	if in.RequestKey != "" {
		in.RequestKey = "web:" + strconv.FormatInt(s.user.ID, 10) + ":" + in.RequestKey
	}
	res, err := h.svc.RecordGuidance(r.Context(), s.user, in)
	if err != nil {
		if torg.ErrorCode(err) == torg.EINVALID {
			h.guideForm(w, r, s, err)
			return
		}
		h.fail(w, r, err)
		return
	}
	to := "/guide?done=recorded"
	if res.Dup {
		to = "/guide?done=dup"
	}
	if res.Ticket != nil {
		to += "&ticket=" + strconv.FormatInt(res.Ticket.ID, 10)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// loadDefaultErrands puts the Danish catalogue into the admin's
// municipality.
func (h *Handler) loadDefaultErrands(w http.ResponseWriter, r *http.Request, s *session) {
	if err := h.svc.ImportErrands(r.Context(), s.user, casework.DefaultErrandCatalogue()); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/guide", http.StatusSeeOther)
}

// exportErrands gives the admin the whole catalogue as JSON to edit.
func (h *Handler) exportErrands(w http.ResponseWriter, r *http.Request, s *session) {
	c, err := h.svc.ExportErrands(r.Context(), s.user)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="errands.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(c)
}

// importErrands loads an edited catalogue pasted on the page.
func (h *Handler) importErrands(w http.ResponseWriter, r *http.Request, s *session) {
	c, err := casework.ParseErrandCatalogue(strings.NewReader(r.PostFormValue("catalogue")))
	if err == nil {
		err = h.svc.ImportErrands(r.Context(), s.user, c)
	}
	if err != nil {
		if torg.ErrorCode(err) == torg.EINVALID {
			h.guideForm(w, r, s, err)
			return
		}
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/guide?done=imported", http.StatusSeeOther)
}
