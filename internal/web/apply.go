package web

import (
	"net/http"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerApply(mux *http.ServeMux) {
	mux.HandleFunc("GET /apply/{municipality}", h.applyPage)
	mux.HandleFunc("POST /apply/{municipality}", h.apply)
	mux.Handle("GET /distribution", h.auth(h.distributionHome))
	mux.Handle("GET /units/{id}/distribution", h.auth(h.distributionPage))
	mux.Handle("POST /units/{id}/distribution", h.auth(h.setDistribution))
	mux.Handle("POST /units/{id}/absences", h.auth(h.addAbsence))
	mux.Handle("POST /units/{id}/absences/{absence}/delete", h.auth(h.deleteAbsence))
}

type applyData struct {
	Muni *torg.Municipality
	Unit *torg.Unit
	Key  string
	Dup  bool // on the receipt: the same form was sent before
}

// applyPage shows the public application form (DC1.1); nobody logs in.
func (h *Handler) applyPage(w http.ResponseWriter, r *http.Request) {
	h.applyForm(w, r, nil, requestKey())
}

func (h *Handler) applyForm(w http.ResponseWriter, r *http.Request, err error, key string) {
	m, u, ferr := h.svc.ApplicationForm(r.Context(), r.PathValue("municipality"), "")
	if ferr != nil {
		h.fail(w, r, ferr)
		return
	}
	pg := h.newPage(r, "apply.title")
	pg.Data = applyData{Muni: m, Unit: u, Key: key}
	h.render(w, r, pg.refill(r, err), "apply", pg)
}

// apply files the application and shows the receipt. The receipt is the
// same whether the application opened a case or joined the person's open
// one, and names no case: whoever types in someone else's national ID
// learns nothing about them. The case number comes in the answer letter.
func (h *Handler) apply(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store") // the answer shows what the citizen typed
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	f := r.PostFormValue
	_, dup, err := h.svc.Apply(r.Context(), r.PathValue("municipality"), casework.Application{RequestKey: f("request_key"),
		NIN: f("nin"), BirthDate: f("birth_date"), GivenName: f("given_name"), FamilyName: f("family_name"),
		Phone: f("phone"), Email: f("email"), Address: f("address"), Postcode: f("postcode"), City: f("city"),
		Summary: f("summary")})
	if err != nil {
		if torg.ErrorCode(err) == torg.EINTERNAL {
			h.serverError(w, r, err)
			return
		}
		h.applyForm(w, r, err, f("request_key"))
		return
	}
	m, u, err := h.svc.ApplicationForm(r.Context(), r.PathValue("municipality"), "")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "apply.done_title")
	pg.Data = applyData{Muni: m, Unit: u, Dup: dup}
	h.render(w, r, http.StatusOK, "apply_done", pg)
}
