package i18n

import (
	"slices"
	"testing"
	"time"
)

func TestT(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		key  string
		args []any
		want string
	}{
		{"plain", NB, "common.log_in", nil, "Logg inn"},
		{"placeholder", NB, "nin.length", []any{"want", 11}, "Nummeret må ha 11 siffer."},
		{"placeholder en", EN, "nin.length", []any{"want", 11}, "The number must have 11 digits."},
		{"string value", SV, "nin.country", []any{"country", "FI"}, "Okänt land: FI. Använd NO, SE eller DK."},
		{"unused args", DA, "common.log_in", []any{"want", 11}, "Log ind"},
		{"missing arg stays visible", EN, "nin.length", nil, "The number must have {want} digits."},
		{"other arg only", EN, "nin.length", []any{"have", 9}, "The number must have {want} digits."},
		{"odd args", EN, "nin.length", []any{"want"}, "The number must have {want} digits."},
		{"missing key", DA, "no.such.key", nil, "⟦no.such.key⟧"},
		{"missing key with args", EN, "no.such.key", []any{"want", 1}, "⟦no.such.key⟧"},
		{"unsupported language gets English", Lang("fi"), "common.log_in", nil, "Log in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(tt.lang).T(tt.key, tt.args...); got != tt.want {
				t.Errorf("T(%q, %v) = %q, want %q", tt.key, tt.args, got, tt.want)
			}
		})
	}
}

func TestFill(t *testing.T) {
	p := &Printer{lang: EN, msgs: map[string]string{"m": "{a} and {b}, {a} again; {} {not one}"}}
	want := "1 and x, 1 again; {} {not one}"
	if got := p.T("m", "b", "x", "a", 1); got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
}

func TestReasonIsTranslated(t *testing.T) {
	p := &Printer{lang: EN, msgs: map[string]string{"m": "Line {line}: {reason}", "why": "not a date"}}
	if got := p.T("m", "line", 3, "reason", "why"); got != "Line 3: not a date" {
		t.Errorf("T = %q, want the reason's message", got)
	}
	if got := p.T("m", "line", "why", "reason", "because"); got != "Line why: because" {
		t.Errorf("T = %q, want other arguments and unknown reasons as they are", got)
	}
}

func TestNewLang(t *testing.T) {
	for _, l := range Supported {
		if got := New(l).Lang(); got != l {
			t.Errorf("New(%q).Lang() = %q", l, got)
		}
	}
	if got := New("xx").Lang(); got != EN {
		t.Errorf(`New("xx").Lang() = %q, want en`, got)
	}
}

func TestHasAndKeys(t *testing.T) {
	if !Has("common.save") || Has("no.such.key") {
		t.Errorf(`Has("common.save") = %v, Has("no.such.key") = %v`, Has("common.save"), Has("no.such.key"))
	}
	keys := Keys()
	if !slices.IsSorted(keys) || !slices.Contains(keys, "nin.warn_mod11") {
		t.Errorf("Keys() = %v, want the sorted English keys", keys)
	}
	for _, k := range keys {
		if !Has(k) {
			t.Errorf("Has(%q) = false for a key from Keys", k)
		}
	}
}

func TestInDoesNotChangeThePrinter(t *testing.T) {
	p := New(NB)
	tm := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	_ = p.In(time.UTC)
	if got := p.DateTime(tm); got != "02.03.2026 00:30" {
		t.Errorf("DateTime after In = %q, want Oslo time 02.03.2026 00:30", got)
	}
}
