package letter

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"
)

// PDFRenderer prints letters as A4 PDF for window envelopes, with the
// municipality's letterhead, the recipient's address in the window, the date
// and references, the subject, the body, the counsellor's signature and page
// numbers. The output depends only on the letter: the same letter gives the
// same bytes.
type PDFRenderer struct {
	Set  *Set  // the templates; nil means the built-in ones
	Logo *Logo // a logo for the letterhead; nil prints the name alone
}

// Logo is an image for the letterhead, printed 16 mm high.
type Logo struct {
	Image []byte
	Type  string // "PNG" or "JPG"
}

// Page layout in millimetres. The address window follows DIN 5008 form B,
// which fits the C5 and E65 window envelopes used in the Nordic countries.
const (
	pageW, pageH   = 210.0, 297.0
	marginL        = 25.0
	marginR        = 20.0
	marginT        = 20.0
	marginB        = 25.0
	contentW       = pageW - marginL - marginR
	windowY        = 45.0 // the return address; the recipient follows
	windowW        = 85.0
	refX, refLabel = 125.0, 32.0 // the date and reference block
	subjectY       = 100.0
	font           = "Helvetica"
	bodySize, lh   = 11.0, 5.4 // body font size in points and line height
	blockGap       = 3.0
)

// Render prints a letter as PDF. An SMS template cannot be rendered.
func (r PDFRenderer) Render(l *Letter) ([]byte, error) {
	set := r.Set
	if set == nil {
		var err error
		if set, err = builtin(); err != nil {
			return nil, err
		}
	}
	c, err := set.compose(l)
	if err != nil {
		return nil, err
	}
	if c.tmpl.Kind != KindLetter {
		return nil, fmt.Errorf("letter: %s is an SMS, not a letter", c.tmpl.path)
	}
	// The first pass counts the pages, so that the footer can print the
	// total as plain text, right-aligned, rather than as a placeholder
	// that is replaced after the text has been measured.
	first, err := r.draw(c, 0)
	if err != nil {
		return nil, err
	}
	d, err := r.draw(c, first.f.PageNo())
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("letter: render %s: %w", c.tmpl.path, err)
	}
	return buf.Bytes(), nil
}

// doc is a letter being drawn.
type doc struct {
	f     *fpdf.Fpdf
	c     *composed
	t     *labels
	total int     // pages in all, or 0 while counting
	style string  // the current font style, restored after header and footer
	size  float64 // the current font size
}

// draw draws a letter whose pages number total.
func (r PDFRenderer) draw(c *composed, total int) (*doc, error) {
	d := newDoc(c, total)
	d.f.AddPage()
	if err := d.letterhead(r.Logo); err != nil {
		return nil, err
	}
	d.window()
	d.references()
	d.subject()
	d.blocks(Blocks(c.body))
	if c.tmpl.Signature {
		d.signature()
	}
	d.attachments()
	if err := d.f.Error(); err != nil {
		return nil, fmt.Errorf("letter: render %s: %w", c.tmpl.path, err)
	}
	return d, nil
}

// newDoc starts a PDF whose metadata come from the letter alone: its
// creation date is the letter's date and its catalogues are sorted, so that
// the same letter gives the same bytes.
func newDoc(c *composed, total int) *doc {
	f := fpdf.New("P", "mm", "A4", "")
	d := &doc{f: f, c: c, t: texts[c.tmpl.Lang], total: total}
	f.SetMargins(marginL, marginT, marginR)
	f.SetCellMargin(0)                 // text starts exactly at the margin; tables pad their cells
	f.SetAutoPageBreak(false, marginB) // doc.ensure breaks pages
	f.SetCatalogSort(true)
	f.SetCreationDate(c.data.Today.Time())
	f.SetModificationDate(c.data.Today.Time())
	// fpdf's UTF-16 conversion of the metadata reads past the end of a
	// string that ends in a broken UTF-8 sequence.
	f.SetTitle(strings.ToValidUTF8(c.subject, "\uFFFD"), true)
	f.SetAuthor(strings.ToValidUTF8(c.data.Municipality.Name, "\uFFFD"), true)
	f.SetCreator("torg", false)
	f.SetLang(c.tmpl.Lang)
	f.SetHeaderFuncMode(d.header, true)
	f.SetFooterFunc(d.footer)
	d.font("", bodySize)
	return d
}

