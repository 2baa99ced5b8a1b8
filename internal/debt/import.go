package debt

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/torg-kommune/torg"
)

// MaxImportSize is the largest debt-register file Import reads: 5 MB. A
// real export of one person is a few kilobytes.
const MaxImportSize = 5 << 20

// Message keys of Import's errors. keyImportLine's Args are "line" (the
// line of a CSV file, or the position of the loan in a JSON file's
// "loans", from 1), "reason" (an i18n key saying what is wrong: one of the
// reason keys below or a key of torg.Claim.Validate) and "field" (the
// column or JSON field at fault, as the file names it; may be "").
const (
	keyImportFormat   = "debt.import_format"    // not a file Import knows, or unreadable
	keyImportLine     = "debt.import_line"      // a bad row or loan; nothing was imported
	keyImportEmpty    = "debt.import_empty"     // no claims in the file
	keyImportTooLarge = "debt.import_too_large" // more than MaxImportSize

	keyImportAmount    = "debt.import_amount"     // reason: not an amount, or more than 2 decimals
	keyImportDate      = "debt.import_date"       // reason: not a date
	keyImportBool      = "debt.import_yes_no"     // reason: not yes or no
	keyImportType      = "debt.import_type"       // reason: an unknown kind of claim
	keyImportNoFigures = "debt.import_no_figures" // reason: a loan without figures (a creditor that did not answer)
)

// Import reads the citizen's exported debt-register file and returns its
// claims, not yet saved: CaseID 0, Source torg.SourceDebtRegister unless
// the file says otherwise, AsOf from the file. It reads the JSON export of
// the debt register and CSV files with a header row (docs/debt.md, "Import
// formats"), telling them apart by content. Each claim is normalised and
// validated; one bad row fails the whole import, so that nothing is saved
// half-way. Errors are *torg.Error with the keys debt.import_format,
// debt.import_line, debt.import_empty and debt.import_too_large.
func Import(data []byte) ([]torg.Claim, error) {
	if len(data) > MaxImportSize {
		return nil, torg.Errorf(torg.EINVALID, keyImportTooLarge, "max", MaxImportSize>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, torg.Errorf(torg.EINVALID, keyImportEmpty)
	}
	var (
		claims []torg.Claim
		err    error
	)
	switch {
	case data[0] == '{':
		claims, err = importJSON(data)
	case bytes.IndexByte(data, 0) >= 0: // binary: a spreadsheet, PDF or image
		return nil, torg.Errorf(torg.EINVALID, keyImportFormat)
	default:
		if !utf8.Valid(data) {
			// Excel in Norway writes CSV in Windows-1252.
			if data, err = charmap.Windows1252.NewDecoder().Bytes(data); err != nil {
				return nil, torg.Errorf(torg.EINVALID, keyImportFormat)
			}
		}
		claims, err = importCSV(data)
	}
	if err != nil {
		return nil, err
	}
	if len(claims) == 0 {
		return nil, torg.Errorf(torg.EINVALID, keyImportEmpty)
	}
	return claims, nil
}

// lineError returns the debt.import_line error for line n. A *torg.Error
// from parsing or validation gives its key as the reason; its field is
// replaced by the name the file uses, when that is known.
func lineError(n int, field string, err error) error {
	reason := keyImportFormat
	var e *torg.Error
	if errors.As(err, &e) {
		reason = e.Key
		if field == "" {
			field = e.Field
		}
	}
	return &torg.Error{Code: torg.EINVALID, Key: keyImportLine, Args: []any{"line", n, "reason", reason, "field", field}}
}

// finish normalises and validates an imported claim. names maps the
// claim's field names (as Validate reports them) to the file's.
func finish(c *torg.Claim, n int, names map[string]string) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		field := ""
		if e := torg.AsError(err); e != nil {
			field = names[e.Field]
			if field == "" {
				field = e.Field
			}
		}
		return lineError(n, field, err)
	}
	return nil
}
