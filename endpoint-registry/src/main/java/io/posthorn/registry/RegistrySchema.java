package io.posthorn.registry;

import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.PendingMigration;
import io.posthorn.schema.endpoint.EndpointFeedTable;
import io.posthorn.schema.endpoint.SecretSeal;
import java.util.ArrayList;
import java.util.List;
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

  private static final String LOCATION = "io/posthorn/registry/migration";

  /**
   * @param seal the master key's seal, for the migration that seals custom header values
   * @return how many migrations this call applied, the outbox's included
   */
  public static int migrate(DataSource dataSource, SecretSeal seal) {
    int outbox = OutboxSchema.migrate(dataSource);
    return outbox + flyway(dataSource, seal).load().migrate().migrationsExecuted;
  }

  /** The migrations {@link #migrate} would apply, the outbox's first, without changing anything. */
  public static List<PendingMigration> pending(DataSource dataSource, SecretSeal seal) {
    List<PendingMigration> pending = new ArrayList<>(OutboxSchema.pending(dataSource));
    pending.addAll(PendingMigration.of(flyway(dataSource, seal).load(), LOCATION));
    return pending;
  }

  static FluentConfiguration flyway(DataSource dataSource, SecretSeal seal) {
    return Flyway.configure()
        .dataSource(dataSource)
        .javaMigrations(new HeaderSealMigration(seal))
        .schemas(EndpointFeedTable.SCHEMA)
        .table("registry_schema_history")
        .locations("classpath:" + LOCATION);
  }
}
