-- DC4.2: appointments with the citizen, made from the case.
CREATE TABLE appointments (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	counsellor_id INTEGER NOT NULL REFERENCES employees(id),
	start_at BIGINT NOT NULL,
	end_at BIGINT NOT NULL,
	place TEXT NOT NULL,
	with_agency TEXT NOT NULL DEFAULT '',
	interpreter TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX appointments_case ON appointments (case_id, start_at);
CREATE INDEX appointments_counsellor ON appointments (counsellor_id, start_at);

-- Each employee's secret calendar feed address, kept as the SHA-256 of its token.
CREATE TABLE calendar_feeds (
	employee_id INTEGER PRIMARY KEY REFERENCES employees(id),
	token_hash TEXT NOT NULL UNIQUE,
	created_at BIGINT NOT NULL
);
