package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalog change reaches a running relay: no restart, and no quarantine of the first row. */
class CatalogReloadIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path catalog;

  @Test
  void aTypeAddedToTheDirectoryWhileRunningIsRelayed_notQuarantined() throws IOException {
    try (RelayFixture fx = new RelayFixture("catalogreload")) {
      fx.start(fx.config().catalogDir(catalog).build(), RelayListener.NONE);
      fx.execute(
          "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload)"
              + " VALUES ('00000000-0000-4000-8000-00000000000a', 'posthorn.ping', 'Ping', 'p',"
              + " '{\"message\": \"streaming\"}')");
      assertThat(fx.eventIds(1, WAIT)).contains("00000000-0000-4000-8000-00000000000a");

      // the writer's catalog has invoice.paid v2 before the relay reloaded its directory
      Files.writeString(
          catalog.resolve("invoice.paid.json"),
          "{\"title\": \"invoice.paid\", \"description\": \"Paid.\", \"versions\": ["
              + "{\"type\": \"object\", \"version\": 1, \"examples\": [{}]},"
              + "{\"type\": \"object\", \"version\": 2, \"required\": [\"amountCents\"],"
              + " \"examples\": [{\"amountCents\": 1}]}]}");
      fx.execute(
          "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload,"
              + " schema_version) VALUES ('00000000-0000-4000-8000-00000000000b', 'invoice.paid',"
              + " 'Invoice', 'inv_1', '{\"amountCents\": 4200}', 2)");

      assertThat(fx.eventIds(2, WAIT)).contains("00000000-0000-4000-8000-00000000000b");
    }
  }
}
