package app

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/demo"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestAccessMatrix checks every cell of the access policy (access.tsv)
// over the real server: on SQLite every cell, on PostgreSQL a sample
// (every cell with TORG_DRILL_LONG=1, as `make drill` runs it).
func TestAccessMatrix(t *testing.T) {
	rows := loadAccessTable(t)
	t.Run("every route is in the table", func(t *testing.T) {
		routes := allRoutes(t)
		listed := map[string]bool{}
		for _, r := range rows {
			listed[r.key()] = true
			if !slices.Contains(routes, r.key()) {
				t.Errorf("%s:%d: %s is no longer a route", accessTable, r.line, r.key())
			}
		}
		for _, rt := range routes {
			if !listed[rt] {
				t.Errorf("%s is not in %s: add it with its outcome for every role", rt, accessTable)
			}
		}
	})
	if *updateAccessDoc {
		return
	}
	long := os.Getenv("TORG_DRILL_LONG") != ""
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		base, ok := storetest.Dialects()[dialect]
		if !ok {
			continue
		}
		t.Run(dialect, func(t *testing.T) {
			cfg := testConfig(t)
			if dialect == store.Postgres {
				cfg.DB = storetest.URL(t, dialect, base)
			}
			sample := 1
			if dialect == store.Postgres && !long {
				sample = 5
			}
			a, err := Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			raw, err := rawDB(cfg.DatabaseURL(), dialect)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			srv := httptest.NewServer(a.Handler)
			defer srv.Close()
			m := newMatrix(t, a, raw, srv.URL)
			m.run(rows, sample)
		})
	}
}

// rawDB opens a second, read-only handle on the database, to count rows.
func rawDB(dsn, dialect string) (*sql.DB, error) {
	if dialect == store.Postgres {
		return sql.Open("pgx", dsn)
	}
	return sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
}

var (
	anyWebRouteRE = regexp.MustCompile(`\.Handle(?:Func)?\("([A-Z]+) ([^"]+)"`)
	anyAPIRouteRE = regexp.MustCompile(`\{"([A-Z]+)", "([^"]+)"`)
)

