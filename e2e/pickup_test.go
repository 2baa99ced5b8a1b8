package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/i18n"
)

// pickupWalk is the state the steps of the FD3 walk pass on.
type pickupWalk struct {
	tab    *tab
	p      *i18n.Printer
	person string // Kari's page
	letter string // her letter's page, /pickups/{id}
	number string // its number at the desk, H-n
	day    string // the agreed pickup day, tomorrow

	hidden     string // the kode 6 person's letter
	hiddenName string
	hiddenNIN  string
	hiddenAddr string
}

var pickupPathRE = regexp.MustCompile(`^/pickups/\d+$`)

// demoFamilies are the family names of the demo population
// (internal/demo), to search for its three strictly protected persons.
var demoFamilies = strings.Fields(`Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen
	Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen
	Lund Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken
	Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård Bakke Kristensen
	Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen Sæther Aas Myhre Hanssen Ahmed Haugland
	Thomassen Sivertsen Simonsen Danielsen`)

// TestPickupInBrowser walks FD3 in a browser: the desk registers a letter
// for Kari Nordmann that NAV may pick up by agreement (FD3.1, FD3.3), finds
// it on the desk's list (FD3.2) and hands it over to NAV's representative
// with the ID document recorded; the counsellor finds the handover on the
// case. A strictly protected person's letter is registered by the cleared
// leader, listed at the desk without name or address and handed over
// against the number on the ID. Every page is checked with axe-core.
func TestPickupInBrowser(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	r := &pickupWalk{tab: newTab(t), p: i18n.New(i18n.NB),
		day: time.Now().In(oslo).AddDate(0, 0, 1).Format("02.01.2006")}
	steps := []struct {
		name string
		run  func(*tab)
	}{
		{"front desk finds Kari", r.findKari},
		{"FD3.1 FD3.3 register a letter NAV may pick up, by agreement", r.register},
		{"FD3.2 the letter on the desk's list", r.list},
		{"FD3.1 NAV's representative picks it up with ID", r.handOver},
		{"the handover is filed on the case", r.onCase},
		{"DC1.3 the leader registers a letter for a kode 6 person", r.registerHidden},
		{"DC1.3 the desk hands it over against the number, without name or address", r.handOverHidden},
		{"the pages in every language", r.languages},
	}
	for _, s := range steps {
		if !t.Run(s.name, func(t *testing.T) { s.run(r.tab.in(t)) }) {
			t.FailNow() // each step builds on the one before
		}
	}
}

func (r *pickupWalk) findKari(b *tab) {
	b.open("/login")
	b.chooseLanguage(string(i18n.NB))
	b.login("skranke")
	b.do("enter the national ID", chromedp.SendKeys(chromedp.ID("nin"), demo.DemoNIN))
	b.submit(`form:has(input[name=action][value=nin]) button[type=submit]`, http.StatusOK)
	r.person = b.path()
}

func (r *pickupWalk) register(b *tab) {
	b.load("open the letter form", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href="`+r.person+`/pickups/new"]`)))
	b.checkAccessibility("letter for pickup form")
	if !eval[bool](b, `document.querySelector('input[name=case]:checked')?.value > 0`) {
		b.t.Error("the form does not propose Kari's case")
	}
	b.do("fill in the letter for NAV without the agreement",
		chromedp.Click(chromedp.CSS(`input[name=recipient][value=partner_agency]`)),
		chromedp.SendKeys(chromedp.ID("agency_name"), "NAV Torgvik"),
		chromedp.SendKeys(chromedp.ID("description"), "Svar på søknad om gjeldsrådgivning"),
		chromedp.SendKeys(chromedp.ID("pickup_date"), r.day),
	)
	b.submit(`form[action="`+r.person+`/pickups/new"] button[type=submit]`, http.StatusUnprocessableEntity)
	if got, want := b.texts(`#error-summary a[href="#agreement"]`), r.p.T("pickup.agreement_required"); len(got) != 1 || got[0] != want {
		b.t.Errorf("error summary %q, want a link to the agreement saying %q", got, want)
	}
	if v := eval[string](b, `document.getElementById("agency_name").value`); v != "NAV Torgvik" {
		b.t.Errorf("the form lost the agency: %q", v)
	}
	b.checkAccessibility("letter form with an error")
	b.do("write the agreement down", chromedp.SendKeys(chromedp.ID("agreement"), "Samtykke fra Kari, journalført i saken"))
	b.submit(`form[action="`+r.person+`/pickups/new"] button[type=submit]`, http.StatusOK)
	if r.letter = b.path(); !pickupPathRE.MatchString(r.letter) {
		b.t.Fatalf("after registering the page is %s (%s)", r.letter, b.text(".error-summary"))
	}
	r.number = "H-" + strings.TrimPrefix(r.letter, "/pickups/")
	if got, want := b.text(".alert-success"), r.p.T("pickup.registered_flash", "number", r.number); got != want {
		b.t.Errorf("the page says %q, want %q", got, want)
	}
	kv := b.kv()
	for k, want := range map[string]string{r.p.T("pickup.col_for"): kariName, r.p.T("pickup.col_responsible"): counsellor,
		r.p.T("pickup.col_pickup_by"): r.day + " 14:00", r.p.T("pickup.col_location"): r.p.T("pickup.default_location"),
		r.p.T("pickup.col_recipient"): r.p.T("pickup.recipient_agency", "agency", "NAV Torgvik")} {
		if kv[k] != want {
			b.t.Errorf("FD3.3: %s is %q, want %q", k, kv[k], want)
		}
	}
	b.checkAccessibility("letter page")
	b.screenshot("pickup")
}

