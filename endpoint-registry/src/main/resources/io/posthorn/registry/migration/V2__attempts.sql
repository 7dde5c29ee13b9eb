-- The attempt log: one row per delivery attempt read from posthorn.attempts. The unique origin
-- key makes a re-read batch (after a registry restart) insert nothing twice.
CREATE TABLE posthorn_registry.attempts (
    id                bigserial   PRIMARY KEY,
    endpoint_id       text        NOT NULL,
    tenant_id         text        NULL,
    event_id          text        NOT NULL,
    event_type        text        NOT NULL,
    attempt           integer     NOT NULL,
    started_at        timestamptz NOT NULL,
    duration_ms       bigint      NOT NULL,
    outcome           text        NOT NULL,
    status            integer     NOT NULL,
    error             text        NULL,
    response_snippet  text        NULL,
    disable_requested boolean     NOT NULL DEFAULT false,
    origin_topic      text        NOT NULL,
    origin_partition  integer     NOT NULL,
    origin_offset     bigint      NOT NULL,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    UNIQUE (source_partition, source_offset)
);
CREATE INDEX attempts_endpoint_time ON posthorn_registry.attempts (endpoint_id, started_at DESC, id DESC);
CREATE INDEX attempts_event ON posthorn_registry.attempts (event_id);
CREATE INDEX attempts_started ON posthorn_registry.attempts (started_at);

-- Redelivery requests that run in the background (recover), with progress to poll.
CREATE TABLE posthorn_registry.recoveries (
    id          text        PRIMARY KEY,
    endpoint_id text        NOT NULL REFERENCES posthorn_registry.endpoints (id) ON DELETE CASCADE,
    tenant_id   text        NULL,
    since       timestamptz NOT NULL,
    state       text        NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    total       integer     NOT NULL DEFAULT 0,
    sent        integer     NOT NULL DEFAULT 0,
    unavailable integer     NOT NULL DEFAULT 0,
    error       text        NULL,
    created_at  timestamptz NOT NULL,
    finished_at timestamptz NULL
);
