package e2e

import (
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
)

// What the applicant of the routine's browser test writes and is told.
const (
	dcPhone   = "+4791234567"
	dcSummary = "Jeg har forbrukslån og en kredittkortgjeld som jeg ikke klarer å betjene. Inntekten min varierer."
)

// dcCase is the state the steps of the debt counselling routine pass on.
type dcCase struct {
	p        *i18n.Printer // bokmål, the municipality's language
	nin      string        // the applicant's national ID
	given    string        // the applicant's names, as the register has them
	family   string
	person   string    // the applicant's page, /persons/{id}
	casePath string    // the case, /cases/{id}
	number   string    // the case number
	meeting  time.Time // the day of the first meeting
	due      string    // the creditors' answer date, dd.mm.yyyy (DC6.2)
}

// name is the applicant's full name.
func (r *dcCase) name() string { return r.given + " " + r.family }

// TestDebtCounsellingInBrowser runs one debt counselling case through the
// routine of issue 4 in the browser, as the citizen, the counsellor (eg),
// the front desk (skranke) and the leader (leder) do it: from the public
// application through review, an unanswered and then an answered call,
// the reply letter, the documentation at the desk, a meeting with its
// SMS, the debt mapping with two creditors and their answers, the budget,
// the feedback letter and the closing. Every page is checked with
// axe-core.
//
// The server runs on the real clock, so no wait of days can elapse: the
// walk takes the branches that end without a timer. The second call is
// answered, so DC2.2 ends answered and the wait of DC2.6, which follows
// two unanswered calls, never starts. The documents delivered at the desk
// end the 3–4 weeks of DC9.1 and bring DC3.4. The meeting is marked held
// before its day, which cancels the reminder of DC4.12; DC5's debt mapping
// cancels the wait of DC9.5. The citizen declines the debt-collection
// register, so the month of DC6.3-wait does not start, and the last
// creditor's answer ends the two months of DC6.2-wait. The case ends held
// open in DC8.6, whose two months the work list shows as what comes next.
func TestDebtCounsellingInBrowser(t *testing.T) {
	b := newTab(t)
	r := &dcCase{p: i18n.New(i18n.NB)}
	steps := []struct {
		name string
		run  func(*tab)
	}{
		{"DC1.1 a person of the demo population without a case", r.pickApplicant},
		{"DC1.1 the citizen applies on the public form in bokmål", r.apply},
		{"DC1.6 the counsellor finds the case in the case list by name", r.findCase},
		{"DC1.5 fill in from the registers", r.fillIn},
		{"DC2.1 the review finds unresolved matters", r.review},
		{"DC2.2 a call not answered, then a call answered", r.calls},
		{"DC2.3 the case is suitable", r.suitable},
		{"DC2.4 the reply with attachment and power of attorney is filed", r.reply},
		{"DC3.4 the front desk takes the documentation (FD2)", r.documents},
		{"DC3.4 the documentation suffices", r.sufficient},
		{"DC4.1 DC4.2 a meeting is booked from the case", r.book},
		{"DC4.3 the SMS confirmation is in the outbox", r.sms},
		{"DC4.4 no interpreter is needed", r.noInterpreter},
		{"DC4.9 DC4.10 the meeting is held and noted", r.held},
		{"DC5 the debt is to be mapped", r.mapDebt},
		{"DC6.1 the citizen wants help from the creditors", r.wantsHelp},
		{"DC6.3 the citizen declines the debt-collection register", r.consent},
		{"DC4.6 DC6.4 two claims of two creditors with postal addresses", r.claims},
		{"DC6.2 the request goes to both creditors", r.request},
		{"DC6.4 the creditors answer and the figures are entered", r.answers},
		{"DC6.5 the budget gives the capacity and the dividend", r.budget},
		{"DC6.6 the feedback letter goes with the debt schedule", r.feedback},
		{"DC6.7 DC6.8 the handling is finished", r.finished},
		{"DC8.2 the close page refuses an empty closing note", r.emptyNote},
		{"DC8 the case is closed with its letters, schedule and documents", r.close},
		{"DC8.6 the work list shows the case held open", r.heldOpen},
		{"DC8.8 a contact now needs a new application", r.applyAgain},
	}
	b.open("/login")
	b.chooseLanguage(string(i18n.NB))
	b.checkAccessibility("login")
	for _, s := range steps {
		if !t.Run(s.name, func(t *testing.T) { s.run(b.in(t)) }) {
			t.FailNow() // each step builds on the one before
		}
	}
}

