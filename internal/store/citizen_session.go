package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// CitizenSession is a citizen's server-side session in the portal, apart
// from the staff's sessions. The browser holds the token; the database only
// its hash.
type CitizenSession struct {
	TokenHash      string
	MunicipalityID int64
	PersonID       int64
	CSRF           string
	Method         string // how the citizen logged in: "oidc" or "testid"
	IDToken        string // the provider's ID token, the hint its logout asks for
	Created        time.Time
	LastSeen       time.Time
	Expires        time.Time
}

// CreateCitizenSession stores s.
func (q *Q) CreateCitizenSession(ctx context.Context, s *CitizenSession) error {
	_, err := q.exec(ctx, `INSERT INTO citizen_sessions (token_hash, municipality_id, person_id, csrf, method,
		id_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		s.TokenHash, s.MunicipalityID, s.PersonID, s.CSRF, s.Method, s.IDToken,
		micros(s.Created), micros(s.LastSeen), micros(s.Expires))
	if err != nil {
		return fmt.Errorf("store: create citizen session: %w", err)
	}
	return nil
}

// CitizenSession returns the citizen session with the given token hash.
func (q *Q) CitizenSession(ctx context.Context, tokenHash string) (*CitizenSession, error) {
	var s CitizenSession
	var c, l, e int64
	err := q.ex.QueryRowContext(ctx, `SELECT token_hash, municipality_id, person_id, csrf, method, id_token,
		created_at, last_seen_at, expires_at FROM citizen_sessions WHERE token_hash = $1`, tokenHash).Scan(
		&s.TokenHash, &s.MunicipalityID, &s.PersonID, &s.CSRF, &s.Method, &s.IDToken, &c, &l, &e)
	if err != nil {
		return nil, fmt.Errorf("store: citizen session: %w", mapError(err))
	}
	s.Created, s.LastSeen, s.Expires = fromMicros(c), fromMicros(l), fromMicros(e)
	return &s, nil
}

// TouchCitizenSession records activity on a citizen session.
func (q *Q) TouchCitizenSession(ctx context.Context, tokenHash string, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE citizen_sessions SET last_seen_at = $1 WHERE token_hash = $2`, micros(now), tokenHash)
	return err
}

// DeleteCitizenSession ends a citizen session.
func (q *Q) DeleteCitizenSession(ctx context.Context, tokenHash string) error {
	_, err := q.exec(ctx, `DELETE FROM citizen_sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteExpiredCitizenSessions removes citizen sessions that expired or
// idled out, and login flows that were never finished.
func (q *Q) DeleteExpiredCitizenSessions(ctx context.Context, now, idleBefore time.Time) error {
	if _, err := q.exec(ctx, `DELETE FROM citizen_sessions WHERE expires_at < $1 OR last_seen_at < $2`,
		micros(now), micros(idleBefore)); err != nil {
		return fmt.Errorf("store: sweep citizen sessions: %w", err)
	}
	if _, err := q.exec(ctx, `DELETE FROM citizen_login_flows WHERE expires_at < $1`, micros(now)); err != nil {
		return fmt.Errorf("store: sweep login flows: %w", err)
	}
	return nil
}

// LoginFlow is a citizen's login under way at the identity provider.
type LoginFlow struct {
	StateHash      string
	MunicipalityID int64
	Nonce          string
	Verifier       string // the PKCE code verifier
	Next           string // where to go after logging in
	Resume         string // the form typed when the session ran out, as a URL-encoded query
	Created        time.Time
	Expires        time.Time
}

// CreateLoginFlow stores f.
func (q *Q) CreateLoginFlow(ctx context.Context, f *LoginFlow) error {
	_, err := q.exec(ctx, `INSERT INTO citizen_login_flows (state_hash, municipality_id, nonce, verifier, next, resume,
		created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, f.StateHash, f.MunicipalityID, f.Nonce,
		f.Verifier, f.Next, f.Resume, micros(f.Created), micros(f.Expires))
	if err != nil {
		return fmt.Errorf("store: create login flow: %w", err)
	}
	return nil
}

// TakeLoginFlow returns the login flow with the given state hash and
// deletes it, so that a state is good for one login only. A flow that
// expired is ENOTFOUND.
func (q *Q) TakeLoginFlow(ctx context.Context, stateHash string, now time.Time) (*LoginFlow, error) {
	var f LoginFlow
	var c, e int64
	err := q.ex.QueryRowContext(ctx, `DELETE FROM citizen_login_flows WHERE state_hash = $1
		RETURNING state_hash, municipality_id, nonce, verifier, next, resume, created_at, expires_at`, stateHash).Scan(
		&f.StateHash, &f.MunicipalityID, &f.Nonce, &f.Verifier, &f.Next, &f.Resume, &c, &e)
	if err != nil {
		return nil, fmt.Errorf("store: login flow: %w", mapError(err))
	}
	f.Created, f.Expires = fromMicros(c), fromMicros(e)
	if !now.Before(f.Expires) {
		return nil, fmt.Errorf("store: login flow: %w", &torg.Error{Code: torg.ENOTFOUND, Key: "error.not_found"})
	}
	return &f, nil
}

// LoginFlowExists reports whether an unexpired login flow has the given
// state hash, without using it up: the test identity page checks it before
// it lists anyone.
func (q *Q) LoginFlowExists(ctx context.Context, stateHash string, now time.Time) (bool, error) {
	var n int
	err := q.ex.QueryRowContext(ctx, `SELECT count(*) FROM citizen_login_flows WHERE state_hash = $1 AND expires_at > $2`,
		stateHash, micros(now)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: login flow: %w", err)
	}
	return n > 0, nil
}

// MunicipalityCodes lists the codes of the installation's municipalities,
// in order.
func (q *Q) MunicipalityCodes(ctx context.Context) ([]string, error) {
	rows, err := q.query(ctx, `SELECT code FROM municipalities ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("store: municipalities: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("store: municipalities: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TestIdentities returns up to limit persons of a municipality for the
// demo's test-identity login: those with a case first (so that the portal
// has something to show), then others, by ID.
func (q *Q) TestIdentities(ctx context.Context, municipalityID int64, limit int) ([]*torg.Person, error) {
	rows, err := q.query(ctx, `SELECT `+personCols+` FROM persons p WHERE municipality_id = $1
		ORDER BY CASE WHEN EXISTS (SELECT 1 FROM parties c WHERE c.person_id = p.id) THEN 0 ELSE 1 END, id
		LIMIT $2`, municipalityID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: test identities: %w", err)
	}
	return collect(rows, scanPerson)
}
