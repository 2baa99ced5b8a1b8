package api

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/nin"
)

// validNIN returns the valid Norwegian national ID that starts with the
// nine digits of prefix (date and individnummer).
func validNIN(t *testing.T, prefix string) string {
	t.Helper()
	for k := range 100 {
		s := fmt.Sprintf("%s%02d", prefix, k)
		if _, err := nin.Parse(s, nin.Norway, casetest.Now); err == nil {
			return s
		}
	}
	t.Fatalf("no valid national ID starts with %s", prefix)
	return ""
}

func (e *env) testPersons(t *testing.T) {
	t.Run("FD1.1 look the person up by national ID", func(t *testing.T) {
		var p personDTO
		e.post(t, e.FrontDesk, "/persons/lookup", personLookup{NIN: casetest.KariNIN}).json(t, http.StatusOK, &p)
		if p.ID != e.Kari.ID || p.NIN != casetest.KariNIN || p.Name != "Kari Nordmann" || p.Protection != "none" ||
			p.AddressHidden || p.Address == nil || *p.Address != "Storgata 1" {
			t.Errorf("person = %+v, want Kari with her address", p)
		}
	})
	t.Run("FD1.1 a mistyped national ID is 422 and says what is wrong, in the caller's language", e.testMistypedNIN)
	t.Run("a valid national ID of nobody registered is 404", func(t *testing.T) {
		res := e.post(t, e.FrontDesk, "/persons/lookup", personLookup{NIN: validNIN(t, "158580412")})
		wantProblem(t, res.problem(t, http.StatusNotFound), torg.ENOTFOUND, "person.not_found_nin", "nin")
	})
	t.Run("a protected person's address is hidden without clearance", e.testProtection)
	t.Run("search by name", func(t *testing.T) {
		var list personList
		e.get(t, e.FrontDesk, "/persons?q=nordm").json(t, http.StatusOK, &list)
		if got := ids(list.Persons, func(p personDTO) int64 { return p.ID }); !slices.Equal(got, []int64{e.Kari.ID}) {
			t.Errorf("found %v, want Kari (%d)", got, e.Kari.ID)
		}
	})
	t.Run("strictly protected persons are found by name only with clearance", func(t *testing.T) {
		for _, tt := range []struct {
			as   *torg.Employee
			want int
		}{{e.FrontDesk, 0}, {e.Leader, 1}} {
			var list personList
			e.get(t, tt.as, "/persons?q=Skjult").json(t, http.StatusOK, &list)
			if len(list.Persons) != tt.want {
				t.Errorf("%s found %d, want %d", tt.as.Username, len(list.Persons), tt.want)
			}
		}
	})
	t.Run("a search shorter than two letters is 422", func(t *testing.T) {
		p := e.get(t, e.FrontDesk, "/persons?q=K").problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "person.search_too_short", "q")
	})
	t.Run("one person by ID", func(t *testing.T) {
		var p personDTO
		e.get(t, e.EG, fmt.Sprintf("/persons/%d", e.Kari.ID)).json(t, http.StatusOK, &p)
		if p.ID != e.Kari.ID || p.FamilyName != "Nordmann" {
			t.Errorf("person = %+v, want Kari", p)
		}
		wantProblem(t, e.get(t, e.EG, "/persons/999999").problem(t, http.StatusNotFound), torg.ENOTFOUND, "error.not_found", "")
	})
	t.Run("FD1.1 register a person who is not known", e.testCreatePerson)
	t.Run("a person's cases are those the caller may open", func(t *testing.T) {
		for _, tt := range []struct {
			as   *torg.Employee
			want []int64
		}{{e.EG, []int64{e.KariCase.ID}}, {e.Leader, []int64{e.KariCase.ID}}, {e.Outsider, nil}, {e.FrontDesk, nil}} {
			var list caseList
			e.get(t, tt.as, fmt.Sprintf("/persons/%d/cases", e.Kari.ID)).json(t, http.StatusOK, &list)
			if got := ids(list.Cases, func(c caseDTO) int64 { return c.ID }); !slices.Equal(got, tt.want) {
				t.Errorf("%s sees cases %v, want %v", tt.as.Username, got, tt.want)
			}
		}
	})
}

