package gen

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// caseSpan is how far back the cases were opened: evenly over three years.
const caseSpan = 3 * 365 * 24 * time.Hour

var caseCols = []string{"id", "municipality_id", "unit_id", "type", "title", "year", "seq", "responsible_id",
	"status", "markers", "record_count", "created_at", "updated_at", "closed_at"}

// caseCreated returns when case i was opened.
func (g *generator) caseCreated(i int) time.Time {
	back := time.Duration(float64(caseSpan) * float64(g.cfg.Cases-i) / float64(g.cfg.Cases))
	return g.now.Add(-back).Truncate(time.Second)
}

// caseClosed reports whether case i is closed: one in five, drawn by a
// hash of i, so that no unit or counsellor (who take cases in turn) gets
// only closed cases and an empty work list.
func caseClosed(i int) bool { return mix(0x636c6f736564, uint64(i))%5 == 4 }

// unitOf returns the case unit of case i, by the units' shares of ten.
func (g *generator) unitOf(i int) int {
	k := i % 10
	for u, cu := range g.caseUnits {
		if k < cu.share {
			return u
		}
		k -= cu.share
	}
	return 0
}

// writeCases writes the cases in the order they were opened, numbered per
// year, each with an adult as applicant (written by writeParties) and a
// counsellor or social worker of its unit as responsible.
func (g *generator) writeCases(ctx context.Context) error {
	n := g.cfg.Cases
	g.recStart = spread(n, g.cfg.Records, true, g.cfg.Seed^0x7265)
	g.noteStart = spread(n, g.cfg.Notes, false, g.cfg.Seed^0x6e6f)
	g.caseUnit = make([]uint8, n)
	g.caseResp = make([]int64, n)
	g.casePerson = make([]int32, n)
	turn := make([]int, len(g.caseUnits))
	seq := map[int]int{}
	return g.load(ctx, "cases", caseCols, n, func(i int, row []any) {
		u := g.unitOf(i)
		cu := &g.caseUnits[u]
		resp := cu.staff[turn[u]%len(cu.staff)]
		turn[u]++
		p := g.adults[i%len(g.adults)]
		if n <= len(g.adults) {
			p = g.adults[caseOf(i, n, len(g.adults))]
		}
		g.caseUnit[i], g.caseResp[i], g.casePerson[i] = uint8(u), resp.ID, p
		created := g.caseCreated(i)
		seq[created.Year()]++
		status, closed := torg.CaseOpen, int64(0)
		if caseClosed(i) {
			status, closed = torg.CaseClosed, micros(g.notAfter(created.Add(60*24*time.Hour)))
		}
		fill(row, g.caseBase+int64(i)+1, g.mid, cu.id, cu.caseType, fmt.Sprintf("%s %d", cu.name, i+1),
			created.Year(), seq[created.Year()], resp.ID, string(status), "[]", g.recStart[i+1]-g.recStart[i],
			micros(created), max(micros(created), closed), closed)
	})
}

// writeParties gives every case its applicant.
func (g *generator) writeParties(ctx context.Context) error {
	return g.load(ctx, "parties", []string{"id", "case_id", "person_id", "org_name", "role"}, g.cfg.Cases,
		func(i int, row []any) {
			fill(row, g.partyBase+int64(i)+1, g.caseBase+int64(i)+1, g.personBase+int64(g.casePerson[i])+1, "",
				torg.PartyApplicant)
		})
}

// Records: the first of a case is the incoming application; then
// incoming documentation, outgoing letters and internal notes in turn.
var recordKinds = []struct {
	typ    torg.RecordType
	status string
	title  string
}{
	{torg.RecordIncoming, torg.RecordJournalled, "Documentation received"},
	{torg.RecordOutgoing, torg.RecordSent, "Letter to the applicant"},
	{torg.RecordNote, torg.RecordFinished, "Follow-up note"},
	{torg.RecordIncoming, torg.RecordJournalled, "Statement from creditor"},
	{torg.RecordOutgoing, torg.RecordSent, "Letter to creditor"},
	{torg.RecordInternal, torg.RecordFinished, "Internal memo"},
}

const recordBody = "Synthetic benchmark record. The text stands in for a summary of what the document says, " +
	"about as long as a case handler's usual summary."

var recordCols = []string{"id", "municipality_id", "case_id", "number", "type", "status", "title", "body",
	"correspondent", "person_id", "shelf", "outstanding", "created_by", "created_at"}

// writeRecords writes each case's records, numbered from 1, a day apart
// from the case's opening.
func (g *generator) writeRecords(ctx context.Context) error {
	c := 0
	return g.load(ctx, "records", recordCols, g.cfg.Records, func(i int, row []any) {
		for int64(i) >= g.recStart[c+1] {
			c++
		}
		num := int64(i) - g.recStart[c] + 1
		k := recordKinds[(num-1)%int64(len(recordKinds))]
		typ, status, title := k.typ, k.status, k.title
		var person any
		correspondent := ""
		if num == 1 {
			typ, status, title = torg.RecordIncoming, torg.RecordJournalled, "Application"
		}
		if typ == torg.RecordIncoming || typ == torg.RecordOutgoing {
			person = g.personBase + int64(g.casePerson[c]) + 1
			correspondent = "Applicant"
		}
		at := g.notAfter(g.caseCreated(c).Add(time.Duration(num-1) * 24 * time.Hour))
		fill(row, g.recordBase+int64(i)+1, g.mid, g.caseBase+int64(c)+1, num, string(typ), status, title,
			recordBody, correspondent, person, "", false, g.caseResp[c], micros(at))
	})
}

