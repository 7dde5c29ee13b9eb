package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.posthorn.delivery.DeliveryListener;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.e2e.oncall.Cli;
import io.posthorn.e2e.oncall.DeadLetterTopic;
import io.posthorn.e2e.oncall.DeadLetterTopic.Letter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A replay reaches the subscriber: dead letters → {@code posthorn dlq replay} → a running worker →
 * HTTP.
 */
class ReplayDeliveryIT {

  @Test
  void replayedDeadLettersAreDeliveredSignedWithTheirOriginalWebhookIdAndBody() throws Exception {
    try (Pipeline pipeline =
        new Pipeline(List.of("/healthy", "/other"), UnaryOperator.identity())
            .startWorker(DeliveryListener.NONE)) {
      DeadLetterTopic topics =
          new DeadLetterTopic(
              pipeline.workerConfig.deadLetterTopic(), pipeline.workerConfig.redeliveriesTopic());
      Instant at = Instant.now().minus(Duration.ofHours(1));
      List<Letter> letters =
          IntStream.range(0, 6)
              .mapToObj(
                  i ->
                      new Letter(
                          i < 4 ? "healthy" : "other",
                          "order.completed",
                          null,
                          "exhausted: 6 attempts failed",
                          at.plusSeconds(i)))
              .toList();
      topics.write(letters);

      Cli.Result r =
          Cli.run(
              "dlq",
              "replay",
              "--bootstrap",
              topics.bootstrap,
              "--topic",
              topics.dlq,
              "--redeliveries-topic",
              topics.redeliveries,
              "--endpoint",
              "healthy",
              "--rate",
              "50",
              "--progress",
              "lines");

      assertThat(r.exit()).as(r.err()).isZero();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> pipeline.receiver.requests("/healthy").size() >= 4);
      List<ReceivedRequest> received = pipeline.receiver.requests("/healthy");
      assertThat(received)
          .extracting(q -> q.header("webhook-id"))
          .containsExactlyInAnyOrderElementsOf(
              letters.subList(0, 4).stream().map(Letter::eventId).toList());
      Webhook verifier = new Webhook(pipeline.secret);
      for (ReceivedRequest q : received) {
        Letter letter =
            letters.stream()
                .filter(l -> l.eventId().equals(q.header("webhook-id")))
                .findFirst()
                .orElseThrow();
        assertThat(q.body()).isEqualTo(letter.body());
        verifier.verify(q.bodyText(), q.headers());
      }
      assertThat(pipeline.receiver.requests("/other")).isEmpty();
    }
  }
}
