package config

import (
	"fmt"
	"strconv"
	"strings"
)

// envVar is one TORG_* variable and how it sets its field.
type envVar struct {
	name string
	set  func(string) error
}

// envVars lists the variables Load reads, each bound to a field of c.
func (c *Config) envVars() []envVar {
	return []envVar{
		{"TORG_ADDR", setString(&c.Addr)},
		{"TORG_DATA", setString(&c.Data)},
		{"TORG_DB", setString(&c.DB)},
		{"TORG_DEMO", setBool(&c.Demo)},
		{"TORG_LOG_LEVEL", setString(&c.LogLevel)},
		{"TORG_LOG_FORMAT", setString(&c.LogFormat)},
		{"TORG_MAX_UPLOAD_MB", setInt(&c.MaxUploadMB)},
		{"TORG_SESSION_IDLE_MINUTES", setInt(&c.SessionIdleMinutes)},
		{"TORG_SESSION_MAX_HOURS", setInt(&c.SessionMaxHours)},
		{"TORG_BASE_URL", setString(&c.BaseURL)},
		{"TORG_SMS_GATEWAY_URL", setString(&c.SMSGatewayURL)},
		{"TORG_SMS_GATEWAY_TOKEN", setString(&c.SMSGatewayToken)},
		{"TORG_SMS_SENDER", setString(&c.SMSSender)},
		{"TORG_SMTP_ADDR", setString(&c.SMTPAddr)},
		{"TORG_SMTP_FROM", setString(&c.SMTPFrom)},
		{"TORG_SMTP_USERNAME", setString(&c.SMTPUsername)},
		{"TORG_SMTP_PASSWORD", setString(&c.SMTPPassword)},
		{"TORG_CITIZEN_MUNICIPALITY", setString(&c.CitizenMunicipality)},
		{"TORG_CITIZEN_OIDC_ISSUER", setString(&c.CitizenOIDCIssuer)},
		{"TORG_CITIZEN_OIDC_CLIENT_ID", setString(&c.CitizenOIDCClientID)},
		{"TORG_CITIZEN_OIDC_CLIENT_SECRET", setString(&c.CitizenOIDCClientSecret)},
		{"TORG_CITIZEN_OIDC_REDIRECT_URL", setString(&c.CitizenOIDCRedirectURL)},
		{"TORG_CITIZEN_OIDC_SCOPES", setString(&c.CitizenOIDCScopes)},
		{"TORG_CITIZEN_OIDC_NIN_CLAIM", setString(&c.CitizenOIDCNINClaim)},
		{"TORG_CITIZEN_OIDC_ACR_VALUES", setString(&c.CitizenOIDCACRValues)},
		{"TORG_CITIZEN_OIDC_NAME", setString(&c.CitizenOIDCName)},
		{"TORG_CITIZEN_OIDC_LOGOUT", setBool(&c.CitizenOIDCLogout)},
	}
}

// EnvNames lists the environment variables Load reads, TORG_CONFIG first.
func EnvNames() []string {
	names := []string{"TORG_CONFIG"}
	for _, v := range new(Config).envVars() {
		names = append(names, v.name)
	}
	return names
}

// applyEnv overrides c with the TORG_* variables set in env. An empty
// value counts as unset.
func (c *Config) applyEnv(env []string) error {
	for _, v := range c.envVars() {
		s := lookup(env, v.name)
		if s == "" {
			continue
		}
		if err := v.set(s); err != nil {
			return fmt.Errorf("config: %s: %w", v.name, err)
		}
	}
	return nil
}

// lookup returns the value of key in env ("KEY=value" strings); the last
// one wins, as with exec.Cmd.Env.
func lookup(env []string, key string) string {
	val := ""
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			val = v
		}
	}
	return strings.TrimSpace(val)
}

func setString(p *string) func(string) error {
	return func(s string) error { *p = s; return nil }
}

func setBool(p *bool) func(string) error {
	return func(s string) error {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		*p = b
		return nil
	}
}

func setInt(p *int) func(string) error {
	return func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", s)
		}
		*p = n
		return nil
	}
}
