// Package pdfmerge joins PDF documents into one: a letter with its
// attachments for the envelope, a print batch for the print service, the
// combined document of a closed case.
package pdfmerge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// once keeps pdfcpu from reading or writing a configuration folder in the
// server's home: torg needs none of its user settings.
var once sync.Once

func config() *model.Configuration {
	once.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	return conf
}

// IsPDF reports whether b starts like a PDF file.
func IsPDF(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) }

// Pages returns the number of pages of a PDF, or an error if it cannot be
// read.
func Pages(b []byte) (int, error) {
	if !IsPDF(b) {
		return 0, errors.New("pdfmerge: not a PDF")
	}
	n, err := api.PageCount(bytes.NewReader(b), config())
	if err != nil {
		return 0, fmt.Errorf("pdfmerge: count pages: %w", err)
	}
	return n, nil
}

// Merge returns the documents one after the other as one PDF. One
// document is returned as it is.
func Merge(docs ...[]byte) ([]byte, error) {
	switch len(docs) {
	case 0:
		return nil, errors.New("pdfmerge: nothing to merge")
	case 1:
		return docs[0], nil
	}
	in := make([]io.ReadSeeker, len(docs))
	for i, d := range docs {
		in[i] = bytes.NewReader(d)
	}
	var out bytes.Buffer
	if err := api.MergeRaw(in, &out, false, config()); err != nil {
		return nil, fmt.Errorf("pdfmerge: merge %d documents: %w", len(docs), err)
	}
	return out.Bytes(), nil
}
