package app

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
)

// The debt notices (DN) of the DC1.3 sweep: every protected person gets a
// notice of rent debt, so that every debt-notice page is read with
// protected data. Siri (kode 6, no address in the register) and Synne
// (kode 6, not in the register) take the no-children path (DN5); Tor
// (kode 7) lives with a minor child, whose notice becomes a för kännedom
// copy with the child's number for the 1st social secretary (DN6).

// noticeChild is a minor child the register has at Tor's address, graded
// as he is: the household of his notice (DN4, DN6).
func noticeChild(t *testing.T, db *store.DB, muniID int64, parent *secret) registry.FilePerson {
	t.Helper()
	for ind := 500; ind < 1000; ind++ {
		s := fmt.Sprintf("140317%03d", ind)
		k1 := (11 - weighted(s, []int{3, 7, 6, 1, 8, 9, 4, 5, 2})%11) % 11
		if k1 == 10 {
			continue
		}
		s += strconv.Itoa(k1)
		k2 := (11 - weighted(s, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})%11) % 11
		if k2 == 10 {
			continue
		}
		s += strconv.Itoa(k2)
		if _, err := nin.Parse(s, nin.Norway, time.Now()); err != nil {
			continue
		}
		if _, err := db.R().PersonByNIN(context.Background(), muniID, s); torg.ErrorCode(err) != torg.ENOTFOUND {
			continue
		}
		return registry.FilePerson{NIN: s, GivenName: "Tone", FamilyName: parent.p.FamilyName, Address: parent.p.Address,
			Postcode: parent.p.Postcode, City: parent.p.City, Protection: "fortrolig"}
	}
	t.Fatal("no free national ID for a child")
	return registry.FilePerson{}
}

// protectedNotices registers a debt notice for each protected person and
// takes it as far as the not-current paths go: the intake record closed
// (DN5) or the för kännedom copy sent (DN6). The leader, cleared for all
// of them, does it as a member of the financial-assistance and the child,
// youth and family units. It adds the notices, their cases, records and
// documents to what the sweep reads; the letter to the person and the
// bundle that holds it are the person's own.
func protectedNotices(t *testing.T, svc *casework.Service, db *store.DB, m *torg.Municipality, leader *torg.Employee,
	secrets []*secret, withChild *secret, ids *sweepIDs) {
	t.Helper()
	ctx := context.Background()
	for _, code := range []string{demo.UnitFinancialAssistance, demo.UnitChildYouthFamily} {
		leader.Units = append(leader.Units, firstUnit(t, db, m.ID, code))
	}
	if err := db.Write(ctx, func(q *store.Q) error { return q.UpdateEmployee(ctx, leader) }); err != nil {
		t.Fatal(err)
	}
	ids.noticeP = map[int64]int64{}
	received := torg.DateOf(time.Now()).AddDays(-2)
	for i, s := range secrets {
		n, err := svc.RegisterNotice(ctx, leader, casework.NoticeInput{NIN: s.p.NIN, SenderKind: torg.SenderLandlord,
			SenderName: "Torgvik Bostäder AB", Kind: torg.NoticeRent, Amount: torg.Money(12_500_00 + i), Received: received})
		if err != nil {
			t.Fatalf("DN1 notice for %s: %v", s.p.Name(), err)
		}
		if _, cur, err := svc.CheckCurrent(ctx, leader, n.ID); err != nil || cur != nil {
			t.Fatalf("DN2 %s: current %v, %v", s.p.Name(), cur, err)
		}
		if s == withChild {
			in, err := svc.NoticeForInformation(ctx, leader, n.ID, "")
			if err != nil || len(in.Children) != 1 {
				t.Fatalf("DN6 %s: %+v, %v", s.p.Name(), in, err)
			}
		} else if _, err := svc.CloseNoticeIntake(ctx, leader, n.ID, ""); err != nil {
			t.Fatalf("DN5 %s: %v", s.p.Name(), err)
		}
		ids.notices = append(ids.notices, n.ID)
		ids.noticeP[n.ID] = s.p.ID
		ids.cases = append(ids.cases, n.CaseID)
		ids.caseP[n.CaseID] = s.p.ID
		recs, err := db.R().CaseRecords(ctx, n.CaseID)
		if err != nil || len(recs) < 2 {
			t.Fatalf("records of the notice case of %s: %d, %v", s.p.Name(), len(recs), err)
		}
		for _, r := range recs {
			ids.records = append(ids.records, r.ID)
			ids.recP[r.ID] = s.p.ID
			for _, d := range r.Documents {
				ids.docs = append(ids.docs, [2]int64{r.ID, d.ID})
				// The letter to the person (DN5), and the bundle that holds it.
				toPerson := r.Type == torg.RecordOutgoing && r.PersonID == s.p.ID
				if toPerson || r.Type == torg.RecordNote && slices.ContainsFunc(r.Documents, func(d torg.Document) bool {
					return d.MediaType == "application/pdf"
				}) {
					for _, f := range []string{"/records/%d/documents/%d", "/api/v1/records/%d/documents/%d"} {
						ids.own[fmt.Sprintf(f, r.ID, d.ID)] = s.p.ID
					}
				}
			}
		}
	}
}

// noticeSweep reads every debt-notice page as the demo's own notice staff,
// neither of them cleared for kode 6: the financial-assistance officer
// (eb) and the 1st social secretary (bf, cleared for kode 7 only). No
// protected address may show, and bf's list of for-information copies
// must hold Tor's copy, or the sweep proves nothing.
func noticeSweep(t *testing.T, base string, ids *sweepIDs, secrets []*secret, withChild *secret) {
	for _, user := range []string{"eb", "bf"} {
		t.Run("DN7 DC1.3 no protected address on the debt-notice pages for "+user, func(t *testing.T) {
			b := newBrowser(t, base)
			b.login(user)
			var urls []string
			for rt, targets := range sweepRoutes {
				if !strings.HasPrefix(rt, "/debt-notices") {
					continue
				}
				for _, tg := range targets(ids) {
					urls = append(urls, tg.url)
				}
			}
			sawCopy := false
			for _, u := range urls {
				r := b.get(u)
				for _, s := range secrets {
					if n := s.leak(r.text); n != "" {
						t.Errorf("%s %s (%d) shows %q of %s", user, u, r.code, n, s.p.Name())
					}
				}
				if user == "bf" && u == "/debt-notices/information" && r.code == http.StatusOK &&
					strings.Contains(r.text, withChild.p.FamilyName) {
					sawCopy = true
				}
			}
			if user == "bf" && !sawCopy {
				t.Errorf("bf's for-information list does not show %s's copy: the sweep proves nothing", withChild.p.Name())
			}
		})
	}
}
