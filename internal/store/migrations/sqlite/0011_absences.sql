-- DC1.4: how a unit's distribution table is applied. by_day says which day
-- of the month the table looks up: the applicant's day of birth ('birth',
-- the default) or the day the application was received ('received').
-- While the counsellor the table names is absent, new cases go to
-- fallback_id; NULL means the unit's shared list (unassigned, with a task
-- for the unit's leaders).
CREATE TABLE distribution_settings (
	unit_id INTEGER PRIMARY KEY REFERENCES units(id),
	by_day TEXT NOT NULL DEFAULT 'birth',
	fallback_id INTEGER REFERENCES employees(id),
	updated_at BIGINT NOT NULL
);

-- DC1.4: an employee's absence, from_date to to_date inclusive
-- (YYYY-MM-DD), so that no new case is given to someone who is away.
CREATE TABLE absences (
	id INTEGER PRIMARY KEY,
	employee_id INTEGER NOT NULL REFERENCES employees(id),
	from_date TEXT NOT NULL,
	to_date TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL REFERENCES employees(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX absences_employee ON absences (employee_id, to_date);

-- DC1.5: the last fill-in from the registers of each person: when, by
-- whom, and the properties the property register listed then (JSON), so
-- that the person's page shows what the registers said and on which date.
CREATE TABLE register_fill_ins (
	person_id INTEGER PRIMARY KEY REFERENCES persons(id),
	filled_by INTEGER NOT NULL REFERENCES employees(id),
	filled_at BIGINT NOT NULL,
	properties TEXT NOT NULL DEFAULT '[]'
);
