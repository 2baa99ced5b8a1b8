package app

import (
	"context"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/store"
)

func TestChannels(t *testing.T) {
	cfg := testConfig(t)
	cfg.Demo = false
	a, err := Open(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	kinds := func() map[string]string {
		m := map[string]string{}
		for _, ch := range a.channels(torg.SystemClock{}) {
			switch ch.(type) {
			case *outbox.HTTPSMS:
				m[ch.Name()] = "gateway"
			case *outbox.SMTP:
				m[ch.Name()] = "smtp"
			default:
				m[ch.Name()] = "embedded"
			}
		}
		return m
	}
	if got := kinds(); got[store.ChannelSMS] != "embedded" || got[store.ChannelEmail] != "embedded" || len(got) != 4 {
		t.Errorf("defaults: %v", got)
	}
	a.Config.SMSGatewayURL, a.Config.SMTPAddr = "https://sms.example.org/send", "mail.example.org:587"
	if got := kinds(); got[store.ChannelSMS] != "gateway" || got[store.ChannelEmail] != "smtp" || got[store.ChannelMailbox] != "embedded" {
		t.Errorf("configured: %v", got)
	}
}
