package web_test

import (
	"bytes"
	"context"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// nbsp is the non-breaking space that groups digits and joins an amount to
// its currency.
const nbsp = "\u00a0"

// upload posts a multipart form with one file in field.
func (c *client) upload(path string, form url.Values, field, name string, data []byte) (int, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if name != "" {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// claimForm is the add-claim form of a debt page with the given fields.
func claimForm(t *testing.T, page string, kv ...string) url.Values {
	t.Helper()
	v := url.Values{"csrf": {field(t, csrfRE, page)}, "request_key": {field(t, keyRE, page)}, "action": {"add"},
		"kind": {"consumer_loan"}, "source": {"citizen"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func claims(t *testing.T, f *casetest.Fixture, caseID int64) []*torg.Claim {
	t.Helper()
	v, err := f.Svc.Debts(context.Background(), f.EG, caseID)
	if err != nil {
		t.Fatal(err)
	}
	return v.Claims
}

func TestDebtPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		eg := newClient(t, base)
		eg.login("eg")
		debts := "/cases/" + itoa(f.KariCase.ID) + "/debts"

		t.Run("DC6.1 the debt and budget pages render in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				eg.lang = string(lang)
				for _, path := range []string{debts, "/cases/" + itoa(f.KariCase.ID) + "/budget"} {
					code, body := eg.get(path)
					if code != http.StatusOK || !strings.Contains(body, `<html lang="`+string(lang)+`">`) {
						t.Errorf("%s %s: %d", lang, path, code)
					}
					noMissingText(t, body)
				}
			}
			eg.lang = "nb"
		})
		t.Run("DC6.1 a claim typed in kroner with a comma is added once, however often it is sent", func(t *testing.T) {
			_, page := eg.get(debts)
			v := claimForm(t, page, "creditor", "Kredittbanken ASA", "reference", "KB-1", "principal", "12 345,50",
				"interest", "1000", "fees", "0,5", "monthly", "500", "as_of", "2026-11-01", "in_collection", "yes")
			code, body := eg.post(debts, v)
			if code != http.StatusOK || !strings.Contains(body, "Kravet er lagt til") {
				t.Fatalf("%d: no confirmation", code)
			}
			if want := ">13" + nbsp + "346,00<"; !strings.Contains(body, want) || !strings.Contains(body, `<span class="unit">(kr)</span>`) {
				t.Errorf("the schedule does not show the balance as %q in a column of kroner", want)
			}
			if strings.Contains(eg.seen[len(eg.seen)-1], "Kredittbanken") {
				t.Errorf("the redirect carries the form: %s", eg.seen[len(eg.seen)-1])
			}
			code, body = eg.post(debts, v)
			if code != http.StatusOK || !strings.Contains(body, "Skjemaet er allerede sendt") {
				t.Errorf("second submit: %d, want the already-sent message", code)
			}
			cs := claims(t, f, f.KariCase.ID)
			if len(cs) != 1 {
				t.Fatalf("%d claims after two submits of one form, want 1", len(cs))
			}
			c := cs[0]
			if c.Principal != 1_234_550 || c.Fees != 50 || c.Balance != 1_334_600 || !c.InCollection || c.AsOf.String() != "2026-11-01" {
				t.Errorf("claim %+v", c)
			}
		})
		t.Run("DC6.1 bad amounts are refused at their fields and nothing typed is lost", func(t *testing.T) {
			for _, tt := range []struct{ amount, msg string }{
				{"12,3,4", "Skriv beløpet i kroner"},
				{"-100", i18n.New(i18n.NB).T("debt.amount_negative")},
				{"200 000 000", i18n.New(i18n.NB).T("debt.amount_absurd")},
			} {
				_, page := eg.get(debts)
				code, body := eg.post(debts, claimForm(t, page, "creditor", "Inkasso & Co", "principal", tt.amount))
				if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="principal-error"`) || !strings.Contains(body, tt.msg) {
					t.Errorf("%q: %d, want the error %q at the principal", tt.amount, code, tt.msg)
				}
				if !strings.Contains(body, `href="#principal"`) {
					t.Errorf("%q: the error summary does not link to the field", tt.amount)
				}
				if !strings.Contains(body, `value="Inkasso &amp; Co"`) || !strings.Contains(body, `value="`+tt.amount+`"`) {
					t.Errorf("%q: the form lost what was typed", tt.amount)
				}
				noMissingText(t, body)
			}
			_, page := eg.get(debts)
			_, body := eg.post(debts, claimForm(t, page, "creditor", "X", "principal", "1,2,3", "interest", "abc"))
			if !strings.Contains(body, `id="principal-error"`) || !strings.Contains(body, `id="interest-error"`) {
				t.Error("two unreadable amounts: not both marked")
			}
			if n := len(claims(t, f, f.KariCase.ID)); n != 1 {
				t.Errorf("%d claims after refused forms, want 1", n)
			}
		})
		t.Run("DC6.4 a claim is edited, and deleted only after confirming", func(t *testing.T) {
			c := claims(t, f, f.KariCase.ID)[0]
			path := debts + "/" + itoa(c.ID)
			code, page := eg.get(path)
			if code != http.StatusOK || !strings.Contains(page, `name="principal" value="12345,50"`) {
				t.Fatalf("%d: the edit form does not show the principal", code)
			}
			if !strings.Contains(page, `name="balance" value=""`) {
				t.Error("a balance that sums its parts is not left empty to follow them")
			}
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"save"}, "kind": {"credit_card"}, "source": {"creditor"},
				"creditor": {"Kredittbanken ASA"}, "creditor_addr": {"Postboks 1\r\n0101 Oslo"}, "principal": {"20000"}, "balance": {"21 000"}}
			if code, body := eg.post(path, v); code != http.StatusOK || !strings.Contains(body, "Kravet er lagret") {
				t.Errorf("save: %d", code)
			}
			if c := claims(t, f, f.KariCase.ID)[0]; c.Kind != "credit_card" || c.Balance != 2_100_000 || c.CreditorAddr != "Postboks 1\n0101 Oslo" {
				t.Errorf("after save: %+v", c)
			}
			v.Set("balance", "abc")
			if code, body := eg.post(path, v); code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="abc"`) {
				t.Errorf("bad balance: %d", code)
			}
			code, body := eg.post(path, url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"delete"}})
			if code != http.StatusOK || !strings.Contains(body, `value="delete_confirmed"`) {
				t.Fatalf("delete: %d, want the confirmation", code)
			}
			if n := len(claims(t, f, f.KariCase.ID)); n != 1 {
				t.Fatalf("the claim went before it was confirmed")
			}
			code, body = eg.post(path, url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"delete_confirmed"}})
			if code != http.StatusOK || !strings.Contains(body, "Kravet er slettet") || len(claims(t, f, f.KariCase.ID)) != 0 {
				t.Errorf("delete confirmed: %d", code)
			}
			if code, _ := eg.get(path); code != http.StatusNotFound {
				t.Errorf("the deleted claim's page: %d", code)
			}
		})
		t.Run("DC6.1 a debt-register file is imported, and a bad one is refused with the reason", func(t *testing.T) {
			_, page := eg.get(debts)
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"import"}}
			code, body := eg.upload(debts, v, "import_file", "gjeld.csv", []byte("kreditor;saldo\nBank A;abc\n"))
			reason := i18n.New(i18n.NB).T("debt.import_amount")
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="import_file-error"`) || !strings.Contains(body, reason) {
				t.Errorf("bad line: %d, want the error at the upload with %q", code, reason)
			}
			noMissingText(t, body)
			if code, body := eg.upload(debts, v, "import_file", "", nil); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Velg en fil") {
				t.Errorf("no file: %d", code)
			}
			code, body = eg.upload(debts, v, "import_file", "gjeld.csv",
				[]byte("kreditor;kreditoradresse;saldo;terminbeløp\nBank A;Postboks 7, 0101 Oslo;10 000;500\nBank B;Postboks 8, 0102 Oslo;2000,50;100\n"))
			if code != http.StatusOK || !strings.Contains(body, "Importerte krav: 2") {
				t.Errorf("import: %d, want 2 claims imported", code)
			}
		})
		t.Run("DC6.5 a budget without income is refused; a budget gives the capacity and dividend", func(t *testing.T) {
			budget := "/cases/" + itoa(f.KariCase.ID) + "/budget"
			_, page := eg.get(budget)
			if !strings.Contains(page, `value="5"`) {
				t.Error("the period is not 5 years by default")
			}
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "household": {"single"}, "children": {"8"}, "years": {"5"},
				"expense_rent": {"12 000"}, "expense_rent_note": {"Kommunal bolig"}}
			code, body := eg.post(budget, v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="income-error"`) ||
				!strings.Contains(body, i18n.New(i18n.NB).T("budget.income_missing")) {
				t.Errorf("no income: %d, want the income error", code)
			}
			if !strings.Contains(body, `value="12 000"`) || !strings.Contains(body, `value="Kommunal bolig"`) || !strings.Contains(body, `value="8"`) {
				t.Error("the refused budget lost what was typed")
			}
			noMissingText(t, body)
			v.Set("children", "8, x")
			if _, body := eg.post(budget, v); !strings.Contains(body, `id="children-error"`) {
				t.Error("bad ages not marked")
			}
			// domain.md §3.4: a single parent, a child of 8, net 34 000, rent 12 000.
			v.Set("children", "8")
			v.Set("income_salary", "34000")
			v.Set("refi_rate", "12,5")
			v.Set("refi_years", "5")
			code, body = eg.post(budget, v)
			if code != http.StatusOK || !strings.Contains(body, "Budsjettet er lagret") {
				t.Fatalf("save: %d", code)
			}
			if want := "6" + nbsp + "723,00" + nbsp + "kr"; !strings.Contains(body, want) {
				t.Errorf("the debt page does not show the capacity %q", want)
			}
			b, err := f.Svc.Debts(t.Context(), f.EG, f.KariCase.ID)
			if err != nil || b.Budget == nil || b.Budget.RefiRate != 1250 || len(b.Budget.ChildAges) != 1 {
				t.Fatalf("saved budget %+v, %v", b.Budget, err)
			}
			if _, page := eg.get(budget); !strings.Contains(page, `value="34000"`) || !strings.Contains(page, `value="12,5"`) {
				t.Error("the budget form does not show the saved budget")
			}
		})
		t.Run("DC6.2 the request to the creditors is sent and the answer date shown", func(t *testing.T) {
			_, page := eg.get(debts)
			code, body := eg.post(debts, url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"request"}})
			if code != http.StatusOK || !strings.Contains(body, "Forespørsler sendt: 2") {
				t.Fatalf("%d: no confirmation", code)
			}
			if !strings.Contains(body, "23.01.2027") {
				t.Error("the page does not show the answer date 2 months on")
			}
			code, body = eg.post(debts, url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"request"}})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="request-error"`) {
				t.Errorf("second request: %d, want the error at the button", code)
			}
		})
		t.Run("DC6.3 the consent is a choice, and the fetched data a PDF", func(t *testing.T) {
			_, page := eg.get(debts)
			csrf := field(t, csrfRE, page)
			if code, body := eg.post(debts, url.Values{"csrf": {csrf}, "action": {"consent"}}); code != http.StatusUnprocessableEntity ||
				!strings.Contains(body, `id="consent-error"`) {
				t.Errorf("no choice: %d", code)
			}
			if code, body := eg.post(debts, url.Values{"csrf": {csrf}, "action": {"consent"}, "consent": {"granted"}}); code != http.StatusOK ||
				!strings.Contains(body, "Brukerens svar om inkassoregisteret er lagret") {
				t.Errorf("granted: %d", code)
			}
			v := url.Values{"csrf": {csrf}, "action": {"collection"}}
			if code, body := eg.upload(debts, v, "collection_file", "inkasso.txt", []byte("hello")); code != http.StatusUnprocessableEntity ||
				!strings.Contains(body, `id="collection_file-error"`) {
				t.Errorf("not a PDF: %d", code)
			}
			if code, body := eg.upload(debts, v, "collection_file", "inkasso.pdf", []byte("%PDF-1.4 x")); code != http.StatusOK ||
				!strings.Contains(body, "arkivert i saken") {
				t.Errorf("PDF: %d", code)
			}
		})
		t.Run("DC6.6 the schedule downloads as xlsx and PDF, named without the national ID", func(t *testing.T) {
			for _, tt := range []struct{ ext, ctype string }{
				{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, {".pdf", "application/pdf"},
			} {
				req, _ := http.NewRequest("GET", base+debts+tt.ext, nil)
				resp, err := eg.http.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				_, params, _ := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
				name := params["filename"]
				if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tt.ctype || !strings.HasSuffix(name, tt.ext) ||
					!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
					t.Errorf("%s: %d %s %q", tt.ext, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
				}
				if strings.Contains(name, casetest.KariNIN) || strings.Contains(name, casetest.KariNIN[:6]) {
					t.Errorf("%s: file name %q carries the national ID", tt.ext, name)
				}
			}
		})
		t.Run("DC8.3 the schedule is filed in the case", func(t *testing.T) {
			_, page := eg.get(debts)
			code, body := eg.post(debts, url.Values{"csrf": {field(t, csrfRE, page)}, "action": {"file"}})
			if code != http.StatusOK || !strings.Contains(body, "Gjeldsskjemaet er arkivert i saken") {
				t.Errorf("%d: not filed", code)
			}
			_, casePage := eg.get("/cases/" + itoa(f.KariCase.ID))
			if !regexp.MustCompile(`\.pdf</a>`).MatchString(casePage) {
				t.Error("the case lists no filed PDF")
			}
		})
	})
}

// protectedCase makes a debt case for the strictly protected person, with
// the cleared leader responsible.
func protectedCase(t *testing.T, f *casetest.Fixture) *torg.Case {
	t.Helper()
	c := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt,
		Title: "Gjeldsrådgivning – skjermet", ResponsibleID: f.Leader.ID, Status: torg.CaseOpen}
	err := f.DB.Write(context.Background(), func(q *store.Q) error {
		if err := q.CreateCase(context.Background(), c, casetest.Now); err != nil {
			return err
		}
		return q.AddParty(context.Background(), &torg.Party{CaseID: c.ID, PersonID: f.Protected.ID, Role: torg.PartyApplicant})
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDebtPagesAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		prot := protectedCase(t, f)
		paths := func(id int64) []string {
			p := "/cases/" + itoa(id)
			return []string{p + "/debts", p + "/budget", p + "/debts.xlsx", p + "/debts.pdf"}
		}
		t.Run("a counsellor of another unit does not find the debt pages", func(t *testing.T) {
			bv := newClient(t, base)
			bv.login("bv")
			for _, p := range paths(f.KariCase.ID) {
				if code, _ := bv.get(p); code != http.StatusNotFound {
					t.Errorf("%s: %d, want 404", p, code)
				}
			}
			_, page := bv.get("/cases")
			code, _ := bv.post("/cases/"+itoa(f.KariCase.ID)+"/debts", url.Values{"csrf": {field(t, csrfRE, page)},
				"action": {"add"}, "kind": {"other"}, "creditor": {"X"}, "balance": {"100"}})
			if code != http.StatusNotFound || len(claims(t, f, f.KariCase.ID)) != 0 {
				t.Errorf("outsider adds a claim: %d", code)
			}
		})
		t.Run("DC1.3 a counsellor without clearance does not find the protected person's debt pages", func(t *testing.T) {
			eg := newClient(t, base)
			eg.login("eg")
			for _, p := range paths(prot.ID) {
				if code, _ := eg.get(p); code != http.StatusNotFound {
					t.Errorf("%s: %d, want 404", p, code)
				}
			}
			leader := newClient(t, base)
			leader.login("leder")
			if code, body := leader.get(paths(prot.ID)[0]); code != http.StatusOK || strings.Contains(body, "SOT6") {
				t.Errorf("cleared leader: %d, or the page shows the address", code)
			}
		})
	})
}

func TestRatesPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, base := newServer(t, db)
		admin := newClient(t, base)
		admin.login("admin")
		t.Run("only an administrator sees the rates", func(t *testing.T) {
			eg := newClient(t, base)
			eg.login("eg")
			if code, _ := eg.get("/admin/rates"); code != http.StatusForbidden {
				t.Errorf("counsellor: %d, want 403", code)
			}
			_, page := eg.get("/cases")
			if code, _ := eg.post("/admin/rates", url.Values{"csrf": {field(t, csrfRE, page)}, "valid_from": {"2027-07-01"}}); code != http.StatusForbidden {
				t.Errorf("counsellor posts: %d, want 403", code)
			}
		})
		t.Run("the table in force is marked, in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				admin.lang = string(lang)
				code, body := admin.get("/admin/rates")
				if code != http.StatusOK || strings.Count(body, `class="in-force"`) != 1 {
					t.Errorf("%s: %d, want one table in force", lang, code)
				}
				noMissingText(t, body)
			}
			admin.lang = "nb"
			_, body := admin.get("/admin/rates")
			if !regexp.MustCompile(`class="in-force">\s*<th scope="row">01\.07\.2024`).MatchString(body) {
				t.Error("the 2024 table is not the one in force on 23.11.2026")
			}
		})
		t.Run("a new dated table is added; bad amounts are refused", func(t *testing.T) {
			_, page := admin.get("/admin/rates")
			v := url.Values{"csrf": {field(t, csrfRE, page)}, "country": {"NO"}, "valid_from": {"2026-07-01"},
				"single": {"11 000"}, "cohabiting": {"9300"}, "supporting_partner": {"18 600"}, "child_0_5": {"3500"},
				"child_6_10": {"4650"}, "child_11_14": {"5900"}, "child_15_plus": {"abc"}, "source": {"Forskrift"}}
			code, body := admin.post("/admin/rates", v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="child_15_plus-error"`) || !strings.Contains(body, `value="11 000"`) {
				t.Errorf("bad amount: %d", code)
			}
			v.Set("child_15_plus", "0")
			if code, body := admin.post("/admin/rates", v); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="rates-error"`) {
				t.Errorf("zero rate: %d", code)
			}
			v.Set("child_15_plus", "6800")
			code, body = admin.post("/admin/rates", v)
			if code != http.StatusOK || !strings.Contains(body, "Satstabellen er lagt inn") {
				t.Fatalf("add: %d", code)
			}
			if !regexp.MustCompile(`class="in-force">\s*<th scope="row">01\.07\.2026`).MatchString(body) {
				t.Error("the new table is not in force")
			}
			if !strings.Contains(body, ">11"+nbsp+"000,00<") {
				t.Error("the new table's rate is not shown")
			}
		})
	})
}
