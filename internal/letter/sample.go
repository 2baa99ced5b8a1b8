package letter

import (
	"time"

	"github.com/torg-kommune/torg"
)

// Sample returns synthetic data that sets every merge field, addressed to
// the citizen or, for a creditor letter, to a creditor. Lint merges every
// template with it; the UI can use it to preview a template. The people,
// creditors and municipality are made up (Torgvik kommune is the demo
// municipality).
func Sample(to Audience) Data {
	d := Data{
		Municipality: Municipality{Name: "Torgvik kommune", Phone: "99 01 00 00", OrgNumber: "999 901 234",
			Web: "torgvik.kommune.no", Country: "NO",
			Address: Address{Street: "Postboks 100 Sentrum", Postcode: "9901", City: "Torgvik"}},
		Unit: Unit{Name: "Gjeldsrådgivningstjenesten", Phone: "99 01 23 45", MessageChannel: "eDialog",
			FrontDesk: "Innbyggertorget, Rådhusgata 18"},
		Counsellor: Counsellor{Name: "Eva Gran", Title: "gjeldsrådgiver", Phone: "99 01 23 47"},
		Citizen: Person{Name: "Åse Kristin Ødegård", BirthDate: date(1984, 5, 17),
			Address: Address{Street: "Bjørkeveien 7 B", Postcode: "9905", City: "Torgvik"}},
		Case:     Case{Number: "2026/00123", Title: "Gjeldsrådgivning – Åse Kristin Ødegård", Received: date(2026, 3, 2)},
		Today:    date(2026, 3, 12),
		Deadline: date(2026, 4, 2),
		Meeting: Meeting{Date: date(2026, 3, 24), Start: TimeOfDay{Hour: 10}, Place: "Innbyggertorget, Rådhusgata 18, 2. etasje",
			Interpreter: "arabisk"},
		Documents: []string{"Lønnsslipper for januar og februar 2026", "Kontoutskrifter for de tre siste månedene",
			"Signert fullmakt"},
		Debts: []Debt{
			{Creditor: "Fjordkreditt AS", Kind: "Forbrukslån", Reference: "FK-771203", Amount: Amount{Minor: 8_734_050}},
			{Creditor: "Nordlys Finans ASA", Kind: "Kredittkort", Reference: "4417 0000 1234", Amount: Kroner(23_480)},
			{Creditor: "Inkasso Nord AS", Kind: "Inkassokrav (mobilabonnement)", Reference: "IN-2025-55812",
				Amount: Amount{Minor: 412_375}},
			{Creditor: "Statens innkrevingssentral", Kind: "Restskatt", Reference: "SI-88213", Amount: Kroner(12_960)},
		},
		Note: "Du har fortalt at inntekten din har gått ned etter at du ble sykmeldt i januar. Vi tar hensyn til det i budsjettet.",
	}
	d.Recipient = Recipient{Name: d.Citizen.Name, Address: d.Citizen.Address}
	if to == ToCreditor {
		d.Recipient = Recipient{Name: "Fjordkreditt AS", Attention: "Avdeling for inkasso", Reference: "FK-771203",
			Address: Address{Street: "Postboks 4410 Nydalen", Postcode: "0403", City: "Oslo"}}
	}
	return d
}

// date returns a letter date.
func date(y, m, d int) Date { return DateOf(torg.Date{Year: y, Month: time.Month(m), Day: d}) }
