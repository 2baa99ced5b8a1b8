package torg

import "time"

// AuditEvent is one entry in the append-only, hash-chained audit log: who
// did what to which object, and whose personal data it touched.
type AuditEvent struct {
	Seq            int64
	MunicipalityID int64
	At             time.Time
	ActorID        int64
	Action         string // e.g. "person.read", "record.create"
	Object         string // e.g. "case:12"
	PersonID       int64  // whose data, if any
	Detail         string
	PrevHash       string
	Hash           string
}
