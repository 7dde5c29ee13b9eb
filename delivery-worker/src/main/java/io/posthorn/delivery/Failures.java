package io.posthorn.delivery;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first failure a part of the worker cannot recover from by itself (a hand-over Kafka refused
 * past the bound, a missing topic the worker may not create): it turns the worker's health FAILED,
 * so its supervisor exits the process and the partitions' next owner delivers again. Thread-safe.
 */
final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);
  private final AtomicReference<String> first = new AtomicReference<>();

  /** Records a failure; only the first is kept (and logged at ERROR), later ones only logged. */
  void fail(String detail) {
    if (first.compareAndSet(null, detail)) {
      log.error("worker FAILED: {}; the process should be restarted", detail);
    } else {
      log.error("worker part failed as well: {}", detail);
    }
  }

  /** The first failure, or null. */
  String first() {
    return first.get();
  }
}
