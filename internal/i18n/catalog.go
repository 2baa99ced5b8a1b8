package i18n

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

//go:embed catalog
var catalogFS embed.FS

// catalogues maps each language to its merged messages, key → message.
type catalogues map[Lang]map[string]string

// embedded loads the embedded catalogues once; they are read-only after.
var embedded = sync.OnceValues(func() (catalogues, error) { return load(catalogFS) })

// mustCatalogues returns the embedded catalogues. A catalogue that does not
// load is a defect in the build, which CheckCatalogues reports in this
// package's tests, so at run time it panics rather than showing no texts.
func mustCatalogues() catalogues {
	c, err := embedded()
	if err != nil {
		panic(err)
	}
	return c
}

// CheckCatalogues reports every problem with the embedded catalogues: files
// that do not load, keys defined twice, keys missing from a language or
// present only in it, empty messages, and placeholders that differ from the
// English message. It returns nil if there are none.
func CheckCatalogues() error {
	c, err := embedded()
	if err != nil {
		return err
	}
	return check(c)
}

// load reads catalog/<lang>/<area>.json from fsys and merges each language's
// areas.
func load(fsys fs.FS) (catalogues, error) {
	files, err := fs.Glob(fsys, "catalog/*/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: list catalogues: %w", err)
	}
	c := catalogues{}
	source := map[Lang]map[string]string{} // key → file that defined it
	var errs []error
	for _, name := range files {
		lang := Lang(path.Base(path.Dir(name)))
		if !slices.Contains(Supported, lang) {
			errs = append(errs, fmt.Errorf("i18n: %s: unsupported language %q", name, lang))
			continue
		}
		msgs, err := readArea(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if c[lang] == nil {
			c[lang], source[lang] = map[string]string{}, map[string]string{}
		}
		for k, v := range msgs {
			if first, dup := source[lang][k]; dup {
				errs = append(errs, fmt.Errorf("i18n: %s: key %q is already defined in %s", name, k, first))
				continue
			}
			c[lang][k], source[lang][k] = v, name
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// readArea decodes one area file. It reads token by token because
// encoding/json would silently keep the last of two equal keys.
func readArea(fsys fs.FS, name string) (map[string]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("i18n: %s: want a JSON object of key → message", name)
	}
	msgs := map[string]string{}
	for dec.More() {
		var k, v string
		if err := decodeEntry(dec, &k, &v); err != nil {
			return nil, fmt.Errorf("i18n: %s: offset %d: %w", name, dec.InputOffset(), err)
		}
		if _, dup := msgs[k]; dup {
			return nil, fmt.Errorf("i18n: %s: key %q is defined twice", name, k)
		}
		msgs[k] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("i18n: %s: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("i18n: %s: data after the object", name)
	}
	return msgs, nil
}

// decodeEntry reads one key and its message, which must be a string.
func decodeEntry(dec *json.Decoder, k, v *string) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	*k, _ = t.(string)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("key %q: message must be a string: %w", *k, err)
	}
	return nil
}

// check compares every language with English, the reference catalogue.
func check(c catalogues) error {
	en := c[EN]
	if len(en) == 0 {
		return errors.New("i18n: en: no English catalogue")
	}
	var errs []error
	for _, lang := range Supported {
		msgs := c[lang]
		missing, extra, empty, mismatched := diff(en, msgs)
		errs = appendList(errs, lang, "missing keys", missing)
		errs = appendList(errs, lang, "keys not in en", extra)
		errs = appendList(errs, lang, "empty messages", empty)
		for _, k := range mismatched {
			errs = append(errs, fmt.Errorf("i18n: %s: %s: placeholders %v, but en has %v",
				lang, k, placeholders(msgs[k]), placeholders(en[k])))
		}
	}
	return errors.Join(errs...)
}

// diff returns, in key order, the keys of en missing from msgs, the keys of
// msgs not in en, the empty messages of msgs and the messages whose
// placeholders differ from en's.
func diff(en, msgs map[string]string) (missing, extra, empty, mismatched []string) {
	for _, k := range sortedKeys(en) {
		if _, ok := msgs[k]; !ok {
			missing = append(missing, k)
		}
	}
	for _, k := range sortedKeys(msgs) {
		e, ok := en[k]
		switch {
		case !ok:
			extra = append(extra, k)
		case strings.TrimSpace(msgs[k]) == "":
			empty = append(empty, k)
		case !slices.Equal(placeholders(msgs[k]), placeholders(e)):
			mismatched = append(mismatched, k)
		}
	}
	return missing, extra, empty, mismatched
}

func appendList(errs []error, lang Lang, what string, keys []string) []error {
	if len(keys) == 0 {
		return errs
	}
	return append(errs, fmt.Errorf("i18n: %s: %s: %s", lang, what, strings.Join(keys, ", ")))
}

// placeholderRE matches a placeholder, {name}.
var placeholderRE = regexp.MustCompile(`\{([A-Za-z0-9_]+)\}`)

// placeholders returns the sorted, distinct placeholder names of msg.
func placeholders(msg string) []string {
	var names []string
	for _, m := range placeholderRE.FindAllStringSubmatch(msg, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return slices.Compact(names)
}
