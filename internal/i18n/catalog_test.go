package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestCatalogues(t *testing.T) {
	if err := CheckCatalogues(); err != nil {
		t.Fatal(err)
	}
}

// mapFS returns a file system of catalogue files, path → content.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func TestLoadMergesAreas(t *testing.T) {
	c, err := load(mapFS(map[string]string{
		"catalog/en/common.json": `{"common.save": "Save"}`,
		"catalog/en/desk.json":   `{"desk.title": "Front desk"}`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := c[EN]; len(got) != 2 || got["common.save"] != "Save" || got["desk.title"] != "Front desk" {
		t.Errorf("en = %v, want both areas merged", got)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"key in two areas", map[string]string{
			"catalog/da/common.json": `{"x": "a"}`,
			"catalog/da/desk.json":   `{"x": "b"}`,
		}, `catalog/da/desk.json: key "x" is already defined in catalog/da/common.json`},
		{"key twice in one file", map[string]string{
			"catalog/sv/common.json": `{"x": "a", "x": "b"}`,
		}, `catalog/sv/common.json: key "x" is defined twice`},
		{"unsupported language", map[string]string{
			"catalog/fi/common.json": `{"x": "a"}`,
		}, `unsupported language "fi"`},
		{"message not a string", map[string]string{
			"catalog/en/common.json": `{"x": 1}`,
		}, `key "x": message must be a string`},
		{"not an object", map[string]string{
			"catalog/en/common.json": `["x"]`,
		}, `want a JSON object`},
		{"trailing data", map[string]string{
			"catalog/en/common.json": `{"x": "a"} {}`,
		}, `data after the object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(mapFS(tt.files))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("load: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestCheckReportsWhatIsWrongWhere(t *testing.T) {
	c := catalogues{
		EN: {"a": "A {n}", "b": "B", "c": "C"},
		NB: {"a": "A {n}", "b": "B", "c": "C"},
		DA: {"a": "A {m}", "b": " ", "c": "C", "d": "D"},
		SV: {"a": "A {n} {n}"},
	}
	err := check(c)
	if err == nil {
		t.Fatal("check: no error")
	}
	for _, want := range []string{
		"i18n: da: a: placeholders [m], but en has [n]",
		"i18n: da: empty messages: b",
		"i18n: da: keys not in en: d",
		"i18n: sv: missing keys: b, c",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("check: %v\nwant a line %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "nb") || strings.Contains(err.Error(), "sv: a") {
		t.Errorf("check: %v\nreports a language or key that is right", err)
	}
}

func TestPlaceholders(t *testing.T) {
	got := placeholders("{b} of {a}, {b} again; {not a name} {}")
	if strings.Join(got, ",") != "a,b" {
		t.Errorf("placeholders = %q, want [a b]", got)
	}
}
