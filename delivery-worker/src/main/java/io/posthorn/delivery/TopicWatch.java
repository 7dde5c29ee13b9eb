package io.posthorn.delivery;

import io.posthorn.schema.health.Health;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, every {@code worker.topic.check-interval}, that the worker's topics still exist: a topic
 * can vanish at run time (deleted by someone, or a broker that came back without its data). A
 * missing topic of the worker's own is named at ERROR and recreated with the configured settings
 * when {@code worker.topic.create} allows it; otherwise the worker fails (its supervisor exits the
 * process). A missing events topic is the relay's to create: the worker names it at ERROR and
 * reports itself not ready until it exists. A cluster that does not answer within the check
 * interval (at least a second, at most 30) makes the worker not ready, naming the servers, until it
 * answers again. Runs on one scheduler thread.
 */
final class TopicWatch implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicWatch.class);

  private final WorkerConfig config;
  private final Admin admin;
  private final Failures failures;
  private final Duration listTimeout;
  private volatile boolean eventsMissing;
  private volatile String unreachable;

  TopicWatch(WorkerConfig config, Admin admin, Failures failures) {
    this.config = config;
    this.admin = admin;
    this.failures = failures;
    this.listTimeout =
        clamp(config.topicCheckInterval(), Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }

  @Override
  public void run() {
    Set<String> existing;
    try {
      existing = WorkerTopicSetup.existing(admin, config, listTimeout);
    } catch (RuntimeException e) {
      if (unreachable == null) {
        log.warn(
            "could not list topics on {} to check the worker's: {}",
            config.bootstrapServers(),
            e.toString());
      }
      unreachable = String.valueOf(e.getCause() == null ? e : e.getCause());
      return;
    }
    if (unreachable != null) {
      log.info("Kafka at {} answers again", config.bootstrapServers());
    }
    unreachable = null;
    boolean events = !existing.contains(config.eventsTopic());
    if (events && !eventsMissing) {
      log.error(
          "topic {} (the events topic, created by the relay) does not exist on {}: nothing to deliver until"
              + " it does",
          config.eventsTopic(),
          config.bootstrapServers());
    } else if (!events && eventsMissing) {
      log.info("topic {} exists again", config.eventsTopic());
    }
    eventsMissing = events;
    Set<String> missing = new TreeSet<>(WorkerTopicSetup.ownedNames(config));
    missing.removeAll(existing);
    if (missing.isEmpty()) {
      return;
    }
    log.error(
        "topic(s) {} missing on {}: deleted, or the broker lost its data",
        missing,
        config.bootstrapServers());
    if (!config.topicCreate()) {
      failures.fail(
          "topic(s) "
              + missing
              + " missing on "
              + config.bootstrapServers()
              + " and worker.topic.create is false");
      return;
    }
    try {
      WorkerTopicSetup.create(admin, config, missing);
      log.warn(
          "recreated topic(s) {} with the configured settings; records they held are gone",
          missing);
    } catch (RuntimeException e) {
      log.error(
          "could not recreate topic(s) {}; trying again in {}",
          missing,
          config.topicCheckInterval(),
          e);
    }
  }

  /**
   * Not ready while Kafka does not answer or the events topic is missing; ready otherwise (failures
   * go to {@link Failures}).
   */
  Health health() {
    String lost = unreachable;
    if (lost != null) {
      return Health.starting("Kafka at " + config.bootstrapServers() + " does not answer: " + lost);
    }
    return eventsMissing
        ? Health.starting(
            "topic " + config.eventsTopic() + " does not exist (the relay creates it)")
        : Health.ready();
  }

  @Override
  public void close() {
    admin.close();
  }
}
