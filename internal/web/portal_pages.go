package web

import (
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
)

type portalHomeData struct {
	portalBase
	*casework.CitizenHome
}

// portalHome is the citizen's front page: messages, letters, cases and
// appointments.
func (h *Handler) portalHome(w http.ResponseWriter, r *http.Request, c *citizen) {
	home, err := h.svc.CitizenHome(r.Context(), c.person)
	if err != nil {
		h.portalFail(w, r, c, err)
		return
	}
	pg := h.portalPage(r, c, "portal.home_title")
	pg.Data = portalHomeData{portalBase: c.base("home"), CitizenHome: home}
	h.render(w, r, http.StatusOK, "portal_home", pg)
}

type portalLetterData struct {
	portalBase
	Letter *store.MailboxMessage
	HasPDF bool
}

// portalLetter shows a letter in the citizen's digital mailbox.
func (h *Handler) portalLetter(w http.ResponseWriter, r *http.Request, c *citizen) {
	l, pdf, err := h.svc.CitizenLetter(r.Context(), c.person, pathID(r, "id"))
	if err != nil {
		h.portalFail(w, r, c, err)
		return
	}
	pg := h.portalPage(r, c, "portal.letter_title")
	pg.Title = l.Subject
	pg.Data = portalLetterData{portalBase: c.base("home"), Letter: l, HasPDF: len(pdf) > 0}
	h.render(w, r, http.StatusOK, "portal_letter", pg)
}

