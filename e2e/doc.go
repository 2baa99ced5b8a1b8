// Package e2e holds torg's browser tests. They start the app in-process on
// 127.0.0.1 with a fresh SQLite database and the demo municipality, drive
// Debian's Chromium through chromedp, and check every page they visit with
// axe-core against WCAG 2.1 A and AA.
//
// The browser is /usr/bin/chromium, or the one TORG_E2E_CHROMIUM names.
// Without TORG_E2E_CHROMIUM the tests skip when Chromium or axe-core
// (e2e/node_modules, from `make deps`) is missing; with it, as `make test`
// sets it, they fail instead.
//
// TORG_SCREENSHOTS=DIR writes full-page PNG screenshots of the main pages to
// DIR, a path relative to the repository root unless absolute; the value 1
// means e2e/screenshots. The README's pictures are made with
//
//	TORG_E2E_CHROMIUM=/usr/bin/chromium TORG_SCREENSHOTS=docs/screenshots go test ./e2e/ -count=1
package e2e
