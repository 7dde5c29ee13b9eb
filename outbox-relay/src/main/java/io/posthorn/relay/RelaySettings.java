package io.posthorn.relay;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.NO_DEFAULT_VALUE;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import io.posthorn.schema.Topics;
import io.posthorn.schema.catalog.CatalogSettings;
import io.posthorn.schema.config.ConfigKeys;
import io.posthorn.schema.config.InvalidSettingException;
import io.posthorn.schema.config.ParsedSettings;
import io.posthorn.schema.config.Rule;
import io.posthorn.schema.config.Settings;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The relay's config keys ({@link #DEFINITION}: type, default, rule and meaning of each) and how
 * flat settings (a config file with environment overrides) become a {@link RelayConfig}. An unknown
 * {@code relay.*} key or an unreadable value fails naming the key; range checks are the record's.
 * ops/config/relay.example.properties is generated from the definition.
 */
public final class RelaySettings {
  private static final String REQUIRED = "Required";
  private static final String SLOT = "Slot and publication";
  private static final String TOPICS = "Kafka topics";
  private static final String THROUGHPUT = "Throughput and latency";
  private static final String HEALTH = "Health";
  private static final String FEED = "The registry's endpoint feed";

  /** Every {@code relay.*} key, in the order the docs list them. */
  public static final ConfigDef DEFINITION = new ConfigDef();

  static {
    key(
        "relay.database.url",
        STRING,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        REQUIRED,
        "The database holding posthorn.outbox: jdbc:postgresql://host[:port]/database (no"
            + " ?query).");
    key(
        "relay.database.user",
        STRING,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        REQUIRED,
        "Needs LOGIN REPLICATION and SELECT on posthorn.outbox (see docs/operations/relay.md).");
    key(
        "relay.database.password",
        PASSWORD,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        REQUIRED,
        "May be empty (trust or peer authentication). Never logged. Prefer"
            + " POSTHORN_RELAY_DATABASE_PASSWORD.");
    key(
        "relay.kafka.bootstrap-servers",
        STRING,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        REQUIRED,
        "Kafka's bootstrap servers, comma-separated.");
    key(
        "relay.slot",
        STRING,
        "posthorn_relay",
        null,
        MEDIUM,
        SLOT,
        "The logical replication slot. Relays configured with the same slot share it: one"
            + " streams, the others wait as standbys and take over. Lowercase"
            + " [a-z_][a-z0-9_]*.");
    key(
        "relay.publication",
        STRING,
        "posthorn_outbox",
        null,
        LOW,
        SLOT,
        "Created at start if missing: FOR TABLE posthorn.outbox WITH (publish = 'insert').");
    key(
        "relay.topic.events",
        STRING,
        Topics.EVENTS,
        null,
        MEDIUM,
        TOPICS,
        "Where valid rows are published as envelopes.");
    key(
        "relay.topic.invalid",
        STRING,
        Topics.EVENTS_INVALID,
        null,
        MEDIUM,
        TOPICS,
        "Rows that cannot become an envelope, with a reason header.");
    key(
        "relay.topic.offsets",
        STRING,
        Topics.RELAY_OFFSETS,
        null,
        LOW,
        TOPICS,
        "The engine's source offsets (compacted, created by the relay with 1 partition).");
    key(
        "relay.topic.partitions",
        INT,
        12,
        null,
        LOW,
        TOPICS,
        "Partitions of the events and invalid topics, used only when the relay creates them.");
    key(
        "relay.topic.replication-factor",
        INT,
        null,
        Rule.between(1, Short.MAX_VALUE),
        MEDIUM,
        TOPICS,
        "Replication factor of the topics the relay creates, the offsets topic included"
            + " (1-32767); unset: 3 with min.insync.replicas=2 on a cluster of three brokers or"
            + " more, else one per broker. A factor of 3 or more always gets"
            + " min.insync.replicas=2.");
    key(
        "relay.topic.create",
        BOOLEAN,
        true,
        null,
        MEDIUM,
        TOPICS,
        "Create missing topics at start, and recreate one that goes missing while the relay runs"
            + " (deleted, or a broker back on an empty disk), with the settings above; the relay"
            + " logs the topic at ERROR either way. false: a missing topic fails the start, or"
            + " makes the relay fail (its process exits 1).");
    key(
        "relay.poll-interval",
        STRING,
        "10ms",
        Rule.duration(),
        MEDIUM,
        THROUGHPUT,
        "How long the engine waits to fill a batch before handing over what it has. It also sets"
            + " the cost of a quiet or slow outbox: the engine and the WAL reader wake this often,"
            + " and at a low rate each event travels alone through Kafka and the worker. Measured"
            + " (docs/benchmarks.md, whole pipeline, at 200 events/s): 10ms ~11-15 ms p50"
            + " insert->POST, ~3.5 CPU-s per 1,000 events for the whole pipeline, 0.1 core idle"
            + " for the relay; 50ms ~42 ms p50, 1.7 CPU-s per 1,000, 0.03 core idle.");
    key(
        "relay.batch-size",
        INT,
        2048,
        null,
        LOW,
        THROUGHPUT,
        "Change events per batch (1-100000).");
    key(
        "relay.max-unacked-batches",
        INT,
        4,
        null,
        LOW,
        THROUGHPUT,
        "Batches that may await Kafka's acknowledgements while the engine reads the next (0-64)."
            + " 0 waits for every batch: slower, the same guarantee.");
    key(
        "relay.offset-flush-interval",
        STRING,
        "1s",
        Rule.duration(),
        LOW,
        THROUGHPUT,
        "How often acknowledged positions are saved to the offsets topic, and the slot may"
            + " advance. A crash re-sends at most what was acknowledged in this interval plus the"
            + " unacknowledged batches.");
    key(
        "relay.heartbeat-interval",
        STRING,
        "5s",
        Rule.duration(),
        LOW,
        HEALTH,
        "A logical WAL message while idle, so the slot advances on a quiet outbox.");
    key(
        "relay.watchdog-timeout",
        STRING,
        "30s",
        Rule.duration(),
        LOW,
        HEALTH,
        "Restart the engine when nothing (heartbeats included) came through the slot for this"
            + " long. At least 3 heartbeat intervals.");
    key(
        "relay.max-restarts-without-progress",
        INT,
        5,
        null,
        LOW,
        HEALTH,
        "Give up (the relay fails and its process exits 1) after this many engine restarts in a"
            + " row whose runs got nothing from the WAL through to Kafka (1-1000). Each restart"
            + " logs its cause.");
    key(
        "relay.standby-check-interval",
        STRING,
        "1s",
        Rule.duration(),
        LOW,
        HEALTH,
        "How often a standby checks whether the active relay is gone (bounds the takeover"
            + " time).");
    key(
        "relay.shutdown-timeout",
        STRING,
        "30s",
        Rule.duration(),
        LOW,
        HEALTH,
        "On SIGTERM: time to drain acknowledgements, save offsets and stop; the process is forced"
            + " out 10 s after that.");
    key(
        "relay.catalog-wait",
        STRING,
        "1m",
        Rule.duration(),
        LOW,
        HEALTH,
        "How long a row whose event type or schema version the relay's catalog lacks (a writer"
            + " with a newer catalog) is held, with every row behind it, while the relay reloads"
            + " its catalog directory; then it is quarantined. 0s quarantines at once.");
    key(
        "relay.capture.endpoint-feed",
        BOOLEAN,
        false,
        null,
        MEDIUM,
        FEED,
        "On the registry's database only: also capture posthorn_registry.endpoint_feed (created"
            + " by the registry's migrations; start the registry first) and publish each row to"
            + " the endpoints topic.");
    key(
        "relay.topic.endpoints",
        STRING,
        Topics.ENDPOINTS,
        null,
        LOW,
        FEED,
        "Compacted; the workers' routing table. Created by the relay when missing.");
  }

