package web

import (
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want torg.Money
	}{
		{"", 0},
		{"0", 0},
		{"12345", 1_234_500},
		{"12 345,50", 1_234_550},
		{"12\u00a0345,50", 1_234_550},
		{"12345.5", 1_234_550},
		{"12.345,50", 1_234_550},
		{"1,234.50", 123_450},
		{"12.345", 1_234_500}, // a lone mark before three digits groups thousands
		{"12,345", 1_234_500},
		{"1.234.567", 123_456_700},
		{"0,05", 5},
		{"500,-", 50_000},
		{"kr 300", 30_000},
		{"300 kr", 30_000},
		{"300 kr.", 30_000},
		{"NOK 1 000", 100_000},
		{"12,", 1200},
		{"-250", -25_000}, // negative: for Validate to refuse with its own message
		{"\u2212250", -25_000},
		{"99999999999999999", torg.MaxMoney + 1}, // absurd, not an overflow
	}
	for _, tt := range tests {
		got, err := parseAmount("principal", tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseAmount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"abc", "12,3,4", "1,234.567,89", "12.3456", "1,2345", "12,345.6.7", "--5", "-", "5 000 øre", "1e6"} {
		_, err := parseAmount("principal", bad)
		if e := torg.AsError(err); e == nil || e.Field != "principal" || e.Key != "debtui.amount_invalid" {
			t.Errorf("parseAmount(%q): %v, want the field error", bad, err)
		}
	}
}

func TestParseAmountGivesValidateItsErrors(t *testing.T) {
	for _, tt := range []struct{ in, key string }{{"-100", "debt.amount_negative"}, {"200 000 000", "debt.amount_absurd"}} {
		m, err := parseAmount("principal", tt.in)
		if err != nil {
			t.Fatal(err)
		}
		c := torg.Claim{Kind: torg.ClaimConsumerLoan, Creditor: "Bank", Principal: m, Balance: 100}
		c.Normalize()
		if e := torg.AsError(c.Validate()); e == nil || e.Key != tt.key || e.Field != "principal" {
			t.Errorf("%q: Validate says %v, want %s at principal", tt.in, e, tt.key)
		}
	}
}

func TestParsePercent(t *testing.T) {
	for in, want := range map[string]int{"": 0, "4,5": 450, "4.25": 425, "12 %": 1200, "0,99%": 99} {
		if got, err := parsePercent("refi_rate", in); err != nil || got != want {
			t.Errorf("parsePercent(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := parsePercent("refi_rate", "fire"); torg.AsError(err) == nil || torg.AsError(err).Field != "refi_rate" {
		t.Errorf("parsePercent(fire): %v", err)
	}
}

func TestFormatMoney(t *testing.T) {
	m := torg.Money(1_234_550)
	for _, tt := range []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.NB, "12\u00a0345,50\u00a0kr"},
		{i18n.SV, "12\u00a0345,50\u00a0kr"},
		{i18n.DA, "12.345,50\u00a0kr."},
		{i18n.EN, "NOK\u00a012,345.50"},
	} {
		if got := formatMoney(i18n.New(tt.lang), m, "NOK"); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.lang, got, tt.want)
		}
	}
	if got := formatMoney(i18n.New(i18n.NB), -5, "NOK"); got != "-0,05\u00a0kr" {
		t.Errorf("minus five øre: %q", got)
	}
	if got := formatPercent(i18n.New(i18n.NB), 4482); got != "44,82\u00a0%" {
		t.Errorf("percent: %q", got)
	}
}

func TestAmountInputRoundTrips(t *testing.T) {
	for _, l := range i18n.Supported {
		for _, m := range []torg.Money{0, 5, 1_234_500, 1_234_550, 99_999_999_99} {
			s := amountInput(l, m)
			if got, err := parseAmount("x", s); err != nil || got != m {
				t.Errorf("%s: %d → %q → %d, %v", l, m, s, got, err)
			}
		}
		if s := percentInput(l, 450); s != "4"+decimalMark(l)+"5" {
			t.Errorf("%s: percent input %q", l, s)
		}
	}
}
