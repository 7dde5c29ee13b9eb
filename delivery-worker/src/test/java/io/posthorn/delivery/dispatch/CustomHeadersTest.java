package io.posthorn.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointSecret;
import io.posthorn.delivery.endpoint.EventTypeFilter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.RecordingReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CustomHeadersTest {
  private final RecordingReceiver receiver = RecordingReceiver.start();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpDispatcher dispatcher =
      new HttpDispatcher(10, executor, Clock.systemUTC(), Dns.SYSTEM, true);

  @AfterEach
  void stop() {
    dispatcher.close();
    executor.shutdownNow();
    receiver.close();
  }

  @Test
  void customHeadersAreSentAsTheSubscriberSetThem() throws Exception {
    AttemptOutcome outcome =
        dispatch(Map.of("authorization", "Bearer sub-t0ken", "x-team", "billing"));

    assertThat(outcome).isInstanceOf(AttemptOutcome.Delivered.class);
    assertThat(receiver.requests().get(0).header("authorization")).isEqualTo("Bearer sub-t0ken");
    assertThat(receiver.requests().get(0).header("x-team")).isEqualTo("billing");
  }

  @Test
  void aValueHttpCannotCarry_rejectsTheAttemptNamingTheHeaderButNotTheValue() throws Exception {
    AttemptOutcome outcome = dispatch(Map.of("x-api-key", "s3cr\u00e9t-key-value"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            AttemptOutcome.Rejected.class,
            r ->
                assertThat(r.reason())
                    .contains("custom header x-api-key")
                    .doesNotContain("key-value")
                    .doesNotContain("s3cr"));
    assertThat(receiver.count()).isZero();
  }

  private AttemptOutcome dispatch(Map<String, String> headers) throws Exception {
    Endpoint endpoint =
        new Endpoint(
            "ep_1",
            null,
            receiver.url("/in"),
            true,
            new EventTypeFilter(List.of("*")),
            List.of(new EndpointSecret(SigningSecret.generate(), null)),
            Duration.ofSeconds(5),
            10,
            0,
            headers,
            true);
    CompletableFuture<AttemptOutcome> done = new CompletableFuture<>();
    dispatcher.dispatch(
        new DeliveryRequest(
            endpoint,
            "evt_1",
            "order.created",
            null,
            "{}".getBytes(StandardCharsets.UTF_8),
            null,
            null,
            1),
        done::complete);
    return done.get(10, TimeUnit.SECONDS);
  }
}
