package casework

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// Citizens' messages (DM1–DM9): what the citizen's and the staff's sides
// share. A thread is one matter between a citizen and a service; its
// messages are journaled on the citizen's case when it has one; every
// staff answer tells the citizen by SMS or e-mail that something new is in
// the portal, never what.

// NewMessage is what a citizen writes to a service.
type NewMessage struct {
	UnitID        int64
	Kind          string // one of torg.CitizenKinds
	Subject       string
	Body          string
	Files         []Upload
	RequestKey    string // the form's one-time key: a double submit opens one thread
	AppointmentID int64  // DM3: the appointment the message is about, if the citizen picked one
}

// ThreadView is a thread with its messages and the threads linked to it.
type ThreadView struct {
	Thread   *torg.Thread
	Messages []*torg.Message
	Parent   *torg.Thread   // the thread it was split from or continues; nil if none
	Children []*torg.Thread // the parts split from it, or the thread that continued it
	CanReply bool           // a reply goes into this thread (a done thread's reply opens a new one)

	// For staff only (filled by StaffThread).
	Tasks []*torg.Task
	Steps []string // the routine's running steps
}

// messageTypes are the attachment types a message may carry, by content.
var messageTypes = map[string]bool{
	"application/pdf": true,
	"image/jpeg":      true,
	"image/png":       true,
	"image/heic":      true,
	docxType:          true,
}

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// sniffMessageFile names a file's type by its first bytes: PDF, JPEG, PNG,
// HEIC (an ISO media file with a HEIF brand) and DOCX (a ZIP with a Word
// document inside); "" for anything else, whatever its name says.
func sniffMessageFile(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case len(b) >= 12 && string(b[4:8]) == "ftyp" && isHEIFBrand(string(b[8:12])):
		return "image/heic"
	case bytes.HasPrefix(b, []byte("PK\x03\x04")) && isDocx(b):
		return docxType
	}
	return ""
}

func isHEIFBrand(brand string) bool {
	switch brand {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
		return true
	}
	return false
}

// isDocx reports whether a ZIP archive holds a Word document.
func isDocx(b []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

// checkMessageFiles validates a message's attachments before anything is
// written: at most torg.MaxMessageFiles, none empty or larger than the
// configured upload limit, each a PDF, JPEG, PNG, HEIC or DOCX by content.
func (s *Service) checkMessageFiles(files []Upload) ([]torg.Document, error) {
	if len(files) > torg.MaxMessageFiles {
		return nil, torg.FieldError("files", "msg.too_many_files", "max", torg.MaxMessageFiles)
	}
	var docs []torg.Document
	for _, f := range files {
		name := safeFilename(f.Filename)
		switch {
		case len(f.Data) == 0:
			return nil, torg.FieldError("files", "upload.empty", "name", name)
		case int64(len(f.Data)) > s.cfg.MaxUploadBytes:
			return nil, torg.FieldError("files", "msg.attachment_too_large", "name", name, "max", s.cfg.MaxUploadBytes>>20)
		}
		mt := sniffMessageFile(f.Data)
		if !messageTypes[mt] {
			return nil, torg.FieldError("files", "msg.attachment_type", "name", name)
		}
		sum := sha256.Sum256(f.Data)
		docs = append(docs, torg.Document{SHA256: hex.EncodeToString(sum[:]), Filename: name, MediaType: mt, Size: int64(len(f.Data))})
	}
	return docs, nil
}

// putMessageFiles stores the attachments' content in blobs, inside tx.
func putMessageFiles(ctx context.Context, tx *store.Q, files []Upload, docs []torg.Document) error {
	for i, d := range docs {
		if err := tx.PutBlob(ctx, d.SHA256, files[i].Data); err != nil {
			return err
		}
	}
	return nil
}

// subjectFrom makes a subject from a message's first line when the citizen
// gave none.
func subjectFrom(body string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) > 80 {
		r := []rune(line)
		line = strings.TrimSpace(string(r[:79])) + "…"
	}
	return line
}

// threadCase returns the citizen's case in a unit that their messages to
// it are journaled on: the newest one still open for contact; nil if none.
func threadCase(ctx context.Context, tx *store.Q, p *torg.Person, unitID int64) (*torg.Case, error) {
	cases, err := tx.PersonCases(ctx, p.MunicipalityID, p.ID)
	if err != nil {
		return nil, err
	}
	var best *torg.Case
	for _, c := range cases {
		if c.UnitID == unitID && OpenForContact(c) && (best == nil || c.ID > best.ID) {
			best = c
		}
	}
	return best, nil
}

