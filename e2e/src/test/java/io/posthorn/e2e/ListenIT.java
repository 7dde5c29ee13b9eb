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
import io.posthorn.schema.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code posthorn listen} as a real process against a running pipeline. */
class ListenIT {
  private static final Pattern ENDPOINT = Pattern.compile("as endpoint (listen-[0-9a-f]+)");
  private static final Pattern SECRET = Pattern.compile("signing secret (whsec_\\S+)");

  @Test
  void showsAVerifiedDeliveryFromTheStack_forwardsItUnchanged_andRemovesItsEndpointOnExit() throws Exception {
    try (Pipeline pipeline = new Pipeline(List.of(), UnaryOperator.identity()).startRelay()
            .startWorker(DeliveryListener.NONE);
        RecordingReceiver app = RecordingReceiver.start();
        Cli.Child listen = new Cli.Child("listen", "--bootstrap", DevStack.shared().kafka().bootstrapServers(),
            "--secret-key", pipeline.masterKey, "--endpoints-topic", pipeline.workerConfig.endpointsTopic(),
            "--types", "user.*", "--forward-to", app.url("/hooks").toString())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> listen.lines().stream().anyMatch(l -> l.startsWith("Ctrl-C"))
          || !listen.process.isAlive());
      String endpointId = find(listen.lines(), ENDPOINT);
      String secret = find(listen.lines(), SECRET);

      // The worker picks the endpoint up within a second or so: emit until one arrives.
      Envelope[] emitted = new Envelope[1];
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        if (app.count() == 0) {
          emitted[0] = pipeline.emit(1, 1).get(0); // event 0 of the pipeline's sequence: user.created
        }
        return app.count() > 0 && listen.lines().stream()
            .anyMatch(l -> l.contains(" -> ") && l.contains(app.requests().get(0).header("webhook-id")));
      });
      ReceivedRequest forwarded = app.requests().get(0);
      String line = listen.lines().stream().filter(l -> l.contains(forwarded.header("webhook-id"))).findFirst()
          .orElseThrow();

      assertThat(line).matches(".*user\\.created +" + forwarded.header("webhook-id")
          + "  attempt 1  latency \\d+ (ms|s)  signature ok  -> " + Pattern.quote(app.url("/hooks").toString()) + " 200");
      new Webhook(secret).verify(forwarded.bodyText(), forwarded.headers());
      assertThat(forwarded.header("posthorn-event-type")).isEqualTo("user.created");
      assertThat(forwarded.bodyText()).contains("\"eventType\":\"user.created\"");
      assertThat(emitted[0]).isNotNull();

      listen.process.destroy(); // SIGTERM, like Ctrl-C
      assertThat(listen.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(listen.lines()).contains("removed endpoint " + endpointId);
      try (TopicReader endpoints = new TopicReader(DevStack.shared().kafka().bootstrapServers(),
          pipeline.workerConfig.endpointsTopic())) {
        var records = endpoints.readUntil(rs -> rs.stream().anyMatch(r -> r.value() == null), Duration.ofSeconds(30));
        assertThat(records).filteredOn(r -> r.value() == null)
            .extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly(endpointId);
      }
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
