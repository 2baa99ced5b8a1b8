package letter

import (
	"bytes"
	"compress/zlib"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// MustRender renders a letter as PDF.
func MustRender(tb testing.TB, r PDFRenderer, l *Letter) []byte {
	tb.Helper()
	b, err := r.Render(l)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

var (
	streamRE = regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`)
	showRE   = regexp.MustCompile(`\(((?:\\.|[^\\)])*)\)\s*Tj`)
)

// pageStreams returns the PDF's content streams, inflated, in page order.
func pageStreams(tb testing.TB, pdf []byte) [][]byte {
	tb.Helper()
	var pages [][]byte
	for _, m := range streamRE.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue // not compressed: an image
		}
		b, err := io.ReadAll(r)
		if err != nil {
			tb.Fatal(err)
		}
		if bytes.Contains(b, []byte("BT ")) {
			pages = append(pages, b)
		}
	}
	return pages
}

// pageTexts returns the text of each page, one shown string a line, decoded
// from Windows-1252, with non-breaking spaces as spaces.
func pageTexts(tb testing.TB, pdf []byte) []string {
	tb.Helper()
	var texts []string
	unescape := strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`)
	for _, s := range pageStreams(tb, pdf) {
		var lines []string
		for _, m := range showRE.FindAllSubmatch(s, -1) {
			text, err := charmap.Windows1252.NewDecoder().String(unescape.Replace(string(m[1])))
			if err != nil {
				tb.Fatal(err)
			}
			lines = append(lines, strings.ReplaceAll(text, "\u00a0", " "))
		}
		texts = append(texts, strings.Join(lines, "\n"))
	}
	return texts
}

func TestPDFGolden(t *testing.T) {
	protected := sampleLetter(t, "foresporsel_gjeldsopplysninger", "sv")
	protected.Data.Citizen.Protected = true
	letters := map[string]*Letter{
		"svar_paa_soknad.nb":            sampleLetter(t, "svar_paa_soknad", "nb"),
		"tilbakemelding_kartlegging.da": sampleLetter(t, "tilbakemelding_kartlegging", "da"),
		"foresporsel_protected.sv":      protected,
		"fullmakt.en":                   sampleLetter(t, "fullmakt", "en"),
	}
	for name, l := range letters {
		t.Run(name, func(t *testing.T) {
			got := MustRender(t, PDFRenderer{}, l)
			path := filepath.Join("testdata", "golden", name+".pdf")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; if the change is intended, run go test -update", name)
			}
		})
	}
}

func TestPDFIsDeterministic(t *testing.T) {
	for _, name := range Names() {
		if tmpl, _ := Lookup(name, "nb"); tmpl.Kind == KindSMS {
			continue
		}
		l := sampleLetter(t, name, "nb")
		r := PDFRenderer{Logo: testLogo(t)}
		if a, b := MustRender(t, r, l), MustRender(t, r, l); !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings differ", name)
		}
	}
}

func TestPDFEveryLetterInEveryLanguage(t *testing.T) {
	for _, name := range Names() {
		for _, lang := range Langs() {
			if tmpl, _ := Lookup(name, lang); tmpl.Kind == KindSMS {
				continue
			}
			l := sampleLetter(t, name, lang)
			pdf := MustRender(t, PDFRenderer{}, l)
			text := strings.Join(pageTexts(t, pdf), "\n")
			subject, _, _ := Compose(l)
			for _, want := range []string{l.Data.Case.Number, texts[lang].OurRef, l.Data.Recipient.Name, subject} {
				if !strings.Contains(text, want) {
					t.Errorf("%s/%s: PDF lacks %q", lang, name, want)
				}
			}
		}
	}
}

func TestPDFNordicCharacters(t *testing.T) {
	l := sampleLetter(t, "svar_paa_soknad", "nb")
	l.Data.Note = "Tegn: æ ø å Æ Ø Å ä ö Ä Ö é"
	pdf := MustRender(t, PDFRenderer{}, l)
	streams := bytes.Join(pageStreams(t, pdf), nil)
	if want := []byte("(Tegn: \xe6 \xf8 \xe5 \xc6 \xd8 \xc5 \xe4 \xf6 \xc4 \xd6 \xe9)Tj"); !bytes.Contains(streams, want) {
		t.Errorf("content streams lack the Windows-1252 bytes %q", want)
	}
	if text := strings.Join(pageTexts(t, pdf), "\n"); !strings.Contains(text, "Åse Kristin Ødegård") {
		t.Errorf("PDF text lacks the recipient's name:\n%s", text)
	}
}

