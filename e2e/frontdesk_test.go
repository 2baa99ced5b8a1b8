package e2e

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
)

// What the demo municipality holds for the routine (internal/demo).
const (
	kariName    = "Kari Nordmann"
	counsellor  = "Eva Gran"         // responsible for Kari's debt case
	debtUnit    = "Gjeldsrådgivning" // the debt counselling service, also its post shelf
	msgChannel  = "eDialog"          // the debt service's secure message channel (FD2.5)
	walkSummary = "Ønsker time hos gjeldsrådgiver. Har fått inkassovarsel fra to kreditorer."
	scanName    = "skannet-dokumentasjon.pdf"
)

// emailRE matches what looks like an e-mail address.
var emailRE = regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.-]+`)

// frontDesk is the state the steps of the routine pass on.
type frontDesk struct {
	tab        *tab
	p          *i18n.Printer // the page language: bokmål, the municipality's
	person     string        // Kari's page, /persons/{id}
	caseNumber string        // her debt case
	checklist  []string      // the debt service's checklist (FD2.3)
	formNotice string        // what the drop-off form says about e-mail (FD2.5)
	formShelf  string        // the shelf the drop-off form proposes (FD2.4)
	scan       []byte        // the PDF attached to the drop-off
}

// TestFrontDeskRoutineInBrowser walks the front desk routine in a browser:
// the desk registers a walk-in inquiry (FD1) and a drop-off of documents
// for Kari Nordmann's debt case (FD2); the counsellor then finds both
// tasks on her work list and the scan in the case. Every page on the way
// is checked with axe-core.
func TestFrontDeskRoutineInBrowser(t *testing.T) {
	r := &frontDesk{tab: newTab(t), p: i18n.New(i18n.NB)}
	steps := []struct {
		name string
		run  func(*tab)
	}{
		{"front desk logs in", r.logIn},
		{"FD1.1 look the person up by national ID", r.lookUp},
		{"FD1.2 register the oral inquiry for the debt service", r.walkIn},
		{"FD2.2 look the case up and prepare the drop-off", r.openDropOff},
		{"FD2.3 tell what is missing and check the power of attorney", r.dropOff},
		{"FD2.4 the papers go in the service's post shelf", r.shelf},
		{"FD2.5 no e-mail address, digital delivery through eDialog", r.noEmail},
		{"counsellor's work list shows both tasks", r.workList},
		{"case lists the scanned document", r.caseDocument},
	}
	for _, s := range steps {
		if !t.Run(s.name, func(t *testing.T) { s.run(r.tab.in(t)) }) {
			t.FailNow() // each step builds on the one before
		}
	}
}

func (r *frontDesk) logIn(b *tab) {
	b.open("/login")
	b.chooseLanguage(string(i18n.NB))
	b.checkAccessibility("login")
	b.login("skranke")
	if p := b.path(); p != "/desk" {
		b.t.Fatalf("front desk lands on %s, want /desk", p)
	}
}

func (r *frontDesk) lookUp(b *tab) {
	b.checkAccessibility("desk")
	b.screenshot("desk")
	b.do("enter the national ID", chromedp.SendKeys(chromedp.ID("nin"), demo.DemoNIN))
	b.submit(`form:has(input[name=action][value=nin]) button[type=submit]`, http.StatusOK)
	r.person = b.path()
	if !regexp.MustCompile(`^/persons/\d+$`).MatchString(r.person) {
		b.t.Fatalf("the lookup shows %s, want /persons/{id}", r.person)
	}
	if h := b.text("h1"); !strings.Contains(h, kariName) {
		b.t.Errorf("person page heading %q, want %s", h, kariName)
	}
	nin := strings.ReplaceAll(b.kv()[r.p.T("nin.label")], " ", "")
	if nin != demo.DemoNIN {
		b.t.Errorf("person page shows national ID %q, want %s", nin, demo.DemoNIN)
	}
	b.checkAccessibility("person")
	b.screenshot("person")
}

func (r *frontDesk) walkIn(b *tab) {
	b.load("open the walk-in form", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href="`+r.person+`/walk-in"]`)))
	b.checkAccessibility("walk-in form")
	if u := b.text("#unit option:checked"); u != debtUnit {
		b.t.Errorf("walk-in form proposes the service %q, want %s", u, debtUnit)
	}
	if !eval[bool](b, `document.querySelector('input[name=from][value=citizen]').checked`) {
		b.t.Error("walk-in form: the inquiry is not from the citizen by default")
	}
	b.do("write the inquiry down", chromedp.SendKeys(chromedp.ID("summary"), walkSummary))
	b.submit(`form[action="`+r.person+`/walk-in"] button[type=submit]`, http.StatusOK)
	if p := b.path(); !strings.HasPrefix(p, "/inquiries/") {
		b.t.Fatalf("after the walk-in form the page is %s (%s), want the receipt", p, b.text(".error-summary"))
	}
	kv := b.kv()
	want := map[string]string{r.p.T("receipt.person"): kariName, r.p.T("receipt.unit"): debtUnit,
		r.p.T("receipt.follow_up"): counsellor}
	r.checkKV(b, "walk-in receipt", kv, want)
	if got, w := b.text(".alert-success"), r.p.T("receipt.walk_in_done", "case", kv[r.p.T("case.number")]); got != w {
		b.t.Errorf("walk-in receipt says %q, want %q", got, w)
	}
	b.checkAccessibility("walk-in receipt")
}

