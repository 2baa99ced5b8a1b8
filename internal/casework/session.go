package casework

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// dummyHash is checked against when a username is unknown, so that a login
// takes as long whether or not the user exists.
var dummyHash = HashPassword("no such user")

// Login checks a username and password and starts a session. It returns
// the session token for the browser's cookie and the session's CSRF token.
func (s *Service) Login(ctx context.Context, username, password string) (e *torg.Employee, token, csrf string, err error) {
	e, hash, err := s.db.R().EmployeeLogin(ctx, username)
	if err != nil {
		if torg.ErrorCode(err) != torg.ENOTFOUND {
			return nil, "", "", err
		}
		hash = dummyHash
	}
	if !CheckPassword(hash, password) || e == nil || !e.Active {
		return nil, "", "", torg.Errorf(torg.EUNAUTHORIZED, "login.failed")
	}
	token, csrf = randomToken(), randomToken()
	now := s.now()
	err = s.db.Write(ctx, func(q *store.Q) error {
		// Logins are rare enough to sweep away the sessions that have ended.
		if err := q.DeleteExpiredSessions(ctx, now, now.Add(-s.cfg.SessionIdle)); err != nil {
			return err
		}
		if err := q.CreateSession(ctx, &store.Session{TokenHash: hashToken(token), EmployeeID: e.ID, CSRF: csrf,
			Created: now, LastSeen: now, Expires: now.Add(s.cfg.SessionMax)}); err != nil {
			return err
		}
		return s.audit(ctx, q, e, "session.login", obj("employee", e.ID), 0, "")
	})
	if err != nil {
		return nil, "", "", err
	}
	return e, token, csrf, nil
}

// Session returns the employee and CSRF token of a live session. An unknown,
// expired or idle session is EUNAUTHORIZED with the key "session.expired".
func (s *Service) Session(ctx context.Context, token string) (*torg.Employee, string, error) {
	if token == "" {
		return nil, "", torg.Errorf(torg.EUNAUTHORIZED, "session.none")
	}
	h := hashToken(token)
	sess, err := s.db.R().Session(ctx, h)
	if err != nil {
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			return nil, "", torg.Errorf(torg.EUNAUTHORIZED, "session.expired")
		}
		return nil, "", err
	}
	now := s.now()
	if now.After(sess.Expires) || now.Sub(sess.LastSeen) > s.cfg.SessionIdle {
		s.db.Write(ctx, func(q *store.Q) error { return q.DeleteSession(ctx, h) })
		return nil, "", torg.Errorf(torg.EUNAUTHORIZED, "session.expired")
	}
	e, err := s.db.R().Employee(ctx, sess.EmployeeID)
	if err != nil {
		return nil, "", err
	}
	if !e.Active {
		return nil, "", torg.Errorf(torg.EUNAUTHORIZED, "session.expired")
	}
	if now.Sub(sess.LastSeen) > time.Minute {
		if err := s.db.Write(ctx, func(q *store.Q) error { return q.TouchSession(ctx, h, now) }); err != nil {
			return nil, "", err
		}
	}
	return e, sess.CSRF, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.db.Write(ctx, func(q *store.Q) error { return q.DeleteSession(ctx, hashToken(token)) })
}

// CreateToken issues an API token for an employee, valid for the given
// duration. Only its hash is stored; the token is shown once.
func (s *Service) CreateToken(ctx context.Context, employeeID int64, name string, valid time.Duration) (string, error) {
	token := "torg_" + randomToken()
	now := s.now()
	err := s.db.Write(ctx, func(q *store.Q) error {
		return q.CreateToken(ctx, hashToken(token), employeeID, name, now, now.Add(valid))
	})
	return token, err
}

// TokenEmployee returns the employee an API token belongs to.
func (s *Service) TokenEmployee(ctx context.Context, token string) (*torg.Employee, error) {
	e, err := s.db.R().TokenEmployee(ctx, hashToken(token), s.now())
	if err != nil {
		if torg.ErrorCode(err) == torg.ENOTFOUND {
			return nil, torg.Errorf(torg.EUNAUTHORIZED, "token.invalid")
		}
		return nil, err
	}
	if !e.Active {
		return nil, torg.Errorf(torg.EUNAUTHORIZED, "token.invalid")
	}
	return e, nil
}

// EmployeeByUsername returns an employee, for the command line.
func (s *Service) EmployeeByUsername(ctx context.Context, username string) (*torg.Employee, error) {
	e, _, err := s.db.R().EmployeeLogin(ctx, username)
	return e, err
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}
