package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
	"github.com/torg-kommune/torg/internal/web"
)

// fuzzMaxUpload is the upload limit of FuzzDropOffUpload's server: small,
// so that an upload over it is cheap to make.
const fuzzMaxUpload = 32 << 10

// FuzzDropOffUpload posts arbitrary files to the front desk's drop-off
// form (FD2.2), as a well-formed multipart form, cut short, without a
// boundary, with a wrong boundary or over the upload limit, with any
// file name and claimed content type. The server never fails (5xx) and
// takes a file only if its content is one of the document types torg
// accepts; everything else is refused on the form.
func FuzzDropOffUpload(f *testing.F) {
	f.Add("fullmakt.pdf", []byte("%PDF-1.4\n1 0 obj\n"), "application/pdf", uint8(0))
	f.Add(`C:\scan\bilde.png`, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png", uint8(0))
	f.Add("scan.tif", []byte("II*\x00\x08\x00\x00\x00"), "image/tiff", uint8(0))
	f.Add("photo.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "image/jpeg", uint8(0))
	f.Add("evil.html", []byte("<html><script>alert(1)</script>"), "application/pdf", uint8(0))
	f.Add("../../etc/passwd", []byte("root:x:0:0"), "text/plain; charset=utf-8", uint8(1))
	f.Add("\"quoted\r\nname\".pdf", []byte("%PDF-1.7"), "", uint8(2))
	f.Add("", []byte{}, "application/octet-stream", uint8(3))
	f.Add("big.pdf", []byte("%PDF-1.4 "), "application/pdf", uint8(4))
	srv, kari, caseID := fuzzUploadServer(f)
	jar, csrf := fuzzLogin(f, srv.URL)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var n atomic.Int64
	var body []byte
	var contentType string
	post := func(name string, data []byte, ctype string, mode uint8) (*http.Response, []byte, error) {
		key := fmt.Sprintf("fuzz-%d", n.Add(1))
		body, contentType = fuzzUploadBody(csrf, key, caseID, name, data, ctype, mode)
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/persons/%d/drop-off", srv.URL, kari), bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		resp, err := hc.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		page, err := io.ReadAll(resp.Body)
		return resp, page, err
	}
	// The form works: a real PDF is taken, so the refusals below mean something.
	if resp, page, err := post("fullmakt.pdf", []byte("%PDF-1.4\n"), "application/pdf", 0); err != nil ||
		resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/inquiries/") {
		f.Fatalf("a PDF drop-off is not taken: %v %v\n%.1000s", resp, err, page)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte, ctype string, mode uint8) {
		resp, page, err := post(name, data, ctype, mode%5)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("mode %d, %q (%s): %d\n%s", mode%5, name, ctype, resp.StatusCode, page)
		}
		if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/inquiries/") {
			if sent, ok := sentFile(body, contentType); !ok || sent != nil && !acceptable(sent) {
				t.Fatalf("mode %d: a drop-off with %q (%d bytes, %.8q) was taken", mode%5, name, len(data), data)
			}
		}
	})
}

// sentFile returns the file a form carries as Go's multipart reader sees
// it (nil if none), and false if the form does not parse.
func sentFile(body []byte, contentType string) ([]byte, bool) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return nil, false
	}
	form, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(1 << 30)
	if err != nil {
		return nil, false
	}
	for _, fh := range form.File["files"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		r, err := fh.Open()
		if err != nil {
			return nil, false
		}
		defer r.Close()
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, false
		}
		return append(b, 0)[:len(b)], true // not nil, even when empty
	}
	return nil, true
}

// acceptable reports whether torg takes data as a document: a PDF, JPEG,
// PNG or TIFF by its content, within the limit.
func acceptable(data []byte) bool {
	if len(data) == 0 || len(data) > fuzzMaxUpload {
		return false
	}
	if bytes.HasPrefix(data, []byte("II*\x00")) || bytes.HasPrefix(data, []byte("MM\x00*")) {
		return true
	}
	switch mt, _, _ := strings.Cut(http.DetectContentType(data), ";"); mt {
	case "application/pdf", "image/jpeg", "image/png":
		return true
	}
	return false
}

// fuzzUploadBody builds the posted form. Modes: 0 well-formed, 1 cut
// short, 2 no boundary in the content type, 3 a boundary that is not the
// body's, 4 a file over the upload limit.
func fuzzUploadBody(csrf, key string, caseID int64, name string, data []byte, ctype string, mode uint8) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"csrf": csrf, "request_key": key, "case": fmt.Sprint(caseID), "from": "citizen",
		"poa": "none", "delivered": "Fullmakt"} {
		mw.WriteField(k, v)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files"; filename=%q`, name))
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}
	if mode == 4 {
		data = bytes.Repeat(append(data, 'x'), fuzzMaxUpload/(len(data)+1)+2)
	}
	pw, _ := mw.CreatePart(h)
	pw.Write(data)
	mw.Close()
	b, ct := buf.Bytes(), mw.FormDataContentType()
	switch mode {
	case 1:
		b = b[:len(b)/2]
	case 2:
		ct = "multipart/form-data"
	case 3:
		ct = "multipart/form-data; boundary=not-the-boundary"
	}
	return b, ct
}

// fuzzUploadServer serves the web interface on the fixture with a small
// upload limit and returns Kari's person and case IDs.
func fuzzUploadServer(f *testing.F) (*httptest.Server, int64, int64) {
	db := storetest.Open(f, store.SQLite, "")
	fx := casetest.New(f, db)
	cfg := casework.DefaultConfig()
	cfg.MaxUploadBytes = fuzzMaxUpload
	svc := casework.New(db, fx.Clock, cfg)
	if _, err := svc.LoadRoutines(context.Background()); err != nil {
		f.Fatal(err)
	}
	h, err := web.New(svc, slog.New(slog.DiscardHandler), web.Options{})
	if err != nil {
		f.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	srv := httptest.NewServer(mux)
	f.Cleanup(srv.Close)
	return srv, fx.Kari.ID, fx.KariCase.ID
}

// fuzzLogin logs the front desk in once and returns the session's cookies
// and CSRF token.
func fuzzLogin(f *testing.F, base string) (http.CookieJar, string) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	resp, err := hc.PostForm(base+"/login", url.Values{"username": {"skranke"}, "password": {casetest.Password}})
	if err != nil {
		f.Fatal(err)
	}
	resp.Body.Close()
	resp, err = hc.Get(base + "/")
	if err != nil {
		f.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRE.FindSubmatch(page)
	if m == nil {
		f.Fatalf("no CSRF token after login: %d\n%.500s", resp.StatusCode, page)
	}
	return jar, string(m[1])
}
