package io.posthorn.ops.dlq;

import io.posthorn.ops.KafkaOptions;
import io.posthorn.ops.OpsException;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One run of a replay: reads the plan's slice of the dead-letter topic and writes each selected
 * dead letter, {@link DeliveryTask#replayed replayed}, to the redeliveries topic.
 *
 * <p>Interruption safety (decision 0010): the records written and the replay group's offsets are
 * committed in one Kafka transaction, about once a second. A run that dies loses only its open
 * transaction, which Kafka aborts, so read-committed consumers never see those records; the next
 * run with the same id fences any survivor ({@code initTransactions}) and resumes from the
 * committed offsets. Each dead letter of the slice is therefore written at most once per replay id,
 * and exactly once when the replay completes.
 */
final class ReplayRun {
  /** How often progress is committed; also how far ahead of now a replayed task is due. */
  static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

  private static final int MAX_PER_TRANSACTION = 1000;

  private final KafkaOptions kafka;
  private final String deadLetterTopic;
  private final String redeliveriesTopic;
  private final Clock clock;
  private final ReplayListener listener;
  private final AtomicBoolean stop = new AtomicBoolean();

  ReplayRun(
      KafkaOptions kafka,
      String deadLetterTopic,
      String redeliveriesTopic,
      Clock clock,
      ReplayListener listener) {
    this.kafka = kafka;
    this.deadLetterTopic = deadLetterTopic;
    this.redeliveriesTopic = redeliveriesTopic;
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * Asks the run to commit what it has and return {@link ReplayOutcome.Stopped}; safe from any
   * thread.
   */
  void requestStop() {
    stop.set(true);
  }

  /** Counts what a replay with this plan would send; writes nothing. */
  ReplayOutcome dryRun(ReplayPlan requested) {
    try (DeadLetterLog log = new DeadLetterLog(kafka, deadLetterTopic, null)) {
      ReplayPlan plan =
          new ReplayPlan(
              requested.replayId(),
              requested.filter(),
              requested.maxReplays(),
              requested.force(),
              log.ends(requested.filter().until()),
              requested.createdAt());
      Map<TopicPartition, Long> from = log.starts(plan.filter().since());
      ReplayCounts[] counts = {ReplayCounts.of(remaining(from, plan.ends()))};
      listener.started(plan, false, counts[0].toScan());
      log.scan(
          from,
          plan.ends(),
          r -> {
            counts[0] = counts[0].plus(ReplayDecision.of(r, plan));
            listener.progress(counts[0]);
            return !stop.get();
          });
      ReplayOutcome outcome = new ReplayOutcome.DryRun(plan.replayId(), counts[0]);
      listener.finished(outcome);
      return outcome;
    }
  }

  /**
   * Starts the replay with {@code requested} as its plan, or resumes it when its id has committed
   * progress (the stored plan wins; {@code requested} may then differ only in its time bounds).
   *
   * @param allowEverything a new replay may select the whole topic ({@code --all})
   * @param pacer paces the writes: the {@code --rate} cap
   * @throws IllegalArgumentException when resuming with other filters than the stored plan's, or
   *     starting one without a filter and without {@code allowEverything}
   */
  ReplayOutcome run(ReplayPlan requested, boolean allowEverything, Pacer pacer) {
    kafka.requireTopic(redeliveriesTopic, "the redeliveries topic");
    try (DeadLetterLog log = new DeadLetterLog(kafka, deadLetterTopic, requested.groupId());
        KafkaProducer<byte[], byte[]> producer = producer(requested.groupId())) {
      initTransactions(producer);
      Map<TopicPartition, OffsetAndMetadata> committed = log.committed();
      boolean resumed = committed.values().stream().anyMatch(o -> o != null);
      ReplayPlan plan;
      Map<TopicPartition, Long> next = new HashMap<>();
      if (resumed) {
        plan = ReplayPlan.fromCommitted(requested.replayId(), committed);
        checkSameFilter(requested, plan);
        plan.ends()
            .keySet()
            .forEach(
                tp ->
                    next.put(
                        tp,
                        committed.get(tp) == null
                            ? plan.ends().get(tp)
                            : committed.get(tp).offset()));
      } else {
        if (requested.filter().selectsEverything() && !allowEverything) {
          throw new IllegalArgumentException(
              "there is no replay "
                  + requested.replayId()
                  + " to resume, and a new"
                  + " one needs a filter (--endpoint, --tenant, --type, --reason, --since, --until) or --all");
        }
        Map<TopicPartition, Long> ends = log.ends(requested.filter().until());
        plan =
            new ReplayPlan(
                requested.replayId(),
                requested.filter(),
                requested.maxReplays(),
                requested.force(),
                ends,
                requested.createdAt());
        next.putAll(log.starts(requested.filter().since()));
        ends.forEach((tp, end) -> next.merge(tp, end, Math::min));
        producer.beginTransaction();
        commit(producer, log, plan, next); // the plan is durable before anything is sent
      }
      long toScan = remaining(next, plan.ends());
      if (resumed && toScan == 0) {
        ReplayOutcome outcome = new ReplayOutcome.AlreadyComplete(plan.replayId());
        listener.finished(outcome);
        return outcome;
      }
      return replay(plan, log, producer, pacer, next, resumed, toScan);
    }
  }

  private ReplayOutcome replay(
      ReplayPlan plan,
      DeadLetterLog log,
      KafkaProducer<byte[], byte[]> producer,
      Pacer pacer,
      Map<TopicPartition, Long> next,
      boolean resumed,
      long toScan) {
    ReplayCounts[] counts = {ReplayCounts.of(toScan)};
    long[] lastCommit = {System.nanoTime()};
    int[] inTransaction = {0};
    listener.started(plan, resumed, toScan);
    producer.beginTransaction();
    try {
      boolean completed =
          log.scan(
              Map.copyOf(next),
              plan.ends(),
              r -> {
                ReplayDecision decision = ReplayDecision.of(r, plan);
                if (decision instanceof ReplayDecision.Replay replay) {
                  if (!pacer.acquire(stop::get)) {
                    return false;
                  }
                  Instant due = clock.instant().plus(COMMIT_INTERVAL);
                  producer.send(
                      TaskRecord.encode(
                          redeliveriesTopic,
                          replay.deadLetter().task().replayed(plan.replayId(), due),
                          null));
                  inTransaction[0]++;
                }
                next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                counts[0] = counts[0].plus(decision);
                listener.progress(counts[0]);
                if (inTransaction[0] >= MAX_PER_TRANSACTION
                    || System.nanoTime() - lastCommit[0] >= COMMIT_INTERVAL.toNanos()) {
                  commit(producer, log, plan, next);
                  listener.committed(counts[0]);
                  producer.beginTransaction();
                  lastCommit[0] = System.nanoTime();
                  inTransaction[0] = 0;
                }
                return !stop.get();
              });
      if (completed) {
        next.putAll(plan.ends());
      }
      commit(producer, log, plan, next);
      listener.committed(counts[0]);
      ReplayOutcome outcome =
          completed
              ? new ReplayOutcome.Completed(plan.replayId(), counts[0])
              : new ReplayOutcome.Stopped(plan.replayId(), counts[0]);
      listener.finished(outcome);
      return outcome;
    } catch (KafkaException e) {
      abort(producer);
      throw new OpsException(
          "replay "
              + plan.replayId()
              + " failed writing to "
              + redeliveriesTopic
              + ": "
              + e.getMessage()
              + ". Everything up to the last commit is kept; run it again with --replay-id "
              + plan.replayId()
              + " to resume",
          e);
    } catch (RuntimeException e) {
      abort(producer);
      throw e;
    }
  }

  private void commit(
      KafkaProducer<byte[], byte[]> producer,
      DeadLetterLog log,
      ReplayPlan plan,
      Map<TopicPartition, Long> next) {
    producer.sendOffsetsToTransaction(plan.checkpoint(next), log.groupMetadata());
    producer.commitTransaction();
  }

  private static void checkSameFilter(ReplayPlan requested, ReplayPlan stored) {
    DeadLetterFilter asked = requested.filter().withoutTimes();
    if (!asked.selectsEverything() && !asked.equals(stored.filter().withoutTimes())) {
      throw new IllegalArgumentException(
          "replay "
              + stored.replayId()
              + " was started with "
              + stored.filter().describe()
              + "; to resume it, give the same filters or none (or choose a new"
              + " --replay-id)");
    }
  }

  private void initTransactions(KafkaProducer<byte[], byte[]> producer) {
    try {
      producer.initTransactions();
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw kafka.unreachable();
    }
  }

  private KafkaProducer<byte[], byte[]> producer(String transactionalId) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.timeout().toMillis());
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    config.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) Math.max(120_000, kafka.timeout().toMillis() + 1000));
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void abort(KafkaProducer<byte[], byte[]> producer) {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      // fenced or already failed: Kafka aborts the open transaction by itself
    }
  }

  private static long remaining(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
    return to.entrySet().stream()
        .mapToLong(e -> Math.max(0, e.getValue() - from.getOrDefault(e.getKey(), e.getValue())))
        .sum();
  }
}
