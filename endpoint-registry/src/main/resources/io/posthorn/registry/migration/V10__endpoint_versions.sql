-- Schema version pins per endpoint (decision 0047): exact event type -> the versions the endpoint
-- accepts, e.g. {"invoice.paid": [2]}; a type not listed is delivered in every version.
ALTER TABLE posthorn_registry.endpoints
  ADD COLUMN schema_versions jsonb NOT NULL DEFAULT '{}'::jsonb
  CONSTRAINT endpoints_schema_versions_object CHECK (jsonb_typeof(schema_versions) = 'object');
