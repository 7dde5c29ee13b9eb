package io.posthorn.delivery;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.NO_DEFAULT_VALUE;
import static org.apache.kafka.common.config.ConfigDef.Type.BOOLEAN;
import static org.apache.kafka.common.config.ConfigDef.Type.INT;
import static org.apache.kafka.common.config.ConfigDef.Type.PASSWORD;
import static org.apache.kafka.common.config.ConfigDef.Type.STRING;

import io.posthorn.schema.Topics;
import io.posthorn.schema.config.ConfigKeys;
import io.posthorn.schema.config.Rule;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The worker's keys: type, default, rule, group and meaning of each ({@link
 * WorkerSettings#DEFINITION}). The README table and ops/config/worker.properties are generated from
 * them; the ranges that relate keys are checked by {@link WorkerConfig}.
 */
final class WorkerConfigKeys {
  private static final String KAFKA = "Kafka";
  private static final String TOPICS = "Topics";
  private static final String RETRIES = "Retries, circuit and pacing";
  private static final String THROUGHPUT = "Throughput";
  private static final String NETWORK = "Network and start";

  private static final ConfigDef DEFINITION = new ConfigDef();

  static {
    key(
        "worker.kafka.bootstrap-servers",
        STRING,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        KAFKA,
        "Kafka to consume from and write tasks to.");
    key(
        "worker.secret-key",
        PASSWORD,
        NO_DEFAULT_VALUE,
        null,
        HIGH,
        KAFKA,
        "Base64 of the 32-byte master key that opens the sealed signing secrets on the endpoints"
            + " topic (the registry's registry.secret-key). Keep it out of the file:"
            + " POSTHORN_WORKER_SECRET_KEY. Never logged.");
    key(
        "worker.group-id",
        STRING,
        "posthorn-delivery",
        null,
        MEDIUM,
        KAFKA,
        "Workers with the same group share the events topic's partitions.");
    key(
        "worker.topic.events",
        STRING,
        Topics.EVENTS,
        null,
        MEDIUM,
        TOPICS,
        "The events to deliver.");
    key(
        "worker.topic.endpoints",
        STRING,
        Topics.ENDPOINTS,
        null,
        MEDIUM,
        TOPICS,
        "Compacted; the routing table. Written by the registry (through the relay).");
    key(
        "worker.topic.attempts",
        STRING,
        Topics.ATTEMPTS,
        null,
        MEDIUM,
        TOPICS,
        "Every attempt's outcome, for the registry's attempt log.");
    key(
        "worker.topic.retry-prefix",
        STRING,
        Topics.RETRY_PREFIX,
        null,
        MEDIUM,
        TOPICS,
        "Tier topics are this prefix plus each delay's label: posthorn.retry.1m,"
            + " posthorn.retry.5m, ...");
    key(
        "worker.topic.dlq",
        STRING,
        Topics.DLQ,
        null,
        MEDIUM,
        TOPICS,
        "Dead letters; created with worker.topic.dlq-retention.");
    key(
        "worker.topic.redeliveries",
        STRING,
        Topics.REDELIVERIES,
        null,
        MEDIUM,
        TOPICS,
        "Deliveries asked for again (dead-letter replay, registry resend/recover, ping);"
            + " consumed like a tier.");
    key(
        "worker.topic.invalid",
        STRING,
        Topics.EVENTS_INVALID,
        null,
        MEDIUM,
        TOPICS,
        "Records the worker cannot use are quarantined here with the reason (the relay's"
            + " quarantine too).");
    key(
        "worker.topic.create",
        BOOLEAN,
        true,
        null,
        MEDIUM,
        TOPICS,
        "Create missing topics at start, and recreate one that disappears while running"
            + " (deleted, or a broker that lost its data). false: refuse to start, or report"
            + " FAILED, naming the topic.");
    key(
        "worker.topic.check-interval",
        STRING,
        "30s",
        Rule.duration(),
        LOW,
        TOPICS,
        "How often the worker checks that its topics still exist.");
    key(
        "worker.topic.partitions",
        INT,
        12,
        null,
        LOW,
        TOPICS,
        "Partitions of the topics the worker creates.");
    key(
        "worker.topic.replication-factor",
        INT,
        null,
        Rule.between(1, Short.MAX_VALUE),
        MEDIUM,
        TOPICS,
        "Replication factor of the topics the worker creates (1-32767); unset: 3 with"
            + " min.insync.replicas=2 on a cluster of three brokers or more, else one per broker."
            + " A factor of 3 or more always gets min.insync.replicas=2.");
    key(
        "worker.topic.retry-retention",
        STRING,
        "7d",
        Rule.duration(),
        LOW,
        TOPICS,
        "Retention of the tier and redeliveries topics the worker creates; longer than the"
            + " ladder's longest step.");
    key(
        "worker.topic.dlq-retention",
        STRING,
        "unlimited",
        Rule.durationOr("unlimited"),
        LOW,
        TOPICS,
        "Retention of the dead-letter topic the worker creates: a duration, or unlimited.");
    key(
        "worker.retry.ladder",
        STRING,
        "1m,5m,30m,2h,24h",
        null,
        MEDIUM,
        RETRIES,
        "Delays between attempts (ms, s, m, h, d), each longer than the one before.");
    key(
        "worker.retry.retry-after-max",
        STRING,
        null,
        Rule.duration(),
        LOW,
        RETRIES,
        "Longest Retry-After (429/503) honoured; at most, and unset, the ladder's longest"
            + " step.");
    key(
        "worker.circuit.failure-threshold",
        INT,
        10,
        null,
        LOW,
        RETRIES,
        "Failed attempts in a row that open an endpoint's circuit; 0 never opens it.");
    key(
        "worker.circuit.cool-down",
        STRING,
        "30s",
        Rule.duration(),
        LOW,
        RETRIES,
        "How long a circuit stays open before one probe is let through.");
    key(
        "worker.circuit.max-holds",
        INT,
        3,
        null,
        LOW,
        RETRIES,
        "Cool-downs of an open circuit a delivery is held through, unsent, before it counts"
            + " as a failed attempt and climbs the retry ladder (1-100).");
    key(
        "worker.pacing.max-wait",
        STRING,
        "60s",
        Rule.duration(),
        LOW,
        RETRIES,
        "A delivery its endpoint cannot take yet (in-flight bound, rate limit) waits in memory"
            + " for that endpoint's next free slot, at most this long (0s-1h); what would wait"
            + " longer is parked on the first tier.");
    key(
        "worker.pacing.max-queued",
        INT,
        10_000,
        null,
        LOW,
        RETRIES,
        "Deliveries waiting in memory for their endpoints, all endpoints together; past it"
            + " they are parked. The same number bounds, apart, the deliveries to ordered"
            + " endpoints waiting behind their aggregate's head; past it the next ordered"
            + " record waits. 0 (never wait) to 1000000.");
    key(
        "worker.max-in-flight",
        INT,
        1000,
        null,
        MEDIUM,
        THROUGHPUT,
        "Deliveries started and not yet resolved, across all endpoints (1-100000); past it the"
            + " consumer holds off. Deliveries waiting in an endpoint's lane do not count."
            + " First attempts and retries each have this budget.");
    key(
        "worker.max-poll-records",
        INT,
        500,
        null,
        LOW,
        THROUGHPUT,
        "Records per poll of each consumer (1-10000).");
    key(
        "worker.commit-interval",
        STRING,
        "1s",
        Rule.duration(),
        LOW,
        THROUGHPUT,
        "How often each consumer commits the offsets of resolved records (and at once on"
            + " rebalance and stop), 1ms-1min. After a crash up to this much is delivered"
            + " again; shorter costs a commit request per poll (decision 0027).");
    key(
        "worker.network.allow-private",
        BOOLEAN,
        false,
        null,
        MEDIUM,
        NETWORK,
        "Deliver to loopback, private and link-local addresses for every endpoint: only for a"
            + " dev stack.");
    key(
        "worker.http.connection-pool",
        STRING,
        "per-origin",
        Rule.oneOf("per-origin", "shared"),
        LOW,
        NETWORK,
        "One connection pool per endpoint origin (per-origin), or one for every endpoint"
            + " (shared: the behaviour before decision 0022, kept as the benchmark's"
            + " baseline).");
    key(
        "worker.http.proxy",
        STRING,
        null,
        null,
        MEDIUM,
        NETWORK,
        "An HTTP forward proxy, http://HOST:PORT, that every delivery goes through: a CONNECT"
            + " tunnel for https endpoints, an absolute-form request for http ones. Publish the"
            + " proxy's addresses for receivers to allow-list. The address policy still judges each"
            + " endpoint's host, resolved by the worker before the request reaches the proxy"
            + " (decision 0036). Unset: deliveries connect directly.");
    key(
        "worker.http.proxy-user",
        STRING,
        null,
        null,
        LOW,
        NETWORK,
        "User the worker names to the proxy (Basic) when it answers 407; needs"
            + " worker.http.proxy-password.");
    key(
        "worker.http.proxy-password",
        PASSWORD,
        null,
        null,
        LOW,
        NETWORK,
        "Password for worker.http.proxy-user. Keep it out of the file:"
            + " POSTHORN_WORKER_HTTP_PROXY_PASSWORD. Never logged.");
    key(
        "worker.handover.give-up-after",
        STRING,
        "5m",
        Rule.duration(),
        LOW,
        NETWORK,
        "How long Kafka may refuse a task's hand-over to a retry tier or the dead-letter topic"
            + " (retried with backoff meanwhile) before the worker reports FAILED and is"
            + " restarted.");
    key(
        "worker.startup-timeout",
        STRING,
        "30s",
        Rule.duration(),
        LOW,
        NETWORK,
        "How long start waits for the routing table to load.");
  }

  private WorkerConfigKeys() {}

  static ConfigDef definition() {
    return DEFINITION;
  }

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
}
