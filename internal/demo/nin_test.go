package demo

import (
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/nin"
)

func TestTenorNIN(t *testing.T) {
	tests := []struct {
		name  string
		birth torg.Date
		ind   int
		want  string
	}{
		// Test vectors from the domain reference §1.1.
		{"Tenor vector", torg.Date{Year: 1955, Month: 11, Day: 10}, 967, "10915596784"},
		{"constructed vector", torg.Date{Year: 1990, Month: 1, Day: 1}, 401, "01819040180"},
		{"demo person", demoBirth, 400, DemoNIN},
		{"control digit 10", torg.Date{Year: 1985, Month: 3, Day: 12}, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tenorNIN(tt.birth, tt.ind)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("tenorNIN(%s, %03d) = %q, %v; want %q", tt.birth, tt.ind, got, ok, tt.want)
			}
		})
	}
}

func TestDemoNIN(t *testing.T) {
	n, err := nin.Parse(DemoNIN, nin.Norway, time.Now())
	if err != nil || !n.Synthetic || torg.DateOf(n.BirthDate) != demoBirth {
		t.Errorf("DemoNIN: %+v, %v", n, err)
	}
}

// TestNINSeq checks that the bulk sequence yields a million distinct,
// valid synthetic numbers, none of them in the demo population.
func TestNINSeq(t *testing.T) {
	if testing.Short() {
		t.Skip("a million numbers")
	}
	demo := map[string]bool{}
	for _, p := range population(1) {
		demo[p.NIN] = true
	}
	seen := make(map[string]struct{}, 1_000_000)
	seq := &ninSeq{}
	for i := range 1_000_000 {
		s, birth, _, ok := seq.next()
		if _, dup := seen[s]; !ok || dup || demo[s] {
			t.Fatalf("number %d: %q, ok %v, repeated %v, in demo %v", i, s, ok, dup, demo[s])
		}
		seen[s] = struct{}{}
		if i%997 == 0 {
			n, err := nin.Parse(s, nin.Norway, time.Now())
			if err != nil || !n.Synthetic || torg.DateOf(n.BirthDate) != birth {
				t.Fatalf("%s: %+v, %v", s, n, err)
			}
		}
	}
}

func TestBulkDays(t *testing.T) {
	last := bulkFirst.AddDays(bulkDays - 1)
	if last != (torg.Date{Year: 2008, Month: 12, Day: 31}) {
		t.Errorf("last birth date %s, want 2008-12-31", last)
	}
}
