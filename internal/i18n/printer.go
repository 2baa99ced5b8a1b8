package i18n

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the default zone must load on machines without zoneinfo (distroless, Windows)
)

// Printer renders the texts, dates and numbers of one language. It is
// immutable and safe for concurrent use; make one per request or letter.
type Printer struct {
	lang Lang
	msgs map[string]string // shared with every Printer of lang; never written
	loc  *time.Location
}

// defaultZone is where torg's municipalities are; Oslo, Copenhagen and
// Stockholm keep the same time.
var defaultZone = mustLoadLocation("Europe/Oslo")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("i18n: %v", err))
	}
	return loc
}

// New returns a Printer for l that formats times in Europe/Oslo. It is cheap:
// all Printers share the catalogues, which are loaded on first use. An
// unsupported l gets English, and Lang reports EN.
func New(l Lang) *Printer {
	if !slices.Contains(Supported, l) {
		l = EN
	}
	return &Printer{lang: l, msgs: mustCatalogues()[l], loc: defaultZone}
}

// Lang returns the Printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// In returns a copy of p that formats times in loc.
func (p *Printer) In(loc *time.Location) *Printer {
	q := *p
	q.loc = loc
	return &q
}

// T returns the message for key with its placeholders filled from args,
// which are name, value pairs: p.T("nin.length", "want", 11). Values are
// formatted with fmt.Sprint; format dates and numbers with the Printer first.
// A placeholder without an argument stays as it is, and a missing key comes
// back as "⟦key⟧", so that both show on the page instead of hiding. An
// argument named "reason" whose value is itself a key is that key's
// message: an error can say why in the reader's language (debt.import_line).
func (p *Printer) T(key string, args ...any) string {
	msg, ok := p.msgs[key]
	if !ok {
		return "⟦" + key + "⟧"
	}
	if len(args) < 2 || !strings.Contains(msg, "{") {
		return msg
	}
	return placeholderRE.ReplaceAllStringFunc(msg, func(ph string) string {
		name := ph[1 : len(ph)-1]
		for i := 0; i+1 < len(args); i += 2 {
			if n, ok := args[i].(string); ok && n == name {
				if v, ok := args[i+1].(string); ok && n == "reason" && p.msgs[v] != "" {
					return p.msgs[v]
				}
				return fmt.Sprint(args[i+1])
			}
		}
		return ph
	})
}

// Has reports whether key is in the English catalogue, the reference that
// every other language must match.
func Has(key string) bool {
	_, ok := mustCatalogues()[EN][key]
	return ok
}

// Keys returns the keys of the English catalogue in sorted order.
func Keys() []string { return sortedKeys(mustCatalogues()[EN]) }

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
