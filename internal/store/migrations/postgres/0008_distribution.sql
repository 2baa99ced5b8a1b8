-- DC1.4: a unit's cases are distributed by a day of the month (the
-- applicant's day of birth): each range of days goes to one counsellor.
CREATE TABLE distribution_rules (
	unit_id BIGINT NOT NULL REFERENCES units(id),
	from_day INTEGER NOT NULL,
	to_day INTEGER NOT NULL,
	employee_id BIGINT NOT NULL REFERENCES employees(id),
	PRIMARY KEY (unit_id, from_day)
);

-- DC1.1: each submitted application form, by its request key, so that a
-- second submit of the same form returns the first case.
CREATE TABLE applications (
	municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
	request_key TEXT NOT NULL,
	case_id BIGINT NOT NULL REFERENCES cases(id),
	record_id BIGINT NOT NULL REFERENCES records(id),
	created_at BIGINT NOT NULL,
	PRIMARY KEY (municipality_id, request_key)
);