// font sets the font style ("", "B", "I") and size in points.
func (d *doc) font(style string, size float64) {
	d.style, d.size = style, size
	d.f.SetFont(font, style, size)
}

// restore sets the font and colour back after the header or footer.
func (d *doc) restore() {
	d.f.SetFont(font, d.style, d.size)
	d.f.SetTextColor(0, 0, 0)
}

// text writes one line of text at x, y in a cell of width w.
func (d *doc) text(x, y, w, h float64, s, align string) {
	d.f.SetXY(x, y)
	d.f.CellFormat(w, h, toCP1252(s), "", 0, align, false, 0, "")
}

// ensure starts a new page unless h millimetres fit above the bottom margin.
func (d *doc) ensure(h float64) {
	if d.f.GetY()+h > pageH-marginB {
		d.f.AddPage()
	}
}

// header prints the sender and reference at the top of every page but the
// first, which has the letterhead.
func (d *doc) header() {
	if d.f.PageNo() == 1 {
		return
	}
	d.f.SetFont(font, "", 8)
	d.f.SetTextColor(90, 90, 90)
	d.text(marginL, 10, contentW/2, 4, d.c.data.Municipality.Name, "L")
	d.text(marginL+contentW/2, 10, contentW/2, 4, d.t.OurRef+": "+d.c.data.Case.Number, "R")
	d.restore()
}

// footer prints the sender and "Side 1 av 2" at the bottom of every page.
func (d *doc) footer() {
	y := pageH - 15
	d.f.SetDrawColor(180, 180, 180)
	d.f.Line(marginL, y-1.5, pageW-marginR, y-1.5)
	d.f.SetFont(font, "", 8)
	d.f.SetTextColor(90, 90, 90)
	sender := strings.Join(nonEmpty(d.c.data.Municipality.Name, d.c.data.Unit.Name), " · ")
	d.text(marginL, y, contentW*0.7, 4, sender, "L")
	d.text(marginL+contentW*0.7, y, contentW*0.3, 4, fmt.Sprintf(d.t.Page, d.f.PageNo(), d.total), "R")
	d.restore()
}

// letterhead prints the logo, the municipality and unit, and the sender's
// address block at the top of the first page.
func (d *doc) letterhead(logo *Logo) error {
	x := marginL
	if logo != nil {
		w, err := d.logo(logo)
		if err != nil {
			return err
		}
		x += w + 4
	}
	m := d.c.data.Municipality
	d.font("B", 15)
	d.text(x, 15, refX-x, 7, m.Name, "L")
	d.font("", 10)
	d.text(x, 22, refX-x, 5, d.c.data.Unit.Name, "L")
	d.font("", 8)
	y := 15.0
	for _, line := range d.senderLines() {
		d.text(refX+10, y, pageW-marginR-refX-10, 3.8, line, "L")
		y += 3.8
	}
	return nil
}

// logo prints the logo at the top left and returns its width.
func (d *doc) logo(l *Logo) (float64, error) {
	const h = 16.0
	info := d.f.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: l.Type}, bytes.NewReader(l.Image))
	if err := d.f.Error(); err != nil || info == nil || info.Height() == 0 {
		return 0, errors.Join(errors.New("letter: the logo cannot be read"), err)
	}
	w := h * info.Width() / info.Height()
	d.f.ImageOptions("logo", marginL, 13, w, h, false, fpdf.ImageOptions{ImageType: l.Type}, 0, "")
	return w, nil
}