// allRoutes reads every route, "METHOD pattern", that the web interface,
// the server and the API register, from their source.
func allRoutes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"../web", "../server", "../api"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, mm := range anyWebRouteRE.FindAllSubmatch(src, -1) {
				out = append(out, string(mm[1])+" "+string(mm[2]))
			}
			if filepath.Base(dir) == "api" {
				for _, mm := range anyAPIRouteRE.FindAllSubmatch(src, -1) {
					out = append(out, string(mm[1])+" /api/v1"+string(mm[2]))
				}
			}
		}
	}
	if len(out) < 100 {
		t.Fatalf("found only %d routes in the source: %v", len(out), out)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// subject is a person with a case and everything the routes reach
// through it.
type subject struct {
	unit                             string
	unitID                           int64
	person                           *torg.Person
	caseID, recordID, docID, claimID int64
	apptID, inquiryID, pickupID      int64
	threadID, msgDocID, noticeID     int64
	taskID, absenceID                int64
	noticeCase                       int64 // the debt notice's own case
	title                            string
}

// needles are what would give the subject away: the person's name and
// national ID, the case's title.
func (s *subject) needles() []string {
	return []string{s.person.FamilyName, s.person.NIN, s.title}
}

// The units of the matrix and the unit that is "other" to each.
var (
	matrixUnits = map[string]string{"debt": "debt", "fa": demo.UnitFinancialAssistance, "cyf": demo.UnitChildYouthFamily}
	otherUnit   = map[string]string{"debt": "fa", "fa": "debt", "cyf": "debt"}
	matrixKinds = map[string]torg.Protection{"plain": torg.ProtectionNone, "k7": torg.ProtectionConfidential,
		"k6": torg.ProtectionStrict}
)

type matrix struct {
	t        *testing.T
	a        *App
	raw      *sql.DB
	base     string
	muniID   int64
	emp      map[string]*torg.Employee
	subjects map[string]map[string]*subject // unit, kind
	tables   []string                       // the tables whose rows a refused request must leave alone
	clients  map[string]*matrixClient
	table    []accessRow
}

// matrixClient is a role's browser and API token.
type matrixClient struct {
	role  accessRole
	c     *http.Client
	csrf  string
	token string
}

func newMatrix(t *testing.T, a *App, raw *sql.DB, base string) *matrix {
	ctx := context.Background()
	m := &matrix{t: t, a: a, raw: raw, base: base, emp: map[string]*torg.Employee{},
		subjects: map[string]map[string]*subject{}, clients: map[string]*matrixClient{}}
	mu, err := a.DB.R().MunicipalityByCode(ctx, demo.MunicipalityCode)
	if err != nil {
		t.Fatal(err)
	}
	m.muniID = mu.ID
	for _, r := range accessRoles {
		if r.user == "" {
			continue
		}
		e, err := a.Service.EmployeeByUsername(ctx, r.user)
		if err != nil {
			t.Fatal(err)
		}
		m.emp[r.user] = e
	}
	// The table's columns rest on who is cleared for what.
	for user, want := range map[string]torg.Protection{"skranke": torg.ProtectionNone, "eg": torg.ProtectionNone,
		"leder": torg.ProtectionStrict, "admin": torg.ProtectionNone, "eb": torg.ProtectionNone, "bf": torg.ProtectionConfidential} {
		if m.emp[user].Clearance != want {
			t.Fatalf("%s has clearance %d, want %d: the demo changed and access.tsv must follow", user, m.emp[user].Clearance, want)
		}
	}
	m.setUp()
	m.tables = m.tableNames()
	for _, r := range accessRoles {
		m.clients[r.name] = m.client(r)
	}
	return m
}

// setUp makes, in each unit of the matrix, a case of an unprotected, a
// kode 7 and a kode 6 person, each with a record and its document, a
// claim, an appointment, an inquiry, a letter for pickup, a message
// thread with an attachment, a debt notice and a task, and an absence of
// the unit's counsellor.
func (m *matrix) setUp() {
	ctx := context.Background()
	t, db := m.t, m.a.DB
	now := time.Now()
	counsellor := map[string]string{"debt": "eg", "fa": "eb", "cyf": "bf"}
	day := 40
	for _, unit := range []string{"debt", "fa", "cyf"} {
		uid := firstUnit(t, db, m.muniID, matrixUnits[unit])
		resp := m.emp[counsellor[unit]]
		m.subjects[unit] = map[string]*subject{}
		for _, kind := range []string{"plain", "k7", "k6"} {
			day++
			s := &subject{unit: unit, unitID: uid}
			name := "Rutenett" + strings.ToUpper(unit[:1]) + unit[1:] + strings.ToUpper(kind[:1]) + kind[1:]
			p := &torg.Person{MunicipalityID: m.muniID, GivenName: "Celle", FamilyName: name, Address: "Matriseveien 4",
				Postcode: "4600", City: "Kristiansand", Protection: matrixKinds[kind], Phone: "+479" + strconv.Itoa(1000000+day)}
			p.NIN = freeNIN(t, db, m.muniID, day-30)
			p.NINCountry, p.NINKind = string(nin.Norway), string(nin.KindFnr)
			n, _ := nin.Parse(p.NIN, nin.Norway, now)
			p.BirthDate = torg.DateOf(n.BirthDate)
			s.person, s.title = p, "Gjeldssak for "+name
			doc := []byte("%PDF-1.4 matrise " + name)
			sum := sha256.Sum256(doc)
			sha := hex.EncodeToString(sum[:])
			err := db.Write(ctx, func(q *store.Q) error {
				rec := *p
				if err := q.CreatePerson(ctx, &rec, now); err != nil {
					return err
				}
				p.ID = rec.ID
				c := &torg.Case{MunicipalityID: m.muniID, UnitID: uid, Type: torg.CaseTypeDebt, Title: s.title,
					ResponsibleID: resp.ID, Status: torg.CaseOpen}
				if err := q.CreateCase(ctx, c, now); err != nil {
					return err
				}
				s.caseID = c.ID
				if err := q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: p.ID, Role: torg.PartyApplicant}); err != nil {
					return err
				}
				if err := q.PutBlob(ctx, sha, doc); err != nil {
					return err
				}
				r := &torg.Record{MunicipalityID: m.muniID, CaseID: c.ID, Type: torg.RecordIncoming, Status: "J",
					Title: "Søknad fra " + name, Correspondent: p.GivenName + " " + name, PersonID: p.ID, CreatedBy: resp.ID,
					Documents: []torg.Document{{SHA256: sha, Filename: "soknad.pdf", MediaType: "application/pdf", Size: int64(len(doc))}}}
				if err := q.CreateRecord(ctx, r, now); err != nil {
					return err
				}
				s.recordID, s.docID = r.ID, r.Documents[0].ID
				cl := &torg.Claim{MunicipalityID: m.muniID, CaseID: c.ID, Kind: torg.ClaimConsumerLoan, Creditor: "Fjordkreditt AS",
					Reference: "REF-" + name, Principal: 10_000_00, Monthly: 500_00}
				if err := q.CreateClaim(ctx, cl, now); err != nil {
					return err
				}
				s.claimID = cl.ID
				b := &torg.Budget{CaseID: c.ID, Household: torg.HouseholdSingle,
					Income:   []torg.BudgetLine{{Kind: torg.IncomeSalary, Monthly: 30_000_00}},
					Expenses: []torg.BudgetLine{{Kind: torg.ExpenseRent, Monthly: 10_000_00}}}
				if err := q.SaveBudget(ctx, m.muniID, b, now); err != nil {
					return err
				}
				start := nextWeekday(now.AddDate(0, 0, 10)).Truncate(24 * time.Hour).Add(9 * time.Hour)
				ap := &torg.Appointment{MunicipalityID: m.muniID, CaseID: c.ID, CounsellorID: resp.ID, Start: start,
					End: start.Add(time.Hour), Place: "Rådhuset", Status: torg.AppointmentBooked}
				if err := q.CreateAppointment(ctx, ap, now); err != nil {
					return err
				}
				s.apptID = ap.ID
				in := &torg.Inquiry{MunicipalityID: m.muniID, UnitID: uid, PersonID: p.ID, Kind: torg.InquiryWalkIn,
					From: torg.FromCitizen, Summary: "Spør om " + name, CaseID: c.ID, RecordID: r.ID, CreatedBy: resp.ID,
					RequestKey: "matrix-inquiry-" + name}
				if err := q.CreateInquiry(ctx, in, now); err != nil {
					return err
				}
				s.inquiryID = in.ID
				pk := &torg.Pickup{MunicipalityID: m.muniID, UnitID: uid, PersonID: p.ID, CaseID: c.ID, ResponsibleID: resp.ID,
					Recipient: torg.FromCitizen, Description: "Brev til " + name, Location: "Hylle 1", PickupBy: now.Add(48 * time.Hour),
					CreatedBy: resp.ID, RequestKey: "matrix-pickup-" + name}
				if err := q.CreatePickup(ctx, pk, now); err != nil {
					return err
				}
				s.pickupID = pk.ID
				th := &torg.Thread{MunicipalityID: m.muniID, UnitID: uid, PersonID: p.ID, Kind: torg.MsgInquiry,
					Subject: "Spørsmål fra " + name, Due: now.Add(72 * time.Hour)}
				if err := q.CreateThread(ctx, th, now); err != nil {
					return err
				}
				s.threadID = th.ID
				msg := &torg.Message{ThreadID: th.ID, FromCitizen: true, Body: "Hei, dette er " + name,
					Documents: []torg.Document{{SHA256: sha, Filename: "vedlegg.pdf", MediaType: "application/pdf", Size: int64(len(doc))}}}
				if err := q.AddMessage(ctx, msg, "", now); err != nil {
					return err
				}
				s.msgDocID = msg.Documents[0].ID
				// A debt notice lives in a case of its own, which closing it closes.
				nc, err := m.noticeCase(ctx, q, s, now)
				if err != nil {
					return err
				}
				dn := &torg.DebtNotice{MunicipalityID: m.muniID, CaseID: nc, PersonID: p.ID, SenderKind: torg.SenderLandlord,
					SenderName: "Bostad AB", Kind: torg.NoticeRent, Amount: 12_000_00, Received: torg.DateOf(now),
					Deadline: torg.DateOf(now.AddDate(0, 0, 14)), Status: torg.NoticeOpen, Note: "Hyresskuld för " + name}
				if err := q.CreateDebtNotice(ctx, dn, now); err != nil {
					return err
				}
				s.noticeID, s.noticeCase = dn.ID, nc
				tk := &torg.Task{MunicipalityID: m.muniID, UnitID: uid, CaseID: c.ID, RecordID: r.ID, AssigneeID: resp.ID,
					Title: "Følg opp " + name, Due: torg.DateOf(now.AddDate(0, 0, 3)), CreatedBy: resp.ID}
				if err := q.CreateTask(ctx, tk, now); err != nil {
					return err
				}
				s.taskID = tk.ID
				ab := &store.Absence{EmployeeID: resp.ID, Kind: "sick", From: torg.DateOf(start), To: torg.DateOf(start),
					CreatedBy: resp.ID}
				if err := q.AddAbsence(ctx, ab, now); err != nil {
					return err
				}
				s.absenceID = ab.ID
				return nil
			})
			if err != nil {
				t.Fatalf("%s %s: %v", unit, kind, err)
			}
			m.subjects[unit][kind] = s
		}
	}
}

