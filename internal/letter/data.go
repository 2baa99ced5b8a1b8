package letter

import (
	"fmt"
	"strings"
)

// Data is everything a template can merge. It is one fixed type for every
// template so that Lint can check each merge field, such as
// {{.Citizen.Name}}, against it; docs/letters.md describes every field.
//
// Dates, times and amounts print themselves in the letter's language. There
// is deliberately no e-mail address anywhere in Data: letters point to the
// secure message channel (FD2.5).
type Data struct {
	Municipality Municipality // the sender
	Unit         Unit         // the service that sends the letter
	Counsellor   Counsellor   // the responsible counsellor, who signs
	Citizen      Person       // the citizen the case is about
	Recipient    Recipient    // who the letter is addressed to: the citizen or a creditor
	Case         Case
	Today        Date     // the letter's date; required
	Deadline     Date     // a reply deadline, if the letter sets one
	Meeting      Meeting  // the appointment, for invitations and SMS
	Documents    []string // documentation the letter asks for
	Debts        []Debt   // the debt schedule
	Note         string   // a paragraph the counsellor adds, where the template has room for it

	loc locale
}

// Municipality is the sender of a letter.
type Municipality struct {
	Name      string  // e.g. "Torgvik kommune"
	Address   Address // postal address, printed in the letterhead and as return address
	Phone     string  // switchboard
	OrgNumber string  // organisation number
	Web       string  // web site, e.g. "torgvik.kommune.no"
	Country   string  // NO, SE or DK; chooses the currency of amounts
}

// Unit is the municipal service that sends the letter.
type Unit struct {
	Name           string // e.g. "Gjeldsrådgivningstjenesten"
	Phone          string // the service's phone number
	MessageChannel string // the secure message channel, e.g. "eDialog" (FD2.5)
	FrontDesk      string // where citizens deliver papers and use the public PC (DC3.3)
}

// Counsellor is the employee who handles the case and signs the letter.
type Counsellor struct {
	Name  string
	Title string // e.g. "gjeldsrådgiver"
	Phone string // direct line, if any
}

// Person is the citizen a case is about.
type Person struct {
	Name      string
	BirthDate Date
	Address   Address
	// Protected is set for a person with a protected address (NO code 6
	// or 7, SE skyddade personuppgifter, DK adressebeskyttelse). Their
	// address is never merged: Address prints as "Adresse sperret" or its
	// equivalent, so that it cannot reach a creditor.
	Protected bool
}

// Recipient is who a letter is addressed to, printed in the envelope window.
type Recipient struct {
	Name      string
	Attention string // e.g. a department: "Avdeling for inkasso"
	Address   Address
	Reference string // the recipient's reference, printed as "Deres referanse"
}

// Case is the case a letter belongs to.
type Case struct {
	Number   string // the case number, printed as "Vår referanse", e.g. "2026/00123"
	Title    string
	Received Date // when the application was received
}

// Meeting is an appointment with the service.
type Meeting struct {
	Date        Date
	Start       TimeOfDay
	Place       string // e.g. "Innbyggertorget, Rådhusgata 18, 2. etasje"
	Interpreter string // the interpreter's language, in the letter's language; empty if none (DC4.4)
}

// Debt is one line of the debt schedule.
type Debt struct {
	Creditor  string
	Kind      string // e.g. "Forbrukslån", in the letter's language
	Reference string // the creditor's case or account number
	Amount    Amount
}

// DebtTotal returns the sum of the debt schedule.
func (d Data) DebtTotal() Amount {
	var sum int64
	for _, debt := range d.Debts {
		sum += debt.Amount.Minor
	}
	return Amount{Minor: sum, loc: d.loc}
}

// Address is a postal address.
type Address struct {
	Street   string // street or PO box; more lines separated by "\n"
	Postcode string
	City     string
	Country  string // only for an address abroad
}

// Lines returns the address as the lines of an address block.
func (a Address) Lines() []string {
	var out []string
	for _, s := range strings.Split(a.Street, "\n") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if pc := strings.TrimSpace(a.Postcode + " " + a.City); pc != "" {
		out = append(out, pc)
	}
	if a.Country != "" {
		out = append(out, a.Country)
	}
	return out
}

// String returns the address on one line: "Storgata 1, 4612 Torgvik".
func (a Address) String() string { return strings.Join(a.Lines(), ", ") }

// localized returns a copy of d whose dates, times and amounts print in
// lang, with a protected citizen's address replaced by the words for a
// blocked address.
func (d Data) localized(lang string) (Data, error) {
	t, ok := texts[lang]
	if !ok {
		return Data{}, fmt.Errorf("%w: language %q", ErrNotFound, lang)
	}
	loc := locale{lang: lang, country: d.Municipality.Country}
	d.loc = loc
	for _, p := range []*Date{&d.Today, &d.Deadline, &d.Case.Received, &d.Citizen.BirthDate, &d.Meeting.Date} {
		p.loc = loc
	}
	d.Meeting.Start.loc = loc
	d.Debts = append([]Debt(nil), d.Debts...)
	for i := range d.Debts {
		d.Debts[i].Amount.loc = loc
	}
	if d.Citizen.Protected {
		d.Citizen.Address = Address{Street: t.AddressBlocked}
	}
	return d, nil
}
