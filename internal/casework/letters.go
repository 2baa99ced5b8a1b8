package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/pdfmerge"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// applicant returns the person a case is about: its applicant party.
func applicant(ctx context.Context, tx *store.Q, c *torg.Case) (*torg.Person, error) {
	for _, p := range c.Parties {
		if p.PersonID != 0 && p.Role == torg.PartyApplicant {
			return tx.Person(ctx, c.MunicipalityID, p.PersonID)
		}
	}
	return nil, nil
}

// letterData fills a letter's merge fields from the case.
func letterData(ctx context.Context, tx *store.Q, c *torg.Case, m *torg.Municipality, p *torg.Person, today torg.Date) (letter.Data, error) {
	u, err := tx.Unit(ctx, c.UnitID)
	if err != nil {
		return letter.Data{}, err
	}
	d := letter.Data{Municipality: letter.Municipality{Name: m.Name, Country: m.Country},
		Unit:  letter.Unit{Name: u.Name, Phone: u.Phone, MessageChannel: u.MessageChannel},
		Case:  letter.Case{Number: c.Number(), Title: c.Title, Received: letter.DateOf(torg.DateOf(c.Created))},
		Today: letter.DateOf(today)}
	if c.ResponsibleID != 0 {
		if e, err := tx.Employee(ctx, c.ResponsibleID); err == nil {
			d.Counsellor = letter.Counsellor{Name: e.Name}
		}
	}
	addr := letter.Address{Street: p.Address, Postcode: p.Postcode, City: p.City}
	d.Citizen = letter.Person{Name: p.Name(), BirthDate: letter.DateOf(p.BirthDate), Address: addr,
		Protected: p.Protection != torg.ProtectionNone}
	d.Recipient = letter.Recipient{Name: p.Name(), Address: addr}
	d.Documents = u.RequiredDocs
	claims, err := tx.CaseClaims(ctx, c.ID)
	if err != nil {
		return letter.Data{}, err
	}
	d.Debts = letterDebts(claims, letterLang(m, p))
	if err := noticeLetterData(ctx, tx, c, &d, letterLang(m, p)); err != nil { // DN5, DN6
		return letter.Data{}, err
	}
	if d.Meeting, err = caseMeeting(ctx, tx, c, m); err != nil {
		return letter.Data{}, err
	}
	return d, nil
}

