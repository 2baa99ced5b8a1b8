// Package config holds torg's settings: defaults, then an optional JSON
// file, then TORG_* environment variables, each overriding the one before.
// The command line applies its flags on top.
//
// A configuration file names only what differs from the defaults, with the
// JSON names of Config's fields:
//
//	{"addr": "0.0.0.0:8080", "db": "postgres://torg@db.internal/torg", "log_format": "json"}
//
// Each field has an environment variable: TORG_ADDR, TORG_DATA, TORG_DB,
// TORG_DEMO, TORG_LOG_LEVEL, TORG_LOG_FORMAT, TORG_MAX_UPLOAD_MB,
// TORG_SESSION_IDLE_MINUTES, TORG_SESSION_MAX_HOURS and TORG_BASE_URL, and
// so on for the rest (EnvNames lists them all).
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Config is torg's configuration. It is a plain value, passed down from
// main; nothing reads it from a global.
type Config struct {
	Addr               string `json:"addr"`                 // listen address, host:port
	Data               string `json:"data"`                 // data folder: the SQLite file and other local state
	DB                 string `json:"db"`                   // postgres:// URL or SQLite file path; empty means Data/torg.db
	Demo               bool   `json:"demo"`                 // load the synthetic demo municipality at start
	LogLevel           string `json:"log_level"`            // debug, info, warn or error
	LogFormat          string `json:"log_format"`           // text or json
	MaxUploadMB        int    `json:"max_upload_mb"`        // largest accepted document, in MiB
	SessionIdleMinutes int    `json:"session_idle_minutes"` // a session ends after this long unused
	SessionMaxHours    int    `json:"session_max_hours"`    // and after this long in any case
	BaseURL            string `json:"base_url"`             // public URL of the server, if behind a proxy

	// The outbox's real adapters; empty means the embedded default (the
	// channel log). See docs/operator.md, "Timers and the outbox".
	SMSGatewayURL   string `json:"sms_gateway_url"`
	SMSGatewayToken string `json:"sms_gateway_token"` // secret
	SMSSender       string `json:"sms_sender"`
	SMTPAddr        string `json:"smtp_addr"` // host:port
	SMTPFrom        string `json:"smtp_from"`
	SMTPUsername    string `json:"smtp_username"`
	SMTPPassword    string `json:"smtp_password"` // secret

	// The citizen portal's login through an OpenID Connect identity
	// provider (ID-porten, a MitID or BankID broker). Without an issuer the
	// portal has no login but the demo's test identity. See
	// docs/operator.md, "The citizen portal".
	CitizenMunicipality     string `json:"citizen_municipality"` // code; empty: the only municipality
	CitizenOIDCIssuer       string `json:"citizen_oidc_issuer"`
	CitizenOIDCClientID     string `json:"citizen_oidc_client_id"`
	CitizenOIDCClientSecret string `json:"citizen_oidc_client_secret"` // secret
	CitizenOIDCRedirectURL  string `json:"citizen_oidc_redirect_url"`  // empty: base_url + /portal/callback
	CitizenOIDCScopes       string `json:"citizen_oidc_scopes"`        // space-separated
	CitizenOIDCNINClaim     string `json:"citizen_oidc_nin_claim"`     // pid, cpr, dk:cpr, personal_number, ssn …
	CitizenOIDCACRValues    string `json:"citizen_oidc_acr_values"`    // accepted levels, space-separated
	CitizenOIDCName         string `json:"citizen_oidc_name"`          // the login button's name, e.g. ID-porten
	CitizenOIDCLogout       bool   `json:"citizen_oidc_logout"`        // log out at the provider too
}

// Default returns the configuration torg uses when nothing is set.
func Default() Config {
	return Config{
		Addr:               "127.0.0.1:8080",
		Data:               "./data",
		LogLevel:           "info",
		LogFormat:          "text",
		MaxUploadMB:        10,
		SessionIdleMinutes: 30,
		SessionMaxHours:    12,

		CitizenOIDCScopes:   "openid",
		CitizenOIDCNINClaim: "pid",
	}
}

