package io.posthorn.registry;

import io.posthorn.schema.health.Health;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's periodic chores (attempt retention, the auto-disable sweep), run one after the
 * other on one thread every {@code registry.housekeeping-interval}. A chore that fails is logged
 * and runs again next time; it never stops the others. An {@link Error} ends the schedule, and
 * {@link #health()} reports it. Each run of a chore is reported to the listener, with its name.
 */
final class Housekeeping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final RegistryListener listener;
  private final Map<String, Runnable> chores = new LinkedHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("registry-housekeeping").daemon().unstarted(r));
  private volatile ScheduledFuture<?> schedule;
  private volatile boolean closed;

  Housekeeping(RegistryListener listener) {
    this.listener = listener;
  }

  /** The chores' names, in the order they run. */
  List<String> chores() {
    return List.copyOf(chores.keySet());
  }

  Housekeeping add(String name, Runnable chore) {
    chores.put(name, chore);
    return this;
  }

  Housekeeping start(Duration interval) {
    schedule =
        scheduler.scheduleWithFixedDelay(
            this::runAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** FAILED once the schedule ended while open (a chore threw an {@link Error}). */
  Health health() {
    ScheduledFuture<?> s = schedule;
    if (s == null || closed || !s.isDone()) {
      return Health.ready();
    }
    try {
      s.get();
      return Health.failed("housekeeping stopped");
    } catch (ExecutionException e) {
      return Health.failed("housekeeping died: " + e.getCause());
    } catch (CancellationException | InterruptedException e) {
      return Health.failed("housekeeping was cancelled");
    }
  }

  private void runAll() {
    chores.forEach(
        (name, chore) -> {
          long start = System.nanoTime();
          boolean failed = false;
          try {
            chore.run();
          } catch (RuntimeException e) {
            failed = true;
            log.error("housekeeping: {} failed; it runs again next time", name, e);
          }
          listener.choreRan(name, Duration.ofNanos(System.nanoTime() - start), failed);
        });
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
