package debt

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/encoding/charmap"
)

var (
	streamRE = regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`)
	showRE   = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)\s*Tj`)
)

// pdfText returns the text the PDF shows, page by page, decoded from
// Windows-1252, one shown string a line.
func pdfText(tb testing.TB, pdf []byte) []string {
	tb.Helper()
	var pages []string
	for _, m := range streamRE.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		b, err := io.ReadAll(r)
		if err != nil {
			tb.Fatal(err)
		}
		if !bytes.Contains(b, []byte("BT ")) {
			continue
		}
		var lines []string
		for _, s := range showRE.FindAllSubmatch(b, -1) {
			raw := strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(string(s[1]))
			text, err := charmap.Windows1252.NewDecoder().String(raw)
			if err != nil {
				tb.Fatal(err)
			}
			lines = append(lines, strings.ReplaceAll(text, "\u00a0", " "))
		}
		pages = append(pages, strings.Join(lines, "\n"))
	}
	return pages
}

func TestPDF(t *testing.T) {
	s := testSchedule(t, "nb")
	b, err := PDF(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("does not start with %%PDF: %q", b[:min(len(b), 10)])
	}
	pages := pdfText(t, b)
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3 (claims, budget, scenarios)", len(pages))
	}
	all := strings.Join(pages, "\n")
	t.Run("DC6.6 the schedule's content", func(t *testing.T) {
		for _, want := range []string{
			"Gjeldsoversikt", "Kristiansand kommune", "Kari Nordmann", "17.05.1985", "Eva Gjeldsrådgiver",
			"Fjordkreditt AS", "Forbrukslån", "600 000,00", "199 000,50", "Sum usikret gjeld", "900 000,00",
			"Sum sikret gjeld", "1 850 000,00", "Sum", "2 750 000,00",
			"Barn (Alder 8)", "4 553,00", "15 277,00", "6 723,00", "403 380,00", "44,82 %",
			"Engangsoppgjør", "Refinansiering", "12,90 %",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
	})
	t.Run("DC6.6 every page has the case number and side x av y", func(t *testing.T) {
		for i, p := range pages {
			for _, want := range []string{"Saksnummer 2025/00042", "Side " + string(rune('1'+i)) + " av 3"} {
				if !strings.Contains(p, want) {
					t.Errorf("page %d lacks %q", i+1, want)
				}
			}
		}
	})
	t.Run("DC1.3 no address is printed", func(t *testing.T) {
		if strings.Contains(all, "Fjellveien") || bytes.Contains(b, []byte("Fjellveien")) {
			t.Error("the PDF prints a creditor's street address")
		}
	})
	t.Run("the same schedule gives the same bytes", func(t *testing.T) {
		again, err := PDF(testSchedule(t, "nb"))
		if err != nil || !bytes.Equal(b, again) {
			t.Errorf("a second rendering differs (%v)", err)
		}
	})
}

func TestPDFLanguagesAndLongTables(t *testing.T) {
	for _, tt := range []struct{ lang, page string }{{"da", "Side 1 af "}, {"sv", "Sida 1 av "}, {"en", "Page 1 of "}} {
		t.Run(tt.lang, func(t *testing.T) {
			s := testSchedule(t, tt.lang)
			// Enough claims to run the table over several pages.
			for range 60 {
				c := *s.Claims[0]
				s.Claims = append(s.Claims, &c)
			}
			b, err := PDF(s)
			if err != nil {
				t.Fatal(err)
			}
			pages := pdfText(t, b)
			if len(pages) < 4 || !strings.Contains(pages[0], tt.page) {
				t.Fatalf("%d pages; first page footer missing %q", len(pages), tt.page)
			}
			header := labelsFor(tt.lang).Principal // only the claim table has it
			if !strings.Contains(pages[1], header) {
				t.Errorf("the claim table's header is not repeated on page 2")
			}
		})
	}
}

func TestPDFEmpty(t *testing.T) {
	b, err := PDF(&Schedule{Lang: "nb", CaseNumber: "2025/1", Citizen: "Ola Nordmann"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(pdfText(t, b), "\n")
	for _, want := range []string{"Ingen krav er registrert.", "Budsjett er ikke satt opp.", "Ikke mulig: ingen betjeningsevne."} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}

// TestPDFBrokenUTF8 renders a schedule whose case number and municipality
// end in a cut-short UTF-8 sequence: fpdf's metadata conversion panicked
// on such strings.
func TestPDFBrokenUTF8(t *testing.T) {
	b, err := PDF(&Schedule{Lang: "nb", CaseNumber: "2025/1\xe2\x82", Municipality: "Torgvik\xc3", Citizen: "Ola Nordmann"})
	if err != nil || len(b) == 0 {
		t.Fatalf("PDF: %d bytes, %v", len(b), err)
	}
}

func TestPDFClaimHeadersFit(t *testing.T) {
	f := fpdf.New("L", "mm", "A4", "")
	f.SetFont(pdfFont, "B", pdfSize)
	for lang, l := range allLabels {
		for i, h := range claimHeader(l) {
			if w := f.GetStringWidth(toCP1252(h)); w > claimCols[i].w-2*pdfPad {
				t.Errorf("%s: %q is %.1f mm wide, its column %.1f mm", lang, h, w, claimCols[i].w-2*pdfPad)
			}
		}
	}
	if w := width(claimCols); w > pdfContentW {
		t.Errorf("the claim table is %.1f mm wide, the page %.1f mm", w, pdfContentW)
	}
}
