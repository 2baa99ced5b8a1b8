package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

type walkInData struct {
	Person *casework.PersonView
	Units  []*torg.Unit
	Key    string
}

// requestKey is put in each form so that a double submit is recognised.
func requestKey() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (h *Handler) walkInPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.walkInForm(w, r, s, nil, requestKey())
}

func (h *Handler) walkInForm(w http.ResponseWriter, r *http.Request, s *session, err error, key string) {
	p, ok := h.person(w, r, s)
	if !ok {
		return
	}
	units, uerr := h.svc.InquiryUnits(r.Context(), s.user)
	if uerr != nil {
		h.fail(w, r, uerr)
		return
	}
	pg := h.newPage(r, "walkin.title")
	pg.Nav, pg.Data = "desk", walkInData{Person: p, Units: units, Key: key}
	h.render(w, r, pg.refill(r, err, "from", torg.FromCitizen), "walkin", pg)
}

// walkIn registers an FD1 inquiry and shows its receipt.
func (h *Handler) walkIn(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	unit, _ := strconv.ParseInt(r.PostFormValue("unit"), 10, 64)
	f := r.PostFormValue
	q, dup, err := h.svc.RegisterWalkIn(r.Context(), s.user, casework.WalkIn{RequestKey: f("request_key"), PersonID: id,
		UnitID: unit, From: f("from"), AgencyName: f("agency_name"), Summary: f("summary"), Note: f("note")})
	if err != nil {
		h.walkInForm(w, r, s, err, f("request_key"))
		return
	}
	redirectReceipt(w, r, q, dup)
}

func redirectReceipt(w http.ResponseWriter, r *http.Request, q *torg.Inquiry, dup bool) {
	u := "/inquiries/" + strconv.FormatInt(q.ID, 10)
	if dup {
		u += "?dup=1"
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

type dropOffData struct {
	Person *casework.PersonView
	Cases  []*casework.DeskCase
	Case   *casework.DeskCase // the chosen case
	Key    string
}

func (h *Handler) dropOffPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.dropOffForm(w, r, s, nil, requestKey())
}

func (h *Handler) dropOffForm(w http.ResponseWriter, r *http.Request, s *session, err error, key string) {
	p, ok := h.person(w, r, s)
	if !ok {
		return
	}
	cases, cerr := h.svc.DeskCases(r.Context(), s.user, p.ID)
	if cerr != nil {
		h.fail(w, r, cerr)
		return
	}
	d := dropOffData{Person: p, Cases: cases, Key: key}
	want := r.FormValue("case")
	for _, c := range cases {
		if strconv.FormatInt(c.ID, 10) == want || len(cases) == 1 {
			d.Case = c
		}
	}
	pg := h.newPage(r, "dropoff.title")
	pg.Nav, pg.Data = "desk", d
	h.render(w, r, pg.refill(r, err, "from", torg.FromCitizen, "poa", torg.POANone), "dropoff", pg)
}

// dropOff registers delivered documentation (FD2) and shows the receipt.
func (h *Handler) dropOff(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	caseID, _ := strconv.ParseInt(r.PostFormValue("case"), 10, 64)
	f := r.PostFormValue
	files, err := readFiles(r, "files")
	if err != nil {
		h.dropOffForm(w, r, s, err, f("request_key"))
		return
	}
	q, dup, err := h.svc.RegisterDropOff(r.Context(), s.user, casework.DropOff{RequestKey: f("request_key"), PersonID: id,
		CaseID: caseID, From: f("from"), AgencyName: f("agency_name"), Delivered: r.PostForm["delivered"],
		Other: f("other"), POA: f("poa"), Shelf: f("shelf"), Note: f("note"), Files: files})
	if err != nil {
		h.dropOffForm(w, r, s, err, f("request_key"))
		return
	}
	redirectReceipt(w, r, q, dup)
}

func (h *Handler) receiptPage(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	rc, err := h.svc.Receipt(r.Context(), s.user, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "receipt.title")
	pg.Nav, pg.Data = "desk", rc
	if r.URL.Query().Get("dup") == "1" {
		pg.Flash = pg.T("common.already_submitted")
	}
	h.render(w, r, http.StatusOK, "receipt", pg)
}

// person loads the person named in the path, or shows the error page.
func (h *Handler) person(w http.ResponseWriter, r *http.Request, s *session) (*casework.PersonView, bool) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	p, err := h.svc.Person(r.Context(), s.user, id)
	if err != nil {
		h.fail(w, r, err)
		return nil, false
	}
	return p, true
}
