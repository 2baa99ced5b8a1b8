package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (e *env) testRecords(t *testing.T) {
	// The API takes no uploads yet: the desk scans through the web, so the
	// record with a document is made through the use case.
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	q, _, err := e.Svc.RegisterDropOff(context.Background(), e.FrontDesk, casework.DropOff{PersonID: e.Kari.ID,
		CaseID: e.KariCase.ID, From: torg.FromCitizen, Other: "Lønnsslipp for mai",
		Files: []casework.Upload{{Filename: "lønnsslipp mai.pdf", Data: pdf}}})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/records/%d", q.RecordID)
	var rec recordDTO
	e.get(t, e.EG, path).json(t, http.StatusOK, &rec)
	if rec.ID != q.RecordID || rec.CaseID != e.KariCase.ID || rec.Type != "I" || !rec.Outstanding ||
		rec.Shelf != "Gjeldsrådgivning" || len(rec.Documents) != 1 {
		t.Fatalf("record = %+v", rec)
	}
	doc := rec.Documents[0]
	if doc.Filename != "lønnsslipp mai.pdf" || doc.MediaType != "application/pdf" || doc.Size != int64(len(pdf)) {
		t.Errorf("document = %+v", doc)
	}
	docPath := doc.Href[len(prefix):]

	t.Run("the document's content, as an attachment", func(t *testing.T) {
		res := e.get(t, e.EG, docPath)
		if res.status != http.StatusOK || !bytes.Equal(res.body, pdf) {
			t.Fatalf("status %d, body %q", res.status, res.body)
		}
		if ct := res.header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.header.Get("Content-Disposition"); cd != `attachment; filename*=utf-8''l%C3%B8nnsslipp%20mai.pdf` {
			t.Errorf("Content-Disposition %q", cd)
		}
	})
	t.Run("the case lists the record with its document", func(t *testing.T) {
		var c caseDetailDTO
		e.get(t, e.Leader, fmt.Sprintf("/cases/%d", e.KariCase.ID)).json(t, http.StatusOK, &c)
		for _, r := range c.Records {
			if r.ID == rec.ID && len(r.Documents) == 1 && r.Documents[0] == doc {
				return
			}
		}
		t.Errorf("case records %+v lack %+v", c.Records, rec)
	})
	t.Run("for anyone who may not read the case they do not exist", func(t *testing.T) {
		for _, as := range []*torg.Employee{e.Outsider, e.FrontDesk} {
			for _, p := range []string{path, docPath} {
				wantProblem(t, e.get(t, as, p).problem(t, http.StatusNotFound), torg.ENOTFOUND, "error.not_found", "")
			}
		}
	})
	t.Run("a document of another record is 404", func(t *testing.T) {
		other := e.dropOff(t, "Fullmakt")
		p := e.get(t, e.EG, fmt.Sprintf("/records/%d/documents/%d", other.RecordID, doc.ID)).problem(t, http.StatusNotFound)
		wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	})
}