// noticeCase makes a debt notice case of the subject's person in its unit.
func (m *matrix) noticeCase(ctx context.Context, q *store.Q, s *subject, now time.Time) (int64, error) {
	c := &torg.Case{MunicipalityID: m.muniID, UnitID: s.unitID, Type: torg.CaseTypeDebtNotice,
		Title: "Skuldnotis för " + s.person.FamilyName, Status: torg.CaseOpen}
	if err := q.CreateCase(ctx, c, now); err != nil {
		return 0, err
	}
	return c.ID, q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: s.person.ID, Role: torg.PartyApplicant})
}

// tableNames lists the tables a refused request must leave as they were:
// all but the audit log and the session and notice bookkeeping, which a
// request may touch whatever its outcome.
func (m *matrix) tableNames() []string {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if m.a.DB.Dialect() == store.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := m.raw.Query(q)
	if err != nil {
		m.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			m.t.Fatal(err)
		}
		if strings.Contains(n, "audit") || strings.Contains(n, "session") || n == "api_tokens" || n == "notices" ||
			n == "schema_migrations" || n == "login_flows" {
			continue
		}
		out = append(out, n)
	}
	if len(out) < 20 {
		m.t.Fatalf("only %d tables: %v", len(out), out)
	}
	sort.Strings(out)
	return out
}

