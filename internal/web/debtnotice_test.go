package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var requestKeyRE = regexp.MustCompile(`name="request_key" value="([^"]+)"`)

func TestDebtNoticePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, base := newServer(t, db)
		eg := newClient(t, base)
		eg.login("eg")
		const newPath = "/debt-notices/new"

		t.Run("DN1 the intake form renders in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				eg.lang = string(lang)
				code, body := eg.get(newPath)
				if code != http.StatusOK || !strings.Contains(body, `for="nin"`) || !strings.Contains(body, `name="file"`) {
					t.Errorf("%s: %d", lang, code)
				}
				noMissingText(t, body)
			}
			eg.lang = "sv"
		})
		post := func(amount, received string) (int, string) {
			_, page := eg.get(newPath)
			return eg.post(newPath, url.Values{"csrf": {field(t, csrfRE, page)}, "request_key": {field(t, requestKeyRE, page)},
				"nin": {casetest.KariNIN}, "sender_kind": {"landlord"}, "sender_name": {"Torgvik Bostäder AB"},
				"kind": {"rent"}, "amount": {amount}, "received": {received}, "note": {"Hyra för oktober och november"}})
		}
		t.Run("DN1 a wrong amount is shown on the form", func(t *testing.T) {
			code, body := post("tio kronor", "2026-11-20")
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="amount-error"`) {
				t.Errorf("%d, want the amount's error", code)
			}
			noMissingText(t, body)
		})
		var noticePath string
		t.Run("DN1 a registered notice opens its page with the legal deadline", func(t *testing.T) {
			code, body := post("10 724,50", "2026-11-20")
			if code != http.StatusOK || !strings.Contains(body, `id="notice-status"`) || !strings.Contains(body, "Torgvik Bostäder AB") {
				t.Fatalf("%d: no notice page", code)
			}
			noMissingText(t, body)
			m := regexp.MustCompile(`action="(/debt-notices/\d+)/check`).FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no register check on an open notice")
			}
			noticePath = m[1]
			t.Run("DN2 a person without a social-services case is not current", func(t *testing.T) {
				_, page := eg.get(m[1])
				code, body := eg.post(m[1]+"/current", url.Values{"csrf": {field(t, csrfRE, page)}})
				if code != http.StatusOK || !strings.Contains(body, `id="current"`) || !strings.Contains(body, "Personen är inte aktuell") {
					t.Errorf("%d: not shown as not current: %s", code, alertOf(body))
				}
				noMissingText(t, body)
			})
			t.Run("DN4 the register check shows the household", func(t *testing.T) {
				_, page := eg.get(m[1])
				code, body := eg.post(m[1]+"/check", url.Values{"csrf": {field(t, csrfRE, page)}})
				if code != http.StatusOK || !strings.Contains(body, `id="household"`) {
					t.Errorf("%d: no household", code)
				}
				noMissingText(t, body)
			})
		})
		t.Run("DN1 a notice in a case one may not read does not exist", func(t *testing.T) {
			out := newClient(t, base)
			out.login("bv")
			if noticePath == "" {
				t.Skip("no notice registered")
			}
			if code, _ := out.get(noticePath); code != http.StatusNotFound {
				t.Errorf("outsider: %d, want 404", code)
			}
		})
	})
}

func TestDebtNoticeImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, base := newServer(t, db)
		eg := newClient(t, base)
		eg.login("eg")
		eg.lang = "sv"
		t.Run("DN1 a bulk file imports the good lines and lists the bad ones by line number", func(t *testing.T) {
			_, page := eg.get("/debt-notices/new")
			file := "personnummer;avsändartyp;avsändare;skuldslag;belopp;mottagen\n" +
				casetest.KariNIN + ";landlord;Torgvik Bostäder AB;rent;10724,50;2026-11-20\n" +
				casetest.KariNIN + ";landlord;Torgvik Bostäder AB;gas;500;2026-11-20\n"
			code, body := eg.upload("/debt-notices/import", url.Values{"csrf": {field(t, csrfRE, page)}},
				"file", "underrattelser.csv", []byte(file))
			if code != http.StatusOK || !strings.Contains(body, "Inlästa: 1") || !strings.Contains(body, "<td>3</td>") {
				t.Errorf("%d: want one imported and line 3 refused: %s", code, alertOf(body))
			}
			noMissingText(t, body)
		})
		t.Run("DN1 no file is an error on the upload form", func(t *testing.T) {
			_, page := eg.get("/debt-notices/new")
			code, body := eg.upload("/debt-notices/import", url.Values{"csrf": {field(t, csrfRE, page)}}, "file", "", nil)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="file-error"`) {
				t.Errorf("%d: want the file's error", code)
			}
		})
	})
}

func alertOf(body string) string {
	m := regexp.MustCompile(`(?s)class="(?:alert|error)[^"]*"[^>]*>(.{0,200})`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestDebtNoticeLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, base := newServer(t, db)
		leader := newClient(t, base)
		leader.login("leder")
		eg := newClient(t, base)
		eg.login("eg")
		t.Run("DN7 the statistics render in every language by sender, kind and outcome", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				leader.lang = string(lang)
				code, body := leader.get("/debt-notices/statistics?from=2026-01-01&to=2026-12-31")
				if code != http.StatusOK || !strings.Contains(body, `id="by-sender"`) || !strings.Contains(body, `id="by-outcome"`) {
					t.Errorf("%s: %d", lang, code)
				}
				noMissingText(t, body)
			}
		})
		t.Run("DN7 the for-information list is only for the child, youth and family unit", func(t *testing.T) {
			if code, _ := eg.get("/debt-notices/information"); code != http.StatusForbidden {
				t.Errorf("eg: %d, want 403", code)
			}
		})
	})
}

