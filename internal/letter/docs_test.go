package letter

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// walkTypes calls fn for every exported field of t and of the structs of
// this package that it holds, with the field's path, such as
// ".Citizen.Address.Street".
func walkTypes(t reflect.Type, prefix string, fn func(path string, typ reflect.Type)) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous {
			continue
		}
		path := prefix + "." + f.Name
		fn(path, f.Type)
		elem := f.Type
		if elem.Kind() == reflect.Slice {
			elem = elem.Elem()
		}
		if elem.Kind() == reflect.Struct && elem.PkgPath() == dataType.PkgPath() {
			walkTypes(elem, path, fn)
		}
	}
}

// TestDocsDescribeEveryMergeField keeps docs/letters.md in step with Data:
// each type has a section "### Name" that names every field.
func TestDocsDescribeEveryMergeField(t *testing.T) {
	src, err := os.ReadFile("../../docs/letters.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	for _, part := range strings.Split(string(src), "\n### ")[1:] {
		title, body, _ := strings.Cut(part, "\n")
		sections[strings.Trim(title, "` ")] = body
	}
	check := func(typ reflect.Type, field string) {
		body, ok := sections[typ.Name()]
		switch {
		case !ok:
			t.Errorf("docs/letters.md has no section ### %s", typ.Name())
		case !strings.Contains(body, "`"+field+"`"):
			t.Errorf("docs/letters.md, ### %s, does not describe `%s`", typ.Name(), field)
		}
	}
	seen := map[reflect.Type]bool{}
	var visit func(typ reflect.Type)
	visit = func(typ reflect.Type) {
		if seen[typ] {
			return
		}
		seen[typ] = true
		walkTypes(typ, "", func(path string, ft reflect.Type) {
			if strings.Count(path, ".") > 1 {
				return // described in the section of its own type
			}
			check(typ, path[1:])
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft.PkgPath() == dataType.PkgPath() {
				visit(ft)
			}
		})
	}
	visit(dataType)
	for typ, methods := range map[reflect.Type][]string{
		dataType: {"DebtTotal"}, reflect.TypeFor[Date](): {"Weekday", "IsZero", "Year", "Month", "Day"},
		reflect.TypeFor[Address](): {"Lines"},
	} {
		for _, m := range methods {
			check(typ, m)
		}
	}
}