const noteBody = "Synthetic journal note: spoke with the applicant about the budget and the next steps."

// writeNotes writes each case's journal notes, by its responsible.
func (g *generator) writeNotes(ctx context.Context) error {
	c := 0
	return g.load(ctx, "notes", []string{"id", "case_id", "record_id", "author_id", "body", "created_at"},
		g.cfg.Notes, func(i int, row []any) {
			for int64(i) >= g.noteStart[c+1] {
				c++
			}
			k := int64(i) - g.noteStart[c]
			at := g.notAfter(g.caseCreated(c).Add(time.Duration(k) * 36 * time.Hour))
			fill(row, g.noteBase+int64(i)+1, g.caseBase+int64(c)+1, nil, g.caseResp[c], noteBody, micros(at))
		})
}

var taskCols = []string{"id", "municipality_id", "unit_id", "case_id", "record_id", "assignee_id", "title",
	"detail", "due", "done_at", "created_by", "created_at"}

// writeTasks spreads the tasks over the cases. About openTasksPerStaff
// of them per counsellor are open, drawn at random among the tasks of open
// cases, due from two weeks ago to four weeks ahead; the rest are done.
func (g *generator) writeTasks(ctx context.Context) error {
	staff := 0
	for _, u := range g.caseUnits {
		staff += len(u.staff)
	}
	n := g.cfg.Tasks
	// One case in five is closed and keeps no open task: draw 5/4 as many.
	open := uint64(min(n, openTasksPerStaff*staff*5/4))
	today := torg.DateOf(g.now)
	return g.load(ctx, "tasks", taskCols, n, func(i int, row []any) {
		c := caseOf(i, n, g.cfg.Cases)
		created := g.caseCreated(c).Add(time.Duration(i%7) * 24 * time.Hour)
		due := torg.DateOf(created).AddDays(14)
		done := micros(g.notAfter(created.Add(3 * 24 * time.Hour)))
		if !caseClosed(c) && mix(g.cfg.Seed^0x7461, uint64(i))%uint64(n) < open {
			done, due = 0, today.AddDays(int(mix(g.cfg.Seed, uint64(i))%42)-14)
		}
		fill(row, g.taskBase+int64(i)+1, g.mid, g.caseUnits[g.caseUnit[c]].id, g.caseBase+int64(c)+1, nil,
			g.caseResp[c], "Follow up the case", "", due.String(), done, g.caseResp[c], micros(g.notAfter(created)))
	})
}

var inquiryCols = []string{"id", "municipality_id", "unit_id", "person_id", "kind", "from_kind", "agency_name",
	"summary", "case_id", "record_id", "task_id", "delivered", "other", "missing", "poa", "shelf", "created_by",
	"created_at", "request_key"}

// writeInquiries spreads front-desk inquiries over the cases: walk-ins
// and drop-offs in turn, by the front-desk staff, each filed as its
// case's first record.
func (g *generator) writeInquiries(ctx context.Context) error {
	n := g.cfg.Inquiries
	return g.load(ctx, "inquiries", inquiryCols, n, func(i int, row []any) {
		c := caseOf(i, n, g.cfg.Cases)
		kind, poa := torg.InquiryWalkIn, ""
		if i%2 == 1 {
			kind, poa = torg.InquiryDropOff, torg.POANone
		}
		at := g.notAfter(g.caseCreated(c).Add(time.Duration(i%30) * 24 * time.Hour))
		fill(row, g.inquiryBase+int64(i)+1, g.mid, g.caseUnits[g.caseUnit[c]].id,
			g.personBase+int64(g.casePerson[c])+1, kind, torg.FromCitizen, "", "Asked about the case",
			g.caseBase+int64(c)+1, g.recordBase+g.recStart[c]+1, nil, "[]", "", "[]", poa, "",
			g.desk[i%len(g.desk)].ID, micros(at), fmt.Sprintf("bench-%d-%d", g.mid, i))
	})
}

// finish numbers the years' cases in case_seq, moves PostgreSQL's ID
// sequences past the written IDs, and gives every employee an API token.
func (g *generator) finish(ctx context.Context) error {
	last := map[int]int{}
	for i := range g.cfg.Cases {
		last[g.caseCreated(i).Year()]++
	}
	err := g.db.Write(ctx, func(q *store.Q) error {
		var args []any
		for y, n := range last {
			args = append(args, g.mid, y, n)
		}
		if err := q.InsertRows(ctx, "case_seq", []string{"municipality_id", "year", "last"}, args); err != nil {
			return err
		}
		for _, t := range tables {
			if err := q.SyncIDs(ctx, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("bench gen: %w", err)
	}
	return nil
}

// micros is a time as stored: Unix microseconds.
func micros(t time.Time) int64 { return t.UnixMicro() }

// notAfter returns t, or now if t is later.
func (g *generator) notAfter(t time.Time) time.Time {
	if t.After(g.now) {
		return g.now
	}
	return t
}