func (r *pickupWalk) list(b *tab) {
	b.load("open the desk's list", http.StatusOK, chromedp.Click(chromedp.CSS(`nav.site-nav a[href="/pickups"]`)))
	row := `tr:has(a[href="` + r.letter + `"])`
	if got := b.text(row); !strings.Contains(got, kariName) || !strings.Contains(got, r.day+" 14:00") || !strings.Contains(got, counsellor) {
		b.t.Errorf("the list's row for %s reads %q", r.number, got)
	}
	b.checkAccessibility("the desk's list")
	b.screenshot("pickups")
	b.load("open the letter", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href="`+r.letter+`"]`)))
}

func (r *pickupWalk) handOver(b *tab) {
	form := `form[action="` + r.letter + `/handover"]`
	b.do("NAV's representative shows a driving licence",
		chromedp.Click(chromedp.CSS(`input[name=collector][value=partner_agency]`)),
		chromedp.SendKeys(chromedp.ID("collector_name"), "Nils Veileder"),
		chromedp.Click(chromedp.CSS(`input[name=id_document][value=driving_licence]`)),
	)
	b.submit(form+` button[type=submit]`, http.StatusUnprocessableEntity)
	if got := b.text("#id_checked-error"); got != r.p.T("pickup.id_not_checked") {
		b.t.Errorf("without the check ticked the page says %q", got)
	}
	b.checkAccessibility("handover with an error")
	b.do("tick that the ID was checked", chromedp.Click(chromedp.ID("id_checked")))
	b.screenshot("pickup-handover")
	b.submit(form+` button[type=submit]`, http.StatusOK)
	if got, want := b.text(".alert-success"), r.p.T("pickup.handed_over_flash"); got != want {
		b.t.Errorf("after the handover the page says %q, want %q", got, want)
	}
	kv := b.kv()
	for k, want := range map[string]string{
		r.p.T("pickup.collected_by"): r.p.T("pickup.collector_agency", "name", "Nils Veileder", "agency", "NAV Torgvik"),
		r.p.T("pickup.id_document"):  r.p.T("pickup.id_driving_licence"),
		r.p.T("pickup.checked_by"):   "Frida Skranke"} {
		if kv[k] != want {
			b.t.Errorf("FD3.1: %s is %q, want %q", k, kv[k], want)
		}
	}
	if b.text(form) != "" {
		b.t.Error("the handover form is still there")
	}
	b.checkAccessibility("letter handed over")
}

func (r *pickupWalk) onCase(b *tab) {
	b.logout()
	b.login("eg")
	b.open(r.person)
	b.load("open Kari's case", http.StatusOK, chromedp.Click(chromedp.CSS(`#cases-heading ~ div a[href^="/cases/"]`)))
	if page := b.text("main"); !strings.Contains(page, r.p.T("pickup.record_title")) {
		b.t.Errorf("the case does not show %q", r.p.T("pickup.record_title"))
	}
	b.logout()
}

