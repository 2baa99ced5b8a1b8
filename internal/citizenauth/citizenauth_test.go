package citizenauth_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/citizenauth"
	"github.com/torg-kommune/torg/internal/citizenauth/idptest"
)

var ctx = context.Background()

const (
	redirect = "https://torg.example/portal/callback"
	kari     = "12838540056"
)

func setup(t *testing.T, mod func(*citizenauth.Config)) (*idptest.Server, *citizenauth.Provider) {
	t.Helper()
	idp := idptest.New("torg", "s3cret")
	t.Cleanup(idp.Close)
	idp.LogInAs(kari)
	cfg := citizenauth.Config{Issuer: idp.URL, ClientID: "torg", ClientSecret: "s3cret", RedirectURL: redirect}
	if mod != nil {
		mod(&cfg)
	}
	return idp, citizenauth.New(cfg, idp.Client())
}

// login runs the browser's part: it opens the provider's login page and
// returns the code and state it sends back to torg's callback.
func login(t *testing.T, p *citizenauth.Provider, state, nonce, verifier string) (code, gotState string) {
	t.Helper()
	u, err := p.AuthURL(ctx, state, nonce, verifier, "nb")
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(back.String(), redirect) {
		t.Fatalf("provider answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return back.Query().Get("code"), back.Query().Get("state")
}

func TestLoginWithPKCEStateAndNonce(t *testing.T) {
	_, p := setup(t, func(c *citizenauth.Config) { c.ACRValues = []string{"idporten-loa-high"} })
	u, err := p.AuthURL(ctx, "st", "no", "verifier-0123456789-0123456789-0123456789", "nb")
	if err != nil {
		t.Fatal(err)
	}
	q := mustQuery(t, u)
	sum := sha256.Sum256([]byte("verifier-0123456789-0123456789-0123456789"))
	want := map[string]string{"client_id": "torg", "redirect_uri": redirect, "response_type": "code", "state": "st",
		"nonce": "no", "code_challenge_method": "S256", "code_challenge": base64.RawURLEncoding.EncodeToString(sum[:]),
		"ui_locales": "nb", "scope": "openid", "acr_values": "idporten-loa-high"}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("authorisation request %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if q.Has("code_verifier") || strings.Contains(u, "verifier-0123") {
		t.Error("the PKCE verifier itself went to the provider")
	}
	code, state := login(t, p, "st", "no", "verifier-0123456789-0123456789-0123456789")
	if state != "st" {
		t.Errorf("state came back as %q", state)
	}
	id, err := p.Exchange(ctx, code, "verifier-0123456789-0123456789-0123456789", "no")
	if err != nil {
		t.Fatal(err)
	}
	if id.NIN != kari || id.Subject != "sub-"+kari || id.IDToken == "" {
		t.Errorf("identity = %+v", id)
	}
	if _, err := p.Exchange(ctx, code, "verifier-0123456789-0123456789-0123456789", "no"); err == nil {
		t.Error("a code was good twice")
	}
}

func TestLoginRefused(t *testing.T) {
	const verifier = "verifier-0123456789-0123456789-0123456789"
	tests := []struct {
		name     string
		cfg      func(*citizenauth.Config)
		tamper   func(map[string]any)
		verifier string // at the exchange
		nonce    string // at the exchange
	}{
		{name: "wrong PKCE verifier", verifier: verifier + "x", nonce: "n"},
		{name: "nonce of another login", verifier: verifier, nonce: "other"},
		{name: "no nonce in the token", tamper: func(c map[string]any) { delete(c, "nonce") }, verifier: verifier, nonce: "n"},
		{name: "token for another client", tamper: func(c map[string]any) { c["aud"] = "someone-else" }, verifier: verifier, nonce: "n"},
		{name: "token from another issuer", tamper: func(c map[string]any) { c["iss"] = "https://evil.example" }, verifier: verifier, nonce: "n"},
		{name: "expired token", tamper: func(c map[string]any) { c["exp"] = 1000 }, verifier: verifier, nonce: "n"},
		{name: "no national ID claim", tamper: func(c map[string]any) { delete(c, "pid") }, verifier: verifier, nonce: "n"},
		{name: "level of assurance too low", cfg: func(c *citizenauth.Config) { c.ACRValues = []string{"idporten-loa-high"} },
			tamper: func(c map[string]any) { c["acr"] = "idporten-loa-low" }, verifier: verifier, nonce: "n"},
		{name: "wrong client secret", cfg: func(c *citizenauth.Config) { c.ClientSecret = "guess" }, verifier: verifier, nonce: "n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp, p := setup(t, tt.cfg)
			idp.Tamper(tt.tamper)
			code, _ := login(t, p, "s", "n", verifier)
			id, err := p.Exchange(ctx, code, tt.verifier, tt.nonce)
			if err == nil {
				t.Fatalf("Exchange let in %+v", id)
			}
		})
	}
}

func TestNINClaimIsConfigurable(t *testing.T) {
	// A MitID broker's CPR claim: a string that keeps its leading zero.
	idp, p := setup(t, func(c *citizenauth.Config) { c.NINClaim = "dk:cpr" })
	idp.NINClaim = "dk:cpr"
	idp.LogInAs("0101801234")
	code, _ := login(t, p, "s", "n", "verifier-0123456789-0123456789-0123456789")
	id, err := p.Exchange(ctx, code, "verifier-0123456789-0123456789-0123456789", "n")
	if err != nil || id.NIN != "0101801234" {
		t.Fatalf("Exchange = %+v, %v", id, err)
	}
	// The provider's "pid" is not read when another claim is configured.
	idp.NINClaim = "pid"
	code, _ = login(t, p, "s", "n", "verifier-0123456789-0123456789-0123456789")
	if _, err := p.Exchange(ctx, code, "verifier-0123456789-0123456789-0123456789", "n"); !errors.Is(err, citizenauth.ErrNoNIN) {
		t.Errorf("Exchange with the wrong claim: %v, want ErrNoNIN", err)
	}
}

func TestLogoutURL(t *testing.T) {
	idp, p := setup(t, func(c *citizenauth.Config) { c.PostLogoutURL = "https://torg.example/portal/login" })
	got := p.LogoutURL(ctx, "the-id-token", "st")
	q := mustQuery(t, got)
	if !strings.HasPrefix(got, idp.URL+"/logout?") || q.Get("id_token_hint") != "the-id-token" ||
		q.Get("post_logout_redirect_uri") != "https://torg.example/portal/login" || q.Get("state") != "st" {
		t.Errorf("LogoutURL = %s", got)
	}
	if got := p.LogoutURL(ctx, "", "st"); got != "" {
		t.Errorf("LogoutURL without an ID token = %q", got)
	}
	_, plain := setup(t, nil)
	if got := plain.LogoutURL(ctx, "the-id-token", "st"); got != "" {
		t.Errorf("LogoutURL without a post-logout URL = %q", got)
	}
}

// downFirst fails the first request, as a provider that is unreachable when
// torg starts.
type downFirst struct {
	next   http.RoundTripper
	failed bool
}

func (d *downFirst) RoundTrip(r *http.Request) (*http.Response, error) {
	if !d.failed {
		d.failed = true
		return nil, errors.New("connection refused")
	}
	return d.next.RoundTrip(r)
}

func TestProviderDownThenUp(t *testing.T) {
	idp := idptest.New("torg", "s3cret")
	defer idp.Close()
	c := &http.Client{Transport: &downFirst{next: idp.Client().Transport}}
	p := citizenauth.New(citizenauth.Config{Issuer: idp.URL, ClientID: "torg", RedirectURL: redirect}, c)
	if _, err := p.AuthURL(ctx, "s", "n", "v", ""); err == nil {
		t.Fatal("AuthURL worked with the provider down")
	}
	// The provider is discovered on the next login, once it answers.
	if _, err := p.AuthURL(ctx, "s", "n", "v", ""); err != nil {
		t.Fatal(err)
	}
}

func mustQuery(t *testing.T, s string) url.Values {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
