-- URL checks (decision 0046). verification: the endpoint's verification handshake as JSON
-- ({"state":"pending"|"verified"|"failed","challenge","eventId","requestedAt","expiresAt",
-- "verifiedAt"}), NULL for an endpoint that never asked for one. checked_at: when the periodic
-- check last pinged the endpoint (NULL: never).
ALTER TABLE posthorn_registry.endpoints ADD COLUMN verification jsonb NULL
    CHECK (verification IS NULL OR jsonb_typeof(verification) = 'object');
ALTER TABLE posthorn_registry.endpoints ADD COLUMN checked_at timestamptz NULL;
-- the expiry sweep reads only the pending ones
CREATE INDEX endpoints_verification_pending ON posthorn_registry.endpoints (id)
    WHERE verification ->> 'state' = 'pending';
