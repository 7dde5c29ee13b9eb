package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.posthorn.delivery.DeliveryListener;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.TopicReader;
import io.posthorn.e2e.oncall.Cli;
import io.posthorn.ops.LocalPipeline;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code posthorn listen} as a real process next to a running pipeline, with and without the
 * registry.
 */
class ListenIT {
  private static final Pattern ENDPOINT = Pattern.compile("as endpoint (\\S+) \\(");
  private static final Pattern SECRET = Pattern.compile("signing secret (whsec_\\S+)");
  private static final String ADMIN = "phk_e2e_listen_admin_key_0123456789abcdefghij";

  @Test
  void throughTheRegistry_showsAVerifiedDelivery_forwardsItUnchanged_andDeletesItsEndpointOnExit()
      throws Exception {
    try (LocalPipeline pipeline =
            LocalPipeline.on(DevStack.shared())
                .isolated("listen")
                .withRegistry(r -> r.adminKey(ADMIN))
                .build()
                .start();
        RecordingReceiver app = RecordingReceiver.start();
        Cli.Child listen =
            new Cli.Child(
                "listen",
                "--registry",
                pipeline.registryUrl().toString(),
                "--api-key",
                ADMIN,
                "--types",
                "user.*",
                "--forward-to",
                app.url("/hooks").toString())) {
      String endpointId = receiveOne(listen, app, () -> emitUserCreated(pipeline.db()));

      stop(listen, endpointId);
      HttpResponse<String> gone =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          pipeline.registryUrl().resolve("/v1/endpoints/" + endpointId))
                      .header("Authorization", "Bearer " + ADMIN)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(gone.statusCode()).isEqualTo(404);
      assertThat(listen.lines()).noneMatch(l -> l.contains(ADMIN));
    }
  }

  @Test
  void withoutARegistry_writesItsEndpointToTheTopicAndTheTombstoneOnExit() throws Exception {
    try (Pipeline pipeline =
            new Pipeline(List.of(), UnaryOperator.identity())
                .startRelay()
                .startWorker(DeliveryListener.NONE);
        RecordingReceiver app = RecordingReceiver.start();
        Cli.Child listen =
            new Cli.Child(
                "listen",
                "--bootstrap",
                DevStack.shared().kafka().bootstrapServers(),
                "--secret-key",
                pipeline.masterKey,
                "--endpoints-topic",
                pipeline.workerConfig.endpointsTopic(),
                "--types",
                "user.*",
                "--forward-to",
                app.url("/hooks").toString())) {
      String endpointId =
          receiveOne(listen, app, () -> pipeline.emit(1, 1)); // event 0 is a user.created

      stop(listen, endpointId);
      try (TopicReader endpoints =
          new TopicReader(
              DevStack.shared().kafka().bootstrapServers(),
              pipeline.workerConfig.endpointsTopic())) {
        var records =
            endpoints.readUntil(
                rs -> rs.stream().anyMatch(r -> r.value() == null), Duration.ofSeconds(30));
        assertThat(records)
            .filteredOn(r -> r.value() == null)
            .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
            .containsExactly(endpointId);
      }
    }
  }

  interface Emitter {
    void emit() throws Exception;
  }

  /**
   * Waits for listen to register, emits until a delivery is forwarded, checks its line and the
   * forwarded request.
   */
  private static String receiveOne(Cli.Child listen, RecordingReceiver app, Emitter emitter)
      throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                listen.lines().stream().anyMatch(l -> l.startsWith("Ctrl-C"))
                    || !listen.process.isAlive());
    String endpointId = find(listen.lines(), ENDPOINT);
    String secret = find(listen.lines(), SECRET);
    // The worker sees the new endpoint within a second or so: emit until one arrives.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              if (app.count() == 0) {
                emitter.emit();
              }
              return app.count() > 0
                  && listen.lines().stream()
                      .anyMatch(
                          l ->
                              l.contains(" -> ")
                                  && l.contains(app.requests().get(0).header("webhook-id")));
            });
    ReceivedRequest forwarded = app.requests().get(0);
    String line =
        listen.lines().stream()
            .filter(l -> l.contains(forwarded.header("webhook-id")))
            .findFirst()
            .orElseThrow();

    assertThat(line)
        .matches(
            ".*user\\.created +"
                + forwarded.header("webhook-id")
                + "  attempt 1  latency \\d+ (ms|s)  signature ok  -> "
                + Pattern.quote(app.url("/hooks").toString())
                + " 200");
    new Webhook(secret).verify(forwarded.bodyText(), forwarded.headers());
    assertThat(forwarded.header("posthorn-event-type")).isEqualTo("user.created");
    assertThat(forwarded.bodyText()).contains("\"eventType\":\"user.created\"");
    return endpointId;
  }

  private static void stop(Cli.Child listen, String endpointId) throws InterruptedException {
    listen.process.destroy(); // SIGTERM, like Ctrl-C
    assertThat(listen.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(listen.lines()).contains("removed endpoint " + endpointId);
  }

  private static void emitUserCreated(DataSource db) throws Exception {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      Pipeline.OUTBOX.emit(c, Pipeline.event(0));
      c.commit();
    }
  }

  private static String find(List<String> lines, Pattern p) {
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no line matches " + p + " in " + lines);
  }
}
