package casework

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/pdfmerge"
	"github.com/torg-kommune/torg/internal/store"
)

// part is one document of a case as the combined document lists it.
type part struct {
	rec    *torg.Record
	doc    torg.Document
	pdf    []byte // nil: listed on the cover page only
	pages  int
	broken bool // a PDF that could not be read
}

// combinedDocument merges the case's filed PDF documents, in record order,
// behind a cover page that lists every part, into one PDF stored by its
// hash (DC8.4). Images and other files are listed on the cover page, not
// merged; so is a PDF that cannot be read, rather than failing the close.
func (s *Service) combinedDocument(ctx context.Context, tx *store.Q, c *torg.Case, m *torg.Municipality,
	now time.Time) (*torg.Document, error) {
	parts, err := caseParts(ctx, tx, c.ID)
	if err != nil {
		return nil, err
	}
	pr := s.printer(m)
	cover, err := coverPage(pr, c, parts, now)
	if err != nil {
		return nil, err
	}
	inputs := [][]byte{cover}
	for _, p := range parts {
		if p.pdf != nil && !p.broken {
			inputs = append(inputs, p.pdf)
		}
	}
	data, err := pdfmerge.Merge(inputs...)
	if err != nil {
		return nil, fmt.Errorf("casework: combine the documents of case %d: %w", c.ID, err)
	}
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if err := tx.PutBlob(ctx, sha, data); err != nil {
		return nil, err
	}
	name := "samlet-" + strings.ReplaceAll(c.Number(), "/", "-") + ".pdf"
	return &torg.Document{SHA256: sha, Filename: name, MediaType: "application/pdf", Size: int64(len(data))}, nil
}

// caseParts reads the documents of a case's records, in record order, with
// the content of each PDF and its page count.
func caseParts(ctx context.Context, tx *store.Q, caseID int64) ([]part, error) {
	recs, err := tx.CaseRecords(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var parts []part
	for _, r := range recs {
		for _, d := range r.Documents {
			p := part{rec: r, doc: d}
			if d.MediaType == "application/pdf" {
				if p.pdf, err = tx.Blob(ctx, d.SHA256); err != nil {
					return nil, err
				}
				p.pages, err = pdfmerge.Pages(p.pdf)
				p.broken = err != nil || p.pages == 0
			}
			parts = append(parts, p)
		}
	}
	return parts, nil
}

// coverPage prints the list of parts: the PDFs merged behind it with their
// pages, then the files that are only listed.
func coverPage(pr *i18n.Printer, c *torg.Case, parts []part, now time.Time) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(now)
	f.SetModificationDate(now)
	f.SetMargins(25, 20, 20)
	f.SetAutoPageBreak(true, 20)
	tr := f.UnicodeTranslatorFromDescriptor("")
	f.AddPage()
	f.SetFont("Helvetica", "B", 14)
	f.MultiCell(0, 7, tr(pr.T("closing.combined_title")), "", "L", false)
	f.SetFont("Helvetica", "", 11)
	f.MultiCell(0, 6, tr(pr.T("closing.combined_case", "number", c.Number(), "title", c.Title)), "", "L", false)
	f.MultiCell(0, 6, tr(pr.T("closing.combined_made", "date", pr.Date(now))), "", "L", false)
	merged, listed := coverLines(pr, parts)
	section := func(heading string, lines []string) {
		f.Ln(4)
		f.SetFont("Helvetica", "B", 11)
		f.MultiCell(0, 6, tr(heading), "", "L", false)
		f.SetFont("Helvetica", "", 10)
		for _, l := range lines {
			f.MultiCell(0, 5, tr(l), "", "L", false)
		}
	}
	section(pr.T("closing.combined_merged"), orNone(pr, merged))
	section(pr.T("closing.combined_listed"), orNone(pr, listed))
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("casework: cover page: %w", err)
	}
	return buf.Bytes(), nil
}

// coverLines describes each part in a line: merged PDFs, and the rest.
func coverLines(pr *i18n.Printer, parts []part) (merged, listed []string) {
	page := 2 // the cover is page 1
	for _, p := range parts {
		line := pr.T("closing.combined_line", "number", p.rec.Number, "date", pr.Date(p.rec.Created),
			"title", p.rec.Title, "file", p.doc.Filename)
		switch {
		case p.pdf != nil && !p.broken:
			merged = append(merged, pr.T("closing.combined_pages", "line", line, "from", page, "to", page+p.pages-1))
			page += p.pages
		case p.broken:
			listed = append(listed, pr.T("closing.combined_broken", "line", line))
		default:
			listed = append(listed, line)
		}
	}
	return merged, listed
}

func orNone(pr *i18n.Printer, lines []string) []string {
	if len(lines) == 0 {
		return []string{pr.T("closing.combined_none")}
	}
	return lines
}
