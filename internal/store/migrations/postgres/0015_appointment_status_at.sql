-- When an appointment's status was set: booked when it was made, held,
-- missed or cancelled when it was marked. The case timeline shows a meeting
-- marked before its start then, not at whatever time the page is read.
ALTER TABLE appointments ADD COLUMN status_at BIGINT NOT NULL DEFAULT 0;
-- Meetings marked earlier keep the time the timeline showed until now: their
-- start, or the time of this migration if that is earlier.
UPDATE appointments SET status_at = CASE WHEN status = 'booked' THEN created_at
	ELSE least(start_at, (extract(epoch FROM now()) * 1000000)::bigint) END;
