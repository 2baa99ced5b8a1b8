-- DN1–DN7: incoming notices of rent, electricity and water debt. Each lives
-- in a case of type debt_notice. children is a JSON list of the minor
-- children's personnummer (DN6); note is the notice's text. Shredding (DN7)
-- blanks note and children and keeps shredded_at.
CREATE TABLE debt_notices (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	person_id INTEGER NOT NULL REFERENCES persons(id),
	sender_kind TEXT NOT NULL,
	sender_name TEXT NOT NULL,
	kind TEXT NOT NULL,
	amount BIGINT NOT NULL,
	received TEXT NOT NULL,
	deadline TEXT NOT NULL,
	status TEXT NOT NULL,
	is_current INTEGER NOT NULL DEFAULT 0,
	not_registered INTEGER NOT NULL DEFAULT 0,
	children TEXT NOT NULL DEFAULT '[]',
	note TEXT NOT NULL DEFAULT '',
	repeat_of INTEGER REFERENCES debt_notices(id),
	request_key TEXT UNIQUE,
	shredded_at BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX debt_notices_person ON debt_notices (municipality_id, person_id, received);
CREATE INDEX debt_notices_status ON debt_notices (municipality_id, status);
