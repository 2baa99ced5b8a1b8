package casework

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// CaseListSize is how many cases one page of the case list shows.
const CaseListSize = 50

// MarkerDropIn marks a case whose citizen is registered in the Drop-In
// form (DC1.7); the case list shows it in colour.
const MarkerDropIn = "drop_in"

// MarkerProtected marks a case whose applicant has a protection code but
// whom no counsellor or leader of the unit is cleared for (DC1.3), so that
// leaders see it.
const MarkerProtected = "protected"

// settableMarkers are the markers a person may set and clear by hand: the
// counsellor clears check_identity once they have checked who applied.
var settableMarkers = []string{MarkerDropIn, MarkerCheckIdentity}

// CaseListFilter is what a person asks the case list for. Query is a
// case number ("2026/000123" or "123") or part of a title.
type CaseListFilter struct {
	Year          int
	Status        torg.CaseStatus
	ResponsibleID int64
	Query         string
	Page          int // from 1
}

// CaseList is one page of a year's case list.
type CaseList struct {
	Filter CaseListFilter
	Cases  []*torg.Case
	Total  int
	Pages  int
	Staff  []*torg.Employee // who may be responsible, for the filter
}

var (
	caseNumberRE = regexp.MustCompile(`^(\d{4})/(\d{1,6})$`)
	digitsRE     = regexp.MustCompile(`^\d+$`)
)

// CaseList returns a page of the year's case list (DC1.6) for a counsellor
// or leader: the cases of the units they belong to, newest first. The
// year defaults to the current one.
func (s *Service) CaseList(ctx context.Context, a *torg.Employee, f CaseListFilter) (*CaseList, error) {
	if !a.Has(torg.RoleCounsellor) && !a.Has(torg.RoleLeader) {
		return nil, errForbidden
	}
	sf, err := s.caseFilter(a, &f)
	if err != nil {
		return nil, err
	}
	l := &CaseList{Filter: f}
	if l.Cases, l.Total, err = s.db.R().CaseList(ctx, sf); err != nil {
		return nil, err
	}
	l.Pages = max(1, (l.Total+CaseListSize-1)/CaseListSize)
	if l.Staff, err = s.unitStaff(ctx, a.Units); err != nil {
		return nil, err
	}
	return l, s.auditRead(ctx, a, "case.list", "caselist:"+strconv.Itoa(f.Year))
}

// caseFilter checks and completes f and turns it into a store filter.
func (s *Service) caseFilter(a *torg.Employee, f *CaseListFilter) (store.CaseFilter, error) {
	if f.Year == 0 {
		f.Year = s.now().Year()
	}
	f.Page = max(f.Page, 1)
	f.Query = strings.TrimSpace(f.Query)
	sf := store.CaseFilter{MunicipalityID: a.MunicipalityID, Units: a.Units, Year: f.Year, Status: f.Status,
		ResponsibleID: f.ResponsibleID, Clearance: a.Clearance, Limit: CaseListSize, Offset: (f.Page - 1) * CaseListSize}
	switch m := caseNumberRE.FindStringSubmatch(f.Query); {
	case m != nil:
		sf.Year, _ = strconv.Atoi(m[1])
		sf.Seq, _ = strconv.Atoi(m[2])
		f.Year = sf.Year
	case digitsRE.MatchString(f.Query) && len(f.Query) <= 6:
		sf.Seq, _ = strconv.Atoi(f.Query)
	case len(strings.Map(keepDigit, f.Query)) >= 7:
		// Long numbers are never searched: the list is no way to look
		// a person up by national ID, and it would land in the URL.
		return sf, torg.FieldError("q", "caselist.no_nin")
	default:
		sf.Title = f.Query
	}
	if sf.Seq == 0 && f.Query != "" && sf.Title == "" {
		return sf, torg.FieldError("q", "caselist.bad_query")
	}
	return sf, nil
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// unitStaff lists the counsellors and leaders of units, once each, by name.
func (s *Service) unitStaff(ctx context.Context, units []int64) ([]*torg.Employee, error) {
	var out []*torg.Employee
	for _, u := range units {
		for _, r := range []torg.Role{torg.RoleCounsellor, torg.RoleLeader} {
			es, err := s.db.R().UnitEmployees(ctx, u, r)
			if err != nil {
				return nil, err
			}
			for _, e := range es {
				if !slices.ContainsFunc(out, func(o *torg.Employee) bool { return o.ID == e.ID }) {
					out = append(out, e)
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y *torg.Employee) int { return strings.Compare(x.Name, y.Name) })
	return out, nil
}

// SetMarker puts a marker on a case or takes it off (DC1.7), for those who
// may read the case. Only markers set by hand may be changed here.
func (s *Service) SetMarker(ctx context.Context, a *torg.Employee, caseID int64, marker string, on bool) error {
	if !slices.Contains(settableMarkers, marker) {
		return torg.FieldError("marker", "caselist.unknown_marker")
	}
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	detail := marker + "=off"
	if on {
		detail = marker + "=on"
	}
	return s.db.Write(ctx, func(q *store.Q) error {
		if on {
			err = q.AddMarker(ctx, caseID, marker, s.now())
		} else {
			err = q.RemoveMarker(ctx, caseID, marker, s.now())
		}
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, "case.marker", obj("case", c.ID), firstParty(c), detail)
	})
}