// pickApplicant looks for a person of the demo population as the leader,
// who sees every person and case: unprotected, born on day 1–12 of a month
// so that the distribution table gives the case to Eva Gran (DC1.4), and
// without any case.
func (r *dcCase) pickApplicant(b *tab) {
	b.login("leder")
	defer b.logout()
	for _, family := range []string{"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen"} {
		b.open("/desk")
		b.do("search "+family, chromedp.SendKeys(chromedp.ID("q"), family))
		b.submit(`form:has(input[name=action][value=search]) button[type=submit]`, http.StatusOK)
		b.checkAccessibility("desk with search results")
		type row struct {
			Href, Name, Born string
			Badge            bool
		}
		rows := eval[[]row](b, `[...document.querySelectorAll("table.data tbody tr")].map(tr => ({
			href: tr.querySelector("a").getAttribute("href"), name: tr.querySelector("a").innerText.trim(),
			born: tr.cells[1].innerText.trim(), badge: !!tr.querySelector(".badge")}))`)
		for _, row := range rows {
			day, err := strconv.Atoi(strings.SplitN(row.Born, ".", 2)[0])
			if err != nil || row.Badge || day < 1 || day > 12 {
				continue
			}
			b.open(row.Href)
			if b.text("#cases-heading") != "" || b.text(`a[href^="`+row.Href+`/drop-off"]`) != "" {
				continue // the person has a case
			}
			kv := b.kv()
			if kv[r.p.T("person.digital_post")] != "" {
				continue // reserved against digital post: any will do, but keep the letters digital
			}
			r.nin = strings.ReplaceAll(kv[r.p.T("nin.label")], " ", "")
			r.person = row.Href
			r.given, r.family, _ = strings.Cut(strings.TrimSpace(row.Name), " ")
			if r.family != family { // a double given name: keep what the register has
				r.given = strings.TrimSuffix(strings.TrimSpace(row.Name), " "+family)
				r.family = family
			}
			b.checkAccessibility("person without a case")
			return
		}
	}
	b.t.Fatal("no unprotected person without a case born on day 1–12 among the demo population's searches")
}

func (r *dcCase) apply(b *tab) {
	b.open("/apply/" + demo.MunicipalityCode)
	if lang := eval[string](b, `document.documentElement.lang`); lang != string(i18n.NB) {
		b.chooseLanguage(string(i18n.NB))
	}
	if h := b.text("h1"); h != r.p.T("apply.title") {
		b.t.Errorf("application form heading %q, want %q", h, r.p.T("apply.title"))
	}
	b.checkAccessibility("application form")
	b.do("fill in the application",
		chromedp.SendKeys(chromedp.ID("nin"), r.nin),
		chromedp.SendKeys(chromedp.ID("given_name"), r.given),
		chromedp.SendKeys(chromedp.ID("family_name"), r.family),
		chromedp.SendKeys(chromedp.ID("phone"), dcPhone),
		chromedp.SendKeys(chromedp.ID("summary"), dcSummary),
	)
	b.screenshot("dc-apply")
	b.submit(`form[action^="/apply/"] button[type=submit]`, http.StatusOK)
	if h := b.text("h1"); h != r.p.T("apply.done_title") {
		b.t.Fatalf("after applying the page is %q (%s), want the receipt", h, b.text(".error-summary"))
	}
	if got := b.text(".alert-success"); got != r.p.T("apply.done_case") {
		b.t.Errorf("receipt says %q, want %q", got, r.p.T("apply.done_case"))
	}
	if n := caseNumberRE.FindString(b.text("main")); n != "" {
		b.t.Errorf("the public receipt shows the case number %s", n)
	}
	b.checkAccessibility("application receipt")
	b.screenshot("dc-apply-receipt")
}

// caseNumberRE matches a case number, such as 2026/000041.
var caseNumberRE = regexp.MustCompile(`\b\d{4}/\d{6}\b`)

func (r *dcCase) findCase(b *tab) {
	b.login("eg")
	b.open("/cases")
	b.do("search by name", chromedp.SendKeys(chromedp.ID("q"), r.name()))
	b.submit(`form[action="/cases"] button[type=submit]`, http.StatusOK)
	rows := b.texts("table.data tbody tr")
	if len(rows) != 1 || !strings.Contains(rows[0], r.name()) || !strings.Contains(rows[0], counsellor) {
		b.t.Fatalf("the case list finds %q for %s, want one case of %s", rows, r.name(), counsellor)
	}
	b.checkAccessibility("case list")
	b.load("open the case", http.StatusOK, chromedp.Click(chromedp.CSS(`table.data tbody a[href^="/cases/"]`)))
	r.casePath = b.path()
	r.number = b.kv()[r.p.T("case.number")]
	if !caseNumberRE.MatchString(r.number) {
		b.t.Fatalf("case page shows the number %q", r.number)
	}
	if got := b.kv()[r.p.T("case.responsible")]; got != counsellor {
		b.t.Errorf("responsible %q, want %s by the day of birth (DC1.4)", got, counsellor)
	}
	b.checkAccessibility("new case")
}

func (r *dcCase) fillIn(b *tab) {
	b.load("open the applicant", http.StatusOK, chromedp.Click(chromedp.CSS(`dl.kv a[href="`+r.person+`"]`)))
	if got := b.text("#registers p"); got != r.p.T("fillin.never") {
		b.t.Errorf("the person page says %q before any fill-in, want %q", got, r.p.T("fillin.never"))
	}
	b.checkAccessibility("applicant before the fill-in")
	b.submit(`form[action="`+r.person+`/fill-in"] button[type=submit]`, http.StatusOK)
	if got := b.text(".alert-success"); got != r.p.T("paper.filled") {
		b.t.Fatalf("after filling in: %q (%s), want %q", got, b.text(".alert, .error-summary"), r.p.T("paper.filled"))
	}
	if got := b.text("#registers p"); !strings.Contains(got, counsellor) {
		b.t.Errorf("the person page does not say who filled in: %q", got)
	}
	b.checkAccessibility("person after the fill-in")
	b.completeTask(r.casePath, "DC1.5", "")
}

