-- The outbox: product services INSERT here inside their own transactions; the relay captures the
-- inserts from the WAL. Columns are the envelope's (docs/envelope.md).
CREATE TABLE IF NOT EXISTS posthorn.outbox (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    event_type     text        NOT NULL,
    aggregate_type text        NOT NULL,
    aggregate_id   text        NOT NULL,
    tenant_id      text        NULL,
    payload        jsonb       NOT NULL,
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    trace_id       text        NULL
);

COMMENT ON TABLE posthorn.outbox IS
    'Posthorn outbox: insert events in the same transaction as the business write; captured from the WAL.';