// state is a fingerprint of the database: every table's row count and
// the rows of the subject s.
func (m *matrix) state(s *subject) string {
	var b strings.Builder
	for _, tb := range m.tables {
		var n int64
		if err := m.raw.QueryRow(`SELECT count(*) FROM ` + tb).Scan(&n); err != nil {
			m.t.Fatalf("count %s: %v", tb, err)
		}
		fmt.Fprintf(&b, "%s %d\n", tb, n)
	}
	if s == nil {
		return b.String()
	}
	for _, q := range []struct {
		table, col string
		id         int64
	}{{"cases", "id", s.caseID}, {"persons", "id", s.person.ID}, {"records", "case_id", s.caseID},
		{"claims", "case_id", s.caseID}, {"appointments", "case_id", s.caseID}, {"inquiries", "id", s.inquiryID},
		{"pickups", "id", s.pickupID}, {"threads", "id", s.threadID}, {"debt_notices", "id", s.noticeID},
		{"tasks", "case_id", s.caseID}, {"parties", "case_id", s.caseID}, {"appointments", "id", s.apptID},
		{"debt_notices", "id", s.noticeID}, {"cases", "id", s.noticeCase}} {
		b.WriteString(m.rows(fmt.Sprintf(`SELECT * FROM %s WHERE %s = %d ORDER BY id`, q.table, q.col, q.id)))
	}
	return b.String()
}