// checkKV checks a page's description list has the terms of want with
// their descriptions.
func (r *frontDesk) checkKV(b *tab, page string, got, want map[string]string) {
	b.t.Helper()
	for k, w := range want {
		if got[k] != w {
			b.t.Errorf("%s: %s is %q, want %q", page, k, got[k], w)
		}
	}
}

func (r *frontDesk) openDropOff(b *tab) {
	b.load("back to the person", http.StatusOK, chromedp.Click(chromedp.CSS(`dl.kv a[href="`+r.person+`"]`)))
	link := `a[href^="` + r.person + `/drop-off?case="]`
	if n := eval[int](b, `document.querySelectorAll(`+jsString(link)+`).length`); n != 1 {
		b.t.Fatalf("person page offers %d drop-offs, want 1 for the debt case", n)
	}
	r.caseNumber = strings.Trim(b.text(link+" .sr-only"), " ()")
	b.load("open the drop-off form", http.StatusOK, chromedp.Click(chromedp.CSS(link)))
	info := b.text(".alert-info")
	for _, w := range []string{
		r.p.T("dropoff.case", "case", r.caseNumber, "unit", debtUnit),
		r.p.T("case.responsible") + ": " + counsellor,
		r.p.T("dropoff.encourage"), // FD2.1
	} {
		if !strings.Contains(info, w) {
			b.t.Errorf("drop-off form lacks %q in %q", w, info)
		}
	}
	r.formNotice = info
	r.formShelf = eval[string](b, `document.getElementById("shelf").value`)
	r.checklist = eval[[]string](b, `[...document.querySelectorAll("input[name=delivered]")].map(e => e.value)`)
	if len(r.checklist) < 3 {
		b.t.Fatalf("drop-off checklist %q, want at least 3 items", r.checklist)
	}
	b.checkAccessibility("drop-off form")
}

func (r *frontDesk) dropOff(b *tab) {
	r.scan = minimalPDF
	file := filepath.Join(b.t.TempDir(), scanName)
	if err := os.WriteFile(file, r.scan, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.do("fill in the drop-off form",
		chromedp.Click(chromedp.CSS(`ul.checklist li:nth-child(1) input`)),
		chromedp.Click(chromedp.CSS(`ul.checklist li:nth-child(2) input`)),
		chromedp.Click(chromedp.CSS(`input[name=poa][value=incomplete]`)),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{file}),
	)
	b.screenshot("dropoff")
	b.submit(`form[enctype="multipart/form-data"] button[type=submit]`, http.StatusOK)
	if p := b.path(); !strings.HasPrefix(p, "/inquiries/") {
		b.t.Fatalf("after the drop-off form the page is %s (%s), want the receipt", p, b.text(".error-summary"))
	}
	if got, w := b.text(".alert-success"), r.p.T("receipt.drop_off_done", "case", r.caseNumber); got != w {
		b.t.Errorf("drop-off receipt says %q, want %q", got, w)
	}
	if missing := b.texts(`section[aria-labelledby=tell-heading] ul li`); !slices.Equal(missing, r.checklist[2:]) {
		b.t.Errorf("drop-off receipt lists as missing\n%q\nwant\n%q", missing, r.checklist[2:])
	}
	if got, w := b.text(`section[aria-labelledby=tell-heading] .alert-warning`), r.p.T("receipt.poa_incomplete"); got != w {
		b.t.Errorf("drop-off receipt says of the power of attorney %q, want %q", got, w)
	}
	r.checkKV(b, "drop-off receipt", b.kv(), map[string]string{r.p.T("case.number"): r.caseNumber,
		r.p.T("receipt.follow_up"): counsellor})
	b.checkAccessibility("drop-off receipt")
	b.screenshot("receipt")
}