func (r *dcCase) review(b *tab) {
	b.completeTask(r.casePath, "DC2.1", "unresolved_matters")
}

func (r *dcCase) calls(b *tab) {
	b.open(r.casePath)
	b.do("log a call nobody answered",
		chromedp.Click(chromedp.CSS(`#contact input[name=result][value=not_answered]`)),
		chromedp.SendKeys(chromedp.ID("contact_note"), "Ringte kl. 09.10, ingen svar."),
	)
	b.submit(`#contact button[type=submit]`, http.StatusOK)
	if got := b.text("#timeline li:first-child"); !strings.Contains(got, r.p.T("day.outcome_not_answered")) {
		b.t.Errorf("the timeline's newest entry is %q, want the unanswered call", got)
	}
	b.checkAccessibility("case after an unanswered call")
	if b.open("/work"); b.findTask(r.casePath, "DC2.2") == "" {
		b.t.Error("one unanswered call of at least two took the call off the work list")
	}
	b.open(r.casePath)
	b.do("log a call that was answered",
		chromedp.Click(chromedp.CSS(`#contact input[name=result][value=answered]`)),
		chromedp.SendKeys(chromedp.ID("contact_note"), "Snakket med søker. Inntekt fra deltidsjobb, ca. 34 000 kr i måneden."),
	)
	b.submit(`#contact button[type=submit]`, http.StatusOK)
	if got := b.text("#timeline li:first-child"); !strings.Contains(got, r.p.T("day.outcome_answered")) {
		b.t.Errorf("the timeline's newest entry is %q, want the answered call", got)
	}
	b.checkAccessibility("case after two calls")
	b.open("/work")
	if b.findTask(r.casePath, "DC2.2") != "" {
		b.t.Error("the call is still on the work list after it was answered")
	}
}

func (r *dcCase) suitable(b *tab) {
	b.completeTask(r.casePath, "DC2.3", "suitable")
}

func (r *dcCase) reply(b *tab) {
	b.open(r.casePath)
	entry := b.timelineEntry("Svar på søknad om gjeldsrådgivning")
	if entry == nil {
		b.t.Fatalf("the timeline has no reply letter: %.400q", b.text("#timeline"))
	}
	if len(entry.Docs) < 3 {
		b.t.Errorf("the reply has documents %q, want the letter, the attachment and the power of attorney", entry.docNames())
	}
	for _, want := range []string{"Vedlegg", "Fullmakt"} {
		if !entry.hasDoc(want) {
			b.t.Errorf("the reply's documents %q lack %s", entry.docNames(), want)
		}
	}
	b.checkAccessibility("case with the reply")
	b.screenshot("dc-reply")
	for _, d := range entry.Docs {
		b.checkPDF(d.Href)
	}
}

func (r *dcCase) documents(b *tab) {
	b.logout()
	b.login("skranke")
	b.checkAccessibility("desk")
	b.do("enter the national ID", chromedp.SendKeys(chromedp.ID("nin"), r.nin))
	b.submit(`form:has(input[name=action][value=nin]) button[type=submit]`, http.StatusOK)
	if p := b.path(); p != r.person {
		b.t.Fatalf("the desk finds %s, want %s", p, r.person)
	}
	b.checkAccessibility("applicant at the desk")
	b.load("open the drop-off form", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href^="`+r.person+`/drop-off?case="]`)))
	if info := b.text(".alert-info"); !strings.Contains(info, r.number) || !strings.Contains(info, counsellor) {
		b.t.Errorf("the drop-off form is not for case %s of %s: %q", r.number, counsellor, info)
	}
	file := filepath.Join(b.t.TempDir(), "lonnsslipper.pdf")
	if err := os.WriteFile(file, minimalPDF, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.do("tick off what came and attach the scan",
		chromedp.Click(chromedp.CSS(`input[name=poa][value=complete]`)),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{file}),
	)
	for _, item := range eval[[]string](b, `[...document.querySelectorAll("input[name=delivered]")].map(e => e.value)`) {
		b.do("tick "+item, chromedp.Click(chromedp.CSS(`input[name=delivered][value=`+jsString(item)+`]`)))
	}
	b.checkAccessibility("drop-off form")
	b.submit(`form[enctype="multipart/form-data"] button[type=submit]`, http.StatusOK)
	if got, w := b.text(".alert-success"), r.p.T("receipt.drop_off_done", "case", r.number); got != w {
		b.t.Fatalf("drop-off receipt says %q (%s), want %q", got, b.text(".error-summary"), w)
	}
	b.checkAccessibility("drop-off receipt")
	b.logout()
	b.login("eg")
}

func (r *dcCase) sufficient(b *tab) {
	b.open(r.casePath)
	e := b.timelineEntry("Dokumentasjon levert i skranken")
	if e == nil || !e.hasDoc("lonnsslipper.pdf") {
		b.t.Fatalf("the case's timeline does not show the delivered scan: %+v", e)
	}
	b.checkPDF(e.Docs[0].Href)
	b.checkAccessibility("case with the delivered documentation")
	b.completeTask(r.casePath, "DC3.4", "sufficient")
	// The desk's drop-off put a task on the counsellor's list (FD2.2).
	b.completeTaskTitled(r.casePath, r.p.T("task.drop_off", "name", r.name(), "case", r.number))
}

func (r *dcCase) book(b *tab) {
	b.open(r.casePath)
	b.load("open the booking form", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href="`+r.casePath+`/appointments/new"]`)))
	if n := eval[int](b, `document.querySelectorAll("#interpreter").length`); n != 1 {
		b.t.Errorf("the booking form has %d interpreter fields, want 1 (DC4.4)", n)
	}
	b.checkAccessibility("booking form")
	r.meeting = nextWorkday(time.Now().AddDate(0, 0, 7))
	b.do("fill in the meeting; no interpreter (DC4.4)",
		chromedp.SendKeys(chromedp.ID("date"), r.meeting.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("start"), "10:00"),
		chromedp.SetValue(chromedp.ID("end"), "11:00"),
		chromedp.SendKeys(chromedp.ID("place"), "Rådhuset, møterom 2"),
	)
	b.submit(`form[action$="/appointments/new"] button[type=submit]`, http.StatusOK)
	if p := b.path(); p != r.casePath {
		b.t.Fatalf("after booking the page is %s (%s), want the case", p, b.text(".error-summary"))
	}
	if got := b.text("#appointments li"); !strings.Contains(got, r.meeting.Format("02.01.2006")) || !strings.Contains(got, "10:00") {
		b.t.Errorf("the case's meeting reads %q", got)
	}
	b.checkAccessibility("case with a meeting")
	b.completeTask(r.casePath, "DC4.1", "")
}

