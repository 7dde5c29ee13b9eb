package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import io.posthorn.schema.endpoint.SecretSeal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SecretsIT {
  private static RegistryFixture f;
  private static String key;

  @BeforeAll
  static void start() {
    f = new RegistryFixture();
    key = f.tenantKey("acme");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void theSecretIsStoredSealedAndTheSecretRouteReturnsIt() {
    JsonNode created = create();
    String id = created.path("id").asText();
    String secret = created.path("secret").asText();

    assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
    assertThat(f.api.get("/v1/endpoints/" + id + "/secret", key).json().path("secret").asText())
        .isEqualTo(secret);
    String stored =
        f.text(
            "SELECT sealed FROM posthorn_registry.endpoint_secrets WHERE endpoint_id = '"
                + id
                + "'");
    assertThat(stored).startsWith("v1.").doesNotContain(secret.substring(6));
    assertThat(SecretSeal.fromBase64(f.masterKey).open(id, stored)).isEqualTo(secret);
  }

  @Test
  void rotationKeepsTheOldSecretSigningForTheOverlapOnly() {
    JsonNode created = create();
    String id = created.path("id").asText();
    Instant before = Instant.now();

    JsonNode rotated =
        f.api.post("/v1/endpoints/" + id + "/secret/rotate", key, "{\"overlap\":\"2h\"}").json();

    assertThat(rotated.path("secret").asText())
        .startsWith("whsec_")
        .isNotEqualTo(created.path("secret").asText());
    Instant overlapEnd = Instant.parse(rotated.path("rotatedSecretsExpireAt").get(0).asText());
    assertThat(overlapEnd).isBetween(before.plusSeconds(7190), before.plusSeconds(7300));
    var doc = latestDocument(id);
    assertThat(doc.secrets()).hasSize(2);
    SecretSeal seal = SecretSeal.fromBase64(f.masterKey);
    assertThat(seal.open(id, doc.secrets().get(0).sealed()))
        .isEqualTo(rotated.path("secret").asText());
    assertThat(doc.secrets().get(0).expiresAt()).isNull();
    assertThat(seal.open(id, doc.secrets().get(1).sealed()))
        .isEqualTo(created.path("secret").asText());
    assertThat(doc.secrets().get(1).expiresAt()).isEqualTo(overlapEnd);

    f.api.post("/v1/endpoints/" + id + "/secret/rotate", key, "{\"overlap\":\"0s\"}");
    assertThat(latestDocument(id).secrets()).hasSize(2); // the first rotation's overlap still runs
    assertThat(
            f.api
                .post("/v1/endpoints/" + id + "/secret/rotate", key, "{\"overlap\":\"31d\"}")
                .status())
        .isEqualTo(400);
  }

  @Test
  void secretsAndKeysNeverReachTheLogs() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    root.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
    try {
      JsonNode created = create();
      String id = created.path("id").asText();
      String rotated =
          f.api
              .post("/v1/endpoints/" + id + "/secret/rotate", key, null)
              .json()
              .path("secret")
              .asText();
      f.api.get("/v1/endpoints/" + id + "/secret", key);
      f.api.post("/v1/endpoints", key, "{\"url\":\"https://10.0.0.1/\",\"eventTypes\":[\"*\"]}");

      assertThat(logs.list).isNotEmpty();
      for (ILoggingEvent e : logs.list) {
        String line =
            e.getFormattedMessage()
                + (e.getThrowableProxy() == null
                    ? ""
                    : ThrowableProxyUtil.asString(e.getThrowableProxy()));
        assertThat(line)
            .doesNotContain("whsec_")
            .doesNotContain(created.path("secret").asText().substring(6))
            .doesNotContain(rotated.substring(6))
            .doesNotContain(key)
            .doesNotContain(RegistryFixture.ADMIN_KEY)
            .doesNotContain(f.masterKey);
      }
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
    }
  }

  private static JsonNode create() {
    Api.Response r =
        f.api.post(
            "/v1/endpoints",
            key,
            "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private static EndpointDocument latestDocument(String id) {
    String json =
        f.text(
            "SELECT document::text FROM posthorn_registry.endpoint_feed WHERE endpoint_id = '"
                + id
                + "' ORDER BY seq DESC LIMIT 1");
    return EndpointDocumentCodec.decode(id, json.getBytes(StandardCharsets.UTF_8));
  }
}
