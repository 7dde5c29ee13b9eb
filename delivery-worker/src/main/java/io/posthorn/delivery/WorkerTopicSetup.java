package io.posthorn.delivery;

import io.posthorn.schema.TopicReplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics the worker owns, and how it creates them: the endpoints topic compacted (it is a
 * table); the tier and redeliveries topics with {@code worker.topic.retry-retention} (longer than
 * the ladder's longest step, validated); the dead-letter topic with {@code
 * worker.topic.dlq-retention} (unlimited by default: nothing may leave it except by people); the
 * invalid-events topic unlimited; the attempts topic with the broker's retention. The replication
 * is {@code worker.topic.replication-factor} if set, else chosen from the cluster's size by {@link
 * TopicReplication} (3 with {@code min.insync.replicas=2} on three brokers or more). The events
 * topic is the relay's: the worker only checks that it exists.
 */
final class WorkerTopicSetup {
  private static final long TIMEOUT_SECONDS = 30;
  // Names and settings other than replication do not depend on it.
  private static final TopicReplication ANY = new TopicReplication((short) 1, Optional.empty());

  private WorkerTopicSetup() {}

  /**
   * At start: creates the missing topics when {@code worker.topic.create} allows it, else fails
   * naming them.
   */
  static void ensure(WorkerConfig config) {
    try (Admin admin = admin(config)) {
      Set<String> missing = missing(admin, config);
      if (missing.isEmpty()) {
        return;
      }
      if (!config.topicCreate()) {
        throw new DeliveryException(
            "topic(s) "
                + missing
                + " do not exist on "
                + config.bootstrapServers()
                + " and worker.topic.create is false: create them, or set worker.topic.create=true");
      }
      create(admin, config, missing);
    }
  }

  /**
   * Creates every missing topic of the worker's, whatever {@code worker.topic.create} says: an
   * explicit request.
   */
  static void create(WorkerConfig config) {
    try (Admin admin = admin(config)) {
      Set<String> missing = missing(admin, config);
      if (!missing.isEmpty()) {
        create(admin, config, missing);
      }
    }
  }

  /** The names of every topic the worker creates. */
  static Set<String> ownedNames(WorkerConfig config) {
    return owned(config, ANY).keySet();
  }

  /** Every topic the worker creates, by name, with its settings. */
  static Map<String, NewTopic> owned(WorkerConfig config, TopicReplication replication) {
    Map<String, NewTopic> topics = new LinkedHashMap<>();
    put(
        topics,
        topic(
            config,
            replication,
            config.endpointsTopic(),
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    put(topics, topic(config, replication, config.attemptsTopic(), Map.of()));
    String retry = Long.toString(config.retryRetention().toMillis());
    config
        .taskTopics()
        .forEach(
            t ->
                put(
                    topics,
                    topic(config, replication, t, Map.of(TopicConfig.RETENTION_MS_CONFIG, retry))));
    put(
        topics,
        topic(
            config,
            replication,
            config.invalidTopic(),
            Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
    put(
        topics,
        topic(
            config,
            replication,
            config.deadLetterTopic(),
            Map.of(
                TopicConfig.RETENTION_MS_CONFIG,
                config.deadLetterRetention().map(d -> Long.toString(d.toMillis())).orElse("-1"))));
    return topics;
  }

  /** The worker's own topics that do not exist. */
  static Set<String> missing(Admin admin, WorkerConfig config) {
    Set<String> missing = new TreeSet<>(ownedNames(config));
    missing.removeAll(existing(admin, config, Duration.ofSeconds(TIMEOUT_SECONDS)));
    return missing;
  }

  /** The names of every topic on the cluster, waiting at most {@code timeout} for the answer. */
  static Set<String> existing(Admin admin, WorkerConfig config, Duration timeout) {
    try {
      return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while listing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new DeliveryException("listing topics on " + config.bootstrapServers(), e);
    }
  }

  /**
   * Creates these topics (of the worker's own) with their settings; one created meanwhile by
   * another worker is fine.
   */
  static void create(Admin admin, WorkerConfig config, Set<String> names) {
    Map<String, NewTopic> owned;
    try {
      owned =
          owned(
              config,
              TopicReplication.forCluster(
                  admin, config.topicReplicationFactor(), Duration.ofSeconds(TIMEOUT_SECONDS)));
    } catch (IllegalStateException e) {
      throw new DeliveryException(
          "choosing the replication factor on " + config.bootstrapServers(), e);
    }
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(owned.get(name));
    }
    try {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new DeliveryException(
                "creating topic " + entry.getKey() + " on " + config.bootstrapServers(),
                e.getCause());
          }
        } catch (TimeoutException e) {
          throw new DeliveryException(
              "creating topic "
                  + entry.getKey()
                  + " on "
                  + config.bootstrapServers()
                  + ": no answer within "
                  + TIMEOUT_SECONDS
                  + " s",
              e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while creating topics", e);
    }
  }

  static Admin admin(WorkerConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(
        AdminClientConfig.CLIENT_ID_CONFIG,
        "posthorn-worker-admin-" + ProcessHandle.current().pid());
    return Admin.create(props);
  }

  private static void put(Map<String, NewTopic> topics, NewTopic t) {
    topics.put(t.name(), t);
  }

  private static NewTopic topic(
      WorkerConfig config, TopicReplication replication, String name, Map<String, String> configs) {
    return replication.newTopic(name, config.topicPartitions(), configs);
  }
}
