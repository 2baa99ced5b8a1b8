-- CG3: the queue of a citizen service centre. A queue service is one queue
-- with a ticket prefix and targets for waiting and service time (seconds).
-- Counters call tickets of the services they serve (counter_services).
-- Tickets are numbered per service and day from queue_seq, a row updated in
-- the transaction that issues the ticket, so a number is never given twice
-- in a day, not under concurrency and not across restarts. A kiosk double
-- tap sends the same request_key and gets the same ticket. token names a
-- ticket in public links (the satisfaction survey).
CREATE TABLE queue_services (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	prefix TEXT NOT NULL,
	target_wait INTEGER NOT NULL DEFAULT 0,
	target_service INTEGER NOT NULL DEFAULT 0,
	UNIQUE (municipality_id, code)
);

CREATE TABLE counters (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	name TEXT NOT NULL,
	open INTEGER NOT NULL DEFAULT 0,
	employee_id INTEGER REFERENCES employees(id),
	UNIQUE (municipality_id, name)
);

CREATE TABLE counter_services (
	counter_id INTEGER NOT NULL REFERENCES counters(id),
	service_id INTEGER NOT NULL REFERENCES queue_services(id),
	PRIMARY KEY (counter_id, service_id)
);

CREATE TABLE queue_seq (
	service_id INTEGER NOT NULL REFERENCES queue_services(id),
	day TEXT NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (service_id, day)
);

CREATE TABLE tickets (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	service_id INTEGER NOT NULL REFERENCES queue_services(id),
	number TEXT NOT NULL,
	day TEXT NOT NULL,
	seq INTEGER NOT NULL,
	errand TEXT NOT NULL DEFAULT '',
	priority INTEGER NOT NULL DEFAULT 0,
	phone TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	lang TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'done', 'no_show', 'transferred')),
	counter_id INTEGER REFERENCES counters(id),
	issued_by INTEGER REFERENCES employees(id),
	issued_at BIGINT NOT NULL,
	called_at BIGINT NOT NULL DEFAULT 0,
	done_at BIGINT NOT NULL DEFAULT 0,
	recalls INTEGER NOT NULL DEFAULT 0,
	transferred_to INTEGER REFERENCES tickets(id),
	request_key TEXT UNIQUE,
	token TEXT NOT NULL UNIQUE,
	UNIQUE (service_id, day, seq)
);
CREATE INDEX tickets_waiting ON tickets (municipality_id, status, priority, issued_at);
CREATE INDEX tickets_counter ON tickets (counter_id, status);
CREATE INDEX tickets_day ON tickets (municipality_id, day);
