package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.LocalPostgres;
import io.posthorn.devstack.LocalPostgres.Shutdown;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL restarted under the relay while rows are written, first with a fast shutdown (sessions
 * cut, checkpoint), then with an immediate one (SIGQUIT, crash recovery on start). The relay, never
 * touched by the test, reconnects by itself; every committed row reaches every endpoint; the
 * replication slot is the one it had. A server of the class's own, since restarting the shared one
 * would cut every other test.
 */
class PostgresRestartIT {
  private static final int ROWS = Integer.getInteger("faults.events", 600);
  private static final int PER_SECOND = Integer.getInteger("faults.rate", 150);
  private static final Duration WAIT = Duration.ofSeconds(120 + ROWS / 100);
  private static LocalPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = LocalPostgres.start(0);
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Timeout(3600)
  void fastThenImmediateRestartWhileRowsAreWritten_theRelayReconnects_andNothingIsLost()
      throws Exception {
    String database = postgres.createDatabase("restart");
    try (FaultPipeline p =
        new FaultPipeline(
            "pgrestart",
            postgres.jdbcUrl(database),
            postgres.dataSource(database),
            DevStack.shared().kafka().bootstrapServers(),
            2)) {
      p.startRelay();
      p.startWorker();
      OutboxLoad load = p.load(PER_SECOND).limit(ROWS);
      String slot = p.relaySettings.get("relay.slot");
      load.awaitCommitted(ROWS / 3, WAIT);
      assertThat(slotExists(database, slot)).isTrue();

      postgres.restart(Shutdown.FAST);
      load.awaitCommitted(ROWS * 2 / 3, WAIT);
      postgres.restart(Shutdown.IMMEDIATE);

      load.awaitCommitted(ROWS, WAIT);
      load.stop();
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(p.ledger.report().lost()).as("lost pairs").isZero());
      var report = p.ledger.report();
      System.out.printf(
          "PostgresRestartIT (fast, then immediate shutdown): %d writes retried; %s%n",
          load.failures(), report);
      assertThat(report.lost()).isZero();
      assertThat(report.unpublished()).isZero();
      assertThat(report.sent()).isGreaterThanOrEqualTo((long) ROWS * 2);
      // Had the slot been lost, the relay would have refused to create another over its offsets
      // (SlotLostException) and nothing after the restart would have arrived.
      assertThat(slotExists(database, slot)).as("the slot survived the restart").isTrue();
    }
  }

  private static boolean slotExists(String database, String slot) throws Exception {
    try (Connection c = postgres.dataSource(database).getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = ? AND database = ?")) {
      s.setString(1, slot);
      s.setString(2, database);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 1;
      }
    }
  }
}
