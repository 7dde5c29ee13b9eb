package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.ops.LocalPipeline;
import io.posthorn.relay.RelayListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17 on the real stack: a connection made through the registry's API, a provider's signed
 * request to its URL, the event it becomes carried by the relay, Kafka and a worker to an internal
 * endpoint subscribed to {@code inbound.github.*}, signed per Standard Webhooks.
 */
@Timeout(180)
class InboundPipelineIT {
  private static final String ADMIN = "phk_e2e_admin_key_0123456789abcdefghijklmnop";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final RecordingReceiver receiver = RecordingReceiver.start();
  private static LocalPipeline pipeline;
  private static String endpointSecret;
  private static String connectionUrl;
  private static String connectionId;
  private static String connectionSecret;

  @BeforeAll
  static void start() throws Exception {
    pipeline =
        LocalPipeline.on(DevStack.shared())
            .isolated("inbound")
            .withRegistry(r -> r.adminKey(ADMIN))
            .withInbound(c -> c.withConnectionsRefresh(Duration.ZERO))
            .build();
    java.util.concurrent.CountDownLatch endpointPublished =
        new java.util.concurrent.CountDownLatch(1);
    pipeline
        .startRegistry()
        .startInbound()
        .startRelay(
            new RelayListener() {
              @Override
              public void endpointPublished(String endpointId, boolean deleted) {
                endpointPublished.countDown();
              }
            });
    endpointSecret =
        call(
                "/v1/endpoints",
                "{\"tenantId\":null,\"url\":\""
                    + receiver.url("/hooks")
                    + "\",\"eventTypes\":[\"inbound.github.*\"]}")
            .path("secret")
            .asText();
    JsonNode connection = call("/v1/connections", "{\"tenantId\":null,\"provider\":\"github\"}");
    connectionId = connection.path("id").asText();
    connectionUrl = connection.path("ingestUrl").asText();
    connectionSecret = connection.path("secret").asText();
    assertThat(endpointPublished.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    pipeline.startWorker(io.posthorn.delivery.DeliveryListener.NONE);
  }

  @AfterAll
  static void stop() {
    pipeline.close();
    receiver.close();
  }

  private static JsonNode call(String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(pipeline.registryUrl() + path))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> push(String body, String deliveryId, String... more)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(connectionSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature =
        "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(connectionUrl))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", deliveryId)
            .header("X-Hub-Signature-256", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < more.length; i += 2) {
      b.setHeader(more[i], more[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<ReceivedRequest> deliveriesOf(String deliveryId) {
    return receiver.requests("/hooks").stream()
        .filter(r -> deliveryId.equals(metadata(r).path("providerDeliveryId").asText()))
        .toList();
  }

  private static JsonNode metadata(ReceivedRequest r) {
    try {
      return JSON.readTree(r.bodyText()).path("metadata");
    } catch (java.io.IOException e) {
      throw new AssertionError("a delivery that is not JSON: " + r.bodyText(), e);
    }
  }

  private static String verified(ReceivedRequest r) throws Exception {
    HttpHeaders headers =
        HttpHeaders.of(
            Map.of(
                "webhook-id", List.of(r.header("webhook-id")),
                "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                "webhook-signature", List.of(r.header("webhook-signature"))),
            (a, b) -> true);
    new Webhook(endpointSecret).verify(r.bodyText(), headers.map());
    return r.bodyText();
  }

  @Test
  void aSignedPushBecomesExactlyOneSignedDelivery_andTheSameRequestAgainChangesNothing()
      throws Exception {
    String body = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"acme/shop\"}}";

    HttpResponse<String> first = push(body, "gh-1");
    HttpResponse<String> again = push(body, "gh-1");
    HttpResponse<String> next = push(body.replace("main", "next"), "gh-2");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("duplicate");
    assertThat(next.statusCode()).isEqualTo(200);
    // gh-2 went through the same partition (the connection id is the key) after gh-1's duplicate.
    await().atMost(Duration.ofSeconds(60)).until(() -> deliveriesOf("gh-2").size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> deliveriesOf("gh-1").size() == 1);
    assertThat(deliveriesOf("gh-1")).hasSize(1);
    assertThat(
            count(
                "SELECT count(*) FROM posthorn.outbox"
                    + " WHERE metadata->>'providerDeliveryId' = 'gh-1'"))
        .isEqualTo(1);
    JsonNode envelope = JSON.readTree(verified(deliveriesOf("gh-1").get(0)));
    assertThat(envelope.path("eventType").asText()).isEqualTo("inbound.github.push");
    assertThat(envelope.path("payload").path("repository").path("full_name").asText())
        .isEqualTo("acme/shop");
    assertThat(envelope.path("metadata").path("connectionId").asText()).isEqualTo(connectionId);
  }

  @Test
  void aRequestWhileTheRelayIsDownIsAcceptedAndDeliveredWhenItComesBack() throws Exception {
    pipeline.stopRelay();
    HttpResponse<String> r;
    try {
      r = push("{\"ref\":\"refs/heads/relay-down\"}", "gh-down");
    } finally {
      pipeline.startRelay(RelayListener.NONE);
    }

    assertThat(r.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> deliveriesOf("gh-down").size() == 1);
  }

  @Test
  void badInputIsRefusedWithAClearStatus_andNothingIsEmitted() throws Exception {
    String outbox = "SELECT count(*) FROM posthorn.outbox";
    long rows = count(outbox);

    assertThat(push("not json", "bad-1").statusCode()).isEqualTo(400);
    assertThat(push("{\"pad\":\"" + "x".repeat(300_000) + "\"}", "bad-2").statusCode())
        .isEqualTo(413);
    assertThat(push("{}", "bad-3", "X-Hub-Signature-256", "sha256=00").statusCode()).isEqualTo(401);
    HttpResponse<String> unknown =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(pipeline.inbound().url() + "/in/cn_000000000000000000000000"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);

    assertThat(count(outbox)).isEqualTo(rows);
    assertThat(
            count("SELECT count(*) FROM posthorn_inbound.requests WHERE delivery_id LIKE 'bad-%'"))
        .isZero();
  }

  private static long count(String sql) throws Exception {
    try (var c = pipeline.db().getConnection();
        var s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
