package letter

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBlocks(t *testing.T) {
	body := `Første avsnitt,
med linjeskift.

## Overskrift
Avsnitt rett under.
- punkt én
- punkt to

| A | B |
| --- | ---: |
| 1 | 2 | 3 |
| 4 |
Etter tabellen.`
	want := []Block{
		{Kind: Paragraph, Lines: []string{"Første avsnitt,", "med linjeskift."}},
		{Kind: Heading, Lines: []string{"Overskrift"}},
		{Kind: Paragraph, Lines: []string{"Avsnitt rett under."}},
		{Kind: List, Lines: []string{"punkt én", "punkt to"}},
		{Kind: Table, Rows: [][]string{{"A", "B"}, {"1", "2 | 3"}, {"4", ""}}, Right: []bool{false, true}},
		{Kind: Paragraph, Lines: []string{"Etter tabellen."}},
	}
	if diff := cmp.Diff(want, Blocks(body)); diff != "" {
		t.Errorf("Blocks (-want +got):\n%s", diff)
	}
}

func TestBlocksTableWithoutDelimiter(t *testing.T) {
	got := Blocks("| a | b |\n| c | d |")
	want := []Block{{Kind: Table, Rows: [][]string{{"a", "b"}, {"c", "d"}}, Right: []bool{false, false}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Blocks (-want +got):\n%s", diff)
	}
}

func TestPreviewEveryLetter(t *testing.T) {
	for _, name := range Names() {
		l := sampleLetter(t, name, "nb")
		subject, blocks, err := Preview(l)
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := Compose(l)
		if len(blocks) == 0 {
			t.Errorf("%s: no blocks", name)
		}
		if s, _, _ := Compose(l); s != subject {
			t.Errorf("%s: preview subject %q, compose %q", name, subject, s)
		}
		// Every word of the body is in some block.
		var text strings.Builder
		for _, b := range blocks {
			text.WriteString(strings.Join(b.Lines, " "))
			for _, r := range b.Rows {
				text.WriteString(strings.Join(r, " "))
			}
		}
		for _, w := range strings.Fields(strings.NewReplacer("##", "", "|", "", "---:", "", "---", "").Replace(body)) {
			if w != "-" && !strings.Contains(text.String(), w) {
				t.Errorf("%s: %q is in no block", name, w)
				break
			}
		}
	}
}
