package io.posthorn.ops.dlq;

import picocli.CommandLine.Command;

/** {@code posthorn dlq}: inspect and replay the dead-letter topic. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description =
        "Inspect and replay dead letters: deliveries the worker gave up on (ladder exhausted, 410 Gone,"
            + " refused address, disabled or deleted endpoint).",
    subcommands = {DlqStatsCommand.class, DlqListCommand.class, DlqReplayCommand.class},
    footer = {
      "%nEvery dlq command reads Kafka at --bootstrap (default $POSTHORN_KAFKA_BOOTSTRAP) and takes the same",
      "filters: --endpoint, --tenant, --type GLOB, --reason WORD, --since/--until TIME.",
      "%nExamples:",
      "  posthorn dlq stats",
      "  posthorn dlq list --endpoint ep_billing --since 6h",
      "  posthorn dlq replay --endpoint ep_billing --since 2026-01-15T08:00Z --dry-run",
      "  posthorn dlq replay --endpoint ep_billing --since 2026-01-15T08:00Z --rate 20",
      "%nRunbook: docs/operations/runbook.md."
    })
public final class DlqCommand {}
