package debt

import (
	"testing"

	"github.com/torg-kommune/torg/internal/i18n"
)

func TestMessageKeysInCatalogue(t *testing.T) {
	reasons := []string{"debt.amount_negative", "debt.amount_absurd", "debt.creditor_required", "debt.balance_required",
		"debt.monthly_above_balance", "debt.kind_unknown", "debt.too_long", "debt.source_unknown",
		"rates.valid_from_required", "rates.amount_range"}
	for _, k := range append(MessageKeys, reasons...) {
		if !i18n.Has(k) {
			t.Errorf("%s is not in the i18n catalogues", k)
		}
	}
}
