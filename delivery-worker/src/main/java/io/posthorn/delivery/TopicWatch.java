package io.posthorn.delivery;

import io.posthorn.schema.health.Health;
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
 * reports itself not ready until it exists. Runs on one scheduler thread.
 */
final class TopicWatch implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicWatch.class);

  private final WorkerConfig config;
  private final Admin admin;
  private final Failures failures;
  private volatile boolean eventsMissing;
  private volatile boolean unreachable;

  TopicWatch(WorkerConfig config, Admin admin, Failures failures) {
    this.config = config;
    this.admin = admin;
    this.failures = failures;
  }

  @Override
  public void run() {
    Set<String> existing;
    try {
      existing = WorkerTopicSetup.existing(admin, config);
    } catch (RuntimeException e) {
      if (!unreachable) {
        log.warn(
            "could not list topics on {} to check the worker's: {}",
            config.bootstrapServers(),
            e.toString());
        unreachable = true;
      }
      return;
    }
    unreachable = false;
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
    Set<String> missing = new TreeSet<>(WorkerTopicSetup.owned(config).keySet());
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
   * Not ready while the events topic is missing; ready otherwise (failures go to {@link Failures}).
   */
  Health health() {
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
