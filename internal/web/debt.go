package web

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/i18n"
)

// maxDebtFile bounds an uploaded debt-register file: 5 MB, far above what
// one person's export ever is. maxCollectionFile bounds the PDF from the
// debt-collection register, which the service takes up to 10 MB.
const (
	maxDebtFile       = 5 << 20
	maxCollectionFile = 10 << 20
)

func (h *Handler) registerDebt(mux *http.ServeMux) {
	mux.Handle("GET /cases/{id}/debts", h.auth(h.debtPage))
	mux.Handle("POST /cases/{id}/debts", h.auth(h.debtAction))
	mux.Handle("GET /cases/{id}/debts/{claim}", h.auth(h.claimPage))
	mux.Handle("POST /cases/{id}/debts/{claim}", h.auth(h.claimAction))
	mux.Handle("GET /cases/{id}/budget", h.auth(h.budgetPage))
	mux.Handle("POST /cases/{id}/budget", h.auth(h.saveBudget))
	mux.Handle("GET /cases/{id}/debts.xlsx", h.auth(h.scheduleFile(h.svc.ScheduleXLSX,
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))
	mux.Handle("GET /cases/{id}/debts.pdf", h.auth(h.scheduleFile(h.svc.SchedulePDF, "application/pdf")))
}

// debtData is what the debt schedule page shows: the schedule with its
// budget and calculations, and the one-time key of the add-claim form.
type debtData struct {
	*casework.DebtView
	Key     string
	Kinds   []string
	Sources []string
	Totals  debtTotals
}

// debtTotals sums the claims' balances.
type debtTotals struct{ Unsecured, Secured, All torg.Money }

func (d debtData) currency() string { return currencyOf(d.Rates.Country) }

// debtFlash is the message for each ?done= after a successful post.
var debtFlash = map[string]string{
	"added": "debtui.flash_added", "updated": "debtui.flash_updated", "deleted": "debtui.flash_deleted",
	"imported": "debtui.flash_imported", "requested": "debtui.flash_requested", "consent": "debtui.flash_consent",
	"collection": "debtui.flash_collection", "filed": "debtui.flash_filed", "budget": "debtui.flash_budget",
	"dup": "common.already_submitted",
}

func (h *Handler) debtPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.debtView(w, r, s, nil)
}

// debtView shows the debt schedule of a case (DC4.6, DC6) with err on its
// forms.
func (h *Handler) debtView(w http.ResponseWriter, r *http.Request, s *session, err error) {
	v, derr := h.svc.Debts(r.Context(), s.user, caseID(r))
	if derr != nil {
		h.fail(w, r, derr)
		return
	}
	d := debtData{DebtView: v, Key: requestKey(), Kinds: torg.ClaimKinds, Sources: torg.ClaimSources}
	for _, c := range v.Claims {
		if c.Secured {
			d.Totals.Secured += c.Balance
		} else {
			d.Totals.Unsecured += c.Balance
		}
	}
	d.Totals.All = d.Totals.Secured + d.Totals.Unsecured
	pg := h.newPage(r, "debtui.title")
	pg.Nav, pg.Data = caseNav(s.user), d
	if err != nil && r.PostFormValue("request_key") != "" {
		d.Key = r.PostFormValue("request_key") // the same form: a second submit still adds one claim
		pg.Data = d
	}
	if key, ok := debtFlash[r.URL.Query().Get("done")]; ok && err == nil {
		pg.Flash = pg.T(key, "count", r.URL.Query().Get("n"), "date", pg.Day(v.RequestDue))
	}
	defaults := []string{"kind", torg.ClaimConsumerLoan, "source", torg.SourceCitizen, "as_of", dateInput(pg.Lang, h.svc.Today())}
	code := pg.refillAll(r, translateArgs(pg, err), defaults...)
	if err != nil && r.PostFormValue("action") != "add" {
		for i := 0; i+1 < len(defaults); i += 2 { // another form failed: the add form starts afresh
			pg.Form.Set(defaults[i], defaults[i+1])
		}
	}
	h.render(w, r, code, "debt", pg)
}

