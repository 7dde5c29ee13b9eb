package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.OAuthClient;
import io.posthorn.devstack.ScriptedReply;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import okhttp3.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OAuth 2.0 client credentials on the real stack (decision 0043): a token server in the test, a
 * receiver that wants the current bearer token, endpoints written to the endpoints topic as the
 * registry would.
 */
@Timeout(90)
class OAuthIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CLIENT_SECRET = "client-s3cret-value";

  private final TokenServer tokenServer = TokenServer.start();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<AttemptOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final List<DeliveryRequest> attempts = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    tokenServer.close();
  }

  @Test
  void oneTokenServesManyDeliveries() {
    try (WorkerFixture w = new WorkerFixture(b -> b)) {
      acceptOnly(w, () -> "token-1");
      w.endpoints.put(oauthEndpoint(w, "ep"));
      w.start(record(), meters);

      w.publishMany(20, "order.created");

      await().atMost(WAIT).until(() -> delivered() == 20);
      assertThat(w.receiver.requests())
          .extracting(r -> r.header("authorization"))
          .containsOnly("Bearer token-1");
      assertThat(tokenServer.requests()).hasSize(1);
      TokenServer.Seen fetch = tokenServer.requests().get(0);
      assertThat(fetch.authorization()).isEqualTo(Credentials.basic("posthorn", CLIENT_SECRET));
      assertThat(fetch.form()).isEqualTo("grant_type=client_credentials&scope=hooks%3Awrite");
      assertThat(meters.counter("posthorn.worker.oauth.token.fetches").count()).isEqualTo(1);
      assertThat(meters.get("posthorn.worker.oauth.token.expiry").gauge().value())
          .isBetween(3000.0, 3600.0);
    }
  }

  @Test
  void a401RefreshesTheTokenOnceForConcurrentDeliveriesAndRetriesAtOnce() {
    try (WorkerFixture w = new WorkerFixture(b -> b)) {
      AtomicReference<String> accepted = new AtomicReference<>("token-1");
      acceptOnly(w, accepted::get);
      w.endpoints.put(oauthEndpoint(w, "ep"));
      w.start(record(), meters);
      w.publishMany(3, "order.created");
      await().atMost(WAIT).until(() -> delivered() == 3);

      accepted.set("token-2"); // the receiver's gateway revoked token-1
      w.publishMany(20, "order.created");

      await().atMost(WAIT).until(() -> delivered() == 23);
      assertThat(tokenServer.requests()).as("one fetch, then exactly one refresh").hasSize(2);
      assertThat(outcomes)
          .as("no attempt failed")
          .allMatch(AttemptOutcome.Delivered.class::isInstance);
      assertThat(attempts)
          .as("the retry after the refresh is no ladder attempt")
          .extracting(DeliveryRequest::attempt)
          .containsOnly(1);
      assertThat(w.receiver.requests())
          .filteredOn(r -> "Bearer token-1".equals(r.header("authorization")))
          .as("3 accepted, then at least one refused and at most one refusal per delivery")
          .hasSizeBetween(4, 23);
      assertThat(
              w.receiver.requests().stream()
                  .collect(
                      Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()))
                  .values())
          .as("each delivery sent at most twice: with the old token, then with the new")
          .allMatch(n -> n <= 2);
      assertThat(meters.counter("posthorn.worker.oauth.token.fetches").count()).isEqualTo(2);
    }
  }

  @Test
  void aSecond401IsANormalFailure() {
    try (WorkerFixture w = new WorkerFixture(b -> b)) {
      w.receiver.respond(r -> ScriptedReply.status(401));
      w.endpoints.put(oauthEndpoint(w, "ep"));
      w.start(record(), meters);

      w.publish("order.created", null);

      await().atMost(WAIT).until(() -> !outcomes.isEmpty());
      assertThat(outcomes.get(0))
          .isInstanceOfSatisfying(
              AttemptOutcome.Retryable.class, r -> assertThat(r.status()).isEqualTo(401));
      assertThat(w.receiver.requests())
          .extracting(r -> r.header("authorization"))
          .containsExactly("Bearer token-1", "Bearer token-2");
      assertThat(tokenServer.requests()).hasSize(2);
    }
  }

  @Test
  void aFailingTokenEndpointFailsTheAttemptWithTheReason() {
    try (WorkerFixture w = new WorkerFixture(b -> b)) {
      tokenServer.status(500);
      w.endpoints.put(oauthEndpoint(w, "ep"));
      w.start(record(), meters);

      w.publish("order.created", null);

      await().atMost(WAIT).until(() -> !outcomes.isEmpty());
      assertThat(outcomes.get(0))
          .isInstanceOfSatisfying(
              AttemptOutcome.Retryable.class,
              r -> {
                assertThat(r.error()).isEqualTo("oauth token: HTTP 500 from 127.0.0.1");
                assertThat(r.status()).isZero();
              });
      assertThat(w.receiver.count()).isZero();
      assertThat(meters.counter("posthorn.worker.oauth.token.failures").count()).isEqualTo(1);
    }
  }

  private Endpoint oauthEndpoint(WorkerFixture w, String id) {
    return w.endpoint(id)
        .withOAuth(
            new OAuthClient(tokenServer.url(), "posthorn", CLIENT_SECRET, "hooks:write", null));
  }

  /** The receiver answers 401 to any other bearer token than {@code current}. */
  private static void acceptOnly(WorkerFixture w, Supplier<String> current) {
    w.receiver.respond(
        r ->
            ("Bearer " + current.get()).equals(r.header("authorization"))
                ? ScriptedReply.ok()
                : ScriptedReply.status(401));
  }

  private long delivered() {
    return outcomes.stream().filter(AttemptOutcome.Delivered.class::isInstance).count();
  }

  private DeliveryListener record() {
    return new DeliveryListener() {
      @Override
      public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
        attempts.add(request);
        outcomes.add(outcome);
      }
    };
  }

  /** Issues {@code token-1}, {@code token-2}, … valid for an hour, or answers a set status. */
  private static final class TokenServer implements AutoCloseable {
    record Seen(String authorization, String form) {}

    private final HttpServer server;
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile int status = 200;

    private TokenServer(HttpServer server) {
      this.server = server;
    }

    static TokenServer start() {
      try {
        HttpServer server =
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        TokenServer tokens = new TokenServer(server);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/token", tokens::handle);
        server.start();
        return tokens;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    void status(int s) {
      status = s;
    }

    List<Seen> requests() {
      return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Seen(exchange.getRequestHeaders().getFirst("authorization"), form));
        byte[] body =
            status == 200
                ? ("{\"access_token\":\"token-"
                        + issued.incrementAndGet()
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                    .getBytes(StandardCharsets.UTF_8)
                : "{\"error\":\"server_error\"}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
