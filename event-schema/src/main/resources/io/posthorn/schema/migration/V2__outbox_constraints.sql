-- What the database refuses by itself, so rows written with plain SQL meet the same basic rules as
-- the Java writer's (docs/emitting-events.md). Rules that need the event catalog (is the type
-- registered, does the payload fit its schema) are checked by the writer and again by the relay,
-- which quarantines failing rows to posthorn.events.invalid.
--
-- NOT VALID: rows already in the table are not re-checked (the relay has captured them already, and
-- an old bad row must not block the upgrade); every row inserted from now on is.
ALTER TABLE posthorn.outbox
    ADD CONSTRAINT outbox_event_type_format
        CHECK (event_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$') NOT VALID,
    ADD CONSTRAINT outbox_aggregate_present
        CHECK (aggregate_type ~ '\S' AND aggregate_id ~ '\S') NOT VALID,
    ADD CONSTRAINT outbox_tenant_id_present
        CHECK (tenant_id IS NULL OR tenant_id ~ '\S') NOT VALID,
    ADD CONSTRAINT outbox_payload_is_object
        CHECK (jsonb_typeof(payload) = 'object') NOT VALID,
    ADD CONSTRAINT outbox_metadata_is_object
        CHECK (jsonb_typeof(metadata) = 'object') NOT VALID,
    -- 256 KiB of the payload as PostgreSQL renders it (jsonb text: ", " and ": " separators).
    ADD CONSTRAINT outbox_payload_size
        CHECK (octet_length(payload::text) <= 262144) NOT VALID,
    ADD CONSTRAINT outbox_trace_id_format
        CHECK (trace_id IS NULL OR (trace_id ~ '^[0-9a-f]{32}$' AND trace_id <> repeat('0', 32))) NOT VALID;
