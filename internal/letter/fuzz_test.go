package letter

import (
	"bytes"
	"strings"
	"testing"
)

var fuzzLangs = []string{"nb", "da", "sv", "en"}

// FuzzCompose merges every built-in template with arbitrary values in the
// fields a person types (names, addresses, the counsellor's note, the
// documents asked for, creditors) and, where the template allows it, an
// edited body. Composing, previewing
// and printing never panic; a letter that composes also prints as a PDF,
// and an SMS is refused only for its length.
func FuzzCompose(f *testing.F) {
	f.Add(uint8(0), uint8(0), "Åse Kristin Ødegård", "Bjørkeveien 7 B\nH0201", "Du har fortalt at inntekten har gått ned.",
		"Fjordkreditt AS", "Lønnsslipper for januar", "")
	f.Add(uint8(3), uint8(1), "<script>alert(1)</script>", "Gade & Vej 1", "## heading\n- item\n| a | b |\n| 1 | 2 |",
		"O'Brien \"&\" Co", "{{.Citizen.Name}}", "Edited <b>text</b>\n\n- a list")
	f.Add(uint8(7), uint8(2), strings.Repeat("Å", 300), "\x00\t\r\n", "€ – — … “ ” 😀 \u202e", "|", "\n\n\n", "## \n|")
	names := Names()
	if len(names) == 0 {
		f.Fatal("no built-in templates")
	}
	f.Fuzz(func(t *testing.T, ti, li uint8, name, street, note, creditor, doc, edited string) {
		tmpl, ok := Lookup(names[int(ti)%len(names)], fuzzLangs[int(li)%len(fuzzLangs)])
		if !ok {
			t.Fatalf("template %s missing in a language", names[int(ti)%len(names)])
		}
		d := Sample(tmpl.To)
		d.Citizen.Name, d.Citizen.Address.Street, d.Note = name, street, note
		d.Recipient.Name, d.Recipient.Address.Street = creditor, street
		d.Documents = append(d.Documents, doc)
		d.Debts[0].Creditor, d.Counsellor.Name = creditor, name
		l := &Letter{Template: tmpl.Name, Lang: tmpl.Lang, Data: d}
		if tmpl.Editable {
			l.EditedBody = edited
		}
		_, body, err := Compose(l)
		if err != nil {
			if tmpl.Kind == KindSMS && strings.Contains(err.Error(), "segments") {
				return
			}
			t.Fatalf("%s/%s: compose: %v", tmpl.Lang, tmpl.Name, err)
		}
		if tmpl.Kind == KindSMS {
			return
		}
		if _, _, err := Preview(l); err != nil {
			t.Fatalf("preview fails where compose did not: %v", err)
		}
		Blocks(body)
		pdf, err := PDFRenderer{}.Render(l)
		if err != nil {
			t.Fatalf("%s/%s: a letter that composes does not print: %v", tmpl.Lang, tmpl.Name, err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("Render gave no PDF")
		}
	})
}

// TestRenderBrokenUTF8 prints a letter whose subject and sender end in a
// broken UTF-8 sequence, which once panicked in the PDF's metadata.
func TestRenderBrokenUTF8(t *testing.T) {
	d := Sample(ToCitizen)
	d.Citizen.Name, d.Municipality.Name = "Åse \xf0", "Torgvik \xe2\x82"
	for _, name := range Names() {
		tmpl, _ := Lookup(name, "nb")
		if tmpl.Kind != KindLetter || tmpl.To != ToCitizen {
			continue
		}
		if _, err := (PDFRenderer{}).Render(&Letter{Template: name, Lang: "nb", Data: d}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
