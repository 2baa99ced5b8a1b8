-- A municipality's own closed days (e.g. Christmas Eve), on top of the
-- country's public holidays: deadlines in working days skip them.
CREATE TABLE closed_days (
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	day TEXT NOT NULL,
	PRIMARY KEY (municipality_id, day)
);