// Load returns the defaults overridden by the JSON file named by file (or,
// if file is empty, by TORG_CONFIG in env), then by the TORG_* variables in
// env, a list of "KEY=value" strings as from os.Environ. The result is
// validated.
func Load(file string, env []string) (Config, error) {
	c := Default()
	if file == "" {
		file = lookup(env, "TORG_CONFIG")
	}
	if file != "" {
		if err := c.readFile(file); err != nil {
			return Config{}, err
		}
	}
	if err := c.applyEnv(env); err != nil {
		return Config{}, err
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// readFile overrides c with the fields set in a JSON file. Unknown fields
// are an error, so that a misspelt setting is not silently ignored.
func (c *Config) readFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return fmt.Errorf("config: %s: %w", name, err)
	}
	return nil
}

// DatabaseURL returns the database to open: DB if set, else the SQLite
// file torg.db in the data folder.
func (c Config) DatabaseURL() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.Data, "torg.db")
}

// IsPostgres reports whether the configured database is PostgreSQL.
func (c Config) IsPostgres() bool { return isPostgresURL(c.DB) }

func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Validate checks every setting and reports the first bad one.
func (c Config) Validate() error {
	for _, check := range []func() error{c.checkAddr, c.checkDB, c.checkLog, c.checkLimits, c.checkBaseURL, c.checkCitizenOIDC} {
		if err := check(); err != nil {
			return fmt.Errorf("config: %w", err)
		}
	}
	return nil
}

func (c Config) checkAddr() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("addr %q: want host:port, such as 127.0.0.1:8080", c.Addr)
	}
	return nil
}

func (c Config) checkDB() error {
	switch {
	case c.DB == "" && strings.TrimSpace(c.Data) == "":
		return errors.New("data: set a data folder or a database URL")
	case strings.Contains(c.DB, "://") && !isPostgresURL(c.DB):
		return fmt.Errorf("db: %q is not a postgres:// URL", Config{DB: c.DB}.Masked().DB)
	}
	return nil
}

func (c Config) checkLog() error {
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log_level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log_format %q: want text or json", c.LogFormat)
	}
	return nil
}

func (c Config) checkLimits() error {
	switch {
	case c.MaxUploadMB < 1 || c.MaxUploadMB > 1024:
		return fmt.Errorf("max_upload_mb %d: want 1 to 1024", c.MaxUploadMB)
	case c.SessionIdleMinutes < 1:
		return fmt.Errorf("session_idle_minutes %d: want at least 1", c.SessionIdleMinutes)
	case c.SessionMaxHours < 1:
		return fmt.Errorf("session_max_hours %d: want at least 1", c.SessionMaxHours)
	case c.SessionIdleMinutes > c.SessionMaxHours*60:
		return fmt.Errorf("session_idle_minutes %d: longer than session_max_hours %d", c.SessionIdleMinutes, c.SessionMaxHours)
	}
	return nil
}

func (c Config) checkBaseURL() error {
	if c.BaseURL == "" {
		return nil
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base_url %q: want an absolute http or https URL", c.BaseURL)
	}
	return nil
}

// CitizenRedirectURL returns the portal's OIDC callback: the configured
// one, else the one under base_url, else "".
func (c Config) CitizenRedirectURL() string {
	if c.CitizenOIDCRedirectURL != "" {
		return c.CitizenOIDCRedirectURL
	}
	if c.BaseURL == "" {
		return ""
	}
	return strings.TrimSuffix(c.BaseURL, "/") + "/portal/callback"
}

// checkCitizenOIDC checks the identity provider's settings when an issuer
// is set. The issuer must be https, but for a provider on this machine.
func (c Config) checkCitizenOIDC() error {
	if c.CitizenOIDCIssuer == "" {
		return nil
	}
	if !secureURL(c.CitizenOIDCIssuer) {
		return fmt.Errorf("citizen_oidc_issuer %q: want an https URL", c.CitizenOIDCIssuer)
	}
	switch {
	case c.CitizenOIDCClientID == "":
		return errors.New("citizen_oidc_client_id: set it with citizen_oidc_issuer")
	case c.CitizenRedirectURL() == "":
		return errors.New("citizen_oidc_redirect_url: set it, or base_url, with citizen_oidc_issuer")
	case !secureURL(c.CitizenRedirectURL()):
		return fmt.Errorf("citizen_oidc_redirect_url %q: want an https URL", c.CitizenRedirectURL())
	case strings.TrimSpace(c.CitizenOIDCNINClaim) == "":
		return errors.New("citizen_oidc_nin_claim: name the claim with the national ID, such as pid")
	}
	return nil
}

// secureURL reports whether s is an absolute https URL, or an http URL of
// this machine (for tests and a provider's local test instance).
func secureURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		h := u.Hostname()
		return h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.")
	}
	return false
}