func (r *dcCase) sms(b *tab) {
	b.logout()
	b.login("leder") // the outbox is for leaders and administrators
	defer func() { b.logout(); b.login("eg") }()
	day := nbDate(r.meeting)
	var rows []string
	for range 20 { // the scheduler delivers the outbox every second
		b.open("/outbox")
		rows = b.texts(`section[aria-labelledby=log-heading] tbody tr`)
		for _, row := range rows {
			if !strings.Contains(row, "\tsms\t") || !strings.Contains(row, day) {
				continue
			}
			if !strings.Contains(row, "kl. 10.00") || !strings.Contains(row, "Rådhuset, møterom 2") {
				b.t.Errorf("the SMS does not tell the time and place: %q", row)
			}
			if masked := dcPhone[:3] + strings.Repeat("*", len(dcPhone)-6) + dcPhone[len(dcPhone)-3:]; strings.Contains(row, dcPhone) ||
				!strings.Contains(row, masked) {
				b.t.Errorf("the outbox shows the SMS's recipient as %q, want %s", row, masked)
			}
			b.checkAccessibility("outbox")
			b.screenshot("dc-outbox")
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	b.t.Fatalf("no SMS for the meeting on %s in the outbox log: %q", day, rows)
}

// nbDate writes a date as bokmål letters and SMS do: 30. november 2026.
func nbDate(d time.Time) string {
	months := []string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
		"oktober", "november", "desember"}
	return strconv.Itoa(d.Day()) + ". " + months[d.Month()-1] + " " + strconv.Itoa(d.Year())
}

func (r *dcCase) noInterpreter(b *tab) {
	b.open(r.casePath)
	if got := b.text("#appointments li"); strings.Contains(got, r.p.T("appt.interpreter")) {
		b.t.Errorf("the meeting has an interpreter: %q", got)
	}
	b.checkAccessibility("case with a meeting")
	b.completeTask(r.casePath, "DC4.4", "")
}

func (r *dcCase) held(b *tab) {
	b.open(r.casePath)
	b.submit(`#appointments button[value=held]`, http.StatusOK)
	if got := b.text("#appointments"); !strings.Contains(got, r.p.T("appt.status_held")) {
		b.t.Fatalf("the meeting is not held: %q", got)
	}
	note := "Første møte holdt. Søker har to kreditorer og ønsker hjelp til å få oversikt."
	b.do("write the note after the meeting", chromedp.SendKeys(chromedp.ID("body"), note))
	b.submit(`#notes button[type=submit]`, http.StatusOK)
	if !strings.Contains(b.text("#timeline"), note) {
		b.t.Errorf("the timeline does not show the note")
	}
	b.checkAccessibility("case after the meeting")
	b.completeTask(r.casePath, "DC4.10", "")
}

func (r *dcCase) mapDebt(b *tab) {
	b.completeTask(r.casePath, "DC5", "debt_mapping")
}

func (r *dcCase) wantsHelp(b *tab) {
	b.completeTask(r.casePath, "DC6.1", "help")
}

func (r *dcCase) consent(b *tab) {
	b.open(r.casePath + "/debts")
	b.do("the citizen declines", chromedp.Click(chromedp.CSS(`input[name=consent][value=declined]`)))
	b.submit(`form:has(input[name=action][value=consent]) button[type=submit]`, http.StatusOK)
	if got := b.text(".alert-success"); got != r.p.T("debtui.flash_consent") {
		b.t.Errorf("after the consent: %q (%s)", got, b.text(".error-summary"))
	}
	b.checkAccessibility("debt schedule after the consent")
	b.open(r.casePath)
	if got := b.kv()[r.p.T("caselist.markers")]; !strings.Contains(got, "Inkassoregisteret") {
		b.t.Errorf("the case's markers %q do not tell that the citizen declined the register", got)
	}
	b.checkAccessibility("case in the debt mapping")
}

// dcClaims are the claims the counsellor enters from the citizen's
// papers, and the figures each creditor answers with (DC6.4).
var dcClaims = []struct {
	kind, creditor, reference, addr string
	principal, interest, monthly    string // from the citizen's papers
	answer                          claimFigures
	balance                         string // the answer's sum, as the schedule shows it
}{
	{"consumer_loan", "Kredittbanken ASA", "KB-55120", "Postboks 118 Sentrum\n0101 Oslo", "60 000", "4 250", "1 500",
		claimFigures{"60 000", "5 830", "650", "1 650"}, "66 480,00"},
	{"collection", "Inkassohuset AS", "IH-2026-0917", "Postboks 77\n4601 Kristiansand", "12 300", "860", "600",
		claimFigures{"12 300", "1 240,50", "450", "650"}, "13 990,50"},
}

// claimFigures are a creditor's answer: principal, interest, fees and the
// monthly instalment.
type claimFigures struct{ principal, interest, fees, monthly string }

func (r *dcCase) claims(b *tab) {
	b.open(r.casePath)
	b.load("open the debt schedule", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href="`+r.casePath+`/debts"]`)))
	for _, c := range dcClaims {
		b.do("fill in the claim of "+c.creditor,
			chromedp.SetValue(chromedp.ID("kind"), c.kind),
			chromedp.SendKeys(chromedp.ID("creditor"), c.creditor),
			chromedp.SendKeys(chromedp.ID("reference"), c.reference),
			chromedp.SendKeys(chromedp.ID("creditor_addr"), c.addr),
			chromedp.SendKeys(chromedp.ID("principal"), c.principal),
			chromedp.SendKeys(chromedp.ID("interest"), c.interest),
			chromedp.SendKeys(chromedp.ID("monthly"), c.monthly),
			chromedp.Click(chromedp.CSS(`#add-claim input[name=in_collection]`)),
		)
		b.submit(`form:has(input[name=action][value=add]) button[type=submit]`, http.StatusOK)
		if got := b.text(".alert-success"); got != r.p.T("debtui.flash_added") {
			b.t.Fatalf("adding %s: %q (%s)", c.creditor, got, b.text(".error-summary"))
		}
	}
	if rows := b.texts("table.debt-table tbody tr"); len(rows) != 2 {
		b.t.Fatalf("the schedule has %d claims, want 2: %q", len(rows), rows)
	}
	b.checkAccessibility("debt schedule with two claims")
	b.completeTask(r.casePath, "DC4.6", "")
}

