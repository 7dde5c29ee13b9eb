package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.registry.http.Route;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated requests to every route in turn, with an admin or a tenant key: bodies (JSON of every
 * shape, known fields with hostile values, duplicate keys, escapes for NUL and lone surrogates,
 * huge numbers, garbage bytes), query strings and path ids. Whatever comes in: never a 5xx, every
 * 4xx a problem naming a field, and after a 4xx every registry table exactly as before.
 *
 * <p>Seeded: {@code -Dfuzz.seed=N} replays a run (the seed is in every failure message); {@code
 * -Dfuzz.tries=N} (default 300).
 */
class ApiFuzzIT {
  private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
  private static final int TRIES = Integer.getInteger("fuzz.tries", 300);
  private static final Duration BUDGET = Duration.ofSeconds(50);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final List<String> FIELDS =
      List.of(
          "url",
          "eventTypes",
          "description",
          "timeoutMs",
          "maxInFlight",
          "rateLimitPerSecond",
          "headers",
          "metadata",
          "tenantId",
          "reason",
          "overlap",
          "since",
          "allowHttp",
          "allowPrivateNetworks");
  private static final List<String> QUERY =
      List.of("limit", "cursor", "status", "eventType", "tenantId", "outcome", "since", "until");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private static RegistryFixture f;
  private static String tenantKey;
  private static final AtomicReference<String> endpoint = new AtomicReference<>();

  private final Random random = new Random(SEED);

