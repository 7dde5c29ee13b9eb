package io.posthorn.delivery;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.NO_DEFAULT_VALUE;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import io.posthorn.delivery.dispatch.ConnectionPooling;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.schema.Topics;
import io.posthorn.schema.config.InvalidSettingException;
import io.posthorn.schema.config.ParsedSettings;
import io.posthorn.schema.config.Rule;
import io.posthorn.schema.config.Settings;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The worker's config keys ({@link #DEFINITION}: type, default, rule and meaning of each) and how
 * flat settings (a config file with environment overrides) become a {@link WorkerConfig}. Every key
 * is optional except the bootstrap servers and the secret key; an unknown {@code worker.*} key or
 * an unreadable value fails naming the key. The README table and ops/config/worker.properties are
 * generated from the definition.
 */
public final class WorkerSettings {
  private static final String KAFKA = "Kafka";
  private static final String TOPICS = "Topics";
  private static final String RETRIES = "Retries, circuit and pacing";
  private static final String THROUGHPUT = "Throughput";
  private static final String NETWORK = "Network and start";

  /** Every {@code worker.*} key, in the order the docs list them. */
  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              "worker.kafka.bootstrap-servers",
              STRING,
              NO_DEFAULT_VALUE,
              HIGH,
              "Kafka to consume from and write tasks to.",
              KAFKA,
              1,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.secret-key",
              PASSWORD,
              NO_DEFAULT_VALUE,
              HIGH,
              "Base64 of the 32-byte master key that opens the sealed signing secrets on the endpoints"
                  + " topic (the registry's registry.secret-key). Keep it out of the file:"
                  + " POSTHORN_WORKER_SECRET_KEY. Never logged.",
              KAFKA,
              2,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.group-id",
              STRING,
              "posthorn-delivery",
              MEDIUM,
              "Workers with the same group share the events topic's partitions.",
              KAFKA,
              3,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.topic.events",
              STRING,
              Topics.EVENTS,
              MEDIUM,
              "The events to deliver.",
              TOPICS,
              1,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.topic.endpoints",
              STRING,
              Topics.ENDPOINTS,
              MEDIUM,
              "Compacted; the routing table. Written by the registry (through the relay).",
              TOPICS,
              2,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.topic.attempts",
              STRING,
              Topics.ATTEMPTS,
              MEDIUM,
              "Every attempt's outcome, for the registry's attempt log.",
              TOPICS,
              3,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.topic.retry-prefix",
              STRING,
              Topics.RETRY_PREFIX,
              MEDIUM,
              "Tier topics are this prefix plus each delay's label: posthorn.retry.1m,"
                  + " posthorn.retry.5m, ...",
              TOPICS,
              4,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.topic.dlq",
              STRING,
              Topics.DLQ,
              MEDIUM,
              "Dead letters; created with worker.topic.dlq-retention.",
              TOPICS,
              5,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.topic.redeliveries",
              STRING,
              Topics.REDELIVERIES,
              MEDIUM,
              "Deliveries asked for again (dead-letter replay, registry resend/recover, ping);"
                  + " consumed like a tier.",
              TOPICS,
              6,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.topic.invalid",
              STRING,
              Topics.EVENTS_INVALID,
              MEDIUM,
              "Records the worker cannot use are quarantined here with the reason (the relay's"
                  + " quarantine too).",
              TOPICS,
              7,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.topic.create",
              BOOLEAN,
              true,
              MEDIUM,
              "Create missing topics at start, and recreate one that disappears while running"
                  + " (deleted, or a broker that lost its data). false: refuse to start, or report"
                  + " FAILED, naming the topic.",
              TOPICS,
              8,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.topic.check-interval",
              STRING,
              "30s",
              Rule.duration(),
              LOW,
              "How often the worker checks that its topics still exist.",
              TOPICS,
              9,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.topic.partitions",
              INT,
              12,
              LOW,
              "Partitions of the topics the worker creates.",
              TOPICS,
              10,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.topic.replication-factor",
              INT,
              null,
              Rule.between(1, Short.MAX_VALUE),
              MEDIUM,
              "Replication factor of the topics the worker creates (1-32767); unset: the broker's"
                  + " default.replication.factor. Use 3 on a production cluster.",
              TOPICS,
              11,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.topic.retry-retention",
              STRING,
              "7d",
              Rule.duration(),
              LOW,
              "Retention of the tier and redeliveries topics the worker creates; longer than the"
                  + " ladder's longest step.",
              TOPICS,
              12,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.topic.dlq-retention",
              STRING,
              "unlimited",
              Rule.durationOr("unlimited"),
              LOW,
              "Retention of the dead-letter topic the worker creates: a duration, or unlimited.",
              TOPICS,
              13,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.retry.ladder",
              STRING,
              "1m,5m,30m,2h,24h",
              MEDIUM,
              "Delays between attempts (ms, s, m, h, d), each longer than the one before.",
              RETRIES,
              1,
              ConfigDef.Width.LONG,
              "")
          .define(
              "worker.retry.retry-after-max",
              STRING,
              null,
              Rule.duration(),
              LOW,
              "Longest Retry-After (429/503) honoured; at most, and unset, the ladder's longest"
                  + " step.",
              RETRIES,
              2,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.circuit.failure-threshold",
              INT,
              10,
              LOW,
              "Failed attempts in a row that open an endpoint's circuit; 0 never opens it.",
              RETRIES,
              3,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.circuit.cool-down",
              STRING,
              "30s",
              Rule.duration(),
              LOW,
              "How long a circuit stays open before one probe is let through.",
              RETRIES,
              4,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.circuit.max-holds",
              INT,
              3,
              LOW,
              "Cool-downs of an open circuit a delivery is held through, unsent, before it counts"
                  + " as a failed attempt and climbs the retry ladder (1-100).",
              RETRIES,
              5,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.pacing.max-wait",
              STRING,
              "60s",
              Rule.duration(),
              LOW,
              "A delivery its endpoint cannot take yet (in-flight bound, rate limit) waits in memory"
                  + " for that endpoint's next free slot, at most this long (0s-1h); what would wait"
                  + " longer is parked on the first tier.",
              RETRIES,
              6,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.pacing.max-queued",
              INT,
              10_000,
              LOW,
              "Deliveries waiting in memory for their endpoints, all endpoints together; past it"
                  + " they are parked. 0 (never wait) to 1000000.",
              RETRIES,
              7,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.max-in-flight",
              INT,
              1000,
              MEDIUM,
              "Deliveries started and not yet resolved, across all endpoints (1-100000); past it the"
                  + " consumer holds off. Deliveries waiting in an endpoint's lane do not count."
                  + " First attempts and retries each have this budget.",
              THROUGHPUT,
              1,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.max-poll-records",
              INT,
              500,
              LOW,
              "Records per poll of each consumer (1-10000).",
              THROUGHPUT,
              2,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.commit-interval",
              STRING,
              "1s",
              Rule.duration(),
              LOW,
              "How often each consumer commits the offsets of resolved records (and at once on"
                  + " rebalance and stop), 1ms-1min. After a crash up to this much is delivered"
                  + " again; shorter costs a commit request per poll (decision 0027).",
              THROUGHPUT,
              3,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.network.allow-private",
              BOOLEAN,
              false,
              MEDIUM,
              "Deliver to loopback, private and link-local addresses for every endpoint: only for a"
                  + " dev stack.",
              NETWORK,
              1,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.http.connection-pool",
              STRING,
              "per-origin",
              Rule.oneOf("per-origin", "shared"),
              LOW,
              "One connection pool per endpoint origin (per-origin), or one for every endpoint"
                  + " (shared: the behaviour before decision 0022, kept as the benchmark's"
                  + " baseline).",
              NETWORK,
              2,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.handover.give-up-after",
              STRING,
              "5m",
              Rule.duration(),
              LOW,
              "How long Kafka may refuse a task's hand-over to a retry tier or the dead-letter topic"
                  + " (retried with backoff meanwhile) before the worker reports FAILED and is"
                  + " restarted.",
              NETWORK,
              3,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "worker.startup-timeout",
              STRING,
              "30s",
              Rule.duration(),
              LOW,
              "How long start waits for the routing table to load.",
              NETWORK,
              4,
              ConfigDef.Width.SHORT,
              "");

  /** Keys this class reads. */
  public static final Set<String> KEYS = DEFINITION.names();

  private WorkerSettings() {}

  /** From flat settings already merged (no environment); messages name the key. */
  public static WorkerConfig parse(Map<String, String> settings) {
    return parse(Settings.of(settings));
  }

  /**
   * From a process's settings.
   *
   * @throws WorkerConfigException naming the key
   */
  public static WorkerConfig parse(Settings settings) {
    ParsedSettings s;
    try {
      s = settings.parse(DEFINITION, "worker.");
    } catch (InvalidSettingException e) {
      throw new WorkerConfigException(e.getMessage());
    }
    SigningSecretSeal seal;
    try {
      seal = SigningSecretSeal.fromBase64(s.secret("worker.secret-key"));
    } catch (IllegalArgumentException e) {
      throw new WorkerConfigException("worker.secret-key " + e.getMessage());
    }
    WorkerConfig.Builder b =
        WorkerConfig.builder(s.getString("worker.kafka.bootstrap-servers"), seal)
            .groupId(s.getString("worker.group-id"))
            .eventsTopic(s.getString("worker.topic.events"))
            .endpointsTopic(s.getString("worker.topic.endpoints"))
            .attemptsTopic(s.getString("worker.topic.attempts"))
            .retryTopicPrefix(s.getString("worker.topic.retry-prefix"))
            .deadLetterTopic(s.getString("worker.topic.dlq"))
            .redeliveriesTopic(s.getString("worker.topic.redeliveries"))
            .invalidTopic(s.getString("worker.topic.invalid"))
            .topicCreate(s.getBoolean("worker.topic.create"))
            .topicCheckInterval(s.duration("worker.topic.check-interval"))
            .topicPartitions(s.getInt("worker.topic.partitions"))
            .retryRetention(s.duration("worker.topic.retry-retention"))
            .circuitFailureThreshold(s.getInt("worker.circuit.failure-threshold"))
            .circuitCoolDown(s.duration("worker.circuit.cool-down"))
            .circuitMaxHolds(s.getInt("worker.circuit.max-holds"))
            .pacingMaxWait(s.duration("worker.pacing.max-wait"))
            .pacingMaxQueued(s.getInt("worker.pacing.max-queued"))
            .maxInFlight(s.getInt("worker.max-in-flight"))
            .maxPollRecords(s.getInt("worker.max-poll-records"))
            .commitInterval(s.duration("worker.commit-interval"))
            .allowPrivateNetworks(s.getBoolean("worker.network.allow-private"))
            .handoverGiveUpAfter(s.duration("worker.handover.give-up-after"))
            .startupTimeout(s.duration("worker.startup-timeout"))
            .connectionPooling(
                s.getString("worker.http.connection-pool").equals("shared")
                    ? ConnectionPooling.SHARED
                    : ConnectionPooling.PER_ORIGIN);
    Integer replication = s.getInt("worker.topic.replication-factor");
    if (replication != null) {
      b.topicReplicationFactor(replication.shortValue());
    }
    if (s.isSet("worker.retry.retry-after-max")) {
      b.retryAfterCap(s.duration("worker.retry.retry-after-max"));
    }
    String dlqRetention = s.getString("worker.topic.dlq-retention");
    b.deadLetterRetention(
        dlqRetention.equals("unlimited")
            ? Optional.empty()
            : Optional.of(s.duration("worker.topic.dlq-retention")));
    try {
      b.retryLadder(RetryLadder.parse(s.getString("worker.retry.ladder")));
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new WorkerConfigException("worker.retry.ladder" + (m.startsWith("[") ? "" : " ") + m);
    }
    return b.build();
  }
}
