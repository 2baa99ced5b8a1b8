-- CG14: the one-question satisfaction survey a citizen may answer after a
-- visit, on the kiosk or by a link in an SMS. A row is made when a queue
-- ticket is done; the token is in the link; score is NULL until answered.
-- The errand is copied so that results by errand need no other table, and
-- the row holds nothing about the person.
CREATE TABLE queue_surveys (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	ticket_id INTEGER NOT NULL UNIQUE,
	token TEXT NOT NULL UNIQUE,
	day TEXT NOT NULL,
	number TEXT NOT NULL,
	errand TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	score INTEGER,
	channel TEXT NOT NULL DEFAULT '',
	answered_at BIGINT
);
CREATE INDEX queue_surveys_day ON queue_surveys (municipality_id, day, number);
