package web

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/letter"
)

// fuzzContentTypes are the content types FuzzReadPortalForm posts with;
// the last one is the fuzzer's own.
var fuzzContentTypes = []string{"multipart/form-data; boundary=B", "multipart/form-data",
	"application/x-www-form-urlencoded", "multipart/form-data; boundary=\"a b\"; charset=x", ""}

// FuzzReadPortalForm posts arbitrary bodies to the citizen portal's form
// reader: it never panics, keeps no file over the limit, no field over
// its bound or with invalid UTF-8, and names what it could not take.
func FuzzReadPortalForm(f *testing.F) {
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nHei <b>der</b>\r\n"+
		"--B\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--B--\r\n"),
		uint8(0), "")
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.pdf\"\r\n\r\n"+strings.Repeat("x", 1500)+"\r\n--B--\r\n"),
		uint8(0), "")
	f.Add([]byte("body=Hei&csrf=c&files="), uint8(2), "")
	f.Add([]byte("--B\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n\xff\xfe"), uint8(0), "")
	f.Add([]byte("--X\r\n\r\n--X--"), uint8(4), "multipart/mixed; boundary=X")
	cfg := casework.DefaultConfig()
	cfg.MaxUploadBytes = 1000
	h := &Handler{svc: casework.New(nil, torg.SystemClock{}, cfg)}
	f.Fuzz(func(t *testing.T, body []byte, cti uint8, ct string) {
		if i := int(cti) % len(fuzzContentTypes); i < len(fuzzContentTypes)-1 {
			ct = fuzzContentTypes[i]
		}
		r := httptest.NewRequest("POST", "/portal/messages", bytes.NewReader(body))
		r.Header.Set("Content-Type", ct)
		form := h.readPortalForm(httptest.NewRecorder(), r)
		for _, file := range form.Files {
			if int64(len(file.Data)) > cfg.MaxUploadBytes {
				t.Fatalf("kept %s of %d bytes, over the limit", file.Filename, len(file.Data))
			}
		}
		for k, vs := range form.Values {
			for _, v := range vs {
				// A multipart form is read part by part, with bounds; a
				// urlencoded one is bounded by the body's limit alone.
				if isMultipart(ct) && (len(v) > maxPortalField || !utf8.ValidString(v)) {
					t.Fatalf("field %q kept %d bytes, valid UTF-8 %v", k, len(v), utf8.ValidString(v))
				}
			}
		}
		if form.Truncated && form.Malformed {
			t.Fatal("both truncated and malformed")
		}
		err := form.uploadProblem(cfg.MaxUploadBytes)
		if bad := form.TooLarge != "" || form.Truncated || form.Malformed; bad != (err != nil) {
			t.Fatalf("form %+v, problem %v", form, err)
		}
		if e := torg.AsError(err); err != nil && (e == nil || e.Field != "files" || e.Key == "") {
			t.Fatalf("problem %v is not a message at the files field", err)
		}
	})
}

func isMultipart(ct string) bool { return strings.HasPrefix(ct, "multipart/form-data") }

// FuzzDraftPreview merges letters with arbitrary names, notes and
// creditors and shows them on the draft page (DC3.6): a value never adds
// markup to the page. The page is rendered twice, with the values as given
// and with their markup characters replaced; the two must have the same
// number of '<'.
func FuzzDraftPreview(f *testing.F) {
	f.Add(uint8(0), uint8(0), "Åse Kristin Ødegård", "Du har fortalt at inntekten har gått ned.", "Fjordkreditt AS")
	f.Add(uint8(3), uint8(1), "<script>alert(1)</script>", "## <h1>x</h1>\n- <li>\n| <td> | b |\n| 1 | 2 |", "O'Brien \"&\" <Co>")
	f.Add(uint8(9), uint8(3), "</p><img src=x onerror=alert(1)>", "&lt;&amp;", "{{.Citizen.Name}}")
	h, err := New(casework.New(nil, torg.SystemClock{}, casework.DefaultConfig()), slog.New(slog.DiscardHandler), Options{})
	if err != nil {
		f.Fatal(err)
	}
	names := letter.Names()
	langs := []string{"nb", "da", "sv", "en"}
	f.Fuzz(func(t *testing.T, ti, li uint8, name, note, creditor string) {
		tmpl, ok := letter.Lookup(names[int(ti)%len(names)], langs[int(li)%len(langs)])
		if !ok || tmpl.Kind != letter.KindLetter {
			return
		}
		page := func(clean func(string) string) string {
			d := letter.Sample(tmpl.To)
			d.Citizen.Name, d.Note, d.Recipient.Name, d.Debts[0].Creditor = clean(name), clean(note), clean(creditor), clean(creditor)
			subject, blocks, err := letter.Preview(&letter.Letter{Template: tmpl.Name, Lang: tmpl.Lang, Data: d})
			if err != nil {
				t.Fatalf("preview: %v", err)
			}
			r := httptest.NewRequest("GET", "/cases/1/letters/r/s", nil)
			pg := h.newPage(r, "draft.title")
			pg.Data = draftData{CaseID: 1, Draft: casework.Draft{RoutineID: "r", Step: "s", Template: tmpl.Name,
				Subject: subject, Blocks: blocks}}
			w := httptest.NewRecorder()
			h.render(w, r, 200, "draft", pg)
			if w.Code != 200 {
				t.Fatalf("draft page: %d", w.Code)
			}
			return w.Body.String()
		}
		given := page(func(s string) string { return s })
		plain := page(func(s string) string { return strings.Map(noMarkup, s) })
		if a, b := strings.Count(given, "<"), strings.Count(plain, "<"); a != b {
			t.Fatalf("the values added markup: %d '<' on the page, %d without them", a, b)
		}
	})
}

// noMarkup replaces the characters that make HTML markup.
func noMarkup(r rune) rune {
	if strings.ContainsRune(`<>&"'`, r) {
		return 'x'
	}
	return r
}
