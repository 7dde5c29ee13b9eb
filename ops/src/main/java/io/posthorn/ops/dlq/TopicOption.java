package io.posthorn.ops.dlq;

import io.posthorn.schema.Topics;
import picocli.CommandLine.Option;

/** {@code --topic}: which dead-letter topic a {@code posthorn dlq} command reads. */
final class TopicOption {
  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = Topics.DLQ,
      description = "The dead-letter topic (default: ${DEFAULT-VALUE}).")
  String topic;
}
