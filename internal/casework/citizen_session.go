package casework

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
)

// How a citizen logged in to the portal.
const (
	CitizenByOIDC   = "oidc"   // through the identity provider: ID-porten, a MitID or BankID broker
	CitizenByTestID = "testid" // the demo's test identity, a synthetic person picked from a list
)

// loginFlowTTL is how long a citizen may take at the identity provider.
const loginFlowTTL = 15 * time.Minute

// CitizenIdentity is who an identity provider says logged in.
type CitizenIdentity struct {
	NIN     string // the national ID as the provider gives it
	Method  string // CitizenByOIDC or CitizenByTestID
	IDToken string // the provider's ID token, kept as its logout's hint; empty for the test identity
}

// CitizenLoginFlow is a citizen's login under way at the identity
// provider: the state to send and expect back, the nonce the ID token must
// carry, the PKCE verifier, where to go after, and the form the citizen had
// typed when their session ran out.
type CitizenLoginFlow struct {
	MunicipalityID               int64
	State, Nonce, Verifier, Next string
	Resume                       url.Values
}

// PortalMunicipality returns the municipality whose citizens log in to the
// portal: the one with the given code or, without a code, the only one
// there is. Without a code on an installation of several it is ENOTFOUND
// "portal.no_municipality": the operator sets citizen_municipality.
func (s *Service) PortalMunicipality(ctx context.Context, code string) (*torg.Municipality, error) {
	if code == "" {
		codes, err := s.db.R().MunicipalityCodes(ctx)
		if err != nil {
			return nil, err
		}
		if len(codes) != 1 {
			return nil, torg.Errorf(torg.ENOTFOUND, "portal.no_municipality")
		}
		code = codes[0]
	}
	m, err := s.db.R().MunicipalityByCode(ctx, code)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, torg.Errorf(torg.ENOTFOUND, "portal.no_municipality")
	}
	return m, err
}

