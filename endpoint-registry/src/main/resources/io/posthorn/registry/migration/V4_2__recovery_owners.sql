-- Recoveries belong to the registry instance running them, which renews its lease; another
-- instance takes a job over once its lease ran out, from the position it reached.
ALTER TABLE posthorn_registry.recoveries
    ADD COLUMN until_at     timestamptz NULL,
    ADD COLUMN owner        text        NULL,
    ADD COLUMN lease_until  timestamptz NULL,
    ADD COLUMN after_start  timestamptz NULL,
    ADD COLUMN after_id     bigint      NULL;
UPDATE posthorn_registry.recoveries SET until_at = created_at;
ALTER TABLE posthorn_registry.recoveries ALTER COLUMN until_at SET NOT NULL;
CREATE INDEX recoveries_running ON posthorn_registry.recoveries (lease_until) WHERE state = 'running';
