package io.posthorn.schema;

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

  private OutboxSchema() {}

  /** Applies pending migrations; safe to call on every start and from several processes. */
  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .table("outbox_schema_history")
        .locations("classpath:io/posthorn/schema/migration")
        .load()
        .migrate();
  }
}
