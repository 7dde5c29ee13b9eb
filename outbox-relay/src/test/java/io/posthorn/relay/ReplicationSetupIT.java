package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicationSetupIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void refusesToRecreateASlotItHasStreamedFromBefore_namingTheWayOut() {
    try (RelayFixture fx = new RelayFixture("slotlost")) {
      RelayConfig config = fx.config().build();
      RecordingRelayListener events = new RecordingRelayListener();
      OutboxRelay relay = fx.start(config, events);
      fx.insert(1);
      await().atMost(WAIT).until(() -> events.published.size() == 1);
      relay.close(); // flushes the offsets
      fx.execute(
          "SELECT pg_drop_replication_slot('" + config.slotName() + "')"); // as after a failover

      assertThatThrownBy(() -> OutboxRelay.create(config, RelayListener.NONE).start())
          .isInstanceOf(SlotLostException.class)
          .hasMessageContaining("replication slot " + config.slotName() + " is missing")
          .hasMessageContaining(
              "SELECT pg_create_logical_replication_slot('" + config.slotName() + "', 'pgoutput')");
      assertThat(
              fx.query(
                  "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                      + config.slotName()
                      + "'"))
          .isEqualTo("0");
    }
  }

  @Test
  void firstStartNeverReplaysRowsCommittedBeforeTheSlotExisted() {
    try (RelayFixture fx = new RelayFixture("history")) {
      fx.insert(20);
      RecordingRelayListener events = new RecordingRelayListener();
      fx.start(fx.config().build(), events);
      await().atMost(WAIT).until(() -> events.streaming.get() == 1);
      String after = fx.insert(1).get(0).toString();

      assertThat(fx.eventIds(1, WAIT)).containsExactly(after);
      assertThat(events.published).containsExactly(after);
    }
  }

  @Test
  void refusesAPublicationThatDoesNotCarryTheOutbox() {
    try (RelayFixture fx = new RelayFixture("pubother")) {
      fx.execute("CREATE TABLE other (n int); CREATE PUBLICATION posthorn_outbox FOR TABLE other");

      assertThatThrownBy(() -> OutboxRelay.create(fx.config().build(), RelayListener.NONE).start())
          .isInstanceOf(RelayException.class)
          .hasMessageContaining(
              "publication posthorn_outbox does not publish inserts into posthorn.outbox")
          .hasMessageContaining("ALTER PUBLICATION posthorn_outbox ADD TABLE posthorn.outbox");
    }
  }

  @Test
  void refusesAPublicationThatSkipsInserts() {
    try (RelayFixture fx = new RelayFixture("pubupdates")) {
      fx.execute(
          "CREATE PUBLICATION posthorn_outbox FOR TABLE posthorn.outbox WITH (publish = 'update')");

      assertThatThrownBy(() -> OutboxRelay.create(fx.config().build(), RelayListener.NONE).start())
          .isInstanceOf(RelayException.class)
          .hasMessageContaining("does not publish inserts into posthorn.outbox");
    }
  }

  @Test
  void explainsTheMissingPrivilege_withoutThePassword() {
    try (RelayFixture fx = new RelayFixture("weakrole")) {
      fx.execute(
          "CREATE ROLE weak_"
              + fx.name
              + " LOGIN PASSWORD 'Weak-s3cret'; GRANT USAGE ON SCHEMA posthorn TO weak_"
              + fx.name
              + "; GRANT SELECT ON posthorn.outbox TO weak_"
              + fx.name);
      RelayConfig config =
          RelayConfig.builder(
                  fx.stack.postgres().jdbcUrl(fx.name),
                  "weak_" + fx.name,
                  "Weak-s3cret",
                  fx.stack.kafka().bootstrapServers())
              .slotName("slot_" + fx.name)
              .eventsTopic(fx.name + ".events")
              .invalidTopic(fx.name + ".invalid")
              .offsetsTopic(fx.name + ".offsets")
              .topicPartitions(1)
              .build();

      assertThatThrownBy(() -> OutboxRelay.create(config, RelayListener.NONE).start())
          .isInstanceOf(RelayException.class)
          .hasMessageContaining("permission denied")
          .hasMessageContaining("ALTER ROLE weak_" + fx.name + " REPLICATION")
          .message()
          .doesNotContain("Weak-s3cret");
    }
  }
}
