-- The catalog schema version of event_type the payload was written as (docs/event-catalog.md). The
-- Java writer stamps the version it checked; a plain-SQL writer may set it. NULL means "the latest
-- version the relay knows": the relay checks against that and stamps it into the envelope.
ALTER TABLE posthorn.outbox
    ADD COLUMN IF NOT EXISTS schema_version integer NULL,
    ADD CONSTRAINT outbox_schema_version_positive
        CHECK (schema_version IS NULL OR schema_version >= 1) NOT VALID;
