package io.posthorn.registry;

import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.endpoint.EndpointFeedTable;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the registry's tables (schema {@code posthorn_registry}, history table
 * {@code posthorn_registry.registry_schema_history}) with the versioned migrations in this jar, and
 * the outbox ({@code posthorn.outbox}) the registry writes its operational events to. Safe on every
 * start and from several processes.
 */
public final class RegistrySchema {
  private RegistrySchema() {}

  public static void migrate(DataSource dataSource) {
    OutboxSchema.migrate(dataSource);
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(EndpointFeedTable.SCHEMA)
        .table("registry_schema_history")
        .locations("classpath:io/posthorn/registry/migration")
        .load()
        .migrate();
  }
}
