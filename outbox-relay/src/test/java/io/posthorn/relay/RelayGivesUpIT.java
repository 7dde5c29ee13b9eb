package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * A relay whose engine keeps failing without getting anything through stops, FAILED, naming the
 * cause.
 */
class RelayGivesUpIT {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void aRowKafkaRefusesOnEveryTry_endsTheRelayAfterTheBoundedRestarts_withTheProducersError()
      throws Exception {
    try (RelayFixture fx = new RelayFixture("givesup")) {
      refuseRecordsOver(
          600, fx, fx.name + ".events", fx.name + ".events.invalid"); // whichever way the row goes
      RecordingRelayListener events = new RecordingRelayListener();
      OutboxRelay relay =
          fx.start(
              fx.config()
                  .heartbeatInterval(Duration.ofMillis(500))
                  .maxRestartsWithoutProgress(2)
                  .build(),
              events);
      await().atMost(WAIT).until(() -> relay.health().isReady() && events.heartbeats.get() > 0);

      byte[] noise = new byte[3_000];
      new Random(7).nextBytes(noise); // does not compress below the topic's limit
      fx.execute(
          "INSERT INTO posthorn.outbox (event_type, aggregate_type, aggregate_id, payload) VALUES"
              + " ('posthorn.ping', 'Order', 'ord_1', '{\"message\": \""
              + Base64.getEncoder().encodeToString(noise)
              + "\"}')");

      await().atMost(WAIT).until(() -> relay.health().isFailed());
      assertThat(relay.health().detail())
          .contains(
              "its engine restarted 2 times in a row without getting a record from the WAL through to Kafka")
          .contains("the last cause: it stopped with an error: Kafka did not acknowledge")
          .contains("RecordTooLargeException");
      assertThat(events.stoppedWith.get()).isInstanceOf(RelayGaveUpException.class);
      assertThat(events.restarts)
          .hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(why -> assertThat(why).isInstanceOf(EngineRestart.Failed.class));
    }
  }

  private static void refuseRecordsOver(int bytes, RelayFixture fx, String... topics)
      throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fx.stack.kafka().bootstrapServers()))) {
      admin
          .createTopics(
              List.of(topics).stream()
                  .map(
                      t ->
                          new NewTopic(t, 3, (short) 1)
                              .configs(
                                  Map.of(
                                      TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(bytes))))
                  .toList())
          .all()
          .get();
    }
  }
}
