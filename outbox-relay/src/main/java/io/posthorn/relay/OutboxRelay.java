package io.posthorn.relay;

import io.posthorn.schema.catalog.LiveCatalog;
import io.posthorn.schema.health.Health;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams inserts into {@code posthorn.outbox} from the WAL to Kafka: the relay.
 *
 * <p>{@link #start()} creates topics, publication and slot if missing, then returns; every row
 * committed after that is published at least once: valid rows as envelopes on the events topic
 * keyed by aggregate id, invalid ones on the invalid topic with a reason header. Streaming happens
 * in the background, and only in one relay per slot: start several against one database and one
 * streams while the others wait as standbys, taking over within seconds when it stops or dies. The
 * active relay writes a heartbeat to the WAL while the outbox is quiet, so the slot keeps
 * advancing, and restarts its engine when nothing arrives for {@code relay.watchdog-timeout}.
 *
 * <p>{@link #close()} stops sending, waits for Kafka to acknowledge what was sent, flushes the
 * offsets and stops the engine, within {@code relay.shutdown-timeout}: a clean restart sends no
 * duplicates. The {@link RelayListener} reports each step; {@link RelayMetrics} is one.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  /** How long the catalog directory must stay unchanged before a reload reads it. */
  private static final Duration CATALOG_QUIET = Duration.ofMillis(500);

  private final RelayConfig config;
  private final RelayListener listener;
  private final Clock clock;
  private final RelayHealth health;
  private final LiveCatalog catalog;
  private RelaySupervisor supervisor;
  private Thread thread;

  private OutboxRelay(RelayConfig config, RelayListener listener, Clock clock) {
    this.config = config;
    this.listener = listener;
    this.clock = clock;
    this.health = new RelayHealth(config.slotName());
    this.catalog = LiveCatalog.load(config.catalogDir(), LiveCatalog.LOG);
  }

  public static OutboxRelay create(RelayConfig config, RelayListener listener) {
    return create(config, listener, Clock.systemUTC());
  }

  /**
   * As {@link #create(RelayConfig, RelayListener)}; {@code clock} drives the watchdog.
   *
   * @throws io.posthorn.schema.catalog.InvalidCatalogException naming the file and the reason when
   *     the event catalog ({@code catalog.dir}) cannot be loaded
   */
  public static OutboxRelay create(RelayConfig config, RelayListener listener, Clock clock) {
    return new OutboxRelay(config, listener, clock);
  }

  /**
   * Prepares Kafka and PostgreSQL (failing here on bad credentials, a missing privilege, a lost
   * slot, or a missing topic with {@code relay.topic.create=false}), then starts the relay's
   * background thread and returns.
   */
  public synchronized OutboxRelay start() {
    if (thread != null) {
      throw new IllegalStateException("relay already started");
    }
    log.info("starting relay: {}", config);
    RelayTopicSetup topics = new RelayTopicSetup(config);
    try {
      topics.ensure();
      new ReplicationSetup(config).ensure();
    } catch (RuntimeException e) {
      topics.close();
      throw e;
    }
    catalog.watch(CATALOG_QUIET);
    catalog.dir().ifPresent(d -> log.info("watching the event catalog directory {}", d));
    supervisor = new RelaySupervisor(config, catalog, health, listener, clock, topics);
    thread = Thread.ofPlatform().name("posthorn-relay-" + config.slotName()).start(supervisor);
    return this;
  }

  /**
   * What the relay says of itself, for its process's supervisor and readiness endpoint; cheap, any
   * thread. STARTING before {@link #start()}, while waiting for the slot's lease, while its engine
   * starts or restarts (the detail says why), while PostgreSQL cannot be reached and while a row
   * waits for the event catalog to gain its type or version ({@code relay.catalog-wait}); READY
   * while streaming, and while it stands by behind the relay holding the lease (detail {@code
   * standby: …}: ready to take over); FAILED once it stopped by itself (a lost slot, a missing
   * topic with {@code relay.topic.create=false}, or {@code relay.max-restarts-without-progress}
   * restarts in a row without progress), with the cause. After {@link #close()}: STARTING, detail
   * {@code stopped}.
   */
  public Health health() {
    return health.get();
  }

  /**
   * Stops the relay: drains acknowledgements, flushes offsets, stops the engine and gives up the
   * slot. Waits up to {@code relay.shutdown-timeout} (plus a little to let go of the slot); if that
   * passes, what was sent after the last offset flush will be sent again after a restart.
   */
  @Override
  public synchronized void close() {
    if (thread == null) {
      return;
    }
    catalog.close();
    supervisor.requestClose();
    try {
      thread.join(config.shutdownTimeout().plus(Duration.ofSeconds(5)));
      if (thread.isAlive()) {
        log.warn(
            "relay on slot {} did not stop within {}", config.slotName(), config.shutdownTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
