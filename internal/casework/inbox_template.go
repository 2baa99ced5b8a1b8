package casework

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// Text templates per service. The automatic replies of the DM routine —
// the interim reply of a forwarded inquiry (DM2) and of an application
// (DM4, with the expected handling time) and the wrong-recipient reply
// (DM9) — are the service's own text in the citizen's language, else
// torg's standard text. Answer templates are texts staff start an answer
// from. Placeholders: {unit} the service's name, {weeks} the expected
// handling time in weeks.

// replyPurposes are the template purposes torg sends by itself.
var replyPurposes = []string{store.TemplateForwarded, store.TemplateApplication, store.TemplateWrongRecipient}

// maxHandlingWeeks bounds the expected handling time a service may state.
const maxHandlingWeeks = 52

// TemplatesView is a service's message templates, as its page shows them.
type TemplatesView struct {
	Unit          *torg.Unit
	CanEdit       bool // the service's leaders edit the texts
	HandlingWeeks int  // DM4: the expected handling time of applications; 0 unset
	Replies       []ReplyText
	Answers       []*store.MessageTemplate
}

// ReplyText is the text of one automatic reply in one language.
type ReplyText struct {
	Purpose, Lang string
	Body          string                 // the text in force
	Own           *store.MessageTemplate // the service's own text; nil: the standard text
}

// TemplateInput is a template as a leader writes it.
type TemplateInput struct {
	Purpose, Lang, Title, Body string
}

// canEditTemplates: the leaders of the service.
func canEditTemplates(a *torg.Employee, unitID int64) error {
	if a.Has(torg.RoleLeader) && a.InUnit(unitID) {
		return nil
	}
	return errForbidden
}

// MessageTemplates returns a service's message templates for its staff.
func (s *Service) MessageTemplates(ctx context.Context, a *torg.Employee, unitID int64) (*TemplatesView, error) {
	u, err := s.inboxUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	r := s.db.R()
	v := &TemplatesView{Unit: u, CanEdit: canEditTemplates(a, unitID) == nil}
	if v.HandlingWeeks, err = r.HandlingWeeks(ctx, u.ID); err != nil {
		return nil, err
	}
	all, err := r.MessageTemplates(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, purpose := range replyPurposes {
		for _, lang := range i18n.Supported {
			rt := ReplyText{Purpose: purpose, Lang: string(lang), Body: standardReply(purpose, string(lang), v.HandlingWeeks)}
			for _, t := range all {
				if t.Purpose == purpose && t.Lang == string(lang) {
					rt.Own, rt.Body = t, t.Body
				}
			}
			v.Replies = append(v.Replies, rt)
		}
	}
	for _, t := range all {
		if t.Purpose == store.TemplateAnswer {
			v.Answers = append(v.Answers, t)
		}
	}
	return v, nil
}

// SaveMessageTemplate stores a service's own text for an automatic reply,
// or an answer template, replacing the one of the same purpose, language
// and title.
func (s *Service) SaveMessageTemplate(ctx context.Context, a *torg.Employee, unitID int64, in TemplateInput) error {
	u, err := s.inboxUnit(ctx, a, unitID)
	if err != nil {
		return err
	}
	if err := canEditTemplates(a, u.ID); err != nil {
		return err
	}
	t, err := checkTemplate(in)
	if err != nil {
		return err
	}
	t.MunicipalityID, t.UnitID, t.UpdatedBy = u.MunicipalityID, u.ID, a.ID
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.SaveMessageTemplate(ctx, t, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "message_template.save", obj("unit", u.ID), 0, t.Purpose+" "+t.Lang+" "+t.Title)
	})
}

