package debt

import "github.com/torg-kommune/torg"

// labels are the texts of the spreadsheet and the PDF in one language.
type labels struct {
	SheetDebts, SheetBudget, SheetScenarios string

	Title, Municipality, Unit, CaseNumber, Name, BirthDate, Date, Counsellor, Currency string

	// The claim table's columns, in order.
	Creditor, Kind, Reference, Principal, Interest, Fees, Balance, Monthly, Secured, Collection, Source, AsOf string

	Yes, No, Sum, SumSecured, SumUnsecured, NoClaims string

	Budget, Income, IncomeSum, LivingCost, LivingCostSum, RatesFrom, Expenses, ExpenseSum, Item, Note, Person,
	Age, PerMonth, Reduced, Debtor, Partner, Couple, Child, Capacity, Years, Available, Unsecured, Dividend,
	NoBudget, Distribution, ShareOf, InPeriod string

	Scenarios, Repayment, RepaymentPerMonth, RepaymentMonths, NotPossible, Settlement, LumpSum, Offered, PercentOfDebt, NoLumpSum,
	Refinance, ByCreditor, LoanAmount, Rate, Term, TotalCost, TotalInterest, Replaces, Affordable, NoRefinance string

	Page string // "Side %d av %d"

	Kinds, Sources, BudgetKinds map[string]string
}

// labelsFor returns the labels of lang, or bokmål's for an unknown one.
func labelsFor(lang string) *labels {
	if l, ok := allLabels[lang]; ok {
		return l
	}
	return allLabels["nb"]
}

// label returns the label of a claim kind, source or budget line kind, or the
// code itself for one the table lacks.
func label(m map[string]string, code string) string {
	if s, ok := m[code]; ok {
		return s
	}
	return code
}

