-- The citizen portal's sessions, apart from the staff's: a citizen who logged
-- in through the identity provider (or the demo's test identity) is a
-- person, never an employee. The browser holds the token; only its hash is
-- kept. id_token is the provider's ID token, kept as the hint its logout
-- endpoint asks for.
CREATE TABLE citizen_sessions (
	token_hash TEXT PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	person_id INTEGER NOT NULL REFERENCES persons(id),
	csrf TEXT NOT NULL,
	method TEXT NOT NULL,
	id_token TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX citizen_sessions_person ON citizen_sessions (person_id);
CREATE INDEX citizen_sessions_expires ON citizen_sessions (expires_at);

-- A login under way at the identity provider: the state the callback must
-- bring back (hashed), the nonce the ID token must carry, the PKCE verifier,
-- where to go after, and the form a citizen had typed when their session
-- ran out, to offer it again. A flow is used once and lives minutes.
CREATE TABLE citizen_login_flows (
	state_hash TEXT PRIMARY KEY,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	nonce TEXT NOT NULL,
	verifier TEXT NOT NULL,
	next TEXT NOT NULL DEFAULT '',
	resume TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX citizen_login_flows_expires ON citizen_login_flows (expires_at);
