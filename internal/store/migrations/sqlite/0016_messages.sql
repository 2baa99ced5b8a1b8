-- Citizen messages (DM1–DM9). A thread is one matter between a citizen and
-- one service; the DM routine runs on it (thread_routines, like
-- case_routines). Times are Unix microseconds; 0 means "not yet".
-- due_at is when the answer is due (working hours on the municipality's
-- calendar); while the thread waits for the citizen, waiting_since is set
-- and the due time moves on by the paused working time when it ends.
-- request_key is the one-time key of the form that opened the thread or
-- sent the message: a double submit stores one.
CREATE TABLE threads (
	id INTEGER PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	person_id INTEGER NOT NULL REFERENCES persons(id),
	case_id INTEGER REFERENCES cases(id),
	parent_id INTEGER REFERENCES threads(id),
	appointment_id INTEGER REFERENCES appointments(id),
	kind TEXT NOT NULL,
	subject TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('unread', 'in_progress', 'in_case_handling', 'waiting', 'done')),
	responsible_id INTEGER REFERENCES employees(id),
	due_at BIGINT NOT NULL DEFAULT 0,
	waiting_since BIGINT NOT NULL DEFAULT 0,
	first_answer_at BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	done_at BIGINT NOT NULL DEFAULT 0,
	request_key TEXT
);
CREATE INDEX threads_unit ON threads (unit_id, status, due_at);
CREATE INDEX threads_person ON threads (person_id, id);
CREATE INDEX threads_case ON threads (case_id);
CREATE UNIQUE INDEX threads_request_key ON threads (person_id, request_key) WHERE request_key IS NOT NULL;

CREATE TABLE messages (
	id INTEGER PRIMARY KEY,
	thread_id INTEGER NOT NULL REFERENCES threads(id),
	from_citizen INTEGER NOT NULL DEFAULT 0,
	author_id INTEGER REFERENCES employees(id),
	body TEXT NOT NULL,
	interim INTEGER NOT NULL DEFAULT 0,
	record_id INTEGER REFERENCES records(id),
	created_at BIGINT NOT NULL,
	read_by_citizen_at BIGINT NOT NULL DEFAULT 0,
	request_key TEXT
);
CREATE INDEX messages_thread ON messages (thread_id, id);
CREATE UNIQUE INDEX messages_request_key ON messages (thread_id, request_key) WHERE request_key IS NOT NULL;

-- A message's attachments, stored in blobs like a record's documents.
CREATE TABLE message_documents (
	id INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id),
	sha256 TEXT NOT NULL REFERENCES blobs(sha256),
	filename TEXT NOT NULL,
	media_type TEXT NOT NULL,
	size BIGINT NOT NULL
);
CREATE INDEX message_documents_message ON message_documents (message_id);

-- When an employee last opened a thread: a citizen's message after it is
-- unread for them.
CREATE TABLE thread_reads (
	thread_id INTEGER NOT NULL REFERENCES threads(id),
	employee_id INTEGER NOT NULL REFERENCES employees(id),
	read_at BIGINT NOT NULL,
	PRIMARY KEY (thread_id, employee_id)
);

-- The routine a thread runs (the DM routine) and the engine's state.
CREATE TABLE thread_routines (
	thread_id INTEGER NOT NULL REFERENCES threads(id),
	routine_id TEXT NOT NULL,
	version INTEGER NOT NULL,
	state TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (thread_id, routine_id)
);

-- A task a thread's routine made belongs to the thread.
ALTER TABLE tasks ADD COLUMN thread_id INTEGER REFERENCES threads(id);
CREATE INDEX tasks_thread ON tasks (thread_id);
