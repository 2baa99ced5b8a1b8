-- A local copy of the population register (the embedded default behind
-- registry.Population and registry.Reservation), kept apart from torg's own
-- persons: `torg registry import` replaces a municipality's rows wholesale.
-- For strictly protected persons (kode 6) address is empty and forward holds
-- the forwarding address (SOT6); the real address is never stored.
CREATE TABLE register_persons (
	municipality_id BIGINT NOT NULL REFERENCES municipalities(id),
	nin TEXT NOT NULL,
	nin_country TEXT NOT NULL,
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	birth_date TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	forward TEXT NOT NULL DEFAULT '',
	protection INTEGER NOT NULL DEFAULT 0,
	deceased BOOLEAN NOT NULL DEFAULT FALSE,
	reserved BOOLEAN NOT NULL DEFAULT FALSE,
	imported_at BIGINT NOT NULL,
	PRIMARY KEY (municipality_id, nin)
);

-- A local copy of the property register (registry.Property): what each
-- person in register_persons owns, and how large a share.
CREATE TABLE register_properties (
	municipality_id BIGINT NOT NULL,
	nin TEXT NOT NULL,
	property_id TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT '',
	share TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL,
	PRIMARY KEY (municipality_id, nin, property_id),
	FOREIGN KEY (municipality_id, nin) REFERENCES register_persons(municipality_id, nin) ON DELETE CASCADE
);