  private RelaySettings() {}

  private static void key(
      String name,
      Type type,
      Object defaultValue,
      Rule rule,
      Importance importance,
      String group,
      String doc) {
    ConfigKeys.define(DEFINITION, name, type, defaultValue, rule, importance, group, doc);
  }

  /** From flat settings already merged (no environment); messages name the key. */
  public static RelayConfig parse(Map<String, String> settings) {
    return parse(Settings.of(settings));
  }

  /**
   * From a process's settings.
   *
   * @throws RelayConfigException naming the key
   */
  public static RelayConfig parse(Settings settings) {
    ParsedSettings s;
    try {
      s = settings.parse(DEFINITION, "relay.");
    } catch (InvalidSettingException e) {
      throw new RelayConfigException(e.getMessage());
    }
    RelayConfig.Builder b =
        RelayConfig.builder(
                s.getString("relay.database.url"),
                s.getString("relay.database.user"),
                s.secret("relay.database.password"),
                s.getString("relay.kafka.bootstrap-servers"))
            .slotName(s.getString("relay.slot"))
            .publicationName(s.getString("relay.publication"))
            .eventsTopic(s.getString("relay.topic.events"))
            .invalidTopic(s.getString("relay.topic.invalid"))
            .offsetsTopic(s.getString("relay.topic.offsets"))
            .topicPartitions(s.getInt("relay.topic.partitions"))
            .topicCreate(s.getBoolean("relay.topic.create"))
            .pollInterval(s.duration("relay.poll-interval"))
            .maxBatchSize(s.getInt("relay.batch-size"))
            .maxUnackedBatches(s.getInt("relay.max-unacked-batches"))
            .offsetFlushInterval(s.duration("relay.offset-flush-interval"))
            .heartbeatInterval(s.duration("relay.heartbeat-interval"))
            .watchdogTimeout(s.duration("relay.watchdog-timeout"))
            .maxRestartsWithoutProgress(s.getInt("relay.max-restarts-without-progress"))
            .catalogWait(s.duration("relay.catalog-wait"))
            .standbyCheckInterval(s.duration("relay.standby-check-interval"))
            .shutdownTimeout(s.duration("relay.shutdown-timeout"))
            .captureEndpointFeed(s.getBoolean("relay.capture.endpoint-feed"))
            .endpointsTopic(s.getString("relay.topic.endpoints"));
    Integer replication = s.getInt("relay.topic.replication-factor");
    if (replication != null) {
      b.topicReplicationFactor(replication.shortValue());
    }
    try {
      CatalogSettings.dir(settings).ifPresent(b::catalogDir);
    } catch (InvalidSettingException e) {
      throw new RelayConfigException(e.getMessage());
    }
    return b.build();
  }
}
