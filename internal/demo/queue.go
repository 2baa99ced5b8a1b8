package demo

import (
	"context"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// queueServices are Torgvik's two queues at the front desk (CG3), with the
// codes the default errands send counter tickets to.
func queueServices(municipalityID int64) []*torg.QueueService {
	return []*torg.QueueService{
		{MunicipalityID: municipalityID, Code: torg.ServicePassport, Name: "Pass og ID", Prefix: "A",
			TargetWait: 15 * time.Minute, TargetService: 10 * time.Minute},
		{MunicipalityID: municipalityID, Code: torg.ServiceCitizen, Name: "Servicetorget", Prefix: "B",
			TargetWait: 10 * time.Minute, TargetService: 8 * time.Minute},
	}
}

// writeQueue writes the queue services, three counters (the first two
// open, so that the kiosk and the display work at once) and the errand
// catalogue with its fees.
func (o *org) writeQueue(ctx context.Context, q *store.Q) error {
	m := o.municipality.ID
	svcs := queueServices(m)
	for _, s := range svcs {
		if err := q.PutQueueService(ctx, s); err != nil {
			return err
		}
	}
	passport, general := svcs[0].ID, svcs[1].ID
	for _, c := range []*torg.Counter{
		{MunicipalityID: m, Name: "Skranke 1", Services: []int64{passport, general}, Open: true},
		{MunicipalityID: m, Name: "Skranke 2", Services: []int64{general}, Open: true},
		{MunicipalityID: m, Name: "Skranke 3", Services: []int64{passport}},
	} {
		if err := q.PutCounter(ctx, c); err != nil {
			return err
		}
	}
	for _, e := range torg.DefaultErrands() {
		e.MunicipalityID, e.Active = m, true
		if err := q.PutErrand(ctx, e); err != nil {
			return err
		}
	}
	for _, f := range torg.DefaultFees() {
		if err := q.AddFee(ctx, m, f); err != nil {
			return err
		}
	}
	return nil
}
