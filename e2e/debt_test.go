package e2e

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/i18n"
)

// debtCreditor is the claim the browser test adds.
const debtCreditor = "Kredittbanken ASA"

// TestDebtScheduleInBrowser opens the debt schedule of a demo case as a
// counsellor, adds a claim typed as counsellors type amounts, is refused a
// bad one, makes the budget and sees the capacity. The debt page, with and
// without errors, and the budget page are checked with axe-core and
// screenshot. It uses a case under handling other than Kari Nordmann's:
// not the finished cases of the other browser tests.
func TestDebtScheduleInBrowser(t *testing.T) {
	b := newTab(t)
	p := i18n.New(i18n.NB)
	b.open("/login")
	b.chooseLanguage(string(i18n.NB))
	b.login("eg")
	b.open("/cases?status=B") // a case under handling: the routine's browser test leaves its own finished
	caseLink := eval[string](b, `[...document.querySelectorAll("table.data tbody tr")]
		.filter(r => !r.innerText.includes("Kari Nordmann"))
		.map(r => r.querySelector('a[href^="/cases/"]')?.getAttribute("href") ?? "")
		.find(h => h !== "") ?? ""`)
	if caseLink == "" {
		t.Fatal("the case list shows no case besides Kari Nordmann's")
	}
	debts := caseLink + "/debts"
	t.Run("DC6.1 the debt page is accessible", func(t *testing.T) {
		b := b.in(t)
		b.open(debts)
		if h := b.text("h1"); h != p.T("debtui.title") {
			t.Errorf("heading %q, want %q", h, p.T("debtui.title"))
		}
		b.checkAccessibility("debt schedule, empty")
	})
	t.Run("DC6.1 add a claim in kroner with a comma", func(t *testing.T) {
		b := b.in(t)
		b.open(debts)
		b.do("fill in the claim",
			chromedp.SendKeys(chromedp.ID("creditor"), debtCreditor),
			chromedp.SendKeys(chromedp.ID("reference"), "KB-2026-118"),
			chromedp.SendKeys(chromedp.ID("creditor_addr"), "Postboks 118 Sentrum\n0101 Oslo"),
			chromedp.SendKeys(chromedp.ID("principal"), "45 000"),
			chromedp.SendKeys(chromedp.ID("interest"), "3 210,50"),
			chromedp.SendKeys(chromedp.ID("fees"), "350"),
			chromedp.SendKeys(chromedp.ID("monthly"), "1 250"),
		)
		b.submit(`form:has(input[name=action][value=add]) button[type=submit]`, http.StatusOK)
		if path := b.path(); path != debts {
			t.Fatalf("after adding the claim the page is %s, want %s", path, debts)
		}
		if got := b.text(".alert-success"); got != p.T("debtui.flash_added") {
			t.Errorf("message %q, want %q", got, p.T("debtui.flash_added"))
		}
		row := strings.ReplaceAll(b.text(`table.debt-table tbody tr`), "\u00a0", " ")
		if !strings.Contains(row, debtCreditor) || !strings.Contains(row, "48 560,50") {
			t.Errorf("the schedule's row reads %q, want %s with the balance 48 560,50", row, debtCreditor)
		}
	})
	t.Run("DC6.1 a bad amount is told at its field", func(t *testing.T) {
		b := b.in(t)
		b.open(debts)
		b.do("type a bad amount",
			chromedp.SendKeys(chromedp.ID("creditor"), "Inkasso AS"),
			chromedp.SendKeys(chromedp.ID("balance"), "12,3,4"),
		)
		b.submit(`form:has(input[name=action][value=add]) button[type=submit]`, http.StatusUnprocessableEntity)
		if got := b.texts(`#error-summary a[href="#balance"]`); len(got) != 1 || got[0] != b.text("#balance-error") {
			t.Errorf("error summary %q does not link to the balance's error %q", got, b.text("#balance-error"))
		}
		if v := eval[string](b, `document.getElementById("creditor").value`); v != "Inkasso AS" {
			t.Errorf("the form lost the creditor: %q", v)
		}
		b.checkAccessibility("debt schedule with an error")
	})
	t.Run("DC6.5 the budget gives the capacity and the scenarios", func(t *testing.T) {
		b := b.in(t)
		b.open(caseLink + "/budget")
		b.checkAccessibility("budget, empty")
		b.do("fill in the budget",
			chromedp.Click(chromedp.CSS(`input[name=household][value=single]`)),
			chromedp.SendKeys(chromedp.ID("children"), "8"),
			chromedp.SendKeys(chromedp.ID("income_salary"), "34 000"),
			chromedp.SendKeys(chromedp.ID("expense_rent"), "12 000"),
			chromedp.SendKeys(chromedp.ID("expense_rent_note"), "Kommunal utleiebolig"),
			chromedp.SendKeys(chromedp.ID("lump_sum"), "20 000"),
			chromedp.SendKeys(chromedp.ID("refi_rate"), "12,5"),
			chromedp.SendKeys(chromedp.ID("refi_years"), "5"),
		)
		b.screenshot("budget")
		b.submit(`form[action$="/budget"] button[type=submit]`, http.StatusOK)
		if got := b.text(".alert-success"); got != p.T("debtui.flash_budget") {
			t.Fatalf("message %q, want %q (%s)", got, p.T("debtui.flash_budget"), b.text(".error-summary"))
		}
		kv := b.kv()
		if got := strings.ReplaceAll(kv[p.T("debtui.capacity")], "\u00a0", " "); got != "6 723,00 kr" {
			t.Errorf("capacity %q, want 6 723,00 kr (domain.md §3.4)", got)
		}
		if n := len(b.texts(".scenario")); n != 3 {
			t.Errorf("%d scenarios, want 3", n)
		}
		b.checkAccessibility("debt schedule with budget and scenarios")
		b.screenshot("debts")
		b.open(caseLink + "/budget")
		b.checkAccessibility("budget, filled in")
	})
	t.Run("DC6.6 the schedule downloads as a spreadsheet", func(t *testing.T) {
		b := b.in(t)
		req, _ := http.NewRequest("GET", env.baseURL+debts+".xlsx", nil)
		for _, c := range b.cookies() {
			req.AddCookie(c)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		disp := res.Header.Get("Content-Disposition")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(data), "PK") ||
			!regexp.MustCompile(`^attachment; filename=\S+\.xlsx$`).MatchString(disp) {
			t.Errorf("download: %d %q, %d bytes", res.StatusCode, disp, len(data))
		}
	})
	t.Run("the debt page fits a phone's screen", func(t *testing.T) {
		b := b.in(t)
		b.do("use a phone's screen", chromedp.EmulateViewport(mobileWidth, mobileHeight, chromedp.EmulateMobile))
		b.open(debts)
		if w := eval[int](b, `document.documentElement.scrollWidth`); w > mobileWidth {
			t.Errorf("debt page is %dpx wide on a %dpx screen", w, mobileWidth)
		}
		b.checkAccessibility("debt schedule on a phone")
	})
}
