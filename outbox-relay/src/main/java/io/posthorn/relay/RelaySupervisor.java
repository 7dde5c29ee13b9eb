package io.posthorn.relay;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's life, on a thread of its own: wait as a standby until this relay holds the slot's
 * {@link SlotLease}, then run the engine; restart it when it fails or the {@link Watchdog} finds it
 * stalled; give the slot up when the lease is lost or the relay is closed.
 *
 * <p>Database trouble (PostgreSQL down, a failover) is retried with a growing pause, up to 30 s. A
 * {@link SlotLostException} ends the relay: continuing would skip events silently.
 */
final class RelaySupervisor implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RelaySupervisor.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
  private static final Duration STALE_WALSENDER_WAIT = Duration.ofSeconds(30);

  private final RelayConfig config;
  private final RelayListener listener;
  private final Clock clock;
  private final SlotLease lease;
  private final CountDownLatch closing = new CountDownLatch(1);
  private int runs;

  RelaySupervisor(RelayConfig config, RelayListener listener, Clock clock) {
    this.config = config;
    this.listener = listener;
    this.clock = clock;
    this.lease = new SlotLease(config);
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
    try {
      while (closing.getCount() > 0) {
        try {
          if (lease.tryAcquire()) {
            announcedStandby = false;
            lead();
          } else {
            if (!announcedStandby) {
              String holder = lease.holder();
              log.info("relay on slot {} is standby: the slot's lease is held by {}", config.slotName(), holder);
              listener.standby(holder);
              announcedStandby = true;
            }
            listener.slotChecked(lease.slotStatus());
            await(config.standbyCheckInterval());
          }
          pause = config.standbyCheckInterval();
        } catch (SlotLostException e) {
          log.error("relay on slot {} stops: {}", config.slotName(), e.getMessage());
          fatal = e;
          return;
        } catch (SQLException | RuntimeException e) {
          log.warn("relay on slot {}: {}; trying again in {}", config.slotName(), e.getMessage(), pause, e);
          lease.close();
          await(pause);
          pause = min(pause.multipliedBy(2), MAX_PAUSE);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lease.close();
      listener.stopped(fatal);
    }
  }

  /** Runs engines while this relay holds the lease; returns when it is lost or the relay closes. */
  private void lead() throws SQLException, InterruptedException {
    log.info("relay on slot {} is active", config.slotName());
    listener.active();
    Duration pause = Duration.ofSeconds(1);
    while (closing.getCount() > 0) {
      new ReplicationSetup(config).ensure(); // after a failover the slot may be gone
      lease.freeSlot(STALE_WALSENDER_WAIT);
      CaptureRun run = CaptureRun.start(config, listener, clock, ++runs);
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
      log.warn("relay on slot {} restarts its engine: {}", config.slotName(), describe(why));
      listener.engineRestarting(why);
      run.close(config.shutdownTimeout());
      if (run.watchdog().sawActivity()) {
        pause = Duration.ofSeconds(1);
      } else {
        await(pause);
        pause = min(pause.multipliedBy(2), MAX_PAUSE);
      }
    }
  }

  /** Empty when the relay is closing or lost its lease; else why the engine must restart. */
  private Optional<EngineRestart> watch(CaptureRun run) throws SQLException, InterruptedException {
    Duration tick = min(config.heartbeatInterval(), Duration.ofSeconds(1));
    while (!await(tick)) {
      if (!lease.held()) { // checked first: without the lease, restarting the engine is not ours to do
        log.error("relay on slot {} lost its lease (its database session was replaced): stopping its engine"
            + " and waiting as a standby", config.slotName());
        return Optional.empty();
      }
      if (run.ended()) {
        return Optional.of(new EngineRestart.Failed(
            run.failure().orElseGet(() -> new RelayException("the engine stopped by itself"))));
      }
      SlotStatus status = lease.slotStatus();
      if (status.walLost()) {
        log.error("slot {} has wal_status 'lost': PostgreSQL removed WAL the slot still needed, so events"
            + " were lost; see docs/operations/relay.md", config.slotName());
      }
      listener.slotChecked(status);
      Optional<Duration> stalled = run.watchdog().stalledFor();
      if (stalled.isPresent()) {
        return Optional.of(new EngineRestart.Stalled(stalled.get()));
      }
    }
    return Optional.empty();
  }

  private static String describe(EngineRestart why) {
    return switch (why) {
      case EngineRestart.Stalled stalled -> "nothing came through the slot for " + stalled.silentFor().toMillis()
          + " ms, heartbeats included (watchdog)";
      case EngineRestart.Failed failed -> "it stopped with an error: " + failed.cause();
    };
  }

  /** Waits, or returns true at once when the relay is closing. */
  private boolean await(Duration d) throws InterruptedException {
    return closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
