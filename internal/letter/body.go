package letter

import (
	"regexp"
	"strings"
)

// BlockKind is the kind of a block of a letter's body.
type BlockKind int

// The kinds of block.
const (
	Paragraph BlockKind = iota // lines of text; a line break within it is kept
	Heading                    // a line that starts with "## "
	List                       // lines that start with "- "
	Table                      // lines that start with "|"
)

// Block is one block of a letter's body: a paragraph, a heading, a list or
// a table.
type Block struct {
	Kind  BlockKind
	Lines []string   // a paragraph's lines, a heading's text or a list's items
	Rows  [][]string // a table's rows, the header first; every row has the header's length
	Right []bool     // for a table, whether each column is right-aligned
}

// delimiterRow matches a table's optional second row, such as
// "| --- | ---: |", whose colons right-align a column.
var delimiterRow = regexp.MustCompile(`^\|?(\s*:?-{3,}:?\s*\|?)+$`)

// Blocks splits a body into blocks. Blank lines separate paragraphs; a
// heading, a list or a table ends the block before it.
func Blocks(body string) []Block {
	var blocks []Block
	open := false // whether the last block takes more lines
	for _, line := range strings.Split(normalize(body), "\n") {
		if strings.TrimSpace(line) == "" {
			open = false
			continue
		}
		kind, text := classify(line)
		if !open || blocks[len(blocks)-1].Kind != kind {
			blocks = append(blocks, Block{Kind: kind})
		}
		blocks[len(blocks)-1].add(text)
		open = kind != Heading
	}
	for i := range blocks {
		blocks[i].finishTable()
	}
	return blocks
}

// classify returns the kind of block a line belongs to and its text.
func classify(line string) (BlockKind, string) {
	t := strings.TrimSpace(line)
	switch {
	case strings.HasPrefix(t, "## "):
		return Heading, strings.TrimSpace(t[3:])
	case strings.HasPrefix(t, "- "):
		return List, strings.TrimSpace(t[2:])
	case strings.HasPrefix(t, "|"):
		return Table, t
	}
	return Paragraph, t
}

// add adds a line to the block.
func (b *Block) add(text string) {
	if b.Kind != Table {
		b.Lines = append(b.Lines, text)
		return
	}
	if len(b.Rows) == 1 && b.Right == nil && delimiterRow.MatchString(text) {
		for _, c := range cells(text) {
			b.Right = append(b.Right, strings.HasSuffix(c, ":") && !strings.HasPrefix(c, ":"))
		}
		return
	}
	b.Rows = append(b.Rows, cells(text))
}

// finishTable gives every row of a table and its alignment the header's
// number of columns, joining surplus cells into the last.
func (b *Block) finishTable() {
	if b.Kind != Table || len(b.Rows) == 0 {
		return
	}
	n := len(b.Rows[0])
	for i, row := range b.Rows {
		switch {
		case len(row) > n:
			row = append(row[:n-1:n-1], strings.Join(row[n-1:], " | "))
		case len(row) < n:
			row = append(row, make([]string, n-len(row))...)
		}
		b.Rows[i] = row
	}
	right := make([]bool, n)
	copy(right, b.Right)
	b.Right = right
}

// cells splits a table row "| a | b |" into its trimmed cells.
func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	row = strings.TrimSuffix(row, "|")
	parts := strings.Split(row, "|")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}
