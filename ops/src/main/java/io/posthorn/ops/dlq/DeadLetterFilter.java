package io.posthorn.ops.dlq;

import io.posthorn.schema.task.DeadLetterReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which dead letters a command works on. Within one option any value matches (OR); across options
 * all must (AND); an option not given matches everything. Time bounds are on the dead-lettering
 * time: {@code since} inclusive, {@code until} exclusive.
 *
 * @param typeGlobs event-type globs: {@code *} any run of characters, {@code ?} one
 * @param reasons leading words of the dead-letter reason ({@link #REASONS})
 */
record DeadLetterFilter(
    SortedSet<String> endpoints,
    SortedSet<String> tenants,
    SortedSet<String> typeGlobs,
    SortedSet<String> reasons,
    Instant since,
    Instant until) {

  /** The words a dead-letter reason starts with. */
  static final Set<String> REASONS =
      Arrays.stream(DeadLetterReason.Cause.values())
          .map(DeadLetterReason.Cause::word)
          .collect(Collectors.toUnmodifiableSet());

  private static final Pattern GLOB = Pattern.compile("^[a-z0-9_.*?]+$");

  DeadLetterFilter {
    endpoints = new TreeSet<>(endpoints);
    tenants = new TreeSet<>(tenants);
    typeGlobs = new TreeSet<>(typeGlobs);
    reasons = new TreeSet<>(reasons);
    for (String glob : typeGlobs) {
      if (!GLOB.matcher(glob).matches()) {
        throw new IllegalArgumentException(
            "--type '"
                + glob
                + "' is not a glob of event types: lowercase letters,"
                + " digits, _ and . with * and ? (order.*, *.created)");
      }
    }
    for (String reason : reasons) {
      if (!REASONS.contains(reason)) {
        throw new IllegalArgumentException(
            "--reason '"
                + reason
                + "' is not a dead-letter reason: one of "
                + String.join(", ", new TreeSet<>(REASONS)));
      }
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException(
          "--since (" + since + ") must be before --until (" + until + ")");
    }
  }

  static DeadLetterFilter all() {
    return new DeadLetterFilter(
        new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), null, null);
  }

  boolean selects(DeadLetter d) {
    return (endpoints.isEmpty() || endpoints.contains(d.task().endpointId()))
        && (tenants.isEmpty()
            || d.task().identity().tenantId() != null
                && tenants.contains(d.task().identity().tenantId()))
        && (typeGlobs.isEmpty()
            || typeGlobs.stream().anyMatch(g -> globMatches(g, d.task().identity().eventType())))
        && (reasons.isEmpty() || reasons.contains(d.reasonWord()))
        && (since == null || !d.deadLetteredAt().isBefore(since))
        && (until == null || d.deadLetteredAt().isBefore(until));
  }

  /** True when no option narrows the selection. */
  boolean selectsEverything() {
    return endpoints.isEmpty()
        && tenants.isEmpty()
        && typeGlobs.isEmpty()
        && reasons.isEmpty()
        && since == null
        && until == null;
  }

  /** The same filter without its time bounds. */
  DeadLetterFilter withoutTimes() {
    return new DeadLetterFilter(endpoints, tenants, typeGlobs, reasons, null, null);
  }

  /** As options: {@code --endpoint ep_1 --type order.* --since 2026-01-15T10:00:00Z}. */
  String describe() {
    List<String> parts = new ArrayList<>();
    endpoints.forEach(v -> parts.add("--endpoint " + v));
    tenants.forEach(v -> parts.add("--tenant " + v));
    typeGlobs.forEach(v -> parts.add("--type '" + v + "'"));
    reasons.forEach(v -> parts.add("--reason " + v));
    if (since != null) {
      parts.add("--since " + since);
    }
    if (until != null) {
      parts.add("--until " + until);
    }
    return parts.isEmpty() ? "(everything)" : String.join(" ", parts);
  }

  static boolean globMatches(String glob, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(
          switch (c) {
            case '*' -> ".*";
            case '?' -> ".";
            default -> Pattern.quote(String.valueOf(c));
          });
    }
    return value.matches(regex.toString());
  }
}