// journalMessage files a message as a record on the thread's case: a
// citizen's message incoming (I, outstanding until answered), a staff
// answer outgoing (U), with its attachments. A thread without a case, or
// a message already filed, is left alone.
func (s *Service) journalMessage(ctx context.Context, tx *store.Q, th *torg.Thread, msg *torg.Message) error {
	if th.CaseID == 0 || msg.RecordID != 0 {
		return nil
	}
	m, err := s.municipality(ctx, th.MunicipalityID)
	if err != nil {
		return err
	}
	pr := s.printer(m)
	p, err := tx.Person(ctx, th.MunicipalityID, th.PersonID)
	if err != nil {
		return err
	}
	rec := &torg.Record{MunicipalityID: th.MunicipalityID, CaseID: th.CaseID, Status: torg.RecordJournalled,
		Body: msg.Body, Correspondent: p.Name(), PersonID: p.ID, CreatedBy: msg.AuthorID, Documents: nil}
	for _, d := range msg.Documents {
		rec.Documents = append(rec.Documents, torg.Document{SHA256: d.SHA256, Filename: d.Filename, MediaType: d.MediaType, Size: d.Size})
	}
	if msg.FromCitizen {
		rec.Type, rec.Outstanding = torg.RecordIncoming, true
		rec.Title = pr.T("msg.record_in", "subject", th.Subject)
		by, err := tx.SelfService(ctx, m, pr.T("apply.self_service"), s.now())
		if err != nil {
			return err
		}
		rec.CreatedBy = by.ID
	} else {
		rec.Type, rec.Status = torg.RecordOutgoing, torg.RecordSent
		rec.Title = pr.T("msg.record_out", "subject", th.Subject)
	}
	if len([]rune(rec.Title)) > 500 {
		rec.Title = string([]rune(rec.Title)[:500])
	}
	if err := tx.CreateRecord(ctx, rec, s.now()); err != nil {
		return err
	}
	msg.RecordID = rec.ID
	return tx.SetMessageRecord(ctx, msg.ID, rec.ID)
}

// addThreadMessage stores a message with its attachments in a thread and
// journals it on the thread's case.
func (s *Service) addThreadMessage(ctx context.Context, tx *store.Q, th *torg.Thread, msg *torg.Message, files []Upload,
	key string) error {
	msg.ThreadID = th.ID
	if err := putMessageFiles(ctx, tx, files, msg.Documents); err != nil {
		return err
	}
	if err := tx.AddMessage(ctx, msg, key, s.now()); err != nil {
		return err
	}
	return s.journalMessage(ctx, tx, th, msg)
}

// notifyCitizen tells the citizen that something new waits in the portal:
// by SMS to their phone, else by e-mail, never with the content. A citizen
// with neither finds it when they log in. One notice per message.
func (s *Service) notifyCitizen(ctx context.Context, tx *store.Q, th *torg.Thread, messageID int64) error {
	p, err := tx.Person(ctx, th.MunicipalityID, th.PersonID)
	if err != nil {
		return err
	}
	m, err := s.municipality(ctx, th.MunicipalityID)
	if err != nil {
		return err
	}
	pr := i18n.New(i18n.Lang(letterLang(m, p)))
	msg := &store.OutboxMessage{MunicipalityID: th.MunicipalityID, CaseID: th.CaseID, PersonID: p.ID,
		IdempotencyKey: fmt.Sprintf("thread/%d/message/%d/notify", th.ID, messageID)}
	switch {
	case p.Phone != "":
		msg.Channel, msg.Recipient = store.ChannelSMS, p.Phone
	case p.Email != "":
		msg.Channel, msg.Recipient = store.ChannelEmail, p.Email
		msg.Subject = pr.T("msg.notify_subject", "municipality", m.Name)
	default:
		return nil
	}
	msg.Body = pr.T("msg.notify_body", "municipality", m.Name)
	_, err = tx.Enqueue(ctx, msg, s.now())
	return err
}

// staffMessage adds an employee's message to a thread, journals it and
// tells the citizen. interim marks a reply that says the answer is on its
// way (DM2, DM4); a full answer is the thread's first answer if it has
// none. The caller moves the routine on.
func (s *Service) staffMessage(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread, body string,
	files []Upload, interim bool) (*torg.Message, error) {
	msg := &torg.Message{AuthorID: a.ID, Body: body, Interim: interim}
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	docs, err := s.checkMessageFiles(files)
	if err != nil {
		return nil, err
	}
	msg.Documents = docs
	if err := s.addThreadMessage(ctx, tx, th, msg, files, ""); err != nil {
		return nil, err
	}
	if !interim && th.FirstAnswer.IsZero() {
		th.FirstAnswer = s.now()
	}
	if err := s.notifyCitizen(ctx, tx, th, msg.ID); err != nil {
		return nil, err
	}
	return msg, tx.UpdateThread(ctx, th, s.now())
}
