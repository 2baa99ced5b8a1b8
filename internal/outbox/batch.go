package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// TextBatcher is the default Batcher: one PDF with a cover sheet listing
// the batch, then each letter from a new front side (odd page, so that the
// file prints double-sided): the address block (the message's recipient,
// one line per line), the subject and the body.
//
// It does not merge the letters' own PDF documents, which would need a
// PDF parser; a letter with a document gets a line naming it by hash. The
// letter package's renderer can draw laid-out letters into one document;
// plug it in as the PrintQueue's Batcher.
type TextBatcher struct{}

// Batch makes the batch PDF.
func (TextBatcher) Batch(ctx context.Context, items []BatchItem, now time.Time) ([]byte, error) {
	var p pdf
	p.newPage()
	p.text("Print batch", fontTitle)
	p.text(fmt.Sprintf("Created %s · %d letters", now.UTC().Format("2006-01-02 15:04 MST"), len(items)), fontBody)
	p.text("", fontBody)
	for i, it := range items {
		m := it.Message
		p.text(fmt.Sprintf("%d. #%d  %s  –  %s", i+1, m.ID, firstLine(m.Recipient), m.Subject), fontBody)
	}
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		letter(&p, it, i+1, len(items))
	}
	return p.bytes(), nil
}

// letter writes one letter from a new front side.
func letter(p *pdf, it BatchItem, n, of int) {
	m := it.Message
	if len(p.pages)%2 == 1 {
		p.newPage() // the blank back of the previous sheet
	}
	p.newPage()
	p.text(fmt.Sprintf("%d/%d · #%d", n, of, m.ID), fontSmall)
	p.text("", fontBody)
	p.text(m.Recipient, fontBody)
	p.text("\n\n", fontBody)
	p.text(m.Subject, fontBold)
	p.text("", fontBody)
	p.text(m.Body, fontBody)
	if m.DocumentSHA256 != "" {
		p.text("", fontBody)
		p.text("Enclosed document: "+m.DocumentSHA256, fontSmall)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
