-- The endpoint registry's tables (schema posthorn_registry). Endpoint changes reach the workers
-- through endpoint_feed, which the relay captures (docs/decisions/0008-endpoint-propagation-through-the-relay.md).

CREATE TABLE posthorn_registry.tenants (
    id                     text        PRIMARY KEY CHECK (id ~ '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$'),
    allow_http             boolean     NOT NULL DEFAULT false,
    allow_private_networks boolean     NOT NULL DEFAULT false,
    created_at             timestamptz NOT NULL
);

-- Keys are shown once; only the SHA-256 of the whole key is kept. tenant_id NULL = an admin key.
CREATE TABLE posthorn_registry.api_keys (
    id          text        PRIMARY KEY,
    key_hash    bytea       NOT NULL UNIQUE,
    key_prefix  text        NOT NULL,
    tenant_id   text        NULL REFERENCES posthorn_registry.tenants (id),
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz NULL
);

CREATE TABLE posthorn_registry.endpoints (
    id                    text        PRIMARY KEY,
    seq                   bigserial   NOT NULL UNIQUE,
    tenant_id             text        NULL REFERENCES posthorn_registry.tenants (id),
    url                   text        NOT NULL,
    description           text        NOT NULL DEFAULT '',
    enabled               boolean     NOT NULL DEFAULT true,
    disabled_reason       text        NULL,
    event_types           jsonb       NOT NULL CHECK (jsonb_typeof(event_types) = 'array'),
    timeout_ms            integer     NOT NULL CHECK (timeout_ms BETWEEN 1 AND 30000),
    max_in_flight         integer     NOT NULL CHECK (max_in_flight BETWEEN 1 AND 10000),
    rate_limit_per_second integer     NOT NULL CHECK (rate_limit_per_second >= 0),
    headers               jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(headers) = 'object'),
    metadata              jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX endpoints_tenant_seq ON posthorn_registry.endpoints (tenant_id, seq);

-- Sealed with the master key (AES-256-GCM, endpoint id as associated data). expires_at NULL is the
-- current secret; a rotated one keeps signing until its expires_at.
CREATE TABLE posthorn_registry.endpoint_secrets (
    endpoint_id text        NOT NULL REFERENCES posthorn_registry.endpoints (id) ON DELETE CASCADE,
    seq         bigserial   NOT NULL,
    sealed      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NULL,
    PRIMARY KEY (endpoint_id, seq)
);
CREATE UNIQUE INDEX endpoint_secrets_one_current ON posthorn_registry.endpoint_secrets (endpoint_id)
    WHERE expires_at IS NULL;

-- Insert-only: one row per endpoint change, the full document (secrets sealed) or NULL for a
-- deletion. The relay publishes each insert to posthorn.endpoints; old rows are purged.
CREATE TABLE posthorn_registry.endpoint_feed (
    seq         bigserial   PRIMARY KEY,
    endpoint_id text        NOT NULL,
    document    jsonb       NULL CHECK (document IS NULL OR jsonb_typeof(document) = 'object'),
    written_at  timestamptz NOT NULL DEFAULT now()
);
