package io.posthorn.ops.listen;

import io.posthorn.delivery.signing.SecretSeal;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.ops.KafkaOptions;
import io.posthorn.ops.OpsException;
import io.posthorn.ops.ProcessShutdown;
import io.posthorn.schema.Topics;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code posthorn listen}: real signed deliveries on a developer's machine. */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = "Starts a local receiver, registers a temporary endpoint for it on the dev stack, verifies the"
        + " signature of every delivery, prints one line each (time, type, id, attempt, latency) and, with"
        + " --forward-to, passes it on unchanged to your app and answers the worker with your app's status."
        + " Ctrl-C removes the endpoint and exits.",
    footer = {
      "%nOn the dev stack: run `posthorn dev --print-env` and export the lines it prints (the bootstrap",
      "servers and the workers' master key, which seals the endpoint's secret). A registry-backed",
      "registration comes with the endpoint registry (issue 7).",
      "%nExamples:",
      "  posthorn listen",
      "  posthorn listen --forward-to http://localhost:3000/webhooks --types 'order.*'",
      "  posthorn listen --tenant acme --port 4040",
      "%nExit codes:",
      "  130  stopped by Ctrl-C (143: SIGTERM) after removing the endpoint",
      "  1    could not start: Kafka unreachable, no endpoints topic, port taken",
      "  2    bad usage"
    })
public final class ListenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--forward-to", paramLabel = "URL", description = "Also POST each delivery, unchanged, here.")
  URI forwardTo;

  @Option(names = "--types", paramLabel = "GLOB", split = ",", defaultValue = "*",
      description = "Event types to receive, comma-separated: *, order.*, user.created (default: ${DEFAULT-VALUE}).")
  List<String> types;

  @Option(names = "--tenant", paramLabel = "ID", description = "Receive only this tenant's events (default: all).")
  String tenant;

  @Option(names = "--port", paramLabel = "PORT", description = "The local receiver's port (default: a free one).")
  int port;

  @Option(names = "--secret-key", paramLabel = "BASE64", defaultValue = "${env:POSTHORN_WORKER_SECRET_KEY}",
      description = "The workers' master key, to seal the endpoint's secret (default: $POSTHORN_WORKER_SECRET_KEY,"
          + " which `posthorn dev --print-env` prints).")
  String secretKey;

  @Option(names = "--endpoints-topic", paramLabel = "TOPIC", defaultValue = Topics.ENDPOINTS,
      description = "The workers' endpoints topic (default: ${DEFAULT-VALUE}).")
  String endpointsTopic;

  @Override
  public Integer call() throws InterruptedException {
    EndpointRegistrar.TemporaryEndpoint wanted = wanted();
    SecretSeal seal = seal();
    kafka.requireTopic(endpointsTopic, "the endpoints topic");
    PrintWriter out = spec.commandLine().getOut();
    RecordingReceiver receiver = startReceiver();
    EndpointRegistrar registrar = new TopicRegistrar(kafka.bootstrap(), endpointsTopic, seal);
    EndpointRegistrar.Registered registered;
    try {
      registered = registrar.register(new EndpointRegistrar.TemporaryEndpoint(wanted.endpointId(),
          receiver.url("/"), wanted.eventTypes(), wanted.tenantId()));
    } catch (RuntimeException e) {
      receiver.close();
      registrar.close();
      throw new OpsException("registering endpoint " + wanted.endpointId() + ": " + e.getMessage(), e);
    }
    DeliveryLog log = new DeliveryLog(SigningSecret.parse(registered.secret()),
        forwardTo == null ? null : new Forwarder(forwardTo), out, Clock.systemUTC());
    receiver.respond(log::handle);
    CountDownLatch stopped = new CountDownLatch(1);
    ProcessShutdown.install("listen", Duration.ofSeconds(15), () -> {
      try {
        registrar.remove(registered.endpointId());
        out.println("removed endpoint " + registered.endpointId());
      } finally {
        registrar.close();
        receiver.close();
        out.flush();
        stopped.countDown();
      }
    });
    out.println("listening on " + receiver.url("/") + " as endpoint " + registered.endpointId() + " (types "
        + String.join(",", wanted.eventTypes()) + (tenant == null ? "" : ", tenant " + tenant) + ")");
    out.println("signing secret " + registered.secret() + "  (for your app's own verification)");
    if (forwardTo != null) {
      out.println("forwarding to " + forwardTo);
    }
    out.println("Ctrl-C removes the endpoint and stops.");
    out.flush();
    stopped.await();
    return 0;
  }

  private EndpointRegistrar.TemporaryEndpoint wanted() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 1-65535, or 0 for a free one");
    }
    if (forwardTo != null && (forwardTo.getHost() == null
        || !("http".equals(forwardTo.getScheme()) || "https".equals(forwardTo.getScheme())))) {
      throw new ParameterException(spec.commandLine(), "--forward-to must be an http:// or https:// URL, got "
          + forwardTo);
    }
    for (String type : types) {
      if (!type.matches("\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?")) {
        throw new ParameterException(spec.commandLine(), "--types '" + type + "' is not an event type, prefix.* or *");
      }
    }
    String id = "listen-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    return new EndpointRegistrar.TemporaryEndpoint(id, null, List.copyOf(types), tenant);
  }

  private SecretSeal seal() {
    if (secretKey == null || secretKey.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--secret-key is required (or set POSTHORN_WORKER_SECRET_KEY;"
          + " `posthorn dev --print-env` prints it)");
    }
    try {
      return SecretSeal.fromBase64(secretKey);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--secret-key: " + e.getMessage());
    }
  }

  private RecordingReceiver startReceiver() {
    try {
      RecordingReceiver receiver = RecordingReceiver.start(port);
      receiver.keepRequests(false);
      return receiver;
    } catch (RuntimeException e) {
      throw new OpsException("cannot listen on port " + port + ": " + (e.getCause() == null ? e.getMessage()
          : e.getCause().getMessage()));
    }
  }
}
