package e2e

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
)

// inboxWalk is the state the steps of the staff inbox walk pass on.
type inboxWalk struct {
	citizen, staff *tab
	p              *i18n.Printer
	stamp          string            // makes this run's subjects unique on the shared server
	inbox          string            // the debt service's inbox, /inbox/{id}
	threads        map[string]string // kind of walk → thread ID
}

var portalThreadRE = regexp.MustCompile(`^/portal/threads/(\d+)$`)

// TestInboxInBrowser walks the staff inbox: Kari Nordmann writes four
// messages in the portal; Eva Gran finds them in the service's inbox,
// forwards an inquiry to Knut Hansen with the interim reply going to Kari
// at once (DM2), forwards an application (DM4) and splits a message
// between two services (DM8); Knut answers; Kari reads the answer; the
// leader sees it answered in time, answers a complaint through a formal
// letter (DM6) and keeps the service's text templates. Every page is
// checked with axe-core, in every language and on a narrow screen.
func TestInboxInBrowser(t *testing.T) {
	r := &inboxWalk{citizen: newTab(t), staff: newTab(t), p: i18n.New(i18n.NB),
		stamp: time.Now().Format("150405.000"), threads: map[string]string{}}
	steps := []struct {
		name string
		run  func(*testing.T)
	}{
		{"Kari writes four messages", func(t *testing.T) { r.write(r.citizen.in(t)) }},
		{"DM1 the messages in the service's inbox", func(t *testing.T) { r.list(r.staff.in(t)) }},
		{"an empty answer says what is wrong", func(t *testing.T) { r.emptyAnswer(r.staff.in(t)) }},
		{"DM2 forwarded with the interim reply", func(t *testing.T) { r.forward(r.staff.in(t)) }},
		{"DM4 an application forwarded", func(t *testing.T) { r.application(r.staff.in(t)) }},
		{"DM8 split between two services", func(t *testing.T) { r.split(r.staff.in(t)) }},
		{"DM2 employee 2 answers", func(t *testing.T) { r.answer(r.staff.in(t)) }},
		{"Kari reads the interim reply and the answer", func(t *testing.T) { r.read(r.citizen.in(t)) }},
		{"the leader sees it answered in time", func(t *testing.T) { r.compliance(r.staff.in(t)) }},
		{"DM6 the leader answers a complaint with a formal letter", func(t *testing.T) { r.record(r.staff.in(t)) }},
		{"the service's text templates", func(t *testing.T) { r.templates(r.staff.in(t)) }},
		{"the pages in every language", func(t *testing.T) { r.languages(r.staff.in(t)) }},
		{"the pages on a narrow screen", func(t *testing.T) { r.mobile(r.staff.in(t)) }},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			t.FailNow() // each step builds on the one before
		}
	}
}

func (r *inboxWalk) subject(what string) string { return what + " " + r.stamp }

