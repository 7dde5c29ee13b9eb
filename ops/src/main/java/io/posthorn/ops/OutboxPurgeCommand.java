package io.posthorn.ops;

import io.posthorn.schema.OutboxPurge;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code posthorn outbox-purge}: the outbox's housekeeping, once; schedule it (cron, a Kubernetes
 * CronJob).
 */
@Command(
    name = "outbox-purge",
    mixinStandardHelpOptions = true,
    description =
        "Deletes outbox rows older than the retention, in small batches, each committed on its own."
            + " Rows are relayed from the WAL, so deleting them never loses an event. Run it every few minutes.")
final class OutboxPurgeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DatabaseOptions database;

  @Option(
      names = "--retention",
      paramLabel = "DURATION",
      defaultValue = "PT1H",
      description =
          "Keep rows younger than this, for debugging (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration retention;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Rows per delete and commit (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() throws SQLException {
    OutboxPurge purge = OutboxPurge.create(retention, batchSize, Clock.systemUTC());
    try (Connection c = database.connect()) {
      long deleted = purge.purge(c);
      spec.commandLine()
          .getOut()
          .printf("outbox-purge: deleted %d row(s) older than %s%n", deleted, retention);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
