package io.posthorn.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.registry.auth.Caller;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestMeterTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private record Answered(String method, String route, int status) {}

  private final LinkedBlockingQueue<Answered> answered = new LinkedBlockingQueue<>();
  private final List<Route> routes =
      List.of(
          new Route("GET", "/v1/endpoints/{endpointId}", r -> Reply.noContent()),
          new Route(
              "POST",
              "/v1/endpoints/{endpointId}/boom",
              r -> {
                throw new IllegalStateException("boom");
              }));

  @Test
  void everyAnswerIsReportedWithItsRoutePatternNeverTheRawPath() throws Exception {
    try (ApiServer server =
        ApiServer.start(
            "127.0.0.1",
            0,
            routes,
            k -> k.equals("good") ? Optional.of(new Caller.Admin("k")) : Optional.empty(),
            1024,
            AuthThrottle.standard(Clock.systemUTC()),
            null,
            (method, route, status, took) -> answered.add(new Answered(method, route, status)))) {
      send(server, "GET", "/v1/endpoints/ep_0123456789abcdef01234567", "good");
      send(server, "POST", "/v1/endpoints/ep_0123456789abcdef01234567/boom", "good");
      send(server, "GET", "/v1/endpoints/ep_0123456789abcdef01234567", "wrong");
      send(server, "DELETE", "/v1/endpoints/ep_0123456789abcdef01234567", "good");
      send(server, "GET", "/v1/nothing/here", "good");

      assertThat(next()).isEqualTo(new Answered("GET", "/v1/endpoints/{endpointId}", 204));
      assertThat(next()).isEqualTo(new Answered("POST", "/v1/endpoints/{endpointId}/boom", 500));
      assertThat(next()).isEqualTo(new Answered("GET", "/v1/endpoints/{endpointId}", 401));
      assertThat(next())
          .as("a method the path does not have still names the path's pattern")
          .isEqualTo(new Answered("DELETE", "/v1/endpoints/{endpointId}", 405));
      assertThat(next()).isEqualTo(new Answered("GET", RequestMeter.UNMATCHED, 404));
    }
  }

  @Test
  void theRequestIsHandledWithTheCallersTraceIdInTheLogContext() throws Exception {
    LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
    List<Route> tracing =
        List.of(
            new Route(
                "GET",
                "/v1/trace",
                r -> {
                  seen.add(String.valueOf(MDC.get("trace_id")));
                  return Reply.noContent();
                }));
    try (ApiServer server =
        ApiServer.start(
            "127.0.0.1",
            0,
            tracing,
            k -> Optional.of(new Caller.Admin("k")),
            1024,
            AuthThrottle.standard(Clock.systemUTC()),
            null,
            RequestObserver.NONE)) {
      for (String traceparent :
          List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "not-a-traceparent")) {
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/v1/trace"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer good")
                .header("traceparent", traceparent)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding());
      }

      assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(seen.poll(10, TimeUnit.SECONDS))
          .as("an invalid header is ignored")
          .isEqualTo("null");
    }
  }

  private Answered next() throws InterruptedException {
    Answered a = answered.poll(10, TimeUnit.SECONDS);
    assertThat(a).as("an answer was reported").isNotNull();
    return a;
  }

  private static void send(ApiServer server, String method, String path, String key)
      throws Exception {
    CLIENT.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + key)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
