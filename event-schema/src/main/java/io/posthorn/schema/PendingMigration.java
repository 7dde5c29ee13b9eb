package io.posthorn.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * A versioned migration not yet applied to a database: what {@code posthorn migrate --dry-run}
 * prints. Reading the pending migrations changes nothing, not even a missing schema.
 *
 * @param history the schema history table that records it, e.g. {@code
 *     posthorn.outbox_schema_history}
 * @param version its version, e.g. {@code 3}
 * @param description its description, from the file or class name
 * @param sql the statements it runs, or, for a migration written in Java, a comment naming its
 *     class
 */
public record PendingMigration(String history, String version, String description, String sql) {

  /**
   * The migrations {@code flyway} would apply, in order, with the SQL of each script read from the
   * class path under {@code location} (such as {@code io/posthorn/schema/migration}).
   */
  public static List<PendingMigration> of(Flyway flyway, String location) {
    Configuration conf = flyway.getConfiguration();
    String history = conf.getSchemas()[0] + "." + conf.getTable();
    return Arrays.stream(flyway.info().pending())
        .map(
            m ->
                new PendingMigration(
                    history, m.getVersion().getVersion(), m.getDescription(), sql(location, m)))
        .toList();
  }

  private static String sql(String location, MigrationInfo m) {
    String script = m.getScript();
    if (!script.endsWith(".sql")) {
      return "-- (written in Java: " + script + ")";
    }
    String resource = location + "/" + script;
    try (InputStream in = PendingMigration.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("migration " + resource + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("reading migration " + resource, e);
    }
  }
}
