package io.posthorn.delivery;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.schema.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a worker needs, validated at construction: a bad value fails with the key named.
 *
 * @param bootstrapServers {@code worker.kafka.bootstrap-servers}
 * @param groupId {@code worker.group-id}: workers sharing it share the partitions
 * @param eventsTopic {@code worker.topic.events}
 * @param endpoints {@code worker.endpoints[i].id|url|secret}: every endpoint receives every event
 * @param requestTimeout {@code worker.request-timeout}: the whole HTTP call, default 3 s, ≤ 30 s
 * @param maxInFlight {@code worker.max-in-flight}: deliveries on the wire at once; past it the
 *     consumer pauses (it may overshoot by one poll's worth)
 * @param maxPollRecords {@code worker.max-poll-records}: records per poll
 */
public record WorkerConfig(
    String bootstrapServers,
    String groupId,
    String eventsTopic,
    List<Endpoint> endpoints,
    Duration requestTimeout,
    int maxInFlight,
    int maxPollRecords) {

  public WorkerConfig {
    require(bootstrapServers != null && !bootstrapServers.isBlank(), "worker.kafka.bootstrap-servers", "must be set");
    require(groupId != null && !groupId.isBlank(), "worker.group-id", "must be set");
    require(eventsTopic != null && !eventsTopic.isBlank(), "worker.topic.events", "must be set");
    require(endpoints != null && !endpoints.isEmpty(), "worker.endpoints", "must list at least one endpoint");
    for (int i = 0; i < endpoints.size(); i++) {
      require(endpoints.get(i) != null, "worker.endpoints[" + i + "]", "must be set");
    }
    endpoints = List.copyOf(endpoints);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = endpoints.get(i);
      String key = "worker.endpoints[" + i + "]";
      require(!e.id().isBlank(), key + ".id", "must be set");
      require(ids.add(e.id()), key + ".id", "'" + e.id() + "' is used by an earlier endpoint");
      String scheme = e.url().getScheme();
      require(e.url().isAbsolute() && ("https".equals(scheme) || "http".equals(scheme)) && e.url().getHost() != null,
          key + ".url", "must be an absolute http(s) URL");
      require(!e.secrets().isEmpty(), key + ".secret", "must be set");
    }
    require(requestTimeout != null && !requestTimeout.isNegative() && !requestTimeout.isZero()
        && requestTimeout.compareTo(Duration.ofSeconds(30)) <= 0, "worker.request-timeout",
        "must be a positive duration of at most 30 s, got " + requestTimeout);
    require(maxInFlight >= 1 && maxInFlight <= 100_000, "worker.max-in-flight",
        "must be between 1 and 100000, got " + maxInFlight);
    require(maxPollRecords >= 1 && maxPollRecords <= 10_000, "worker.max-poll-records",
        "must be between 1 and 10000, got " + maxPollRecords);
  }

  /** Defaults: group {@code posthorn-delivery}, {@link Topics#EVENTS}, 3 s, 1000 in flight, 500 per poll. */
  public static WorkerConfig of(String bootstrapServers, List<Endpoint> endpoints) {
    return new WorkerConfig(bootstrapServers, "posthorn-delivery", Topics.EVENTS, endpoints, Duration.ofSeconds(3),
        1000, 500);
  }

  public WorkerConfig withGroupId(String v) {
    return new WorkerConfig(bootstrapServers, v, eventsTopic, endpoints, requestTimeout, maxInFlight, maxPollRecords);
  }

  public WorkerConfig withEventsTopic(String v) {
    return new WorkerConfig(bootstrapServers, groupId, v, endpoints, requestTimeout, maxInFlight, maxPollRecords);
  }

  public WorkerConfig withRequestTimeout(Duration v) {
    return new WorkerConfig(bootstrapServers, groupId, eventsTopic, endpoints, v, maxInFlight, maxPollRecords);
  }

  public WorkerConfig withMaxInFlight(int v) {
    return new WorkerConfig(bootstrapServers, groupId, eventsTopic, endpoints, requestTimeout, v, maxPollRecords);
  }

  private static void require(boolean ok, String key, String message) {
    if (!ok) {
      throw new WorkerConfigException(key + " " + message);
    }
  }
}