func (r *dcCase) request(b *tab) {
	b.open(r.casePath + "/debts")
	b.submit(`#request`, http.StatusOK)
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		b.t.Fatal(err)
	}
	r.due = time.Now().In(oslo).AddDate(0, 2, 0).Format("02.01.2006")
	if got, w := b.text(".alert-success"), r.p.T("debtui.flash_requested", "count", 2, "date", r.due); got != w {
		b.t.Fatalf("after the request: %q (%s), want %q", got, b.text(".error-summary"), w)
	}
	if got := b.text("#request-hint"); !strings.Contains(got, r.due) {
		b.t.Errorf("the debt page does not show the expected answer date %s: %q", r.due, got)
	}
	for _, row := range b.texts("table.debt-table tbody tr") {
		if !strings.Contains(row, r.p.T("debtui.requested", "date", time.Now().In(oslo).Format("02.01.2006"))) {
			b.t.Errorf("a claim is not marked as requested: %q", row)
		}
	}
	b.checkAccessibility("debt schedule after the request")
	b.open(r.casePath)
	var letters []timelineEntry
	for _, e := range b.timelineEntries() {
		if strings.HasPrefix(e.Title, "Forespørsel om gjeldsopplysninger") {
			letters = append(letters, e)
		}
	}
	if len(letters) != 2 {
		b.t.Fatalf("%d request letters on the timeline, want one per creditor", len(letters))
	}
	creditors := []string{dcClaims[0].creditor, dcClaims[1].creditor}
	slices.Sort(creditors)
	if to := b.lettersTo(letters, "Forespørsel om gjeldsopplysninger"); !slices.Equal(to, creditors) {
		b.t.Errorf("the requests went to %q, want %q", to, creditors)
	}
	for _, l := range letters {
		if !l.hasDoc("Fullmakt") {
			b.t.Errorf("a request letter lacks the power of attorney: %q", l.docNames())
		}
	}
	b.checkAccessibility("case with the requests")
}

