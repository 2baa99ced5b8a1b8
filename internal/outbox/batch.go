package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg/internal/pdfmerge"
)

// PDFBatcher is the default Batcher: one PDF for the print service with a
// cover sheet listing the batch, then each letter from a new front side
// (every part is padded to an even number of pages, so that the file
// prints double-sided). A letter with a PDF document — the laid-out
// letter with its attachments, such as the power of attorney — is printed
// from that document; a message without one is printed as text: the
// address block (the message's recipient), the subject and the body.
type PDFBatcher struct{}

// Batch makes the batch PDF.
func (PDFBatcher) Batch(ctx context.Context, items []BatchItem, now time.Time) ([]byte, error) {
	var cover pdf
	cover.newPage()
	cover.text("Print batch", fontTitle)
	cover.text(fmt.Sprintf("Created %s · %d letters", now.UTC().Format("2006-01-02 15:04 MST"), len(items)), fontBody)
	cover.text("", fontBody)
	for i, it := range items {
		m := it.Message
		cover.text(fmt.Sprintf("%d. #%d  %s  –  %s", i+1, m.ID, firstLine(m.Recipient), m.Subject), fontBody)
	}
	parts := [][]byte{evenPages(&cover)}
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if n, err := pdfmerge.Pages(it.Document); err == nil && n > 0 {
			parts = append(parts, it.Document)
			if n%2 == 1 {
				parts = append(parts, blankPage())
			}
			continue
		}
		var p pdf
		textLetter(&p, it, i+1, len(items))
		parts = append(parts, evenPages(&p))
	}
	return pdfmerge.Merge(parts...)
}

// textLetter writes a letter that has no document of its own.
func textLetter(p *pdf, it BatchItem, n, of int) {
	m := it.Message
	p.newPage()
	p.text(fmt.Sprintf("%d/%d · #%d", n, of, m.ID), fontSmall)
	p.text("", fontBody)
	p.text(m.Recipient, fontBody)
	p.text("\n\n", fontBody)
	p.text(m.Subject, fontBold)
	p.text("", fontBody)
	p.text(m.Body, fontBody)
}

// evenPages returns p's document with a blank back page if it has an odd
// number of pages.
func evenPages(p *pdf) []byte {
	if len(p.pages)%2 == 1 {
		p.newPage()
	}
	return p.bytes()
}

func blankPage() []byte {
	var p pdf
	p.newPage()
	return p.bytes()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
