package io.posthorn.inbound;

import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.PendingMigration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Creates and upgrades the gateway's log (schema {@code posthorn_inbound}, history table {@code
 * posthorn_inbound.inbound_schema_history}) and the outbox it writes to. Safe on every start and
 * from several processes.
 */
public final class InboundSchema {
  /** The gateway's schema. */
  public static final String SCHEMA = "posthorn_inbound";

  private static final String LOCATION = "io/posthorn/inbound/migration";

  private InboundSchema() {}

  /** Applies what is missing; returns how many migrations ran, the outbox's included. */
  public static int migrate(DataSource dataSource) {
    int outbox = OutboxSchema.migrate(dataSource);
    return outbox + flyway(dataSource).load().migrate().migrationsExecuted;
  }

  /** What {@link #migrate} would apply, the outbox's first, without changing anything. */
  public static List<PendingMigration> pending(DataSource dataSource) {
    List<PendingMigration> pending = new ArrayList<>(OutboxSchema.pending(dataSource));
    pending.addAll(PendingMigration.of(flyway(dataSource).load(), LOCATION));
    return pending;
  }

  private static FluentConfiguration flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .table("inbound_schema_history")
        .locations("classpath:" + LOCATION);
  }
}