// caseMeeting is the meeting the case's letters and SMS tell of (DC4.3,
// DC4.8, DC4.12): the one booked last that is still booked, in the
// municipality's time zone. A case without one gives the zero Meeting.
func caseMeeting(ctx context.Context, tx *store.Q, c *torg.Case, m *torg.Municipality) (letter.Meeting, error) {
	as, err := tx.CaseAppointments(ctx, c.ID)
	if err != nil {
		return letter.Meeting{}, err
	}
	var last *torg.Appointment
	for _, a := range as {
		if a.Status == torg.AppointmentBooked && (last == nil || a.ID > last.ID) {
			last = a
		}
	}
	if last == nil {
		return letter.Meeting{}, nil
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	start := last.Start.In(loc)
	return letter.Meeting{Date: letter.DateOf(torg.DateOf(start)), Start: letter.TimeOfDay{Hour: start.Hour(),
		Minute: start.Minute()}, Place: last.Place, Interpreter: last.Interpreter}, nil
}

// letterLang is the language a citizen gets letters in.
func letterLang(m *torg.Municipality, p *torg.Person) string {
	if l, ok := i18n.Parse(p.Language); ok {
		return string(l)
	}
	return m.Language
}

// sendLetter carries out a letter step (DC2.4, DC2.6, DC2.9): the letter is
// rendered to PDF, filed as an outgoing record on the case and put in the
// outbox for the citizen's digital mailbox, or for paper post if they have
// reserved against digital post. A letter to the creditors goes on paper
// to each creditor on the debt schedule (sendCreditorLetters, DC6.2,
// DC8.5). A letter that a person must finish (editable) or send to someone
// torg has no address for becomes a task.
func (s *Service) sendLetter(ctx context.Context, tx *store.Q, c *torg.Case, routineID string, m *torg.Municipality, a routine.Action) (*routine.Event, error) {
	p, err := applicant(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	pr := i18n.New(i18n.Lang(m.Language))
	if p != nil && !a.Editable && slices.Equal(a.To, []string{toCreditors}) && c.ResponsibleID != 0 {
		if ev, err := s.sendCreditorLetters(ctx, tx, c, m, p, a); ev != nil || err != nil {
			return ev, err
		}
	}
	if p == nil || a.Editable || !slices.Equal(a.To, []string{"applicant"}) || c.ResponsibleID == 0 {
		return nil, s.routineTask(ctx, tx, c, m, routineID, a, pr.T("routine.letter_task", "letter", a.Title.In(m.Language)))
	}
	d, err := letterData(ctx, tx, c, m, p, torg.DateOf(s.now()))
	if err != nil {
		return nil, err
	}
	l := &letter.Letter{Template: a.Template, Lang: letterLang(m, p), Data: d}
	if err := withChecklist(ctx, tx, c, l); err != nil {
		return nil, err
	}
	if err := nothingMissing(l); err != nil {
		// DC3.5: no letter that asks for nothing; the counsellor decides.
		return nil, s.routineTask(ctx, tx, c, m, routineID, a, pr.T("routine.letter_task", "letter", a.Title.In(m.Language)))
	}
	if err := s.fileLetter(ctx, tx, c, p, l, a.Attachments, a.Key, a.Channel, c.ResponsibleID); err != nil {
		return nil, err
	}
	return &routine.Event{Kind: routine.EventLetterSent, Step: a.Step, Outcome: a.Template, At: s.now()}, nil
}

// fileLetter renders a letter to PDF, files it as an outgoing record on the
// case (by the given employee) and puts it in the outbox under key, for
// the digital mailbox or paper as channelRule and the person's
// reservation say (DC2.9).
func (s *Service) fileLetter(ctx context.Context, tx *store.Q, c *torg.Case, p *torg.Person, l *letter.Letter,
	attachments []string, key, channelRule string, by int64) error {
	subject, body, err := letter.Compose(l)
	if err != nil {
		return err
	}
	docs, err := s.letterDocs(ctx, tx, c, l, attachments)
	if err != nil {
		return err
	}
	sha, err := s.envelope(ctx, tx, docs)
	if err != nil {
		return err
	}
	rec := &torg.Record{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Type: torg.RecordOutgoing, Status: torg.RecordSent,
		Title: subject, Body: body, Correspondent: p.Name(), PersonID: p.ID, CreatedBy: by, Documents: docs}
	if err := tx.CreateRecord(ctx, rec, s.now()); err != nil {
		return err
	}
	msg := &store.OutboxMessage{MunicipalityID: c.MunicipalityID, CaseID: c.ID, PersonID: p.ID,
		Channel: letterChannel(channelRule, p), Recipient: postalAddress(p), Subject: subject, Body: body,
		DocumentSHA256: sha, IdempotencyKey: key}
	_, err = tx.Enqueue(ctx, msg, s.now())
	return err
}

// letterDocs renders a letter and its attachments to PDF and stores them:
// the letter first, then each attachment, a template or one that torg
// generates from the case (routine.Generated: the debt schedule, DC6.6).
func (s *Service) letterDocs(ctx context.Context, tx *store.Q, c *torg.Case, l *letter.Letter, attachments []string) ([]torg.Document, error) {
	var docs []torg.Document
	for _, name := range append([]string{l.Template}, attachments...) {
		var d torg.Document
		var err error
		if name == attachDebtSchedule {
			d, err = s.storeSchedulePDF(ctx, tx, c, l.Lang)
		} else {
			part := *l
			part.Template = name
			if name != l.Template {
				part.EditedBody = ""
			}
			d, err = s.storePDF(ctx, tx, &part)
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// envelope stores what goes in the outbox for a letter: the letter and its
// attachments as one PDF, so that the paper post and the digital mailbox
// carry the power of attorney and the debt schedule as well. It returns
// the PDF's hash.
func (s *Service) envelope(ctx context.Context, tx *store.Q, docs []torg.Document) (string, error) {
	if len(docs) == 1 {
		return docs[0].SHA256, nil
	}
	parts := make([][]byte, 0, len(docs))
	for _, d := range docs {
		b, err := tx.Blob(ctx, d.SHA256)
		if err != nil {
			return "", err
		}
		parts = append(parts, b)
	}
	pdf, err := pdfmerge.Merge(parts...)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(pdf)
	sha := hex.EncodeToString(sum[:])
	return sha, tx.PutBlob(ctx, sha, pdf)
}

// storePDF renders a letter (or an attachment: the reply's enclosure, the
// power of attorney) to PDF and stores it by its hash.
func (s *Service) storePDF(ctx context.Context, tx *store.Q, l *letter.Letter) (torg.Document, error) {
	pdf, err := letter.PDFRenderer{}.Render(l)
	if err != nil {
		return torg.Document{}, err
	}
	sum := sha256.Sum256(pdf)
	sha := hex.EncodeToString(sum[:])
	if err := tx.PutBlob(ctx, sha, pdf); err != nil {
		return torg.Document{}, err
	}
	return torg.Document{SHA256: sha, Filename: l.Template + ".pdf", MediaType: "application/pdf", Size: int64(len(pdf))}, nil
}

// letterChannel chooses the channel of a letter (DC2.9): digital unless the
// person has reserved against digital post.
func letterChannel(rule string, p *torg.Person) string {
	switch {
	case rule == "paper", p.DigitalReserved:
		return store.ChannelPrint
	}
	return store.ChannelMailbox
}

// sendSMS carries out an SMS step (DC4.3, DC9.2). Without a phone number
// the SMS becomes a task, never a silent loss.
func (s *Service) sendSMS(ctx context.Context, tx *store.Q, c *torg.Case, routineID string, m *torg.Municipality, a routine.Action) error {
	p, err := applicant(ctx, tx, c)
	if err != nil {
		return err
	}
	pr := i18n.New(i18n.Lang(m.Language))
	if p == nil || p.Phone == "" {
		return s.routineTask(ctx, tx, c, m, routineID, a, pr.T("routine.sms_task", "sms", a.Title.In(m.Language)))
	}
	d, err := letterData(ctx, tx, c, m, p, torg.DateOf(s.now()))
	if err != nil {
		return err
	}
	_, text, err := letter.Compose(&letter.Letter{Template: a.Template, Lang: letterLang(m, p), Data: d})
	if err != nil {
		return err
	}
	msg := &store.OutboxMessage{MunicipalityID: c.MunicipalityID, CaseID: c.ID, PersonID: p.ID,
		Channel: store.ChannelSMS, Recipient: p.Phone, Body: text, IdempotencyKey: a.Key}
	_, err = tx.Enqueue(ctx, msg, s.now())
	return err
}

// postalAddress is the address block of a paper letter: for a person with
// strict protection the register holds only the forwarding address.
func postalAddress(p *torg.Person) string {
	return strings.TrimSpace(p.Name() + "\n" + p.Address + "\n" + strings.TrimSpace(p.Postcode+" "+p.City))
}

// UndeliveredTask wraps the outbox's task for a message that could not be
// delivered, so its title is in the municipality's language.
func (s *Service) UndeliveredTask(next outbox.TaskFunc) outbox.TaskFunc {
	return func(ctx context.Context, q *store.Q, m outbox.Message, now time.Time) (*torg.Task, error) {
		t, err := next(ctx, q, m, now)
		if err != nil || t == nil {
			return t, err
		}
		if muni, err := s.municipality(ctx, m.MunicipalityID); err == nil {
			t.Title = s.printer(muni).T("outbox.undelivered", "channel", m.Channel, "to", outbox.MaskRecipient(m))
		}
		return t, nil
	}
}