func caseID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// debtAction runs one of the debt page's forms, chosen by its action.
func (h *Handler) debtAction(w http.ResponseWriter, r *http.Request, s *session) {
	var (
		done string
		n    int
		err  error
	)
	ctx, id := r.Context(), caseID(r)
	switch r.PostFormValue("action") {
	case "add":
		h.addClaim(w, r, s)
		return
	case "import":
		done = "imported"
		n, err = h.upload(r, "import_file", maxDebtFile, func(name string, data []byte) (int, error) {
			return h.svc.ImportClaims(ctx, s.user, id, name, data)
		})
	case "request":
		done = "requested"
		n, err = h.svc.RequestFromCreditors(ctx, s.user, id)
		err = atField(err, "request")
	case "consent":
		done, err = "consent", atField(h.consent(r, s), "consent")
	case "collection":
		done = "collection"
		_, err = h.upload(r, "collection_file", maxCollectionFile, func(name string, data []byte) (int, error) {
			return 0, h.svc.FileCollectionData(ctx, s.user, id, name, data)
		})
	case "file":
		done = "filed"
		_, err = h.svc.FileSchedule(ctx, s.user, id)
		err = atField(err, "file_schedule")
	default:
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	h.afterDebtPost(w, r, s, err, done, n)
}

// afterDebtPost redirects to the debt page with a message, or shows it
// again with err: a case the user may not see is not found, not a form
// error.
func (h *Handler) afterDebtPost(w http.ResponseWriter, r *http.Request, s *session, err error, done string, n int) {
	if err != nil {
		if code := torg.ErrorCode(err); code == torg.ENOTFOUND || code == torg.EFORBIDDEN || code == torg.EINTERNAL {
			h.fail(w, r, err)
			return
		}
		h.debtView(w, r, s, err)
		return
	}
	to := "/cases/" + r.PathValue("id") + "/debts?done=" + done
	if n > 0 {
		to += "&n=" + strconv.Itoa(n)
	}
	http.Redirect(w, r, to+"#"+debtAnchor(done), http.StatusSeeOther)
}

// debtAnchor is the part of the debt page a message after done is about.
func debtAnchor(done string) string {
	switch done {
	case "consent", "collection", "requested":
		return "creditors"
	case "budget":
		return "budget"
	case "filed":
		return "export"
	}
	return "claims"
}

// consent records the citizen's answer on the debt-collection register
// (DC6.3).
func (h *Handler) consent(r *http.Request, s *session) error {
	var granted bool
	switch r.PostFormValue("consent") {
	case "granted":
		granted = true
	case "declined":
	default:
		return torg.FieldError("consent", "debtui.consent_choose")
	}
	return h.svc.RecordCollectionConsent(r.Context(), s.user, caseID(r), granted)
}

// upload reads the file of a multipart field, of at most max bytes, and
// hands it to use. A missing or too large file, or one use refuses, is an
// error at field.
func (h *Handler) upload(r *http.Request, field string, max int64, use func(name string, data []byte) (int, error)) (int, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return 0, torg.FieldError(field, "debtui.file_required")
	}
	fh := r.MultipartForm.File[field][0]
	if fh.Size > max {
		return 0, torg.FieldError(field, "debt.file_too_large", "max", max>>20)
	}
	data, err := readUpload(fh, max)
	if err != nil {
		return 0, err
	}
	n, err := use(fh.Filename, data)
	return n, atField(err, field)
}

func readUpload(fh *multipart.FileHeader, max int64) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max+1))
}

// atField puts an invalid-input error at field, the form that caused it,
// whatever field the service named: the upload or button it came from is
// where the user acts on it. A reason given as a message key, as the
// import's line errors give it, is marked for translation.
func atField(err error, field string) error {
	e := torg.AsError(err)
	if e == nil || e.Code != torg.EINVALID {
		return err
	}
	c := *e
	c.Field = field
	return &c
}

// translateArgs translates the arguments of err that are message keys
// themselves, such as the "reason" of an import's line error, so that the
// message reads as a sentence.
func translateArgs(pg *page, err error) error {
	e := torg.AsError(err)
	if _, joined := err.(interface{ Unwrap() []error }); joined || e == nil || len(e.Args) == 0 {
		return err
	}
	c := *e
	c.Args = slices.Clone(e.Args)
	for i := 1; i < len(c.Args); i += 2 {
		if k, ok := c.Args[i].(string); ok && c.Args[i-1] == "reason" && i18n.Has(k) {
			c.Args[i] = pg.T(k)
		}
	}
	return &c
}

// scheduleFile serves the schedule as a download made by make. The file
// name comes from the service and carries the case number, never the
// national ID.
func (h *Handler) scheduleFile(make func(ctx context.Context, a *torg.Employee, caseID int64) (string, []byte, error),
	contentType string) func(http.ResponseWriter, *http.Request, *session) {
	return func(w http.ResponseWriter, r *http.Request, s *session) {
		name, data, err := make(r.Context(), s.user, caseID(r))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Write(data)
	}
}
