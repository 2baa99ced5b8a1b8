package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/debt"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// maxRatesFile is the largest rate file "rates import" reads; a year's
// tables are a few hundred bytes.
const maxRatesFile = 1 << 20

// rates runs "rates import FILE", which stores living-cost rate tables
// (livsoppholdssatser) from a JSON file (docs/operator.md, "Living-cost
// rates"), and "rates list", which prints the tables in use: those torg
// ships with and those stored, which win on the same country and date.
func (c *cli) rates(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == "list" {
		return c.ratesList(ctx, args[1:])
	}
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(c.stderr, "usage: torg rates import FILE [--data DIR | --db URL]\n       torg rates list [--data DIR | --db URL]")
		return 2
	}
	return c.runImport(ctx, "rates", args, func(ctx context.Context, in io.Reader, db *store.DB) (string, error) {
		data, err := io.ReadAll(io.LimitReader(in, maxRatesFile+1))
		if err != nil {
			return "", err
		}
		if len(data) > maxRatesFile {
			return "", fmt.Errorf("the file is larger than %d bytes", maxRatesFile)
		}
		rs, err := debt.ParseRates(data)
		if err != nil {
			return "", explain(err)
		}
		if err := casework.New(db, torg.SystemClock{}, casework.DefaultConfig()).ImportLivingCostRates(ctx, rs); err != nil {
			return "", explain(err)
		}
		return ratesSummary(rs), nil
	})
}

// ratesSummary says in one line what an import stored.
func ratesSummary(rs []torg.LivingCostRates) string {
	var tables []string
	for _, r := range rs {
		tables = append(tables, r.Country+" from "+r.ValidFrom.String())
	}
	return fmt.Sprintf("stored %d living-cost rate %s: %s", len(rs), plural(len(rs), "table", "tables"),
		strings.Join(tables, ", "))
}

// ratesList prints the living-cost rate tables in whole kroner a month.
func (c *cli) ratesList(ctx context.Context, args []string) int {
	fs := c.flagSet("rates list", "[--data DIR | --db URL] [--config FILE]")
	cfg, status, ok := c.settingsFor(fs, args, false)
	if !ok {
		return status
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	rs, err := casework.New(db, torg.SystemClock{}, app.Casework(cfg)).LivingCostRates(ctx)
	if err != nil {
		return c.fail(err)
	}
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "country\tvalid from\tsingle\tcohabiting\tsupporting\tchild 0–5\tchild 6–10\tchild 11–14\tchild 15+\t\tsource")
	for _, r := range rs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\t%s\n", r.Country, r.ValidFrom, kroner(r.Single),
			kroner(r.Cohabiting), kroner(r.SupportingPartner), kroner(r.Child0to5), kroner(r.Child6to10),
			kroner(r.Child11to14), kroner(r.Child15Plus), r.Source)
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return 0
}

// kroner prints an amount in whole kroner, with øre only if it has them.
func kroner(m torg.Money) string {
	if m%100 == 0 {
		return fmt.Sprint(int64(m / 100))
	}
	return fmt.Sprintf("%d.%02d", int64(m/100), int64(m%100))
}

// explain turns a torg.Error into its English message for the operator,
// naming the table at fault.
func explain(err error) error {
	e := torg.AsError(err)
	if e == nil {
		return err
	}
	msg := i18n.New(i18n.EN).T(e.Key, e.Args...)
	for i := 0; i+1 < len(e.Args); i += 2 {
		if e.Args[i] == "table" && !strings.Contains(msg, "Table") {
			msg = fmt.Sprintf("table %v: %s", e.Args[i+1], msg)
		}
	}
	if e.Field != "" {
		msg += " (" + e.Field + ")"
	}
	return errors.New(msg)
}
