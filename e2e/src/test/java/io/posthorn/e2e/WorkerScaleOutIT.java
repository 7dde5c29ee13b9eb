package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.LocalPostgres;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.ScriptedReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Workers as processes scaled 1 → 3 → 1 (the two extra ones leave with SIGTERM) while events flow:
 * the rebalances lose no (event, endpoint) pair, and a task waiting in a retry tier is attempted no
 * earlier than its step of the ladder, whichever worker holds the tier's partition when it is due.
 */
class WorkerScaleOutIT {
  private static final Duration STEP = Duration.ofSeconds(2);
  private static final int EVENTS = Integer.getInteger("faults.events", 600);
  private static final int PER_SECOND = Integer.getInteger("faults.rate", 150);
  private static final Duration WAIT = Duration.ofSeconds(120 + EVENTS / 100);

  @Test
  @Timeout(3600)
  void scalingOneToThreeToOneWorkersUnderLoad_losesNothing_andDeliversNoRetryEarly()
      throws Exception {
    LocalPostgres postgres = DevStack.shared().postgres();
    String database = postgres.createDatabase("scaleout");
    try (FaultPipeline p =
        new FaultPipeline(
            "scaleout",
            postgres.jdbcUrl(database),
            postgres.dataSource(database),
            DevStack.shared().kafka().bootstrapServers(),
            2)) {
      // /ep1 refuses each event's first attempt: every event waits one step in the first tier.
      Set<String> refusedOnce = ConcurrentHashMap.newKeySet();
      p.respond(
          r ->
              r.path().equals("/ep1") && refusedOnce.add(r.header("webhook-id"))
                  ? ScriptedReply.status(500)
                  : ScriptedReply.ok());
      // Steps enough that a busy machine's timeouts never exhaust the ladder.
      p.workerSettings.put("worker.retry.ladder", STEP.toSeconds() + "s,4s,8s,15s,30s,60s,120s");
      p.workerSettings.put("worker.circuit.failure-threshold", "0");
      p.workerSettings.put("worker.topic.partitions", "6");
      p.startRelay();
      try (WorkerProcess first = WorkerProcess.start(p.workerSettings)) {
        first.awaitConsuming(WAIT);
        OutboxLoad load = p.load(PER_SECOND).limit(EVENTS);
        load.awaitCommitted(EVENTS / 4, WAIT);
        try (WorkerProcess second = WorkerProcess.start(p.workerSettings);
            WorkerProcess third = WorkerProcess.start(p.workerSettings)) {
          second.awaitConsuming(WAIT);
          third.awaitConsuming(WAIT);
          load.awaitCommitted(EVENTS * 2 / 3, WAIT);
        } // SIGTERM: back to one worker
        load.awaitCommitted(EVENTS, WAIT);
        load.stop();
        await()
            .atMost(WAIT)
            .untilAsserted(() -> assertThat(p.ledger.report().lost()).as("lost pairs").isZero());
      }
      var report = p.ledger.report();
      List<Duration> waits = retryWaits(p.receiver.requests("/ep1"));
      Duration shortest = waits.stream().min(Comparator.naturalOrder()).orElseThrow();
      System.out.printf(
          "WorkerScaleOutIT: 1 -> 3 -> 1 workers: %s; shortest wait before a retry %d ms (step %d"
              + " ms)%n",
          report, shortest.toMillis(), STEP.toMillis());
      assertThat(report.lost()).isZero();
      assertThat(report.unpublished()).isZero();
      assertThat(waits).hasSize(EVENTS);
      assertThat(shortest).as("no retry before its step").isGreaterThanOrEqualTo(STEP);
    }
  }

  /** Per event: the time from its first attempt to its second. */
  private static List<Duration> retryWaits(List<ReceivedRequest> requests) {
    Map<String, List<ReceivedRequest>> byEvent =
        requests.stream().collect(Collectors.groupingBy(r -> r.header("webhook-id")));
    List<Duration> waits = new ArrayList<>();
    byEvent.forEach(
        (id, attempts) -> {
          if (attempts.size() >= 2) {
            List<ReceivedRequest> sorted =
                attempts.stream()
                    .sorted(Comparator.comparing(ReceivedRequest::receivedAt))
                    .toList();
            waits.add(Duration.between(sorted.get(0).receivedAt(), sorted.get(1).receivedAt()));
          }
        });
    return waits;
  }
}
