-- The subscriber portal (decision 0048): single-use links and the browser sessions they open.
-- Only SHA-256 hashes of link tokens and session ids are stored; tenant_id NULL is an admin's.
CREATE TABLE posthorn_registry.portal_links (
    token_hash text        PRIMARY KEY,
    tenant_id  text        NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz NULL
);
CREATE INDEX portal_links_expiry ON posthorn_registry.portal_links (expires_at);

CREATE TABLE posthorn_registry.portal_sessions (
    id_hash      text        PRIMARY KEY,
    tenant_id    text        NULL,
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX portal_sessions_expiry ON posthorn_registry.portal_sessions (expires_at);
