package app

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

// The access policy: for every route of the web interface, the server and
// the API, what each role may do with its own unit's case, another unit's
// case and a protected person's case in its own unit. The table is
// testdata/access.tsv; TestAccessMatrix checks every cell against the
// running server and docs/access.md is its rendering.

var updateAccessDoc = flag.Bool("update", false, "rewrite docs/access.md from testdata/access.tsv")

const (
	accessTable = "testdata/access.tsv"
	accessDoc   = "../../docs/access.md"
)

// accessRole is a column of the table: a demo login, and the unit whose
// cases are its own.
type accessRole struct {
	name, user, home string
	about            string
}

// accessRoles are the roles the table judges, in its column order. The
// desk, the debt counsellor and the leader have the debt unit as their
// own; the two social-services counsellors theirs; the administrator is in
// no unit, and the debt unit stands for "own". "anon" has no session.
var accessRoles = []accessRole{
	{"desk", "skranke", "debt", "front desk (units desk, debt), no clearance"},
	{"counsellor", "eg", "debt", "counsellor of the debt unit, no clearance"},
	{"leader", "leder", "debt", "leader of the debt and desk units, cleared for kode 6 and 7"},
	{"admin", "admin", "debt", "administrator, in no unit, no clearance"},
	{"fa", "eb", "fa", "counsellor of financial assistance (Ekonomiskt bistånd), no clearance"},
	{"cyf", "bf", "cyf", "counsellor of child, youth and family, cleared for kode 7 only"},
	{"anon", "", "debt", "no session, no token"},
}

// The columns of a role's cell on a route that reads or changes a case or
// a person: the role's own unit's case, another unit's case, a kode 7
// (confidential) and a kode 6 (strictly protected) person's case in the
// role's own unit. A unit route has own and other only.
var accessColumns = []string{"own", "other", "k7", "k6"}

// Outcomes of a cell.
const (
	outAllowed   = 'Y' // 2xx or 3xx, the page or data
	outInvalid   = 'V' // 400, 409 or 422: the request reached the handler, which refused its input; nothing changed
	outNotFound  = 'N' // 404, no personal data in the body; nothing changed
	outForbidden = 'F' // 403: the role may not do this; no personal data; nothing changed
	outLogin     = 'L' // no session: to the login page, or 401 from the API; nothing changed
)

var outcomeWords = map[byte]string{
	outAllowed:   "allowed",
	outInvalid:   "input refused",
	outNotFound:  "404",
	outForbidden: "403",
	outLogin:     "login",
}

// Subjects of a route: what its placeholders stand for.
const (
	subjCase = "case" // a case, or a person, record, claim… of it: cells own/other/k7/k6
	subjUnit = "unit" // a unit: cells own/other
	subjNone = "-"    // no case or person: one cell
)

// accessRow is a line of the table.
type accessRow struct {
	line    int
	method  string
	pattern string // as registered, the API's with its /api/v1 prefix
	subject string
	cells   []string // per role, one outcome letter per column
	note    string
}

func (r accessRow) key() string { return r.method + " " + r.pattern }

func (r accessRow) width() int {
	switch r.subject {
	case subjCase:
		return 4
	case subjUnit:
		return 2
	}
	return 1
}

// loadAccessTable reads and checks the table.
func loadAccessTable(t testing.TB) []accessRow {
	t.Helper()
	data, err := os.ReadFile(accessTable)
	if err != nil {
		t.Fatal(err)
	}
	var rows []accessRow
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3+len(accessRoles) {
			t.Fatalf("%s:%d: %d fields, want %d", accessTable, n, len(f), 3+len(accessRoles))
		}
		r := accessRow{line: n, method: f[0], pattern: f[1], subject: f[2], cells: f[3 : 3+len(accessRoles)]}
		if len(f) > 3+len(accessRoles) {
			r.note = strings.Join(f[3+len(accessRoles):], " ")
		}
		if r.subject != subjCase && r.subject != subjUnit && r.subject != subjNone {
			t.Fatalf("%s:%d: subject %q", accessTable, n, r.subject)
		}
		for i, c := range r.cells {
			if len(c) != r.width() {
				t.Fatalf("%s:%d: %s has %q, want %d outcomes", accessTable, n, accessRoles[i].name, c, r.width())
			}
			for j := range len(c) {
				if _, ok := outcomeWords[c[j]]; !ok {
					t.Fatalf("%s:%d: %s: outcome %q", accessTable, n, accessRoles[i].name, c[j])
				}
			}
		}
		if seen[r.key()] {
			t.Fatalf("%s:%d: %s twice", accessTable, n, r.key())
		}
		seen[r.key()] = true
		rows = append(rows, r)
	}
	return rows
}

