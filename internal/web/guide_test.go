package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestGuidePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f, base := newServer(t, db)
		c := newClient(t, base)
		c.login("skranke")

		t.Run("without a catalogue the page says so", func(t *testing.T) {
			code, body := c.get("/guide")
			if code != http.StatusOK || !strings.Contains(body, "ingen ærendekatalog") {
				t.Fatalf("%d: no word of the missing catalogue", code)
			}
		})
		if err := f.Svc.ImportErrands(ctx, f.Admin, casework.DefaultErrandCatalogue()); err != nil {
			t.Fatal(err)
		}
		err := db.Write(ctx, func(q *store.Q) error {
			return q.PutQueueService(ctx, &torg.QueueService{MunicipalityID: f.Muni.ID, Code: torg.ServicePassport,
				Name: "Pas", Prefix: "A"})
		})
		if err != nil {
			t.Fatal(err)
		}

		t.Run("CG1 CG5 a child's passport: refused without consent, then a ticket with the height", func(t *testing.T) {
			code, body := c.get("/guide?errand=passport_child&digital=yes")
			if code != http.StatusOK || !strings.Contains(body, "felles foreldreansvar") || !strings.Contains(body, "3. Avslutning") ||
				!strings.Contains(body, "150,00") {
				t.Fatalf("%d: the custody questions, the conclusion or the fee are missing", code)
			}
			noMissingText(t, body)
			v := url.Values{"csrf": {field(t, csrfRE, body)}, "request_key": {field(t, keyRE, body)},
				"errand": {"passport_child"}, "digital": {"yes"}, "outcome": {"counter"}, "both_present": {"no"},
				"joint": {"yes"}, "consent": {"no"}, "height": {"118"}, "goal_reached": {"yes"}}
			code, body = c.post("/guide", v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, "Kan ikke gi kønummer til pass") ||
				!strings.Contains(body, `value="118"`) {
				t.Fatalf("%d: incomplete consent not refused with the message and the form refilled", code)
			}
			v.Set("consent", "yes")
			code, body = c.post("/guide", v)
			if code != http.StatusOK || !strings.Contains(body, "Kønummer A001 er gitt") || !strings.Contains(body, "118 cm") {
				t.Fatalf("%d at %s: no ticket shown", code, c.seen[len(c.seen)-1])
			}
			code, body = c.post("/guide", v)
			if code != http.StatusOK || strings.Contains(body, "A002") || !strings.Contains(body, "A001") {
				t.Errorf("%d: a double submit gave another ticket", code)
			}
		})
		t.Run("the admin loads an edited catalogue with a new fee level", func(t *testing.T) {
			a := newClient(t, base)
			a.login("admin")
			code, body := a.get("/guide/errands.json")
			if code != http.StatusOK || !strings.Contains(body, `"code": "passport_child"`) {
				t.Fatalf("%d: export lacks the errands", code)
			}
			_, page := a.get("/guide")
			bad := url.Values{"csrf": {field(t, csrfRE, page)}, "catalogue": {`{"errands": [], "fee": []}`}}
			if code, body := a.post("/guide/errands", bad); code != http.StatusUnprocessableEntity || !strings.Contains(body, "Katalogen kan ikke leses") {
				t.Errorf("%d: a misspelt field was not refused", code)
			}
			good := url.Values{"csrf": {field(t, csrfRE, page)},
				"catalogue": {`{"errands": [], "fees": [{"errand": "passport_child", "amount": 17500, "valid_from": "2026-11-01"}]}`}}
			if code, body := a.post("/guide/errands", good); code != http.StatusOK || !strings.Contains(body, "Ærendekatalogen er lastet inn") {
				t.Fatalf("%d: import failed", code)
			}
			if _, body := c.get("/guide?errand=passport_child&digital=yes"); !strings.Contains(body, "175,00") {
				t.Error("the new fee level does not show")
			}
			_, deskPage := c.get("/guide")
			good.Set("csrf", field(t, csrfRE, deskPage))
			if code, _ := c.post("/guide/errands", good); code != http.StatusForbidden {
				t.Errorf("the desk imports: %d", code)
			}
		})
		t.Run("CG7 Udbetaling Danmark, not digital: the phone number and the exemption offered", func(t *testing.T) {
			code, body := c.get("/guide?errand=udk_pension&digital=no")
			if code != http.StatusOK || !strings.Contains(body, "70 12 80 62") || !strings.Contains(body, "Fritatt fra digital post") ||
				!strings.Contains(body, `value="phone_authority" checked`) {
				t.Fatalf("%d: no phone number, exemption or suggested channel", code)
			}
		})
	})
}
