package io.posthorn.delivery.retry;

import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hands tasks to the retry tiers and the dead-letter topic. A task counts as handed over only when
 * Kafka acknowledged it (the producer is idempotent with {@code acks=all}); only then may the
 * event's offset be committed. Thread-safe.
 */
public final class TaskWriter {
  private final Producer<byte[], byte[]> producer;
  private final RetryLadder ladder;
  private final String tierPrefix;
  private final String deadLetterTopic;

  public TaskWriter(
      Producer<byte[], byte[]> producer,
      RetryLadder ladder,
      String tierPrefix,
      String deadLetterTopic) {
    this.producer = producer;
    this.ladder = ladder;
    this.tierPrefix = tierPrefix;
    this.deadLetterTopic = deadLetterTopic;
  }

  /** Completes when tier {@code tier} holds the task; fails with the producer's error otherwise. */
  public CompletableFuture<Void> toTier(int tier, DeliveryTask task) {
    return send(TaskRecord.encode(ladder.topic(tierPrefix, tier), task, null));
  }

  /** Completes when the dead-letter topic holds the task with its reason. */
  public CompletableFuture<Void> toDeadLetters(DeliveryTask task, DeadLetterReason reason) {
    return send(TaskRecord.encode(deadLetterTopic, task.due(null), reason));
  }

  private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              acked.complete(null);
            } else {
              acked.completeExceptionally(error);
            }
          });
    } catch (
        RuntimeException
            e) { // the producer may refuse at once (closed, metadata timeout): same path
      acked.completeExceptionally(e);
    }
    return acked;
  }
}