// renderAccessDoc renders the table as markdown.
func renderAccessDoc(rows []accessRow) []byte {
	var b bytes.Buffer
	b.WriteString("# Access matrix\n\n")
	b.WriteString("Generated from `internal/app/testdata/access.tsv` by `go test ./internal/app -run AccessMatrix -update`;\n")
	b.WriteString("do not edit. `TestAccessMatrix` makes every request of this table as the role, over the real\n")
	b.WriteString("server (web: session and CSRF token as the forms send them; API: bearer token), and fails when\n")
	b.WriteString("an answer differs from its cell or when a route is registered that the table does not list.\n\n")
	b.WriteString("## Roles\n\n| column | demo login | who |\n|---|---|---|\n")
	for _, r := range accessRoles {
		user := r.user
		if user == "" {
			user = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r.name, user, r.about)
	}
	b.WriteString("\n## Cells\n\n")
	b.WriteString("A route about a case has four outcomes per role: the role's **own** unit's case, **other**:\n")
	b.WriteString("another unit's case, **k7**: a confidential (kode 7) person's case and **k6**: a strictly\n")
	b.WriteString("protected (kode 6) person's case, both in the role's own unit. The case's person, records,\n")
	b.WriteString("documents, claims, appointments, inquiries, letters for pickup, message threads, debt notices\n")
	b.WriteString("and tasks count as the case. A unit route has own and other; a route with neither has one.\n\n")
	b.WriteString("| letter | outcome | checked |\n|---|---|---|\n")
	b.WriteString("| Y | allowed | 2xx or 3xx, not to a login page; a page or JSON about a case shows its person or title |\n")
	b.WriteString("| V | input refused | 400, 409 or 422; no row changed |\n")
	b.WriteString("| N | not found | 404; no row changed |\n")
	b.WriteString("| F | forbidden | 403: the role may not do this; no row changed |\n")
	b.WriteString("| L | login | to a login page, or 401 from the API; no row changed |\n\n")
	b.WriteString("Every answer but Y must hold no personal data of the cell's case (the person's name and national\n")
	b.WriteString("ID, the case's title) unless the table lets the role read that object anyway (its person page,\n")
	b.WriteString("case page, thread, letter for pickup or inquiry). \"No row changed\": every table but the audit\n")
	b.WriteString("log, sessions, tokens and notices has as many rows as before, and the case's own rows are as they\n")
	b.WriteString("were. Most writes are sent with no fields but the CSRF token (web) or `{}` (API), so an allowed\n")
	b.WriteString("write often ends as V; a few carry the fields that get them past the input check (see\n")
	b.WriteString("`writeForms` in access_test.go). A V where the role may not see the case means the input is\n")
	b.WriteString("checked before the access; it must then not tell an existing case from a missing one.\n")
	b.WriteString("Writes that use their object up (a claim deleted, a letter handed over, a notice closed) get a\n")
	b.WriteString("fresh one for each cell.\n\n")
	b.WriteString("| method | route | about |")
	for _, r := range accessRoles {
		b.WriteString(" " + r.name + " |")
	}
	b.WriteString(" note |\n|---|---|---|")
	for range accessRoles {
		b.WriteString("---|")
	}
	b.WriteString("---|\n")
	cells := 0
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | `%s` | %s |", r.method, r.pattern, r.subject)
		for _, c := range r.cells {
			b.WriteString(" " + c + " |")
			cells += len(c)
		}
		fmt.Fprintf(&b, " %s |\n", r.note)
	}
	fmt.Fprintf(&b, "\n%d routes, %d cells.\n", len(rows), cells)
	return b.Bytes()
}

// TestAccessMatrixDoc fails when docs/access.md is not the rendering of
// the table; -update rewrites it.
func TestAccessMatrixDoc(t *testing.T) {
	want := renderAccessDoc(loadAccessTable(t))
	if *updateAccessDoc {
		if err := os.WriteFile(accessDoc, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(accessDoc)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("docs/access.md is out of date with %s (%v): go test ./internal/app -run AccessMatrix -update", accessTable, err)
	}
}
