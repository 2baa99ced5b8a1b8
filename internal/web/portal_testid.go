package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// The demo's test identity stands in for the identity provider, as the
// national test environments do (ID-porten's TestID, MitID's and BankID's
// test users): the citizen picks one of the demo's synthetic persons, or
// types another synthetic national ID, and is logged in as them. It is
// there only in demo mode, and takes synthetic numbers only.

type testIDData struct {
	portalBase
	State   string
	Muni    *torg.Municipality
	Persons []*torg.Person
}

// testIDPage lists the synthetic persons to log in as, for a login flow
// this browser started.
func (h *Handler) testIDPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	state := r.URL.Query().Get("state")
	h.testIDForm(w, r, state, nil)
}

func (h *Handler) testIDForm(w http.ResponseWriter, r *http.Request, state string, err error) {
	if !h.opts.Portal.TestID {
		h.portalFail(w, r, nil, torg.Errorf(torg.ENOTFOUND, "error.not_found"))
		return
	}
	ck, _ := r.Cookie(citizenFlowCookie)
	live, lerr := h.svc.CitizenLoginLive(r.Context(), state)
	if lerr != nil || !live || ck == nil || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(state)) != 1 {
		h.portalLoginError(w, r, torg.Errorf(torg.EUNAUTHORIZED, "portal.login_expired"), "")
		return
	}
	m, merr := h.portalMunicipality(r.Context())
	if merr != nil {
		h.portalFail(w, r, nil, merr)
		return
	}
	persons, perr := h.svc.TestIdentities(r.Context(), m.ID)
	if perr != nil {
		h.portalServerError(w, r, perr)
		return
	}
	pg := h.portalPage(r, nil, "portal.testid_title")
	code := http.StatusOK
	if err != nil {
		pg.Form = r.PostForm
		code = pg.fail(err)
	}
	pg.Data = testIDData{State: state, Muni: m, Persons: persons}
	h.render(w, r, code, "portal_testid", pg)
}

// testIDLogin logs the citizen in as the synthetic person picked.
func (h *Handler) testIDLogin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !h.opts.Portal.TestID {
		h.portalFail(w, r, nil, torg.Errorf(torg.ENOTFOUND, "error.not_found"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	r.ParseForm()
	state := r.PostFormValue("state")
	nin := strings.TrimSpace(r.PostFormValue("other_nin"))
	if nin == "" {
		nin = r.PostFormValue("nin")
	}
	if r.PostFormValue("cancel") == "" && nin == "" {
		h.testIDForm(w, r, state, torg.FieldError("nin", "portal.testid_pick"))
		return
	}
	fl, err := h.takeFlow(w, r, state)
	if err != nil {
		h.portalLoginError(w, r, err, "")
		return
	}
	if r.PostFormValue("cancel") != "" {
		h.portalLoginError(w, r, torg.Errorf(torg.EUNAUTHORIZED, "portal.login_cancelled"), fl.Next)
		return
	}
	h.finishLogin(w, r, fl, casework.CitizenIdentity{NIN: nin, Method: casework.CitizenByTestID})
}