func (m *matrix) rows(q string) string {
	rows, err := m.raw.Query(q)
	if err != nil {
		m.t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			m.t.Fatal(err)
		}
		for i, v := range vals {
			if bs, ok := v.([]byte); ok {
				v = string(bs)
			}
			fmt.Fprintf(&b, "%s=%v ", cols[i], v)
		}
		b.WriteString("\n")
	}
	return b.String()
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// client logs the role in as a browser does and gives it an API token.
func (m *matrix) client(r accessRole) *matrixClient {
	t := m.t
	b := newBrowser(t, m.base)
	mc := &matrixClient{role: r, c: &http.Client{Jar: b.c.Jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if r.user == "" {
		return mc
	}
	b.login(r.user)
	for _, page := range []string{"/", "/work", "/cases", "/admin/rates", "/roster"} {
		if mm := csrfRE.FindStringSubmatch(b.get(page).raw); mm != nil {
			mc.csrf = mm[1]
			break
		}
	}
	if mc.csrf == "" {
		t.Fatalf("%s: no page with the session's CSRF token", r.user)
	}
	tok, err := m.a.Service.CreateToken(context.Background(), m.emp[r.user].ID, "access matrix", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	mc.token = tok
	return mc
}

// cellSubject returns the subject of a role's column: nil for a route
// with no subject.
func (m *matrix) cellSubject(r accessRole, subj string, col int) *subject {
	if subj == subjNone {
		return nil
	}
	switch accessColumns[col] {
	case "own":
		return m.subjects[r.home]["plain"]
	case "other":
		return m.subjects[otherUnit[r.home]]["plain"]
	case "k7":
		return m.subjects[r.home]["k7"]
	}
	return m.subjects[r.home]["k6"]
}

// path fills a route's pattern with the subject's objects.
func (m *matrix) path(pattern string, s *subject) (string, error) {
	if pattern == "/static/" {
		return "/static/torg.css", nil
	}
	segs := strings.Split(pattern, "/")
	api := strings.HasPrefix(pattern, "/api/v1/")
	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	for i, seg := range segs {
		if !strings.HasPrefix(seg, "{") {
			continue
		}
		prev := segs[i-1]
		var v string
		switch {
		case seg == "{$}":
			v = ""
		case seg == "{muni}" || seg == "{municipality}":
			v = demo.MunicipalityCode
		case seg == "{token}":
			v = "x"
		case seg == "{file}":
			v = strings.Repeat("0", 64) + ".ics"
		case seg == "{routine}":
			v = "debt_counselling"
		case seg == "{step}":
			v = "DC6.6"
		case seg == "{action}":
			v = "take"
		case prev == "routines":
			v = "debt_counselling"
		case prev == "counters" || prev == "print" || strings.HasPrefix(pattern, "/portal/"):
			v = "1"
		default:
			if s == nil {
				return "", fmt.Errorf("%s needs a case: the route's subject in %s is not %q", seg, accessTable, subjCase)
			}
			switch {
			case seg == "{claim}":
				v = id(s.claimID)
			case seg == "{absence}":
				v = id(s.absenceID)
			case seg == "{doc}" && segs[1] == "threads":
				v = id(s.msgDocID)
			case seg == "{doc}":
				v = id(s.docID)
			case prev == "units" || prev == "inbox":
				v = id(s.unitID)
			case prev == "cases":
				v = id(s.caseID)
			case prev == "records":
				v = id(s.recordID)
			case prev == "persons":
				v = id(s.person.ID)
			case prev == "inquiries":
				v = id(s.inquiryID)
			case prev == "pickups":
				v = id(s.pickupID)
			case prev == "threads":
				v = id(s.threadID)
			case prev == "appointments":
				v = id(s.apptID)
			case prev == "debt-notices":
				v = id(s.noticeID)
			case prev == "tasks" && api:
				v = id(s.taskID)
			default:
				return "", fmt.Errorf("no object for %s in %s", seg, pattern)
			}
		}
		segs[i] = v
	}
	return strings.Join(segs, "/"), nil
}

// writeForms are the fields some writes need to get past their first
// check of the input, so that the cell judges the access check behind it.
// Other writes are sent with the CSRF token (web) or {} (API) only.
var writeForms = map[string]url.Values{
	"POST /appointments/{id}":        {"action": {"missed"}},
	"POST /cases/{id}/debts":         {"action": {"request"}},
	"POST /cases/{id}/debts/{claim}": {"action": {"delete_confirmed"}},
	"POST /inbox/{unit}/templates":   {"action": {"weeks"}, "weeks": {"3"}},
	"POST /persons/{id}/drop-off": {"case": {"{case}"}, "request_key": {"{key}"}, "from": {torg.FromCitizen},
		"poa": {torg.POANone}, "other": {"Lønnsslipper"}},
	"POST /persons/{id}/pickups/new": {"case": {"{case}"}, "request_key": {"{key}"}, "recipient": {torg.FromCitizen},
		"description": {"Vedtak"}, "location": {"Hylle 2"}, "pickup_date": {"{date}"}, "pickup_time": {"10:00"}},
}

// writeBodies are the JSON bodies of API writes that name a case or a
// person in the body rather than the path; the others send {}.
var writeBodies = map[string]string{
	"POST /api/v1/inquiries": `{"kind":"drop_off","person_id":{person},"case_id":{case},"from":"citizen","poa":"none","other":"Lønnsslipper"}`,
	"POST /api/v1/pickups": `{"person_id":{person},"case_id":{case},"unit_id":{unit},"recipient":"citizen","description":"Vedtak",` +
		`"location":"Hylle 2","pickup_by":"{time}"}`,
	"POST /api/v1/cases/{id}/notes":    `{"body":"Ringte og avtalte møte."}`,
	"POST /api/v1/cases/{id}/claims":   `{"kind":"consumer_loan","creditor":"Fjordkreditt AS","principal":100000,"monthly":5000}`,
	"POST /api/v1/threads":             `{"person_id":{person},"unit_id":{unit},"subject":"Matrise","body":"Hei fra matrisen"}`,
	"POST /api/v1/threads/{id}/answer": `{"body":"Svar fra matrisen","done":false}`,
	"POST /api/v1/threads/{id}/status": `{"status":"in_progress"}`,
}

// response is what a cell's request got.
type response struct {
	code     int
	location string
	ctype    string
	body     string
}

func (mc *matrixClient) do(base, method, path string, form url.Values, fill func(url.Values) url.Values) (response, error) {
	var body io.Reader
	api := strings.HasPrefix(path, "/api/")
	if method != http.MethodGet {
		if api {
			js := "{}"
			if len(form["json"]) == 1 {
				js = fill(url.Values{"json": form["json"]}).Get("json")
			}
			body = strings.NewReader(js)
		} else {
			v := url.Values{"csrf": {mc.csrf}}
			for k, vs := range form {
				v[k] = vs
			}
			v = fill(v)
			body = strings.NewReader(v.Encode())
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, base+path, body)
	if err != nil {
		return response{}, err
	}
	if api && mc.token != "" {
		req.Header.Set("Authorization", "Bearer "+mc.token)
	}
	if body != nil {
		if api {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	res, err := mc.c.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	r := response{code: res.StatusCode, location: res.Header.Get("Location"), ctype: res.Header.Get("Content-Type")}
	if strings.HasPrefix(r.ctype, "text/event-stream") {
		return r, nil // a live stream does not end by itself
	}
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return r, err
	}
	r.body = string(data)
	return r, nil
}

// outcome classifies a response; 'E' is a server error, never right.
func (r response) outcome() byte {
	switch {
	case r.code == http.StatusUnauthorized,
		r.code >= 300 && r.code < 400 && strings.Contains(r.location, "login"):
		return outLogin
	case r.code == http.StatusForbidden:
		return outForbidden
	case r.code == http.StatusNotFound:
		return outNotFound
	case r.code < 400:
		return outAllowed
	case r.code < 500:
		return outInvalid
	}
	return 'E'
}

// run checks the cells of rows: reads first, then writes, each write
// against a fingerprint of the database. With sample > 1, every
// sample-th route only.
func (m *matrix) run(rows []accessRow, sample int) {
	t := m.t
	m.table = rows
	ordered := slices.Clone(rows)
	sort.SliceStable(ordered, func(i, j int) bool {
		return ordered[i].method == http.MethodGet && ordered[j].method != http.MethodGet
	})
	start, cells, routes, mismatched := time.Now(), 0, 0, 0
	for i, row := range ordered {
		if i%sample != 0 {
			continue
		}
		routes++
		var got []string
		bad := false
		for ri, role := range accessRoles {
			cell := []byte(row.cells[ri])
			for col := range cell {
				s := m.cellSubject(role, row.subject, col)
				out, err := m.check(row, role, col, s, cell[col])
				cells++
				if err != nil {
					t.Errorf("%s:%d %s as %s, %s: %v", accessTable, row.line, row.key(), role.name, m.colName(row, col), err)
					bad = true
				}
				cell[col] = out
			}
			got = append(got, string(cell))
		}
		if bad {
			mismatched++
			t.Logf("%s:%d observed: %s\t%s\t%s\t%s", accessTable, row.line, row.method, row.pattern, row.subject, strings.Join(got, "\t"))
		}
	}
	t.Logf("%d cells of %d routes checked in %v; %d routes differ from the table", cells, routes, time.Since(start).Round(time.Millisecond), mismatched)
}

func (m *matrix) colName(row accessRow, col int) string {
	if row.subject == subjNone {
		return "no subject"
	}
	return accessColumns[col]
}

// check makes one cell's request and returns its outcome, and an error
// when that is not want or the answer breaks the rules of its outcome.
func (m *matrix) check(row accessRow, role accessRole, col int, s *subject, want byte) (byte, error) {
	write := row.method != http.MethodGet
	if write && s != nil {
		s = m.fresh(row.pattern, s)
	}
	path, err := m.path(row.pattern, s)
	if err != nil {
		return 'E', err
	}
	if q, ok := listQueries[row.key()]; ok && s != nil {
		path += "?" + strings.ReplaceAll(q, "{name}", url.QueryEscape(s.person.FamilyName))
	}
	mc := m.clients[role.name]
	var before string
	if write {
		before = m.state(s)
	}
	form := writeForms[row.key()]
	if js, ok := writeBodies[row.key()]; ok {
		form = url.Values{"json": {js}}
	}
	later := nextWeekday(time.Now().AddDate(0, 0, 3))
	res, err := mc.do(m.base, row.method, path, form, func(v url.Values) url.Values {
		out := url.Values{}
		for k, vs := range v {
			for _, x := range vs {
				if s != nil {
					x = strings.NewReplacer("{case}", strconv.FormatInt(s.caseID, 10), "{person}", strconv.FormatInt(s.person.ID, 10),
						"{unit}", strconv.FormatInt(s.unitID, 10)).Replace(x)
				}
				x = strings.NewReplacer("{key}", fmt.Sprintf("matrix-%d", time.Now().UnixNano()), "{date}", later.Format("2006-01-02"),
					"{time}", later.Truncate(24*time.Hour).Add(10*time.Hour).Format(time.RFC3339)).Replace(x)
				out.Add(k, x)
			}
		}
		return out
	})
	if err != nil {
		return 'E', err
	}
	got := res.outcome()
	if row.key() == "POST /logout" && role.user != "" {
		m.clients[role.name] = m.client(role) // the session is gone: log in again
	}
	var errs []string
	if got != want {
		errs = append(errs, fmt.Sprintf("%d (%s), want %s", res.code, outcomeWords[got], outcomeWords[want]))
	}
	// Allowed: a page or a JSON answer about a case shows some of it; a
	// list of a person's cases shows the case if and only if the role may
	// read it.
	textual := strings.HasPrefix(res.ctype, "text/html") || strings.Contains(res.ctype, "json")
	if got == outAllowed && !write && row.subject == subjCase && res.code == http.StatusOK && textual {
		if listRoutes[row.key()] {
			if shown, may := strings.Contains(res.body, s.title), m.caseReadable(role, col); shown != may {
				errs = append(errs, fmt.Sprintf("%d: the case is listed %v, readable %v", res.code, shown, may))
			}
		} else if !slices.ContainsFunc(append(s.needles(), dataMarks[row.key()]...), func(n string) bool {
			return n != "" && strings.Contains(res.body, n)
		}) {
			errs = append(errs, fmt.Sprintf("%d without the person's name or the case's title: allowed without data", res.code))
		}
	}
	if got != outAllowed && s != nil {
		// Refused: nothing of the subject in the answer, unless the role
		// may read the object and only this was refused (F), the input
		// was wrong (V) or what it asked for is not there (N: a register
		// that does not know the person); nothing changed.
		mayRead := got != outLogin && m.mayRead(row, role, col)
		needles := s.needles()
		if _, ok := listQueries[row.key()]; ok {
			needles = needles[1:] // the name searched for is the role's own input
		}
		for _, n := range needles {
			if !mayRead && strings.Contains(res.body, n) {
				errs = append(errs, fmt.Sprintf("%d shows %q", res.code, n))
			}
		}
		if write {
			if after := m.state(s); after != before {
				errs = append(errs, fmt.Sprintf("%d but the database changed:\n%s", res.code, diffLines(before, after)))
			}
		}
	}
	if len(errs) > 0 {
		return got, fmt.Errorf("%s %s: %s", row.method, path, strings.Join(errs, "; "))
	}
	return got, nil
}

// readRoutes are the pages that show an object a write route acts on;
// others show the case.
var readRoutes = map[string]string{"/persons/": "GET /persons/{id}", "/api/v1/persons/": "GET /persons/{id}",
	"/threads/": "GET /threads/{id}", "/api/v1/threads/": "GET /threads/{id}", "/pickups/": "GET /pickups/{id}", "/api/v1/pickups/": "GET /pickups/{id}",
	"/inquiries/": "GET /inquiries/{id}", "/units/": "GET /inbox/{unit}", "/inbox/": "GET /inbox/{unit}"}

// dataMarks are what shows that an answer which names neither the person
// nor the case carries the case's data: the budget's figures.
var dataMarks = map[string][]string{"GET /api/v1/cases/{id}/budget": {`"monthly":3000000`}}

// listRoutes list a person's cases, filtered to what the role may read.
var listRoutes = map[string]bool{"GET /api/v1/persons/{id}/cases": true, "GET /cases": true}

// listQueries are the queries that make a list route about the cell's
// case: the case list searched for the person's name.
var listQueries = map[string]string{"GET /cases": "q={name}"}

// caseReadable reports whether the table lets the role read the case of
// a cell.
func (m *matrix) caseReadable(role accessRole, col int) bool {
	return m.mayRead(accessRow{pattern: "/cases/{id}"}, role, col)
}

// mayRead reports whether the table lets the role read the object of a
// cell of row.
func (m *matrix) mayRead(row accessRow, role accessRole, col int) bool {
	read := "GET /cases/{id}"
	for prefix, r := range readRoutes {
		if strings.HasPrefix(row.pattern, prefix) {
			read = r
		}
	}
	ri := slices.IndexFunc(accessRoles, func(r accessRole) bool { return r.name == role.name })
	for _, r := range m.table {
		if r.key() == read {
			return col < len(r.cells[ri]) && r.cells[ri][col] == outAllowed
		}
	}
	return false
}

// fresh gives a write that may use its object up (a claim deleted, an
// absence removed, a letter handed over) an object of its own, so that
// the next cell finds the subject as the table assumes.
func (m *matrix) fresh(pattern string, s *subject) *subject {
	pickup := strings.HasPrefix(pattern, "/pickups/{id}") || strings.HasPrefix(pattern, "/api/v1/pickups/{id}")
	claim, absence := strings.Contains(pattern, "{claim}"), strings.Contains(pattern, "{absence}")
	appt, notice := strings.HasPrefix(pattern, "/appointments/{id}"), strings.HasPrefix(pattern, "/debt-notices/{id}/")
	if !pickup && !claim && !absence && !appt && !notice {
		return s
	}
	ctx, c, now := context.Background(), *s, time.Now()
	err := m.a.DB.Write(ctx, func(q *store.Q) error {
		switch {
		case pickup:
			k, err := q.Pickup(ctx, m.muniID, s.pickupID)
			if err != nil {
				return err
			}
			k.ID, k.RequestKey = 0, fmt.Sprintf("matrix-pickup-%d", now.UnixNano())
			if err := q.CreatePickup(ctx, k, now); err != nil {
				return err
			}
			c.pickupID = k.ID
		case claim:
			cl := &torg.Claim{MunicipalityID: m.muniID, CaseID: s.caseID, Kind: torg.ClaimConsumerLoan, Creditor: "Nordlys Inkasso AS",
				Reference: fmt.Sprintf("REF-%d", now.UnixNano()), Principal: 5_000_00, Monthly: 300_00}
			if err := q.CreateClaim(ctx, cl, now); err != nil {
				return err
			}
			c.claimID = cl.ID
		case appt:
			ap, err := q.Appointment(ctx, m.muniID, s.apptID)
			if err != nil {
				return err
			}
			ap.ID = 0
			if err := q.CreateAppointment(ctx, ap, now); err != nil {
				return err
			}
			c.apptID = ap.ID
		case notice:
			dn, err := q.DebtNotice(ctx, m.muniID, s.noticeID)
			if err != nil {
				return err
			}
			if dn.CaseID, err = m.noticeCase(ctx, q, s, now); err != nil {
				return err
			}
			dn.ID, dn.RequestKey = 0, fmt.Sprintf("matrix-notice-%d", now.UnixNano())
			if err := q.CreateDebtNotice(ctx, dn, now); err != nil {
				return err
			}
			c.noticeID, c.noticeCase = dn.ID, dn.CaseID
		case absence:
			ab, err := q.Absence(ctx, s.absenceID)
			if err != nil {
				return err
			}
			ab.ID = 0
			if err := q.AddAbsence(ctx, ab, now); err != nil {
				return err
			}
			c.absenceID = ab.ID
		}
		return nil
	})
	if err != nil {
		m.t.Fatalf("a fresh object for %s: %v", pattern, err)
	}
	return &c
}

// diffLines returns the lines of b that a does not have.
func diffLines(a, b string) string {
	have := map[string]bool{}
	for _, l := range strings.Split(a, "\n") {
		have[l] = true
	}
	var out []string
	for _, l := range strings.Split(b, "\n") {
		if !have[l] {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
