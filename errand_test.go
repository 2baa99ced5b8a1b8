package torg

import "testing"

func defaultErrand(t *testing.T, code string) *Errand {
	t.Helper()
	for _, e := range DefaultErrands() {
		if e.Code == code {
			return e
		}
	}
	t.Fatalf("no default errand %q", code)
	return nil
}

func TestDefaultErrandsValid(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range DefaultErrands() {
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", e.Code, err)
		}
		if seen[e.Code] {
			t.Errorf("%s twice", e.Code)
		}
		seen[e.Code] = true
		for _, l := range []string{"da", "nb", "sv", "en"} {
			if e.Titles[l] == "" {
				t.Errorf("%s: no %s title", e.Code, l)
			}
		}
	}
}

func TestErrandChannels(t *testing.T) {
	cases := []struct {
		step, errand        string
		digital, nonDigital string
	}{
		{"CG6", "mitid", ChannelSelfService, ChannelCounter},
		{"CG7", "udk_housing", ChannelSelfService, ChannelPhoneAuthority},
		{"CG7", "udk_pension", ChannelSelfService, ChannelPhoneAuthority},
		{"CG9", "moving", ChannelSelfService, ChannelCounter},
		{"CG9", "emigration", ChannelSelfService, ChannelCounter},
		{"CG10", "doctor", ChannelSelfService, ChannelCounter},
		{"CG11", "address", ChannelSelfService, ChannelCounter},
		{"CG12", "tax_preliminary", ChannelSelfService, ChannelCounter},
		{"CG12", "tax_annual", ChannelSelfService, ChannelPhoneAuthority},
	}
	for _, c := range cases {
		t.Run(c.step+" "+c.errand, func(t *testing.T) {
			e := defaultErrand(t, c.errand)
			if got := e.Suggest(true); got != c.digital {
				t.Errorf("digital: %s, want %s", got, c.digital)
			}
			if got := e.Suggest(false); got != c.nonDigital {
				t.Errorf("not digital: %s, want %s", got, c.nonDigital)
			}
			if c.nonDigital == ChannelPhoneAuthority && e.Phone == "" {
				t.Errorf("no phone number to give")
			}
		})
	}
}

func TestCustody(t *testing.T) {
	cases := []struct {
		name string
		c    Custody
		key  string
	}{
		{"CG5 both parents present", Custody{BothParentsPresent: true, HeightCM: 120}, ""},
		{"CG5 sole custody, the other parent absent", Custody{HeightCM: 120}, ""},
		{"CG5 joint custody with the absent parent's consent", Custody{JointCustody: true, AbsentParentConsent: true, HeightCM: 120}, ""},
		{"CG5 joint custody without the absent parent's consent", Custody{JointCustody: true, HeightCM: 120}, "guide.passport_child.consent_missing"},
		{"CG5 no height", Custody{BothParentsPresent: true}, "guide.passport_child.height_required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.c.Check()
			if c.key == "" && err != nil || c.key != "" && errKey(err) != c.key {
				t.Errorf("err = %v, want %q", err, c.key)
			}
		})
	}
}

func TestFeeOn(t *testing.T) {
	d := func(s string) Date { x, _ := ParseDate(s); return x }
	fees := []Fee{
		{ErrandCode: "doctor", Amount: 22500, ValidFrom: d("2024-01-01"), ValidTo: d("2026-12-31")},
		{ErrandCode: "doctor", Amount: 24000, ValidFrom: d("2027-01-01")},
		{ErrandCode: "address", Amount: 9500, ValidFrom: d("2024-01-01")},
	}
	for _, c := range []struct {
		errand, day string
		want        Money
		ok          bool
	}{
		{"doctor", "2023-12-31", 0, false},
		{"doctor", "2024-01-01", 22500, true},
		{"doctor", "2026-12-31", 22500, true},
		{"doctor", "2027-01-01", 24000, true},
		{"address", "2030-05-05", 9500, true},
		{"passport", "2025-01-01", 0, false},
	} {
		f, ok := FeeOn(fees, c.errand, d(c.day))
		if ok != c.ok || f.Amount != c.want {
			t.Errorf("CG10/CG11 fee %s on %s = %v %v, want %v %v", c.errand, c.day, f.Amount, ok, c.want, c.ok)
		}
	}
}

func errKey(err error) string {
	if e := AsError(err); e != nil {
		return e.Key
	}
	return ""
}