var allLabels = map[string]*labels{
	"nb": {
		SheetDebts: "Gjeldsoversikt", SheetBudget: "Budsjett", SheetScenarios: "Scenarier",
		Title: "Gjeldsoversikt", Municipality: "Kommune", Unit: "Enhet", CaseNumber: "Saksnummer", Name: "Navn",
		BirthDate: "Fødselsdato", Date: "Dato", Counsellor: "Gjeldsrådgiver", Currency: "Valuta",
		Creditor: "Kreditor", Kind: "Type", Reference: "Referanse", Principal: "Hovedstol", Interest: "Renter",
		Fees: "Gebyrer", Balance: "Saldo", Monthly: "Terminbeløp", Secured: "Sikret", Collection: "Inkasso",
		Source: "Kilde", AsOf: "Per dato",
		Yes: "Ja", No: "Nei", Sum: "Sum", SumSecured: "Sum sikret gjeld", SumUnsecured: "Sum usikret gjeld",
		NoClaims: "Ingen krav er registrert.",
		Budget:   "Budsjett", Income: "Inntekter (netto per måned)", IncomeSum: "Sum inntekter",
		LivingCost: "Livsopphold", LivingCostSum: "Sum livsopphold", RatesFrom: "Livsoppholdssatser fra",
		Expenses: "Nødvendige utgifter", ExpenseSum: "Sum utgifter", Item: "Post", Note: "Merknad", Person: "Person",
		Age: "Alder", PerMonth: "Per måned", Reduced: "redusert med 20 %", Debtor: "Skyldner",
		Partner: "Ektefelle/samboer", Couple: "Skyldner og forsørget ektefelle/samboer", Child: "Barn",
		Capacity: "Betjeningsevne per måned", Years: "Periode (år)", Available: "Til fordeling i perioden",
		Unsecured: "Usikret gjeld", Dividend: "Dividende", NoBudget: "Budsjett er ikke satt opp.",
		Distribution: "Fordeling til kreditorene", ShareOf: "Andel", InPeriod: "I perioden",
		Scenarios: "Scenarier", Repayment: "Nedbetaling med betjeningsevnen", RepaymentPerMonth: "Nedbetaling per måned", RepaymentMonths: "Måneder",
		NotPossible: "Ikke mulig: ingen betjeningsevne.", Settlement: "Engangsoppgjør", LumpSum: "Engangsbeløp",
		Offered: "Tilbudt", PercentOfDebt: "Prosent av usikret gjeld", NoLumpSum: "Ingen engangssum er oppgitt.",
		Refinance: "Refinansiering", ByCreditor: "Per kreditor", LoanAmount: "Lånebeløp", Rate: "Nominell rente", Term: "Løpetid (år)",
		TotalCost: "Totalt å betale", TotalInterest: "Renter i alt", Replaces: "Erstatter terminbeløp",
		Affordable: "Innenfor betjeningsevnen", NoRefinance: "Ingen refinansiering er beregnet.",
		Page: "Side %d av %d",
		Kinds: map[string]string{
			torg.ClaimConsumerLoan: "Forbrukslån", torg.ClaimCreditCard: "Kredittkort", torg.ClaimMortgage: "Boliglån",
			torg.ClaimCarLoan: "Billån", torg.ClaimStudentLoan: "Studielån", torg.ClaimTax: "Skatt/offentlig",
			torg.ClaimCollection: "Inkassokrav", torg.ClaimInvoice: "Ubetalt regning", torg.ClaimOther: "Annet",
		},
		Sources: map[string]string{
			torg.SourceCitizen: "Innbygger", torg.SourceDebtRegister: "Gjeldsregisteret", torg.SourceCreditor: "Kreditor",
			torg.SourceCollection: "Inkassoregister", torg.SourceTaxReturn: "Skattemelding",
		},
		BudgetKinds: map[string]string{
			torg.IncomeSalary: "Lønn (netto)", torg.IncomeBenefits: "Ytelser fra NAV", torg.IncomeChildBenefit: "Barnetrygd",
			torg.IncomeHousing: "Bostøtte", torg.IncomeSupport: "Bidrag mottatt", torg.IncomeOther: "Annen inntekt",
			torg.ExpenseRent: "Husleie", torg.ExpenseMortgage: "Renter og avdrag boliglån", torg.ExpenseJointCost: "Felleskostnader",
			torg.ExpenseMunicipal: "Kommunale avgifter", torg.ExpenseChildcare: "Barnehage/SFO", torg.ExpenseSupport: "Bidrag betalt",
			torg.ExpenseContact: "Samværsutgifter", torg.ExpenseOther: "Andre nødvendige utgifter",
		},
	},
	"da": {
		SheetDebts: "Gældsoversigt", SheetBudget: "Budget", SheetScenarios: "Scenarier",
		Title: "Gældsoversigt", Municipality: "Kommune", Unit: "Enhed", CaseNumber: "Sagsnummer", Name: "Navn",
		BirthDate: "Fødselsdato", Date: "Dato", Counsellor: "Gældsrådgiver", Currency: "Valuta",
		Creditor: "Kreditor", Kind: "Type", Reference: "Reference", Principal: "Hovedstol", Interest: "Renter",
		Fees: "Gebyrer", Balance: "Saldo", Monthly: "Mdl. ydelse", Secured: "Sikret", Collection: "Inkasso",
		Source: "Kilde", AsOf: "Pr. dato",
		Yes: "Ja", No: "Nej", Sum: "I alt", SumSecured: "Sikret gæld i alt", SumUnsecured: "Usikret gæld i alt",
		NoClaims: "Der er ikke registreret noget krav.",
		Budget:   "Budget", Income: "Indtægter (netto pr. måned)", IncomeSum: "Indtægter i alt",
		LivingCost: "Rådighedsbeløb", LivingCostSum: "Rådighedsbeløb i alt", RatesFrom: "Satser fra",
		Expenses: "Nødvendige udgifter", ExpenseSum: "Udgifter i alt", Item: "Post", Note: "Bemærkning", Person: "Person",
		Age: "Alder", PerMonth: "Pr. måned", Reduced: "nedsat med 20 %", Debtor: "Skyldner",
		Partner: "Ægtefælle/samlever", Couple: "Skyldner og forsørget ægtefælle/samlever", Child: "Barn",
		Capacity: "Betalingsevne pr. måned", Years: "Periode (år)", Available: "Til fordeling i perioden",
		Unsecured: "Usikret gæld", Dividend: "Dividende", NoBudget: "Der er ikke lagt et budget.",
		Distribution: "Fordeling til kreditorerne", ShareOf: "Andel", InPeriod: "I perioden",
		Scenarios: "Scenarier", Repayment: "Afbetaling med betalingsevnen", RepaymentPerMonth: "Afbetaling pr. måned", RepaymentMonths: "Måneder",
		NotPossible: "Ikke muligt: ingen betalingsevne.", Settlement: "Engangsforlig", LumpSum: "Engangsbeløb",
		Offered: "Tilbudt", PercentOfDebt: "Procent af usikret gæld", NoLumpSum: "Der er ikke angivet et engangsbeløb.",
		Refinance: "Refinansiering", ByCreditor: "Pr. kreditor", LoanAmount: "Lånebeløb", Rate: "Nominel rente", Term: "Løbetid (år)",
		TotalCost: "I alt at betale", TotalInterest: "Renter i alt", Replaces: "Erstatter ydelser",
		Affordable: "Inden for betalingsevnen", NoRefinance: "Der er ikke beregnet en refinansiering.",
		Page: "Side %d af %d",
		Kinds: map[string]string{
			torg.ClaimConsumerLoan: "Forbrugslån", torg.ClaimCreditCard: "Kreditkort", torg.ClaimMortgage: "Boliglån",
			torg.ClaimCarLoan: "Billån", torg.ClaimStudentLoan: "Studielån", torg.ClaimTax: "Skat/offentlig",
			torg.ClaimCollection: "Inkassokrav", torg.ClaimInvoice: "Ubetalt regning", torg.ClaimOther: "Andet",
		},
		Sources: map[string]string{
			torg.SourceCitizen: "Borger", torg.SourceDebtRegister: "Gældsregister", torg.SourceCreditor: "Kreditor",
			torg.SourceCollection: "Inkassoregister", torg.SourceTaxReturn: "Selvangivelse",
		},
		BudgetKinds: map[string]string{
			torg.IncomeSalary: "Løn (netto)", torg.IncomeBenefits: "Offentlige ydelser", torg.IncomeChildBenefit: "Børneydelse",
			torg.IncomeHousing: "Boligstøtte", torg.IncomeSupport: "Bidrag modtaget", torg.IncomeOther: "Anden indtægt",
			torg.ExpenseRent: "Husleje", torg.ExpenseMortgage: "Renter og afdrag på boliglån", torg.ExpenseJointCost: "Fællesudgifter",
			torg.ExpenseMunicipal: "Kommunale afgifter", torg.ExpenseChildcare: "Børnehave/SFO", torg.ExpenseSupport: "Bidrag betalt",
			torg.ExpenseContact: "Samværsudgifter", torg.ExpenseOther: "Andre nødvendige udgifter",
		},
	},
	"sv": {
		SheetDebts: "Skuldöversikt", SheetBudget: "Budget", SheetScenarios: "Scenarier",
		Title: "Skuldöversikt", Municipality: "Kommun", Unit: "Enhet", CaseNumber: "Ärendenummer", Name: "Namn",
		BirthDate: "Födelsedatum", Date: "Datum", Counsellor: "Budget- och skuldrådgivare", Currency: "Valuta",
		Creditor: "Borgenär", Kind: "Typ", Reference: "Referens", Principal: "Kapitalbelopp", Interest: "Ränta",
		Fees: "Avgifter", Balance: "Saldo", Monthly: "Månadsbelopp", Secured: "Säkerhet", Collection: "Inkasso",
		Source: "Källa", AsOf: "Per datum",
		Yes: "Ja", No: "Nej", Sum: "Summa", SumSecured: "Summa säkerställda skulder", SumUnsecured: "Summa osäkrade skulder",
		NoClaims: "Inga skulder är registrerade.",
		Budget:   "Budget", Income: "Inkomster (netto per månad)", IncomeSum: "Summa inkomster",
		LivingCost: "Levnadskostnader", LivingCostSum: "Summa levnadskostnader", RatesFrom: "Satser från",
		Expenses: "Nödvändiga utgifter", ExpenseSum: "Summa utgifter", Item: "Post", Note: "Anmärkning", Person: "Person",
		Age: "Ålder", PerMonth: "Per månad", Reduced: "nedsatt med 20 %", Debtor: "Gäldenär",
		Partner: "Make/sambo", Couple: "Gäldenär och försörjd make/sambo", Child: "Barn",
		Capacity: "Betalningsförmåga per månad", Years: "Period (år)", Available: "Att fördela under perioden",
		Unsecured: "Osäkrade skulder", Dividend: "Utdelning", NoBudget: "Ingen budget är upprättad.",
		Distribution: "Fördelning till borgenärerna", ShareOf: "Andel", InPeriod: "Under perioden",
		Scenarios: "Scenarier", Repayment: "Avbetalning med betalningsförmågan", RepaymentPerMonth: "Avbetalning per månad", RepaymentMonths: "Månader",
		NotPossible: "Inte möjligt: ingen betalningsförmåga.", Settlement: "Engångsuppgörelse", LumpSum: "Engångsbelopp",
		Offered: "Erbjudet", PercentOfDebt: "Procent av osäkrade skulder", NoLumpSum: "Inget engångsbelopp är angivet.",
		Refinance: "Refinansiering", ByCreditor: "Per borgenär", LoanAmount: "Lånebelopp", Rate: "Nominell ränta", Term: "Löptid (år)",
		TotalCost: "Totalt att betala", TotalInterest: "Räntor totalt", Replaces: "Ersätter månadsbelopp",
		Affordable: "Inom betalningsförmågan", NoRefinance: "Ingen refinansiering är beräknad.",
		Page: "Sida %d av %d",
		Kinds: map[string]string{
			torg.ClaimConsumerLoan: "Konsumtionslån", torg.ClaimCreditCard: "Kreditkort", torg.ClaimMortgage: "Bolån",
			torg.ClaimCarLoan: "Billån", torg.ClaimStudentLoan: "Studielån", torg.ClaimTax: "Skatt/allmänt mål",
			torg.ClaimCollection: "Inkassokrav", torg.ClaimInvoice: "Obetald faktura", torg.ClaimOther: "Annat",
		},
		Sources: map[string]string{
			torg.SourceCitizen: "Den enskilde", torg.SourceDebtRegister: "Skuldregister", torg.SourceCreditor: "Borgenär",
			torg.SourceCollection: "Inkassoregister", torg.SourceTaxReturn: "Deklaration",
		},
		BudgetKinds: map[string]string{
			torg.IncomeSalary: "Lön (netto)", torg.IncomeBenefits: "Ersättningar", torg.IncomeChildBenefit: "Barnbidrag",
			torg.IncomeHousing: "Bostadsbidrag", torg.IncomeSupport: "Underhållsbidrag mottaget", torg.IncomeOther: "Annan inkomst",
			torg.ExpenseRent: "Hyra", torg.ExpenseMortgage: "Ränta och amortering på bolån", torg.ExpenseJointCost: "Avgift till föreningen",
			torg.ExpenseMunicipal: "Kommunala avgifter", torg.ExpenseChildcare: "Förskola/fritids", torg.ExpenseSupport: "Underhållsbidrag betalt",
			torg.ExpenseContact: "Umgängeskostnader", torg.ExpenseOther: "Andra nödvändiga utgifter",
		},
	},
	"en": {
		SheetDebts: "Debts", SheetBudget: "Budget", SheetScenarios: "Scenarios",
		Title: "Debt schedule", Municipality: "Municipality", Unit: "Unit", CaseNumber: "Case number", Name: "Name",
		BirthDate: "Date of birth", Date: "Date", Counsellor: "Counsellor", Currency: "Currency",
		Creditor: "Creditor", Kind: "Type", Reference: "Reference", Principal: "Principal", Interest: "Interest",
		Fees: "Fees", Balance: "Balance", Monthly: "Monthly", Secured: "Secured", Collection: "Collection",
		Source: "Source", AsOf: "As of",
		Yes: "Yes", No: "No", Sum: "Total", SumSecured: "Secured debt", SumUnsecured: "Unsecured debt",
		NoClaims: "No claims are recorded.",
		Budget:   "Budget", Income: "Income (net per month)", IncomeSum: "Total income",
		LivingCost: "Living costs", LivingCostSum: "Total living costs", RatesFrom: "Living-cost rates from",
		Expenses: "Necessary expenses", ExpenseSum: "Total expenses", Item: "Item", Note: "Note", Person: "Person",
		Age: "Age", PerMonth: "Per month", Reduced: "reduced by 20 %", Debtor: "Debtor",
		Partner: "Spouse/partner", Couple: "Debtor and supported spouse/partner", Child: "Child",
		Capacity: "Debt-servicing capacity per month", Years: "Period (years)", Available: "Available over the period",
		Unsecured: "Unsecured debt", Dividend: "Dividend", NoBudget: "No budget has been made.",
		Distribution: "Distribution to the creditors", ShareOf: "Share", InPeriod: "Over the period",
		Scenarios: "Scenarios", Repayment: "Repayment from the capacity", RepaymentPerMonth: "Repayment per month", RepaymentMonths: "Months",
		NotPossible: "Not possible: no debt-servicing capacity.", Settlement: "One-off settlement", LumpSum: "Lump sum",
		Offered: "Offered", PercentOfDebt: "Percent of unsecured debt", NoLumpSum: "No lump sum has been given.",
		Refinance: "Refinancing", ByCreditor: "By creditor", LoanAmount: "Loan amount", Rate: "Nominal interest", Term: "Term (years)",
		TotalCost: "Total to pay", TotalInterest: "Total interest", Replaces: "Replaces monthly payments",
		Affordable: "Within the capacity", NoRefinance: "No refinancing has been calculated.",
		Page: "Page %d of %d",
		Kinds: map[string]string{
			torg.ClaimConsumerLoan: "Consumer loan", torg.ClaimCreditCard: "Credit card", torg.ClaimMortgage: "Mortgage",
			torg.ClaimCarLoan: "Car loan", torg.ClaimStudentLoan: "Student loan", torg.ClaimTax: "Tax/public claim",
			torg.ClaimCollection: "Debt collection", torg.ClaimInvoice: "Unpaid bill", torg.ClaimOther: "Other",
		},
		Sources: map[string]string{
			torg.SourceCitizen: "Citizen", torg.SourceDebtRegister: "Debt register", torg.SourceCreditor: "Creditor",
			torg.SourceCollection: "Collection register", torg.SourceTaxReturn: "Tax return",
		},
		BudgetKinds: map[string]string{
			torg.IncomeSalary: "Salary (net)", torg.IncomeBenefits: "Benefits", torg.IncomeChildBenefit: "Child benefit",
			torg.IncomeHousing: "Housing benefit", torg.IncomeSupport: "Support received", torg.IncomeOther: "Other income",
			torg.ExpenseRent: "Rent", torg.ExpenseMortgage: "Mortgage interest and repayment", torg.ExpenseJointCost: "Joint costs",
			torg.ExpenseMunicipal: "Municipal charges", torg.ExpenseChildcare: "Childcare", torg.ExpenseSupport: "Support paid",
			torg.ExpenseContact: "Contact costs", torg.ExpenseOther: "Other necessary expenses",
		},
	},
}
