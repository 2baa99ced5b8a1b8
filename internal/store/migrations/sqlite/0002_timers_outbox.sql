-- Durable timers and the outbox, SQLite dialect. Both are rows written in the
-- same transaction as the change that causes them; the scheduler claims due
-- rows with a lease and records the result (DESIGN.md, "Timers and outbox
-- are rows"). Times are Unix microseconds (UTC); 0 means "not yet".

CREATE TABLE timers (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	case_id INTEGER REFERENCES cases(id),
	key TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '{}',
	due_at INTEGER NOT NULL,
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'fired', 'cancelled')),
	claimed_by TEXT NOT NULL DEFAULT '',
	claim_until INTEGER NOT NULL DEFAULT 0,
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	fired_at INTEGER NOT NULL DEFAULT 0,
	cancelled_at INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE INDEX timers_due ON timers (due_at, id) WHERE state = 'pending';
CREATE INDEX timers_lease ON timers (claim_until, id) WHERE state = 'claimed';
CREATE INDEX timers_case ON timers (case_id);

CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	case_id INTEGER REFERENCES cases(id),
	person_id INTEGER REFERENCES persons(id),
	channel TEXT NOT NULL CHECK (channel IN ('mailbox', 'print', 'sms', 'email')),
	recipient TEXT NOT NULL DEFAULT '',
	subject TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL DEFAULT '',
	document_sha256 TEXT REFERENCES blobs(sha256),
	idempotency_key TEXT NOT NULL UNIQUE,
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	claimed_by TEXT NOT NULL DEFAULT '',
	claim_until INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	sent_at INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX outbox_lease ON outbox (claim_until, id) WHERE status = 'sending';
CREATE INDEX outbox_failed ON outbox (municipality_id, id) WHERE status = 'failed';
CREATE INDEX outbox_case ON outbox (case_id);

-- The citizen's digital mailbox in torg: the default digital-post channel.
CREATE TABLE mailbox_messages (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	person_id INTEGER NOT NULL REFERENCES persons(id),
	outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox(id),
	subject TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	document_sha256 TEXT REFERENCES blobs(sha256),
	created_at INTEGER NOT NULL,
	read_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mailbox_messages_person ON mailbox_messages (person_id, id);

-- The print queue: items wait with batch_id NULL until a batch takes them.
CREATE TABLE print_batches (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	created_at INTEGER NOT NULL,
	document_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
	count INTEGER NOT NULL
);

CREATE TABLE print_items (
	outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id),
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	batch_id INTEGER REFERENCES print_batches(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX print_items_queue ON print_items (municipality_id, outbox_id) WHERE batch_id IS NULL;
CREATE INDEX print_items_batch ON print_items (batch_id);

-- The log sink that stands in for SMS and e-mail until a real adapter is
-- configured; administrators read it.
CREATE TABLE channel_log (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	channel TEXT NOT NULL,
	recipient TEXT NOT NULL,
	subject TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL DEFAULT '',
	outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox(id),
	created_at INTEGER NOT NULL
);
CREATE INDEX channel_log_recent ON channel_log (municipality_id, id);
