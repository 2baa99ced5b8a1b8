package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/config"
)

// axePath is axe-core's browser bundle, installed by `make deps`.
const axePath = "node_modules/axe-core/axe.min.js"

// startTimeout bounds the start of the browser, so that a broken Chromium
// fails the tests rather than hanging them.
const startTimeout = 30 * time.Second

// suite is what the tests of the package share: one server, one browser.
type suite struct {
	baseURL  string          // the server, http://127.0.0.1:port
	browser  context.Context // the browser's first tab; tests open their own
	axe      string          // axe-core's source, injected into pages
	shots    string          // where screenshots go; empty: nowhere
	required bool            // TORG_E2E_CHROMIUM is set: fail rather than skip
	skip     string          // why the tests skip, if they do
	err      error           // why the tests cannot run, if they cannot
}

var env suite

func TestMain(m *testing.M) {
	os.Exit(runSuite(m))
}

// runSuite starts the server and the browser, runs the tests and stops
// both. A failure to start is kept in env, for each test to report.
func runSuite(m *testing.M) int {
	chromium, required := chromiumPath()
	env.required = required
	env.shots = screenshotDir(os.Getenv("TORG_SCREENSHOTS"))
	if chromium == "" {
		env.skip = "no Chromium at /usr/bin/chromium and TORG_E2E_CHROMIUM is unset"
		return m.Run()
	}
	if err := env.loadAxe(); err != nil {
		return m.Run()
	}
	stopServer, err := startServer()
	if err != nil {
		env.err = err
		return m.Run()
	}
	defer stopServer()
	stopBrowser, err := startBrowser(chromium)
	if err != nil {
		env.err = err
		return m.Run()
	}
	defer stopBrowser()
	return m.Run()
}

// chromiumPath returns the browser to use and whether the tests must run:
// TORG_E2E_CHROMIUM if set, else Debian's Chromium if installed.
func chromiumPath() (path string, required bool) {
	if p := os.Getenv("TORG_E2E_CHROMIUM"); p != "" {
		return p, true
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", false
	}
	return "", false
}

// screenshotDir resolves TORG_SCREENSHOTS against the repository root, the
// parent of this package's folder, where `go test` runs the tests.
func screenshotDir(v string) string {
	switch {
	case v == "" || v == "0" || v == "false":
		return ""
	case v == "1" || v == "true":
		return "screenshots"
	case filepath.IsAbs(v):
		return v
	}
	return filepath.Join("..", v)
}

// loadAxe reads axe-core. Without it the tests skip, unless they must run.
func (s *suite) loadAxe() error {
	b, err := os.ReadFile(axePath)
	if err != nil {
		err = fmt.Errorf("axe-core: %w (run `make deps` or `cd e2e && npm ci`)", err)
		if s.required {
			s.err = err
		} else {
			s.skip = err.Error()
		}
		return err
	}
	s.axe = string(b)
	return nil
}

// startServer opens the app with the demo municipality in a fresh data
// folder and serves it on a free port of 127.0.0.1.
func startServer() (stop func(), err error) {
	dir, err := os.MkdirTemp("", "torg-e2e-data-")
	if err != nil {
		return nil, err
	}
	cfg := config.Default()
	cfg.Data, cfg.Demo = dir, true
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, cfg, nil)
	if err != nil {
		cancel()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("open app: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		a.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	env.baseURL = "http://" + ln.Addr().String()
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			fmt.Fprintln(os.Stderr, "e2e: serve:", err)
		}
		a.Close()
		os.RemoveAll(dir)
	}, nil
}

// startBrowser starts one headless Chromium for the whole package, with a
// fresh profile and nothing that talks to the network on its own.
func startBrowser(path string) (stop func(), err error) {
	profile, err := os.MkdirTemp("", "torg-e2e-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root in CI
		chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	stop = func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browser) }()
	select {
	case err = <-started:
	case <-time.After(startTimeout):
		err = errors.New("no answer within " + startTimeout.String())
	}
	if err != nil {
		stop()
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	env.browser = browser
	return stop, nil
}

// ready skips or fails t if the suite could not start.
func ready(t *testing.T) {
	t.Helper()
	switch {
	case env.err != nil:
		t.Fatalf("e2e: %v", env.err)
	case env.skip != "":
		t.Skip("e2e: " + env.skip)
	}
}
