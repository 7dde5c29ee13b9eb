-- OAuth 2.0 client credentials per endpoint (decision 0043): tokenUrl, clientId, the client
-- secret sealed for the endpoint (sealedClientSecret), scope, audience; NULL for none.
ALTER TABLE posthorn_registry.endpoints ADD COLUMN oauth jsonb NULL;
