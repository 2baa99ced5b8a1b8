-- FD4: the kind of an absence (sick, vacation, course, reduced_day or
-- other, the kind of those recorded before kinds existed) and, for a
-- reduced working day, the hours of each day the employee is away
-- ("12:00" to "15:30"; empty for the other kinds, which last whole days).
ALTER TABLE absences ADD COLUMN kind TEXT NOT NULL DEFAULT 'other';
ALTER TABLE absences ADD COLUMN away_from TEXT NOT NULL DEFAULT '';
ALTER TABLE absences ADD COLUMN away_to TEXT NOT NULL DEFAULT '';

-- FD4.2, FD4.4: the leader marks each meeting of an absent employee whose
-- citizen, partner agency and interpreter have been told.
CREATE TABLE absence_informed (
	absence_id INTEGER NOT NULL REFERENCES absences(id),
	appointment_id INTEGER NOT NULL REFERENCES appointments(id),
	informed_by INTEGER NOT NULL REFERENCES employees(id),
	informed_at BIGINT NOT NULL,
	PRIMARY KEY (absence_id, appointment_id)
);

-- DM3: short notices to an employee, read on the mobile page /m, such as
-- "the home visit at 10:00 is cancelled". read_at is NULL until read.
CREATE TABLE employee_notices (
	id INTEGER PRIMARY KEY,
	employee_id INTEGER NOT NULL REFERENCES employees(id),
	body TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	read_at BIGINT
);
CREATE INDEX employee_notices_employee ON employee_notices (employee_id, id);
