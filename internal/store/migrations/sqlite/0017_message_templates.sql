-- Text templates per service for answering citizens' messages. purpose is
-- 'forwarded' (the interim reply of DM2), 'application' (the interim reply
-- of DM4, with the expected handling time), 'wrong_recipient' (the reply of
-- DM9) or 'answer' (a text staff start an answer from, named by its
-- title). A service without its own text for a purpose and language uses
-- torg's standard text.
CREATE TABLE message_templates (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	purpose TEXT NOT NULL CHECK (purpose IN ('forwarded', 'application', 'wrong_recipient', 'answer')),
	lang TEXT NOT NULL,
	title TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	updated_by INTEGER NOT NULL REFERENCES employees(id),
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX message_templates_key ON message_templates (unit_id, purpose, lang, title);

-- DM4: the expected handling time of an application to a service, in
-- weeks, told in the interim reply; 0 when the service has not set it.
CREATE TABLE message_settings (
	unit_id INTEGER PRIMARY KEY REFERENCES units(id),
	handling_weeks INTEGER NOT NULL DEFAULT 0,
	updated_by INTEGER NOT NULL REFERENCES employees(id),
	updated_at BIGINT NOT NULL
);
