package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The registry, the relay and a worker in one JVM, at DEBUG (third-party libraries at INFO), with
 * every credential a user can hand Posthorn planted where a user would put it: API keys (good and
 * wrong), endpoint custom headers, signing secrets (issued and rotated), card numbers in a payload
 * and in a subscriber's answer, and statements that fail while bound to a header value and card
 * numbers. Every line the JVM logs passes the masking encoder the processes use ({@link
 * CapturedLog}); none may hold a planted value.
 */
class CredentialsNeverLoggedIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String HEADER_TOKEN = "planted-header-token-5d1c9a";
  private static final String HEADER_API_KEY = "planted-x-api-key-77e0b3";
  private static final String CARD = "4111111111111111";
  private static final String CARD_SPACED = "5555 5555 5555 4444";
  private static final String WRONG_KEY = "phk_planted_wrong_key_f00dcafe0123456789";
  private static final String FOREIGN_TOKEN = "planted-foreign-bearer-a8b7c6";

  @Test
  @Timeout(180)
  void noPlantedCredentialReachesAnyLogLine() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Appender<ch.qos.logback.classic.spi.ILoggingEvent> stdout = root.getAppender("STDOUT");
    Map<Logger, Level> levels = new LinkedHashMap<>();
    for (String name :
        List.of(
            org.slf4j.Logger.ROOT_LOGGER_NAME,
            "io.posthorn",
            "io.debezium",
            "org.apache.kafka",
            "org.flywaydb",
            "org.jdbi",
            "org.postgresql")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      levels.put(logger, logger.getLevel());
      logger.setLevel(name.equals("io.posthorn") ? Level.DEBUG : Level.INFO);
    }
    root.detachAppender(stdout); // thousands of DEBUG/INFO lines: captured, not printed
    CapturedLog.startRecording();
    List<String> planted =
        new ArrayList<>(
            List.of(
                HEADER_TOKEN,
                HEADER_API_KEY,
                CARD,
                CARD_SPACED,
                WRONG_KEY.substring(4),
                FOREIGN_TOKEN,
                RegistryPipeline.ADMIN.substring(4)));
    List<String> lines;
    try (RecordingReceiver receiver = RecordingReceiver.start();
        RegistryPipeline pipeline = new RegistryPipeline("creds", UnaryOperator.identity())) {
      planted.add(pipeline.masterKey);
      receiver.respond(
          r ->
              r.path().equals("/refuse")
                  ? new ScriptedReply.Respond(
                      400,
                      Map.of(),
                      "card " + CARD + " declined; Authorization: Bearer " + HEADER_TOKEN,
                      Duration.ZERO)
                  : ScriptedReply.ok());

      String tenantKey =
          send(pipeline, "POST", "/v1/api-keys", RegistryPipeline.ADMIN, "{\"tenantId\":\"acme\"}")
              .path("key")
              .asText();
      planted.add(tenantKey.substring(4));
      JsonNode created =
          send(
              pipeline,
              "POST",
              "/v1/endpoints",
              tenantKey,
              "{\"url\":\""
                  + receiver.url("/creds")
                  + "\",\"eventTypes\":[\"posthorn.ping\"],\"headers\":{\"Authorization\":\"Bearer "
                  + HEADER_TOKEN
                  + "\",\"X-Api-Key\":\""
                  + HEADER_API_KEY
                  + "\"},\"metadata\":{\"card\":\""
                  + CARD
                  + "\"}}");
      String id = created.path("id").asText();
      planted.add(created.path("secret").asText().substring(6));
      planted.add(
          send(
                  pipeline,
                  "POST",
                  "/v1/endpoints/" + id + "/secret/rotate",
                  tenantKey,
                  "{\"overlap\":\"1h\"}")
              .path("secret")
              .asText()
              .substring(6));
      send(pipeline, "GET", "/v1/endpoints/" + id + "/secret", tenantKey, null);
      String refusing =
          send(
                  pipeline,
                  "POST",
                  "/v1/endpoints",
                  tenantKey,
                  "{\"url\":\""
                      + receiver.url("/refuse")
                      + "\",\"eventTypes\":[\"posthorn.ping\"],\"headers\":{\"Authorization\":\"Bearer "
                      + HEADER_TOKEN
                      + "\"}}")
              .path("id")
              .asText();

      assertThat(status(pipeline, "GET", "/v1/endpoints", WRONG_KEY, null)).isEqualTo(401);
      assertThat(status(pipeline, "GET", "/v1/endpoints", FOREIGN_TOKEN, null)).isEqualTo(401);
      plantFailingInsert(pipeline);
      String failing =
          "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"],\"description\":\"fail here\","
              + "\"headers\":{\"Authorization\":\"Bearer "
              + HEADER_TOKEN
              + "\"},\"metadata\":{\"pan\":\""
              + CARD_SPACED
              + "\"}}";
      assertThat(status(pipeline, "POST", "/v1/endpoints", tenantKey, failing)).isEqualTo(500);
      assertThat(
              status(
                  pipeline,
                  "POST",
                  "/v1/endpoints",
                  tenantKey,
                  failing.replace("fail here", "nul \\u0000 byte")))
          .isIn(400, 500);

      pipeline.emitPing("card " + CARD + " and " + CARD_SPACED);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  !receiver.requests("/creds").isEmpty()
                      && !receiver.requests("/refuse").isEmpty());
      ReceivedRequest delivered = receiver.requests("/creds").get(0);
      assertThat(delivered.header("authorization"))
          .isEqualTo("Bearer " + HEADER_TOKEN); // unsealed by the worker
      assertThat(delivered.header("x-api-key")).isEqualTo(HEADER_API_KEY);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  CapturedLog.lines().stream()
                      .anyMatch(
                          l ->
                              l.contains(refusing)
                                  && (l.contains("failed after")
                                      || l.contains("refused to send")
                                      || l.contains("dead-lettered"))));
    } finally {
      lines = CapturedLog.stopRecording();
      levels.forEach(Logger::setLevel);
      root.addAppender(stdout);
    }

    assertThat(lines)
        .as("the failing statement was logged")
        .anyMatch(l -> l.contains("failed (error id"));
    assertThat(lines)
        .as("the relay's Debezium engine logged its configuration")
        .anyMatch(l -> l.contains("io.debezium"));
    for (String line : lines) {
      for (String secret : planted) {
        assertThat(line).as("a log line holds a planted credential").doesNotContain(secret);
      }
      assertThat(line).doesNotContainPattern("v1\\.[A-Za-z0-9_-]{32,}"); // sealed values
    }
  }

  /**
   * A trigger that fails the insert of an endpoint described "fail here": a statement failing in
   * the database.
   */
  private static void plantFailingInsert(RegistryPipeline pipeline) throws Exception {
    try (Connection c = pipeline.db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE FUNCTION posthorn_registry.planted_failure() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN RAISE EXCEPTION 'planted failure'; END $$");
      s.execute(
          "CREATE TRIGGER planted_failure BEFORE INSERT ON posthorn_registry.endpoints FOR EACH ROW"
              + " WHEN (NEW.description = 'fail here') EXECUTE FUNCTION posthorn_registry.planted_failure()");
    }
  }

  private static JsonNode send(
      RegistryPipeline pipeline, String method, String path, String key, String body)
      throws Exception {
    HttpResponse<String> r = exchange(pipeline, method, path, key, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return RegistryPipeline.JSON.readTree(r.body());
  }

  private static int status(
      RegistryPipeline pipeline, String method, String path, String key, String body)
      throws Exception {
    HttpResponse<String> r = exchange(pipeline, method, path, key, body);
    assertThat(r.body())
        .doesNotContain(HEADER_TOKEN)
        .doesNotContain(CARD)
        .doesNotContain(CARD_SPACED);
    return r.statusCode();
  }

  private static HttpResponse<String> exchange(
      RegistryPipeline pipeline, String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(pipeline.registry.url() + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
