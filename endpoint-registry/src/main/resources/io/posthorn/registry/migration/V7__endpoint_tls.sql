-- Mutual TLS per endpoint (decision 0044): clientCertificate (PEM), the client key sealed for the
-- endpoint (sealedClientKey), caBundle (PEM); NULL for none.
ALTER TABLE posthorn_registry.endpoints ADD COLUMN tls jsonb NULL;
