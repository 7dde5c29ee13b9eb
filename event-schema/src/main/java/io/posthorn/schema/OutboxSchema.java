package io.posthorn.schema;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the {@code posthorn} schema (the outbox table) with the versioned migrations
 * shipped in this jar. Product services run it from their own migration step, or run the SQL files
 * in {@code io/posthorn/schema/migration} with their own tool.
 */
public final class OutboxSchema {
  public static final String SCHEMA = "posthorn";
  public static final String OUTBOX_TABLE = SCHEMA + ".outbox";
  private static final String LOCATION = "io/posthorn/schema/migration";

  private OutboxSchema() {}

  /**
   * Applies pending migrations; safe to call on every start and from several processes at once
   * (Flyway holds a PostgreSQL advisory lock while it migrates).
   *
   * @return how many migrations this call applied (0 when the schema was up to date)
   */
  public static int migrate(DataSource dataSource) {
    return flyway(dataSource).migrate().migrationsExecuted;
  }

  /** The migrations {@link #migrate} would apply, without changing anything. */
  public static List<PendingMigration> pending(DataSource dataSource) {
    return PendingMigration.of(flyway(dataSource), LOCATION);
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .table("outbox_schema_history")
        .locations("classpath:" + LOCATION)
        .load();
  }
}
