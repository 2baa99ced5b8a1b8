// Package debt computes what a debt counselling case needs from its debt
// schedule and household budget: the living-cost amount from the dated
// rate tables (livsoppholdssatser), the debt-servicing capacity
// (betjeningsevne) and dividend, the scenarios for repayment, settlement and
// refinancing (DC6.5, DC6.9). It also reads the citizen's exported
// debt-register files (DC6.1) and writes the schedule as a spreadsheet and a
// PDF (DC6.6). docs/debt.md explains the rules and the file formats.
//
// The package does no input or output of its own beyond the writers it is
// given, and it neither stores nor logs anything.
package debt

// MessageKeys are the i18n keys this package puts in torg.Error.Key, in
// torg.Error.Args "reason" and in Assessment.Warnings, besides the keys of
// torg.Claim.Validate and torg.LivingCostRates.Validate. Each must be in the
// catalogues of all four languages.
var MessageKeys = []string{
	keyImportFormat, keyImportLine, keyImportEmpty, keyImportTooLarge, keyImportAmount, keyImportDate,
	keyImportBool, keyImportType, keyImportNoFigures,
	WarnNoClaims, WarnNoUnsecured, WarnNoIncome, WarnNegativeCapacity, WarnZeroCapacity, WarnFullPayment,
	keyRatesFormat, keyRatesCountry, keyRatesDuplicate, keyRatesWhole, keyRatesEmpty,
}