  @BeforeAll
  static void start() {
    f = new RegistryFixture(b -> b.maxBodyBytes(8192));
    tenantKey = f.tenantKey("acme");
    endpoint.set(newEndpoint());
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void generatedRequestsNeverFailTheServerAndRefusalsChangeNothing() throws Exception {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    List<Route> routes = f.registry.routes();
    String before = f.dump();
    int tries = 0;
    int refused = 0;
    for (; tries < TRIES && System.nanoTime() < deadline; tries++) {
      Route route = routes.get(tries % routes.size());
      boolean admin = random.nextBoolean();
      Request request = mutate(valid(route, admin));
      String what = "seed " + SEED + ", try " + tries + ": " + request;

      String key = admin ? RegistryFixture.ADMIN_KEY : tenantKey;
      HttpResponse<String> r = send(request, key);
      byte[] sent = request.bytes();
      Api.checkContract(
          request.method(),
          request.uri(),
          key,
          sent.length == 0 ? null : "application/json",
          sent.length == 0 ? null : new String(sent, StandardCharsets.UTF_8),
          r);

      assertThat(r.statusCode()).as(what + " -> " + r.body()).isLessThan(500);
      assertThat(r.headers().firstValue("x-content-type-options")).as(what).contains("nosniff");
      if (r.statusCode() >= 400) {
        refused++;
        assertThat(r.headers().firstValue("content-type"))
            .as(what)
            .contains("application/problem+json");
        assertThat(Api.JSON.readTree(r.body()).path("status").asInt())
            .as(what)
            .isEqualTo(r.statusCode());
        assertThat(Api.JSON.readTree(r.body()).path("field").asText())
            .as(what + " -> " + r.body())
            .isNotEmpty();
        assertThat(f.dump())
            .as("state changed after a refusal: " + what + " -> " + r.body())
            .isEqualTo(before);
      } else {
        before = settled();
        if (f.count(
                "SELECT count(*) FROM posthorn_registry.endpoints WHERE id = '"
                    + endpoint.get()
                    + "'")
            == 0) {
          endpoint.set(newEndpoint());
          before = settled();
        }
      }
    }
    System.out.printf(
        "ApiFuzzIT: seed %d, %d requests, %d refused, in %d ms%n",
        SEED, tries, refused, (System.nanoTime() - (deadline - BUDGET.toNanos())) / 1_000_000);
    assertThat(tries).as("seed " + SEED).isGreaterThanOrEqualTo(Math.min(TRIES, 100));
    assertThat(refused)
        .as("seed " + SEED + ": some requests are accepted, some refused")
        .isBetween(tries / 10, tries - tries / 20);
  }

  /** One request: the body as JSON entries (name, JSON text) unless {@code rawBody} replaces it. */
  private record Request(
      String method, List<String> path, List<String[]> query, List<String[]> body, byte[] rawBody) {
    String uri() {
      String q =
          query.stream()
              .map(p -> encode(p[0]) + "=" + encode(p[1]))
              .collect(Collectors.joining("&"));
      return "/"
          + path.stream().map(ApiFuzzIT::encode).collect(Collectors.joining("/"))
          + (q.isEmpty() ? "" : "?" + q);
    }

    byte[] bytes() {
      if (rawBody != null) {
        return rawBody;
      }
      return body.isEmpty()
          ? new byte[0]
          : ("{"
                  + body.stream()
                      .map(e -> string(e[0]) + ":" + e[1])
                      .collect(Collectors.joining(","))
                  + "}")
              .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return method + " " + uri() + " " + new String(bytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A request the route accepts (mostly): real ids, known query parameters, a body of valid fields.
   */
  private Request valid(Route route, boolean admin) {
    List<String> path = new ArrayList<>();
    for (String segment : route.pattern().substring(1).split("/")) {
      path.add(segment.startsWith("{") ? id(segment.substring(1, segment.length() - 1)) : segment);
    }
    List<String[]> query = new ArrayList<>();
    for (String name : route.query()) {
      if (random.nextBoolean()) {
        query.add(new String[] {name, validQuery(name)});
      }
    }
    List<String[]> body = new ArrayList<>();
    String p = route.method() + " " + route.pattern();
    switch (p) {
      case "POST /v1/endpoints" -> {
        body.add(new String[] {"url", string("https://hooks.acme.example/in")});
        body.add(new String[] {"eventTypes", "[\"order.*\"]"});
        if (admin) {
          body.add(new String[] {"tenantId", string("acme")});
        }
        optional(body, "description", string("orders"));
        optional(body, "headers", "{\"x-team\":\"orders\"}");
        optional(body, "metadata", "{\"team\":\"orders\",\"n\":1}");
      }
      case "PATCH /v1/endpoints/{endpointId}" -> {
        optional(body, "description", string("orders"));
        optional(body, "headers", "{\"x-team\":\"orders\"}");
        optional(body, "metadata", "{\"team\":\"orders\"}");
        optional(body, "timeoutMs", "2000");
      }
      case "POST /v1/endpoints/{endpointId}/disable" ->
          optional(body, "reason", string("maintenance"));
      case "POST /v1/endpoints/{endpointId}/secret/rotate" ->
          optional(body, "overlap", string("1h"));
      case "POST /v1/endpoints/{endpointId}/recover" ->
          body.add(new String[] {"since", string("2026-01-01T00:00:00Z")});
      case "PUT /v1/tenants/{tenantId}" -> optional(body, "allowHttp", "false");
      case "POST /v1/api-keys" -> {
        body.add(new String[] {"tenantId", string("acme")});
        optional(body, "description", string("ci"));
      }
      default -> {}
    }
    return new Request(route.method(), path, query, body, null);
  }

  private void optional(List<String[]> body, String name, String json) {
    if (random.nextBoolean()) {
      body.add(new String[] {name, json});
    }
  }

  /** The request with zero to three things made hostile. */
  private Request mutate(Request r) {
    List<String> path = new ArrayList<>(r.path());
    List<String[]> query = new ArrayList<>(r.query());
    List<String[]> body = new ArrayList<>(r.body());
    String method = r.method();
    byte[] raw = null;
    for (int n = random.nextInt(4); n > 0; n--) {
      switch (random.nextInt(12)) {
        case 0, 1, 2 -> {
          if (!body.isEmpty()) {
            int i = random.nextInt(body.size());
            body.set(
                i, new String[] {body.get(i)[0], random.nextBoolean() ? string(text()) : value(3)});
          } else {
            body.add(new String[] {pick(FIELDS), fieldValue(3)});
          }
        }
        case 3 -> body.add(new String[] {pick(FIELDS), fieldValue(3)});
        case 4 -> {
          if (!body.isEmpty()) {
            body.add(body.get(random.nextInt(body.size())));
          }
        }
        case 5 -> body.add(new String[] {text(), value(2)});
        case 6 -> {
          if (!query.isEmpty()) {
            int i = random.nextInt(query.size());
            query.set(i, new String[] {query.get(i)[0], hostileQuery()});
          } else {
            query.add(new String[] {pick(QUERY), hostileQuery()});
          }
        }
        case 7 ->
            query.add(new String[] {random.nextBoolean() ? text() : pick(QUERY), hostileQuery()});
        case 8, 9 -> {
          List<Integer> ids = new ArrayList<>();
          for (int i = 0; i < path.size(); i++) {
            if (!path.get(i).equals("v1") && i > 1 && i % 2 == 0) {
              ids.add(i);
            }
          }
          int i =
              ids.isEmpty()
                  ? 1 + random.nextInt(path.size() - 1)
                  : ids.get(random.nextInt(ids.size()));
          path.set(i, random.nextBoolean() ? text() : nearMissId());
        }
        case 10 -> method = pick(METHODS);
        default ->
            raw = random.nextBoolean() ? garbage() : value(3).getBytes(StandardCharsets.UTF_8);
      }
    }
    return new Request(method, path, query, body, raw);
  }

  /** The dump once background work an accepted request started (a recovery) has finished. */
  private static String settled() {
    AtomicReference<String> last = new AtomicReference<>(f.dump());
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              String now = f.dump();
              return now.equals(last.getAndSet(now))
                  && f.count(
                          "SELECT count(*) FROM posthorn_registry.recoveries WHERE state = 'running'")
                      == 0;
            });
    return last.get();
  }

  private static String newEndpoint() {
    return f.api
        .post(
            "/v1/endpoints",
            tenantKey,
            "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"order.*\"]}")
        .json()
        .path("id")
        .asText();
  }

  private String id(String name) {
    return switch (name) {
      case "endpointId" -> random.nextInt(4) == 0 ? "ep_" + hex(24).toUpperCase() : endpoint.get();
      case "eventId" ->
          random.nextInt(4) == 0
              ? "0190f5a2-7c1e-7a3b-9d2f-5c8e1b4a6f0"
              : "0190f5a2-7c1e-7a3b-9d2f-" + hex(12);
      case "recoveryId" -> "rc_" + hex(random.nextInt(3) == 0 ? 23 : 24);
      case "keyId" -> random.nextBoolean() ? "key_" + hex(16) : "key_admin_" + hex(12);
      case "tenantId" -> random.nextBoolean() ? "acme" : "t" + hex(6);
      default -> text();
    };
  }

  private String validQuery(String name) {
    return switch (name) {
      case "limit" -> Integer.toString(1 + random.nextInt(100));
      case "status" -> pick(List.of("enabled", "disabled"));
      case "eventType" -> "order.created";
      case "tenantId" -> "acme";
      case "outcome" -> pick(List.of("delivered", "failed"));
      case "since" -> "2026-01-01T00:00:00Z";
      case "until" -> "2999-01-01T00:00:00Z";
      default -> hostileQuery();
    };
  }

  private String nearMissId() {
    return pick(
        List.of(
            "ep_" + hex(24).toUpperCase(),
            "ep_" + hex(23),
            "rc_" + hex(25),
            "key_" + hex(15),
            "0190f5a2-7c1e-7a3b-9d2f-5c8e1b4a6f0",
            "a\u0000b",
            "%00",
            "..",
            "ep_" + hex(24) + "\u0000"));
  }

  private byte[] garbage() {
    byte[] b = new byte[random.nextInt(64)];
    random.nextBytes(b);
    return b;
  }

  private String hostileQuery() {
    return switch (random.nextInt(6)) {
      case 0 -> Integer.toString(random.nextInt(300) - 100);
      case 1 ->
          pick(
              List.of(
                  "-999999999-01-01T00:00:00Z",
                  "+999999999-12-31T23:59:59Z",
                  "2026-01-15T10:30:00Z",
                  "1969-12-31T23:59:59Z",
                  "9999-12-31T23:59:59.999999999Z"));
      case 2 ->
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  (pick(List.of("attempts:", "endpoints:"))
                          + pick(
                              List.of(
                                  "+999999999-12-31T23:59:59Z~1",
                                  "2026-01-01T00:00:00Z~-5",
                                  "99999999999999999999",
                                  "-1",
                                  text())))
                      .getBytes(StandardCharsets.UTF_8));
      case 3 ->
          pick(List.of("enabled", "disabled", "order.created", "order.*", "delivered", "acme"));
      default -> text();
    };
  }

  /** A JSON object; sometimes with a key given twice. */
  private String object(int depth) {
    int n = random.nextInt(4);
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = random.nextBoolean() ? "k" + i : text();
      entries.add(string(name) + ":" + value(depth - 1));
    }
    if (!entries.isEmpty() && random.nextInt(8) == 0) {
      entries.add(entries.get(0));
    }
    return "{" + String.join(",", entries) + "}";
  }

