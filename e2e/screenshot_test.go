package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// pngMagic starts every PNG file.
var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// screenshot writes a full-page PNG of the tab to name.png in the folder
// TORG_SCREENSHOTS names, and does nothing when it is unset.
//
// chromedp's FullScreenshot makes a JPEG for any quality under 100, so
// the screenshots use 100, which makes a (lossless) PNG.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	if env.shots == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if !bytes.HasPrefix(buf, pngMagic) {
		b.t.Fatalf("screenshot %s: not a PNG", name)
	}
	if err := os.MkdirAll(env.shots, 0o755); err != nil {
		b.t.Fatal(err)
	}
	file := filepath.Join(env.shots, name+".png")
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", file)
}
