package io.posthorn.ops.listen;

import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.ops.KafkaOptions;
import io.posthorn.ops.OpsException;
import io.posthorn.ops.ProcessShutdown;
import io.posthorn.schema.Topics;
import io.posthorn.schema.signature.VerificationKey;
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
    description =
        "Starts a local receiver, registers a temporary endpoint for it (through the registry, or on a"
            + " stack without one straight to the endpoints topic), verifies the"
            + " signature of every delivery, prints one line each (time, type, id, attempt, latency) and, with"
            + " --forward-to, passes it on unchanged to your app and answers the worker with your app's status."
            + " Ctrl-C removes the endpoint and exits.",
    footer = {
      "%nOn the dev stack: run `posthorn dev --print-env` and export the lines it prints",
      "(POSTHORN_REGISTRY_URL and POSTHORN_REGISTRY_KEY). The registry must allow http and",
      "loopback URLs for the key's tenant, as the dev stack's does.",
      "%nExamples:",
      "  posthorn listen",
      "  posthorn listen --forward-to http://localhost:3000/webhooks --types 'order.*'",
      "  posthorn listen --tenant acme --port 4040",
      "  posthorn listen --secret-key \"$KEY\" --bootstrap localhost:9092   # no registry",
      "%nExit codes:",
      "  130  stopped by Ctrl-C (143: SIGTERM) after removing the endpoint",
      "  1    could not start: registry or Kafka unreachable, key refused, port taken",
      "  2    bad usage"
    })
public final class ListenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--forward-to",
      paramLabel = "URL",
      description = "Also POST each delivery, unchanged, here.")
  URI forwardTo;

  @Option(
      names = "--types",
      paramLabel = "GLOB",
      split = ",",
      defaultValue = "*",
      description =
          "Event types to receive, comma-separated: *, order.*, user.created (default: ${DEFAULT-VALUE}).")
  List<String> types;

  @Option(
      names = "--tenant",
      paramLabel = "ID",
      description = "Receive only this tenant's events (default: all).")
  String tenant;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The local receiver's port (default: a free one).")
  int port;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      defaultValue = "${env:POSTHORN_REGISTRY_URL}",
      description = "The endpoint registry's API (default: $POSTHORN_REGISTRY_URL).")
  URI registry;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${env:POSTHORN_REGISTRY_KEY}",
      description =
          "A registry API key (default: $POSTHORN_REGISTRY_KEY; prefer the variable: keys on the command"
              + " line end up in shell history).")
  String apiKey;

  @Option(
      names = "--secret-key",
      paramLabel = "BASE64",
      description =
          "Without a registry: the workers' master key (worker.secret-key). The endpoint is then"
              + " written straight to --endpoints-topic on --bootstrap.")
  String secretKey;

  @Option(
      names = "--endpoints-topic",
      paramLabel = "TOPIC",
      defaultValue = Topics.ENDPOINTS,
      description = "The workers' endpoints topic (default: ${DEFAULT-VALUE}).")
  String endpointsTopic;

  @Override
  public Integer call() throws InterruptedException {
    EndpointRegistrar.TemporaryEndpoint wanted = wanted();
    EndpointRegistrar registrar = registrar();
    PrintWriter out = spec.commandLine().getOut();
    RecordingReceiver receiver = startReceiver();
    EndpointRegistrar.Registered registered;
    try {
      registered =
          registrar.register(
              new EndpointRegistrar.TemporaryEndpoint(
                  wanted.endpointId(), receiver.url("/"), wanted.eventTypes(), wanted.tenantId()));
    } catch (RuntimeException e) {
      receiver.close();
      registrar.close();
      throw e instanceof OpsException
          ? e
          : new OpsException(
              "registering endpoint " + wanted.endpointId() + ": " + e.getMessage(), e);
    }
    DeliveryLog log =
        new DeliveryLog(
            VerificationKey.parse(registered.secret()),
            forwardTo == null ? null : new Forwarder(forwardTo),
            out,
            Clock.systemUTC());
    receiver.respond(log::handle);
    CountDownLatch stopped = new CountDownLatch(1);
    ProcessShutdown.install(
        "listen",
        Duration.ofSeconds(15),
        () -> {
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
    out.println(
        "listening on "
            + receiver.url("/")
            + " as endpoint "
            + registered.endpointId()
            + " (types "
            + String.join(",", wanted.eventTypes())
            + (tenant == null ? "" : ", tenant " + tenant)
            + ")");
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
      throw new ParameterException(
          spec.commandLine(), "--port must be 1-65535, or 0 for a free one");
    }
    if (forwardTo != null
        && (forwardTo.getHost() == null
            || !("http".equals(forwardTo.getScheme()) || "https".equals(forwardTo.getScheme())))) {
      throw new ParameterException(
          spec.commandLine(), "--forward-to must be an http:// or https:// URL, got " + forwardTo);
    }
    for (String type : types) {
      if (!type.matches("\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?")) {
        throw new ParameterException(
            spec.commandLine(), "--types '" + type + "' is not an event type, prefix.* or *");
      }
    }
    String id = "listen-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    return new EndpointRegistrar.TemporaryEndpoint(id, null, List.copyOf(types), tenant);
  }

  /** The registry when one is given, else the endpoints topic with the master key. */
  private EndpointRegistrar registrar() {
    if (registry != null) {
      if (registry.getHost() == null || !registry.getScheme().matches("https?")) {
        throw new ParameterException(
            spec.commandLine(), "--registry must be an http(s):// URL, got " + registry);
      }
      if (apiKey == null || apiKey.isBlank()) {
        throw new ParameterException(
            spec.commandLine(),
            "--api-key is required with --registry (or set" + " POSTHORN_REGISTRY_KEY)");
      }
      return new RegistryRegistrar(registry, apiKey.strip(), kafka.timeout());
    }
    if (secretKey == null || secretKey.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "give --registry and --api-key (or POSTHORN_REGISTRY_URL and"
              + " POSTHORN_REGISTRY_KEY, which `posthorn dev --print-env` prints), or --secret-key for a stack without"
              + " a registry");
    }
    SigningSecretSeal seal;
    try {
      seal = SigningSecretSeal.fromBase64(secretKey);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--secret-key: " + e.getMessage());
    }
    kafka.requireTopic(endpointsTopic, "the endpoints topic");
    return new TopicRegistrar(kafka.bootstrap(), endpointsTopic, seal);
  }

  private RecordingReceiver startReceiver() {
    try {
      RecordingReceiver receiver = RecordingReceiver.start(port);
      receiver.keepRequests(false);
      return receiver;
    } catch (RuntimeException e) {
      throw new OpsException(
          "cannot listen on port "
              + port
              + ": "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
    }
  }
}