// portalLetterPDF sends a letter's PDF as a download.
func (h *Handler) portalLetterPDF(w http.ResponseWriter, r *http.Request, c *citizen) {
	l, pdf, err := h.svc.CitizenLetter(r.Context(), c.person, pathID(r, "id"))
	if err == nil && len(pdf) == 0 {
		err = torg.Errorf(torg.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		h.portalFail(w, r, c, err)
		return
	}
	sendFile(w, "application/pdf", fileName(l.Subject, ".pdf"), pdf)
}

// sendFile sends content as an attachment, never inline, so that a crafted
// file cannot run in torg's origin.
func sendFile(w http.ResponseWriter, mediaType, name string, data []byte) {
	w.Header().Set("Content-Type", mediaType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// fileName makes a download's name of a letter's subject.
func fileName(subject, ext string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, strings.TrimSpace(subject))
	if r := []rune(name); len(r) > 80 {
		name = string(r[:80])
	}
	if name == "" {
		name = "torg"
	}
	return name + ext
}

type portalWriteData struct {
	portalBase
	Units        []*torg.Unit
	Kinds        []string
	Appointments []*torg.Appointment
	Key          string
	MaxMB        int64
	MaxFiles     int
}

func (h *Handler) portalWritePage(w http.ResponseWriter, r *http.Request, c *citizen) {
	q := r.URL.Query()
	v := url.Values{"unit": {q.Get("unit")}, "kind": {torg.MsgInquiry}}
	if ap := q.Get("appointment"); ap != "" {
		v.Set("kind", torg.MsgAppointmentChange)
		v.Set("appointment", ap)
	}
	h.writeForm(w, r, c, v, nil, "")
}

// writeForm shows the form to write to a service, filled with v, with err
// on it; info is a notice to show, as an i18n key.
func (h *Handler) writeForm(w http.ResponseWriter, r *http.Request, c *citizen, v url.Values, err error, info string) {
	units, uerr := h.svc.CitizenUnits(r.Context(), c.person.MunicipalityID)
	home, herr := h.svc.CitizenHome(r.Context(), c.person)
	if uerr != nil || herr != nil {
		h.portalFail(w, r, c, cmpErr(uerr, herr))
		return
	}
	pg := h.portalPage(r, c, "portal.write_title")
	pg.Form = v
	code := http.StatusOK
	if err != nil {
		code = pg.fail(err)
	}
	if info != "" {
		pg.Flash = pg.T(info)
	}
	key := v.Get("request_key")
	if key == "" {
		key = requestKey()
	}
	cfg := h.svc.Config()
	pg.Data = portalWriteData{portalBase: c.base("write"), Units: units, Kinds: torg.CitizenKinds,
		Appointments: home.Appointments, Key: key, MaxMB: cfg.MaxUploadBytes >> 20, MaxFiles: torg.MaxMessageFiles}
	h.render(w, r, code, "portal_write", pg)
}

func cmpErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// portalWrite sends the citizen's message and shows the new thread.
func (h *Handler) portalWrite(w http.ResponseWriter, r *http.Request, c *citizen, f *portalForm) {
	v := f.Values
	if err := f.uploadProblem(h.svc.Config().MaxUploadBytes); err != nil {
		h.writeForm(w, r, c, v, err, "")
		return
	}
	unit, _ := strconv.ParseInt(v.Get("unit"), 10, 64)
	var appt int64
	if v.Get("kind") == torg.MsgAppointmentChange {
		appt, _ = strconv.ParseInt(v.Get("appointment"), 10, 64)
	}
	th, err := h.svc.WriteMessage(r.Context(), c.person, casework.NewMessage{UnitID: unit, Kind: v.Get("kind"),
		Subject: v.Get("subject"), Body: v.Get("body"), Files: f.Files, RequestKey: v.Get("request_key"),
		AppointmentID: appt})
	if err != nil {
		if torg.AsError(err) == nil || torg.ErrorCode(err) == torg.EINTERNAL {
			h.portalServerError(w, r, err)
			return
		}
		h.writeForm(w, r, c, v, err, "")
		return
	}
	http.Redirect(w, r, "/portal/threads/"+strconv.FormatInt(th.ID, 10)+"?sent=1", http.StatusSeeOther)
}

type portalThreadData struct {
	portalBase
	*casework.ThreadView
	Key      string
	MaxMB    int64
	MaxFiles int
}

func (h *Handler) portalThread(w http.ResponseWriter, r *http.Request, c *citizen) {
	info := ""
	switch {
	case r.URL.Query().Has("sent"):
		info = "portal.sent"
	case r.URL.Query().Has("replied"):
		info = "portal.replied"
	case r.URL.Query().Has("continued"):
		info = "portal.continued"
	}
	h.threadPage(w, r, c, pathID(r, "id"), url.Values{}, nil, info)
}

// threadPage shows one of the citizen's threads with the reply form
// filled with v and err on it.
func (h *Handler) threadPage(w http.ResponseWriter, r *http.Request, c *citizen, id int64, v url.Values, err error, info string) {
	tv, terr := h.svc.CitizenThread(r.Context(), c.person, id)
	if terr != nil {
		h.portalFail(w, r, c, terr)
		return
	}
	pg := h.portalPage(r, c, "portal.thread_title")
	pg.Title = tv.Thread.Subject
	pg.Form = v
	code := http.StatusOK
	if err != nil {
		code = pg.fail(err)
	}
	if info != "" {
		pg.Flash = pg.T(info, "due", pg.DateTime(tv.Thread.Due))
	}
	key := v.Get("request_key")
	if key == "" {
		key = requestKey()
	}
	pg.Data = portalThreadData{portalBase: c.base("home"), ThreadView: tv, Key: key,
		MaxMB: h.svc.Config().MaxUploadBytes >> 20, MaxFiles: torg.MaxMessageFiles}
	h.render(w, r, code, "portal_thread", pg)
}

// portalReply adds the citizen's reply. A reply to a finished thread goes
// into a new one, linked to it, and the citizen is told.
func (h *Handler) portalReply(w http.ResponseWriter, r *http.Request, c *citizen, f *portalForm) {
	id := pathID(r, "id")
	v := f.Values
	if err := f.uploadProblem(h.svc.Config().MaxUploadBytes); err != nil {
		h.threadPage(w, r, c, id, v, err, "")
		return
	}
	th, err := h.svc.CitizenReply(r.Context(), c.person, id, v.Get("body"), f.Files, v.Get("request_key"))
	if err != nil {
		if torg.ErrorCode(err) == torg.ENOTFOUND || torg.ErrorCode(err) == torg.EINTERNAL || torg.AsError(err) == nil {
			h.portalFail(w, r, c, err)
			return
		}
		h.threadPage(w, r, c, id, v, err, "")
		return
	}
	flag := "replied"
	if th.ID != id {
		flag = "continued"
	}
	http.Redirect(w, r, "/portal/threads/"+strconv.FormatInt(th.ID, 10)+"?"+flag+"=1#latest", http.StatusSeeOther)
}

// portalDocument sends an attachment of one of the citizen's threads.
func (h *Handler) portalDocument(w http.ResponseWriter, r *http.Request, c *citizen) {
	d, data, err := h.svc.CitizenDocument(r.Context(), c.person, pathID(r, "id"), pathID(r, "doc"))
	if err != nil {
		h.portalFail(w, r, c, err)
		return
	}
	sendFile(w, d.MediaType, d.Filename, data)
}

type portalAccessData struct {
	portalBase
	Entries []casework.AccessEntry
}

// portalAccess shows who in the municipality has looked at the citizen's
// data.
func (h *Handler) portalAccess(w http.ResponseWriter, r *http.Request, c *citizen) {
	entries, err := h.svc.AccessLog(r.Context(), c.person)
	if err != nil {
		h.portalFail(w, r, c, err)
		return
	}
	pg := h.portalPage(r, c, "portal.access_title")
	pg.Data = portalAccessData{portalBase: c.base("access"), Entries: entries}
	h.render(w, r, http.StatusOK, "portal_access", pg)
}
