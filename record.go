package torg

import (
	"strings"
	"time"
)

// RecordType is a record's Noark 5 journalposttype (M082).
type RecordType string

// Record types.
const (
	RecordIncoming RecordType = "I" // inngående dokument
	RecordOutgoing RecordType = "U" // utgående dokument
	RecordNote     RecordType = "N" // organinternt, for oppfølging
	RecordInternal RecordType = "X" // organinternt, uten oppfølging
)

// Valid reports whether t is a known record type.
func (t RecordType) Valid() bool {
	switch t {
	case RecordIncoming, RecordOutgoing, RecordNote, RecordInternal:
		return true
	}
	return false
}

// Record statuses, Noark 5 journalstatus (M053).
const (
	RecordJournalled = "J" // journalført
	RecordFinished   = "F" // ferdigstilt fra saksbehandler
	RecordSent       = "E" // ekspedert
	RecordArchived   = "A" // arkivert
	RecordTemporary  = "M" // midlertidig registrering av innkommet dokument
)

// Record is a journal entry in a case (Noark journalpost): a letter in or
// out, or an internal note, with its documents.
type Record struct {
	ID             int64
	MunicipalityID int64
	CaseID         int64
	Number         int // journalpostnummer within the case
	Type           RecordType
	Status         string
	Title          string
	Body           string
	Correspondent  string // sender or recipient as written on the record
	PersonID       int64  // the person the record concerns, if any
	Shelf          string // where a delivered paper original was put (FD2.4)
	Outstanding    bool   // an incoming record not yet answered or signed off
	CreatedBy      int64
	Created        time.Time
	Documents      []Document

	CreatedByName string // filled in by queries
}

// Validate checks a new record.
func (r *Record) Validate() error {
	switch {
	case r.CaseID == 0:
		return FieldError("case", "record.case_required")
	case !r.Type.Valid():
		return FieldError("type", "record.type_invalid")
	case strings.TrimSpace(r.Title) == "":
		return FieldError("title", "record.title_required")
	case len(r.Title) > 500:
		return FieldError("title", "record.title_too_long")
	}
	return nil
}

// Document is a file attached to a record, stored by the SHA-256 of its
// content so that the same file is kept once.
type Document struct {
	ID        int64
	RecordID  int64
	SHA256    string
	Filename  string
	MediaType string
	Size      int64
}

// Note is a journal note (FD1.2) on a case, optionally about one record.
type Note struct {
	ID         int64
	CaseID     int64
	RecordID   int64
	AuthorID   int64
	Body       string
	Created    time.Time
	AuthorName string
}

// Validate checks a new note.
func (n *Note) Validate() error {
	if strings.TrimSpace(n.Body) == "" {
		return FieldError("body", "note.body_required")
	}
	if len(n.Body) > 20000 {
		return FieldError("body", "note.body_too_long")
	}
	return nil
}