// write logs Kari in with the test identity and sends the messages.
func (r *inboxWalk) write(b *tab) {
	b.open("/portal/login")
	b.chooseLanguage(string(i18n.NB))
	b.load("choose the test identity", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href*="via=testid"]`)))
	b.do("pick Kari Nordmann", chromedp.Click(chromedp.CSS(`input[name=nin][value="`+demo.DemoNIN+`"]`)))
	b.submit(`form[action="/portal/testid"] button[type=submit]:not([name])`, http.StatusOK)
	for _, m := range []struct{ key, kind, subject, body string }{
		{"dm2", "inquiry", "Budsjettet", "Jeg vil gjerne snakke med Knut Hansen om budsjettet mitt."},
		{"dm4", "application", "Søknad om mer hjelp", "Jeg søker om hjelp til å forhandle med banken."},
		{"dm6", "complaint", "Klage på svartid", "Jeg ventet tre uker på svar på brevet mitt."},
		{"dm8", "inquiry", "Gjeld og time i skranken", "Hvor mye skylder jeg? Og kan jeg få en time i skranken på fredag?"},
	} {
		b.open("/portal/messages/new")
		unit := eval[string](b, `[...document.querySelectorAll("#unit option")].find(o => o.text === "Gjeldsrådgivning")?.value ?? ""`)
		b.do("write "+m.key,
			chromedp.SetValue(chromedp.ID("unit"), unit),
			chromedp.Click(chromedp.CSS(`input[name=kind][value=`+m.kind+`]`)),
			chromedp.SendKeys(chromedp.ID("subject"), r.subject(m.subject)),
			chromedp.SendKeys(chromedp.ID("body"), m.body),
		)
		b.submit(`form[action="/portal/messages"] button[type=submit]`, http.StatusOK)
		id := portalThreadRE.FindStringSubmatch(b.path())
		if id == nil {
			b.t.Fatalf("after sending %s: %s %q", m.key, b.path(), b.text(".alert, .error-summary"))
		}
		r.threads[m.key] = id[1]
	}
}

// list logs Eva Gran in and finds the messages in the debt service's inbox.
func (r *inboxWalk) list(b *tab) {
	b.open("/login")
	b.chooseLanguage(string(i18n.NB))
	b.login("eg")
	if badge := b.text(`nav a[href="/inbox"] .badge`); badge == "" || badge == "0" {
		b.t.Errorf("the navigation's inbox link shows %q unread", badge)
	}
	b.load("open the inbox", http.StatusOK, chromedp.Click(chromedp.CSS(`nav a[href="/inbox"]`)))
	r.inbox = b.path()
	if !regexp.MustCompile(`^/inbox/\d+$`).MatchString(r.inbox) {
		b.t.Fatalf("the inbox is at %s", r.inbox)
	}
	rows := strings.Join(b.texts("table.data tbody tr"), "\n")
	for _, s := range []string{"Budsjettet", "Søknad om mer hjelp", "Klage på svartid", "Gjeld og time i skranken"} {
		if !strings.Contains(rows, r.subject(s)) {
			b.t.Errorf("the inbox lacks %q", r.subject(s))
		}
	}
	if !strings.Contains(rows, "Kari Nordmann") || !strings.Contains(rows, r.p.T("msg.status_unread")) {
		b.t.Error("the inbox does not name Kari or show the messages as unread")
	}
	b.checkAccessibility("inbox")
	b.screenshot("inbox")
	b.load("show my messages", http.StatusOK, chromedp.Click(chromedp.CSS(`nav a[href="`+r.inbox+`?filter=mine"]`)))
	b.checkAccessibility("inbox, mine")
}

func (r *inboxWalk) open(b *tab, key string) {
	b.open("/threads/" + r.threads[key])
}

func (r *inboxWalk) emptyAnswer(b *tab) {
	r.open(b, "dm8")
	b.submit(`form[action$="/answer"] button[type=submit]`, http.StatusUnprocessableEntity)
	if got := b.texts(`#error-summary a[href="#body"]`); len(got) != 1 || got[0] != r.p.T("msg.body_required") {
		b.t.Errorf("error summary %q, want a link to the answer saying %q", got, r.p.T("msg.body_required"))
	}
	b.checkAccessibility("thread with an empty answer")
	b.screenshot("inbox-answer-error")
}

// forward sends Kari's inquiry on to Knut Hansen (DM2).
func (r *inboxWalk) forward(b *tab) {
	r.open(b, "dm2")
	b.checkAccessibility("thread")
	b.screenshot("inbox-thread")
	r.forwardTo(b, "Knut Hansen", "Hun vil snakke med deg om budsjettet.")
	msgs := strings.Join(b.texts("ol.timeline article"), "\n")
	if !strings.Contains(msgs, r.p.T("inbox.interim")) || !strings.Contains(msgs, "sendt den videre") {
		b.t.Errorf("the thread lacks the interim reply:\n%s", msgs)
	}
	kv := b.kv()
	if kv[r.p.T("inbox.status")] != r.p.T("msg.status_in_progress") || kv[r.p.T("inbox.responsible")] != "Knut Hansen" {
		b.t.Errorf("after the forward: %v", kv)
	}
	if !strings.Contains(b.text("#history-heading + ul"), "Hun vil snakke med deg om budsjettet.") {
		b.t.Error("the history lacks Eva's note to Knut")
	}
	b.checkAccessibility("thread, forwarded")
	b.screenshot("inbox-forwarded")
}

