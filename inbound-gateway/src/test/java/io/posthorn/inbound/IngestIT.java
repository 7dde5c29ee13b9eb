package io.posthorn.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.schema.connection.ConnectionDocument;
import io.posthorn.schema.connection.Provider;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /in/{connectionId}} against a real database: each answer and what it stored. */
class IngestIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "github-webhook-secret";
  private static final String PUSH = "{\"ref\":\"refs/heads/main\",\"repository\":{\"id\":7}}";
  private static GatewayFixture f;

  @BeforeAll
  static void start() {
    f = new GatewayFixture(c -> c.withMaxBodyBytes(4096));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> push(String id, String body, String delivery) {
    return f.post(
        "/in/" + id,
        body,
        "Content-Type",
        "application/json",
        "X-GitHub-Event",
        "push",
        "X-GitHub-Delivery",
        delivery,
        "X-Hub-Signature-256",
        sign(SECRET, body));
  }

  @Test
  void aSignedRequestStoresItsLogRowAndOneEvent_aRedeliveryStoresNothing() throws Exception {
    String id = f.connection(Provider.GITHUB, SECRET, d -> d);

    HttpResponse<String> first = push(id, PUSH, "d-1");
    String after = f.stored();
    HttpResponse<String> again = push(id, PUSH, "d-1");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(first.body()).path("status").asText()).isEqualTo("accepted");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).path("status").asText()).isEqualTo("duplicate");
    assertThat(f.stored()).isEqualTo(after);
    String eventId = JSON.readTree(first.body()).path("eventId").asText();
    assertThat(
            f.text(
                "SELECT event_type || ' ' || tenant_id || ' ' || aggregate_id FROM posthorn.outbox"
                    + " WHERE id = '"
                    + eventId
                    + "'"))
        .isEqualTo("inbound.github.push acme " + id);
    JsonNode metadata =
        JSON.readTree(
            f.text("SELECT metadata::text FROM posthorn.outbox WHERE id = '" + eventId + "'"));
    assertThat(metadata.path("connectionId").asText()).isEqualTo(id);
    assertThat(metadata.path("providerDeliveryId").asText()).isEqualTo("d-1");
    JsonNode headers =
        JSON.readTree(
            f.text(
                "SELECT headers::text FROM posthorn_inbound.requests WHERE id = '"
                    + eventId
                    + "'"));
    assertThat(headers.path("x-hub-signature-256").asText()).isEqualTo("********");
    assertThat(headers.path("x-github-delivery").asText()).isEqualTo("d-1");
    assertThat(
            f.text(
                "SELECT convert_from(body, 'UTF8') FROM posthorn_inbound.requests WHERE id = '"
                    + eventId
                    + "'"))
        .isEqualTo(PUSH);
  }

  @Test
  void refusesWithAClearStatus_storingNothing() throws Exception {
    String id = f.connection(Provider.GITHUB, SECRET, d -> d);
    String before = f.stored();

    assertThat(f.post("/in/cn_000000000000000000000000", PUSH).statusCode()).isEqualTo(404);
    HttpResponse<String> unsigned = f.post("/in/" + id, PUSH, "X-GitHub-Event", "push");
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(unsigned.body()).doesNotContain("missing").doesNotContain("signature");
    HttpResponse<String> wrong =
        f.post("/in/" + id, PUSH, "X-GitHub-Event", "push", "X-Hub-Signature-256", sign("x", PUSH));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(push(id, "not json", "d-2").statusCode()).isEqualTo(400);
    assertThat(push(id, "[1,2]", "d-3").statusCode()).isEqualTo(400);
    String huge = "{\"pad\":\"" + "x".repeat(5000) + "\"}";
    HttpResponse<String> tooLarge = push(id, huge, "d-4");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(f.send("PUT", "/in/" + id, PUSH).statusCode()).isEqualTo(405);
    assertThat(f.send("GET", "/in/" + id, null).statusCode()).isEqualTo(200);

    assertThat(f.stored()).isEqualTo(before);
    assertThat(f.unverified("github", "missing_header")).isGreaterThanOrEqualTo(1);
    assertThat(f.unverified("github", "bad_signature")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aDisabledConnectionIsNotFound() {
    String id = f.connection(Provider.GITHUB, SECRET, d -> d);
    f.sql("UPDATE posthorn_registry.connections SET enabled = false WHERE id = '" + id + "'");

    assertThat(push(id, PUSH, "d-9").statusCode()).isEqualTo(404);
  }

  @Test
  void refusesAddressesOutsideTheAllowList() {
    String outside =
        f.connection(
            Provider.GITHUB,
            SECRET,
            d -> GatewayFixture.with(d, List.of("192.30.252.0/22"), 0, null));
    String inside =
        f.connection(
            Provider.GITHUB, SECRET, d -> GatewayFixture.with(d, List.of("127.0.0.0/8"), 0, null));

    assertThat(push(outside, PUSH, "a-1").statusCode()).isEqualTo(403);
    assertThat(push(inside, PUSH, "a-1").statusCode()).isEqualTo(200);
  }

  @Test
  void answers429WithRetryAfterOverTheConnectionsRate() {
    String id =
        f.connection(Provider.GITHUB, SECRET, d -> GatewayFixture.with(d, List.of(), 1, null));

    List<HttpResponse<String>> answers =
        IntStream.range(0, 5).mapToObj(i -> push(id, PUSH, "r-" + i)).toList();

    assertThat(answers.get(0).statusCode()).isEqualTo(200);
    assertThat(answers)
        .anySatisfy(
            r -> {
              assertThat(r.statusCode()).isEqualTo(429);
              assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            });
  }

  @Test
  void answersSlacksUrlVerificationWithItsChallenge_storingNothing() throws Exception {
    String id = f.connection(Provider.SLACK, "slack-signing-secret", d -> d);
    String body = "{\"type\":\"url_verification\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY\"}";
    long ts = GatewayFixture.NOW.getEpochSecond();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec("slack-signing-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sig =
        "v0="
            + HexFormat.of()
                .formatHex(mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8)));
    String before = f.stored();

    HttpResponse<String> r =
        f.post(
            "/in/" + id,
            body,
            "X-Slack-Request-Timestamp",
            Long.toString(ts),
            "X-Slack-Signature",
            sig);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("challenge").asText())
        .isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY");
    assertThat(f.stored()).isEqualTo(before);
  }

  @Test
  void refusesAStaleTimestamp_countingTheReason() {
    String id = f.connection(Provider.SLACK, "slack-signing-secret", d -> d);
    long stale = GatewayFixture.NOW.minusSeconds(301).getEpochSecond();

    HttpResponse<String> r =
        f.post(
            "/in/" + id,
            "{}",
            "X-Slack-Request-Timestamp",
            Long.toString(stale),
            "X-Slack-Signature",
            "v0=00");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(f.unverified("slack", "stale_timestamp")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void genericHmacBecomesTheBodysTypeUnderTheConnectionsPrefix() throws Exception {
    ConnectionDocument.Hmac scheme =
        new ConnectionDocument.Hmac("X-Sig", "SHA-256", "hex", "sha256=", null, "X-Id");
    String id =
        f.connection(Provider.HMAC, SECRET, d -> GatewayFixture.with(d, List.of(), 0, scheme));
    String body = "{\"type\":\"Invoice.Paid\",\"id\":1}";

    HttpResponse<String> r = f.post("/in/" + id, body, "X-Sig", sign(SECRET, body), "X-Id", "h-1");

    assertThat(r.statusCode()).isEqualTo(200);
    String eventId = JSON.readTree(r.body()).path("eventId").asText();
    assertThat(f.text("SELECT event_type FROM posthorn.outbox WHERE id = '" + eventId + "'"))
        .isEqualTo("inbound.hmac.invoice.paid");
  }
}
