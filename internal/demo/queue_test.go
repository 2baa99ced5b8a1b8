package demo

import (
	"context"
	"testing"

	"github.com/torg-kommune/torg/internal/store"
)

// checkQueue: the kiosk has an errand for every queue, and open counters
// call tickets of both queues.
func checkQueue(t *testing.T, db *store.DB, municipalityID int64) {
	ctx := context.Background()
	svcs, err := db.R().QueueServices(ctx, municipalityID)
	if err != nil || len(svcs) != 2 {
		t.Fatalf("queue services = %d, %v", len(svcs), err)
	}
	cs, err := db.R().Counters(ctx, municipalityID)
	if err != nil || len(cs) != 3 {
		t.Fatalf("counters = %d, %v", len(cs), err)
	}
	errands, err := db.R().Errands(ctx, municipalityID, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range svcs {
		served, offered := false, false
		for _, c := range cs {
			served = served || (c.Open && c.Serves(s.ID))
		}
		for _, e := range errands {
			offered = offered || e.ServiceCode == s.Code
		}
		if !served || !offered {
			t.Errorf("queue %s: served by an open counter %v, offered by an errand %v", s.Code, served, offered)
		}
	}
}
