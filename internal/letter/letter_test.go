package letter

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// routineTemplates are the letters and SMS texts the DC routine names, and
// the formal reply to a complaint (DM6.4).
var routineTemplates = []string{
	"avslutning_bruker",
	"avslutning_saksbehandling",
	"foresporsel_gjeldsopplysninger",
	"fullmakt",
	"manglende_dokumentasjon",
	"mote_med_tjenesten",
	"moteinnkalling",
	"sms_ingen_kontakt",
	"sms_mote_bekreftelse",
	"sms_paaminnelse",
	"svar_paa_klage",
	"svar_paa_soknad",
	"tilbakemelding_kartlegging",
	"underrattelse_brev",
	"varsel_om_avslutning",
	"vedlegg_svar_paa_soknad",
}

// MustSet returns the built-in templates.
func MustSet(tb testing.TB) *Set {
	tb.Helper()
	s, err := Default()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// sampleLetter returns a letter with sample data for a template.
func sampleLetter(tb testing.TB, name, lang string) *Letter {
	tb.Helper()
	t, ok := Lookup(name, lang)
	if !ok {
		tb.Fatalf("no template %s in %s", name, lang)
	}
	return &Letter{Template: name, Lang: lang, Data: Sample(t.To)}
}

func TestNames(t *testing.T) {
	if diff := cmp.Diff(routineTemplates, Names()); diff != "" {
		t.Errorf("Names() (-want +got):\n%s", diff)
	}
	if !Has("svar_paa_soknad") || Has("no_such_letter") {
		t.Error("Has does not match Names")
	}
}

func TestEveryTemplateComposesInEveryLanguage(t *testing.T) {
	for _, name := range Names() {
		for _, lang := range Langs() {
			t.Run(lang+"/"+name, func(t *testing.T) {
				l := sampleLetter(t, name, lang)
				subject, body, err := Compose(l)
				if err != nil {
					t.Fatal(err)
				}
				tmpl, _ := Lookup(name, lang)
				if (subject == "") != (tmpl.Kind == KindSMS) {
					t.Errorf("subject %q for a %s", subject, tmpl.Kind)
				}
				for _, bad := range []string{"<no value>", "{{", "}}", "%!"} {
					if strings.Contains(subject+body, bad) {
						t.Errorf("merged text contains %q:\n%s", bad, body)
					}
				}
				if tmpl.Title == "" || body == "" {
					t.Error("empty title or body")
				}
			})
		}
	}
}

func TestComposeMergesInTheLettersLanguage(t *testing.T) {
	tests := []struct {
		lang string
		want []string
	}{
		{"nb", []string{"Du har fått time hos Gjeldsrådgivningstjenesten.", "Tid: tirsdag 24. mars 2026 kl. 10.00",
			"Tolk: Vi har bestilt tolk på arabisk."}},
		{"da", []string{"Tid: tirsdag den 24. marts 2026 kl. 10.00"}},
		{"sv", []string{"Tid: tisdag den 24 mars 2026 kl. 10.00"}},
		{"en", []string{"Time: Tuesday 24 March 2026 at 10:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			_, body, err := Compose(sampleLetter(t, "moteinnkalling", tt.lang))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
		})
	}
}

func TestComposeDebtSchedule(t *testing.T) {
	_, blocks, err := Preview(sampleLetter(t, "tilbakemelding_kartlegging", "nb"))
	if err != nil {
		t.Fatal(err)
	}
	var table *Block
	for i := range blocks {
		if blocks[i].Kind == Table {
			table = &blocks[i]
		}
	}
	if table == nil {
		t.Fatal("no table")
	}
	want := [][]string{
		{"Kreditor", "Type gjeld", "Referanse", "Beløp"},
		{"Fjordkreditt AS", "Forbrukslån", "FK-771203", "kr\u00a087\u00a0340,50"},
		{"Nordlys Finans ASA", "Kredittkort", "4417 0000 1234", "kr\u00a023\u00a0480,00"},
		{"Inkasso Nord AS", "Inkassokrav (mobilabonnement)", "IN-2025-55812", "kr\u00a04\u00a0123,75"},
		{"Statens innkrevingssentral", "Restskatt", "SI-88213", "kr\u00a012\u00a0960,00"},
		{"Sum", "", "", "kr\u00a0127\u00a0904,25"},
	}
	if diff := cmp.Diff(want, table.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{false, false, false, true}, table.Right); diff != "" {
		t.Errorf("alignment (-want +got):\n%s", diff)
	}
}

func TestComposeErrors(t *testing.T) {
	noDate := sampleLetter(t, "svar_paa_soknad", "nb")
	noDate.Data.Today = Date{}
	tests := []struct {
		name string
		l    *Letter
		want string
	}{
		{"unknown template", &Letter{Template: "nope", Lang: "nb", Data: Sample(ToCitizen)}, "no such template"},
		{"unknown language", &Letter{Template: "fullmakt", Lang: "fi", Data: Sample(ToCitizen)}, "no such template"},
		{"no date", noDate, "Data.Today"},
		{"no letter", nil, "no letter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Compose(tt.l)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, _, err := Compose(&Letter{Template: "nope", Lang: "nb"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("error %v is not ErrNotFound", err)
	}
}

func TestEditedBody(t *testing.T) {
	t.Run("DC3.6 editable: the edited text replaces the template", func(t *testing.T) {
		l := sampleLetter(t, "moteinnkalling", "nb")
		l.EditedBody = "Hei!\r\n\r\nVelkommen til møte {{.Citizen.Name}}.  \n\n\n\nHilsen oss"
		_, body, err := Compose(l)
		if err != nil {
			t.Fatal(err)
		}
		// Used as it is: normalised, but not merged again.
		if want := "Hei!\n\nVelkommen til møte {{.Citizen.Name}}.\n\nHilsen oss"; body != want {
			t.Errorf("body %q, want %q", body, want)
		}
	})
	t.Run("not editable: refused", func(t *testing.T) {
		l := sampleLetter(t, "fullmakt", "nb")
		l.EditedBody = "Jeg gir alle fullmakt til alt."
		if _, _, err := Compose(l); err == nil || !strings.Contains(err.Error(), "may not be edited") {
			t.Errorf("error %v, want a refusal", err)
		}
	})
}

func TestProtectedAddressIsNeverMerged(t *testing.T) {
	for _, lang := range Langs() {
		for _, name := range []string{"foresporsel_gjeldsopplysninger", "avslutning_saksbehandling", "fullmakt"} {
			t.Run(lang+"/"+name, func(t *testing.T) {
				l := sampleLetter(t, name, lang)
				l.Data.Citizen.Protected = true
				_, body, err := Compose(l)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(body, texts[lang].AddressBlocked) {
					t.Errorf("body lacks %q:\n%s", texts[lang].AddressBlocked, body)
				}
				for _, part := range []string{"Bjørkeveien", "9905"} {
					if strings.Contains(body, part) {
						t.Errorf("body prints the protected address (%q):\n%s", part, body)
					}
				}
			})
		}
	}
}

func TestCreditorLetterToProtectedAddressIsRefused(t *testing.T) {
	l := sampleLetter(t, "foresporsel_gjeldsopplysninger", "nb")
	l.Data.Citizen.Protected = true
	l.Data.Recipient = Recipient{Name: l.Data.Citizen.Name, Address: l.Data.Citizen.Address}
	if _, _, err := Compose(l); err == nil || !strings.Contains(err.Error(), "protected") {
		t.Errorf("error %v, want a refusal", err)
	}
}

func TestNoEmailFieldInData(t *testing.T) {
	// FD2.5: a counsellor's e-mail address is never given out, so Data
	// has nothing a template could print one from.
	walkTypes(reflect.TypeFor[Data](), "", func(path string, _ reflect.Type) {
		if strings.Contains(strings.ToLower(path), "mail") {
			t.Errorf("Data has %s", path)
		}
	})
}

func TestLocalizedSetsTheLanguageOnEveryValue(t *testing.T) {
	d, err := Sample(ToCitizen).localized("sv")
	if err != nil {
		t.Fatal(err)
	}
	var check func(v reflect.Value, path string)
	check = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Slice:
			for i := range v.Len() {
				check(v.Index(i), path+"[]")
			}
		case reflect.Struct:
			if _, ok := v.Type().FieldByName("loc"); ok && v.Type() != reflect.TypeFor[Data]() {
				if v.FieldByName("loc").FieldByName("lang").String() != "sv" {
					t.Errorf("%s is not localized", path)
				}
				return
			}
			for i := range v.NumField() {
				check(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	}
	check(reflect.ValueOf(d), "")
}

func TestSetLookup(t *testing.T) {
	s := MustSet(t)
	tmpl, ok := s.Template("moteinnkalling", "nb")
	if !ok {
		t.Fatal("no moteinnkalling")
	}
	want := Template{Name: "moteinnkalling", Lang: "nb", Title: "Møteinnkalling med informasjon", Kind: KindLetter,
		To: ToCitizen, Editable: true, Signature: true, Steps: []string{"DC3.6"}}
	got := *tmpl
	got.path, got.src, got.bodyLine, got.subject, got.body = "", "", 0, nil, nil
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(Template{})); diff != "" {
		t.Errorf("template (-want +got):\n%s", diff)
	}
	if tmpl.String() != "nb/moteinnkalling.tmpl" {
		t.Errorf("String() = %q", tmpl.String())
	}
}
