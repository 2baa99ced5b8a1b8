-- The one-time key of the form or API request that added a claim, so that
-- a double submit adds one claim, also across a restart.
ALTER TABLE claims ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX claims_request_key ON claims (case_id, request_key) WHERE request_key IS NOT NULL;
