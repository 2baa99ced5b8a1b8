package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/demo"
)

func testConfig(t *testing.T) config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.Data = t.TempDir()
	cfg.Demo = true
	return cfg
}

func TestOpenServeShutdown(t *testing.T) {
	a, err := Open(context.Background(), testConfig(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()

	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz: %s", res.Status)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}

func TestOpenLoadsDemoOnce(t *testing.T) {
	cfg := testConfig(t)
	for range 2 {
		a, err := Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		m, err := a.DB.R().MunicipalityByCode(context.Background(), demo.MunicipalityCode)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := a.DB.R().CountPersons(context.Background(), m.ID); n != 300 {
			t.Errorf("%d demo persons, want 300", n)
		}
		a.Close()
	}
}

func TestOpenBadDatabase(t *testing.T) {
	cfg := config.Default()
	cfg.DB = "postgres://nobody@127.0.0.1:1/none?connect_timeout=1"
	if a, err := Open(context.Background(), cfg, slog.New(slog.DiscardHandler)); err == nil {
		a.Close()
		t.Fatal("Open with an unreachable database succeeded")
	}
}

func TestCasework(t *testing.T) {
	cfg := config.Default()
	cfg.MaxUploadMB, cfg.SessionIdleMinutes, cfg.SessionMaxHours = 3, 5, 2
	c := Casework(cfg)
	if c.MaxUploadBytes != 3<<20 || c.SessionIdle != 5*time.Minute || c.SessionMax != 2*time.Hour {
		t.Errorf("Casework = %+v", c)
	}
}

func TestNewLogger(t *testing.T) {
	cfg := config.Default()
	cfg.LogFormat, cfg.LogLevel = "json", "warn"
	var buf bytes.Buffer
	log := NewLogger(&buf, cfg)
	log.Info("hidden")
	log.Warn("shown", "n", 1)
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil || line["msg"] != "shown" {
		t.Errorf("log output %q: %v", buf.String(), err)
	}
}