func (r *dcCase) answers(b *tab) {
	for i, c := range dcClaims {
		b.open(r.casePath + "/debts")
		href := eval[string](b, `[...document.querySelectorAll("table.debt-table tbody th a")]
			.find(a => a.innerText.includes(`+jsString(c.creditor)+`))?.getAttribute("href") ?? ""`)
		if href == "" {
			b.t.Fatalf("the schedule does not link to the claim of %s", c.creditor)
		}
		b.open(href)
		if h := b.text("h1"); h != r.p.T("debtui.claim_title") {
			b.t.Fatalf("the claim's page is headed %q", h)
		}
		if i == 0 {
			b.checkAccessibility("claim")
		}
		a := c.answer // the balance is left empty: torg sums it
		for id, v := range map[string]string{"principal": a.principal, "interest": a.interest, "fees": a.fees,
			"balance": "", "monthly": a.monthly, "source": "creditor"} {
			if !eval[bool](b, `(e => (e.value = `+jsString(v)+`, e.value === `+jsString(v)+`))(document.getElementById(`+jsString(id)+`))`) {
				b.t.Fatalf("the claim's page takes no %q for %s", v, id)
			}
		}
		b.submit(`form[action="`+href+`"] button[value=save]`, http.StatusOK)
		if got := b.text(".alert-success"); got != r.p.T("debtui.flash_updated") {
			b.t.Fatalf("saving %s's answer: %q (%s)", c.creditor, got, b.text(".error-summary"))
		}
		if i == 0 {
			b.open("/work")
			if b.findTask(r.casePath, "DC6.4") != "" {
				b.t.Errorf("DC6.4 is on the work list before the last creditor has answered")
			}
		}
	}
	b.open(r.casePath + "/debts")
	rows := b.texts("table.debt-table tbody tr")
	for i, c := range dcClaims {
		row := strings.ReplaceAll(rows[i], "\u00a0", " ")
		if !strings.Contains(row, c.balance) || !strings.Contains(row, r.p.T("debtui.source_creditor")) ||
			!strings.Contains(row, strings.SplitN(r.p.T("debtui.answered", "date", ""), " ", 2)[0]) {
			b.t.Errorf("%s's row reads %q, want the answered balance %s from the creditor", c.creditor, row, c.balance)
		}
	}
	b.checkAccessibility("debt schedule with the creditors' answers")
	b.completeTask(r.casePath, "DC6.4", "")
}

func (r *dcCase) budget(b *tab) {
	b.open(r.casePath + "/budget")
	b.checkAccessibility("budget")
	b.do("fill in the budget",
		chromedp.Click(chromedp.CSS(`input[name=household][value=single]`)),
		chromedp.SendKeys(chromedp.ID("income_salary"), "34 000"),
		chromedp.SendKeys(chromedp.ID("expense_rent"), "12 000"),
		chromedp.SendKeys(chromedp.ID("expense_rent_note"), "Kommunal utleiebolig"),
	)
	b.submit(`form[action$="/budget"] button[type=submit]`, http.StatusOK)
	if got := b.text(".alert-success"); got != r.p.T("debtui.flash_budget") {
		b.t.Fatalf("after the budget: %q (%s)", got, b.text(".error-summary"))
	}
	kv := b.kv()
	capacity, dividend := kv[r.p.T("debtui.capacity")], kv[r.p.T("debtui.dividend")]
	if !strings.HasSuffix(capacity, "kr") || !strings.HasSuffix(dividend, "%") {
		b.t.Errorf("the debt page shows the capacity %q and the dividend %q", capacity, dividend)
	}
	b.checkAccessibility("debt schedule with the budget")
	b.screenshot("dc-debts")
	b.completeTask(r.casePath, "DC6.5", "")
}

func (r *dcCase) feedback(b *tab) {
	b.open(r.casePath)
	link := `a[href="` + r.casePath + `/letters/debt_counselling/DC6.6"]`
	b.load("open the draft", http.StatusOK, chromedp.Click(chromedp.CSS(link)))
	b.checkAccessibility("feedback letter draft")
	body := eval[string](b, `document.getElementById("body").value`)
	old := "Vi tilbyr deg et møte"
	if !strings.Contains(body, old) {
		b.t.Fatalf("the draft lacks %q:\n%s", old, body)
	}
	edited := "Vi anbefaler deg et møte"
	b.do("edit a sentence", chromedp.SetValue(chromedp.ID("body"), strings.Replace(body, old, edited, 1)))
	b.screenshot("dc-feedback")
	b.submit(`form[action$="/letters/debt_counselling/DC6.6"] button[type=submit]`, http.StatusOK)
	if p := b.path(); p != r.casePath {
		b.t.Fatalf("after sending the page is %s (%s)", p, b.text(".error-summary"))
	}
	e := b.timelineEntry("Tilbakemelding etter kartlegging av gjeld")
	if e == nil {
		b.t.Fatalf("the timeline has no feedback letter: %.400q", b.text("#timeline"))
	}
	if len(e.Docs) != 2 || !e.hasDoc("gjeldsskjema") {
		b.t.Errorf("the feedback letter has the documents %q, want the letter and the debt schedule", e.docNames())
	}
	if _, text := b.record(*e); !strings.Contains(text, edited) {
		b.t.Errorf("the filed letter does not have the edited sentence %q", edited)
	}
	for _, d := range e.Docs {
		b.checkPDF(d.Href)
	}
	b.checkAccessibility("case with the feedback letter")
}

// record opens a timeline entry's record and returns its correspondent
// and its text, and goes back to the page it was on.
func (b *tab) record(e timelineEntry) (correspondent, text string) {
	b.t.Helper()
	if !strings.HasPrefix(e.Href, "/records/") {
		b.t.Fatalf("the timeline's %q links to %q, not to its record", e.Title, e.Href)
	}
	back := b.path()
	defer b.open(back)
	b.open(e.Href)
	b.checkAccessibility("record " + e.Title)
	return b.kv()[i18n.New(i18n.NB).T("record.correspondent")], b.text("main")
}

