package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// Debt notices (DN): the intake form, the notice page with its path, and
// the DN4–DN5 actions.
func (h *Handler) registerDebtNotices(mux *http.ServeMux) {
	mux.Handle("GET /debt-notices/new", h.auth(h.dnNewPage))
	mux.Handle("POST /debt-notices/new", h.auth(h.dnRegister))
	mux.Handle("POST /debt-notices/import", h.auth(h.dnImport))
	mux.Handle("GET /debt-notices/{id}", h.auth(h.dnPage))
	mux.Handle("POST /debt-notices/{id}/current", h.auth(h.dnCurrent))
	mux.Handle("POST /debt-notices/{id}/concern", h.auth(h.dnConcern))
	mux.Handle("POST /debt-notices/{id}/check", h.auth(h.dnCheck))
	mux.Handle("POST /debt-notices/{id}/close", h.auth(h.dnClose))
	mux.Handle("POST /debt-notices/{id}/inform", h.auth(h.dnInform))
}

// dnForm is what the intake form offers.
type dnForm struct {
	Senders, Kinds []string
}

func (h *Handler) dnNewPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.dnForm(w, r, s, nil)
}

// dnForm shows the intake form (DN1), with err on it.
func (h *Handler) dnForm(w http.ResponseWriter, r *http.Request, s *session, err error) {
	pg := h.newPage(r, "dn.new")
	pg.Nav, pg.Data = "debtnotices", dnForm{Senders: torg.NoticeSenders, Kinds: torg.NoticeKinds}
	status := pg.refill(r, err, "request_key", requestKey())
	h.render(w, r, status, "debtnotice_new", pg)
}

// registerNotice registers a notice typed in by hand (DN1).
func (h *Handler) dnRegister(w http.ResponseWriter, r *http.Request, s *session) {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	in := casework.NoticeInput{NIN: f("nin"), SenderKind: f("sender_kind"), SenderName: f("sender_name"),
		Kind: f("kind"), Note: f("note"), RequestKey: f("request_key")}
	amount, err := parseAmount("amount", f("amount"))
	if err == nil {
		in.Amount = amount
		in.Received, err = torg.ParseFormDate(f("received"))
		if err != nil {
			err = torg.FieldError("received", "dn.received_invalid")
		}
	}
	var n *torg.DebtNotice
	if err == nil {
		n, err = h.svc.RegisterNotice(r.Context(), s.user, in)
	}
	if err != nil {
		h.dnForm(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/debt-notices/"+strconv.FormatInt(n.ID, 10), http.StatusSeeOther)
}

// maxNoticeFile is the largest bulk file of notices taken in.
const maxNoticeFile = 5 << 20

// dnImportView is the bulk upload's line report.
type dnImportView struct {
	Imported []*torg.DebtNotice
	Rejected []dnRejected
}

type dnRejected struct {
	Line   int
	Reason string
}

// dnImport registers the notices of a bulk file (DN1): the good lines are
// imported, the bad ones listed with their line numbers and why.
func (h *Handler) dnImport(w http.ResponseWriter, r *http.Request, s *session) {
	var res *casework.NoticeImport
	_, err := h.upload(r, "file", maxNoticeFile, func(_ string, data []byte) (int, error) {
		var err error
		res, err = h.svc.ImportNotices(r.Context(), s.user, data)
		return 0, err
	})
	if err != nil {
		h.dnForm(w, r, s, err)
		return
	}
	pg := h.newPage(r, "dn.upload")
	pg.Nav = "debtnotices"
	v := dnImportView{Imported: res.Imported}
	for _, l := range res.Failed {
		e := torg.AsError(translateArgs(pg, l.Err))
		reason := pg.T("error.internal")
		if e != nil {
			reason = pg.T(e.Key, e.Args...)
		}
		v.Rejected = append(v.Rejected, dnRejected{Line: l.Line, Reason: reason})
	}
	pg.Data = v
	h.render(w, r, http.StatusOK, "debtnotice_import", pg)
}

// dnView is the notice page: the notice, and what the register check
// or the intake made, when the page shows their result.
type dnView struct {
	*casework.NoticeView
	Household *casework.NoticeHousehold
	Intake    *casework.NoticeIntake
	Checked   bool       // DN2 was just done
	Current   *torg.Case // DN2: the person's open case, if current
	Concerned bool       // DN3 was just answered
	Concern   *torg.Task // DN3: the report of concern, if any
}

// dnCurrent is DN2: is the person current? If so the notice goes to the
// case worker (DN3).
func (h *Handler) dnCurrent(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_, c, err := h.svc.CheckCurrent(r.Context(), s.user, id)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		h.fail(w, r, err)
		return
	}
	h.dnShow(w, r, s, dnView{Checked: err == nil, Current: c}, err)
}

// dnConcern is the rest of DN3: minor children and cause for concern give
// a report of concern to the child, youth and family unit.
func (h *Handler) dnConcern(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	task, err := h.svc.ReportConcern(r.Context(), s.user, id, r.PostFormValue("children") == "yes",
		r.PostFormValue("concern") == "yes")
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		h.fail(w, r, err)
		return
	}
	h.dnShow(w, r, s, dnView{Concerned: err == nil, Concern: task}, err)
}

func (h *Handler) dnPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.dnShow(w, r, s, dnView{}, nil)
}

// dnShow renders a notice's page with v's results and err on it.
func (h *Handler) dnShow(w http.ResponseWriter, r *http.Request, s *session, v dnView, err error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	nv, verr := h.svc.NoticePage(r.Context(), s.user, id)
	if verr != nil {
		h.fail(w, r, verr)
		return
	}
	v.NoticeView = nv
	pg := h.newPage(r, "dn.summary")
	pg.Nav, pg.Data = "debtnotices", v
	status := http.StatusOK
	if err != nil {
		status = pg.fail(err)
	}
	h.render(w, r, status, "debtnotice", pg)
}

// dnCheck asks the population register about the person (DN4).
func (h *Handler) dnCheck(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	hh, err := h.svc.NoticeRegisterCheck(r.Context(), s.user, id)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		h.fail(w, r, err)
		return
	}
	h.dnShow(w, r, s, dnView{Household: hh}, err)
}

// dnClose is DN5: the letter, the intake record, the bundle, closed.
func (h *Handler) dnClose(w http.ResponseWriter, r *http.Request, s *session) {
	h.dnIntake(w, r, s, h.svc.CloseNoticeIntake)
}

// dnInform is DN6: the for-information copy to the 1st social secretary.
func (h *Handler) dnInform(w http.ResponseWriter, r *http.Request, s *session) {
	h.dnIntake(w, r, s, h.svc.NoticeForInformation)
}

func (h *Handler) dnIntake(w http.ResponseWriter, r *http.Request, s *session,
	do func(context.Context, *torg.Employee, int64, string) (*casework.NoticeIntake, error)) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	in, err := do(r.Context(), s.user, id, r.PostFormValue("request_key"))
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		h.fail(w, r, err)
		return
	}
	h.dnShow(w, r, s, dnView{Intake: in}, err)
}
