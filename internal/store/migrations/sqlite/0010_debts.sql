-- DC4.6, DC6: the debt schedule (one row per claim), the household budget
-- and the dated living-cost rates (domain.md §3.3).
CREATE TABLE claims (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	kind TEXT NOT NULL,
	creditor TEXT NOT NULL,
	creditor_addr TEXT NOT NULL DEFAULT '',
	reference TEXT NOT NULL DEFAULT '',
	principal BIGINT NOT NULL DEFAULT 0,
	interest BIGINT NOT NULL DEFAULT 0,
	fees BIGINT NOT NULL DEFAULT 0,
	balance BIGINT NOT NULL,
	monthly BIGINT NOT NULL DEFAULT 0,
	secured INTEGER NOT NULL DEFAULT 0,
	in_collection INTEGER NOT NULL DEFAULT 0,
	source TEXT NOT NULL,
	as_of TEXT NOT NULL DEFAULT '',
	requested_at BIGINT NOT NULL DEFAULT 0,
	answered_at BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX claims_case ON claims (case_id, id);

CREATE TABLE budgets (
	case_id INTEGER PRIMARY KEY REFERENCES cases(id),
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	household TEXT NOT NULL,
	child_ages TEXT NOT NULL DEFAULT '[]',
	income TEXT NOT NULL DEFAULT '[]',
	expenses TEXT NOT NULL DEFAULT '[]',
	years INTEGER NOT NULL DEFAULT 0,
	lump_sum BIGINT NOT NULL DEFAULT 0,
	refi_rate INTEGER NOT NULL DEFAULT 0,
	refi_years INTEGER NOT NULL DEFAULT 0,
	note TEXT NOT NULL DEFAULT '',
	updated_at BIGINT NOT NULL,
	updated_by INTEGER REFERENCES employees(id)
);

CREATE TABLE living_cost_rates (
	country TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	single BIGINT NOT NULL,
	cohabiting BIGINT NOT NULL,
	supporting_partner BIGINT NOT NULL,
	child_0_5 BIGINT NOT NULL,
	child_6_10 BIGINT NOT NULL,
	child_11_14 BIGINT NOT NULL,
	child_15_plus BIGINT NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	PRIMARY KEY (country, valid_from)
);
