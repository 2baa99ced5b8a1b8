package web

import (
	"net/http"
	"strconv"
)

func (h *Handler) registerOutbox(mux *http.ServeMux) {
	mux.Handle("GET /outbox", h.auth(h.outboxPage))
	mux.Handle("POST /outbox", h.auth(h.makePrintBatch))
	mux.Handle("GET /outbox/print/{id}", h.auth(h.printBatch))
}

func (h *Handler) outboxPage(w http.ResponseWriter, r *http.Request, s *session) {
	v, err := h.svc.Outbox(r.Context(), s.user)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "outbox.title")
	pg.Nav, pg.Data = "outbox", v
	switch r.URL.Query().Get("batch") {
	case "made":
		pg.Flash = pg.T("outbox.batch_made")
	case "none":
		pg.Flash = pg.T("outbox.batch_none")
	}
	h.render(w, r, http.StatusOK, "outbox", pg)
}

// makePrintBatch gathers the letters waiting for paper into one PDF.
func (h *Handler) makePrintBatch(w http.ResponseWriter, r *http.Request, s *session) {
	b, err := h.svc.MakePrintBatch(r.Context(), s.user)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	result := "made"
	if b == nil {
		result = "none"
	}
	http.Redirect(w, r, "/outbox?batch="+result, http.StatusSeeOther)
}

func (h *Handler) printBatch(w http.ResponseWriter, r *http.Request, s *session) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	pdf, err := h.svc.PrintBatchPDF(r.Context(), s.user, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="print-batch-`+r.PathValue("id")+`.pdf"`)
	w.Write(pdf)
}
