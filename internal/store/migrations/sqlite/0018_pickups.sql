-- FD3: letters held at the front desk for a citizen or a partner agency to
-- pick up. A letter is registered with the date and time (created_at), the
-- responsible employee, the recipient and the agreed pickup time
-- (pickup_by, FD3.3), and where it is kept (location, FD3.2). A partner
-- agency may pick up only by agreement, which is written down here
-- (agreement, FD3.1). state is 'waiting' until the letter is handed over
-- ('handed_over': who collected it, the ID document shown, the employee who
-- checked it, when, and the record filed on the case) or taken back by the
-- service ('returned'). task_id is the task the responsible employee got
-- when the letter was not collected in time.
CREATE TABLE pickups (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	person_id INTEGER NOT NULL REFERENCES persons(id),
	case_id INTEGER REFERENCES cases(id),
	responsible_id INTEGER NOT NULL REFERENCES employees(id),
	recipient TEXT NOT NULL CHECK (recipient IN ('citizen', 'partner_agency')),
	agency_name TEXT NOT NULL DEFAULT '',
	agreement TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL,
	pickup_by BIGINT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('waiting', 'handed_over', 'returned')),
	created_by INTEGER NOT NULL REFERENCES employees(id),
	created_at BIGINT NOT NULL,
	request_key TEXT NOT NULL UNIQUE,
	collector TEXT NOT NULL DEFAULT '',
	collector_name TEXT NOT NULL DEFAULT '',
	id_document TEXT NOT NULL DEFAULT '',
	id_detail TEXT NOT NULL DEFAULT '',
	closed_by INTEGER REFERENCES employees(id),
	closed_at BIGINT NOT NULL DEFAULT 0,
	close_note TEXT NOT NULL DEFAULT '',
	record_id INTEGER REFERENCES records(id),
	task_id INTEGER REFERENCES tasks(id)
);
CREATE INDEX pickups_state ON pickups (municipality_id, state, pickup_by);
CREATE INDEX pickups_person ON pickups (person_id);
