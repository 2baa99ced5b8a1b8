package web

import (
	"net/http"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (h *Handler) registerQueue(mux *http.ServeMux) {
	mux.HandleFunc("GET /kiosk/{muni}", h.kioskPage)
	mux.HandleFunc("POST /kiosk/{muni}", h.kioskTicket)
	mux.HandleFunc("GET /kiosk/{muni}/ticket/{token}", h.kioskTicketPage)
	mux.Handle("GET /counters", h.auth(h.countersPage))
	mux.Handle("POST /counters/tickets", h.auth(h.staffTicket))
	mux.Handle("GET /counters/{id}", h.auth(h.counterPage))
	mux.Handle("POST /counters/{id}", h.auth(h.counterAction))
}

type kioskData struct {
	Muni     *torg.Municipality
	Services []*torg.QueueService
	Errands  []kioskErrand // the errands that end at a counter; the kiosk offers these when there are any
	Key      string
	Ticket   *torg.Ticket
}

type kioskErrand struct{ Code, Title, Prefix string }

// kioskPage is the kiosk in the waiting room (CG3): the citizen chooses an
// errand with a large button and gets a ticket. Nobody logs in, and the
// page shows no one's data.
func (h *Handler) kioskPage(w http.ResponseWriter, r *http.Request) {
	h.kioskForm(w, r, nil, requestKey())
}

func (h *Handler) kioskForm(w http.ResponseWriter, r *http.Request, err error, key string) {
	m, svcs, kerr := h.svc.Kiosk(r.Context(), r.PathValue("muni"))
	if kerr != nil {
		h.fail(w, r, kerr)
		return
	}
	w.Header().Set("Cache-Control", "no-store") // every visit a fresh request key
	errands, kerr := h.svc.KioskErrands(r.Context(), m.ID, svcs)
	if kerr != nil {
		h.serverError(w, r, kerr)
		return
	}
	pg := h.newPage(r, "queue.kiosk_title")
	d := kioskData{Muni: m, Services: svcs, Key: key}
	prefix := map[string]string{}
	for _, v := range svcs {
		prefix[v.Code] = v.Prefix
	}
	for _, e := range errands {
		d.Errands = append(d.Errands, kioskErrand{Code: e.Code, Title: e.Title(string(pg.Lang)), Prefix: prefix[e.ServiceCode]})
	}
	pg.Data = d
	h.render(w, r, pg.refill(r, err), "kiosk", pg)
}

// kioskTicket draws the ticket. A double tap posts the same request key
// and lands on the same ticket.
func (h *Handler) kioskTicket(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	m, _, err := h.svc.Kiosk(r.Context(), r.PathValue("muni"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	t, err := h.svc.IssueTicket(r.Context(), nil, casework.TicketInput{MunicipalityID: m.ID, ServiceCode: f("service"),
		Errand: f("errand"), Phone: f("phone"), Lang: string(language(r)), RequestKey: f("request_key")})
	if err != nil {
		if torg.ErrorCode(err) == torg.EINTERNAL || torg.AsError(err) == nil {
			h.serverError(w, r, err)
			return
		}
		h.kioskForm(w, r, err, f("request_key"))
		return
	}
	http.Redirect(w, r, "/kiosk/"+m.Code+"/ticket/"+t.Token, http.StatusSeeOther)
}

// kioskTicketPage shows the drawn ticket's number, large.
func (h *Handler) kioskTicketPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	m, _, err := h.svc.Kiosk(r.Context(), r.PathValue("muni"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	t, err := h.svc.PublicTicket(r.Context(), r.PathValue("token"))
	if err == nil && t.MunicipalityID != m.ID {
		err = torg.Errorf(torg.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "queue.ticket_title")
	pg.Data = kioskData{Muni: m, Ticket: t}
	h.render(w, r, http.StatusOK, "kiosk_ticket", pg)
}

type countersData struct {
	Counters []*torg.Counter
	Services []*torg.QueueService
	Key      string
}

// countersPage lists the counters to work at, with a form to hand out a
// ticket: for an appointment that arrived, first in the queue (CG3).
func (h *Handler) countersPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.countersView(w, r, s, nil)
}

func (h *Handler) countersView(w http.ResponseWriter, r *http.Request, s *session, err error) {
	cs, cerr := h.svc.Counters(r.Context(), s.user)
	if cerr != nil {
		h.fail(w, r, cerr)
		return
	}
	svcs, cerr := h.svc.QueueServices(r.Context(), s.user.MunicipalityID)
	if cerr != nil {
		h.serverError(w, r, cerr)
		return
	}
	pg := h.newPage(r, "queue.counters_title")
	pg.Nav, pg.Data = "counters", countersData{Counters: cs, Services: svcs, Key: requestKey()}
	if n := r.URL.Query().Get("issued"); n != "" && err == nil && len(n) <= 8 {
		pg.Flash = pg.T("queue.issued_flash", "number", n)
	}
	h.render(w, r, pg.refill(r, err), "counters", pg)
}

// staffTicket hands out a ticket from the staff's page.
func (h *Handler) staffTicket(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostFormValue
	t, err := h.svc.IssueTicket(r.Context(), s.user, casework.TicketInput{ServiceCode: f("service"), Note: f("note"),
		Phone: f("phone"), Priority: f("priority") == "yes", RequestKey: f("request_key")})
	if err != nil {
		if e := torg.AsError(err); e == nil || e.Code == torg.EINTERNAL || e.Code == torg.EFORBIDDEN {
			h.fail(w, r, err)
			return
		}
		h.countersView(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/counters?issued="+t.Number, http.StatusSeeOther)
}

// counterFlash is what the counter page says after each action.
var counterFlash = map[string]string{"open": "queue.opened", "close": "queue.closed", "recall": "queue.recalled",
	"no_show": "queue.no_showed", "done": "queue.done_saved", "transfer": "queue.transferred"}

// counterPage is a counter's page (CG3): the ticket it serves and the
// buttons to call the next, recall, transfer, mark no-show or done. Every
// button is a form: it works without JavaScript.
func (h *Handler) counterPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.counterView(w, r, s, nil)
}

func (h *Handler) counterView(w http.ResponseWriter, r *http.Request, s *session, err error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	v, verr := h.svc.Counter(r.Context(), s.user, id)
	if verr != nil {
		h.fail(w, r, verr)
		return
	}
	pg := h.newPage(r, "queue.counter_title")
	pg.Title = v.Counter.Name + " – " + pg.Title
	pg.Nav, pg.Data = "counters", v
	if key, ok := counterFlash[r.URL.Query().Get("saved")]; ok && err == nil {
		pg.Flash = pg.T(key)
	}
	status := http.StatusOK
	if err != nil {
		status = pg.fail(err)
	}
	h.render(w, r, status, "counter", pg)
}

func (h *Handler) counterAction(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	ticket, _ := strconv.ParseInt(r.PostFormValue("ticket"), 10, 64)
	ctx, action := r.Context(), r.PostFormValue("action")
	var err error
	switch action {
	case "call":
		_, err = h.svc.CallNext(ctx, s.user, id)
	case "open", "close":
		err = h.svc.OpenCounter(ctx, s.user, id, action == "open")
	case "recall":
		_, err = h.svc.Recall(ctx, s.user, id, ticket)
	case "no_show":
		_, err = h.svc.NoShow(ctx, s.user, id, ticket)
	case "done":
		_, err = h.svc.Done(ctx, s.user, id, ticket)
	case "transfer":
		to, _ := strconv.ParseInt(r.PostFormValue("service"), 10, 64)
		_, err = h.svc.Transfer(ctx, s.user, id, ticket, to)
	default:
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if err != nil {
		if e := torg.AsError(err); e == nil || e.Code == torg.EINTERNAL {
			h.serverError(w, r, err)
			return
		}
		if torg.ErrorCode(err) == torg.ENOTFOUND && torg.AsError(err).Key != "queue.empty" {
			h.fail(w, r, err)
			return
		}
		h.counterView(w, r, s, err)
		return
	}
	back := "/counters/" + r.PathValue("id")
	if action != "call" {
		back += "?saved=" + action
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
