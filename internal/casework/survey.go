package casework

import (
	"context"
	"fmt"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// Survey channels: where the citizen answered (CG14).
const (
	SurveyKiosk = "kiosk"
	SurveySMS   = "sms"
)

// SurveyPath is the survey's page for a token, on the kiosk or from the
// SMS link.
func SurveyPath(municipalityCode, token string) string {
	return fmt.Sprintf("/kiosk/%s/survey/%s", municipalityCode, token)
}

// OfferSurvey makes the satisfaction survey of a ticket that is done
// (CG14), in the transaction that marks it done, and sends the SMS link
// when the citizen left a number. Offering it again is a no-op. The
// survey keeps only the ticket's number and errand, so that the answers
// say nothing of who gave them; its link holds the ticket's token.
func (s *Service) OfferSurvey(ctx context.Context, q *store.Q, t *torg.Ticket) error {
	m, err := s.municipality(ctx, t.MunicipalityID)
	if err != nil {
		return err
	}
	token := t.Token
	if token == "" {
		token = randomToken()
	}
	v := &store.Survey{MunicipalityID: t.MunicipalityID, TicketID: t.ID, Token: token, Day: t.Day,
		Number: t.Number, Errand: t.Errand}
	added, err := q.AddSurvey(ctx, v, s.now())
	if err != nil || !added || strings.TrimSpace(t.Phone) == "" {
		return err
	}
	lang := t.Lang
	if lang == "" {
		lang = m.Language
	}
	p := i18n.New(i18n.Lang(lang))
	_, err = q.Enqueue(ctx, &store.OutboxMessage{MunicipalityID: m.ID, Channel: store.ChannelSMS,
		Recipient: strings.TrimSpace(t.Phone), Body: p.T("survey.sms", "number", t.Number, "link", s.cfg.BaseURL+SurveyPath(m.Code, v.Token)+"?via="+SurveySMS),
		IdempotencyKey: fmt.Sprintf("survey:%d", v.ID)}, s.now())
	return err
}

// SurveyView is the survey page: the ticket's number and whether it was
// answered.
type SurveyView struct {
	Municipality *torg.Municipality
	Token        string
	Number       string
	Answered     bool
}

// publicMunicipality finds a municipality by its code for the pages with
// no login: the kiosk, the display and the survey.
func (s *Service) publicMunicipality(ctx context.Context, code string) (*torg.Municipality, error) {
	m, err := s.db.R().MunicipalityByCode(ctx, code)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, notFound()
	}
	return m, err
}

// Survey returns the survey of a token, for the page with no login.
func (s *Service) Survey(ctx context.Context, municipalityCode, token string) (*SurveyView, error) {
	m, err := s.publicMunicipality(ctx, municipalityCode)
	if err != nil {
		return nil, err
	}
	v, err := s.db.R().SurveyByToken(ctx, m.ID, token)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, torg.Errorf(torg.ENOTFOUND, "survey.not_found")
	}
	if err != nil {
		return nil, err
	}
	return &SurveyView{Municipality: m, Token: v.Token, Number: v.Number, Answered: v.Score != 0}, nil
}

// FindSurvey finds today's survey of a ticket number, as a citizen types
// it on the kiosk after the visit, and returns its token. A ticket that is
// not done has none yet.
func (s *Service) FindSurvey(ctx context.Context, municipalityCode, number string) (string, error) {
	m, err := s.publicMunicipality(ctx, municipalityCode)
	if err != nil {
		return "", err
	}
	number = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(number), " ", ""))
	if number == "" {
		return "", torg.FieldError("number", "survey.number_required")
	}
	v, err := s.db.R().SurveyByNumber(ctx, m.ID, s.today(m), number)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return "", torg.FieldError("number", "survey.number_unknown", "number", number)
	}
	if err != nil {
		return "", err
	}
	if v.Score != 0 {
		return "", torg.FieldError("number", "survey.already_answered")
	}
	return v.Token, nil
}

// AnswerSurvey records a citizen's answer (CG14): a score from 1 to 5.
// The first answer counts; a second is refused.
func (s *Service) AnswerSurvey(ctx context.Context, municipalityCode, token string, score int, channel string) error {
	if score < 1 || score > 5 {
		return torg.FieldError("score", "survey.score_required")
	}
	if channel != SurveySMS {
		channel = SurveyKiosk
	}
	m, err := s.publicMunicipality(ctx, municipalityCode)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(q *store.Q) error {
		v, err := q.SurveyByToken(ctx, m.ID, token)
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			return torg.Errorf(torg.ENOTFOUND, "survey.not_found")
		}
		if err != nil {
			return err
		}
		ok, err := q.AnswerSurvey(ctx, v.ID, score, channel, s.now())
		if err == nil && !ok {
			err = torg.Errorf(torg.ECONFLICT, "survey.already_answered")
		}
		return err
	})
}

// SurveyResult is the satisfaction with one errand: how many were asked,
// how many answered, the mean score and the share satisfied (4 or 5).
type SurveyResult struct {
	Errand    string
	Offered   int
	Answered  int
	Scores    [5]int
	Mean      float64 // 0 when none answered
	Satisfied float64 // 0–1
}

// surveyResults turns the counts into results.
func surveyResults(cs []*store.SurveyCount) []SurveyResult {
	out := make([]SurveyResult, 0, len(cs))
	for _, c := range cs {
		r := SurveyResult{Errand: c.Errand, Offered: c.Offered, Scores: c.Scores}
		sum := 0
		for i, n := range c.Scores {
			r.Answered += n
			sum += (i + 1) * n
		}
		if r.Answered > 0 {
			r.Mean = float64(sum) / float64(r.Answered)
			r.Satisfied = float64(c.Scores[3]+c.Scores[4]) / float64(r.Answered)
		}
		out = append(out, r)
	}
	return out
}

// SurveyResults returns the satisfaction by errand for the leader's view
// (CG14), of tickets from day from to day to.
func (s *Service) SurveyResults(ctx context.Context, a *torg.Employee, from, to torg.Date) ([]SurveyResult, error) {
	if !a.Has(torg.RoleLeader) && !a.Has(torg.RoleAdmin) {
		return nil, errForbidden
	}
	cs, err := s.db.R().SurveyCounts(ctx, a.MunicipalityID, from, to)
	if err != nil {
		return nil, err
	}
	return surveyResults(cs), nil
}