func (r *inboxWalk) forwardTo(b *tab, name, note string) {
	b.do("open the forward form", chromedp.Click(chromedp.CSS(`details:has(form[action$="/forward"]) > summary`)))
	to := eval[string](b, `[...document.querySelectorAll("#to option")].find(o => o.text.startsWith(`+jsString(name)+`))?.value ?? ""`)
	if to == "" {
		b.t.Fatalf("the forward form does not offer %s", name)
	}
	b.do("fill in the forward", chromedp.SetValue(chromedp.ID("to"), to), chromedp.SendKeys(chromedp.ID("note"), note))
	b.submit(`form[action$="/forward"] button[type=submit]`, http.StatusOK)
	if got := b.text(".alert-success"); got != r.p.T("inbox.flash_forward") {
		b.t.Fatalf("after forwarding: %q %q", got, b.text(".alert-danger, .error-summary"))
	}
}

func (r *inboxWalk) application(b *tab) {
	r.open(b, "dm4")
	r.forwardTo(b, "Knut Hansen", "")
	if kv := b.kv(); kv[r.p.T("inbox.status")] != r.p.T("msg.status_in_case_handling") {
		b.t.Errorf("DM4: status %q, want in case handling", kv[r.p.T("inbox.status")])
	}
	if msgs := strings.Join(b.texts("ol.timeline article"), "\n"); !strings.Contains(msgs, "saksbehandler") {
		b.t.Errorf("the interim reply to the application is missing:\n%s", msgs)
	}
}

// split hands the front desk's part of a message to it (DM8).
func (r *inboxWalk) split(b *tab) {
	r.open(b, "dm8")
	b.do("open the split form", chromedp.Click(chromedp.CSS(`details:has(form[action$="/split"]) > summary`)))
	unit := eval[string](b, `[...document.querySelectorAll("#part_unit_0 option")].find(o => o.text === "Innbyggertorget")?.value ?? ""`)
	b.do("fill in the front desk's part", chromedp.SetValue(chromedp.ID("part_unit_0"), unit),
		chromedp.SendKeys(chromedp.ID("part_body_0"), "Kan jeg få en time i skranken på fredag?"))
	b.submit(`form[action$="/split"] button[type=submit]`, http.StatusOK)
	if got := b.text("#linked-heading + ul"); !strings.Contains(got, "Innbyggertorget") {
		b.t.Errorf("the linked part is missing: %q", got)
	}
	if kv := b.kv(); kv[r.p.T("inbox.kind")] != r.p.T("msg.kind_several_services") {
		b.t.Errorf("DM8: kind %q", kv[r.p.T("inbox.kind")])
	}
	b.checkAccessibility("thread, split")
	b.screenshot("inbox-split")
}

// answer logs Knut Hansen in, who answers the forwarded inquiry.
func (r *inboxWalk) answer(b *tab) {
	b.logout()
	b.login("kh")
	r.open(b, "dm2")
	b.do("write the answer", chromedp.SendKeys(chromedp.ID("body"), "Hei Kari! Budsjettet ser bra ut. Vi går gjennom det på møtet."))
	b.submit(`form[action$="/answer"] button[type=submit]`, http.StatusOK)
	kv := b.kv()
	if kv[r.p.T("inbox.status")] != r.p.T("msg.status_done") || !strings.Contains(kv[r.p.T("inbox.first_answer")], r.p.T("inbox.in_time")) {
		b.t.Errorf("after the answer: %v", kv)
	}
	b.checkAccessibility("thread, answered")
	b.screenshot("inbox-answered")
}

func (r *inboxWalk) read(b *tab) {
	b.open("/portal/threads/" + r.threads["dm2"])
	msgs := strings.Join(b.texts("ol.timeline article"), "\n")
	if !strings.Contains(msgs, "sendt den videre") || !strings.Contains(msgs, "Budsjettet ser bra ut") {
		b.t.Errorf("Kari's thread lacks the interim reply or the answer:\n%s", msgs)
	}
}

