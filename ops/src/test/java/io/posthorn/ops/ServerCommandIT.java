package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.OutboxSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code posthorn server} as a real process on the dev stack: an endpoint registered through its
 * registry API reaches its worker through its relay (the endpoint feed), events emitted into the
 * outbox arrive signed with the endpoint's secret, one metrics port serves every component, and
 * SIGTERM stops it cleanly.
 */
class ServerCommandIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String ADMIN = "phk_server_it_admin_key_0123456789abcdefghij";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final DevStack stack = DevStack.shared();
  @TempDir Path dir;

  @Test
  void oneProcessRegistersAnEndpoint_relaysEmittedEvents_andDeliversThemSigned() throws Exception {
    String name = stack.postgres().createDatabase("server");
    DataSource db = stack.postgres().dataSource(name);
    OutboxSchema.migrate(db);
    Path config = Files.writeString(dir.resolve("server.properties"), settings(name));
    try (RecordingReceiver receiver = RecordingReceiver.start();
        RelayProcess server = RelayProcess.start("server", "server", config)) {
      server.awaitLine("relay slot_" + name + ": streaming", WAIT);
      String api = line(server, "posthorn server: registry API at ");
      JsonNode created =
          call(
              api,
              "/endpoints",
              "{\"tenantId\":\"acme\",\"url\":\""
                  + receiver.url("/hooks")
                  + "\",\"eventTypes\":[\"posthorn.ping\"]}");
      String secret = created.path("secret").asText();

      // The worker learns of the endpoint through the relay's endpoint feed: emit until it
      // delivers.
      Set<String> emitted = new HashSet<>();
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                emitted.add(emitPing(db));
                return receiver.count() > 0;
              });
      for (int i = 0; i < 20; i++) {
        emitted.add(emitPing(db));
      }
      await()
          .atMost(WAIT)
          .until(
              () ->
                  receiver.requests("/hooks").stream()
                          .map(r -> r.header("webhook-id"))
                          .filter(emitted::contains)
                          .distinct()
                          .count()
                      >= 21);
      for (ReceivedRequest r : receiver.requests("/hooks")) {
        new Webhook(secret).verify(r.bodyText(), r.headers());
      }

      assertThat(Metrics.scrape(server.output(), "posthorn server: metrics at "))
          .contains("component=\"server\"")
          .containsPattern("posthorn_relay_events_published_total\\{component=\"server\"} [1-9]")
          .contains("posthorn_worker", "jvm_memory_used_bytes");
      server.sigterm();
      assertThat(server.awaitExit(WAIT)).as(server.output()).isEqualTo(143);
      assertThat(server.output()).contains("relay slot_" + name + ": stopped");
    }
  }

  private String settings(String name) {
    String kafka = stack.kafka().bootstrapServers();
    String key = SigningSecretSeal.generateMasterKey();
    return String.join(
        "\n",
        "registry.database.url=" + stack.postgres().jdbcUrl(name),
        "registry.database.user=postgres",
        "registry.database.password=",
        "registry.http.host=127.0.0.1",
        "registry.http.port=0",
        "registry.secret-key=" + key,
        "registry.admin-key=" + ADMIN,
        "registry.kafka.bootstrap-servers=" + kafka,
        "registry.topic.events=" + name + ".events",
        "registry.topic.attempts=" + name + ".attempts",
        "registry.topic.redeliveries=" + name + ".redeliveries",
        "registry.attempts.group-id=" + name + "-registry",
        "registry.network.allow-http=true",
        "registry.network.allow-private=true",
        "worker.kafka.bootstrap-servers=" + kafka,
        "worker.secret-key=" + key,
        "worker.group-id=" + name + "-workers",
        "worker.topic.events=" + name + ".events",
        "worker.topic.endpoints=" + name + ".endpoints",
        "worker.topic.attempts=" + name + ".attempts",
        "worker.topic.retry-prefix=" + name + ".retry.",
        "worker.topic.dlq=" + name + ".dlq",
        "worker.topic.redeliveries=" + name + ".redeliveries",
        "worker.topic.invalid=" + name + ".invalid",
        "worker.topic.partitions=3",
        "worker.topic.replication-factor=1",
        "worker.network.allow-private=true",
        "relay.database.url=" + stack.postgres().jdbcUrl(name),
        "relay.database.user=postgres",
        "relay.database.password=",
        "relay.kafka.bootstrap-servers=" + kafka,
        "relay.slot=slot_" + name,
        "relay.topic.events=" + name + ".events",
        "relay.topic.invalid=" + name + ".invalid",
        "relay.topic.offsets=" + name + ".offsets",
        "relay.topic.partitions=3",
        "relay.topic.replication-factor=1",
        "relay.capture.endpoint-feed=true",
        "relay.topic.endpoints=" + name + ".endpoints",
        "metrics.port=0",
        "");
  }

  private static String line(RelayProcess process, String prefix) {
    return process
        .output()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .substring(prefix.length())
        .strip();
  }

  private static JsonNode call(String api, String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 299);
    return new ObjectMapper().readTree(r.body());
  }

  private static String emitPing(DataSource db) throws Exception {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      String id =
          Outbox.create(OutboxConfig.defaults(), Clock.systemUTC())
              .emit(
                  c,
                  OutboxEvent.of("posthorn.ping", "Ping", "ping", "{\"message\": \"server\"}")
                      .withTenant("acme")
                      .withId(UUID.randomUUID()))
              .id()
              .toString();
      c.commit();
      return id;
    }
  }
}