// registerHidden has the cleared leader find a strictly protected person
// of the demo population and register a letter for her.
func (r *pickupWalk) registerHidden(b *tab) {
	b.login("leder")
	defer b.logout()
	for _, family := range demoFamilies {
		b.open("/desk")
		b.do("search "+family, chromedp.SendKeys(chromedp.ID("q"), family))
		b.submit(`form:has(input[name=action][value=search]) button[type=submit]`, http.StatusOK)
		href := eval[string](b, `document.querySelector("table.data tr:has(.badge-protected:not(.badge-warning)) a")?.getAttribute("href") ?? ""`)
		if href == "" {
			continue
		}
		b.open(href)
		kv := b.kv()
		r.hiddenNIN = strings.ReplaceAll(kv[r.p.T("nin.label")], " ", "")
		r.hiddenAddr = strings.Split(kv[r.p.T("person.address")], ",")[0]
		r.hiddenName = strings.TrimSpace(strings.TrimSuffix(b.text("h1"), b.text("h1 .badge")))
		b.load("open the letter form", http.StatusOK, chromedp.Click(chromedp.CSS(`a[href="`+href+`/pickups/new"]`)))
		if eval[bool](b, `!!document.querySelector('input[type=radio][name=case][value="0"]')`) {
			b.do("no case", chromedp.Click(chromedp.CSS(`input[type=radio][name=case][value="0"]`)))
		}
		b.do("fill in the letter",
			chromedp.SetValue(chromedp.ID("responsible"), eval[string](b, `document.querySelector("#responsible option[value*='/']").value`)),
			chromedp.SendKeys(chromedp.ID("pickup_date"), r.day),
		)
		b.submit(`form[action="`+href+`/pickups/new"] button[type=submit]`, http.StatusOK)
		if r.hidden = b.path(); !pickupPathRE.MatchString(r.hidden) {
			b.t.Fatalf("after registering the page is %s (%s)", r.hidden, b.text(".error-summary"))
		}
		if got := b.kv()[r.p.T("pickup.col_for")]; !strings.Contains(got, r.hiddenName) {
			b.t.Errorf("the cleared leader sees %q, want the name %q", got, r.hiddenName)
		}
		return
	}
	b.t.Fatal("no strictly protected person among the demo population's searches")
}

func (r *pickupWalk) handOverHidden(b *tab) {
	b.login("skranke")
	b.open("/pickups")
	row := `tr:has(a[href="` + r.hidden + `"])`
	if got := b.text(row); !strings.Contains(got, r.p.T("pickup.hidden_name")) {
		b.t.Errorf("the desk's row reads %q, want %q", got, r.p.T("pickup.hidden_name"))
	}
	b.open(r.hidden)
	for _, secret := range []string{r.hiddenName, r.hiddenAddr, r.hiddenNIN} {
		if page := b.text("body"); secret != "" && strings.Contains(page, secret) {
			b.t.Errorf("the desk's letter page shows %q", secret)
		}
	}
	b.checkAccessibility("a kode 6 person's letter at the desk")
	b.do("the ID shown, its number typed",
		chromedp.Click(chromedp.CSS(`input[name=id_document][value=passport]`)),
		chromedp.SendKeys(chromedp.ID("nin"), r.hiddenNIN),
		chromedp.Click(chromedp.ID("id_checked")),
	)
	b.screenshot("pickup-protected")
	b.submit(`form[action="`+r.hidden+`/handover"] button[type=submit]`, http.StatusOK)
	if got, want := b.text(".alert-success"), r.p.T("pickup.handed_over_flash"); got != want {
		b.t.Errorf("after the handover the page says %q (%s), want %q", got, b.text(".error-summary"), want)
	}
	b.checkAccessibility("a kode 6 person's letter handed over")
}

// languages opens the list, a letter and the form in each language: the
// page is in that language, shows no untranslated key and is accessible.
func (r *pickupWalk) languages(b *tab) {
	defer b.chooseLanguage(string(i18n.NB))
	for _, lang := range i18n.Supported {
		p := i18n.New(lang)
		b.open("/pickups")
		b.chooseLanguage(string(lang))
		if h := b.text("h1"); h != p.T("pickup.title") {
			b.t.Errorf("%s: list heading %q, want %q", lang, h, p.T("pickup.title"))
		}
		for _, path := range []string{"/pickups", r.letter, r.person + "/pickups/new"} {
			b.open(path)
			if body := b.text("body"); strings.Contains(body, "⟦") {
				b.t.Errorf("%s %s shows untranslated keys: %q", lang, path, untranslated(body))
			}
			b.checkAccessibility(string(lang) + " " + path)
		}
	}
}
