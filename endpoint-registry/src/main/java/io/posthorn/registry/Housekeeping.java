package io.posthorn.registry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's periodic chores (attempt retention, the auto-disable sweep), run one after the
 * other on one thread every {@code registry.housekeeping-interval}. A chore that fails is logged and
 * runs again next time; it never stops the others.
 */
final class Housekeeping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final Map<String, Runnable> chores = new LinkedHashMap<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("registry-housekeeping").daemon().unstarted(r));

  Housekeeping add(String name, Runnable chore) {
    chores.put(name, chore);
    return this;
  }

  Housekeeping start(Duration interval) {
    scheduler.scheduleWithFixedDelay(this::runAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void runAll() {
    chores.forEach((name, chore) -> {
      try {
        chore.run();
      } catch (RuntimeException e) {
        log.error("housekeeping: {} failed; it runs again next time", name, e);
      }
    });
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
