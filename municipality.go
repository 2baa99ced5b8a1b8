package torg

// Municipality is a tenant: every row in torg belongs to one, so several
// municipalities can share an installation.
type Municipality struct {
	ID       int64
	Code     string // the national municipality number, e.g. "4204"
	Name     string
	Country  string // "NO", "SE" or "DK"
	Language string // default UI and letter language: nb, da, sv or en
	TimeZone string // IANA zone, e.g. "Europe/Oslo"
}

// Unit is a service within a municipality, such as debt counselling or the
// front desk. Cases belong to a unit.
type Unit struct {
	ID             int64
	MunicipalityID int64
	Code           string // short stable name, e.g. "debt"
	Name           string
	InquiryTitle   string   // FD1.2: title of a walk-in inquiry record, e.g. "Gjeldsrådgivningssak"
	Shelf          string   // FD2.4: the post-shelf label for delivered documents
	RequiredDocs   []string // FD2.3: the documentation checklist shown at the desk
	MessageChannel string   // FD2.5: name of the secure message channel, e.g. "eDialog"
	Phone          string   // the number citizens call, printed in letters and SMS, e.g. "38 00 00 00"
}
