package casework

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// OrgFile describes one municipality with its units and employees: the
// file that "torg org import" reads. docs/org-example.json is one.
type OrgFile struct {
	Municipality OrgMunicipality `json:"municipality"`
	Units        []OrgUnit       `json:"units"`
	Employees    []OrgEmployee   `json:"employees"`

	QueueServices []OrgQueueService `json:"queue_services,omitempty"` // CG3
	Counters      []OrgCounter      `json:"counters,omitempty"`
}

// OrgMunicipality is the municipality of an OrgFile, matched by Code.
type OrgMunicipality struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Country  string `json:"country"`   // NO, SE or DK; it cannot change once imported
	Language string `json:"language"`  // nb, da, sv or en
	TimeZone string `json:"time_zone"` // IANA, e.g. Europe/Oslo

	// ClosedDays are the municipality's own closed days (2026-12-24),
	// skipped by deadlines in working days. The list replaces the stored one.
	ClosedDays []string `json:"closed_days"`

	// OpeningHours are when the municipality is open, the unit of
	// deadlines in working hours: {"opens": "08:00", "closes": "15:30"}.
	// Left out, torg's default applies.
	OpeningHours *OrgHours `json:"opening_hours,omitempty"`
}

// OrgHours are opening hours in an OrgFile.
type OrgHours struct {
	Opens  string `json:"opens"`
	Closes string `json:"closes"`
}

// OrgUnit is a unit of an OrgFile, matched by Code within the municipality.
type OrgUnit struct {
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	InquiryTitle   string   `json:"inquiry_title"`
	Shelf          string   `json:"shelf"`
	MessageChannel string   `json:"message_channel"`
	Phone          string   `json:"phone"` // printed in letters and SMS; left out, they leave the phone out
	RequiredDocs   []string `json:"required_docs"`
}

// OrgEmployee is an employee of an OrgFile, matched by Username.
type OrgEmployee struct {
	Username  string      `json:"username"`
	Name      string      `json:"name"`
	Initials  string      `json:"initials"`
	Email     string      `json:"email"`
	Roles     []torg.Role `json:"roles"`
	Units     []string    `json:"units"`     // unit codes, of the file or already in the municipality
	Clearance string      `json:"clearance"` // none (if left out), confidential or strict
	Active    *bool       `json:"active"`    // true if left out
}

// ParseOrg reads an OrgFile as JSON. A field it does not know is an error,
// so that a misspelt one is not silently ignored; problems are reported as
// OrgProblems naming the unit or employee. ParseOrg does not validate.
func ParseOrg(r io.Reader) (OrgFile, error) {
	var raw struct {
		Municipality json.RawMessage   `json:"municipality"`
		Units        []json.RawMessage `json:"units"`
		Employees    []json.RawMessage `json:"employees"`

		QueueServices []json.RawMessage `json:"queue_services"`
		Counters      []json.RawMessage `json:"counters"`
	}
	if err := decodeStrict(r, &raw); err != nil {
		return OrgFile{}, fmt.Errorf("org file: %w", err)
	}
	var p OrgProblems
	f := OrgFile{Units: make([]OrgUnit, len(raw.Units)), Employees: make([]OrgEmployee, len(raw.Employees))}
	p.decode("municipality", raw.Municipality, &f.Municipality)
	for i, b := range raw.Units {
		p.decode(itemName("unit", "code", i, b), b, &f.Units[i])
	}
	for i, b := range raw.Employees {
		p.decode(itemName("employee", "username", i, b), b, &f.Employees[i])
	}
	if len(raw.QueueServices) > 0 {
		f.QueueServices = make([]OrgQueueService, len(raw.QueueServices))
	}
	if len(raw.Counters) > 0 {
		f.Counters = make([]OrgCounter, len(raw.Counters))
	}
	for i, b := range raw.QueueServices {
		p.decode(itemName("queue service", "code", i, b), b, &f.QueueServices[i])
	}
	for i, b := range raw.Counters {
		p.decode(itemName("counter", "name", i, b), b, &f.Counters[i])
	}
	if err := p.err(); err != nil {
		return OrgFile{}, err
	}
	return f, nil
}

// decodeStrict decodes the one JSON value of r into v, refusing unknown fields.
func decodeStrict(r io.Reader, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("more than one JSON value")
	}
	return nil
}

