-- Inbound connections (issue 17, decision 0053): the registry's API changes them, the inbound
-- gateway reads enabled and document by id (event-schema's ConnectionTable). The document holds
-- the verification secret sealed for the connection (SecretSeal.sealConnection). Numbered after
-- the decision so that parallel branches' migrations cannot take the same version.
CREATE TABLE posthorn_registry.connections (
    seq         bigserial   NOT NULL UNIQUE,
    id          text        PRIMARY KEY,
    tenant_id   text        NULL REFERENCES posthorn_registry.tenants (id),
    description text        NOT NULL DEFAULT '',
    enabled     boolean     NOT NULL DEFAULT true,
    document    jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT connections_document_is_object CHECK (jsonb_typeof(document) = 'object')
);
CREATE INDEX connections_tenant ON posthorn_registry.connections (tenant_id, seq);
