package outbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/torg-kommune/torg/internal/store"
)

// HTTPSMS sends SMS through an HTTP gateway: a POST of
// {"to": …, "text": …, "id": …} as JSON, where id is the message's
// idempotency key, also sent as the Idempotency-Key header so that the
// gateway can drop a message it has seen. A 2xx answer means sent; 408,
// 429 and 5xx answers and network errors are retried; any other answer is
// a permanent failure.
type HTTPSMS struct {
	URL    string
	Token  string       // sent as "Authorization: Bearer …" if set
	Sender string       // sent as "from" if set
	Client *http.Client // a client with a 30-second timeout if nil
}

// Name returns store.ChannelSMS.
func (*HTTPSMS) Name() string { return store.ChannelSMS }

type smsRequest struct {
	To   string `json:"to"`
	Text string `json:"text"`
	ID   string `json:"id"`
	From string `json:"from,omitempty"`
}

var defaultHTTPClient = &http.Client{Timeout: 30 * time.Second}

// Deliver posts msg to the gateway.
func (s *HTTPSMS) Deliver(ctx context.Context, msg Message) error {
	text := msg.Body
	if text == "" {
		text = msg.Subject
	}
	body, err := json.Marshal(smsRequest{To: msg.Recipient, Text: text, ID: msg.IdempotencyKey, From: s.Sender})
	if err != nil {
		return Permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return Permanent(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", msg.IdempotencyKey)
	if s.Token != "" {
		req.Header.Set("Authorization", "Bearer "+s.Token)
	}
	client := s.Client
	if client == nil {
		client = defaultHTTPClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("sms gateway: %w", err)
	}
	defer resp.Body.Close()
	detail, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	return smsStatus(resp.StatusCode, detail)
}

// smsStatus classifies the gateway's answer.
func smsStatus(code int, detail []byte) error {
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500:
		return fmt.Errorf("sms gateway: %d %s", code, detail)
	default:
		return Permanent(fmt.Errorf("sms gateway: %d %s", code, detail))
	}
}
