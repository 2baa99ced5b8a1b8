package routine

import (
	"io/fs"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The templates the issue names; the letter package must have them all.
var wantTemplates = []string{"svar_paa_soknad", "vedlegg_svar_paa_soknad", "fullmakt", "manglende_dokumentasjon",
	"moteinnkalling", "mote_med_tjenesten", "foresporsel_gjeldsopplysninger", "tilbakemelding_kartlegging",
	"avslutning_saksbehandling", "avslutning_bruker", "varsel_om_avslutning", "sms_mote_bekreftelse", "sms_paaminnelse", "sms_ingen_kontakt",
	"underrattelse_brev"}

func TestSeedsLintClean(t *testing.T) {
	names, err := fs.Glob(SeedFiles(), "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no seed files: %v", err)
	}
	known := KnownTemplates(TemplateNames())
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			src, err := fs.ReadFile(SeedFiles(), name)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range Check("routines/"+name, src, known) {
				t.Error(e)
			}
		})
	}
}

func TestSeedsHaveAllTitleLanguages(t *testing.T) {
	seeds := MustSeeds(t)
	for _, r := range seeds {
		check := func(what string, tx Text) {
			for _, lang := range Languages {
				if tx[lang] == "" {
					t.Errorf("%s: %s has no %s title", r.File, what, lang)
				}
			}
		}
		check("routine", r.Title)
		for _, s := range r.Steps {
			check("step "+s.ID, s.Title)
			for _, c := range append(slices.Clone(s.Outcomes), s.Reasons...) {
				check("step "+s.ID+" choice "+c.Name, c.Title)
			}
		}
	}
}

func TestTemplateNames(t *testing.T) {
	want := slices.Sorted(slices.Values(wantTemplates))
	if diff := cmp.Diff(want, TemplateNames()); diff != "" {
		t.Errorf("TemplateNames() (-want +got):\n%s", diff)
	}
}

func TestSeedIDsAreUniqueAndFindable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range MustSeeds(t) {
		if seen[r.ID] {
			t.Errorf("two seeds have id %s", r.ID)
		}
		seen[r.ID] = true
		if got, err := FindSeed(r.ID); err != nil || got != r {
			t.Errorf("FindSeed(%q) = %v, %v", r.ID, got, err)
		}
	}
	if _, err := FindSeed("no_such_routine"); err == nil {
		t.Error("FindSeed of an unknown routine: no error")
	}
}

// MustSeeds returns the shipped routines or fails the test.
func MustSeeds(tb testing.TB) []*Routine {
	tb.Helper()
	seeds, err := Seeds()
	if err != nil {
		tb.Fatalf("Seeds: %v", err)
	}
	return seeds
}
