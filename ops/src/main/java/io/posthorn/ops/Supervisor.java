package io.posthorn.ops;

import io.posthorn.schema.health.Health;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a long-running command whose component failed. Once {@link #start()}ed it asks the
 * component's {@link Health} every second; on FAILED it logs the detail at ERROR and exits the JVM
 * with {@link #EXIT_STATUS}. The exit runs the command's {@link ProcessShutdown} hook, so the
 * component is closed cleanly within the command's shutdown timeout, or the exit is forced. The
 * process's own supervisor (systemd, Kubernetes) then restarts it: a component reports, the process
 * exits (decision 0021). STARTING is not a failure, however long it lasts: the readiness endpoint
 * says so.
 */
final class Supervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
  static final Duration INTERVAL = Duration.ofSeconds(1);

  /** The exit status of a process whose component failed: the commands' "the command failed". */
  static final int EXIT_STATUS = 1;

  private final String component;
  private final Supplier<Health> health;
  private final IntConsumer exit;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);

  /**
   * @param exit {@code System::exit} in a command; called at most once, on the polling thread
   */
  Supervisor(String component, Supplier<Health> health, IntConsumer exit) {
    this.component = component;
    this.health = health;
    this.exit = exit;
  }

  /**
   * Polls every {@link #INTERVAL} on a daemon thread until the component fails or this is closed.
   */
  Supervisor start() {
    Thread.ofPlatform()
        .daemon()
        .name("posthorn-supervisor")
        .start(
            () -> {
              try {
                while (!closed.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS) && !check()) {
                  // next poll
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    return this;
  }

  /**
   * One poll: when the component is FAILED (or its health cannot be read), logs why and exits. True
   * if it did; it does so once, and never after {@link #close()}.
   */
  boolean check() {
    Health now;
    try {
      now = health.get();
    } catch (RuntimeException e) {
      now = Health.failed("its health could not be read: " + e);
    }
    if (!now.isFailed() || closed.getCount() == 0 || !ended.compareAndSet(false, true)) {
      return false;
    }
    log.error("{} failed: {}; exiting with status {}", component, now.detail(), EXIT_STATUS);
    exit.accept(EXIT_STATUS);
    return true;
  }

  /** Stops polling (a clean stop is under way); never waits, so the exiting thread may call it. */
  @Override
  public void close() {
    closed.countDown();
  }
}
