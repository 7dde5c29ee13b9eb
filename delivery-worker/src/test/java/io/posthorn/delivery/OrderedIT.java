package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.DeliveryOrder.OnDeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Ordered delivery on the real stack (decision 0045): two aggregates on one partition, one of them
 * failing; the ladder scaled to 500-900 ms steps.
 */
class OrderedIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** What the receiver answered, in the order it answered. */
  private record Answer(String path, String eventId, int status) {}

  @Test
  void aFailingEventHoldsBackOnlyItsOwnAggregate_andEachAggregateArrivesInOrder() {
    RecordingDeliveryListener seen = new RecordingDeliveryListener();
    try (WorkerFixture w =
        new WorkerFixture(b -> b.retryLadder(RetryLadder.parse("500ms,600ms,700ms,800ms,900ms")))) {
      w.endpoints.put(w.endpoint("ordered").withOrder(DeliveryOrder.ordered(OnDeadLetter.SKIP)));
      w.endpoints.put(w.endpoint("concurrent"));
      List<Answer> answers = new CopyOnWriteArrayList<>();
      Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
      List<String> a = new CopyOnWriteArrayList<>();
      List<String> b = new CopyOnWriteArrayList<>();
      w.receiver.respond(
          r -> {
            String id = r.header("webhook-id");
            boolean failing =
                r.path().equals("/ordered")
                    && id.equals(a.get(0))
                    && calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() <= 3;
            int status = failing ? 503 : 200;
            answers.add(new Answer(r.path(), id, status));
            return ScriptedReply.status(status);
          });
      for (int i = 0; i < 5; i++) { // interleaved on one partition: A1 B1 A2 B2 …
        a.add(w.publishAggregate(0, "order-A", "order.created"));
        b.add(w.publishAggregate(0, "order-B", "order.created"));
      }
      w.start(seen);

      await().atMost(WAIT).until(() -> delivered(answers, "/ordered").size() == 10);

      assertThat(delivered(answers, "/ordered").stream().filter(a::contains))
          .as("aggregate A, in outbox order, once each")
          .containsExactlyElementsOf(a);
      assertThat(delivered(answers, "/ordered").stream().filter(b::contains))
          .as("aggregate B, in outbox order")
          .containsExactlyElementsOf(b);
      assertThat(
              answers.stream()
                  .filter(x -> x.path().equals("/ordered") && a.contains(x.eventId()))
                  .map(Answer::eventId)
                  .toList())
          .as("A's head got three failures and a success, and nothing of A came before its success")
          .containsExactly(
              a.get(0), a.get(0), a.get(0), a.get(0), a.get(1), a.get(2), a.get(3), a.get(4));
      int firstSuccessOfA = answers.indexOf(new Answer("/ordered", a.get(0), 200));
      assertThat(answers.indexOf(new Answer("/ordered", b.get(4), 200)))
          .as("B flowed while A's head climbed the ladder")
          .isLessThan(firstSuccessOfA);
      assertThat(answers.indexOf(new Answer("/concurrent", a.get(4), 200)))
          .as("another endpoint is not held back by A")
          .isLessThan(firstSuccessOfA);
      assertThat(seen.retries).as("three retries, from memory").hasSize(3);
      for (String tier : w.config.retryTopics()) {
        try (TopicReader reader = new TopicReader(w.stack.kafka().bootstrapServers(), tier)) {
          assertThat(reader.readUntil(r -> !r.isEmpty(), Duration.ofMillis(200)))
              .as("nothing on " + tier)
              .isEmpty();
        }
      }
    }
  }

  private static List<String> delivered(List<Answer> answers, String path) {
    return answers.stream()
        .filter(x -> x.path().equals(path) && x.status() == 200)
        .map(Answer::eventId)
        .toList();
  }
}
