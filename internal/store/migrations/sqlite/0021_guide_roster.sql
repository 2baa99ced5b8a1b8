-- CG13: the guide roster. Counter staff take turns as the citizen guide by
-- the hour; a row says that employee_id is guide in the hour starting at
-- hour (0-23, the municipality's local time) on day (YYYY-MM-DD).
CREATE TABLE guide_shifts (
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	day TEXT NOT NULL,
	hour INTEGER NOT NULL CHECK (hour >= 0 AND hour <= 23),
	employee_id INTEGER NOT NULL REFERENCES employees(id),
	set_by INTEGER NOT NULL REFERENCES employees(id),
	set_at BIGINT NOT NULL,
	PRIMARY KEY (municipality_id, day, hour, employee_id)
);