// lettersTo returns the correspondents of the timeline's records whose
// titles start with title.
func (b *tab) lettersTo(entries []timelineEntry, title string) []string {
	b.t.Helper()
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Title, title) {
			to, _ := b.record(e)
			out = append(out, to)
		}
	}
	slices.Sort(out)
	return out
}

func (r *dcCase) finished(b *tab) {
	b.completeTask(r.casePath, "DC6.7", "")
	b.completeTask(r.casePath, "DC6.8", "finished")
	b.open(r.casePath)
	if got := b.kv()[r.p.T("case.status")]; got != r.p.T("case.status_F") {
		b.t.Errorf("the case's status is %q, want %q", got, r.p.T("case.status_F"))
	}
	b.checkAccessibility("finished case")
}

func (r *dcCase) emptyNote(b *tab) {
	b.open("/work")
	link := `ul.worklist a[href="` + r.casePath + `/close"]`
	if eval[int](b, `document.querySelectorAll(`+jsString(link)+`).length`) == 0 {
		b.t.Fatalf("the work list has no closing note to write for the case: %q", b.texts("ul.worklist > li"))
	}
	b.load("open the close page", http.StatusOK, chromedp.Click(chromedp.CSS(link)))
	b.checkAccessibility("close page")
	b.submit(`form[action$="/close"] button[type=submit]`, http.StatusUnprocessableEntity)
	if got := b.text("#note-error"); got != r.p.T("closing.note_required") {
		b.t.Errorf("note error %q, want %q", got, r.p.T("closing.note_required"))
	}
	b.checkAccessibility("close page with an error")
}

func (r *dcCase) close(b *tab) {
	note := "Gjelden er kartlagt og søker har fått tilbakemelding. Søker ønsker ikke videre hjelp nå."
	b.do("choose the reason and write the note",
		chromedp.Click(chromedp.CSS(`input[name=reason][value=handling_finished]`)),
		chromedp.SendKeys(chromedp.ID("note"), note),
	)
	b.submit(`form[action$="/close"] button[type=submit]`, http.StatusOK)
	if p := b.path(); p != r.casePath {
		b.t.Fatalf("after closing the page is %s (%s)", p, b.text(".error-summary"))
	}
	if got := b.text("#closing"); !strings.Contains(got, note) || !strings.Contains(got, r.p.T("closing.held_open")) ||
		!strings.Contains(got, r.p.T("closing.letters_gone")) {
		b.t.Errorf("the closing box reads %q", got)
	}
	entries := b.timelineEntries()
	want := []string{r.name(), dcClaims[0].creditor, dcClaims[1].creditor}
	slices.Sort(want)
	if to := b.lettersTo(entries, "Avslutning av saksbehandling"); !slices.Equal(to, want) {
		b.t.Errorf("the closing letters went to %q, want %q (DC8.5)", to, want)
	}
	var schedule, combined *docRef
	for _, e := range entries {
		for _, d := range e.Docs {
			switch {
			case e.Title == "Gjeldsskjema" && strings.HasSuffix(d.Name, ".xlsx"):
				schedule = &d
			case e.Title == "Samlet dokumentasjon" && strings.HasSuffix(d.Name, ".pdf"):
				combined = &d
			}
		}
	}
	if schedule == nil {
		b.t.Error("the debt schedule (xlsx) is not filed on the case (DC8.3)")
	}
	if combined == nil {
		b.t.Error("no combined document on the case (DC8.4)")
	} else {
		b.checkPDF(combined.Href)
	}
	kv := b.kv()
	if got := kv[r.p.T("case.status")]; got != r.p.T("case.status_F") {
		b.t.Errorf("the case's status is %q, want %q", got, r.p.T("case.status_F"))
	}
	if got := kv[r.p.T("caselist.markers")]; !strings.Contains(strings.ToLower(got), "fullmakt") {
		b.t.Errorf("the case's markers %q do not tell that the power of attorney has ended (DC8.7)", got)
	}
	b.checkAccessibility("closed case")
	b.screenshot("dc-closed")
}

func (r *dcCase) heldOpen(b *tab) {
	b.open("/work")
	caseTask := `ul.worklist > li:has(a[href="` + r.casePath + `"])`
	next := b.texts(caseTask + " .task-next")
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		b.t.Fatal(err)
	}
	// DC8.6 holds the case open 2 months; then DC8.6-close closes it.
	closes := nextWorkday(time.Now().In(oslo).AddDate(0, 2, 0))
	want := r.p.T("day.next", "what", "Avslutt saken", "date", closes.Format("02.01.2006"))
	if !slices.Contains(next, want) {
		b.t.Errorf("the work list does not show %q for the case: %q", want, next)
	}
	b.checkAccessibility("work list")
	b.screenshot("dc-worklist")
}

func (r *dcCase) applyAgain(b *tab) {
	b.open(r.casePath)
	if b.text("#contact") != "" {
		b.t.Error("the closed case still offers to log a call")
	}
	if got := b.text("#apply-again-heading"); got != r.p.T("closing.apply_again") {
		b.t.Errorf("the closed case says %q, want %q", got, r.p.T("closing.apply_again"))
	}
	b.checkAccessibility("closed case")
}

