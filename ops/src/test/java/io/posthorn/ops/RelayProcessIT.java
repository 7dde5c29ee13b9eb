package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.OutboxSchema;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay as a real process (bin/posthorn relay): kill -9, takeover by a standby, SIGTERM, and a
 * failure that the process's supervisor turns into exit status 1.
 */
class RelayProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private final DevStack stack = DevStack.shared();
  @TempDir Path dir;
  private String name;
  private DataSource db;

  @Test
  void killedMidStream_theRestartedRelayPublishesEveryRow_withBoundedDuplicates() throws Exception {
    Path config = setUp("crash");
    try (RelayProcess first = RelayProcess.start("relay-1", config)) {
      first.awaitLine("relay slot_" + name + ": streaming", WAIT);
      OutboxWriter writer = OutboxWriter.start(db, 10_000);
      writer.awaitInserted(4_000);
      first.kill9();
      try (RelayProcess second = RelayProcess.start("relay-2", config)) {
        second.awaitLine("relay slot_" + name + ": streaming", WAIT);
        writer.awaitDone();
        Delivered delivered = readEvents(writer.ids().size());

        assertThat(delivered.distinct()).containsExactlyInAnyOrderElementsOf(writer.ids());
        System.out.printf(
            "kill -9 while 10,000 rows streamed in: every row delivered, %d duplicates%n",
            delivered.duplicates());
        assertThat(delivered.duplicates())
            .as("offsets were flushed before the kill")
            .isLessThan(10_000);
      }
    }
  }

  @Test
  void twoRelays_oneStreamsTheOtherWaits_andTakesOverAfterKill9_losingNothing() throws Exception {
    Path config = setUp("takeover");
    // The second starts once the first streams: started together, either may win the lease.
    try (RelayProcess first = RelayProcess.start("relay-1", config)) {
      first.awaitLine("relay slot_" + name + ": streaming", WAIT);
      try (RelayProcess second = RelayProcess.start("relay-2", config)) {
        second.awaitLine("relay slot_" + name + ": standby", WAIT);
        List<String> ids = new ArrayList<>(insert(1_000));
        readEvents(1_000);
        assertThat(second.saw(": active")).isFalse();

        long killed = System.nanoTime();
        first.kill9();
        second.awaitLine("relay slot_" + name + ": streaming", WAIT);
        double takeover = (System.nanoTime() - killed) / 1e9;
        ids.addAll(insert(1_000));

        assertThat(readEvents(2_000).distinct()).containsExactlyInAnyOrderElementsOf(ids);
        System.out.printf(
            "takeover after kill -9 of the active relay: %.1f s until the standby streamed%n",
            takeover);
        assertThat(takeover).isLessThan(60);
      }
    }
  }

  @Test
  void sigtermMidStreamStopsCleanly_andARestartSendsNoDuplicates() throws Exception {
    Path config = setUp("sigterm");
    try (RelayProcess first = RelayProcess.start("relay-1", config)) {
      first.awaitLine("relay slot_" + name + ": streaming", WAIT);
      OutboxWriter writer = OutboxWriter.start(db, 5_000);
      writer.awaitInserted(2_000);
      first.sigterm();
      assertThat(first.awaitExit(WAIT)).as(first.output()).isEqualTo(143);
      assertThat(first.output()).contains("relay slot_" + name + ": stopped");
      writer.awaitDone();

      try (RelayProcess second = RelayProcess.start("relay-2", config)) {
        second.awaitLine("relay slot_" + name + ": streaming", WAIT);
        Delivered delivered = readEvents(5_000);
        assertThat(delivered.distinct()).containsExactlyInAnyOrderElementsOf(writer.ids());
        assertThat(delivered.duplicates()).isZero();
        assertThat(Metrics.scrape(second.output(), "posthorn relay: metrics at "))
            .contains("posthorn_relay_active{component=\"relay\"} 1.0")
            .containsPattern("posthorn_relay_events_published_total\\{component=\"relay\"} [1-9]")
            .contains("posthorn_relay_slot_retained_wal_bytes", "jvm_memory_used_bytes");
      }
    }
  }

  @Test
  void aTopicDeletedWhileRunning_withCreateOff_makesTheProcessExit1NamingIt_afterReadyzSaidReady()
      throws Exception {
    Path config = setUp("gone");
    Files.writeString(config, "relay.topic.create=false\n", StandardOpenOption.APPEND);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
      Map<String, String> compacted =
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      admin
          .createTopics(
              List.of(
                  new NewTopic(name + ".events", 3, (short) 1),
                  new NewTopic(name + ".invalid", 3, (short) 1),
                  new NewTopic(name + ".offsets", 1, (short) 1).configs(compacted)))
          .all()
          .get();
      try (RelayProcess relay = RelayProcess.start("relay-1", config)) {
        relay.awaitLine("relay slot_" + name + ": streaming", WAIT);
        HttpResponse<String> ready =
            Metrics.get(relay.output(), "posthorn relay: metrics at ", "/readyz");
        HttpResponse<String> alive =
            Metrics.get(relay.output(), "posthorn relay: metrics at ", "/healthz");

        admin.deleteTopics(List.of(name + ".events")).all().get();

        assertThat(relay.awaitExit(WAIT)).as(relay.output()).isEqualTo(1);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(alive.statusCode()).isEqualTo(200);
        assertThat(relay.output())
            .contains(
                "the relay failed: relay on slot slot_"
                    + name
                    + " stopped: topic "
                    + name
                    + ".events is missing on Kafka")
            .contains("relay.topic.create is false")
            .contains("exiting with status 1");
      }
    }
  }

  private Path setUp(String prefix) throws Exception {
    name = stack.postgres().createDatabase(prefix);
    db = stack.postgres().dataSource(name);
    OutboxSchema.migrate(db);
    return Files.writeString(
        dir.resolve("relay.properties"),
        String.join(
            "\n",
            "relay.database.url=" + stack.postgres().jdbcUrl(name),
            "relay.database.user=postgres",
            "relay.database.password=",
            "relay.kafka.bootstrap-servers=" + stack.kafka().bootstrapServers(),
            "relay.slot=slot_" + name,
            "relay.topic.events=" + name + ".events",
            "relay.topic.invalid=" + name + ".invalid",
            "relay.topic.offsets=" + name + ".offsets",
            "relay.topic.partitions=3",
            "relay.topic.replication-factor=1",
            "relay.heartbeat-interval=1s",
            "relay.standby-check-interval=200ms",
            "metrics.port=0",
            ""));
  }

  private List<String> insert(int n) throws SQLException {
    return OutboxWriter.insert(db, n);
  }

  /** Reads the events topic until {@code expected} distinct event ids were seen. */
  private Delivered readEvents(int expected) {
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), name + ".events")) {
      List<ConsumerRecord<byte[], byte[]>> records =
          reader.readUntil(r -> ids(r).size() >= expected, WAIT);
      return new Delivered(ids(records), records.size() - ids(records).size());
    }
  }

  private static Set<String> ids(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<String> ids = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      ids.add(
          new String(
              r.headers().lastHeader(EventHeaders.EVENT_ID).value(), StandardCharsets.UTF_8));
    }
    return ids;
  }

  private record Delivered(Set<String> distinct, int duplicates) {}
}
