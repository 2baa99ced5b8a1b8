-- Routines as data: every published version of a routine file, and the
-- routine state of each case for each routine it runs. A case keeps the version it
-- started with.

CREATE TABLE routine_versions (
	id INTEGER PRIMARY KEY,
	routine_id TEXT NOT NULL,
	version INTEGER NOT NULL,
	source TEXT NOT NULL,
	published_at INTEGER NOT NULL,
	UNIQUE (routine_id, version)
);

CREATE TABLE case_routines (
	case_id INTEGER NOT NULL REFERENCES cases(id),
	routine_id TEXT NOT NULL,
	version INTEGER NOT NULL,
	state TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (case_id, routine_id)
);
