-- The phone number citizens call a unit on, printed in its letters and SMS
-- ("ring oss på telefon 38 00 12 34"). Empty leaves the phone out.
ALTER TABLE units ADD COLUMN phone TEXT NOT NULL DEFAULT '';
