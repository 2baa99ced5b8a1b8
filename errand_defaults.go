package torg

import "time"

// Queue services the default errands send counter tickets to. A
// municipality's queue services must have these codes for the defaults'
// counter tickets to work; an admin may change an errand's service.
const (
	ServicePassport = "passport" // passports and MitID
	ServiceCitizen  = "general"  // the other errands at the counter
)

// DefaultErrands is the Danish errand catalogue of a citizen service centre
// (CG5–CG12, domain.md §5). The phone numbers are the authorities'
// published lines at the time of writing; the municipality checks them
// when it takes the catalogue into use.
func DefaultErrands() []*Errand {
	t := func(da, nb, sv, en string) map[string]string {
		return map[string]string{"da": da, "nb": nb, "sv": sv, "en": en}
	}
	c := func(da, en []string) map[string][]string { return map[string][]string{"da": da, "en": en} }
	all := []string{ChannelSelfService, ChannelSelfServiceHelp, ChannelPaperForm, ChannelCounter}
	return []*Errand{
		{Code: "passport", Titles: t("Pas (voksen)", "Pass (voksen)", "Pass (vuxen)", "Passport (adult)"),
			Channels: []string{ChannelCounter}, ServiceCode: ServicePassport,
			Checklist: c([]string{"Gammelt pas medbringes (ellers dobbelt pris)", "Foto: fotoautomat her eller privat fotograf", "Gyldig legitimation"},
				[]string{"Bring the old passport (else the price doubles)", "Photo: booth on site or a private photographer", "Valid ID"})},
		{Code: ErrandPassportChild, Titles: t("Pas til barn", "Pass til barn", "Pass för barn", "Passport for a child"),
			Channels: []string{ChannelCounter}, ServiceCode: ServicePassport,
			Checklist: c([]string{"Barnet møder personligt", "Er begge forældre til stede?", "Hvis ikke: fælles forældremyndighed? Den fraværende forælders samtykke (underskrift eller digitalt)?", "Mål barnets højde og skriv den på kønummeret", "Foto"},
				[]string{"The child attends in person", "Are both parents present?", "If not: joint custody? The absent parent's consent (signature or digital)?", "Measure the child's height; it goes on the queue ticket", "Photo"})},
		{Code: "mitid", Titles: t("MitID", "MitID", "MitID", "MitID"),
			Channels: []string{ChannelSelfService, ChannelCounter}, NonDigital: ChannelCounter, ServiceCode: ServicePassport,
			Checklist: c([]string{"MitID-appen: scan pas", "Tekniske problemer eller tvivl om borgeren kan få MitID → kønummer", "Pas, EU-kørekort eller opholdskort; ellers to dokumenter med CPR"},
				[]string{"The MitID app: scan the passport", "Technical trouble or doubt about eligibility → queue ticket", "Passport, EU driving licence or residence card; else two documents with the CPR number"})},
		{Code: "moving", Titles: t("Flytning", "Flytting", "Flytt", "Moving"),
			Channels: []string{ChannelSelfService, ChannelSelfServiceHelp, ChannelCounter}, NonDigital: ChannelCounter, ServiceCode: ServiceCitizen,
			Checklist: c([]string{"Digital selvbetjening på borger.dk, senest 5 dage efter flytning", "Skranke: tilflytning fra udlandet, uden fast bopæl, forretningsadresse o.l.", "Vælg læge i samme anmeldelse"},
				[]string{"Digital self-service, within 5 days of moving", "Counter: arrival from abroad, no fixed address, business address and the like", "Choose a doctor in the same report"})},
		{Code: "emigration", Titles: t("Udrejse", "Utvandring", "Utvandring", "Emigration"),
			Channels: []string{ChannelSelfService, ChannelCounter}, NonDigital: ChannelCounter, ServiceCode: ServiceCitizen,
			Checklist: c([]string{"Digital anmeldelse", "Tvivl eller spørgsmål → kønummer"}, []string{"Digital report", "Doubt or questions → queue ticket"})},
		{Code: "doctor", Titles: t("Lægeskift / sundhedskort", "Legebytte / helsekort", "Byte av läkare / hälsokort", "Change of doctor / health card"),
			Channels: []string{ChannelSelfService, ChannelCounter}, NonDigital: ChannelCounter, ServiceCode: ServiceCitizen,
			Checklist: c([]string{"Digitalt på borger.dk", "Ikke digital → skranke (manuel, gebyr)", "Gratis ved flytning, lægens lukning, navneændring, 15 år"},
				[]string{"Digital on borger.dk", "Not digital → counter (manual, fee)", "Free on moving, the doctor closing, a name change, at 15"})},
		{Code: "address", Titles: t("Adresseforespørgsel", "Adresseforespørsel", "Adressförfrågan", "Address inquiry"),
			Channels: []string{ChannelSelfService, ChannelCounter}, NonDigital: ChannelCounter, ServiceCode: ServiceCitizen,
			Checklist: c([]string{"Mindst to af: fulde navn, tidligere adresse, fødselsdato, CPR", "Beskyttede adresser oplyses aldrig", "Ikke digital → skranke (manuel, gebyr)"},
				[]string{"At least two of: full name, previous address, birth date, CPR", "Protected addresses are never given", "Not digital → counter (manual, fee)"})},
		{Code: "tax_preliminary", Titles: t("Forskudsopgørelse", "Forskuddsskatt", "Preliminär skatt", "Preliminary tax assessment"),
			Channels: []string{ChannelSelfService, ChannelCounter}, NonDigital: ChannelCounter, ServiceCode: ServiceCitizen,
			Checklist: c([]string{"Digital → selvbetjening på skat.dk", "Ikke digital → skranke; medarbejderen hjælper med at indtaste beløb"},
				[]string{"Digital → self-service on skat.dk", "Not digital → counter; staff help enter the amounts"})},
		{Code: "tax_annual", Titles: t("Årsopgørelse", "Skatteoppgjør", "Slutlig skatt", "Annual tax statement"),
			Channels: []string{ChannelSelfService, ChannelPhoneAuthority}, NonDigital: ChannelPhoneAuthority, Phone: "72 22 18 18",
			Checklist: c([]string{"Borgeren retter selv ændringer", "Ikke digital → ring til Skattestyrelsen"},
				[]string{"The citizen enters the changes", "Not digital → phone the tax authority"})},
		{Code: "udk_housing", Titles: t("Boligstøtte (Udbetaling Danmark)", "Bostøtte (Udbetaling Danmark)", "Bostadsbidrag (Udbetaling Danmark)", "Housing benefit (Udbetaling Danmark)"),
			Channels: []string{ChannelSelfService, ChannelPhoneAuthority}, NonDigital: ChannelPhoneAuthority, Phone: "70 12 80 63",
			Checklist: c([]string{"Ingen personlig betjening hos Udbetaling Danmark", "Ikke digital → registrér fritagelse og giv telefonnummeret"},
				[]string{"No personal service at Udbetaling Danmark", "Not digital → register the exemption and give the phone number"})},
		{Code: "udk_pension", Titles: t("Pension (Udbetaling Danmark)", "Pensjon (Udbetaling Danmark)", "Pension (Udbetaling Danmark)", "Pension (Udbetaling Danmark)"),
			Channels: []string{ChannelSelfService, ChannelPhoneAuthority}, NonDigital: ChannelPhoneAuthority, Phone: "70 12 80 62",
			Checklist: c([]string{"Ingen personlig betjening hos Udbetaling Danmark", "Ikke digital → registrér fritagelse og giv telefonnummeret"},
				[]string{"No personal service at Udbetaling Danmark", "Not digital → register the exemption and give the phone number"})},
		{Code: "udk_family", Titles: t("Børne- og ungeydelse (Udbetaling Danmark)", "Barnetrygd (Udbetaling Danmark)", "Barnbidrag (Udbetaling Danmark)", "Child benefit (Udbetaling Danmark)"),
			Channels: []string{ChannelSelfService, ChannelPhoneAuthority}, NonDigital: ChannelPhoneAuthority, Phone: "70 12 80 81",
			Checklist: c([]string{"Ingen personlig betjening hos Udbetaling Danmark", "Ikke digital → registrér fritagelse og giv telefonnummeret"},
				[]string{"No personal service at Udbetaling Danmark", "Not digital → register the exemption and give the phone number"})},
		{Code: "exemption", Titles: t("Fritagelse for Digital Post / digital selvbetjening", "Fritak fra digital post / selvbetjening", "Undantag från digital post / självservice", "Exemption from Digital Post / digital self-service"),
			Channels: []string{ChannelCounter, ChannelPaperForm}, ServiceCode: ServiceCitizen,
			Checklist: c([]string{"Personligt fremmøde (eller fuldmagt) med legitimation", "Underskrevet erklæring på tro og love; bevis må ikke kræves"},
				[]string{"Personal attendance (or a power of attorney) with ID", "A signed declaration in good faith; no proof may be demanded"})},
		{Code: "debt_counselling", Titles: t("Gældsrådgivning", "Gjeldsrådgivning", "Skuldrådgivning", "Debt counselling"),
			Channels: []string{ChannelOtherDepartment, ChannelCounter}, ServiceCode: ServiceCitizen,
			Checklist: c([]string{"Henvendelsen registreres (FD1) og går til gældsrådgivningen"}, []string{"The inquiry is registered (FD1) and goes to debt counselling"})},
		{Code: ErrandAppointmentElsewhere, Titles: t("Aftale andetsteds i kommunen", "Avtale et annet sted i kommunen", "Besök på annat ställe i kommunen", "Appointment elsewhere in the municipality"),
			Channels:  []string{ChannelOtherDepartment},
			Checklist: c([]string{"Vis vej til stedet"}, []string{"Show the way"})},
		{Code: "other", Titles: t("Andet", "Annet", "Annat", "Other"), Channels: all, ServiceCode: ServiceCitizen},
	}
}

// DefaultFees are the fees known for the default errands (domain.md §5).
// The passport fees are the 2023 levels; the municipality adds each new
// level with the day it applies from.
func DefaultFees() []Fee {
	d := func(y, m, day int) Date { return Date{y, time.Month(m), day} }
	return []Fee{
		{ErrandCode: "passport", Amount: 89100, ValidFrom: d(2023, 1, 1)},
		{ErrandCode: ErrandPassportChild, Amount: 15000, ValidFrom: d(2023, 1, 1)},
		{ErrandCode: "doctor", Amount: 22500, ValidFrom: d(2024, 1, 1)},
		{ErrandCode: "address", Amount: 9500, ValidFrom: d(2024, 1, 1)},
	}
}
