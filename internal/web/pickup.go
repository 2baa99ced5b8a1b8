package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerPickups(mux *http.ServeMux) {
	mux.Handle("GET /pickups", h.auth(h.pickupsPage))
	mux.Handle("GET /pickups/{id}", h.auth(h.pickupPage))
	mux.Handle("POST /pickups/{id}/handover", h.auth(h.handOverPickup))
	mux.Handle("POST /pickups/{id}/reschedule", h.auth(h.reschedulePickup))
	mux.Handle("POST /pickups/{id}/return", h.auth(h.returnPickup))
	mux.Handle("GET /persons/{id}/pickups/new", h.auth(h.newPickupPage))
	mux.Handle("POST /persons/{id}/pickups/new", h.auth(h.registerPickup))
}

// pickupsPage is the desk's list of letters held for pickup (FD3.2), or
// one person's letters with ?person=ID.
func (h *Handler) pickupsPage(w http.ResponseWriter, r *http.Request, s *session) {
	person, _ := strconv.ParseInt(r.URL.Query().Get("person"), 10, 64)
	l, err := h.svc.Pickups(r.Context(), s.user, person)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "pickup.title")
	pg.Nav, pg.Data = "pickups", l
	h.render(w, r, http.StatusOK, "pickups", pg)
}

type newPickupData struct {
	*casework.PickupForm
	Key string
}

func (h *Handler) newPickupPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.newPickupForm(w, r, s, nil, requestKey())
}

// newPickupForm shows the registration form of a letter for the person in
// the path (FD3.3), with err on it.
func (h *Handler) newPickupForm(w http.ResponseWriter, r *http.Request, s *session, err error, key string) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f, ferr := h.svc.NewPickupForm(r.Context(), s.user, id)
	if ferr != nil {
		h.fail(w, r, ferr)
		return
	}
	pg := h.newPage(r, "pickup.new_title")
	pg.Nav, pg.Data = "pickups", newPickupData{PickupForm: f, Key: key}
	defaults := []string{"recipient", torg.FromCitizen, "location", pg.T("pickup.default_location"), "pickup_time", "14:00"}
	if len(f.Cases) > 0 {
		defaults = append(defaults, "case", strconv.FormatInt(f.Cases[0].ID, 10))
	}
	h.render(w, r, pg.refill(r, err, defaults...), "pickup_new", pg)
}

// registerPickup registers the letter and shows it, with its number to
// write on the envelope.
func (h *Handler) registerPickup(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f := r.PostFormValue
	caseID, _ := strconv.ParseInt(f("case"), 10, 64)
	unitID, respID := splitResponsible(f("responsible"))
	k, dup, err := h.svc.RegisterPickup(r.Context(), s.user, casework.PickupInput{RequestKey: f("request_key"),
		PersonID: id, CaseID: caseID, UnitID: unitID, ResponsibleID: respID, Recipient: f("recipient"),
		AgencyName: f("agency_name"), Agreement: f("agreement"), Description: f("description"), Location: f("location"),
		Date: f("pickup_date"), Time: f("pickup_time")})
	if err != nil {
		h.newPickupForm(w, r, s, err, f("request_key"))
		return
	}
	done := "registered"
	if dup {
		done = "dup"
	}
	redirectPickup(w, r, k.ID, done)
}

// splitResponsible reads the responsible choice "unitID/employeeID".
func splitResponsible(v string) (unitID, employeeID int64) {
	u, e, _ := strings.Cut(v, "/")
	unitID, _ = strconv.ParseInt(u, 10, 64)
	employeeID, _ = strconv.ParseInt(e, 10, 64)
	return unitID, employeeID
}

func redirectPickup(w http.ResponseWriter, r *http.Request, id int64, done string) {
	http.Redirect(w, r, "/pickups/"+strconv.FormatInt(id, 10)+"?done="+done, http.StatusSeeOther)
}

func (h *Handler) pickupPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.pickupView(w, r, s, nil)
}

// pickupFlash are the messages after an action on a letter.
var pickupFlash = map[string]string{"registered": "pickup.registered_flash", "dup": "common.already_submitted",
	"handover": "pickup.handed_over_flash", "reschedule": "pickup.rescheduled_flash", "return": "pickup.returned_flash"}

// pickupView shows a letter with the forms to hand it over, give it a new
// pickup time or take it back; err goes on the form that was posted.
func (h *Handler) pickupView(w http.ResponseWriter, r *http.Request, s *session, err error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	v, verr := h.svc.Pickup(r.Context(), s.user, id)
	if verr != nil {
		h.fail(w, r, verr)
		return
	}
	pg := h.newPage(r, "pickup.detail_title")
	pg.Title = pg.T("pickup.detail_title", "number", v.Number())
	pg.Nav, pg.Data = "pickups", v
	if key, ok := pickupFlash[r.URL.Query().Get("done")]; ok && r.Method == http.MethodGet {
		pg.Flash = pg.T(key, "number", v.Number())
	}
	status := pg.refill(r, err, "collector", torg.FromCitizen)
	pg.Form.Del("nin") // a national ID number is never sent back
	h.render(w, r, status, "pickup", pg)
}

// handOverPickup hands the letter over with the identity checked (FD3.1).
func (h *Handler) handOverPickup(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f := r.PostFormValue
	_, err := h.svc.HandOver(r.Context(), s.user, id, casework.HandoverInput{Handover: torg.Handover{
		Collector: f("collector"), CollectorName: f("collector_name"), IDDocument: f("id_document"),
		IDDetail: f("id_detail"), IDChecked: f("id_checked") == "yes"}, NIN: f("nin")})
	h.afterPickupAction(w, r, s, id, "handover", err)
}

// reschedulePickup agrees a new pickup time.
func (h *Handler) reschedulePickup(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_, err := h.svc.ReschedulePickup(r.Context(), s.user, id, r.PostFormValue("pickup_date"), r.PostFormValue("pickup_time"))
	h.afterPickupAction(w, r, s, id, "reschedule", err)
}

// returnPickup takes the letter back from the desk.
func (h *Handler) returnPickup(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_, err := h.svc.ReturnPickup(r.Context(), s.user, id, r.PostFormValue("reason"))
	h.afterPickupAction(w, r, s, id, "return", err)
}

func (h *Handler) afterPickupAction(w http.ResponseWriter, r *http.Request, s *session, id int64, done string, err error) {
	switch {
	case err == nil:
		redirectPickup(w, r, id, done)
	case torg.ErrorCode(err) == torg.ENOTFOUND:
		h.fail(w, r, err)
	default:
		h.pickupView(w, r, s, err)
	}
}

// pickupRow is what the "pickup-person" template needs: the page and a letter.
type pickupRow struct {
	*page
	V *casework.PickupView
}

// PickupRow pairs the page with a letter, for the "pickup-person" template.
func (p *page) PickupRow(v *casework.PickupView) pickupRow { return pickupRow{page: p, V: v} }

// IDDocuments lists the ID documents the desk may record at a handover.
func (p *page) IDDocuments() []string { return torg.IDDocuments }