func TestDebtNoticeInformationList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, base := newServer(t, db)
		ctx := context.Background()
		err := db.Write(ctx, func(q *store.Q) error {
			u := &torg.Unit{MunicipalityID: f.Muni.ID, Code: torg.UnitChildYouthFamily, Name: "Barn, unga och familj"}
			if err := q.CreateUnit(ctx, u); err != nil {
				return err
			}
			e := &torg.Employee{MunicipalityID: f.Muni.ID, Username: "bf", Name: "Björn Falk", Initials: "BF",
				Email: "bf@torgvik.example", Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{u.ID},
				Language: "sv", Active: true}
			return q.CreateEmployee(ctx, e, casework.HashPassword(casetest.Password), casetest.Now)
		})
		if err != nil {
			t.Fatal(err)
		}
		bf := newClient(t, base)
		bf.login("bf")
		t.Run("DN7 the 1st social secretary's list renders in every language", func(t *testing.T) {
			for _, lang := range i18n.Supported {
				bf.lang = string(lang)
				code, body := bf.get("/debt-notices/information")
				if code != http.StatusOK || !strings.Contains(body, `href="/debt-notices/new" aria-current="page"`) {
					t.Errorf("%s: %d", lang, code)
				}
				noMissingText(t, body)
			}
		})
		t.Run("DN7 shredding a notice that is not a for-information copy is refused on the list", func(t *testing.T) {
			_, page := bf.get("/debt-notices/information")
			if code, _ := bf.post("/debt-notices/999999/shred", url.Values{"csrf": {field(t, csrfRE, page)}}); code < 400 {
				t.Errorf("%d, want an error", code)
			}
		})
	})
}

// TestDNCaseWorker walks the current path on the notice page: the person
// has an open case of ekonomiskt bistånd, so the notice goes to its case
// worker (DN2), who answers DN3 once; the notice's case is then closed.
func TestDNCaseWorker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, base := newServer(t, db)
		err := db.Write(ctx, func(q *store.Q) error {
			fa := &torg.Unit{MunicipalityID: f.Muni.ID, Code: torg.UnitFinancialAssistance, Name: "Ekonomiskt bistånd"}
			if err := q.CreateUnit(ctx, fa); err != nil {
				return err
			}
			f.EG.Units = append(f.EG.Units, fa.ID)
			if err := q.UpdateEmployee(ctx, f.EG); err != nil {
				return err
			}
			c := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: fa.ID, Type: "financial_assistance", Title: "Ekonomiskt bistånd",
				ResponsibleID: f.EG.ID, Status: torg.CaseOpen}
			if err := q.CreateCase(ctx, c, casetest.Now); err != nil {
				return err
			}
			return q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: f.Kari.ID, Role: torg.PartyApplicant})
		})
		if err != nil {
			t.Fatal(err)
		}
		n, err := f.Svc.RegisterNotice(ctx, f.EG, casework.NoticeInput{NIN: casetest.KariNIN, SenderKind: torg.SenderLandlord,
			SenderName: "Torgvik Bostäder AB", Kind: torg.NoticeRent, Amount: 1_072_450, Received: torg.Date{Year: 2026, Month: 11, Day: 20}})
		if err != nil {
			t.Fatal(err)
		}
		eg := newClient(t, base)
		eg.lang = "sv"
		eg.login("eg")
		path := "/debt-notices/" + strconv.FormatInt(n.ID, 10)
		_, page := eg.get(path)
		if code, body := eg.post(path+"/current", url.Values{"csrf": {field(t, csrfRE, page)}}); code != http.StatusOK ||
			!strings.Contains(body, `action="`+path+`/concern"`) {
			t.Fatalf("DN2: %d, want the DN3 question: %s", code, alertOf(body))
		}
		t.Run("DN3 the case worker answers once and the notice's handling closes", func(t *testing.T) {
			_, page := eg.get(path)
			code, body := eg.post(path+"/concern", url.Values{"csrf": {field(t, csrfRE, page)}, "children": {"yes"}})
			if code != http.StatusOK || !strings.Contains(body, "Ingen orosanmälan behövs.") ||
				strings.Contains(body, `action="`+path+`/concern"`) {
				t.Errorf("DN3: %d, want the answer shown and no question left: %s", code, alertOf(body))
			}
			noMissingText(t, body)
			c, err := db.R().Case(ctx, f.Muni.ID, n.CaseID)
			if err != nil || c.Status.Active() {
				t.Errorf("the notice case after DN3: %v, %v; want closed", c, err)
			}
		})
	})
}
