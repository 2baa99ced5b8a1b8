// Package idptest is a fake OpenID Connect identity provider for tests: it
// serves discovery, its signing keys (JWKS), an authorisation endpoint that
// logs in whoever the test says without asking, a token endpoint that
// checks the client, the redirect URI and the PKCE verifier and signs an ID
// token, and a logout endpoint. Run it on httptest.
package idptest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/coreos/go-oidc/v3/oidc/oidctest"
)

const keyID = "idptest-key"

// Server is the fake provider.
type Server struct {
	*httptest.Server
	ClientID, ClientSecret string
	NINClaim               string // the claim the national ID goes in; "pid" if empty

	key *rsa.PrivateKey
	mu  sync.Mutex
	nin string
	// Tamper, if set, changes the claims of the next ID tokens before they
	// are signed: a test of a wrong nonce, audience or level of assurance.
	tamper func(map[string]any)
	codes  map[string]grant
	// Logins counts the authorisation requests served.
	logins int
}

type grant struct {
	clientID, redirect, nonce, challenge, nin, acr string
}

// New starts a provider for one client.
func New(clientID, clientSecret string) *Server {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	s := &Server{ClientID: clientID, ClientSecret: clientSecret, key: key, codes: map[string]grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("GET /jwks", s.jwks)
	mux.HandleFunc("GET /authorize", s.authorize)
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("GET /logout", s.logout)
	s.Server = httptest.NewServer(mux)
	return s
}

// LogInAs makes the next logins those of the citizen with a national ID.
func (s *Server) LogInAs(nin string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nin = nin
}

// Tamper sets a function that changes the claims of the ID tokens signed
// from now on; nil stops it.
func (s *Server) Tamper(f func(claims map[string]any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tamper = f
}

// Logins returns how many authorisation requests the provider served.
func (s *Server) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

func (s *Server) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]any{
		"issuer":                                s.URL,
		"authorization_endpoint":                s.URL + "/authorize",
		"token_endpoint":                        s.URL + "/token",
		"jwks_uri":                              s.URL + "/jwks",
		"end_session_endpoint":                  s.URL + "/logout",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{oidc.RS256},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (s *Server) jwks(w http.ResponseWriter, r *http.Request) {
	pub := s.key.PublicKey
	writeJSON(w, map[string]any{"keys": []map[string]string{{"kty": "RSA", "kid": keyID, "alg": oidc.RS256,
		"use": "sig", "n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes())}}})
}

// authorize logs in the citizen set with LogInAs and sends the browser
// back with a code. A request a real provider would refuse is refused.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("client_id") != s.ClientID:
		http.Error(w, "unknown client", http.StatusBadRequest)
		return
	case err != nil || redirect.Host == "":
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		http.Error(w, "code flow with PKCE S256 only", http.StatusBadRequest)
		return
	case q.Get("state") == "" || q.Get("nonce") == "":
		http.Error(w, "state and nonce are required", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.logins++
	code := b64(random(24))
	s.codes[code] = grant{clientID: s.ClientID, redirect: redirect.String(), nonce: q.Get("nonce"),
		challenge: q.Get("code_challenge"), nin: s.nin, acr: firstWord(q.Get("acr_values"))}
	s.mu.Unlock()
	back := redirect.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// token trades a code for an ID token, once.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	s.mu.Lock()
	g, found := s.codes[r.PostFormValue("code")]
	delete(s.codes, r.PostFormValue("code"))
	tamper := s.tamper
	s.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
	switch {
	case id != s.ClientID || secret != s.ClientSecret:
		tokenError(w, http.StatusUnauthorized, "invalid_client")
		return
	case !found || g.redirect != r.PostFormValue("redirect_uri") || r.PostFormValue("grant_type") != "authorization_code":
		tokenError(w, http.StatusBadRequest, "invalid_grant")
		return
	case b64(sum[:]) != g.challenge:
		tokenError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	claims := s.claims(g)
	if tamper != nil {
		tamper(claims)
	}
	raw, _ := json.Marshal(claims)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, map[string]any{"access_token": b64(random(24)), "token_type": "Bearer", "expires_in": 120,
		"id_token": oidctest.SignIDToken(s.key, keyID, oidc.RS256, string(raw))})
}

func (s *Server) claims(g grant) map[string]any {
	now := time.Now()
	claim := s.NINClaim
	if claim == "" {
		claim = "pid"
	}
	c := map[string]any{"iss": s.URL, "aud": g.clientID, "sub": "sub-" + g.nin, "iat": now.Unix(),
		"exp": now.Add(2 * time.Minute).Unix(), "nonce": g.nonce, claim: g.nin}
	if g.acr != "" {
		c["acr"] = g.acr
	}
	return c
}

// logout ends the provider's session and sends the browser back.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("post_logout_redirect_uri"))
	if err != nil || q.Get("id_token_hint") == "" {
		http.Error(w, "bad logout request", http.StatusBadRequest)
		return
	}
	v := back.Query()
	v.Set("state", q.Get("state"))
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func tokenError(w http.ResponseWriter, code int, e string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": e})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func firstWord(s string) string {
	for i, c := range s {
		if c == ' ' {
			return s[:i]
		}
	}
	return s
}
