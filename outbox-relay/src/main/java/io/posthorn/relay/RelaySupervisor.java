package io.posthorn.relay;

import io.posthorn.schema.catalog.LiveCatalog;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's life, on a thread of its own: wait as a standby until this relay holds the slot's
 * {@link SlotLease}, then run the engine; restart it when it fails, the {@link Watchdog} finds it
 * stalled or a topic it writes to went missing; give the slot up when the lease is lost or the
 * relay is closed. Every restart is logged with its cause.
 *
 * <p>Database or Kafka trouble (PostgreSQL down, a failover, no broker to list the topics) is
 * retried with a growing pause, up to 30 s, as not ready but not failed. The relay ends by itself,
 * FAILED, on a {@link SlotLostException} (continuing would skip events silently) and on a {@link
 * RelayGaveUpException}: a missing topic it may not create, or {@code
 * relay.max-restarts-without-progress} engine restarts in a row whose runs got nothing from the WAL
 * through to Kafka.
 */
final class RelaySupervisor implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RelaySupervisor.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
  private static final Duration STALE_WALSENDER_WAIT = Duration.ofSeconds(30);

  /** How often the active relay checks that its topics still exist. */
  static final Duration TOPIC_CHECK_INTERVAL = Duration.ofSeconds(5);

  private final LiveCatalog catalog;
  private final RelayConfig config;
  private final RelayHealth health;
  private final RelayListener listener;
  private final Clock clock;
  private final SlotLease lease;
  private final RelayTopicSetup topics;
  private final CountDownLatch closing = new CountDownLatch(1);
  private int runs;

  /**
   * Takes {@code topics} over (closes it when it ends); {@code health} is told before {@code
   * listener}.
   */
  RelaySupervisor(
      RelayConfig config,
      LiveCatalog catalog,
      RelayHealth health,
      RelayListener listener,
      Clock clock,
      RelayTopicSetup topics) {
    this.config = config;
    this.catalog = catalog;
    this.health = health;
    this.listener = RelayListener.all(health, listener);
    this.clock = clock;
    this.lease = new SlotLease(config);
    this.topics = topics;
  }

  /** Asks the loop to stop the engine cleanly and end; {@link #run()} returns once it has. */
  void requestClose() {
    closing.countDown();
  }

  @Override
  public void run() {
    Throwable fatal = null;
    Duration pause = config.standbyCheckInterval();
    boolean announcedStandby = false;
    health.waiting("waiting for the lease of slot " + config.slotName());
    try {
      while (closing.getCount() > 0) {
        try {
          if (lease.tryAcquire()) {
            announcedStandby = false;
            lead();
          } else {
            if (!announcedStandby) {
              String holder = lease.holder();
              log.info(
                  "relay on slot {} is standby: the slot's lease is held by {}",
                  config.slotName(),
                  holder);
              listener.standby(holder);
              announcedStandby = true;
            }
            listener.slotChecked(lease.slotStatus());
            await(config.standbyCheckInterval());
          }
          pause = config.standbyCheckInterval();
        } catch (SlotLostException | RelayGaveUpException e) {
          log.error("relay on slot {} stops: {}", config.slotName(), e.getMessage());
          fatal = e;
          return;
        } catch (SQLException | RuntimeException e) {
          log.warn(
              "relay on slot {}: {}; trying again in {}",
              config.slotName(),
              e.getMessage(),
              pause,
              e);
          health.waiting(causes(e) + "; trying again in " + pause.toMillis() + " ms");
          announcedStandby = false;
          lease.close();
          await(pause);
          pause = min(pause.multipliedBy(2), MAX_PAUSE);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lease.close();
      topics.close();
      listener.stopped(fatal);
    }
  }

  /** Runs engines while this relay holds the lease; returns when it is lost or the relay closes. */
  private void lead() throws SQLException, InterruptedException {
    log.info("relay on slot {} is active", config.slotName());
    listener.active();
    Duration pause = Duration.ofSeconds(1);
    int withoutProgress = 0;
    while (closing.getCount() > 0) {
      new ReplicationSetup(config).ensure(); // after a failover the slot may be gone
      lease.freeSlot(STALE_WALSENDER_WAIT);
      List<String> missing =
          topics.missing(); // before Debezium creates an offsets topic on its own
      if (!missing.isEmpty()) {
        recreateOrGiveUp(missing);
      }
      CaptureRun run = CaptureRun.start(config, catalog, listener, clock, ++runs);
      Optional<EngineRestart> restart;
      try {
        restart = watch(run);
      } catch (SQLException | RuntimeException e) {
        run.close(config.shutdownTimeout());
        throw e;
      }
      if (restart.isEmpty()) {
        run.close(config.shutdownTimeout());
        return;
      }
      EngineRestart why = restart.get();
      String cause = describe(why, run);
      health.waiting("restarting its engine: " + cause);
      try {
        if (why
            instanceof
            EngineRestart.TopicMissing
                topicMissing) { // before the close: a send waiting for it can finish
          recreateOrGiveUp(topicMissing.topics());
        } else {
          log.warn("relay on slot {} restarts its engine: {}", config.slotName(), cause);
        }
        listener.engineRestarting(why);
      } finally {
        run.close(config.shutdownTimeout());
      }
      if (run.progressed()) {
        withoutProgress = 0;
        pause = Duration.ofSeconds(1);
        continue;
      }
      if (++withoutProgress >= config.maxRestartsWithoutProgress()) {
        throw new RelayGaveUpException(
            "its engine restarted "
                + withoutProgress
                + " times in a row without getting"
                + " a record from the WAL through to Kafka (relay.max-restarts-without-progress); the last cause: "
                + cause);
      }
      await(pause);
      pause = min(pause.multipliedBy(2), MAX_PAUSE);
    }
  }

  /**
   * Recreates missing topics when {@code relay.topic.create} allows it; else the relay gives up.
   */
  private void recreateOrGiveUp(List<String> missing) {
    String what =
        RelayTopicSetup.missingMessage(missing)
            + " (deleted, or a broker came back without its data)";
    if (!config.topicCreate()) {
      log.error(
          "relay on slot {}: {}, and relay.topic.create is false: the relay stops",
          config.slotName(),
          what);
      throw new RelayGaveUpException(
          what
              + ", and relay.topic.create is false: create "
              + (missing.size() == 1 ? "it" : "them")
              + " as docs/operations/relay.md says, or set relay.topic.create=true");
    }
    log.error(
        "relay on slot {}: {}; recreating {} and restarting its engine",
        config.slotName(),
        what,
        missing.stream().map(topics::describe).collect(Collectors.joining(", ")));
    topics.create(missing);
  }

  /** Empty when the relay is closing or lost its lease; else why the engine must restart. */
  private Optional<EngineRestart> watch(CaptureRun run) throws SQLException, InterruptedException {
    Duration tick = min(config.heartbeatInterval(), Duration.ofSeconds(1));
    Instant nextTopicCheck = clock.instant().plus(TOPIC_CHECK_INTERVAL);
    while (!await(tick)) {
      if (!lease
          .held()) { // checked first: without the lease, restarting the engine is not ours to do
        log.error(
            "relay on slot {} lost its lease (its database session was replaced): stopping its engine"
                + " and waiting as a standby",
            config.slotName());
        health.waiting("lost the lease of slot " + config.slotName() + "; stopping its engine");
        return Optional.empty();
      }
      if (run.ended()) { // a missing topic is the likelier cause, and the one to fix
        return missingTopics()
            .or(
                () ->
                    Optional.of(
                        new EngineRestart.Failed(
                            run.failure()
                                .orElseGet(
                                    () -> new RelayException("the engine stopped by itself")))));
      }
      SlotStatus status = lease.slotStatus();
      if (status.walLost()) {
        log.error(
            "slot {} has wal_status 'lost': PostgreSQL removed WAL the slot still needed, so events"
                + " were lost; see docs/operations/relay.md",
            config.slotName());
      }
      listener.slotChecked(status);
      Optional<Duration> stalled = run.watchdog().stalledFor();
      if (stalled.isPresent()) {
        return missingTopics().or(() -> Optional.of(new EngineRestart.Stalled(stalled.get())));
      }
      if (!clock.instant().isBefore(nextTopicCheck)) {
        nextTopicCheck = clock.instant().plus(TOPIC_CHECK_INTERVAL);
        Optional<EngineRestart> missing = missingTopics();
        if (missing.isPresent()) {
          return missing;
        }
      }
    }
    return Optional.empty();
  }

  /** Missing topics, if any; a cluster that cannot be asked is not a reason to restart. */
  private Optional<EngineRestart> missingTopics() {
    try {
      List<String> missing = topics.missing();
      return missing.isEmpty()
          ? Optional.empty()
          : Optional.of(new EngineRestart.TopicMissing(missing));
    } catch (RelayException e) {
      log.warn("relay on slot {} could not check its topics: {}", config.slotName(), causes(e));
      return Optional.empty();
    }
  }

  private static String describe(EngineRestart why, CaptureRun run) {
    return switch (why) {
      case EngineRestart.Stalled stalled ->
          "nothing came through the slot for "
              + stalled.silentFor().toMillis()
              + " ms, heartbeats included (watchdog); "
              + (run.unackedBatches() > 0
                  ? run.unackedBatches()
                      + " batch(es) sent to Kafka still await its acknowledgement"
                  : "no batch awaits Kafka: the replication stream itself is silent");
      case EngineRestart.Failed failed -> "it stopped with an error: " + causes(failed.cause());
      case EngineRestart.TopicMissing missing ->
          RelayTopicSetup.missingMessage(missing.topics())
              + " (deleted, or a broker came back without its data)";
    };
  }

  /**
   * An error and its causes on one line: the relay's words first, then the producer's or driver's.
   */
  static String causes(Throwable e) {
    StringBuilder line = new StringBuilder(String.valueOf(e.getMessage()));
    int depth = 0;
    for (Throwable c = e.getCause();
        c != null && c != c.getCause() && depth < 4;
        c = c.getCause(), depth++) {
      line.append("; caused by ")
          .append(c.getClass().getSimpleName())
          .append(": ")
          .append(c.getMessage());
    }
    return line.toString();
  }

  /** Waits, or returns true at once when the relay is closing. */
  private boolean await(Duration d) throws InterruptedException {
    return closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
