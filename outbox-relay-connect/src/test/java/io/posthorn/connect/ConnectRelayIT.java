package io.posthorn.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.TopicReader;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import io.posthorn.schema.endpoint.SecretSeal;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay on Kafka Connect: two distributed workers (child JVMs) run Debezium's PostgreSQL
 * connector with the shipped config ({@code ops/connect/}) and the plugin built by this module,
 * against the shared stack's PostgreSQL and Kafka.
 */
class ConnectRelayIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Outbox OUTBOX = Outbox.create(OutboxConfig.defaults(), Clock.systemUTC());
  private static final Path OPS_CONNECT = Path.of(System.getProperty("posthorn.connect.ops-dir"));
  private static final DevStack stack = DevStack.shared();
  private static final List<ConnectWorker> workers = new ArrayList<>();

  @BeforeAll
  static void startTwoWorkersInOneGroup() throws IOException {
    Properties settings = new Properties();
    try (Reader in = Files.newBufferedReader(OPS_CONNECT.resolve("worker.properties"))) {
      settings.load(in);
    }
    String group = "connect-it-" + UUID.randomUUID().toString().substring(0, 8);
    settings.setProperty("bootstrap.servers", stack.kafka().bootstrapServers());
    settings.setProperty("group.id", group);
    for (String store : List.of("config", "offset", "status")) {
      settings.setProperty(store + ".storage.topic", group + "." + store);
      settings.setProperty(store + ".storage.replication.factor", "1");
    }
    settings.setProperty("offset.storage.partitions", "1");
    settings.setProperty("status.storage.partitions", "1");
    settings.setProperty("plugin.path", System.getProperty("posthorn.connect.plugin-path"));
    // Small group timeouts, so a killed worker's task moves within seconds.
    settings.setProperty("session.timeout.ms", "2000");
    settings.setProperty("heartbeat.interval.ms", "500");
    settings.setProperty("rebalance.timeout.ms", "10000");
    // The tests prepare their databases while the workers start (they wait in runConnector).
    workers.add(ConnectWorker.start(settings));
    workers.add(ConnectWorker.start(settings));
  }

  @AfterAll
  static void stopWorkers() {
    workers.forEach(ConnectWorker::close);
  }

  @Test
  void writesTheEmbeddedRelaysKeysValuesAndHeaders_forEventsMalformedRowsAndEndpoints()
      throws Exception {
    String db = stack.postgres().createDatabase("connect");
    DataSource ds = stack.postgres().dataSource(db);
    OutboxSchema.migrate(ds);
    execute(ds, FEED_TABLE);
    RelayConfig embedded =
        RelayConfig.builder(
                stack.postgres().jdbcUrl(db), "postgres", "", stack.kafka().bootstrapServers())
            .slotName("embedded_" + db)
            .eventsTopic(db + ".embedded.events")
            .invalidTopic(db + ".embedded.invalid")
            .endpointsTopic(db + ".embedded.endpoints")
            .offsetsTopic(db + ".embedded.offsets")
            .captureEndpointFeed(true)
            .topicPartitions(3)
            // The transform quarantines a row of an unknown type at once; the embedded relay
            // would hold it (and everything behind it) for relay.catalog-wait first (decision
            // 0047). Compared here without the wait.
            .catalogWait(Duration.ZERO)
            .build();
    // The embedded relay creates the publication (outbox and feed); the connector shares it.
    OutboxRelay relay = OutboxRelay.create(embedded, RelayListener.NONE).start();
    try {
      runConnector(db, ds, db + ".connect");
      awaitSlotActive(ds, "embedded_" + db);

      Envelope order;
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        order =
            OUTBOX.emit(
                c,
                OutboxEvent.of(
                        "order.completed",
                        "Order",
                        "ord_42",
                        "{\"orderId\": \"ord_42\", \"totalCents\": 4200, \"currency\": \"EUR\"}")
                    .withTenant("t1")
                    .withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        try (Statement s = c.createStatement()) {
          s.execute(
              "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload)"
                  + " VALUES (gen_random_uuid(), 'posthorn.ping', 'Order', 'ord_7', '{}'),"
                  + " (gen_random_uuid(), 'user.renamed', 'User', 'usr_y', '{}'),"
                  + " (gen_random_uuid(), 'user.created', 'User', 'usr_x', '{\"userId\": \"usr_x\"}')");
        }
        try (PreparedStatement feed =
            c.prepareStatement(
                "INSERT INTO posthorn_registry.endpoint_feed (endpoint_id, document)"
                    + " VALUES (?, ?::jsonb), ('ep_1', NULL), ('ep_2', '{\"id\": \"ep_2\"}')")) {
          feed.setString(1, "ep_1");
          feed.setString(2, new String(endpointDocument("ep_1"), StandardCharsets.UTF_8));
          feed.execute();
        }
        c.commit();
      }

      Map<String, List<Published>> fromConnect = new LinkedHashMap<>();
      for (var topic : Map.of("events", 2, "invalid", 3, "endpoints", 2).entrySet()) {
        List<Published> fromEmbedded = read(db + ".embedded." + topic.getKey(), topic.getValue());
        fromConnect.put(topic.getKey(), read(db + ".connect." + topic.getKey(), topic.getValue()));
        assertThat(fromConnect.get(topic.getKey()))
            .as(topic.getKey())
            .hasSize(topic.getValue())
            .isEqualTo(fromEmbedded);
      }
      assertThat(fromConnect.get("events"))
          .anySatisfy(
              p -> {
                assertThat(p.key()).isEqualTo("ord_42");
                assertThat(p.headers())
                    .containsExactly(
                        EventHeaders.EVENT_ID + "=" + order.id(),
                        EventHeaders.EVENT_TYPE + "=order.completed",
                        EventHeaders.OCCURRED_AT + "=" + order.occurredAt(),
                        EventHeaders.TENANT_ID + "=t1",
                        EventHeaders.TRACE_ID + "=4bf92f3577b34da6a3ce929d0e0e4736",
                        EventHeaders.SCHEMA_VERSION + "=1");
              });
      assertThat(fromConnect.get("invalid"))
          .flatExtracting(Published::headers)
          .anySatisfy(h -> assertThat(h).contains("'user.renamed' is not in the event catalog"))
          .anySatisfy(h -> assertThat(h).contains("required property 'email' not found"))
          .anySatisfy(
              h -> assertThat(h).startsWith(EventHeaders.INVALID_REASON + "=endpoint ep_2: "));
      assertThat(fromConnect.get("endpoints"))
          .extracting(Published::key, p -> p.value() == null)
          .containsExactly(tuple("ep_1", false), tuple("ep_1", true));
    } finally {
      relay.close();
      anyLiveWorker().deleteConnector(db);
    }
  }

  @Test
  void aSecondWorkerTakesTheTaskOverAfterTheFirstIsKilled_losingNoRow() throws Exception {
    String db = stack.postgres().createDatabase("takeover");
    DataSource ds = stack.postgres().dataSource(db);
    OutboxSchema.migrate(ds);
    execute(
        ds,
        "CREATE PUBLICATION posthorn_outbox FOR TABLE posthorn.outbox WITH (publish = 'insert')");
    runConnector(db, ds, db);
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    written.addAll(insertRows(ds, 25));
                  }
                });
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), db + ".events")) {
      int beforeKill = reader.readAtLeast(200, WAIT).size();
      ConnectWorker owner = ownerOf(db);
      ConnectWorker survivor = workers.stream().filter(w -> w != owner).findFirst().orElseThrow();
      long killedAt = System.nanoTime();
      owner.kill();
      written.addAll(insertRows(ds, 300)); // while no worker runs the task
      await()
          .atMost(WAIT)
          .until(() -> survivor.task(db), state -> state.equals("RUNNING@" + survivor.id()));
      long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
      writer.join(WAIT);
      Set<String> expected = Set.copyOf(written);

      List<ConsumerRecord<byte[], byte[]>> records =
          reader.readUntil(r -> eventIds(r).containsAll(expected), WAIT);

      Set<String> missing = new HashSet<>(expected);
      missing.removeAll(eventIds(records));
      System.out.printf(
          "Connect takeover: %d rows, %d published before the SIGKILL, task running on the"
              + " second worker %d ms after it; %d records, %d duplicates, %d missing%n",
          expected.size(),
          beforeKill,
          takeoverMillis,
          records.size(),
          records.size() - eventIds(records).size(),
          missing.size());
      assertThat(expected).hasSize(1_300);
      assertThat(missing).as("rows never published").isEmpty();
    } finally {
      anyLiveWorker().deleteConnector(db);
    }
  }

  /** What a topic holds, comparable across the two relays (the topic name left out). */
  record Published(int partition, String key, String value, List<String> headers) {}

  private static List<Published> read(String topic, int count) {
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), topic)) {
      return reader.readAtLeast(count, WAIT).stream()
          .map(
              r ->
                  new Published(
                      r.partition(),
                      text(r.key()),
                      text(r.value()),
                      Stream.of(r.headers().toArray())
                          .map(h -> h.key() + "=" + text(h.value()))
                          .toList()))
          .sorted(
              Comparator.comparing(Published::partition)
                  .thenComparing(p -> String.valueOf(p.key())))
          .toList();
    }
  }

  /**
   * Puts the shipped connector config, pointed at {@code db} and at topics named from {@code
   * prefix}, and waits until its task streams from its slot.
   */
  private static void runConnector(String db, DataSource ds, String prefix) throws IOException {
    Map<String, String> config =
        new ObjectMapper()
            .readValue(
                OPS_CONNECT.resolve("posthorn-outbox-relay.json").toFile(),
                new TypeReference<LinkedHashMap<String, String>>() {});
    String slot = "connect_" + db;
    config.put("database.hostname", "127.0.0.1");
    config.put("database.port", String.valueOf(stack.postgres().port()));
    config.put("database.dbname", db);
    config.put("database.user", "postgres");
    config.put("database.password", "");
    config.put("topic.prefix", db); // unique per connector: Debezium names its JMX beans with it
    config.put("slot.name", slot);
    config.put(
        "heartbeat.action.query",
        "SELECT pg_logical_emit_message(false, 'posthorn-relay-heartbeat', '" + slot + "')");
    config.put("transforms.posthorn.topic.events", prefix + ".events");
    config.put("transforms.posthorn.topic.invalid", prefix + ".invalid");
    config.put("transforms.posthorn.topic.endpoints", prefix + ".endpoints");
    config.put("transforms.posthorn.catalog.dir", System.getenv("POSTHORN_CATALOG_DIR"));
    config.put("topic.creation.default.partitions", "3");
    config.put("topic.creation.default.replication.factor", "1");
    config.put("topic.creation.endpoints.include", prefix.replace(".", "\\.") + "\\.endpoints");
    await()
        .atMost(WAIT)
        .failFast("a worker exited", () -> workers.stream().anyMatch(ConnectWorker::died))
        .until(() -> workers.stream().allMatch(w -> !w.isAlive() || w.answers()));
    await().atMost(WAIT).until(() -> anyLiveWorker().putConnector(db, config));
    await()
        .atMost(WAIT)
        .until(() -> anyLiveWorker().task(db), state -> state.startsWith("RUNNING@"));
    awaitSlotActive(ds, slot);
  }

  private static ConnectWorker ownerOf(String connector) {
    String state = anyLiveWorker().task(connector);
    return workers.stream()
        .filter(w -> state.equals("RUNNING@" + w.id()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no worker runs " + connector + ": " + state));
  }

  private static ConnectWorker anyLiveWorker() {
    return workers.stream().filter(ConnectWorker::isAlive).findFirst().orElseThrow();
  }

  private static void awaitSlotActive(DataSource ds, String slot) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                "t"
                    .equals(
                        query(
                            ds,
                            "SELECT active FROM pg_replication_slots WHERE slot_name = '"
                                + slot
                                + "'")));
  }

  private static Set<String> eventIds(List<ConsumerRecord<byte[], byte[]>> records) {
    Set<String> ids = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      ids.add(text(r.headers().lastHeader(EventHeaders.EVENT_ID).value()));
    }
    return ids;
  }

  /** Inserts {@code n} valid rows in one transaction; their ids. */
  private static List<String> insertRows(DataSource ds, int n) {
    List<String> ids = new ArrayList<>(n);
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload)"
                + " VALUES ");
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      sql.append(i == 0 ? "" : ", ")
          .append("('")
          .append(id)
          .append("', 'posthorn.ping', 'Order', 'ord_")
          .append(i % 10)
          .append("', '{}')");
    }
    execute(ds, sql.toString());
    return ids;
  }

  private static byte[] endpointDocument(String id) {
    SecretSeal seal = SecretSeal.fromBase64(SecretSeal.generateMasterKey());
    return EndpointDocumentCodec.encode(
        new EndpointDocument(
            id,
            "t1",
            "https://hooks.example.test/in",
            true,
            List.of("order.*"),
            List.of(new EndpointDocument.Secret(seal.seal(id, "whsec_" + "a".repeat(32)), null)),
            2500,
            7,
            20,
            Map.of(),
            Map.of(),
            false));
  }

  /** The registry's endpoint feed table, as its migration V1 creates it. */
  private static final String FEED_TABLE =
      "CREATE SCHEMA posthorn_registry;"
          + " CREATE TABLE posthorn_registry.endpoint_feed (seq bigserial PRIMARY KEY,"
          + " endpoint_id text NOT NULL, document jsonb NULL,"
          + " written_at timestamptz NOT NULL DEFAULT now())";

  private static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static String query(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
