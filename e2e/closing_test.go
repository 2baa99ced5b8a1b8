package e2e

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/i18n"
)

// newNIN returns a valid synthetic Norwegian national ID (Test-Norge,
// month + 80) for a birth in 1931, with an individual number below the
// demo population's band, so that the person is new to the demo.
func newNIN(day int) string {
	for ind := 100; ind < 400; ind++ {
		s := fmt.Sprintf("%02d%02d%02d%03d", day, 2+80, 31, ind)
		k1, ok1 := mod11(s, []int{3, 7, 6, 1, 8, 9, 4, 5, 2})
		k2, ok2 := mod11(s+string(rune('0'+k1)), []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
		if ok1 && ok2 {
			return s + string(rune('0'+k1)) + string(rune('0'+k2))
		}
	}
	panic("no national ID")
}

func mod11(s string, w []int) (int, bool) {
	sum := 0
	for i, wi := range w {
		sum += int(s[i]-'0') * wi
	}
	k := (11 - sum%11) % 11
	return k, k != 10
}

// closing is the state the steps of closing a case pass on.
type closing struct {
	p        *i18n.Printer
	casePath string // /cases/{id} of the new case
}

// TestCloseCaseInBrowser registers a paper application for a new person,
// holds the first meeting and closes the case after it (DC5): the close
// page refuses an empty closing note (DC8.2), and the closed case shows why
// and when, the closing letter in its timeline and a new application in
// place of the contact form (DC8.8). The work list, the case page and the
// close page are checked with axe-core.
func TestCloseCaseInBrowser(t *testing.T) {
	b := newTab(t)
	r := &closing{p: i18n.New(i18n.NB)}
	steps := []struct {
		name string
		run  func(*tab)
	}{
		{"DC1.2 a leader registers a paper application", r.register},
		{"DC4.2 the first meeting is booked and held", r.meeting},
		{"DC8.2 the close page refuses an empty closing note", r.emptyNote},
		{"DC5 the case is closed with a reason and a note", r.close},
		{"the work list groups the day's tasks", r.workList},
		{"the header reflows on a narrow screen", r.narrow},
	}
	b.open("/login")
	b.chooseLanguage(string(i18n.NB))
	b.login("leder")
	for _, s := range steps {
		if !t.Run(s.name, func(t *testing.T) { s.run(b.in(t)) }) {
			t.FailNow()
		}
	}
}

func (r *closing) register(b *tab) {
	b.open("/applications/new")
	b.do("fill in the paper application",
		chromedp.SendKeys(chromedp.ID("nin"), newNIN(5)),
		chromedp.SendKeys(chromedp.ID("given_name"), "Ingrid"),
		chromedp.SendKeys(chromedp.ID("family_name"), "Avslutt"),
		chromedp.SendKeys(chromedp.ID("phone"), "+4791234567"),
		chromedp.SendKeys(chromedp.ID("summary"), "Søker hjelp med forbrukslån."),
	)
	b.submit(`form[action="/applications/new"] button[type=submit]`, http.StatusOK)
	number := regexp.MustCompile(`\d{4}/\d{6}`).FindString(b.text(".alert-success"))
	if number == "" {
		b.t.Fatalf("no case number after registering: %q %q", b.text(".alert"), b.text(".error-summary"))
	}
	b.open("/cases?q=" + number)
	r.casePath = eval[string](b, `document.querySelector('table.data a[href^="/cases/"]')?.getAttribute("href") ?? ""`)
	if r.casePath == "" {
		b.t.Fatalf("case %s is not in the case list", number)
	}
}

func (r *closing) meeting(b *tab) {
	b.open(r.casePath + "/appointments/new")
	date := time.Now().AddDate(0, 0, 7).Format("2006-01-02")
	b.do("fill in the meeting",
		chromedp.SendKeys(chromedp.ID("date"), date),
		chromedp.SetValue(chromedp.ID("start"), "10:00"),
		chromedp.SetValue(chromedp.ID("end"), "11:00"),
		chromedp.SendKeys(chromedp.ID("place"), "Rådhuset, møterom 2"),
	)
	b.submit(`form[action$="/appointments/new"] button[type=submit]`, http.StatusOK)
	if p := b.path(); p != r.casePath {
		b.t.Fatalf("after booking the page is %s (%s), want the case", p, b.text(".error-summary"))
	}
	b.submit(`#appointments button[value=held]`, http.StatusOK)
	if !strings.Contains(b.text("#appointments"), r.p.T("appt.status_held")) {
		b.t.Fatalf("the meeting is not held: %q", b.text("#appointments"))
	}
	b.checkAccessibility("case after the first meeting")
}

func (r *closing) emptyNote(b *tab) {
	b.load("open the close page", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href="`+r.casePath+`/close"]`)))
	if h := b.text("h1"); h != r.p.T("closing.title") {
		b.t.Errorf("close page heading %q", h)
	}
	reasons := b.texts(`label.choice:has(input[name=reason])`)
	if len(reasons) != 3 || reasons[0] != r.p.T("closing.reason_advice_given") {
		b.t.Errorf("the close page offers %q, want the three DC5 reasons", reasons)
	}
	b.checkAccessibility("close page")
	b.screenshot("closing")
	b.submit(`form[action$="/close"] button[type=submit]`, http.StatusUnprocessableEntity)
	if msg := b.text("#note-error"); msg != r.p.T("closing.note_required") {
		b.t.Errorf("note error %q, want %q", msg, r.p.T("closing.note_required"))
	}
	b.checkAccessibility("close page with an error")
}

func (r *closing) close(b *tab) {
	note := "Brukeren har fått råd om betalingsavtaler og klarer seg selv videre."
	b.do("choose the reason and write the note",
		chromedp.Click(chromedp.CSS(`input[name=reason][value=advice_given]`)),
		chromedp.SendKeys(chromedp.ID("note"), note),
	)
	b.submit(`form[action$="/close"] button[type=submit]`, http.StatusOK)
	if p := b.path(); p != r.casePath {
		b.t.Fatalf("after closing the page is %s, want the case", p)
	}
	closed := b.text("#closing")
	for _, want := range []string{r.p.T("closing.reason_advice_given"), note} {
		if !strings.Contains(closed, want) {
			b.t.Errorf("the closing box lacks %q: %q", want, closed)
		}
	}
	if tl := b.text("#timeline"); !strings.Contains(tl, "Avslutning av saksbehandling") {
		b.t.Errorf("the timeline shows no closing letter: %.300q", tl)
	}
	if b.text("#apply-again") == "" || b.text("#contact") != "" {
		b.t.Error("a closed case still takes contacts, or offers no new application")
	}
	b.checkAccessibility("closed case")
	b.screenshot("case-closed")
}

func (r *closing) workList(b *tab) {
	b.logout()
	b.login("eg") // the new case's counsellor, by the distribution table
	b.open("/work")
	caseTask := `.worklist li:has(a[href="` + r.casePath + `"])`
	if next := b.text(caseTask + " .task-next"); !strings.HasPrefix(next, "Neste: ") {
		b.t.Errorf("the closed case's task says nothing of what comes next: %q", b.text(caseTask))
	}
	for _, g := range []string{"overdue", "today", "later", "no_due"} {
		if h := b.text("#group-" + g + "-heading"); !strings.HasPrefix(h, r.p.T("day.group_"+g)) {
			b.t.Errorf("work list group %s is headed %q", g, h)
		}
	}
	b.checkAccessibility("work list")
	b.screenshot("workday")
}

func (r *closing) narrow(b *tab) {
	b.do("use a 320px screen", chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile))
	defer b.do("back to the desktop", chromedp.EmulateViewport(desktopWidth, desktopHeight))
	for _, path := range []string{r.casePath, "/work"} {
		b.open(path)
		if w := eval[int](b, `document.documentElement.scrollWidth`); w > 320 {
			wide := eval[[]string](b, `[...document.querySelectorAll("body *")]
				.filter(e => e.getBoundingClientRect().right > innerWidth + 1)
				.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""))`)
			b.t.Errorf("%s is %dpx wide on a 320px screen; too wide: %q", path, w, wide)
		}
	}
	b.screenshot("workday-narrow")
}