func (e *env) testMistypedNIN(t *testing.T) {
	last := casetest.KariNIN[10] - '0'
	badControl := casetest.KariNIN[:10] + fmt.Sprint((last+1)%10)
	tests := []struct {
		accept string
		lang   i18n.Lang
		nin    string
		key    string
		args   []any
	}{
		{"", i18n.EN, badControl, "nin.control2", nil},
		{"nb-NO,nb;q=0.9,en;q=0.5", i18n.NB, badControl, "nin.control2", nil},
		{"sv-SE", i18n.SV, badControl, "nin.control2", nil},
		{"fi, da;q=0.8", i18n.DA, badControl, "nin.control2", nil},
		{"fi", i18n.EN, badControl, "nin.control2", nil},
		{"nb", i18n.NB, "1091559678", "nin.length", []any{"want", 11}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %q", tt.key, tt.accept), func(t *testing.T) {
			res := e.post(t, e.FrontDesk, "/persons/lookup", personLookup{NIN: tt.nin}, "Accept-Language", tt.accept)
			p := res.problem(t, http.StatusUnprocessableEntity)
			wantProblem(t, p, torg.EINVALID, tt.key, "nin")
			pr := i18n.New(tt.lang)
			if want := pr.T(tt.key, tt.args...); p.Detail != want {
				t.Errorf("detail %q, want %q", p.Detail, want)
			}
			if want := pr.T("api.status_422"); p.Title != want || p.Type != "urn:torg:problem:invalid" {
				t.Errorf("type %q, title %q, want urn:torg:problem:invalid, %q", p.Type, p.Title, want)
			}
			if got := res.header.Get("Content-Language"); got != string(tt.lang) {
				t.Errorf("Content-Language %q, want %q", got, tt.lang)
			}
		})
	}
}

func (e *env) testProtection(t *testing.T) {
	tests := []struct {
		as         *torg.Employee
		nin        string
		hidden     bool
		protection string
	}{
		{e.FrontDesk, casetest.ProtectedNIN, true, "strict"},
		{e.FrontDesk, casetest.ConfidentialNIN, true, "confidential"},
		{e.Leader, casetest.ProtectedNIN, false, "strict"},
		{e.Leader, casetest.ConfidentialNIN, false, "confidential"},
	}
	for _, tt := range tests {
		var p personDTO
		e.post(t, tt.as, "/persons/lookup", personLookup{NIN: tt.nin}).json(t, http.StatusOK, &p)
		if p.AddressHidden != tt.hidden || (p.Address == nil) != tt.hidden || p.Protection != tt.protection {
			t.Errorf("%s sees %s: address_hidden %v, address %v, protection %q; want hidden %v, %q",
				tt.as.Username, p.Name, p.AddressHidden, p.Address, p.Protection, tt.hidden, tt.protection)
		}
	}
}

func (e *env) testCreatePerson(t *testing.T) {
	in := personInput{NIN: validNIN(t, "248790441"), GivenName: " Ola ", FamilyName: "Nyland", Address: "Torget 2",
		Postcode: "4600", City: "Torgvik", Phone: "+4791234567", Language: "nb"}
	res := e.post(t, e.FrontDesk, "/persons", in)
	var created personDTO
	res.json(t, http.StatusCreated, &created)
	if created.Name != "Ola Nyland" || created.NIN != in.NIN || created.BirthDate == nil ||
		created.BirthDate.String() != "1990-07-24" {
		t.Errorf("created %+v", created)
	}
	loc := res.header.Get("Location")
	if loc != fmt.Sprintf("/api/v1/persons/%d", created.ID) {
		t.Fatalf("Location %q", loc)
	}
	var got personDTO
	e.get(t, e.FrontDesk, loc[len(prefix):]).json(t, http.StatusOK, &got)
	if diff := cmp.Diff(created, got); diff != "" {
		t.Errorf("GET Location differs from the created person (-created +got):\n%s", diff)
	}
	t.Run("again is 409", func(t *testing.T) {
		p := e.post(t, e.FrontDesk, "/persons", in).problem(t, http.StatusConflict)
		wantProblem(t, p, torg.ECONFLICT, "person.exists", "nin")
	})
	t.Run("without a given name is 422", func(t *testing.T) {
		in := personInput{NIN: validNIN(t, "248790442"), FamilyName: "Nyland"}
		p := e.post(t, e.FrontDesk, "/persons", in).problem(t, http.StatusUnprocessableEntity)
		wantProblem(t, p, torg.EINVALID, "person.given_name_required", "given_name")
	})
}