func checkTemplate(in TemplateInput) (*store.MessageTemplate, error) {
	t := &store.MessageTemplate{Purpose: in.Purpose, Lang: in.Lang, Title: trimText(in.Title), Body: strings.TrimSpace(in.Body)}
	if _, ok := i18n.Parse(t.Lang); !ok {
		return nil, torg.FieldError("lang", "inbox.tmpl_lang_invalid")
	}
	switch {
	case !slices.Contains(store.TemplatePurposes, t.Purpose):
		return nil, torg.FieldError("purpose", "inbox.tmpl_purpose_invalid")
	case t.Purpose == store.TemplateAnswer && t.Title == "":
		return nil, torg.FieldError("title", "inbox.tmpl_title_required")
	case utf8.RuneCountInString(t.Title) > 100:
		return nil, torg.FieldError("title", "inbox.tmpl_title_too_long")
	case t.Body == "":
		return nil, torg.FieldError("body", "inbox.tmpl_body_required")
	case utf8.RuneCountInString(t.Body) > torg.MaxMessageBody:
		return nil, torg.FieldError("body", "msg.body_too_long", "max", torg.MaxMessageBody)
	}
	if t.Purpose != store.TemplateAnswer {
		t.Title = "" // one text per reply and language
	}
	return t, nil
}

// DeleteMessageTemplate removes a service's own text: for an automatic
// reply the standard text applies again.
func (s *Service) DeleteMessageTemplate(ctx context.Context, a *torg.Employee, unitID, id int64) error {
	u, err := s.inboxUnit(ctx, a, unitID)
	if err != nil {
		return err
	}
	if err := canEditTemplates(a, u.ID); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.DeleteMessageTemplate(ctx, u.ID, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "message_template.delete", obj("unit", u.ID), 0, strconv.FormatInt(id, 10))
	})
}

// SetHandlingWeeks sets the expected handling time of applications to a
// service, which the interim reply of DM4 tells the citizen.
func (s *Service) SetHandlingWeeks(ctx context.Context, a *torg.Employee, unitID int64, weeks string) error {
	u, err := s.inboxUnit(ctx, a, unitID)
	if err != nil {
		return err
	}
	if err := canEditTemplates(a, u.ID); err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(weeks))
	if err != nil || n < 0 || n > maxHandlingWeeks {
		return torg.FieldError("weeks", "inbox.tmpl_weeks_invalid", "max", maxHandlingWeeks)
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.SetHandlingWeeks(ctx, u.ID, n, a.ID, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "message_template.weeks", obj("unit", u.ID), 0, strconv.Itoa(n))
	})
}

// AnswerTemplate returns the text of a service's answer template, for
// starting an answer from it.
func (s *Service) AnswerTemplate(ctx context.Context, a *torg.Employee, unitID, id int64) (*store.MessageTemplate, error) {
	if _, err := s.inboxUnit(ctx, a, unitID); err != nil {
		return nil, err
	}
	t, err := s.db.R().MessageTemplateByID(ctx, a.MunicipalityID, id)
	if err != nil || t.UnitID != unitID || t.Purpose != store.TemplateAnswer {
		return nil, notFound()
	}
	return t, nil
}

// standardReply is torg's own text of an automatic reply.
func standardReply(purpose, lang string, weeks int) string {
	p := i18n.New(i18n.Lang(lang))
	if purpose == store.TemplateApplication && weeks == 0 {
		return p.T("inbox.reply_application_unset")
	}
	return p.T("inbox.reply_" + purpose)
}

// replyText is the text of an automatic reply from a service to a citizen
// in lang: the service's own text, else the standard one, with the
// placeholders filled in.
func replyText(ctx context.Context, q *store.Q, u *torg.Unit, purpose, lang string) (string, error) {
	weeks, err := q.HandlingWeeks(ctx, u.ID)
	if err != nil {
		return "", err
	}
	body := standardReply(purpose, lang, weeks)
	t, err := q.MessageTemplate(ctx, u.ID, purpose, lang, "")
	switch {
	case err == nil:
		body = t.Body
	case torg.ErrorCode(err) != torg.ENOTFOUND:
		return "", err
	}
	return strings.NewReplacer("{unit}", u.Name, "{weeks}", strconv.Itoa(weeks)).Replace(body), nil
}
