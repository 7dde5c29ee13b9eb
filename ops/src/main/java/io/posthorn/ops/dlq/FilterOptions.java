package io.posthorn.ops.dlq;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The dead-letter filters every {@code posthorn dlq} command takes. */
final class FilterOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--endpoint", paramLabel = "ID", description = "Only this endpoint (repeatable).")
  List<String> endpoints = new ArrayList<>();

  @Option(names = "--tenant", paramLabel = "ID", description = "Only this tenant's (repeatable).")
  List<String> tenants = new ArrayList<>();

  @Option(
      names = "--type",
      paramLabel = "GLOB",
      description = "Only event types matching: order.*, *.created" + " (repeatable).")
  List<String> types = new ArrayList<>();

  @Option(
      names = "--reason",
      paramLabel = "WORD",
      description =
          "Only this reason: exhausted, gone, rejected,"
              + " aborted, disabled, deleted (repeatable).")
  List<String> reasons = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description =
          "Dead-lettered at or after: 2026-01-15T10:00:00Z,"
              + " 2026-01-15 (UTC) or an age such as 2h or 1d. Kafka seeks there by timestamp.")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "Dead-lettered before (same forms as --since).")
  String until;

  /** The validated filter; a usage error (exit 2) naming the option when one is malformed. */
  DeadLetterFilter filter(Clock clock) {
    try {
      Instant from = since == null ? null : TimeArgument.parse("--since", since, clock);
      Instant to = until == null ? null : TimeArgument.parse("--until", until, clock);
      return new DeadLetterFilter(
          new TreeSet<>(endpoints),
          new TreeSet<>(tenants),
          new TreeSet<>(types),
          new TreeSet<>(reasons),
          from,
          to);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
