package casework_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestImportOrgQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		in := testOrg()
		in.QueueServices = []casework.OrgQueueService{
			{Code: "passport", Name: "Pas og kørekort", Prefix: "A", TargetWait: 15, TargetService: 10},
			{Code: "general", Name: "Øvrige", Prefix: "B"},
		}
		in.Counters = []casework.OrgCounter{{Name: "Skranke 1", Services: []string{"passport", "general"}},
			{Name: "Skranke 2", Services: []string{"general"}}}
		t.Run("CG3 the org file configures the queue services and counters", func(t *testing.T) {
			res, err := casework.ImportOrg(ctx, db, in, orgNow)
			if err != nil || res.Queue.Created != 4 {
				t.Fatalf("import = %+v, %v", res, err)
			}
			m, _ := db.R().MunicipalityByCode(ctx, "4204")
			svcs, _ := db.R().QueueServices(ctx, m.ID)
			if len(svcs) != 2 || svcs[0].Prefix != "A" || svcs[0].TargetWait != 15*time.Minute {
				t.Fatalf("services = %+v", svcs)
			}
			cs, _ := db.R().Counters(ctx, m.ID)
			if len(cs) != 2 || len(cs[0].Services) != 2 || len(cs[1].Services) != 1 || cs[0].Open {
				t.Fatalf("counters = %+v", cs)
			}
			res, err = casework.ImportOrg(ctx, db, in, orgNow)
			if err != nil || res.Changed() {
				t.Fatalf("again = %+v, %v; want unchanged", res, err)
			}
		})
		t.Run("CG3 a counter of an unknown queue, or a prefix twice, changes nothing", func(t *testing.T) {
			bad := testOrg()
			bad.Municipality.Code, bad.Employees = "4205", nil
			bad.Counters = []casework.OrgCounter{{Name: "Skranke 9", Services: []string{"nope"}}}
			if _, err := casework.ImportOrg(ctx, db, bad, orgNow); err == nil || !strings.Contains(err.Error(), `no queue service "nope"`) {
				t.Fatalf("unknown queue: %v", err)
			}
			if _, err := db.R().MunicipalityByCode(ctx, "4205"); err == nil {
				t.Error("a failed import created the municipality")
			}
			bad.Counters = nil
			bad.QueueServices = []casework.OrgQueueService{{Code: "a", Name: "A", Prefix: "A"}, {Code: "b", Name: "B", Prefix: "A"}}
			if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "prefix") {
				t.Fatalf("a prefix twice: %v", err)
			}
		})
	})
}
