package web

import (
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerDesk(mux *http.ServeMux) {
	mux.Handle("GET /desk", h.auth(h.deskPage))
	mux.Handle("POST /desk", h.auth(h.deskFind))
	mux.Handle("GET /persons/new", h.auth(h.newPersonPage))
	mux.Handle("POST /persons/new", h.auth(h.createPerson))
	mux.Handle("GET /persons/{id}", h.auth(h.personPage))
	mux.Handle("GET /persons/{id}/walk-in", h.auth(h.walkInPage))
	mux.Handle("POST /persons/{id}/walk-in", h.auth(h.walkIn))
	mux.Handle("GET /persons/{id}/drop-off", h.auth(h.dropOffPage))
	mux.Handle("POST /persons/{id}/drop-off", h.auth(h.dropOff))
	mux.Handle("GET /inquiries/{id}", h.auth(h.receiptPage))
}

type deskData struct {
	Results []*casework.PersonView
	Query   string
	Search  bool // a name search was made
}

func (h *Handler) deskPage(w http.ResponseWriter, r *http.Request, s *session) {
	pg := h.newPage(r, "desk.title")
	pg.Nav, pg.Data = "desk", deskData{}
	h.render(w, r, http.StatusOK, "desk", pg)
}

// deskFind looks a person up by national ID (FD1.1, FD2.2) or searches by
// name. Both are posted so that national IDs never appear in a URL.
func (h *Handler) deskFind(w http.ResponseWriter, r *http.Request, s *session) {
	pg := h.newPage(r, "desk.title")
	pg.Nav, pg.Form = "desk", r.PostForm
	if q := r.PostFormValue("q"); r.PostFormValue("action") == "search" {
		found, err := h.svc.SearchPersons(r.Context(), s.user, q)
		pg.Data = deskData{Results: found, Query: q, Search: err == nil}
		if err != nil {
			h.render(w, r, pg.fail(err), "desk", pg)
			return
		}
		h.render(w, r, http.StatusOK, "desk", pg)
		return
	}
	p, err := h.svc.FindPersonByNIN(r.Context(), s.user, r.PostFormValue("nin"))
	if err != nil {
		pg.Data = deskData{}
		h.render(w, r, pg.fail(err), "desk", pg)
		return
	}
	http.Redirect(w, r, "/persons/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

func (h *Handler) newPersonPage(w http.ResponseWriter, r *http.Request, s *session) {
	pg := h.newPage(r, "person.new_title")
	pg.Nav = "desk"
	h.render(w, r, http.StatusOK, "person_new", pg)
}

// createPerson registers a person the desk could not find (FD1.1).
func (h *Handler) createPerson(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostFormValue
	if f("prefill") != "" { // from the "not found" message: show the form with the number filled in
		pg := h.newPage(r, "person.new_title")
		pg.Nav, pg.Form = "desk", r.PostForm
		h.render(w, r, http.StatusOK, "person_new", pg)
		return
	}
	p, err := h.svc.CreatePerson(r.Context(), s.user, casework.PersonInput{NIN: f("nin"), GivenName: f("given_name"),
		FamilyName: f("family_name"), Address: f("address"), Postcode: f("postcode"), City: f("city"),
		Phone: f("phone"), Email: f("email"), Interpreter: f("interpreter")})
	if err != nil {
		pg := h.newPage(r, "person.new_title")
		pg.Nav, pg.Form = "desk", r.PostForm
		h.render(w, r, pg.fail(err), "person_new", pg)
		return
	}
	http.Redirect(w, r, "/persons/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

type personData struct {
	Person    *casework.PersonView
	Cases     []*torg.Case         // cases the employee may open
	DeskCases []*casework.DeskCase // ongoing cases the desk can take documents for
}

func (h *Handler) personPage(w http.ResponseWriter, r *http.Request, s *session) {
	p, ok := h.person(w, r, s)
	if !ok {
		return
	}
	d := personData{Person: p}
	var err error
	if d.Cases, err = h.svc.PersonCases(r.Context(), s.user, p.ID); err == nil {
		d.DeskCases, err = h.svc.DeskCases(r.Context(), s.user, p.ID)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "person.title")
	if pg.Data, err = h.withFillIn(r, s, d); err != nil {
		h.fail(w, r, err)
		return
	}
	pg.Nav = "desk"
	h.render(w, r, http.StatusOK, "person", pg)
}

// readFiles reads the uploaded files of a multipart form field.
func readFiles(r *http.Request, name string) ([]casework.Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []casework.Upload
	for _, fh := range r.MultipartForm.File[name] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		data, err := readFile(fh)
		if err != nil {
			return nil, torg.FieldError(name, "upload.malformed")
		}
		out = append(out, casework.Upload{Filename: fh.Filename, Data: data})
	}
	return out, nil
}

func readFile(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
