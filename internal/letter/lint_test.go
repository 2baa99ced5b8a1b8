package letter

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"text/template"
)

func TestLintBuiltinTemplates(t *testing.T) {
	for _, err := range Lint() {
		t.Error(err)
	}
}

func TestLintUnknownMergeField(t *testing.T) {
	// The unknown field hides in a branch that sample data does not take;
	// lint finds it anyway, with the file and line.
	errs := LintFS(os.DirFS("testdata/broken"))
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
	}
	msg := errs[0].Error()
	for _, want := range []string{"nb/ukjent_felt.tmpl:8", "unknown merge field .Citizen.Adress", "letter.Person"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if _, err := Load(os.DirFS("testdata/broken")); err == nil {
		t.Error("Load accepted a template with an unknown merge field")
	}
}

// mapFS returns a file system with a template in every language, body
// replacing the body of the one in lang.
func mapFS(lang, head, body string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, l := range langs {
		src := "---\ntitle: T\nsubject: S\nto: citizen\n---\nHei, {{.Citizen.Name}}.\n"
		if l == lang {
			src = head + body
		}
		fsys[l+"/t.tmpl"] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

func TestLintFindsBrokenTemplates(t *testing.T) {
	const letter = "---\ntitle: T\nsubject: S\nto: citizen\n---\n"
	const sms = "---\ntitle: T\nkind: sms\nto: citizen\n---\n"
	tests := []struct {
		name, head, body, want string
	}{
		{"unknown field in range", letter, "{{range .Debts}}{{.Creditr}}{{end}}", "sv/t.tmpl:6:18: unknown merge field .Creditr: letter.Debt"},
		{"unknown field via variable", letter, "{{range $d := .Debts}}{{$d.Amount.Kroner}}{{end}}", "unknown merge field $d.Amount.Kroner"},
		{"unknown field in with", letter, "{{with .Meeting}}{{.Room}}{{end}}", "letter.Meeting has no field or method Room"},
		{"unknown field via root", letter, "{{range .Debts}}{{$.Case.Nummer}}{{end}}", "unknown merge field $.Case.Nummer"},
		{"unknown field in subject", "---\ntitle: T\nsubject: S {{.Saksnummer}}\nto: citizen\n---\n", "x", "sv/t.tmpl:3"},
		{"syntax error", letter, "{{if .Note}}", "sv/t.tmpl:6"},
		{"counsellor e-mail", letter, "{{.Counsellor.Email}}", "unknown merge field .Counsellor.Email"},
		{"hard-coded e-mail", letter, "Skriv til eva.gran@torgvik.kommune.no.", "an e-mail address"},
		{"character the PDF lacks", letter, "Tre prikker … og ŋ", "U+014B"},
		{"SMS outside the GSM alphabet", sms, "Møte – i dag", "U+2013"},
		{"SMS with subject", "---\ntitle: T\nsubject: S\nkind: sms\nto: citizen\n---\n", "x", "an SMS has no subject"},
		{"unknown front matter key", "---\ntitle: T\nsubject: S\nto: citizen\nfrom: us\n---\n", "x", "sv/t.tmpl:5: unknown front matter"},
		{"bad audience", "---\ntitle: T\nsubject: S\nto: everyone\n---\n", "x", "to is citizen or creditor"},
		{"no front matter", "", "Hei", "sv/t.tmpl:1"},
		{"empty body", letter, "\n\n", "the body is empty"},
		{"nested template", letter, `{{define "x"}}y{{end}}{{template "x"}}`, "not supported"},
		{"differs between languages", "---\ntitle: T\nsubject: S\nto: citizen\neditable: true\n---\n", "x", "differ from"},
		{"bad step", "---\ntitle: T\nsubject: S\nto: citizen\nsteps: DC2.x\n---\n", "x", "not a routine step ID"},
		{"index out of range on empty data", letter, "{{index .Documents 0}}", "index out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := LintFS(mapFS("sv", tt.head, tt.body))
			var all []string
			for _, e := range errs {
				all = append(all, e.Error())
			}
			if !strings.Contains(strings.Join(all, "\n"), tt.want) {
				t.Errorf("errors %q lack %q", all, tt.want)
			}
		})
	}
}

func TestLintMissingLanguage(t *testing.T) {
	fsys := mapFS("", "", "")
	delete(fsys, "da/t.tmpl")
	fsys["fi/t.tmpl"] = &fstest.MapFile{Data: []byte("---\ntitle: T\nsubject: S\nto: citizen\n---\nx")}
	got := ""
	for _, e := range LintFS(fsys) {
		got += e.Error() + "\n"
	}
	for _, want := range []string{"da/t.tmpl: missing", "fi/t.tmpl: not a template"} {
		if !strings.Contains(got, want) {
			t.Errorf("errors %q lack %q", got, want)
		}
	}
}

func TestCheckFieldsAcceptsValidTemplates(t *testing.T) {
	for _, src := range []string{
		`{{.Citizen.Address.Lines}} {{index .Documents 0}} {{len .Debts}} {{printf "%s" .Case.Number}}`,
		`{{range $i, $d := .Debts}}{{$i}} {{$d.Amount.Minor}} {{$.Unit.Name}}{{end}}`,
		`{{with $m := .Meeting}}{{.Date.Weekday}} {{$m.Start.Hour}}{{else}}{{.Note}}{{end}}`,
		`{{if and .Note (not .Deadline.IsZero)}}{{.Deadline.Year}}{{end}} {{.DebtTotal.Minor}}`,
		`{{$x := .Citizen}}{{if true}}{{$x = .Recipient}}{{end}}{{range .Documents}}{{.}}{{end}}`,
	} {
		tt := template.Must(template.New("t").Parse(src))
		if errs := checkFields(tt); len(errs) > 0 {
			t.Errorf("%s: %v", src, errs)
		}
	}
}
