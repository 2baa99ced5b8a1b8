package e2e

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// axeTimeout bounds one axe-core run; a page of torg takes well under a
// second.
const axeTimeout = 20 * time.Second

// axeRun runs axe-core on the page for the WCAG 2.0 and 2.1 A and AA rules
// and returns the violations, and the rules it could not decide, in a
// shape that is easy to report.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
	resultTypes: ['violations'],
}).then(r => ({
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.length,
		targets: v.nodes.slice(0, 3).map(n => n.target.flat().join(' ')),
		summary: (v.nodes[0] && v.nodes[0].failureSummary) || '',
	})),
	incomplete: r.incomplete.map(v => v.id),
}))`

// axeResult is what axeRun returns.
type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Incomplete []string       `json:"incomplete"`
}

// axeViolation is one failed axe-core rule and the first elements that
// fail it.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Nodes   int      `json:"nodes"`
	Targets []string `json:"targets"`
	Summary string   `json:"summary"`
}

func (v axeViolation) String() string {
	s := fmt.Sprintf("%s [%s] %s — %d element(s): %s", v.ID, v.Impact, v.Help, v.Nodes, strings.Join(v.Targets, " | "))
	if v.Summary != "" {
		s += "\n\t\t" + strings.ReplaceAll(v.Summary, "\n", "\n\t\t")
	}
	return s
}

// checkAccessibility runs axe-core on the page the tab shows and reports
// each WCAG 2.1 A or AA violation as an error, so that a test goes on to
// check the pages after it. axe-core comes in through the DevTools
// protocol, which the page's Content-Security-Policy does not govern: the
// pages themselves run no script.
func (b *tab) checkAccessibility(page string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, axeTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, func(ctx context.Context, t *chromedp.Target) (axeResult, error) {
		if _, err := chromedp.Evaluate[chromedp.Void](env.axe)(ctx, t); err != nil {
			return axeResult{}, fmt.Errorf("inject axe-core: %w", err)
		}
		return chromedp.Evaluate[axeResult](axeRun, chromedp.EvalAwaitPromise)(ctx, t)
	})
	if err != nil {
		b.t.Fatalf("axe-core on %s: %v", page, err)
	}
	for _, v := range res.Violations {
		b.t.Errorf("accessibility: %s (%s): %s", page, b.path(), v)
	}
	if len(res.Incomplete) > 0 {
		b.t.Logf("axe-core could not decide on %s: %s", page, strings.Join(res.Incomplete, ", "))
	}
}