// StartCitizenLogin stores a new login flow and returns it. Flows that were
// never finished are swept away here.
func (s *Service) StartCitizenLogin(ctx context.Context, municipalityID int64, next string, resume url.Values) (*CitizenLoginFlow, error) {
	f := &CitizenLoginFlow{MunicipalityID: municipalityID, State: randomToken(), Nonce: randomToken(),
		Verifier: randomToken(), Next: next, Resume: resume}
	now := s.now()
	err := s.db.Write(ctx, func(q *store.Q) error {
		if err := q.DeleteExpiredCitizenSessions(ctx, now, now.Add(-s.cfg.SessionIdle)); err != nil {
			return err
		}
		return q.CreateLoginFlow(ctx, &store.LoginFlow{StateHash: hashToken(f.State), MunicipalityID: municipalityID,
			Nonce: f.Nonce, Verifier: f.Verifier, Next: next, Resume: resume.Encode(), Created: now,
			Expires: now.Add(loginFlowTTL)})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// TakeCitizenLogin returns the login flow of a state and uses it up. An
// unknown, used or expired state is EUNAUTHORIZED "portal.login_expired".
func (s *Service) TakeCitizenLogin(ctx context.Context, state string) (*CitizenLoginFlow, error) {
	var lf *store.LoginFlow
	err := s.db.Write(ctx, func(q *store.Q) error {
		var err error
		lf, err = q.TakeLoginFlow(ctx, hashToken(state), s.now())
		return err
	})
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, torg.Errorf(torg.EUNAUTHORIZED, "portal.login_expired")
	}
	if err != nil {
		return nil, err
	}
	resume, _ := url.ParseQuery(lf.Resume)
	return &CitizenLoginFlow{MunicipalityID: lf.MunicipalityID, State: state, Nonce: lf.Nonce,
		Verifier: lf.Verifier, Next: lf.Next, Resume: resume}, nil
}

// CitizenLoginLive reports whether a login flow is under way for a state.
func (s *Service) CitizenLoginLive(ctx context.Context, state string) (bool, error) {
	if state == "" {
		return false, nil
	}
	return s.db.R().LoginFlowExists(ctx, hashToken(state), s.now())
}

// CitizenLogin starts a portal session for the citizen an identity
// provider vouched for. A citizen the municipality does not know yet but
// the population register does is registered from the register; one
// neither knows is ENOTFOUND "portal.unknown_citizen". The test identity
// takes synthetic national IDs only, as the national test environments do.
func (s *Service) CitizenLogin(ctx context.Context, municipalityID int64, id CitizenIdentity) (p *torg.Person, token, csrf string, err error) {
	m, err := s.municipality(ctx, municipalityID)
	if err != nil {
		return nil, "", "", err
	}
	n, err := nin.Parse(id.NIN, nin.Country(m.Country), s.now())
	var ne *nin.Error
	switch {
	case errors.As(err, &ne):
		return nil, "", "", torg.Errorf(torg.EUNAUTHORIZED, "portal.login_bad_nin")
	case err != nil:
		return nil, "", "", err
	case id.Method == CitizenByTestID && !n.Synthetic:
		return nil, "", "", torg.Errorf(torg.EUNAUTHORIZED, "portal.testid_synthetic_only")
	case id.Method != CitizenByTestID && id.Method != CitizenByOIDC:
		return nil, "", "", torg.Errorf(torg.EUNAUTHORIZED, "portal.login_failed")
	}
	token, csrf = randomToken(), randomToken()
	now := s.now()
	err = s.db.Write(ctx, func(q *store.Q) error {
		if p, err = s.citizen(ctx, q, m, n); err != nil {
			return err
		}
		if err := q.DeleteExpiredCitizenSessions(ctx, now, now.Add(-s.cfg.SessionIdle)); err != nil {
			return err
		}
		if err := q.CreateCitizenSession(ctx, &store.CitizenSession{TokenHash: hashToken(token), MunicipalityID: m.ID,
			PersonID: p.ID, CSRF: csrf, Method: id.Method, IDToken: id.IDToken, Created: now, LastSeen: now,
			Expires: now.Add(s.cfg.SessionMax)}); err != nil {
			return err
		}
		return s.citizenAudit(ctx, q, p, "citizen.login", id.Method)
	})
	if err != nil {
		return nil, "", "", err
	}
	return p, token, csrf, nil
}

// citizen returns the person of a national ID, registering them from the
// population register if the municipality does not know them yet.
func (s *Service) citizen(ctx context.Context, q *store.Q, m *torg.Municipality, n nin.Number) (*torg.Person, error) {
	p, err := q.PersonByNIN(ctx, m.ID, n.Digits)
	if torg.ErrorCode(err) != torg.ENOTFOUND {
		return p, err
	}
	e, err := s.registers().Population.Lookup(ctx, m.ID, n.Digits)
	switch {
	case torg.ErrorCode(err) == torg.ENOTFOUND || (err == nil && e.Deceased):
		return nil, torg.Errorf(torg.ENOTFOUND, "portal.unknown_citizen")
	case err != nil:
		return nil, err
	}
	p = personFromRegister(m, n, &e)
	if r, err := s.registers().Reservation.Reserved(ctx, m.ID, n.Digits); err == nil {
		p.DigitalReserved = r
	}
	if err := q.CreatePerson(ctx, p, s.now()); err != nil {
		return nil, err
	}
	return p, s.citizenAudit(ctx, q, p, "person.create", "portal")
}

// personFromRegister makes a person of a population register entry. A
// strictly protected person gets the forwarding address, never a real one.
func personFromRegister(m *torg.Municipality, n nin.Number, e *registry.Entry) *torg.Person {
	p := &torg.Person{MunicipalityID: m.ID, NIN: n.Digits, NINCountry: string(n.Country), NINKind: string(n.Kind),
		GivenName: e.GivenName, FamilyName: e.FamilyName, BirthDate: e.BirthDate, Address: e.Address,
		Postcode: e.Postcode, City: e.City, Language: m.Language}
	if p.BirthDate.IsZero() && !n.BirthDate.IsZero() {
		p.BirthDate = torg.DateOf(n.BirthDate)
	}
	protect(p, e)
	return p
}

// citizenAudit records what a citizen did themselves: the actor is nobody
// on the staff (0), the person is the citizen.
func (s *Service) citizenAudit(ctx context.Context, q *store.Q, p *torg.Person, action, detail string) error {
	return q.AppendAudit(ctx, &torg.AuditEvent{MunicipalityID: p.MunicipalityID, At: s.now(), Action: action,
		Object: obj("person", p.ID), PersonID: p.ID, Detail: detail})
}

// CitizenSession returns the citizen and CSRF token of a live portal
// session. An unknown, expired or idle session is EUNAUTHORIZED with the key
// "session.expired" ("session.none" without a token).
func (s *Service) CitizenSession(ctx context.Context, token string) (*torg.Person, string, error) {
	if token == "" {
		return nil, "", torg.Errorf(torg.EUNAUTHORIZED, "session.none")
	}
	h := hashToken(token)
	sess, err := s.db.R().CitizenSession(ctx, h)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, "", torg.Errorf(torg.EUNAUTHORIZED, "session.expired")
	}
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	if now.After(sess.Expires) || now.Sub(sess.LastSeen) > s.cfg.SessionIdle {
		s.db.Write(ctx, func(q *store.Q) error { return q.DeleteCitizenSession(ctx, h) })
		return nil, "", torg.Errorf(torg.EUNAUTHORIZED, "session.expired")
	}
	p, err := s.db.R().Person(ctx, sess.MunicipalityID, sess.PersonID)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, "", torg.Errorf(torg.EUNAUTHORIZED, "session.expired")
	}
	if err != nil {
		return nil, "", err
	}
	if now.Sub(sess.LastSeen) > time.Minute {
		if err := s.db.Write(ctx, func(q *store.Q) error { return q.TouchCitizenSession(ctx, h, now) }); err != nil {
			return nil, "", err
		}
	}
	return p, sess.CSRF, nil
}

// CitizenLogout ends a portal session and returns the provider's ID token
// it was started with, for the provider's own logout ("" if none).
func (s *Service) CitizenLogout(ctx context.Context, token string) (string, error) {
	h := hashToken(token)
	sess, err := s.db.R().CitizenSession(ctx, h)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	err = s.db.Write(ctx, func(q *store.Q) error {
		if err := q.DeleteCitizenSession(ctx, h); err != nil {
			return err
		}
		return q.AppendAudit(ctx, &torg.AuditEvent{MunicipalityID: sess.MunicipalityID, At: s.now(),
			Action: "citizen.logout", Object: obj("person", sess.PersonID), PersonID: sess.PersonID})
	})
	return sess.IDToken, err
}

// testIdentities is how many persons the test-identity login lists.
const testIdentities = 12

// TestIdentities returns the synthetic persons the demo's test-identity
// login lists to pick from, persons with a case first. A person with a real
// national ID is never listed.
func (s *Service) TestIdentities(ctx context.Context, municipalityID int64) ([]*torg.Person, error) {
	m, err := s.municipality(ctx, municipalityID)
	if err != nil {
		return nil, err
	}
	all, err := s.db.R().TestIdentities(ctx, municipalityID, 4*testIdentities)
	if err != nil {
		return nil, err
	}
	var out []*torg.Person
	for _, p := range all {
		if n, err := nin.Parse(p.NIN, nin.Country(m.Country), s.now()); err == nil && n.Synthetic && len(out) < testIdentities {
			out = append(out, p)
		}
	}
	return out, nil
}
