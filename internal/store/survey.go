package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// Survey is the satisfaction survey of one queue ticket (CG14): made when
// the ticket is done, answered once with a score from 1 (very
// dissatisfied) to 5 (very satisfied), on the kiosk or by the SMS link.
// It holds nothing about the person, only the errand.
type Survey struct {
	ID             int64
	MunicipalityID int64
	TicketID       int64
	Token          string // in the survey's link
	Day            torg.Date
	Number         string // the ticket's number, "A012"
	Errand         string
	Created        time.Time
	Score          int    // 0 until answered
	Channel        string // "kiosk" or "sms"; "" until answered
	Answered       time.Time
}

const surveyCols = `id, municipality_id, ticket_id, token, day, number, errand, created_at, score, channel, answered_at`

func scanSurvey(s interface{ Scan(...any) error }) (*Survey, error) {
	v := &Survey{}
	var day string
	var created int64
	var score, answered sql.NullInt64
	err := s.Scan(&v.ID, &v.MunicipalityID, &v.TicketID, &v.Token, &day, &v.Number, &v.Errand, &created,
		&score, &v.Channel, &answered)
	v.Day, v.Created, v.Score = parseDate(day), fromMicros(created), int(score.Int64)
	if answered.Valid {
		v.Answered = fromMicros(answered.Int64)
	}
	return v, err
}

// AddSurvey stores the survey of a ticket and sets its ID. A ticket has
// one survey: adding it again keeps the first and reports false.
func (q *Q) AddSurvey(ctx context.Context, v *Survey, now time.Time) (bool, error) {
	v.Created = now
	id, err := q.insert(ctx, `INSERT INTO queue_surveys (municipality_id, ticket_id, token, day, number, errand, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (ticket_id) DO NOTHING`,
		v.MunicipalityID, v.TicketID, v.Token, v.Day.String(), v.Number, v.Errand, micros(now))
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: add survey: %w", err)
	}
	v.ID = id
	return true, nil
}

// SurveyByToken returns a municipality's survey by its link's token.
func (q *Q) SurveyByToken(ctx context.Context, municipalityID int64, token string) (*Survey, error) {
	row := q.ex.QueryRowContext(ctx, `SELECT `+surveyCols+` FROM queue_surveys WHERE municipality_id = $1 AND token = $2`,
		municipalityID, token)
	v, err := scanSurvey(row)
	return v, mapError(err)
}

// SurveyByNumber returns the survey of the ticket with a number on a day.
func (q *Q) SurveyByNumber(ctx context.Context, municipalityID int64, day torg.Date, number string) (*Survey, error) {
	row := q.ex.QueryRowContext(ctx, `SELECT `+surveyCols+` FROM queue_surveys
		WHERE municipality_id = $1 AND day = $2 AND number = $3 ORDER BY id DESC LIMIT 1`,
		municipalityID, day.String(), number)
	v, err := scanSurvey(row)
	return v, mapError(err)
}

// AnswerSurvey records the answer of an unanswered survey. It reports
// false when the survey was already answered: the first answer counts.
func (q *Q) AnswerSurvey(ctx context.Context, id int64, score int, channel string, now time.Time) (bool, error) {
	res, err := q.exec(ctx, `UPDATE queue_surveys SET score = $1, channel = $2, answered_at = $3
		WHERE id = $4 AND score IS NULL`, score, channel, micros(now), id)
	if err != nil {
		return false, fmt.Errorf("store: answer survey: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SurveyCount is the surveys of one errand: how many were offered, how
// many answered, and how many gave each score (Scores[0] is score 1).
type SurveyCount struct {
	Errand  string
	Offered int
	Scores  [5]int
}

// SurveyCounts counts a municipality's surveys of tickets from day from
// to day to, both included, by errand in errand order.
func (q *Q) SurveyCounts(ctx context.Context, municipalityID int64, from, to torg.Date) ([]*SurveyCount, error) {
	rows, err := q.query(ctx, `SELECT errand, COALESCE(score, 0), count(*) FROM queue_surveys
		WHERE municipality_id = $1 AND day >= $2 AND day <= $3 GROUP BY errand, COALESCE(score, 0) ORDER BY errand`,
		municipalityID, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("store: survey counts: %w", err)
	}
	defer rows.Close()
	var out []*SurveyCount
	for rows.Next() {
		var errand string
		var score, n int
		if err := rows.Scan(&errand, &score, &n); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Errand != errand {
			out = append(out, &SurveyCount{Errand: errand})
		}
		c := out[len(out)-1]
		c.Offered += n
		if score >= 1 && score <= 5 {
			c.Scores[score-1] += n
		}
	}
	return out, rows.Err()
}
