-- CG4–CG12: the municipality's errand catalogue. titles and checklist are
-- JSON objects keyed by language; channels a JSON list, the first for a
-- digital citizen; non_digital the channel for one who is not.
CREATE TABLE errands (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	code TEXT NOT NULL,
	titles TEXT NOT NULL,
	channels TEXT NOT NULL,
	non_digital TEXT NOT NULL DEFAULT '',
	checklist TEXT NOT NULL DEFAULT '{}',
	service_code TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	UNIQUE (municipality_id, code)
);

-- An errand's fee from valid_from to valid_to, both days included
-- ("2024-01-01"); valid_to '' is until further notice.
CREATE TABLE errand_fees (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	errand_code TEXT NOT NULL,
	amount BIGINT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT NOT NULL DEFAULT '',
	UNIQUE (municipality_id, errand_code, valid_from)
);

-- CG1: what the citizen guide recorded about a visit. person_id is set
-- when an exemption (CG7, CG8) is registered on a known person; ticket_id
-- is the counter ticket handed out.
CREATE TABLE guidances (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	errand TEXT NOT NULL,
	digital INTEGER NOT NULL,
	outcome TEXT NOT NULL,
	goal_reached INTEGER NOT NULL,
	next TEXT NOT NULL DEFAULT '',
	exemption TEXT NOT NULL DEFAULT '',
	ticket_id INTEGER REFERENCES tickets(id),
	person_id INTEGER REFERENCES persons(id),
	guide_id INTEGER NOT NULL REFERENCES employees(id),
	at BIGINT NOT NULL,
	request_key TEXT UNIQUE
);
CREATE INDEX guidances_municipality_at ON guidances (municipality_id, at);
