package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.ConnectionPooling;
import io.posthorn.delivery.dispatch.EgressProxy;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.schema.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a worker needs, validated at construction: a bad value fails with the key named.
 * {@code delivery-worker/README.md} lists the keys with their defaults.
 *
 * @param bootstrapServers {@code worker.kafka.bootstrap-servers}
 * @param groupId {@code worker.group-id}: workers sharing it share the partitions
 * @param eventsTopic {@code worker.topic.events}
 * @param endpointsTopic {@code worker.topic.endpoints}: the compacted topic the routing table is
 *     read from
 * @param attemptsTopic {@code worker.topic.attempts}: one record per attempt
 * @param retryTopicPrefix {@code worker.topic.retry-prefix}: tier topics are this plus the delay
 *     label
 * @param deadLetterTopic {@code worker.topic.dlq}
 * @param redeliveriesTopic {@code worker.topic.redeliveries}: deliveries asked for again (replay,
 *     resend, ping)
 * @param invalidTopic {@code worker.topic.invalid}: records the worker cannot use are quarantined
 *     here
 * @param topicCreate {@code worker.topic.create}: create the worker's missing topics at start, and
 *     recreate one that goes missing at run time; when false a missing topic fails the worker
 * @param topicCheckInterval {@code worker.topic.check-interval}: how often the worker checks that
 *     its topics still exist
 * @param topicPartitions {@code worker.topic.partitions}: used only when the worker creates its
 *     topics
 * @param topicReplicationFactor {@code worker.topic.replication-factor}: likewise; empty to follow
 *     the cluster (3 with {@code min.insync.replicas=2} on three brokers or more, see {@link
 *     io.posthorn.schema.TopicReplication})
 * @param retryRetention {@code worker.topic.retry-retention}: retention of the tier and
 *     redeliveries topics the worker creates; longer than the ladder's longest step, so a task
 *     outlives a long outage of every worker
 * @param deadLetterRetention {@code worker.topic.dlq-retention}: retention of the dead-letter topic
 *     the worker creates; empty for unlimited
 * @param retryLadder {@code worker.retry.ladder}: delays between attempts, e.g. {@code
 *     1m,5m,30m,2h,24h}
 * @param retryAfterCap {@code worker.retry.retry-after-max}: the longest {@code Retry-After}
 *     honoured; at most (and by default) the ladder's longest step
 * @param circuitFailureThreshold {@code worker.circuit.failure-threshold}: failed attempts in a row
 *     that open an endpoint's circuit; 0 disables the breaker
 * @param circuitCoolDown {@code worker.circuit.cool-down}: how long a circuit stays open before a
 *     probe
 * @param circuitMaxHolds {@code worker.circuit.max-holds}: cool-downs of an open circuit a delivery
 *     is held through, unsent, before it counts as a failed attempt and goes up the retry ladder
 * @param pacingMaxWait {@code worker.pacing.max-wait}: the longest a delivery waits in memory for
 *     its endpoint's next free slot or token; one that would wait longer is parked on the first
 *     tier
 * @param pacingMaxQueued {@code worker.pacing.max-queued}: deliveries waiting in memory for their
 *     endpoints, all endpoints together; past it they are parked on the first tier
 * @param maxInFlight {@code worker.max-in-flight}: deliveries started and not yet resolved, across
 *     all endpoints; past it the consumer pauses (it may overshoot by one poll's fan-out)
 * @param maxPollRecords {@code worker.max-poll-records}: records per poll
 * @param commitInterval {@code worker.commit-interval}: how often each consumer commits the offsets
 *     of resolved records (and on revoke and close); after a crash up to this much is delivered
 *     again
 * @param allowPrivateNetworks {@code worker.network.allow-private}: deliver to loopback and private
 *     addresses for every endpoint (the dev stack); otherwise only endpoints whose tenant is
 *     allowed
 * @param handoverGiveUpAfter {@code worker.handover.give-up-after}: how long Kafka may refuse a
 *     task's hand-over to a retry tier or the dead-letter topic (retried with backoff meanwhile)
 *     before the worker reports FAILED and its supervisor restarts it
 * @param secretSeal {@code worker.secret-key} (or env {@code POSTHORN_WORKER_SECRET_KEY}): base64
 *     of the 32-byte master key that opens the sealed signing secrets on the endpoints topic; never
 *     logged
 * @param startupTimeout {@code worker.startup-timeout}: how long to wait for the routing table to
 *     load
 * @param connectionPooling {@code worker.http.connection-pool}: {@code per-origin} (the default) or
 *     {@code shared}, one pool for every endpoint as before decision 0022 (the benchmark's
 *     baseline)
 * @param egressProxy {@code worker.http.proxy}, with {@code worker.http.proxy-user} and {@code
 *     worker.http.proxy-password}: the HTTP forward proxy every delivery goes through (decision
 *     0036); empty to connect directly
 */
public record WorkerConfig(
    String bootstrapServers,
    String groupId,
    String eventsTopic,
    String endpointsTopic,
    String attemptsTopic,
    String retryTopicPrefix,
    String deadLetterTopic,
    String redeliveriesTopic,
    String invalidTopic,
    boolean topicCreate,
    Duration topicCheckInterval,
    int topicPartitions,
    Optional<Short> topicReplicationFactor,
    Duration retryRetention,
    Optional<Duration> deadLetterRetention,
    RetryLadder retryLadder,
    Duration retryAfterCap,
    int circuitFailureThreshold,
    Duration circuitCoolDown,
    int circuitMaxHolds,
    Duration pacingMaxWait,
    int pacingMaxQueued,
    int maxInFlight,
    int maxPollRecords,
    Duration commitInterval,
    boolean allowPrivateNetworks,
    Duration handoverGiveUpAfter,
    SigningSecretSeal secretSeal,
    Duration startupTimeout,
    ConnectionPooling connectionPooling,
    Optional<EgressProxy> egressProxy) {

  public WorkerConfig {
    requireText(bootstrapServers, "worker.kafka.bootstrap-servers");
    requireText(groupId, "worker.group-id");
    requireText(eventsTopic, "worker.topic.events");
    requireText(endpointsTopic, "worker.topic.endpoints");
    requireText(attemptsTopic, "worker.topic.attempts");
    requireText(retryTopicPrefix, "worker.topic.retry-prefix");
    requireText(deadLetterTopic, "worker.topic.dlq");
    requireText(redeliveriesTopic, "worker.topic.redeliveries");
    requireText(invalidTopic, "worker.topic.invalid");
    require(retryLadder != null, "worker.retry.ladder", "must be set");
    Set<String> topics =
        new HashSet<>(
            List.of(
                eventsTopic,
                endpointsTopic,
                attemptsTopic,
                deadLetterTopic,
                redeliveriesTopic,
                invalidTopic));
    require(
        topics.size() == 6,
        "worker.topic.*",
        "events, endpoints, attempts, dlq, redeliveries and invalid topics must all differ");
    for (String tier : retryLadder.topics(retryTopicPrefix)) {
      require(
          topics.add(tier),
          "worker.topic.retry-prefix",
          "tier topic " + tier + " collides with another topic");
    }
    require(
        retryAfterCap != null
            && retryAfterCap.isPositive()
            && retryAfterCap.compareTo(retryLadder.longest()) <= 0,
        "worker.retry.retry-after-max",
        "must be positive and at most the ladder's longest step ("
            + retryLadder.longest()
            + "), got "
            + retryAfterCap);
    require(
        circuitFailureThreshold >= 0,
        "worker.circuit.failure-threshold",
        "must be 0 (never open) or more, got " + circuitFailureThreshold);
    require(
        circuitCoolDown != null && circuitCoolDown.isPositive(),
        "worker.circuit.cool-down",
        "must be a positive duration, got " + circuitCoolDown);
    require(
        circuitMaxHolds >= 1 && circuitMaxHolds <= 100,
        "worker.circuit.max-holds",
        "must be between 1 and 100, got " + circuitMaxHolds);
    require(
        pacingMaxWait != null
            && !pacingMaxWait.isNegative()
            && pacingMaxWait.compareTo(Duration.ofHours(1)) <= 0,
        "worker.pacing.max-wait",
        "must be between 0 s (never wait: park at once) and 1 h, got " + pacingMaxWait);
    require(
        pacingMaxQueued >= 0 && pacingMaxQueued <= 1_000_000,
        "worker.pacing.max-queued",
        "must be between 0 (never wait) and 1000000, got " + pacingMaxQueued);
    require(
        topicPartitions >= 1,
        "worker.topic.partitions",
        "must be at least 1, got " + topicPartitions);
    require(
        topicReplicationFactor != null && topicReplicationFactor.map(r -> r >= 1).orElse(true),
        "worker.topic.replication-factor",
        "must be at least 1, got " + topicReplicationFactor);
    require(
        topicCheckInterval != null && topicCheckInterval.isPositive(),
        "worker.topic.check-interval",
        "must be a positive duration, got " + topicCheckInterval);
    require(
        retryRetention != null && retryRetention.compareTo(retryLadder.longest()) > 0,
        "worker.topic.retry-retention",
        "must be longer than the ladder's longest step ("
            + retryLadder.longest()
            + "), got "
            + retryRetention);
    require(
        deadLetterRetention != null && deadLetterRetention.map(Duration::isPositive).orElse(true),
        "worker.topic.dlq-retention",
        "must be a positive duration, got " + deadLetterRetention);
    require(
        handoverGiveUpAfter != null && !handoverGiveUpAfter.isNegative(),
        "worker.handover.give-up-after",
        "must be zero or a positive duration, got " + handoverGiveUpAfter);
    require(
        maxInFlight >= 1 && maxInFlight <= 100_000,
        "worker.max-in-flight",
        "must be between 1 and 100000, got " + maxInFlight);
    require(
        maxPollRecords >= 1 && maxPollRecords <= 10_000,
        "worker.max-poll-records",
        "must be between 1 and 10000, got " + maxPollRecords);
    require(
        commitInterval != null
            && commitInterval.isPositive()
            && commitInterval.compareTo(Duration.ofMinutes(1)) <= 0,
        "worker.commit-interval",
        "must be between 1 ms and 1 min, got " + commitInterval);
    require(secretSeal != null, "worker.secret-key", "must be set (or POSTHORN_WORKER_SECRET_KEY)");
    require(
        startupTimeout != null && !startupTimeout.isNegative() && !startupTimeout.isZero(),
        "worker.startup-timeout",
        "must be a positive duration, got " + startupTimeout);
    require(connectionPooling != null, "worker.http.connection-pool", "must be set");
    require(egressProxy != null, "worker.http.proxy", "must be set or empty");
  }

  /** Every default filled in; only Kafka and the master key are required. */
  public static Builder builder(String bootstrapServers, SigningSecretSeal secretSeal) {
    return new Builder(bootstrapServers, secretSeal);
  }

  /** Every tier topic, in ladder order. */
  public List<String> retryTopics() {
    return retryLadder.topics(retryTopicPrefix);
  }

  /** What the retry loop consumes: every tier and the redeliveries topic. */
  public List<String> taskTopics() {
    List<String> all = new ArrayList<>(retryTopics());
    all.add(redeliveriesTopic);
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    return "WorkerConfig[kafka="
        + bootstrapServers
        + ", group="
        + groupId
        + ", events="
        + eventsTopic
        + ", endpoints="
        + endpointsTopic
        + ", ladder="
        + retryLadder.steps()
        + ", retryAfterMax="
        + retryAfterCap
        + ", circuit="
        + circuitFailureThreshold
        + "/"
        + circuitCoolDown
        + "/"
        + circuitMaxHolds
        + " holds"
        + ", pacing="
        + pacingMaxWait
        + "/"
        + pacingMaxQueued
        + ", maxInFlight="
        + maxInFlight
        + ", allowPrivateNetworks="
        + allowPrivateNetworks
        + ", proxy="
        + egressProxy.map(EgressProxy::toString).orElse("none")
        + ", secretKey=***]";
  }

  private static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new WorkerConfigException(key + " " + message);
    }
  }

  private static void requireText(String value, String key) {
    require(value != null && !value.isBlank(), key, "must be set");
  }

  /** Builds a {@link WorkerConfig}; each setter documents its default. */
  public static final class Builder {
    private final String bootstrapServers;
    private final SigningSecretSeal secretSeal;
    private String groupId = "posthorn-delivery";
    private String eventsTopic = Topics.EVENTS;
    private String endpointsTopic = Topics.ENDPOINTS;
    private String attemptsTopic = Topics.ATTEMPTS;
    private String retryTopicPrefix = Topics.RETRY_PREFIX;
    private String deadLetterTopic = Topics.DLQ;
    private String redeliveriesTopic = Topics.REDELIVERIES;
    private String invalidTopic = Topics.EVENTS_INVALID;
    private boolean topicCreate = true;
    private Duration topicCheckInterval = Duration.ofSeconds(30);
    private int topicPartitions = 12;
    private Optional<Short> topicReplicationFactor = Optional.empty();
    private Duration retryRetention = Duration.ofDays(7);
    private Optional<Duration> deadLetterRetention = Optional.empty();
    private RetryLadder retryLadder = RetryLadder.DEFAULT;
    private Duration retryAfterCap;
    private int circuitFailureThreshold = 10;
    private Duration circuitCoolDown = Duration.ofSeconds(30);
    private int circuitMaxHolds = 3;
    private Duration pacingMaxWait = Duration.ofSeconds(60);
    private int pacingMaxQueued = 10_000;
    private int maxInFlight = 1000;
    private int maxPollRecords = 500;
    private Duration commitInterval = Duration.ofSeconds(1);
    private boolean allowPrivateNetworks;
    private Duration handoverGiveUpAfter = Duration.ofMinutes(5);
    private Duration startupTimeout = Duration.ofSeconds(30);
    private ConnectionPooling connectionPooling = ConnectionPooling.PER_ORIGIN;
    private Optional<EgressProxy> egressProxy = Optional.empty();

    private Builder(String bootstrapServers, SigningSecretSeal secretSeal) {
      this.bootstrapServers = bootstrapServers;
      this.secretSeal = secretSeal;
    }

    /** Default {@code posthorn-delivery}. */
    public Builder groupId(String v) {
      groupId = v;
      return this;
    }

    /** Default {@link Topics#EVENTS}. */
    public Builder eventsTopic(String v) {
      eventsTopic = v;
      return this;
    }

    /** Default {@link Topics#ENDPOINTS}. */
    public Builder endpointsTopic(String v) {
      endpointsTopic = v;
      return this;
    }

    /** Default {@link Topics#ATTEMPTS}. */
    public Builder attemptsTopic(String v) {
      attemptsTopic = v;
      return this;
    }

    /** Default {@link Topics#RETRY_PREFIX}. */
    public Builder retryTopicPrefix(String v) {
      retryTopicPrefix = v;
      return this;
    }

    /** Default {@link Topics#DLQ}. */
    public Builder deadLetterTopic(String v) {
      deadLetterTopic = v;
      return this;
    }

    /** Default {@link Topics#REDELIVERIES}. */
    public Builder redeliveriesTopic(String v) {
      redeliveriesTopic = v;
      return this;
    }

    /** Default {@link Topics#EVENTS_INVALID}. */
    public Builder invalidTopic(String v) {
      invalidTopic = v;
      return this;
    }

    /** Default: the ladder's longest step. */
    public Builder retryAfterCap(Duration v) {
      retryAfterCap = v;
      return this;
    }

    /** Default 10. */
    public Builder circuitFailureThreshold(int v) {
      circuitFailureThreshold = v;
      return this;
    }

    /** Default 30 s. */
    public Builder circuitCoolDown(Duration v) {
      circuitCoolDown = v;
      return this;
    }

    /** Default 3. */
    public Builder circuitMaxHolds(int v) {
      circuitMaxHolds = v;
      return this;
    }

    /**
     * Default 60 s (the default ladder's first step: waiting in memory is never slower than
     * parking).
     */
    public Builder pacingMaxWait(Duration v) {
      pacingMaxWait = v;
      return this;
    }

    /** Default 10000. */
    public Builder pacingMaxQueued(int v) {
      pacingMaxQueued = v;
      return this;
    }

    /** Default 12. */
    public Builder topicPartitions(int v) {
      topicPartitions = v;
      return this;
    }

    /** Default true. */
    public Builder topicCreate(boolean v) {
      topicCreate = v;
      return this;
    }

    /** Default 30 s. */
    public Builder topicCheckInterval(Duration v) {
      topicCheckInterval = v;
      return this;
    }

    /** Default: the broker's {@code default.replication.factor}. */
    public Builder topicReplicationFactor(short v) {
      topicReplicationFactor = Optional.of(v);
      return this;
    }

    /** Default 7 days. */
    public Builder retryRetention(Duration v) {
      retryRetention = v;
      return this;
    }

    /** Default unlimited (empty). */
    public Builder deadLetterRetention(Optional<Duration> v) {
      deadLetterRetention = v;
      return this;
    }

    /** Default 5 min. */
    public Builder handoverGiveUpAfter(Duration v) {
      handoverGiveUpAfter = v;
      return this;
    }

    /** Default 1m, 5m, 30m, 2h, 24h. */
    public Builder retryLadder(RetryLadder v) {
      retryLadder = v;
      return this;
    }

    /** Default 1000. */
    public Builder maxInFlight(int v) {
      maxInFlight = v;
      return this;
    }

    /** Default 500. */
    public Builder maxPollRecords(int v) {
      maxPollRecords = v;
      return this;
    }

    /** Default 1 s. */
    public Builder commitInterval(Duration v) {
      commitInterval = v;
      return this;
    }

    /** Default false. */
    public Builder allowPrivateNetworks(boolean v) {
      allowPrivateNetworks = v;
      return this;
    }

    /** Default 30 s. */
    public Builder startupTimeout(Duration v) {
      startupTimeout = v;
      return this;
    }

    /** Default {@link ConnectionPooling#PER_ORIGIN}. */
    public Builder connectionPooling(ConnectionPooling v) {
      connectionPooling = v;
      return this;
    }

    /** Default none: deliveries connect directly. */
    public Builder egressProxy(EgressProxy v) {
      egressProxy = Optional.ofNullable(v);
      return this;
    }

    public WorkerConfig build() {
      return new WorkerConfig(
          bootstrapServers,
          groupId,
          eventsTopic,
          endpointsTopic,
          attemptsTopic,
          retryTopicPrefix,
          deadLetterTopic,
          redeliveriesTopic,
          invalidTopic,
          topicCreate,
          topicCheckInterval,
          topicPartitions,
          topicReplicationFactor,
          retryRetention,
          deadLetterRetention,
          retryLadder,
          retryAfterCap != null || retryLadder == null ? retryAfterCap : retryLadder.longest(),
          circuitFailureThreshold,
          circuitCoolDown,
          circuitMaxHolds,
          pacingMaxWait,
          pacingMaxQueued,
          maxInFlight,
          maxPollRecords,
          commitInterval,
          allowPrivateNetworks,
          handoverGiveUpAfter,
          secretSeal,
          startupTimeout,
          connectionPooling,
          egressProxy);
    }
  }
}