func (r *frontDesk) shelf(b *tab) {
	if r.formShelf != debtUnit {
		b.t.Errorf("drop-off form proposes the shelf %q, want %q", r.formShelf, debtUnit)
	}
	if got := b.kv()[r.p.T("dropoff.shelf")]; got != debtUnit {
		b.t.Errorf("drop-off receipt names the shelf %q, want %q", got, debtUnit)
	}
}

func (r *frontDesk) noEmail(b *tab) {
	w := r.p.T("dropoff.no_email", "channel", msgChannel)
	if !strings.Contains(r.formNotice, w) {
		b.t.Errorf("drop-off form does not say %q", w)
	}
	if got := b.text(".alert-info"); got != w {
		b.t.Errorf("drop-off receipt says %q, want %q", got, w)
	}
	html := eval[string](b, `document.documentElement.outerHTML`)
	if m := emailRE.FindAllString(html, -1); len(m) > 0 {
		b.t.Errorf("drop-off receipt shows e-mail addresses %q", m)
	}
	if strings.Contains(b.text("body"), "@") {
		b.t.Error("drop-off receipt shows an @")
	}
}

// task is a row of the work list.
type task struct {
	Title  string `json:"title"`
	Href   string `json:"href"`
	Detail string `json:"detail"`
}

func (r *frontDesk) workList(b *tab) {
	b.logout()
	b.login("eg")
	if p := b.path(); p != "/work" {
		b.t.Fatalf("counsellor lands on %s, want /work", p)
	}
	tasks := eval[[]task](b, `[...document.querySelectorAll("ul.worklist > li")].map(li => {
		const t = li.querySelector(".task-title");
		return {title: t.innerText.trim(), href: t.querySelector("a")?.getAttribute("href") ?? "",
			detail: li.innerText};
	})`)
	walk := findTask(tasks, r.p.T("task.walk_in", "name", kariName))
	drop := findTask(tasks, r.p.T("task.drop_off", "name", kariName, "case", r.caseNumber))
	switch {
	case walk == nil:
		b.t.Errorf("work list lacks the walk-in follow-up; it has %+v", tasks)
	case !strings.Contains(walk.Detail, walkSummary):
		b.t.Errorf("walk-in task %q does not tell what the inquiry is", walk.Detail)
	}
	switch {
	case drop == nil:
		b.t.Fatalf("work list lacks the documentation delivered task; it has %+v", tasks)
	case !strings.Contains(drop.Detail, r.p.T("task.drop_off_detail", "shelf", debtUnit)):
		b.t.Errorf("drop-off task %q does not name the shelf", drop.Detail)
	}
	b.checkAccessibility("work list")
	b.screenshot("worklist")
	b.load("open the case", http.StatusOK, chromedp.Click(chromedp.CSS(`ul.worklist a[href="`+drop.Href+`"]`)))
}

func findTask(tasks []task, title string) *task {
	for i := range tasks {
		if tasks[i].Title == title {
			return &tasks[i]
		}
	}
	return nil
}

func (r *frontDesk) caseDocument(b *tab) {
	if got := b.kv()[r.p.T("case.number")]; got != r.caseNumber {
		b.t.Fatalf("the task opens case %q, want %q", got, r.caseNumber)
	}
	href := eval[string](b, `[...document.querySelectorAll("#timeline a[href*='/documents/']")]
		.find(a => a.innerText.trim() === `+jsString(scanName)+`)?.getAttribute("href") ?? ""`)
	if href == "" {
		b.t.Fatalf("case page does not list %s", scanName)
	}
	b.checkAccessibility("case")
	b.screenshot("case")
	if got := r.download(b, href); !bytes.Equal(got, r.scan) {
		b.t.Errorf("%s downloads as %d bytes, want the %d bytes uploaded", href, len(got), len(r.scan))
	}
}

// download fetches a path with the browser's session, as a click on a
// document link would, but without a PDF viewer in the way.
func (r *frontDesk) download(b *tab, path string) []byte {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.ctx, http.MethodGet, env.baseURL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, c := range b.cookies() {
		req.AddCookie(c)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.t.Fatalf("GET %s: %s", path, res.Status)
	}
	data, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return data
}

// minimalPDF is a valid one-page PDF, as a scanner would deliver.
var minimalPDF = []byte("%PDF-1.4\n" +
	"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
	"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
	"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n" +
	"trailer <</Root 1 0 R>>\n%%EOF\n")
