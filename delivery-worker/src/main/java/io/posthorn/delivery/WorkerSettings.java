package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.ConnectionPooling;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.schema.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Builds a {@link WorkerConfig} from flat string settings (a config file with environment overrides
 * already applied). Every key is optional except the bootstrap servers and the secret key; an
 * unknown {@code worker.*} key or an unreadable value fails naming the key.
 */
public final class WorkerSettings {
  private WorkerSettings() {}

  /** Keys this class reads, for the example config and error messages. */
  public static final Set<String> KEYS =
      new TreeSet<>(
          Set.of(
              "worker.kafka.bootstrap-servers",
              "worker.secret-key",
              "worker.group-id",
              "worker.topic.events",
              "worker.topic.endpoints",
              "worker.topic.attempts",
              "worker.topic.retry-prefix",
              "worker.topic.dlq",
              "worker.topic.redeliveries",
              "worker.topic.invalid",
              "worker.topic.create",
              "worker.topic.check-interval",
              "worker.topic.partitions",
              "worker.topic.replication-factor",
              "worker.topic.retry-retention",
              "worker.topic.dlq-retention",
              "worker.retry.ladder",
              "worker.retry.retry-after-max",
              "worker.circuit.failure-threshold",
              "worker.circuit.cool-down",
              "worker.circuit.max-holds",
              "worker.pacing.max-wait",
              "worker.pacing.max-queued",
              "worker.max-in-flight",
              "worker.max-poll-records",
              "worker.commit-interval",
              "worker.network.allow-private",
              "worker.handover.give-up-after",
              "worker.startup-timeout",
              "worker.http.connection-pool"));

  public static WorkerConfig parse(Map<String, String> settings) {
    for (String key : settings.keySet()) {
      if (key.startsWith("worker.") && !KEYS.contains(key)) {
        throw new WorkerConfigException(key + " is not a known key; known keys: " + KEYS);
      }
    }
    Map<String, String> s = new HashMap<>(settings);
    String masterKey = s.get("worker.secret-key");
    SigningSecretSeal seal;
    try {
      seal = masterKey == null ? null : SigningSecretSeal.fromBase64(masterKey);
    } catch (IllegalArgumentException e) {
      throw new WorkerConfigException("worker.secret-key " + e.getMessage());
    }
    WorkerConfig.Builder b = WorkerConfig.builder(s.get("worker.kafka.bootstrap-servers"), seal);
    text(s, "worker.group-id", b::groupId);
    text(s, "worker.topic.events", b::eventsTopic);
    text(s, "worker.topic.endpoints", b::endpointsTopic);
    text(s, "worker.topic.attempts", b::attemptsTopic);
    text(s, "worker.topic.retry-prefix", b::retryTopicPrefix);
    text(s, "worker.topic.dlq", b::deadLetterTopic);
    text(s, "worker.topic.redeliveries", b::redeliveriesTopic);
    text(s, "worker.topic.invalid", b::invalidTopic);
    integer(s, "worker.circuit.failure-threshold", b::circuitFailureThreshold);
    duration(s, "worker.circuit.cool-down", b::circuitCoolDown);
    integer(s, "worker.circuit.max-holds", b::circuitMaxHolds);
    duration(s, "worker.pacing.max-wait", b::pacingMaxWait);
    integer(s, "worker.pacing.max-queued", b::pacingMaxQueued);
    duration(s, "worker.retry.retry-after-max", b::retryAfterCap);
    bool(s, "worker.topic.create", b::topicCreate);
    duration(s, "worker.topic.check-interval", b::topicCheckInterval);
    integer(s, "worker.topic.partitions", b::topicPartitions);
    integer(
        s,
        "worker.topic.replication-factor",
        v -> {
          if (v < 1 || v > Short.MAX_VALUE) {
            throw new WorkerConfigException(
                "worker.topic.replication-factor must be between 1 and "
                    + Short.MAX_VALUE
                    + ", got "
                    + v);
          }
          b.topicReplicationFactor(v.shortValue());
        });
    duration(s, "worker.topic.retry-retention", b::retryRetention);
    String dlqRetention = s.get("worker.topic.dlq-retention");
    if (dlqRetention != null) {
      if (dlqRetention.strip().equals("unlimited")) {
        b.deadLetterRetention(Optional.empty());
      } else {
        duration(s, "worker.topic.dlq-retention", d -> b.deadLetterRetention(Optional.of(d)));
      }
    }
    duration(s, "worker.handover.give-up-after", b::handoverGiveUpAfter);
    integer(s, "worker.max-in-flight", b::maxInFlight);
    integer(s, "worker.max-poll-records", b::maxPollRecords);
    duration(s, "worker.commit-interval", b::commitInterval);
    String ladder = s.get("worker.retry.ladder");
    if (ladder != null) {
      try {
        b.retryLadder(RetryLadder.parse(ladder));
      } catch (IllegalArgumentException e) {
        String m = e.getMessage();
        throw new WorkerConfigException("worker.retry.ladder" + (m.startsWith("[") ? "" : " ") + m);
      }
    }
    bool(s, "worker.network.allow-private", b::allowPrivateNetworks);
    duration(s, "worker.startup-timeout", b::startupTimeout);
    String pooling = s.get("worker.http.connection-pool");
    if (pooling != null) {
      switch (pooling.strip()) {
        case "per-origin" -> b.connectionPooling(ConnectionPooling.PER_ORIGIN);
        case "shared" -> b.connectionPooling(ConnectionPooling.SHARED);
        default ->
            throw new WorkerConfigException(
                "worker.http.connection-pool must be per-origin or shared, got " + pooling);
      }
    }
    return b.build();
  }

  private static void duration(Map<String, String> s, String key, Consumer<Duration> set) {
    String v = s.get(key);
    if (v != null) {
      try {
        set.accept(Durations.parse(v));
      } catch (IllegalArgumentException e) {
        throw new WorkerConfigException(key + " " + e.getMessage());
      }
    }
  }

  private static void bool(Map<String, String> s, String key, Consumer<Boolean> set) {
    String v = s.get(key);
    if (v != null) {
      if (!v.strip().equals("true") && !v.strip().equals("false")) {
        throw new WorkerConfigException(key + " must be true or false, got " + v);
      }
      set.accept(Boolean.parseBoolean(v.strip()));
    }
  }

  private static void text(Map<String, String> s, String key, Consumer<String> set) {
    if (s.containsKey(key)) {
      set.accept(s.get(key));
    }
  }

  private static void integer(Map<String, String> s, String key, Consumer<Integer> set) {
    String v = s.get(key);
    if (v != null) {
      try {
        set.accept(Integer.parseInt(v.strip()));
      } catch (NumberFormatException e) { // also what does not fit an int: refused, never narrowed
        throw new WorkerConfigException(key + " must be an integer, got " + v);
      }
    }
  }
}
