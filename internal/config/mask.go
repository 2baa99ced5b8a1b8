package config

import (
	"net/url"
	"strings"
)

// masked replaces secrets in printed configuration.
const masked = "xxxxx"

// Masked returns a copy of c that is safe to print: the password in a
// database URL, in the user part or as a password parameter, is replaced.
func (c Config) Masked() Config {
	c.DB = maskURL(c.DB)
	for _, secret := range []*string{&c.SMSGatewayToken, &c.SMTPPassword, &c.CitizenOIDCClientSecret} {
		if *secret != "" {
			*secret = masked
		}
	}
	return c
}

func maskURL(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		// An unparsable URL may still hold a password: show its scheme only.
		scheme, _, _ := strings.Cut(s, "://")
		return scheme + "://" + masked
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), masked)
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", masked)
		u.RawQuery = q.Encode()
	}
	return u.String()
}
