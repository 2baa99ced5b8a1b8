-- A task a routine made knows its step: completing it moves the routine on,
-- with one of the step's outcomes where it is a decision.
ALTER TABLE tasks ADD COLUMN routine_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN step_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN outcomes TEXT NOT NULL DEFAULT '[]';