  /** A hostile value of the kind some field expects. */
  private String fieldValue(int depth) {
    return switch (pick(FIELDS)) {
      case "url" ->
          string(
              pick(
                  List.of(
                      "https://hooks.acme.example/in",
                      "https://hooks.acme.example/" + text(),
                      "http://127.0.0.1/",
                      "https://169.254.169.254/",
                      "https://[::1]/")));
      case "eventTypes" ->
          "[" + string(pick(List.of("*", "order.*", "order.created", text()))) + "]";
      case "headers" ->
          "{"
              + string(pick(List.of("x-token", "Authorization", "webhook-id", text())))
              + ":"
              + string(text())
              + "}";
      case "metadata" -> object(depth);
      case "since" ->
          string(
              pick(
                  List.of(
                      "-999999999-01-01T00:00:00Z",
                      "+999999999-12-31T23:59:59Z",
                      "2026-01-01T00:00:00Z",
                      text())));
      case "overlap" -> string(pick(List.of("24h", "0s", "31d", "-1s", "PT999999999999H", text())));
      case "timeoutMs", "maxInFlight", "rateLimitPerSecond" -> number();
      default -> string(text());
    };
  }

  private String value(int depth) {
    int kind = random.nextInt(depth <= 0 ? 4 : 6);
    return switch (kind) {
      case 0 -> pick(List.of("null", "true", "false"));
      case 1 -> number();
      case 2, 3 -> string(text());
      case 4 -> {
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(value(depth - 1));
        }
        yield "[" + String.join(",", items) + "]";
      }
      default -> object(depth - 1);
    };
  }

  private String number() {
    return pick(
        List.of(
            "0",
            "-1",
            "1",
            "3000",
            "2147483648",
            "-9223372036854775809",
            "1e400",
            "-1e400",
            "1.5",
            "1e-400",
            "123456789012345678901234567890",
            Integer.toString(random.nextInt())));
  }

  /** Hostile text: control characters, NUL, lone and paired surrogates, '%', quotes, long runs. */
  private String text() {
    int length = random.nextInt(20) == 0 ? 300 + random.nextInt(300) : random.nextInt(24);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(12)) {
        case 0 -> out.append((char) random.nextInt(0x20));
        case 1 -> out.append('\u0000');
        case 2 ->
            out.append(
                pick(List.of("\ud800", "\udfff", "\ud83d\udce6", "\ufffe", "\u2028", "é", "漢")));
        case 3 ->
            out.append(
                pick(List.of("%", "%00", "\"", "\\", "/", "..", "&", "=", "+", "#", "?", " ")));
        default -> out.append((char) ('a' + random.nextInt(26)));
      }
    }
    return out.toString();
  }

  /** A JSON string literal; surrogates and control characters as \\u escapes. */
  private static String string(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String hex(int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static HttpResponse<String> send(Request r, String key) throws Exception {
    byte[] body = r.bytes();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(f.registry.url() + r.uri()))
            .timeout(Duration.ofSeconds(30))
            .method(
                r.method(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Authorization", "Bearer " + key);
    if (body.length > 0) {
      b.header("Content-Type", "application/json");
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
