package io.posthorn.relay;

import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.Topics;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.endpoint.EndpointFeedTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a relay needs, validated at construction: a bad value fails with the key named. Keys
 * are those of the config file ({@code outbox-relay/README.md} lists them with defaults).
 *
 * @param databaseUrl {@code relay.database.url}: {@code jdbc:postgresql://host:port/database}
 * @param databaseUser {@code relay.database.user}: needs LOGIN REPLICATION and SELECT on the outbox
 * @param databasePassword {@code relay.database.password}: never logged
 * @param slotName {@code relay.slot}: the logical replication slot this relay owns
 * @param publicationName {@code relay.publication}: limited to the outbox table, inserts only
 * @param bootstrapServers {@code relay.kafka.bootstrap-servers}
 * @param eventsTopic {@code relay.topic.events}
 * @param invalidTopic {@code relay.topic.invalid}: quarantined rows
 * @param offsetsTopic {@code relay.topic.offsets}: Debezium's source offsets (compacted)
 * @param topicPartitions {@code relay.topic.partitions}: used only when the relay creates topics
 * @param topicReplicationFactor {@code relay.topic.replication-factor}: likewise; empty to follow
 *     the cluster (3 with {@code min.insync.replicas=2} on three brokers or more, see {@link
 *     io.posthorn.schema.TopicReplication})
 * @param pollInterval {@code relay.poll-interval}: how long the engine waits for new WAL
 * @param maxBatchSize {@code relay.batch-size}: change events handed over per batch
 * @param maxUnackedBatches {@code relay.max-unacked-batches}: batches that may still await Kafka's
 *     acks while the engine reads the next one; 0 waits for every batch (slower, same guarantee)
 * @param offsetFlushInterval {@code relay.offset-flush-interval}: how often marked offsets reach
 *     Kafka, and so when the slot may advance; bounds what a crash re-sends
 * @param heartbeatInterval {@code relay.heartbeat-interval}: how often an idle relay writes a
 *     logical message to the WAL, so the slot advances and the watchdog sees the stream alive
 * @param watchdogTimeout {@code relay.watchdog-timeout}: an engine that delivers nothing from the
 *     WAL for this long (heartbeats included) is restarted; at least 3 heartbeat intervals
 * @param standbyCheckInterval {@code relay.standby-check-interval}: how often a standby relay
 *     checks whether the active one is gone; bounds the takeover time with the engine start
 * @param shutdownTimeout {@code relay.shutdown-timeout}: how long {@link OutboxRelay#close()} may
 *     take to drain acks, flush offsets and stop the engine before it gives up
 * @param captureEndpointFeed {@code relay.capture.endpoint-feed}: also capture the registry's
 *     endpoint feed table ({@code posthorn_registry.endpoint_feed}) in this database and publish
 *     each row to the endpoints topic (the registry's database only)
 * @param endpointsTopic {@code relay.topic.endpoints}: the compacted topic workers route from
 * @param topicCreate {@code relay.topic.create}: create the relay's topics (events, invalid,
 *     offsets, endpoints) when they are missing, at start and at run time (a topic deleted, or a
 *     broker that lost its data); when false a missing topic fails the start, or the relay at run
 *     time
 * @param maxRestartsWithoutProgress {@code relay.max-restarts-without-progress}: engine restarts in
 *     a row, none of whose runs got a record from the WAL through to Kafka, after which the relay
 *     gives up and reports itself failed (its process then exits, for its supervisor to restart)
 * @param catalogDir {@code catalog.dir}: the event catalog directory rows are checked against
 *     (Posthorn's own types are always included); empty for {@link EventCatalog#standard()}
 * @param catalogWait {@code relay.catalog-wait}: how long a row whose type or stamped schema
 *     version the relay's catalog lacks is held (with every row behind it) while the catalog is
 *     refreshed, before it is quarantined; zero quarantines it at once (decision 0047)
 */
public record RelayConfig(
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String slotName,
    String publicationName,
    String bootstrapServers,
    String eventsTopic,
    String invalidTopic,
    String offsetsTopic,
    int topicPartitions,
    Optional<Short> topicReplicationFactor,
    Duration pollInterval,
    int maxBatchSize,
    int maxUnackedBatches,
    Duration offsetFlushInterval,
    Duration heartbeatInterval,
    Duration watchdogTimeout,
    Duration standbyCheckInterval,
    Duration shutdownTimeout,
    boolean captureEndpointFeed,
    String endpointsTopic,
    boolean topicCreate,
    int maxRestartsWithoutProgress,
    Optional<Path> catalogDir,
    Duration catalogWait) {

  /** 1 minute: covers a catalog rolled out to hosts a little apart, not a forgotten one. */
  public static final Duration DEFAULT_CATALOG_WAIT = Duration.ofMinutes(1);

  private static final Pattern JDBC_URL =
      Pattern.compile("^jdbc:postgresql://([^:/?]+)(?::(\\d{1,5}))?/([^/?]+)(\\?.*)?$");
  private static final Pattern PG_IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

  public RelayConfig {
    require(
        databaseUrl != null && JDBC_URL.matcher(databaseUrl).matches(),
        "relay.database.url",
        "must look like jdbc:postgresql://host:port/database, got " + withoutQuery(databaseUrl));
    require(validPort(databaseUrl), "relay.database.url", "port must be between 1 and 65535");
    require(
        !databaseUrl.contains("?"),
        "relay.database.url",
        "must not carry a query: connection options such as sslmode would not reach the replication"
            + " connection (not supported yet), got "
            + withoutQuery(databaseUrl));
    requireText(databaseUser, "relay.database.user");
    require(databasePassword != null, "relay.database.password", "must be set (may be empty)");
    require(
        slotName != null && PG_IDENTIFIER.matcher(slotName).matches(),
        "relay.slot",
        "must be a lowercase PostgreSQL identifier (a-z, 0-9, _), got " + slotName);
    require(
        publicationName != null && PG_IDENTIFIER.matcher(publicationName).matches(),
        "relay.publication",
        "must be a lowercase PostgreSQL identifier, got " + publicationName);
    requireText(bootstrapServers, "relay.kafka.bootstrap-servers");
    requireText(eventsTopic, "relay.topic.events");
    requireText(invalidTopic, "relay.topic.invalid");
    requireText(offsetsTopic, "relay.topic.offsets");
    require(
        !eventsTopic.equals(invalidTopic),
        "relay.topic.invalid",
        "must differ from relay.topic.events");
    require(
        !offsetsTopic.equals(eventsTopic) && !offsetsTopic.equals(invalidTopic),
        "relay.topic.offsets",
        "must differ from relay.topic.events and relay.topic.invalid");
    require(
        topicPartitions >= 1,
        "relay.topic.partitions",
        "must be at least 1, got " + topicPartitions);
    require(
        topicReplicationFactor != null && topicReplicationFactor.map(r -> r >= 1).orElse(true),
        "relay.topic.replication-factor",
        "must be at least 1, got " + topicReplicationFactor);
    requirePositive(pollInterval, "relay.poll-interval");
    require(
        maxBatchSize >= 1 && maxBatchSize <= 100_000,
        "relay.batch-size",
        "must be between 1 and 100000, got " + maxBatchSize);
    require(
        maxUnackedBatches >= 0 && maxUnackedBatches <= 64,
        "relay.max-unacked-batches",
        "must be between 0 and 64, got " + maxUnackedBatches);
    requirePositive(offsetFlushInterval, "relay.offset-flush-interval");
    requirePositive(heartbeatInterval, "relay.heartbeat-interval");
    requirePositive(watchdogTimeout, "relay.watchdog-timeout");
    require(
        watchdogTimeout.compareTo(heartbeatInterval.multipliedBy(3)) >= 0,
        "relay.watchdog-timeout",
        "must be at least 3 x relay.heartbeat-interval ("
            + heartbeatInterval
            + "), got "
            + watchdogTimeout);
    requirePositive(standbyCheckInterval, "relay.standby-check-interval");
    requirePositive(shutdownTimeout, "relay.shutdown-timeout");
    requireText(endpointsTopic, "relay.topic.endpoints");
    require(catalogDir != null, EventCatalog.DIR_KEY, "must not be null (empty for the standard)");
    require(
        catalogWait != null && !catalogWait.isNegative(),
        "relay.catalog-wait",
        "must be zero or a positive duration, got " + catalogWait);
    require(
        !endpointsTopic.equals(eventsTopic)
            && !endpointsTopic.equals(invalidTopic)
            && !endpointsTopic.equals(offsetsTopic),
        "relay.topic.endpoints",
        "must differ from the other topics");
    require(
        maxRestartsWithoutProgress >= 1 && maxRestartsWithoutProgress <= 1_000,
        "relay.max-restarts-without-progress",
        "must be between 1 and 1000, got " + maxRestartsWithoutProgress);
  }

  /** A config with every default filled in; only the connection settings are required. */
  public static Builder builder(
      String databaseUrl, String user, String password, String bootstrapServers) {
    return new Builder(databaseUrl, user, password, bootstrapServers);
  }

  private static boolean validPort(String url) {
    var m = JDBC_URL.matcher(url);
    if (!m.matches() || m.group(2) == null) {
      return true;
    }
    int port = Integer.parseInt(m.group(2));
    return port >= 1 && port <= 65535;
  }

  /** The URL without its query, which may carry a password. */
  private static String withoutQuery(String url) {
    if (url == null) {
      return null;
    }
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  /**
   * The topics this relay writes to (the endpoints topic only when it captures the feed), offsets
   * included.
   */
  List<String> topics() {
    return captureEndpointFeed
        ? List.of(eventsTopic, invalidTopic, offsetsTopic, endpointsTopic)
        : List.of(eventsTopic, invalidTopic, offsetsTopic);
  }

  /** The tables this relay captures: the outbox, and the endpoint feed when asked to. */
  List<String> capturedTables() {
    return captureEndpointFeed
        ? List.of(OutboxSchema.OUTBOX_TABLE, EndpointFeedTable.TABLE)
        : List.of(OutboxSchema.OUTBOX_TABLE);
  }

  String databaseHost() {
    return urlPart(1);
  }

  int databasePort() {
    String port = urlPart(2);
    return port == null ? 5432 : Integer.parseInt(port);
  }

  String databaseName() {
    return urlPart(3);
  }

  private String urlPart(int group) {
    var m = JDBC_URL.matcher(databaseUrl);
    if (!m.matches()) {
      throw new IllegalStateException("validated at construction");
    }
    return m.group(group);
  }

  /** Leaves the password out, and the URL's query, which may carry one. */
  @Override
  public String toString() {
    return "RelayConfig[url="
        + withoutQuery(databaseUrl)
        + ", user="
        + databaseUser
        + ", slot="
        + slotName
        + ", publication="
        + publicationName
        + ", kafka="
        + bootstrapServers
        + ", events="
        + eventsTopic
        + ", invalid="
        + invalidTopic
        + ", offsets="
        + offsetsTopic
        + ", pollInterval="
        + pollInterval
        + ", batchSize="
        + maxBatchSize
        + ", maxUnackedBatches="
        + maxUnackedBatches
        + ", offsetFlushInterval="
        + offsetFlushInterval
        + ", heartbeatInterval="
        + heartbeatInterval
        + ", watchdogTimeout="
        + watchdogTimeout
        + ", standbyCheckInterval="
        + standbyCheckInterval
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", topicCreate="
        + topicCreate
        + ", maxRestartsWithoutProgress="
        + maxRestartsWithoutProgress
        + (captureEndpointFeed ? ", endpointFeed -> " + endpointsTopic : "")
        + ", catalogDir="
        + catalogDir.map(Path::toString).orElse("(standard)")
        + ", catalogWait="
        + catalogWait
        + "]";
  }

  /** This config reading its event catalog from {@code dir} ({@code catalog.dir}). */
  public RelayConfig withCatalogDir(Path dir) {
    return new RelayConfig(
        databaseUrl,
        databaseUser,
        databasePassword,
        slotName,
        publicationName,
        bootstrapServers,
        eventsTopic,
        invalidTopic,
        offsetsTopic,
        topicPartitions,
        topicReplicationFactor,
        pollInterval,
        maxBatchSize,
        maxUnackedBatches,
        offsetFlushInterval,
        heartbeatInterval,
        watchdogTimeout,
        standbyCheckInterval,
        shutdownTimeout,
        captureEndpointFeed,
        endpointsTopic,
        topicCreate,
        maxRestartsWithoutProgress,
        Optional.of(dir),
        catalogWait);
  }

  private static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new RelayConfigException(key + " " + message);
    }
  }

  private static void requireText(String value, String key) {
    require(value != null && !value.isBlank(), key, "must be set");
  }

  private static void requirePositive(Duration value, String key) {
    require(
        value != null && !value.isNegative() && !value.isZero(),
        key,
        "must be a positive duration, got " + value);
  }

  /** Builds a {@link RelayConfig}; each setter documents its default. */
  public static final class Builder {
    private final String databaseUrl;
    private final String databaseUser;
    private final String databasePassword;
    private final String bootstrapServers;
    private String slotName = "posthorn_relay";
    private String publicationName = "posthorn_outbox";
    private String eventsTopic = Topics.EVENTS;
    private String invalidTopic = Topics.EVENTS_INVALID;
    private String offsetsTopic = Topics.RELAY_OFFSETS;
    private int topicPartitions = 12;
    private Optional<Short> topicReplicationFactor = Optional.empty();
    private Duration pollInterval = Duration.ofMillis(10);
    private int maxBatchSize = 2048;
    private int maxUnackedBatches = 4;
    private Duration offsetFlushInterval = Duration.ofSeconds(1);
    private Duration heartbeatInterval = Duration.ofSeconds(5);
    private Duration watchdogTimeout = Duration.ofSeconds(30);
    private Duration standbyCheckInterval = Duration.ofSeconds(1);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private boolean captureEndpointFeed;
    private Optional<Path> catalogDir = Optional.empty();
    private String endpointsTopic = Topics.ENDPOINTS;
    private boolean topicCreate = true;
    private int maxRestartsWithoutProgress = 5;
    private Duration catalogWait = DEFAULT_CATALOG_WAIT;

    private Builder(String databaseUrl, String user, String password, String bootstrapServers) {
      this.databaseUrl = databaseUrl;
      this.databaseUser = user;
      this.databasePassword = password;
      this.bootstrapServers = bootstrapServers;
    }

    /** Default {@code posthorn_relay}. */
    public Builder slotName(String v) {
      this.slotName = v;
      return this;
    }

    /** Default {@code posthorn_outbox}. */
    public Builder publicationName(String v) {
      this.publicationName = v;
      return this;
    }

    /** Default {@link Topics#EVENTS}. */
    public Builder eventsTopic(String v) {
      this.eventsTopic = v;
      return this;
    }

    /** Default {@link Topics#EVENTS_INVALID}. */
    public Builder invalidTopic(String v) {
      this.invalidTopic = v;
      return this;
    }

    /** Default {@link Topics#RELAY_OFFSETS}. */
    public Builder offsetsTopic(String v) {
      this.offsetsTopic = v;
      return this;
    }

    /** Default 12. */
    public Builder topicPartitions(int v) {
      this.topicPartitions = v;
      return this;
    }

    /** Default unset: follow the cluster (see {@link io.posthorn.schema.TopicReplication}). */
    public Builder topicReplicationFactor(short v) {
      this.topicReplicationFactor = Optional.of(v);
      return this;
    }

    /** Default 10 ms: ~20 ms p50 insert-to-consume at ~15 % of a core when idle. */
    public Builder pollInterval(Duration v) {
      this.pollInterval = v;
      return this;
    }

    /** Default 2048. */
    public Builder maxBatchSize(int v) {
      this.maxBatchSize = v;
      return this;
    }

    /** Default 4; 0 waits for every batch's acks before taking the next. */
    public Builder maxUnackedBatches(int v) {
      this.maxUnackedBatches = v;
      return this;
    }

    /** Default 1 s. */
    public Builder offsetFlushInterval(Duration v) {
      this.offsetFlushInterval = v;
      return this;
    }

    /** Default 5 s. */
    public Builder heartbeatInterval(Duration v) {
      this.heartbeatInterval = v;
      return this;
    }

    /** Default 30 s. */
    public Builder watchdogTimeout(Duration v) {
      this.watchdogTimeout = v;
      return this;
    }

    /** Default 1 s. */
    public Builder standbyCheckInterval(Duration v) {
      this.standbyCheckInterval = v;
      return this;
    }

    /** Default 30 s. */
    public Builder shutdownTimeout(Duration v) {
      this.shutdownTimeout = v;
      return this;
    }

    /** Default false: capture the outbox only. */
    public Builder captureEndpointFeed(boolean v) {
      this.captureEndpointFeed = v;
      return this;
    }

    /** Default {@link Topics#ENDPOINTS}. */
    public Builder endpointsTopic(String v) {
      this.endpointsTopic = v;
      return this;
    }

    /** Default true: create missing topics at start and recreate them at run time. */
    public Builder topicCreate(boolean v) {
      this.topicCreate = v;
      return this;
    }

    /** {@code catalog.dir}: the event catalog directory. */
    public Builder catalogDir(Path v) {
      this.catalogDir = Optional.of(v);
      return this;
    }

    /** Default 5. */
    public Builder maxRestartsWithoutProgress(int v) {
      this.maxRestartsWithoutProgress = v;
      return this;
    }

    /** Default {@link RelayConfig#DEFAULT_CATALOG_WAIT}; zero quarantines at once. */
    public Builder catalogWait(Duration v) {
      this.catalogWait = v;
      return this;
    }

    public RelayConfig build() {
      return new RelayConfig(
          databaseUrl,
          databaseUser,
          databasePassword,
          slotName,
          publicationName,
          bootstrapServers,
          eventsTopic,
          invalidTopic,
          offsetsTopic,
          topicPartitions,
          topicReplicationFactor,
          pollInterval,
          maxBatchSize,
          maxUnackedBatches,
          offsetFlushInterval,
          heartbeatInterval,
          watchdogTimeout,
          standbyCheckInterval,
          shutdownTimeout,
          captureEndpointFeed,
          endpointsTopic,
          topicCreate,
          maxRestartsWithoutProgress,
          catalogDir,
          catalogWait);
    }
  }
}
