package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/torg-kommune/torg/internal/demo"
)

// Time limits: a whole test's tab, and one step in it. A step that waits
// for an element that never comes fails after stepTimeout, not at the end.
const (
	tabTimeout  = 90 * time.Second
	stepTimeout = 10 * time.Second
)

// Viewport sizes for the desktop and the mobile screenshots.
const (
	desktopWidth  = 1280
	desktopHeight = 900
	mobileWidth   = 390
	mobileHeight  = 844
)

// tab is a browser tab of one test, in a browser context of its own, so
// that cookies and sessions do not leak between tests.
type tab struct {
	t   *testing.T
	ctx context.Context
}

// newTab opens a tab at the desktop width. It skips or fails t if the
// suite could not start.
func newTab(t *testing.T) *tab {
	t.Helper()
	ready(t)
	ctx, cancel := chromedp.NewContext(env.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first action creates the tab and binds it to ctx; the timeout
	// applies to the actions after it. Tabs in the background have no
	// focus, and :focus styles would not apply without the emulation.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(desktopWidth, desktopHeight), emulateFocus); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	watchConsole(ctx, t)
	ctx, cancelT := context.WithTimeout(ctx, tabTimeout)
	t.Cleanup(cancelT)
	return &tab{t: t, ctx: ctx}
}

// emulateFocus makes the page behave as if its window had the focus.
func emulateFocus(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	return chromedp.Void{}, err
}

// in returns the same tab for a subtest t.
func (b *tab) in(t *testing.T) *tab { return &tab{t: t, ctx: b.ctx} }

// do runs actions, failing the test with what for context.
func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %.60q: %v", expr, err)
	}
	return v
}

// open loads a path of the server and checks the response is 200 OK.
func (b *tab) open(path string) {
	b.t.Helper()
	b.load("GET "+path, http.StatusOK, chromedp.Navigate(env.baseURL+path))
}

// load runs actions that load a page and checks the page's status.
func (b *tab) load(what string, want int64, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, actions...)
	switch {
	case err != nil:
		b.t.Fatalf("%s: %v", what, err)
	case res == nil:
		b.t.Fatalf("%s: no page loaded", what)
	case res.Status != want:
		b.t.Fatalf("%s: %s: status %d %s, want %d", what, res.URL, res.Status, res.StatusText, want)
	}
}

// submit clicks a form's submit button and waits for the next page.
func (b *tab) submit(button string, want int64) {
	b.t.Helper()
	b.load("submit "+button, want, chromedp.Click(chromedp.CSS(button)))
}

// path returns the path of the page the tab shows.
func (b *tab) path() string {
	b.t.Helper()
	return eval[string](b, `location.pathname`)
}

// text returns the text of the first element sel matches, as the reader
// sees it, or "" if there is none.
func (b *tab) text(sel string) string {
	b.t.Helper()
	return eval[string](b, `(document.querySelector(`+jsString(sel)+`)?.innerText ?? "").trim()`)
}

// texts returns the texts of every element sel matches.
func (b *tab) texts(sel string) []string {
	b.t.Helper()
	return eval[[]string](b, `[...document.querySelectorAll(`+jsString(sel)+`)].map(e => e.innerText.trim())`)
}

// kv returns the page's description lists (dl.kv) as term → description.
func (b *tab) kv() map[string]string {
	b.t.Helper()
	return eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll("dl.kv > div")]
		.map(d => [d.querySelector("dt").innerText.trim(), d.querySelector("dd").innerText.trim()]))`)
}

// login logs in on the login page with a demo user's password.
func (b *tab) login(username string) {
	b.t.Helper()
	b.open("/login")
	b.do("fill in the login form",
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), demo.Password),
	)
	b.submit(`form[action="/login"] button[type=submit]`, http.StatusOK)
	if p := b.path(); p == "/login" {
		b.t.Fatalf("log in as %s: still on the login page: %s", username, b.text(".alert, .error-summary"))
	}
}

// logout logs out through the user menu in the header.
func (b *tab) logout() {
	b.t.Helper()
	b.do("open the user menu", chromedp.Click(chromedp.CSS("details.user-menu summary")))
	b.submit(`form[action="/logout"] button[type=submit]`, http.StatusOK)
	if p := b.path(); p != "/login" {
		b.t.Fatalf("log out: on %s, want /login", p)
	}
}

// chooseLanguage switches the language with the form in the header.
func (b *tab) chooseLanguage(lang string) {
	b.t.Helper()
	b.do("choose "+lang, chromedp.SetValue(chromedp.ID("lang-select"), lang))
	b.submit(`form.lang-switch button[type=submit]`, http.StatusOK)
	if got := eval[string](b, `document.documentElement.lang`); got != lang {
		b.t.Fatalf("after choosing %s the page is in %q", lang, got)
	}
}

// cookies returns the browser's cookies for the server, for a plain HTTP
// client that fetches what the browser would download.
func (b *tab) cookies() []*http.Cookie {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{env.baseURL}})
	if err != nil {
		b.t.Fatalf("get cookies: %v", err)
	}
	var out []*http.Cookie
	for _, c := range res.Cookies {
		out = append(out, &http.Cookie{Name: c.Name, Value: c.Value})
	}
	return out
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
