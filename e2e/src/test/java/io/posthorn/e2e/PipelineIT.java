package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EnvelopeCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Outbox row to signed POST, on real PostgreSQL, Kafka and HTTP. */
class PipelineIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void thousandRowsBecomeThousandSignedPosts_withWebhookIdEqualToRowIdAndTheEnvelopeAsBody()
      throws Exception {
    try (Pipeline p = new Pipeline(List.of("/orders"), UnaryOperator.identity())) {
      p.startRelay().startWorker(DeliveryListener.NONE);

      List<Envelope> written = p.emit(1000, 10);

      await().atMost(WAIT).until(() -> p.receiver.count() >= 1000);
      Map<String, Envelope> byId =
          written.stream().collect(Collectors.toMap(e -> e.id().toString(), Function.identity()));
      List<ReceivedRequest> received = p.receiver.requests();
      assertThat(received).hasSize(1000);
      assertThat(received)
          .extracting(r -> r.header("webhook-id"))
          .containsExactlyInAnyOrderElementsOf(byId.keySet());
      Webhook verifier = new Webhook(p.secret);
      for (ReceivedRequest r : received) {
        verifier.verify(r.bodyText(), r.headers()); // throws on a bad signature
        Envelope sent = byId.get(r.header("webhook-id"));
        assertThat(EnvelopeCodec.tree(r.body()))
            .isEqualTo(EnvelopeCodec.tree(EnvelopeCodec.encode(sent)));
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("posthorn-event-type")).isEqualTo(sent.eventType().name());
      }
    }
  }

  @Test
  void rowInsertedWhileTheRelayIsStopped_isDeliveredAfterItStartsAgain() throws Exception {
    try (Pipeline p = new Pipeline(List.of("/users"), UnaryOperator.identity())) {
      p.startRelay().startWorker(DeliveryListener.NONE);
      Envelope first = p.emit(1, 1).get(0);
      await().atMost(WAIT).until(() -> p.receiver.count() >= 1);

      p.stopRelay();
      Envelope whileStopped = p.emit(1, 1).get(0);
      p.startRelay();

      await().atMost(WAIT).until(() -> p.receiver.count() >= 2);
      assertThat(p.receiver.requests())
          .extracting(r -> r.header("webhook-id"))
          .containsExactly(first.id().toString(), whileStopped.id().toString());
    }
  }

  @Test
  void endpointsAnswering500OrTimingOut_neitherStopTheWorkerNorCostTheHealthyEndpointItsDeliveries()
      throws Exception {
    ConcurrentLinkedQueue<AttemptOutcome> failures = new ConcurrentLinkedQueue<>();
    DeliveryListener recordFailures =
        new DeliveryListener() {
          @Override
          public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
            if (!(outcome instanceof AttemptOutcome.Delivered)) {
              failures.add(outcome);
            }
          }
        };
    // The circuit breaker stays off here: this test counts attempts, and an open circuit parks
    // them.
    try (Pipeline p =
        new Pipeline(
            List.of("/healthy", "/broken", "/hung"),
            w -> w.circuitFailureThreshold(0),
            e -> e.withTimeout(Duration.ofMillis(500)))) {
      p.receiver.respond(
          r ->
              switch (r.path()) {
                case "/broken" -> ScriptedReply.status(500);
                case "/hung" -> ScriptedReply.stall();
                default -> ScriptedReply.ok();
              });
      p.startRelay().startWorker(recordFailures);

      p.emit(20, 5);
      await().atMost(WAIT).until(() -> p.receiver.requests("/healthy").size() >= 20);
      await().atMost(WAIT).until(() -> failures.size() >= 40);
      p.emit(5, 5);

      await().atMost(WAIT).until(() -> p.receiver.requests("/healthy").size() >= 25);
      assertThat(p.receiver.requests("/healthy")).hasSize(25);
      await().atMost(WAIT).until(() -> failures.size() >= 50);
      assertThat(failures)
          .allSatisfy(f -> assertThat(f).isInstanceOf(AttemptOutcome.Retryable.class));
      assertThat(failures)
          .extracting(f -> ((AttemptOutcome.Retryable) f).status())
          .containsOnly(500, 0);
    }
  }
}