// compliance logs the leader in, who sees the answer in time.
func (r *inboxWalk) compliance(b *tab) {
	b.logout()
	b.login("leder")
	b.open(r.inbox)
	b.load("open the compliance view", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href="`+r.inbox+`/compliance"]`)))
	row := eval[string](b, `[...document.querySelectorAll("table.data tbody tr")].find(tr => tr.innerText.includes(`+
		jsString(r.subject("Budsjettet"))+`))?.innerText ?? ""`)
	if !strings.Contains(row, r.p.T("inbox.outcome_in_time")) {
		b.t.Errorf("the leader's row for the inquiry: %q, want answered in time", row)
	}
	b.checkAccessibility("compliance")
	b.screenshot("inbox-compliance")
	b.do("choose a period backwards", chromedp.SetValue(chromedp.ID("from"), "2030-01-02"), chromedp.SetValue(chromedp.ID("to"), "2030-01-01"))
	b.submit(`form[action$="/compliance"] button[type=submit]`, http.StatusUnprocessableEntity)
	b.checkAccessibility("compliance with an error")
}

func (r *inboxWalk) record(b *tab) {
	r.open(b, "dm6")
	if eval[bool](b, `!!document.querySelector('form[action$="/link"]')`) {
		b.do("open the link form", chromedp.Click(chromedp.CSS(`details:has(form[action$="/link"]) > summary`)))
		b.submit(`form[action$="/link"] button[type=submit]`, http.StatusOK)
	}
	b.do("write the formal answer", chromedp.SendKeys(chromedp.ID("record_body"),
		"Vi har gått gjennom saken din. Brevet ble liggende for lenge, og vi har endret rutinene våre."))
	b.submit(`form[action$="/record"] button[type=submit]`, http.StatusOK)
	if got := b.text(".alert-success"); got != r.p.T("inbox.flash_record") {
		b.t.Fatalf("after the formal answer: %q %q", got, b.text(".alert-danger, .error-summary"))
	}
	if kv := b.kv(); kv[r.p.T("inbox.status")] != r.p.T("msg.status_done") {
		b.t.Errorf("DM6: status %q, want done", kv[r.p.T("inbox.status")])
	}
	b.checkAccessibility("thread, formal answer")
	b.screenshot("inbox-record")
}

func (r *inboxWalk) templates(b *tab) {
	b.open(r.inbox + "/templates")
	b.checkAccessibility("templates")
	b.screenshot("inbox-templates")
	b.do("empty the forwarded reply", chromedp.SetValue(chromedp.ID("body-forwarded"), " "))
	b.submit(`form:has(#body-forwarded) button[type=submit]`, http.StatusUnprocessableEntity)
	if got := b.texts(`#error-summary a[href="#body-forwarded"]`); len(got) != 1 {
		b.t.Errorf("error summary %q, want a link to the forwarded reply", got)
	}
	b.checkAccessibility("templates with an error")
	b.do("set the handling time", chromedp.SetValue(chromedp.ID("weeks"), "3"))
	b.submit(`form:has(#weeks) button[type=submit]`, http.StatusOK)
	if got := b.text(".alert-success"); got != r.p.T("inbox.flash_weeks") {
		b.t.Errorf("after saving the handling time: %q", got)
	}
}

func (r *inboxWalk) languages(b *tab) {
	for _, lang := range i18n.Supported {
		for _, path := range []string{r.inbox, "/threads/" + r.threads["dm8"], r.inbox + "/compliance", r.inbox + "/templates"} {
			b.open(path)
			b.chooseLanguage(string(lang))
			if body := b.text("body"); strings.Contains(body, "⟦") {
				b.t.Errorf("%s %s: untranslated keys %q", lang, path, untranslated(body))
			}
			b.checkAccessibility(fmt.Sprintf("%s %s", path, lang))
		}
	}
	b.chooseLanguage(string(i18n.NB))
}

func (r *inboxWalk) mobile(b *tab) {
	b.do("narrow the window", chromedp.EmulateViewport(mobileWidth, mobileHeight))
	defer b.do("widen the window", chromedp.EmulateViewport(desktopWidth, desktopHeight))
	b.open(r.inbox)
	b.checkAccessibility("inbox, narrow")
	b.screenshot("inbox-mobile")
	b.open("/threads/" + r.threads["dm4"])
	b.checkAccessibility("thread, narrow")
	b.screenshot("inbox-thread-mobile")
}