// nextWorkday returns d, or the next Norwegian working day after it if d
// is a weekend day or a public holiday, as the routine's timers count.
func nextWorkday(d time.Time) time.Time {
	cal, err := calendar.New("NO")
	if err != nil {
		panic(err)
	}
	for !cal.IsWorkingDay(torg.DateOf(d)) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// timelineEntry is an entry of a case's timeline.
type timelineEntry struct {
	Title string   `json:"title"`
	Href  string   `json:"href"` // the record, /records/{id}, if it is one
	Text  string   `json:"text"`
	Docs  []docRef `json:"docs"`
}

// docRef is a document link of a timeline entry.
type docRef struct {
	Name string `json:"name"`
	Href string `json:"href"`
}

func (e *timelineEntry) docNames() []string {
	var out []string
	for _, d := range e.Docs {
		out = append(out, d.Name)
	}
	return out
}

func (e *timelineEntry) hasDoc(part string) bool {
	for _, d := range e.Docs {
		if strings.Contains(strings.ToLower(d.Name), strings.ToLower(part)) {
			return true
		}
	}
	return false
}

// timelineEntries returns the case page's timeline, newest first.
func (b *tab) timelineEntries() []timelineEntry {
	b.t.Helper()
	return eval[[]timelineEntry](b, `[...document.querySelectorAll("#timeline ol.timeline > li")].map(li => ({
		title: li.querySelector(".timeline-title")?.innerText.trim() ?? "", text: li.innerText,
		href: li.querySelector(".timeline-title a")?.getAttribute("href") ?? "",
		docs: [...li.querySelectorAll(".timeline-docs a")].map(a => ({name: a.innerText.trim(), href: a.getAttribute("href")}))}))`)
}

// timelineEntry returns the newest timeline entry whose title starts with
// title, or nil.
func (b *tab) timelineEntry(title string) *timelineEntry {
	b.t.Helper()
	for _, e := range b.timelineEntries() {
		if strings.HasPrefix(e.Title, title) {
			return &e
		}
	}
	return nil
}

// checkPDF downloads a document with the tab's session and checks it is
// a PDF, as a click on its link would get it.
func (b *tab) checkPDF(path string) {
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
	head := make([]byte, 5)
	n, _ := res.Body.Read(head)
	ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if res.StatusCode != http.StatusOK || ct != "application/pdf" || string(head[:n]) != "%PDF-" {
		b.t.Errorf("GET %s: %s, %q, starts %q; want 200, application/pdf, a PDF", path, res.Status, ct, head[:n])
	}
}

// completeTask marks the case's task of a routine step done on the work
// list, with outcome for a decision.
func (b *tab) completeTask(casePath, step, outcome string) {
	b.t.Helper()
	b.open("/work")
	b.checkAccessibility("work list with " + step)
	li := b.findTask(casePath, step)
	if li == "" {
		b.t.Fatalf("the work list has no task %s for %s: %q", step, casePath, b.texts("ul.worklist > li"))
	}
	if outcome != "" {
		b.do("choose "+outcome, chromedp.SetValue(chromedp.CSS(li+" select[name=outcome]"), outcome))
	}
	b.submit(li+` form[action="/work"] button[type=submit]`, http.StatusOK)
	if got := b.text(".alert-success"); got != i18n.New(i18n.NB).T("work.task_done") {
		b.t.Fatalf("after marking %s done: %q (%s)", step, got, b.text(".error-summary, .alert"))
	}
}

// completeTaskTitled marks the case's task with a title done on the work
// list.
func (b *tab) completeTaskTitled(casePath, title string) {
	b.t.Helper()
	b.open("/work")
	b.checkAccessibility("work list")
	id := eval[string](b, `[...document.querySelectorAll("ul.worklist > li")].find(li =>
		li.querySelector('.task-title a[href=`+jsString(casePath)+`]')?.innerText.trim() === `+jsString(title)+`)
		?.querySelector("input[name=task]")?.value ?? ""`)
	if id == "" {
		b.t.Fatalf("the work list has no task %q for %s: %q", title, casePath, b.texts("ul.worklist .task-title"))
	}
	b.submit(`ul.worklist > li:has(input[name=task][value="`+id+`"]) form[action="/work"] button[type=submit]`, http.StatusOK)
	if got := b.text(".alert-success"); got != i18n.New(i18n.NB).T("work.task_done") {
		b.t.Fatalf("after marking %q done: %q (%s)", title, got, b.text(".error-summary, .alert"))
	}
}

// findTask returns a selector for the work list's item of the case's task
// of a routine step, or "" if there is none. A task's detail is its step.
func (b *tab) findTask(casePath, step string) string {
	b.t.Helper()
	i := eval[int](b, `[...document.querySelectorAll("ul.worklist > li")].findIndex(li =>
		li.querySelector('.task-title a[href=`+jsString(casePath)+`]') &&
		[...li.querySelectorAll("p.muted")].some(p => p.innerText.trim() === `+jsString(step)+`))`)
	if i < 0 {
		return ""
	}
	id := eval[string](b, `document.querySelectorAll("ul.worklist > li")[`+strconv.Itoa(i)+`].querySelector("input[name=task]")?.value ?? ""`)
	if id == "" {
		return ""
	}
	return `ul.worklist > li:has(input[name=task][value="` + id + `"])`
}