// jsonError rewords a decoding error of data for people who do not read Go.
func jsonError(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return errors.New("empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the JSON ends too early")
	case errors.As(err, &syntax):
		line := 1 + bytes.Count(data[:min(syntax.Offset, int64(len(data)))], []byte("\n"))
		return fmt.Errorf("line %d: %v", line, syntax)
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Errorf("field %q: a JSON %s does not fit here", typ.Field, typ.Value)
	case errors.As(err, &typ):
		return fmt.Errorf("want a JSON object, not a JSON %s", typ.Value)
	}
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

// itemName names the i-th unit or employee of the file by its code or
// username, read leniently, or else by its place in the list.
func itemName(kind, key string, i int, b json.RawMessage) string {
	var m map[string]any
	if json.Unmarshal(b, &m) == nil {
		if s, ok := m[key].(string); ok && s != "" {
			return fmt.Sprintf("%s %q", kind, s)
		}
	}
	return fmt.Sprintf("%s #%d", kind, i+1)
}

// decode decodes b strictly into v, noting what goes wrong as a problem of what.
func (p *OrgProblems) decode(what string, b json.RawMessage, v any) {
	if len(b) == 0 {
		return
	}
	if err := decodeStrict(bytes.NewReader(b), v); err != nil {
		p.add("%s: %v", what, err)
	}
}

// OrgProblems lists what is wrong with an OrgFile, one problem an entry,
// each naming the municipality, unit or employee at fault.
type OrgProblems []string

// Error joins the problems on one line.
func (p OrgProblems) Error() string { return "invalid org file: " + strings.Join(p, "; ") }

