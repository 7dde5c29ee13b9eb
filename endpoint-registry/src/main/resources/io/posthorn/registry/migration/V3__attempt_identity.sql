-- An attempt is identified by what it is, not by where it was read: (endpoint, event, attempt
-- number, start). A re-read batch, or the same record produced twice, inserts nothing twice; the
-- attempt number alone repeats after a redelivery (it starts the ladder over), the start does not.
ALTER TABLE posthorn_registry.attempts DROP CONSTRAINT attempts_source_partition_source_offset_key;
ALTER TABLE posthorn_registry.attempts DROP COLUMN source_partition, DROP COLUMN source_offset;
ALTER TABLE posthorn_registry.attempts
    ADD CONSTRAINT attempts_identity UNIQUE (endpoint_id, event_id, attempt, started_at);
