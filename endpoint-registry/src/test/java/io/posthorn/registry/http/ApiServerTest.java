package io.posthorn.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.ManualClock;
import io.posthorn.registry.ConflictException;
import io.posthorn.registry.ForbiddenException;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.RegistryJson;
import io.posthorn.registry.auth.Caller;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Route OK = new Route("GET", "/v1/ok", r -> Reply.noContent());

  @Test
  void anUnexpectedFailureAnswers500WithOnlyAnErrorId() throws Exception {
    Route failing =
        new Route(
            "GET",
            "/v1/boom",
            r -> {
              throw new IllegalStateException(
                  "connection to db-internal.corp:5432 refused for user registry_rw");
            });
    try (ApiServer server =
        ApiServer.start(
            "127.0.0.1", 0, List.of(failing), k -> Optional.of(new Caller.Admin("k")), 1024)) {
      HttpResponse<String> r = get(server, "/v1/boom", "k", null);

      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.headers().firstValue("content-type")).contains("application/problem+json");
      assertThat(r.headers().firstValue("x-content-type-options")).contains("nosniff");
      assertThat(r.headers().firstValue("content-security-policy"))
          .contains(ApiServer.CONTENT_SECURITY_POLICY);
      assertThat(r.body())
          .contains("error id")
          .doesNotContain("db-internal")
          .doesNotContain("IllegalState")
          .doesNotContain("registry_rw");
    }
  }

  @Test
  void eachDomainRefusalIsMappedToItsProblem_inOnePlace() throws Exception {
    List<Route> routes =
        List.of(
            refusing("invalid", new InvalidInputException("url", "url must use https")),
            refusing("forbidden", ForbiddenException.adminOnly("issuing API keys")),
            refusing("missing", new NotFoundException("endpointId", "no endpoint ep_1")),
            refusing("conflict", new ConflictException("endpointId", "ep_1 is disabled")));
    try (ApiServer server =
        ApiServer.start("127.0.0.1", 0, routes, k -> Optional.of(new Caller.Admin("k")), 1024)) {
      assertProblem(get(server, "/v1/invalid", "k", null), 400, "invalid-field", "url");
      assertProblem(get(server, "/v1/forbidden", "k", null), 403, "admin-only", "authorization");
      assertProblem(get(server, "/v1/missing", "k", null), 404, "not-found", "endpointId");
      assertProblem(get(server, "/v1/conflict", "k", null), 409, "conflict", "endpointId");
    }
  }

  private static Route refusing(String name, RuntimeException refusal) {
    return new Route(
        "GET",
        "/v1/" + name,
        r -> {
          throw refusal;
        });
  }

  private static void assertProblem(HttpResponse<String> r, int status, String type, String field)
      throws Exception {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).contains("application/problem+json");
    var body = RegistryJson.stored(r.body(), "a problem");
    assertThat(body.path("type").asText()).isEqualTo(ApiServer.PROBLEM_BASE + type);
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("field").asText()).isEqualTo(field);
    assertThat(body.path("instance").asText()).startsWith("/v1/");
  }

  @Test
  void pathParametersAreMatchedSegmentBySegment() {
    Route route = new Route("GET", "/v1/endpoints/{endpointId}/secret", r -> Reply.noContent());

    assertThat(route.match(List.of("v1", "endpoints", "ep_1", "secret")))
        .containsEntry("endpointId", "ep_1");
    assertThat(route.match(List.of("v1", "endpoints", "ep_1"))).isNull();
    assertThat(route.match(List.of("v1", "endpoints", "", "secret"))).isNull();
  }

  @Test
  void wrongKeysFromOneAddressAreThrottledWithRetryAfter_untilTheBucketRefills() throws Exception {
    ManualClock clock = new ManualClock();
    AuthThrottle throttle = new AuthThrottle(3, Duration.ofSeconds(2), 100, clock);
    try (ApiServer server =
        ApiServer.start(
            "127.0.0.1", 0, List.of(OK), ApiServerTest::onlyGood, 1024, throttle, null)) {
      for (int i = 0; i < 3; i++) {
        assertThat(get(server, "/v1/ok", "wrong-" + i, null).statusCode()).isEqualTo(401);
      }

      HttpResponse<String> throttled = get(server, "/v1/ok", "good", null);
      assertThat(throttled.statusCode()).isEqualTo(429);
      assertThat(throttled.headers().firstValue("retry-after")).contains("2");
      assertThat(throttled.headers().firstValue("content-type"))
          .contains("application/problem+json");
      assertThat(throttled.body()).contains("\"field\":\"authorization\"").doesNotContain("good");
      assertThat(throttle.failures()).isEqualTo(3);

      clock.advance(Duration.ofMillis(1999));
      assertThat(get(server, "/v1/ok", "good", null).statusCode()).isEqualTo(429);
      clock.advance(Duration.ofMillis(1));
      assertThat(get(server, "/v1/ok", "good", null).statusCode()).isEqualTo(204);
      assertThat(get(server, "/v1/ok", "wrong-again", null).statusCode()).isEqualTo(401);
      assertThat(get(server, "/v1/ok", "good", null).statusCode()).isEqualTo(429);
    }
  }

  @Test
  void behindAProxyTheClientAddressComesFromItsHeader() throws Exception {
    AuthThrottle throttle = new AuthThrottle(1, Duration.ofHours(1), 100, new ManualClock());
    try (ApiServer server =
        ApiServer.start(
            "127.0.0.1",
            0,
            List.of(OK),
            ApiServerTest::onlyGood,
            1024,
            throttle,
            "X-Forwarded-For")) {
      assertThat(get(server, "/v1/ok", "wrong", "198.51.100.7, 203.0.113.9").statusCode())
          .isEqualTo(401);

      assertThat(get(server, "/v1/ok", "good", "203.0.113.9").statusCode()).isEqualTo(429);
      assertThat(get(server, "/v1/ok", "good", "198.51.100.7").statusCode()).isEqualTo(204);
    }
  }

  @Test
  void aThrottleKeepsAtMostItsBoundOfAddresses() {
    ManualClock clock = new ManualClock();
    AuthThrottle throttle = new AuthThrottle(1, Duration.ofHours(1), 2, clock);

    throttle.failed("a");
    throttle.failed("b");
    throttle.failed("c");

    assertThat(throttle.retryAfterSeconds("a")).isZero();
    assertThat(throttle.retryAfterSeconds("c")).isEqualTo(3600);
    assertThat(throttle.failures()).isEqualTo(3);
  }

  private static Optional<Caller> onlyGood(String key) {
    return key.equals("good") ? Optional.of(new Caller.Admin("k")) : Optional.empty();
  }

  @Test
  void docsServeSwaggerUiWithoutAKey_underAPolicyThatForbidsInlineScript() throws Exception {
    Route open = new Route("GET", "/v1/open", r -> Reply.noContent()).withoutKey();
    try (ApiServer server =
        ApiServer.start("127.0.0.1", 0, List.of(OK, open), k -> Optional.empty(), 1024)) {
      HttpResponse<String> page = anonymous(server, "GET", "/docs");
      HttpResponse<String> bundle = anonymous(server, "GET", "/docs/swagger-ui-bundle.js");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
      assertThat(page.headers().firstValue("content-security-policy"))
          .contains(ApiDocs.CONTENT_SECURITY_POLICY);
      assertThat(ApiDocs.CONTENT_SECURITY_POLICY)
          .contains("script-src 'self';")
          .doesNotContain("unsafe-inline")
          .doesNotContain("unsafe-eval");
      assertThat(page.headers().firstValue("x-content-type-options")).contains("nosniff");
      assertThat(page.body().replaceAll("<script src=\"[^\"]+\" charset=\"UTF-8\"></script>", ""))
          .as("every script is a file")
          .doesNotContain("<script");
      assertThat(bundle.statusCode()).isEqualTo(200);
      assertThat(bundle.headers().firstValue("content-type"))
          .contains("text/javascript; charset=utf-8");
      assertThat(bundle.body()).contains("SwaggerUIBundle");
      assertThat(anonymous(server, "GET", "/docs/").statusCode()).isEqualTo(200);
      assertThat(anonymous(server, "GET", "/docs/swagger-initializer.js").statusCode())
          .isEqualTo(404);
      assertThat(anonymous(server, "POST", "/docs").statusCode()).isEqualTo(405);
      assertThat(anonymous(server, "GET", "/v1/open").statusCode()).isEqualTo(204);
      assertThat(anonymous(server, "GET", "/v1/ok").statusCode())
          .as("other routes still need a key")
          .isEqualTo(401);
      assertThat(anonymous(server, "GET", "/docsx").statusCode()).isEqualTo(404);
    }
  }

  private static HttpResponse<String> anonymous(ApiServer server, String method, String path)
      throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(
      ApiServer server, String path, String key, String forwardedFor) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Authorization", "Bearer " + key);
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
