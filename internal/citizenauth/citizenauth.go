// Package citizenauth logs citizens in to the portal through an OpenID
// Connect identity provider: ID-porten in Norway, and the brokers that
// reach MitID in Denmark and BankID in Sweden, all speak OIDC. It uses the
// authorisation code flow with PKCE (S256), a state bound to the browser
// and a nonce the ID token must carry, and reads the citizen's national ID
// from a configurable claim of the verified ID token.
//
// The provider's discovery document is fetched on first use, not at start,
// so that torg starts while the provider is unreachable; a failed discovery
// is tried again on the next login.
package citizenauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Config is how torg meets the identity provider.
type Config struct {
	Issuer       string   // the provider's issuer URL, e.g. https://idporten.no
	ClientID     string   // torg's client at the provider
	ClientSecret string   // its secret (client_secret_basic or _post)
	RedirectURL  string   // torg's callback, https://<torg>/portal/callback
	Scopes       []string // "openid" is always asked for
	NINClaim     string   // the ID token claim with the national ID: pid, cpr, dk:cpr, personal_number, ssn
	// ACRValues are the levels of assurance torg accepts, asked for in this
	// order; an ID token with another "acr" is refused. Empty: any.
	ACRValues []string
	// PostLogoutURL is where the provider sends the citizen after its own
	// logout; empty: the provider's logout is not used.
	PostLogoutURL string
}

// Identity is who the provider says logged in.
type Identity struct {
	NIN     string // the national ID as the claim gives it
	Subject string // the provider's subject identifier
	IDToken string // the raw ID token, the hint the provider's logout asks for
}

// Provider is a configured identity provider.
type Provider struct {
	cfg    Config
	client *http.Client

	mu         sync.Mutex
	p          *oidc.Provider
	verifier   *oidc.IDTokenVerifier
	endSession string
}

// New returns the provider of cfg. A nil client is http.DefaultClient.
func New(cfg Config, client *http.Client) *Provider {
	if client == nil {
		client = http.DefaultClient
	}
	if cfg.NINClaim == "" {
		cfg.NINClaim = "pid"
	}
	if !slices.Contains(cfg.Scopes, oidc.ScopeOpenID) {
		cfg.Scopes = append([]string{oidc.ScopeOpenID}, cfg.Scopes...)
	}
	return &Provider{cfg: cfg, client: client}
}

// discover fetches the provider's discovery document once it answers.
func (p *Provider) discover(ctx context.Context) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.p != nil {
		return p.p, nil
	}
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, p.client), p.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("citizenauth: discovery: %w", err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	op.Claims(&meta)
	p.p, p.endSession = op, meta.EndSession
	p.verifier = op.Verifier(&oidc.Config{ClientID: p.cfg.ClientID})
	return op, nil
}

func (p *Provider) oauth(op *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: p.cfg.ClientID, ClientSecret: p.cfg.ClientSecret, Endpoint: op.Endpoint(),
		RedirectURL: p.cfg.RedirectURL, Scopes: p.cfg.Scopes}
}

// AuthURL returns the provider's login page for a login flow: its state,
// nonce and PKCE verifier (only the verifier's S256 challenge is sent), in
// the citizen's language where the provider has it.
func (p *Provider) AuthURL(ctx context.Context, state, nonce, verifier, lang string) (string, error) {
	op, err := p.discover(ctx)
	if err != nil {
		return "", err
	}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if lang != "" {
		opts = append(opts, oauth2.SetAuthURLParam("ui_locales", lang))
	}
	if len(p.cfg.ACRValues) > 0 {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", strings.Join(p.cfg.ACRValues, " ")))
	}
	return p.oauth(op).AuthCodeURL(state, opts...), nil
}

// ErrNoNIN is returned for an ID token without the national ID claim.
var ErrNoNIN = errors.New("citizenauth: the ID token has no national ID claim")

// Exchange trades the code the provider sent back for tokens, verifies the
// ID token (signature, issuer, audience, expiry), checks its nonce and
// level of assurance, and returns who logged in.
func (p *Provider) Exchange(ctx context.Context, code, verifier, nonce string) (Identity, error) {
	op, err := p.discover(ctx)
	if err != nil {
		return Identity{}, err
	}
	ctx = oidc.ClientContext(ctx, p.client)
	tok, err := p.oauth(op).Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return Identity{}, fmt.Errorf("citizenauth: token: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, errors.New("citizenauth: the token response has no ID token")
	}
	idt, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return Identity{}, fmt.Errorf("citizenauth: ID token: %w", err)
	}
	if idt.Nonce == "" || idt.Nonce != nonce {
		return Identity{}, errors.New("citizenauth: the ID token's nonce is not this login's")
	}
	claims := map[string]json.RawMessage{}
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, fmt.Errorf("citizenauth: claims: %w", err)
	}
	if err := p.checkACR(claims["acr"]); err != nil {
		return Identity{}, err
	}
	nin := claimString(claims[p.cfg.NINClaim])
	if nin == "" {
		return Identity{}, ErrNoNIN
	}
	return Identity{NIN: nin, Subject: idt.Subject, IDToken: raw}, nil
}

func (p *Provider) checkACR(raw json.RawMessage) error {
	if len(p.cfg.ACRValues) == 0 {
		return nil
	}
	if acr := claimString(raw); !slices.Contains(p.cfg.ACRValues, acr) {
		return fmt.Errorf("citizenauth: level of assurance %q is not one of %v", acr, p.cfg.ACRValues)
	}
	return nil
}

// claimString returns a claim's value as text: a JSON string as it is, a
// number as written. (A number would lose a Danish CPR's leading zero, so
// providers send them as strings; torg does not guess.)
func claimString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// LogoutURL returns the provider's logout page for a session that began
// with idToken, or "" if the provider has no logout endpoint, torg has no
// post-logout URL, or the session had no ID token.
func (p *Provider) LogoutURL(ctx context.Context, idToken, state string) string {
	if idToken == "" || p.cfg.PostLogoutURL == "" {
		return ""
	}
	if _, err := p.discover(ctx); err != nil || p.endSession == "" {
		return ""
	}
	u, err := url.Parse(p.endSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("id_token_hint", idToken)
	q.Set("post_logout_redirect_uri", p.cfg.PostLogoutURL)
	q.Set("state", state)
	u.RawQuery = q.Encode()
	return u.String()
}
