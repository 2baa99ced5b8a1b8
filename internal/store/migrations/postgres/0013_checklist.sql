-- DC3.4, DC4.9, FD2.3: the documentation checklist of a case. One row per
-- required document of the case's unit that someone has marked; a document
-- without a row is missing. state is 'missing', 'received' or
-- 'not_relevant'. A received document has the time it came in and, where
-- known, the record it came with; reason is the counsellor's short note,
-- required for 'not_relevant'. changed_by and changed_at say who set the
-- state last and when.
CREATE TABLE checklist_items (
	case_id BIGINT NOT NULL REFERENCES cases(id),
	item TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('missing', 'received', 'not_relevant')),
	received_at BIGINT NOT NULL DEFAULT 0,
	record_id BIGINT REFERENCES records(id),
	reason TEXT NOT NULL DEFAULT '',
	changed_by BIGINT NOT NULL REFERENCES employees(id),
	changed_at BIGINT NOT NULL,
	PRIMARY KEY (case_id, item)
);
