package io.posthorn.ops.dlq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Dead letters counted by endpoint, event type and reason word; records that do not decode counted
 * apart.
 */
final class DeadLetterStats {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One group: how many, and the oldest and newest dead-lettering time. */
  record Group(
      String endpoint, String type, String reason, long count, Instant oldest, Instant newest) {
    Group plus(Instant at) {
      return new Group(
          endpoint,
          type,
          reason,
          count + 1,
          at.isBefore(oldest) ? at : oldest,
          at.isAfter(newest) ? at : newest);
    }
  }

  private final Map<String, Group> groups = new LinkedHashMap<>();
  private long malformed;

  /** Counts the record when it decodes and the filter selects it. */
  void add(ConsumerRecord<byte[], byte[]> record, DeadLetterFilter filter) {
    DeadLetter d;
    try {
      d = DeadLetter.decode(record);
    } catch (IllegalArgumentException e) {
      malformed++;
      return;
    }
    if (filter.selects(d)) {
      add(d);
    }
  }

  void add(DeadLetter d) {
    String key =
        d.task().endpointId()
            + "\u0000"
            + d.task().identity().eventType()
            + "\u0000"
            + d.reasonWord();
    groups.merge(
        key,
        new Group(
            d.task().endpointId(),
            d.task().identity().eventType(),
            d.reasonWord(),
            1,
            d.deadLetteredAt(),
            d.deadLetteredAt()),
        (old, x) -> old.plus(d.deadLetteredAt()));
  }

  long total() {
    return groups.values().stream().mapToLong(Group::count).sum();
  }

  Iterable<Group> sorted() {
    return groups.values().stream()
        .sorted(
            Comparator.comparingLong(Group::count)
                .reversed()
                .thenComparing(Group::endpoint)
                .thenComparing(Group::type))
        .toList();
  }

  void printTable(PrintWriter out) {
    if (groups.isEmpty()) {
      out.println(
          "no dead letters match"
              + (malformed > 0 ? " (" + malformed + " record(s) that do not decode)" : ""));
      return;
    }
    TextTable table = new TextTable("COUNT", "ENDPOINT", "TYPE", "REASON", "OLDEST", "NEWEST");
    for (Group g : sorted()) {
      table.row(
          g.count(), g.endpoint(), g.type(), g.reason(), seconds(g.oldest()), seconds(g.newest()));
    }
    table.print(out);
    out.println(
        total()
            + " dead letter(s) in "
            + groups.size()
            + " group(s)"
            + (malformed > 0
                ? "; " + malformed + " record(s) do not decode and were skipped"
                : ""));
  }

  void printJson(PrintWriter out) {
    for (Group g : sorted()) {
      ObjectNode n =
          JSON.createObjectNode()
              .put("endpoint", g.endpoint())
              .put("type", g.type())
              .put("reason", g.reason())
              .put("count", g.count())
              .put("oldest", g.oldest().toString())
              .put("newest", g.newest().toString());
      out.println(n);
    }
  }

  static String seconds(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