// senderLines are the lines of the sender's address block.
func (d *doc) senderLines() []string {
	m := d.c.data.Municipality
	lines := m.Address.Lines()
	if m.Phone != "" {
		lines = append(lines, d.t.Phone+": "+m.Phone)
	}
	if m.OrgNumber != "" {
		lines = append(lines, d.t.OrgNumber+": "+m.OrgNumber)
	}
	return append(lines, nonEmpty(m.Web)...)
}

// window prints the return address and the recipient's address where the
// envelope's window shows them.
func (d *doc) window() {
	m := d.c.data.Municipality
	d.f.SetTextColor(90, 90, 90)
	d.font("", 7)
	ret := strings.Join(nonEmpty(m.Name, m.Address.String()), ", ")
	d.text(marginL, windowY, windowW, 3.5, d.fit(ret, windowW), "L")
	d.f.SetTextColor(0, 0, 0)
	d.font("", 10)
	r := d.c.data.Recipient
	y := windowY + 6
	for _, line := range append(nonEmpty(r.Name, r.Attention), r.Address.Lines()...) {
		d.text(marginL, y, windowW, 4.6, d.fit(line, windowW), "L")
		y += 4.6
	}
}

// references prints the date, our and the recipient's reference and the
// case officer beside the window.
func (d *doc) references() {
	data := d.c.data
	rows := [][2]string{{d.t.Date, data.Today.String()}, {d.t.OurRef, data.Case.Number}}
	if data.Recipient.Reference != "" {
		rows = append(rows, [2]string{d.t.YourRef, data.Recipient.Reference})
	}
	if data.Counsellor.Name != "" {
		rows = append(rows, [2]string{d.t.Officer, data.Counsellor.Name})
	}
	y := windowY + 6
	for _, row := range rows {
		d.font("B", 9)
		d.text(refX, y, refLabel, 4.6, row[0], "L")
		d.font("", 9)
		d.text(refX+refLabel, y, pageW-marginR-refX-refLabel, 4.6, row[1], "L")
		y += 4.6
	}
}

// subject prints the subject in bold and moves below it.
func (d *doc) subject() {
	d.font("B", 12.5)
	d.f.SetXY(marginL, subjectY)
	for _, line := range d.wrap(d.c.subject, contentW) {
		d.text(marginL, d.f.GetY(), contentW, 6.5, line, "L")
		d.f.SetXY(marginL, d.f.GetY()+6.5)
	}
	d.f.SetY(d.f.GetY() + 4)
	d.font("", bodySize)
}

// signature prints the greeting, the counsellor's name, title and unit, and
// the note that the letter is approved electronically.
func (d *doc) signature() {
	data := d.c.data
	lines := nonEmpty(data.Counsellor.Name, data.Counsellor.Title, data.Unit.Name)
	d.ensure(lh*float64(len(lines)+2) + 14)
	y := d.f.GetY() + 3
	d.font("", bodySize)
	d.text(marginL, y, contentW, lh, d.t.Regards, "L")
	y += lh + 6
	for _, line := range lines {
		d.text(marginL, y, contentW, lh, line, "L")
		y += lh
	}
	d.font("I", 8)
	d.f.SetTextColor(90, 90, 90)
	d.text(marginL, y+4, contentW, 4, d.t.Approved, "L")
	d.f.SetXY(marginL, y+8)
	d.f.SetTextColor(0, 0, 0)
	d.font("", bodySize)
}

// attachments lists the documents sent with the letter.
func (d *doc) attachments() {
	list := d.c.tmpl.Attachments
	if len(list) == 0 {
		return
	}
	d.f.SetY(d.f.GetY() + 8)
	d.ensure(lh * float64(len(list)+1))
	d.font("B", 10)
	d.text(marginL, d.f.GetY(), contentW, lh, d.t.Attachments+":", "L")
	d.font("", 10)
	for _, a := range list {
		d.f.SetY(d.f.GetY() + lh)
		d.text(marginL, d.f.GetY(), contentW, lh, a, "L")
	}
	d.font("", bodySize)
}

// nonEmpty returns the strings that are not empty.
func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}