func TestPDFPageNumbers(t *testing.T) {
	t.Run("two pages", func(t *testing.T) {
		pages := pageTexts(t, MustRender(t, PDFRenderer{}, sampleLetter(t, "svar_paa_soknad", "nb")))
		if len(pages) != 2 {
			t.Fatalf("%d pages, want 2", len(pages))
		}
		for i, want := range []string{"Side 1 av 2", "Side 2 av 2"} {
			if !strings.Contains(pages[i], want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
		if !strings.Contains(pages[1], "Vår referanse: 2026/00123") {
			t.Error("page 2 lacks the reference in its header")
		}
	})
	t.Run("long letter", func(t *testing.T) {
		l := sampleLetter(t, "moteinnkalling", "sv")
		var body strings.Builder
		for i := range 60 {
			fmt.Fprintf(&body, "Stycke %d. Vi går igenom din ekonomi, dina inkomster, utgifter och skulder, "+
				"och tar reda på vilken lösning som är bäst för dig.\n\n", i+1)
		}
		l.EditedBody = body.String()
		pages := pageTexts(t, MustRender(t, PDFRenderer{}, l))
		n := len(pages)
		if n < 3 {
			t.Fatalf("%d pages, want at least 3", n)
		}
		for i, p := range pages {
			if want := fmt.Sprintf("Sida %d av %d", i+1, n); !strings.Contains(p, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
		last := pages[n-1]
		if !strings.Contains(last, "Stycke 60.") || !strings.Contains(last, "Med vänliga hälsningar") {
			t.Error("the last page lacks the last paragraph or the signature")
		}
	})
}

func TestPDFTableRepeatsItsHeaderAcrossPages(t *testing.T) {
	l := sampleLetter(t, "tilbakemelding_kartlegging", "nb")
	l.Data.Debts = nil
	for i := range 70 {
		l.Data.Debts = append(l.Data.Debts, Debt{Creditor: fmt.Sprintf("Kreditor %02d AS", i+1), Kind: "Forbrukslån",
			Reference: fmt.Sprintf("REF-%04d", i), Amount: Kroner(int64(1000 * (i + 1)))})
	}
	pages := pageTexts(t, MustRender(t, PDFRenderer{}, l))
	if len(pages) < 2 {
		t.Fatalf("%d pages, want at least 2", len(pages))
	}
	for i, p := range pages[:2] {
		if !strings.Contains(p, "Kreditor\nType gjeld\nReferanse\nBeløp") {
			t.Errorf("page %d lacks the table header", i+1)
		}
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{"Kreditor 01 AS", "Kreditor 70 AS", "kr 2 485 000,00"} {
		if !strings.Contains(all, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
}

func TestPDFProtectedAddress(t *testing.T) {
	for _, lang := range Langs() {
		t.Run(lang, func(t *testing.T) {
			l := sampleLetter(t, "foresporsel_gjeldsopplysninger", lang)
			l.Data.Citizen.Protected = true
			text := strings.Join(pageTexts(t, MustRender(t, PDFRenderer{}, l)), "\n")
			if !strings.Contains(text, texts[lang].AddressBlocked) {
				t.Errorf("PDF lacks %q", texts[lang].AddressBlocked)
			}
			for _, part := range []string{"Bjørkeveien", "9905"} {
				if strings.Contains(text, part) {
					t.Errorf("PDF to a creditor prints the protected address (%q)", part)
				}
			}
			if !strings.Contains(text, "Postboks 4410 Nydalen") {
				t.Error("PDF lacks the creditor's address in the window")
			}
		})
	}
}

func TestPDFLogo(t *testing.T) {
	pdf := MustRender(t, PDFRenderer{Logo: testLogo(t)}, sampleLetter(t, "varsel_om_avslutning", "nb"))
	if !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("PDF has no image")
	}
	_, err := PDFRenderer{Logo: &Logo{Image: []byte("not a png"), Type: "PNG"}}.Render(sampleLetter(t, "fullmakt", "nb"))
	if err == nil {
		t.Error("a broken logo was accepted")
	}
}

// testLogo returns a small PNG.
func testLogo(tb testing.TB) *Logo {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := range 40 {
		for y := range 20 {
			img.Set(x, y, color.RGBA{R: 0, G: uint8(80 + x), B: 160, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return &Logo{Image: buf.Bytes(), Type: "PNG"}
}

func TestWrapKeepsNumbersTogether(t *testing.T) {
	got := words("ring 99 01 23 45 eller +47 22 33 44 55 i 2026.")
	want := []string{"ring", "99\u00a001\u00a023\u00a045", "eller", "+47\u00a022\u00a033\u00a044\u00a055", "i", "2026."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("words = %q, want %q", got, want)
	}
}
