package casework_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// guideFixture is the casetest municipality with the Danish errand
// catalogue and the two queue services its counter errands use.
func guideFixture(t *testing.T, db *store.DB) *casetest.Fixture {
	t.Helper()
	f := casetest.New(t, db)
	if err := f.Svc.ImportErrands(ctx, f.Admin, casework.DefaultErrandCatalogue()); err != nil {
		t.Fatal(err)
	}
	err := db.Write(ctx, func(q *store.Q) error {
		for _, s := range []*torg.QueueService{
			{MunicipalityID: f.Muni.ID, Code: torg.ServicePassport, Name: "Pas og MitID", Prefix: "A"},
			{MunicipalityID: f.Muni.ID, Code: torg.ServiceCitizen, Name: "Øvrige", Prefix: "B"},
		} {
			if err := q.PutQueueService(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

var guideKeys int

func guide(t *testing.T, f *casetest.Fixture, in casework.GuideInput) *casework.GuideResult {
	t.Helper()
	guideKeys++
	if in.RequestKey == "" {
		in.RequestKey = fmt.Sprintf("guide-%d", guideKeys)
	}
	res, err := f.Svc.RecordGuidance(ctx, f.FrontDesk, in)
	if err != nil {
		t.Fatalf("record guidance: %v", err)
	}
	return res
}

func TestCitizenGuide(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := guideFixture(t, db)

		t.Run("CG1 the three phases are recorded: errand and digital, channel, goal and where next", func(t *testing.T) {
			res := guide(t, f, casework.GuideInput{Errand: "moving", Digital: true, Outcome: torg.ChannelSelfServiceHelp,
				GoalReached: true, Next: "Lægevalg gjort i samme anmeldelse"})
			list, err := db.R().Guidances(ctx, f.Muni.ID, casetest.Now.Add(-time.Minute), casetest.Now.Add(time.Minute))
			if err != nil || len(list) == 0 {
				t.Fatalf("guidances = %v, %v", list, err)
			}
			g := list[len(list)-1]
			if g.ID != res.Guidance.ID || g.Errand != "moving" || !g.Digital || g.Outcome != torg.ChannelSelfServiceHelp ||
				!g.GoalReached || g.GuideID != f.FrontDesk.ID || !g.At.Equal(casetest.Now) || g.TicketID != 0 {
				t.Errorf("guidance = %+v", g)
			}
			again, err := f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: g.RequestKey, Errand: "moving",
				Digital: true, Outcome: torg.ChannelSelfServiceHelp})
			if err != nil || !again.Dup || again.Guidance.ID != g.ID {
				t.Errorf("double submit = %+v, %v", again, err)
			}
			_, err = f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: "x1", Errand: "moving"})
			wantErr(t, err, torg.EINVALID, "guide.outcome_required", "outcome")
			_, err = f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: "x2", Errand: "nope", Outcome: torg.ChannelCounter})
			wantErr(t, err, torg.EINVALID, "guide.errand.unknown", "errand")
			_, err = f.Svc.RecordGuidance(ctx, f.Admin, casework.GuideInput{RequestKey: "x3", Errand: "moving", Outcome: torg.ChannelSelfService})
			if torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("admin without the desk role: %v", err)
			}
		})
		t.Run("CG2 an appointment elsewhere needs the way to be written down", func(t *testing.T) {
			_, err := f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: "cg2a",
				Errand: torg.ErrandAppointmentElsewhere, Outcome: torg.ChannelOtherDepartment})
			wantErr(t, err, torg.EINVALID, "guide.next_required", "next")
			res := guide(t, f, casework.GuideInput{Errand: torg.ErrandAppointmentElsewhere, Digital: true,
				Outcome: torg.ChannelOtherDepartment, GoalReached: true, Next: "Jobcentret, 2. sal, lokale 214"})
			if res.Guidance.Next != "Jobcentret, 2. sal, lokale 214" || res.Ticket != nil {
				t.Errorf("guidance = %+v", res.Guidance)
			}
		})
		t.Run("CG4 the counter outcome hands out a ticket for the errand's service", func(t *testing.T) {
			res := guide(t, f, casework.GuideInput{Errand: "doctor", Outcome: torg.ChannelCounter, Phone: "+4512345678"})
			if res.Ticket == nil || res.Ticket.Errand != "doctor" || res.Ticket.Number[:1] != "B" ||
				res.Guidance.TicketID != res.Ticket.ID || res.Ticket.IssuedBy != f.FrontDesk.ID {
				t.Fatalf("ticket = %+v, guidance %+v", res.Ticket, res.Guidance)
			}
			again, err := f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: res.Guidance.RequestKey,
				Errand: "doctor", Outcome: torg.ChannelCounter})
			if err != nil || !again.Dup || again.Ticket == nil || again.Ticket.ID != res.Ticket.ID {
				t.Errorf("double submit = %+v, %v", again, err)
			}
			_, err = f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: "cg4b",
				Errand: torg.ErrandAppointmentElsewhere, Outcome: torg.ChannelCounter, Next: "x"})
			wantErr(t, err, torg.EINVALID, "guide.outcome_not_for_errand", "outcome")
		})
		t.Run("CG5 a child's passport: consent of every holder of custody, the height on the ticket", func(t *testing.T) {
			_, err := f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: "cg5a",
				Errand: torg.ErrandPassportChild, Outcome: torg.ChannelCounter,
				Custody: torg.Custody{JointCustody: true, HeightCM: 118}})
			wantErr(t, err, torg.EINVALID, "guide.passport_child.consent_missing", "consent")
			if g, _ := db.R().GuidanceByKey(ctx, f.Muni.ID, "cg5a"); g != nil {
				t.Errorf("refused, yet recorded: %+v", g)
			}
			_, err = f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: "cg5b",
				Errand: torg.ErrandPassportChild, Outcome: torg.ChannelCounter, Custody: torg.Custody{BothParentsPresent: true}})
			wantErr(t, err, torg.EINVALID, "guide.passport_child.height_required", "height")
			res := guide(t, f, casework.GuideInput{Errand: torg.ErrandPassportChild, Outcome: torg.ChannelCounter,
				Custody: torg.Custody{JointCustody: true, AbsentParentConsent: true, HeightCM: 118}})
			if res.Ticket == nil || res.Ticket.Note != "118 cm" || res.Ticket.Number[:1] != "A" {
				t.Errorf("ticket = %+v", res.Ticket)
			}
		})
		t.Run("CG6 MitID trouble goes to the passport counter", func(t *testing.T) {
			res := guide(t, f, casework.GuideInput{Errand: "mitid", Outcome: torg.ChannelCounter})
			if res.Ticket == nil || res.Ticket.Number[:1] != "A" {
				t.Errorf("ticket = %+v", res.Ticket)
			}
		})
		t.Run("CG7 Udbetaling Danmark: not digital → exemption on the person and the phone number", func(t *testing.T) {
			res := guide(t, f, casework.GuideInput{Errand: "udk_housing", Outcome: torg.ChannelPhoneAuthority, PersonID: f.Kari.ID})
			g := res.Guidance
			if g.Exemption != torg.ExemptSelfService || g.Next != "70 12 80 63" || g.PersonID != f.Kari.ID {
				t.Errorf("guidance = %+v", g)
			}
			ex, err := db.R().PersonExemptions(ctx, f.Muni.ID, f.Kari.ID)
			if err != nil || len(ex) != 1 || ex[0].Errand != "udk_housing" {
				t.Errorf("exemptions = %v, %v", ex, err)
			}
			_, err = f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: "cg7b", Errand: "udk_pension",
				Digital: true, Outcome: torg.ChannelSelfService, Exemption: torg.ExemptSelfService})
			wantErr(t, err, torg.EINVALID, "guide.exemption_digital", "exemption")
		})
		t.Run("CG8 no MitID: exempt, paper form; Digital Post exemption marks the person reserved", func(t *testing.T) {
			res := guide(t, f, casework.GuideInput{Errand: "other", Outcome: torg.ChannelPaperForm})
			if res.Guidance.Exemption != torg.ExemptSelfService || res.Guidance.PersonID != 0 {
				t.Errorf("guidance = %+v", res.Guidance)
			}
			before, _ := db.R().Person(ctx, f.Muni.ID, f.Kari.ID)
			if before.DigitalReserved {
				t.Fatal("Kari reserved before")
			}
			guide(t, f, casework.GuideInput{Errand: "exemption", Outcome: torg.ChannelPaperForm, GoalReached: true,
				Exemption: torg.ExemptDigitalPost, PersonID: f.Kari.ID})
			after, _ := db.R().Person(ctx, f.Muni.ID, f.Kari.ID)
			if !after.DigitalReserved {
				t.Error("Digital Post exemption did not reserve the person")
			}
			_, err := f.Svc.RecordGuidance(ctx, f.FrontDesk, casework.GuideInput{RequestKey: "cg8c", Errand: "other",
				Outcome: torg.ChannelPaperForm, PersonID: 999999})
			wantErr(t, err, torg.EINVALID, "guide.person_unknown", "person")
		})
		for _, c := range []struct{ step, errand string }{
			{"CG9", "moving"}, {"CG9", "emigration"}, {"CG10", "doctor"}, {"CG11", "address"}, {"CG12", "tax_preliminary"},
		} {
			t.Run(c.step+" "+c.errand+": digital → self-service, not digital → counter ticket", func(t *testing.T) {
				cat, err := f.Svc.Errands(ctx, f.FrontDesk)
				if err != nil {
					t.Fatal(err)
				}
				e := cat.Errand(c.errand)
				if e == nil || e.Suggest(true) != torg.ChannelSelfService || e.Suggest(false) != torg.ChannelCounter {
					t.Fatalf("errand = %+v", e)
				}
				res := guide(t, f, casework.GuideInput{Errand: c.errand, Outcome: e.Suggest(false)})
				if res.Ticket == nil || res.Ticket.Errand != c.errand {
					t.Errorf("ticket = %+v", res.Ticket)
				}
			})
		}
		t.Run("CG10 CG11 the fee of the day, and a new level from its first day", func(t *testing.T) {
			cat, _ := f.Svc.Errands(ctx, f.FrontDesk)
			day := torg.DateOf(casetest.Now)
			if fee, ok := torg.FeeOn(cat.Fees, "doctor", day); !ok || fee.Amount != 22500 {
				t.Errorf("doctor fee = %v %v", fee, ok)
			}
			if fee, ok := torg.FeeOn(cat.Fees, "address", day); !ok || fee.Amount != 9500 {
				t.Errorf("address fee = %v %v", fee, ok)
			}
			next := day.AddDays(40)
			err := f.Svc.ImportErrands(ctx, f.Admin, casework.ErrandCatalogue{Fees: []torg.Fee{{ErrandCode: "address", Amount: 10000, ValidFrom: next}}})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.ImportErrands(ctx, f.FrontDesk, casework.ErrandCatalogue{}); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("the desk changes the catalogue: %v", err)
			}
			cat, _ = f.Svc.Errands(ctx, f.FrontDesk)
			if fee, _ := torg.FeeOn(cat.Fees, "address", next.AddDays(-1)); fee.Amount != 9500 {
				t.Errorf("the day before: %v", fee)
			}
			if fee, _ := torg.FeeOn(cat.Fees, "address", next); fee.Amount != 10000 {
				t.Errorf("from the new day: %v", fee)
			}
		})
		t.Run("CG12 the annual statement, not digital: phone the tax authority", func(t *testing.T) {
			res := guide(t, f, casework.GuideInput{Errand: "tax_annual", Outcome: torg.ChannelPhoneAuthority})
			if res.Guidance.Next != "72 22 18 18" || res.Ticket != nil {
				t.Errorf("guidance = %+v", res.Guidance)
			}
		})
	})
}