func (p *OrgProblems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// err returns p as an error, or nil if there are no problems.
func (p OrgProblems) err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

var (
	orgCountries  = []string{"NO", "SE", "DK"}
	orgLanguages  = []string{"nb", "da", "sv", "en"}
	orgClearances = map[string]torg.Protection{"": torg.ProtectionNone, "none": torg.ProtectionNone,
		"confidential": torg.ProtectionConfidential, "strict": torg.ProtectionStrict}
	validRoles = strings.ReplaceAll(strings.Trim(fmt.Sprint(torg.Roles), "[]"), " ", ", ")
)

// Validate returns the problems of f that show without the database, as
// OrgProblems, or nil. Unit codes of employees are checked on import,
// since they may name units imported before.
func (f OrgFile) Validate() error {
	var p OrgProblems
	p.municipality(f.Municipality)
	codes := map[string]bool{}
	for _, u := range f.Units {
		p.unit(u, codes)
	}
	users := map[string]bool{}
	for _, e := range f.Employees {
		p.employee(e, users)
	}
	p.queue(f)
	return p.err()
}

func (p *OrgProblems) municipality(m OrgMunicipality) {
	what := fmt.Sprintf("municipality %q", m.Code)
	if !isKey(m.Code) {
		p.add("%s: the code must be one word, such as 4204", what)
	}
	if strings.TrimSpace(m.Name) == "" {
		p.add("%s: no name", what)
	}
	if !slices.Contains(orgCountries, m.Country) {
		p.add("%s: country %q is not one of %s", what, m.Country, strings.Join(orgCountries, ", "))
	}
	if !slices.Contains(orgLanguages, m.Language) {
		p.add("%s: language %q is not one of %s", what, m.Language, strings.Join(orgLanguages, ", "))
	}
	if _, err := time.LoadLocation(m.TimeZone); err != nil || m.TimeZone == "" || m.TimeZone == "Local" {
		p.add("%s: time zone %q is not an IANA time zone such as Europe/Oslo", what, m.TimeZone)
	}
	for _, d := range m.ClosedDays {
		if _, err := torg.ParseDate(d); err != nil {
			p.add("%s: closed day %q is not a date such as 2026-12-24", what, d)
		}
	}
	if h := m.OpeningHours; h != nil {
		if _, ok := parseHours(h.Opens, h.Closes); !ok {
			p.add("%s: opening hours %q–%q must be times such as 08:00 and 15:30, opening before closing", what, h.Opens, h.Closes)
		}
	}
}

func (p *OrgProblems) unit(u OrgUnit, seen map[string]bool) {
	what := fmt.Sprintf("unit %q", u.Code)
	switch {
	case !isKey(u.Code):
		p.add("%s: the code must be one word, such as debt", what)
	case seen[u.Code]:
		p.add("%s: listed twice", what)
	}
	seen[u.Code] = true
	if strings.TrimSpace(u.Name) == "" {
		p.add("%s: no name", what)
	}
	if slices.ContainsFunc(u.RequiredDocs, func(d string) bool { return strings.TrimSpace(d) == "" }) {
		p.add("%s: an empty entry in required_docs", what)
	}
}

func (p *OrgProblems) employee(e OrgEmployee, seen map[string]bool) {
	what := fmt.Sprintf("employee %q", e.Username)
	u := normUsername(e.Username)
	switch {
	case !isKey(u):
		p.add("%s: the username must be one word, such as eg", what)
	case seen[u]:
		p.add("%s: listed twice", what)
	}
	seen[u] = true
	if strings.TrimSpace(e.Name) == "" {
		p.add("%s: no name", what)
	}
	for _, r := range e.Roles {
		if !torg.ValidRole(r) {
			p.add("%s: unknown role %q (valid: %s)", what, r, validRoles)
		}
	}
	if _, ok := orgClearances[e.Clearance]; !ok {
		p.add("%s: clearance %q is not none, confidential or strict", what, e.Clearance)
	}
}

// isKey reports whether s is a non-empty code or username without spaces.
func isKey(s string) bool { return s != "" && !strings.ContainsFunc(s, unicode.IsSpace) }

// normUsername is how usernames are stored: login ignores case.
func normUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// OrgChange says what an import did to a municipality, unit or employee.
type OrgChange int

// What an import can do to an item.
const (
	OrgUnchanged OrgChange = iota // it was as the file says already
	OrgCreated
	OrgUpdated
)

// String returns "unchanged", "created" or "updated".
func (c OrgChange) String() string { return [...]string{"unchanged", "created", "updated"}[c] }

// OrgCounts counts what an import did to units or to employees.
type OrgCounts struct{ Created, Updated, Unchanged int }

// add counts c: the array is indexed by OrgChange.
func (n *OrgCounts) add(c OrgChange) { *[...]*int{&n.Unchanged, &n.Created, &n.Updated}[c]++ }

// OrgResult says what ImportOrg did.
type OrgResult struct {
	Code, Name   string // the municipality's
	Municipality OrgChange
	Units        OrgCounts
	Employees    OrgCounts
	Queue        OrgCounts // queue services and counters (CG3)
	NoPassword   []string  // usernames of the file's employees who have no password yet
}

// Changed reports whether the import created or updated anything.
func (r OrgResult) Changed() bool {
	return r.Municipality != OrgUnchanged || r.Units.Created+r.Units.Updated+r.Employees.Created+r.Employees.Updated+
		r.Queue.Created+r.Queue.Updated > 0
}

// ImportOrg creates or updates the municipality of in, its units and its
// employees in one transaction: a file with any problem changes nothing.
// The municipality is matched by code, units by code within it, employees
// by username; units and employees the file leaves out stay as they are.
// New employees have no password and cannot log in until SetPassword gives
// them one. An import that changes anything appends one "org.import" audit
// event; one that changes nothing writes nothing.
func ImportOrg(ctx context.Context, db *store.DB, in OrgFile, now time.Time) (OrgResult, error) {
	if err := in.Validate(); err != nil {
		return OrgResult{}, err
	}
	var res OrgResult
	err := db.Write(ctx, func(q *store.Q) error {
		im := &orgImport{q: q, in: in, now: now.UTC()}
		if err := im.run(ctx); err != nil {
			return err
		}
		res = im.res
		return nil
	})
	return res, err
}

// orgImport is one ImportOrg inside its transaction.
type orgImport struct {
	q        *store.Q
	in       OrgFile
	now      time.Time
	muni     *torg.Municipality
	unitIDs  map[string]int64 // by code, every unit of the municipality
	res      OrgResult
	problems OrgProblems
}

func (im *orgImport) run(ctx context.Context) error {
	for _, step := range []func(context.Context) error{im.municipality, im.closedDays, im.units, im.employees, im.queue, im.audit} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (im *orgImport) municipality(ctx context.Context) error {
	m := im.in.Municipality
	want := &torg.Municipality{Code: m.Code, Name: strings.TrimSpace(m.Name), Country: m.Country,
		Language: m.Language, TimeZone: m.TimeZone}
	im.muni, im.res.Code, im.res.Name = want, want.Code, want.Name
	old, err := im.q.MunicipalityByCode(ctx, want.Code)
	switch {
	case torg.ErrorCode(err) == torg.ENOTFOUND:
		im.res.Municipality = OrgCreated
		return im.q.CreateMunicipality(ctx, want)
	case err != nil:
		return err
	case old.Country != want.Country:
		// The country decides which identity numbers are valid: changing
		// it would strand the persons already registered.
		return OrgProblems{fmt.Sprintf("municipality %q: country is %s and cannot change to %s",
			want.Code, old.Country, want.Country)}
	}
	want.ID = old.ID
	if *old == *want {
		return nil
	}
	im.res.Municipality = OrgUpdated
	return im.q.UpdateMunicipality(ctx, want)
}

// closedDays replaces the municipality's closed days when the file's
// differ from the stored ones.
func (im *orgImport) closedDays(ctx context.Context) error {
	var want []torg.Date
	for _, s := range im.in.Municipality.ClosedDays {
		d, _ := torg.ParseDate(s) // validated
		if !slices.Contains(want, d) {
			want = append(want, d)
		}
	}
	slices.SortFunc(want, func(a, b torg.Date) int { return strings.Compare(a.String(), b.String()) })
	have, err := im.q.ClosedDays(ctx, im.muni.ID)
	if err != nil {
		return err
	}
	if !slices.Equal(have, want) {
		im.changed()
		if err := im.q.SetClosedDays(ctx, im.muni.ID, want); err != nil {
			return err
		}
	}
	return im.openingHours(ctx)
}

// openingHours stores the file's opening hours when they differ.
func (im *orgImport) openingHours(ctx context.Context) error {
	h := im.in.Municipality.OpeningHours
	if h == nil {
		return nil
	}
	opens, closes, err := im.q.OpeningHours(ctx, im.muni.ID)
	if err != nil || (opens == h.Opens && closes == h.Closes) {
		return err
	}
	im.changed()
	return im.q.SetOpeningHours(ctx, im.muni.ID, h.Opens, h.Closes)
}

// changed marks the municipality updated unless it was just created.
func (im *orgImport) changed() {
	if im.res.Municipality == OrgUnchanged {
		im.res.Municipality = OrgUpdated
	}
}

func (im *orgImport) units(ctx context.Context) error {
	for _, u := range im.in.Units {
		c, err := im.unit(ctx, &torg.Unit{MunicipalityID: im.muni.ID, Code: u.Code, Name: strings.TrimSpace(u.Name),
			InquiryTitle: u.InquiryTitle, Shelf: u.Shelf, MessageChannel: u.MessageChannel, Phone: strings.TrimSpace(u.Phone),
			RequiredDocs: append([]string{}, u.RequiredDocs...)}) // [], not null
		if err != nil {
			return err
		}
		im.res.Units.add(c)
	}
	all, err := im.q.Units(ctx, im.muni.ID)
	im.unitIDs = make(map[string]int64, len(all))
	for _, u := range all {
		im.unitIDs[u.Code] = u.ID
	}
	return err
}

func (im *orgImport) unit(ctx context.Context, want *torg.Unit) (OrgChange, error) {
	old, err := im.q.UnitByCode(ctx, want.MunicipalityID, want.Code)
	switch {
	case torg.ErrorCode(err) == torg.ENOTFOUND:
		return OrgCreated, im.q.CreateUnit(ctx, want)
	case err != nil:
		return OrgUnchanged, err
	}
	want.ID = old.ID
	if old.Name == want.Name && old.InquiryTitle == want.InquiryTitle && old.Shelf == want.Shelf &&
		old.MessageChannel == want.MessageChannel && old.Phone == want.Phone && slices.Equal(old.RequiredDocs, want.RequiredDocs) {
		return OrgUnchanged, nil
	}
	return OrgUpdated, im.q.UpdateUnit(ctx, want)
}

// employees imports every employee of the file, gathering the problems
// that need the database to show, such as unknown unit codes.
func (im *orgImport) employees(ctx context.Context) error {
	for _, oe := range im.in.Employees {
		c, err := im.employee(ctx, oe)
		if err != nil {
			return err
		}
		im.res.Employees.add(c)
	}
	return im.problems.err()
}

func (im *orgImport) employee(ctx context.Context, oe OrgEmployee) (OrgChange, error) {
	units, ok := im.unitsOf(oe)
	if !ok {
		return OrgUnchanged, nil
	}
	old, hash, err := im.q.EmployeeLogin(ctx, oe.Username)
	switch {
	case torg.ErrorCode(err) == torg.ENOTFOUND:
		e := &torg.Employee{MunicipalityID: im.muni.ID, Username: normUsername(oe.Username), Language: im.muni.Language}
		oe.apply(e, units)
		im.res.NoPassword = append(im.res.NoPassword, e.Username)
		return OrgCreated, im.q.CreateEmployee(ctx, e, "", im.now)
	case err != nil:
		return OrgUnchanged, err
	case old.MunicipalityID != im.muni.ID:
		im.problems.add("employee %q: the username is taken in another municipality", oe.Username)
		return OrgUnchanged, nil
	}
	if hash == "" {
		im.res.NoPassword = append(im.res.NoPassword, old.Username)
	}
	want := *old
	oe.apply(&want, units)
	if sameEmployee(old, &want) {
		return OrgUnchanged, nil
	}
	return OrgUpdated, im.q.UpdateEmployee(ctx, &want)
}

// unitsOf returns the sorted IDs of an employee's units, or false after
// noting the codes that name no unit of the municipality.
func (im *orgImport) unitsOf(oe OrgEmployee) ([]int64, bool) {
	ids := []int64{}
	ok := true
	for _, code := range oe.Units {
		id, found := im.unitIDs[code]
		if !found {
			im.problems.add("employee %q: unknown unit %q", oe.Username, code)
			ok = false
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return slices.Compact(ids), ok
}

// apply sets the fields of e that the file decides.
func (oe OrgEmployee) apply(e *torg.Employee, units []int64) {
	e.Name, e.Initials, e.Email = strings.TrimSpace(oe.Name), strings.TrimSpace(oe.Initials), strings.TrimSpace(oe.Email)
	e.Roles = append([]torg.Role{}, oe.Roles...) // [], not null
	e.Units = units
	e.Clearance = orgClearances[oe.Clearance]
	e.Active = oe.Active == nil || *oe.Active
}

func sameEmployee(a, b *torg.Employee) bool {
	return a.Name == b.Name && a.Initials == b.Initials && a.Email == b.Email && slices.Equal(a.Roles, b.Roles) &&
		slices.Equal(a.Units, b.Units) && a.Clearance == b.Clearance && a.Active == b.Active
}

func (im *orgImport) audit(ctx context.Context) error {
	if !im.res.Changed() {
		return nil
	}
	return im.q.AppendAudit(ctx, &torg.AuditEvent{MunicipalityID: im.muni.ID, At: im.now, Action: "org.import",
		Object: obj("municipality", im.muni.ID),
		Detail: fmt.Sprintf("%d units, %d employees", len(im.in.Units), len(im.in.Employees))})
}

// MinPasswordLength is the fewest characters SetPassword accepts.
const MinPasswordLength = 10

// SetPassword gives the employee with username a new password and ends
// their sessions, with an "employee.password" audit event, in one
// transaction. It is an operator's action from the command line: the
// event has no actor. API tokens stay valid.
func SetPassword(ctx context.Context, db *store.DB, username, password string, now time.Time) error {
	if n := utf8.RuneCountInString(password); n < MinPasswordLength {
		return fmt.Errorf("the password has %d characters; it needs at least %d", n, MinPasswordLength)
	}
	e, _, err := db.R().EmployeeLogin(ctx, username)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return fmt.Errorf("no employee %q", username)
	}
	if err != nil {
		return err
	}
	hash := HashPassword(password) // before the transaction: argon2 must not hold up the writer
	return db.Write(ctx, func(q *store.Q) error {
		if err := q.SetPassword(ctx, e.ID, hash); err != nil {
			return err
		}
		n, err := q.DeleteEmployeeSessions(ctx, e.ID)
		if err != nil {
			return err
		}
		return q.AppendAudit(ctx, &torg.AuditEvent{MunicipalityID: e.MunicipalityID, At: now.UTC(),
			Action: "employee.password", Object: obj("employee", e.ID), Detail: fmt.Sprintf("%d sessions ended", n)})
	})
}
