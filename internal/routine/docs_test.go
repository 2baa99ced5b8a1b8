package routine

import (
	"os"
	"strings"
	"testing"
)

// yamlBlocks returns the ```yaml blocks of docs/routines.md.
func yamlBlocks(tb testing.TB) []string {
	tb.Helper()
	src, err := os.ReadFile("../../docs/routines.md")
	if err != nil {
		tb.Fatal(err)
	}
	var blocks []string
	for _, part := range strings.Split(string(src), "```yaml\n")[1:] {
		block, _, _ := strings.Cut(part, "```")
		blocks = append(blocks, block)
	}
	return blocks
}

func TestDocsExamplesWork(t *testing.T) {
	blocks := yamlBlocks(t)
	if len(blocks) != 2 {
		t.Fatalf("docs/routines.md has %d yaml blocks, want the routine and the scenario", len(blocks))
	}
	if errs := Check("docs example", []byte(blocks[0]), KnownTemplates(TemplateNames())); len(errs) > 0 {
		t.Errorf("the routine in docs/routines.md does not lint:\n%v", errs)
	}
	sc, err := ParseScenario([]byte(blocks[1]), oslo)
	if err != nil {
		t.Fatal(err)
	}
	tl := MustSimulate(t, MustSeed(t, "debt_counselling"), sc, MustEnv(t, "2026-12-24"))
	if got := day(only(t, tl, ActSendLetter, "DC2.6-letter").At); got != "2026-12-29" {
		t.Errorf("the docs scenario sends the letter on %s", got)
	}
}
