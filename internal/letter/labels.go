package letter

// labels are the fixed words of a letter outside its template: the
// letterhead, the reference block, the signature and the footer.
type labels struct {
	Date           string
	OurRef         string
	YourRef        string
	Officer        string
	Phone          string
	OrgNumber      string
	Regards        string
	Attachments    string
	Approved       string // the note that an electronically approved letter has no signature
	Page           string // "Side %d av %d"
	AddressBlocked string // printed instead of a protected person's address
	Months         [12]string
	Weekdays       [7]string // Sunday first, as time.Weekday
}

// texts holds the labels of every supported language; a test checks that
// none is empty.
var texts = map[string]*labels{
	"nb": {
		Date: "Dato", OurRef: "Vår referanse", YourRef: "Deres referanse", Officer: "Saksbehandler",
		Phone: "Telefon", OrgNumber: "Org.nr.", Regards: "Med vennlig hilsen", Attachments: "Vedlegg",
		Approved:       "Dokumentet er elektronisk godkjent og har derfor ingen håndskreven signatur.",
		Page:           "Side %d av %d",
		AddressBlocked: "Adresse sperret",
		Months: [12]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
			"september", "oktober", "november", "desember"},
		Weekdays: [7]string{"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
	},
	"da": {
		Date: "Dato", OurRef: "Vores reference", YourRef: "Deres reference", Officer: "Sagsbehandler",
		Phone: "Telefon", OrgNumber: "Org.nr.", Regards: "Med venlig hilsen", Attachments: "Bilag",
		Approved:       "Brevet er godkendt elektronisk og har derfor ingen håndskreven underskrift.",
		Page:           "Side %d af %d",
		AddressBlocked: "Adressebeskyttet",
		Months: [12]string{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
			"september", "oktober", "november", "december"},
		Weekdays: [7]string{"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"},
	},
	"sv": {
		Date: "Datum", OurRef: "Vår referens", YourRef: "Er referens", Officer: "Handläggare",
		Phone: "Telefon", OrgNumber: "Org.nr", Regards: "Med vänliga hälsningar", Attachments: "Bilagor",
		Approved:       "Dokumentet är elektroniskt godkänt och saknar därför namnunderskrift.",
		Page:           "Sida %d av %d",
		AddressBlocked: "Skyddad adress",
		Months: [12]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
			"september", "oktober", "november", "december"},
		Weekdays: [7]string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
	},
	"en": {
		Date: "Date", OurRef: "Our reference", YourRef: "Your reference", Officer: "Case officer",
		Phone: "Telephone", OrgNumber: "Org. no.", Regards: "Kind regards", Attachments: "Enclosures",
		Approved:       "This letter has been approved electronically and therefore has no handwritten signature.",
		Page:           "Page %d of %d",
		AddressBlocked: "Address withheld",
		Months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August",
			"September", "October", "November", "December"},
		Weekdays: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	},
}

// langs are the supported languages, in the order the UI lists them.
var langs = []string{"nb", "da", "sv", "en"}

// Langs returns the languages every template exists in.
func Langs() []string { return append([]string(nil), langs...) }
