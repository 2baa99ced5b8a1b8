package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// watchConsole fails t for each error the browser reports in the tab's
// console while the test runs: an exception, a stylesheet or image that
// failed to load, or something the Content-Security-Policy blocked, such
// as an inline style.
func watchConsole(ctx context.Context, t *testing.T) {
	t.Helper()
	ctx, stop := context.WithCancel(ctx)
	msgs := chromedp.Console(ctx)
	var errs []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range msgs {
			if err != nil {
				return
			}
			if reportable(m) {
				errs = append(errs, strings.TrimPrefix(m.URL+": "+m.String(), ": "))
			}
		}
	}()
	t.Cleanup(func() {
		stop()
		<-done
		for _, e := range errs {
			t.Errorf("browser console: %s", e)
		}
	})
}

// reportable reports whether a console message is an error of the page.
// Network errors count only for /static/: a page's own status is checked
// where it loads (a form with errors is a 422 on purpose), and the
// browser asks for /favicon.ico on its own, which torg does not serve.
func reportable(m chromedp.ConsoleMessage) bool {
	switch {
	case m.IsException():
		return true
	case m.Type != chromedp.ConsoleError:
		return false
	case m.Source == "network":
		return strings.HasPrefix(m.URL, env.baseURL+"/static/")
	}
	return true
}
