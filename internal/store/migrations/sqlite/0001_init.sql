-- torg schema, SQLite dialect. Times are Unix microseconds (UTC), civil dates
-- are TEXT 'YYYY-MM-DD', lists are JSON arrays in TEXT.

CREATE TABLE municipalities (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	country TEXT NOT NULL,
	language TEXT NOT NULL,
	time_zone TEXT NOT NULL
);

CREATE TABLE units (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	inquiry_title TEXT NOT NULL DEFAULT '',
	shelf TEXT NOT NULL DEFAULT '',
	required_docs TEXT NOT NULL DEFAULT '[]',
	message_channel TEXT NOT NULL DEFAULT '',
	UNIQUE (municipality_id, code)
);

CREATE TABLE employees (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	username TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	initials TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL DEFAULT '',
	roles TEXT NOT NULL DEFAULT '[]',
	clearance INTEGER NOT NULL DEFAULT 0,
	language TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
);

CREATE TABLE employee_units (
	employee_id INTEGER NOT NULL REFERENCES employees(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (employee_id, unit_id)
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	employee_id INTEGER NOT NULL REFERENCES employees(id),
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_employee ON sessions (employee_id);

CREATE TABLE api_tokens (
	token_hash TEXT PRIMARY KEY,
	employee_id INTEGER NOT NULL REFERENCES employees(id),
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);

CREATE TABLE persons (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	nin TEXT NOT NULL,
	nin_country TEXT NOT NULL,
	nin_kind TEXT NOT NULL,
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	search_name TEXT NOT NULL,
	search_family TEXT NOT NULL,
	birth_date TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	protection INTEGER NOT NULL DEFAULT 0,
	digital_reserved INTEGER NOT NULL DEFAULT 0,
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL DEFAULT '',
	interpreter TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (municipality_id, nin)
);
CREATE INDEX persons_search_name ON persons (municipality_id, search_name);
CREATE INDEX persons_search_family ON persons (municipality_id, search_family);

CREATE TABLE case_seq (
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	year INTEGER NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (municipality_id, year)
);

CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	type TEXT NOT NULL,
	title TEXT NOT NULL,
	year INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	responsible_id INTEGER REFERENCES employees(id),
	status TEXT NOT NULL,
	markers TEXT NOT NULL DEFAULT '[]',
	record_count INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	closed_at INTEGER NOT NULL DEFAULT 0,
	UNIQUE (municipality_id, year, seq)
);
CREATE INDEX cases_unit_type ON cases (unit_id, type, year);
CREATE INDEX cases_responsible ON cases (responsible_id, status);

CREATE TABLE parties (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	person_id INTEGER REFERENCES persons(id),
	org_name TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL
);
CREATE INDEX parties_case ON parties (case_id);
CREATE INDEX parties_person ON parties (person_id);

CREATE TABLE records (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	number INTEGER NOT NULL,
	type TEXT NOT NULL,
	status TEXT NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	correspondent TEXT NOT NULL DEFAULT '',
	person_id INTEGER REFERENCES persons(id),
	shelf TEXT NOT NULL DEFAULT '',
	outstanding INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER NOT NULL REFERENCES employees(id),
	created_at INTEGER NOT NULL,
	UNIQUE (case_id, number)
);

CREATE TABLE blobs (
	sha256 TEXT PRIMARY KEY,
	size INTEGER NOT NULL,
	data BLOB NOT NULL
);

CREATE TABLE documents (
	id INTEGER PRIMARY KEY,
	record_id INTEGER NOT NULL REFERENCES records(id),
	sha256 TEXT NOT NULL REFERENCES blobs(sha256),
	filename TEXT NOT NULL,
	media_type TEXT NOT NULL,
	size INTEGER NOT NULL
);
CREATE INDEX documents_record ON documents (record_id);

CREATE TABLE notes (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	record_id INTEGER REFERENCES records(id),
	author_id INTEGER NOT NULL REFERENCES employees(id),
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX notes_case ON notes (case_id);

CREATE TABLE tasks (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	case_id INTEGER REFERENCES cases(id),
	record_id INTEGER REFERENCES records(id),
	assignee_id INTEGER REFERENCES employees(id),
	title TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	due TEXT NOT NULL DEFAULT '',
	done_at INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES employees(id), -- NULL: made by a routine
	created_at INTEGER NOT NULL
);
CREATE INDEX tasks_assignee ON tasks (assignee_id, done_at, due);
CREATE INDEX tasks_unit ON tasks (unit_id, done_at, due);
CREATE INDEX tasks_case ON tasks (case_id);

CREATE TABLE inquiries (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	person_id INTEGER NOT NULL REFERENCES persons(id),
	kind TEXT NOT NULL,
	from_kind TEXT NOT NULL,
	agency_name TEXT NOT NULL DEFAULT '',
	summary TEXT NOT NULL DEFAULT '',
	case_id INTEGER NOT NULL REFERENCES cases(id),
	record_id INTEGER NOT NULL REFERENCES records(id),
	task_id INTEGER REFERENCES tasks(id),
	delivered TEXT NOT NULL DEFAULT '[]',
	other TEXT NOT NULL DEFAULT '',
	missing TEXT NOT NULL DEFAULT '[]',
	poa TEXT NOT NULL DEFAULT '',
	shelf TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL REFERENCES employees(id),
	created_at INTEGER NOT NULL,
	request_key TEXT NOT NULL UNIQUE
);
CREATE INDEX inquiries_person ON inquiries (person_id);

CREATE TABLE audit_events (
	seq INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL,
	at INTEGER NOT NULL,
	actor_id INTEGER NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	person_id INTEGER NOT NULL DEFAULT 0,
	detail TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_events_person ON audit_events (person_id, seq);

-- The audit log is append-only: the database itself refuses changes.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
