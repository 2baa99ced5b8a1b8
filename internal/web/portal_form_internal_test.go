package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func multipartRequest(t *testing.T, fields [][2]string, files map[string]int) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		mw.WriteField(f[0], f[1])
	}
	for i := 0; i < len(files); i++ {
		name := fmt.Sprintf("f%02d.pdf", i)
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(bytes.Repeat([]byte("x"), files[name]))
	}
	mw.Close()
	r := httptest.NewRequest("POST", "/portal/messages", &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}

func TestReadPortalForm(t *testing.T) {
	cfg := casework.DefaultConfig()
	cfg.MaxUploadBytes = 1000
	h := &Handler{svc: casework.New(nil, torg.SystemClock{}, cfg)}
	fields := [][2]string{{"csrf", "c"}, {"body", "Hei <b>der</b>"}, {"files", ""}}

	t.Run("a file over the limit is named, the rest kept", func(t *testing.T) {
		f := h.readPortalForm(httptest.NewRecorder(), multipartRequest(t, fields, map[string]int{"f00.pdf": 10, "f01.pdf": 1001, "f02.pdf": 1000}))
		if f.TooLarge != "f01.pdf" || f.Truncated || len(f.Files) != 2 || f.Values.Get("body") != "Hei <b>der</b>" {
			t.Errorf("form = %+v", f)
		}
		e := torg.AsError(f.uploadProblem(cfg.MaxUploadBytes))
		if e == nil || e.Key != "msg.attachment_too_large" || e.Field != "files" {
			t.Errorf("problem = %v", e)
		}
	})
	t.Run("a post over the whole limit keeps the text before the files", func(t *testing.T) {
		files := map[string]int{}
		for i := 0; i < 1200; i++ {
			files[fmt.Sprintf("f%02d.pdf", i)] = 1000
		}
		f := h.readPortalForm(httptest.NewRecorder(), multipartRequest(t, fields, files))
		if !f.Truncated || f.Values.Get("body") != "Hei <b>der</b>" || f.Values.Get("csrf") != "c" {
			t.Errorf("form = %+v", f.Values)
		}
		if e := torg.AsError(f.uploadProblem(cfg.MaxUploadBytes)); e == nil || e.Key != "portal.request_too_large" {
			t.Errorf("problem = %v", e)
		}
		if r := f.resume(); r.Has("csrf") || r.Get("body") == "" {
			t.Errorf("resume = %v", r)
		}
	})
	t.Run("an ordinary form", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/portal/logout", bytes.NewBufferString("csrf=c&body=x"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		f := h.readPortalForm(httptest.NewRecorder(), r)
		if f.Values.Get("csrf") != "c" || f.uploadProblem(1000) != nil {
			t.Errorf("form = %+v", f)
		}
	})
}
