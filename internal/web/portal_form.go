package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// portalForm is a form a citizen posted: its fields, the files attached,
// and what was too big to take.
type portalForm struct {
	Values url.Values
	Files  []casework.Upload
	// TooLarge is the name of the first file over the upload limit; its
	// content was read past and dropped, the rest of the form kept.
	TooLarge string
	// Truncated: the whole post was over the limit for a message with all
	// its attachments and was not read to its end.
	Truncated bool
	Malformed bool
}

// maxPortalField bounds one text field: a message of 10 000 characters
// of up to four bytes each, with room to spare.
const maxPortalField = 64 << 10

// readPortalForm reads a posted form, multipart or not, part by part: a
// file over the upload limit is skipped and named, not an error that loses
// the message typed above it. The form's text fields come before its file
// field, so they are kept even when the post as a whole is too large.
func (h *Handler) readPortalForm(w http.ResponseWriter, r *http.Request) *portalForm {
	maxFile := h.svc.Config().MaxUploadBytes
	r.Body = http.MaxBytesReader(w, r.Body, maxFile*torg.MaxMessageFiles+1<<20)
	f := &portalForm{Values: url.Values{}}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			f.Truncated = isTooLarge(err)
			f.Malformed = !f.Truncated
		}
		f.Values = r.PostForm
		return f
	}
	mr, err := r.MultipartReader()
	if err != nil {
		f.Malformed = true
		return f
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return f
		}
		if err != nil {
			f.Truncated, f.Malformed = isTooLarge(err), !isTooLarge(err)
			return f
		}
		if err := f.readPart(p, maxFile); err != nil {
			f.Truncated, f.Malformed = isTooLarge(err), !isTooLarge(err)
			return f
		}
	}
}

// part is what readPart needs of a multipart part.
type part interface {
	io.Reader
	FormName() string
	FileName() string
}

func (f *portalForm) readPart(p part, maxFile int64) error {
	name := p.FormName()
	if p.FileName() == "" {
		b, err := io.ReadAll(io.LimitReader(p, maxPortalField+1))
		if err != nil {
			return err
		}
		if name != "files" { // an empty file field
			f.Values.Add(name, strings.ToValidUTF8(string(b[:min(len(b), maxPortalField)]), ""))
		}
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(p, maxFile+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > maxFile {
		if f.TooLarge == "" {
			f.TooLarge = p.FileName()
		}
		_, err := io.Copy(io.Discard, p)
		return err
	}
	if name == "files" {
		f.Files = append(f.Files, casework.Upload{Filename: p.FileName(), Data: data})
	}
	return nil
}

func isTooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// uploadProblem returns the error to show for a form whose files could not
// all be taken, in the citizen's language, or nil.
func (f *portalForm) uploadProblem(maxFile int64) error {
	switch {
	case f.TooLarge != "":
		return torg.FieldError("files", "msg.attachment_too_large", "name", f.TooLarge, "max", maxFile>>20)
	case f.Truncated:
		return torg.FieldError("files", "portal.request_too_large", "max", maxFile>>20, "files", torg.MaxMessageFiles)
	case f.Malformed:
		return torg.FieldError("files", "upload.malformed")
	}
	return nil
}

// resume returns the fields to keep over a new login: all but the CSRF
// token.
func (f *portalForm) resume() url.Values {
	v := url.Values{}
	for k, vs := range f.Values {
		if k != "csrf" {
			v[k] = vs
		}
	}
	return v
}
