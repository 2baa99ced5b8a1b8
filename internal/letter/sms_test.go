package letter

import (
	"strings"
	"testing"
)

func TestSMSSegments(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"empty", "", 0},
		{"160 GSM characters", strings.Repeat("æ", 160), 1},
		{"161 GSM characters", strings.Repeat("a", 161), 2},
		{"306 GSM characters", strings.Repeat("ø", 306), 2},
		{"307 GSM characters", strings.Repeat("å", 307), 3},
		{"459 GSM characters", strings.Repeat("Ö", 459), 3},
		{"460 GSM characters", strings.Repeat("é", 460), 4},
		{"extended characters count twice", strings.Repeat("€", 80), 1},
		{"one more extended character", strings.Repeat("€", 81), 2},
		{"70 UCS-2 characters", strings.Repeat("č", 70), 1},
		{"71 UCS-2 characters", "–" + strings.Repeat("a", 70), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SMSSegments(tt.text); got != tt.want {
				t.Errorf("SMSSegments = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestSMSFitsInThreeSegments(t *testing.T) {
	// Long but realistic names: the texts must still fit in 3 × 153
	// characters, in the GSM alphabet.
	long := Sample(ToCitizen)
	long.Municipality.Name = "Nordre Follo og Søndre Vestfold interkommunale samarbeid"
	long.Unit.Name = "Gjeldsrådgivningstjenesten ved NAV-kontoret"
	long.Meeting.Place = "Innbyggertorget, Rådhusgata 18, inngang C, 2. etasje, møterom Fjæra"
	long.Unit.Phone = "+47 99 01 23 45"
	for _, name := range []string{"sms_mote_bekreftelse", "sms_paaminnelse", "sms_ingen_kontakt"} {
		for _, lang := range Langs() {
			for _, d := range []Data{Sample(ToCitizen), long} {
				t.Run(lang+"/"+name, func(t *testing.T) {
					subject, body, err := Compose(&Letter{Template: name, Lang: lang, Data: d})
					if err != nil {
						t.Fatal(err)
					}
					if subject != "" {
						t.Errorf("an SMS has subject %q", subject)
					}
					if _, ok := gsmSeptets(body); !ok {
						t.Errorf("not in the GSM alphabet: %q", body)
					}
					if n := SMSSegments(body); n > MaxSMSSegments {
						t.Errorf("%d segments (%d characters): %q", n, len([]rune(body)), body)
					}
				})
			}
		}
	}
}

func TestSMSTooLongIsRefused(t *testing.T) {
	d := Sample(ToCitizen)
	d.Meeting.Place = strings.Repeat("Rådhusgata 18, ", 30)
	_, _, err := Compose(&Letter{Template: "sms_mote_bekreftelse", Lang: "nb", Data: d})
	if err == nil || !strings.Contains(err.Error(), "segments") {
		t.Errorf("error %v, want a refusal", err)
	}
}

func TestSMSCannotBeRendered(t *testing.T) {
	_, err := PDFRenderer{}.Render(sampleLetter(t, "sms_paaminnelse", "nb"))
	if err == nil || !strings.Contains(err.Error(), "SMS") {
		t.Errorf("error %v, want a refusal", err)
	}
}
