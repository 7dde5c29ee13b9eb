package io.posthorn.ops.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.ops.OpsException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one replay covers, fixed when it starts: the filter, the loop guard, and per partition the
 * end of the slice (the dead-letter topic's end at the start, or {@code --until}). It is stored as
 * the metadata of the replay group's committed offsets, so the plan and the progress are one Kafka
 * write and a resumed replay needs nothing but its id.
 *
 * @param maxReplays dead letters already replayed this many times are held back unless {@code
 *     force}
 */
record ReplayPlan(
    String replayId,
    DeadLetterFilter filter,
    int maxReplays,
    boolean force,
    Map<TopicPartition, Long> ends,
    Instant createdAt) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9._-]{1,80}$");

  ReplayPlan {
    ends = Map.copyOf(ends);
  }

  /**
   * @throws IllegalArgumentException when the id is not 1-80 of {@code A-Z a-z 0-9 . _ -}
   */
  static String checkId(String replayId) {
    if (!ID.matcher(replayId).matches()) {
      throw new IllegalArgumentException(
          "--replay-id must be 1-80 letters, digits, '.', '_' or '-', got '" + replayId + "'");
    }
    return replayId;
  }

  /** The consumer group holding the replay's progress, and the producer's transactional id. */
  static String groupId(String replayId) {
    return "posthorn-replay." + replayId;
  }

  String groupId() {
    return groupId(replayId);
  }

  /** The offsets to commit, each carrying the plan. */
  Map<TopicPartition, OffsetAndMetadata> checkpoint(Map<TopicPartition, Long> next) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    ends.forEach((tp, end) -> out.put(tp, new OffsetAndMetadata(next.get(tp), metadata(end))));
    return out;
  }

  private String metadata(long end) {
    ObjectNode n =
        JSON.createObjectNode()
            .put("v", 1)
            .put("end", end)
            .put("maxReplays", maxReplays)
            .put("force", force)
            .put("created", createdAt.toString());
    array(n.putArray("endpoints"), filter.endpoints());
    array(n.putArray("tenants"), filter.tenants());
    array(n.putArray("types"), filter.typeGlobs());
    array(n.putArray("reasons"), filter.reasons());
    n.put("since", filter.since() == null ? null : filter.since().toString());
    n.put("until", filter.until() == null ? null : filter.until().toString());
    return n.toString();
  }

  /**
   * The plan of a replay that has committed offsets.
   *
   * @throws OpsException when the group's metadata is not a replay plan (not made by this command)
   */
  static ReplayPlan fromCommitted(
      String replayId, Map<TopicPartition, OffsetAndMetadata> committed) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    JsonNode first = null;
    for (var e : committed.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      JsonNode n = parse(replayId, e.getValue().metadata());
      ends.put(e.getKey(), n.path("end").asLong());
      first = first == null ? n : first;
    }
    if (first == null) {
      throw new IllegalStateException("no committed offsets for replay " + replayId);
    }
    DeadLetterFilter filter =
        new DeadLetterFilter(
            set(first, "endpoints"),
            set(first, "tenants"),
            set(first, "types"),
            set(first, "reasons"),
            instant(first, "since"),
            instant(first, "until"));
    return new ReplayPlan(
        replayId,
        filter,
        first.path("maxReplays").asInt(),
        first.path("force").asBoolean(),
        ends,
        Instant.parse(first.path("created").asText()));
  }

  private static JsonNode parse(String replayId, String metadata) {
    try {
      JsonNode n = JSON.readTree(metadata == null ? "" : metadata);
      if (n == null || n.path("v").asInt() != 1 || !n.has("end")) {
        throw new JsonProcessingException("not a plan") {
          private static final long serialVersionUID = 1L;
        };
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new OpsException(
          "group "
              + groupId(replayId)
              + " has offsets that no `posthorn dlq replay` committed;"
              + " choose another --replay-id");
    }
  }

  private static void array(ArrayNode a, Iterable<String> values) {
    values.forEach(a::add);
  }

  private static TreeSet<String> set(JsonNode n, String field) {
    TreeSet<String> out = new TreeSet<>();
    n.path(field).forEach(v -> out.add(v.asText()));
    return out;
  }

  private static Instant instant(JsonNode n, String field) {
    return n.path(field).isTextual() ? Instant.parse(n.path(field).asText()) : null;
  }
}
