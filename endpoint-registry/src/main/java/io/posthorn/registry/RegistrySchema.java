package io.posthorn.registry;

import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.endpoint.EndpointFeedTable;
import io.posthorn.schema.endpoint.SecretSeal;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Creates and upgrades the registry's tables (schema {@code posthorn_registry}, history table
 * {@code posthorn_registry.registry_schema_history}) with the versioned migrations in this jar, and
 * the outbox ({@code posthorn.outbox}) the registry writes its operational events to. Safe on every
 * start and from several processes.
 */
public final class RegistrySchema {
  private RegistrySchema() {}

  /**
   * @param seal the master key's seal, for the migration that seals custom header values
   */
  public static void migrate(DataSource dataSource, SecretSeal seal) {
    OutboxSchema.migrate(dataSource);
    flyway(dataSource, seal).load().migrate();
  }

  static FluentConfiguration flyway(DataSource dataSource, SecretSeal seal) {
    return Flyway.configure()
        .dataSource(dataSource)
        .javaMigrations(new HeaderSealMigration(seal))
        .schemas(EndpointFeedTable.SCHEMA)
        .table("registry_schema_history")
        .locations("classpath:io/posthorn/registry/migration");
  }
}
