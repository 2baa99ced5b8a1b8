package outbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// SMTP sends e-mail through an SMTP server, with STARTTLS when the server
// offers it. Each mail's Message-ID is derived from the message's
// idempotency key, so a receiver that drops duplicates by Message-ID shows
// a message sent twice once. A 5xx reply is a permanent failure; 4xx
// replies and network errors are retried.
type SMTP struct {
	Addr     string        // host:port
	From     string        // the sender's address, for the envelope and the From header
	Auth     smtp.Auth     // nil: no authentication
	TLS      *tls.Config   // for STARTTLS; nil: verify the server as Addr's host
	Hello    string        // the name to greet with; "localhost" if empty
	Timeout  time.Duration // for the whole exchange; 30 seconds if 0
	Clock    torg.Clock    // for the Date header; the system clock if nil
	Insecure bool          // allow Auth without TLS (tests only)
}

// Name returns store.ChannelEmail.
func (*SMTP) Name() string { return store.ChannelEmail }

// Deliver sends msg.
func (s *SMTP) Deliver(ctx context.Context, msg Message) error {
	if _, err := mail.ParseAddress(msg.Recipient); err != nil || strings.ContainsAny(msg.Recipient, "\r\n") {
		return Permanent(fmt.Errorf("smtp: bad recipient address: %v", err))
	}
	body, err := s.compose(msg)
	if err != nil {
		return Permanent(err)
	}
	return smtpError(s.send(ctx, msg.Recipient, body))
}

// send runs one SMTP exchange.
func (s *SMTP) send(ctx context.Context, to string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, orDefaultDuration(s.Timeout, 30*time.Second))
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	host, _, _ := net.SplitHostPort(s.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := s.greet(c, host); err != nil {
		return err
	}
	return transfer(c, s.From, to, body)
}

func (s *SMTP) greet(c *smtp.Client, host string) error {
	if err := c.Hello(orDefaultString(s.Hello, "localhost")); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := s.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: host}
		}
		if err := c.StartTLS(cfg); err != nil {
			return err
		}
	}
	if s.Auth == nil {
		return nil
	}
	if _, isTLS := c.TLSConnectionState(); !isTLS && !s.Insecure {
		return Permanent(errors.New("smtp: refusing to authenticate without TLS"))
	}
	return c.Auth(s.Auth)
}

func transfer(c *smtp.Client, from, to string, body []byte) error {
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// compose returns msg as an RFC 5322 mail in UTF-8 with a quoted-printable
// body.
func (s *SMTP) compose(msg Message) ([]byte, error) {
	if strings.ContainsAny(s.From, "\r\n") {
		return nil, errors.New("smtp: bad sender address")
	}
	clock := s.Clock
	if clock == nil {
		clock = torg.SystemClock{}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: %s\r\n", s.From, msg.Recipient,
		mime.QEncoding.Encode("utf-8", msg.Subject), clock.Now().Format(time.RFC1123Z), MessageID(msg.IdempotencyKey, s.From))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n")
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(msg.Body, "\r\n", "\n"), "\n", "\r\n")))
	w.Close()
	return b.Bytes(), nil
}

// MessageID returns the Message-ID header for an idempotency key: the same
// key always gives the same ID, in the sender's domain.
func MessageID(key, from string) string {
	domain := "torg.invalid"
	if a, err := mail.ParseAddress(from); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" {
			domain = d
		}
	}
	sum := sha256.Sum256([]byte(key))
	return "<" + hex.EncodeToString(sum[:16]) + "@" + domain + ">"
}

// smtpError marks 5xx replies permanent; everything else is retried.
func smtpError(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return Permanent(fmt.Errorf("smtp: %w", err))
	}
	if err != nil && !IsPermanent(err) {
		return fmt.Errorf("smtp: %w", err)
	}
	return err
}

func orDefaultDuration(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func orDefaultString(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
