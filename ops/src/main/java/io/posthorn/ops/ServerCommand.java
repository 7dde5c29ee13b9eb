package io.posthorn.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.inbound.InboundConfig;
import io.posthorn.inbound.InboundGateway;
import io.posthorn.inbound.InboundListener;
import io.posthorn.inbound.InboundSettings;
import io.posthorn.ops.trace.Tracing;
import io.posthorn.registry.EndpointRegistry;
import io.posthorn.registry.RegistryConfig;
import io.posthorn.registry.RegistrySettings;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.relay.RelayMetrics;
import io.posthorn.relay.RelaySettings;
import io.posthorn.schema.config.Settings;
import io.posthorn.schema.health.Health;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code posthorn server --config FILE}: the registry, a delivery worker and the outbox relay in
 * one JVM (and the inbound gateway when the file sets {@code inbound.database.url}), for small
 * deployments (docs/decisions/0026). One file holds the {@code registry.*}, {@code worker.*} and
 * {@code relay.*} keys of the three commands, parsed by the same code, and one {@code metrics.port}
 * serves all their meters (tagged {@code component="server"}). The components stay what they are in
 * their own processes; only their wiring is shared.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description =
        "Runs the registry, a delivery worker and the outbox relay in one process against an external"
            + " PostgreSQL and Kafka. SIGTERM stops the relay, drains the worker, then stops the registry.",
    footer = {
      "%nThe file holds the keys of `posthorn registry`, `posthorn worker` and `posthorn relay` (see",
      "ops/config/server.properties); each can be overridden by an environment variable, e.g.",
      "worker.secret-key -> POSTHORN_WORKER_SECRET_KEY. metrics.port serves every component's meters.",
      "An unknown key in the file, or an unknown POSTHORN_* variable, fails the start.",
      "%nExamples:",
      "  posthorn server --config ops/config/server.properties",
      "  posthorn server --config server.properties --check"
    })
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The settings of all three.")
  Path config;

  @Option(
      names = "--check",
      description =
          "Validate the settings, print every effective one with where it came from (file,"
              + " environment, default; secrets hidden) and exit.")
  boolean check;

  @Override
  public Integer call() throws InterruptedException {
    Settings file = CommandSettings.load(config, System.getenv(), CommandSettings.ALL);
    RegistryConfig registryConfig = RegistrySettings.parse(file);
    WorkerConfig workerConfig = WorkerSettings.parse(file);
    RelayConfig relayConfig = RelaySettings.parse(file);
    // The inbound gateway runs too when the file configures it (docs/inbound.md).
    Optional<InboundConfig> inboundConfig =
        file.value("inbound.database.url").map(url -> InboundSettings.parse(file));
    PrintWriter out = spec.commandLine().getOut();
    if (check) {
      file.parse(MetricsEndpoint.DEFINITION, "metrics.");
      out.println("registry settings are valid: " + registryConfig);
      out.println(
          "worker settings are valid: consuming "
              + workerConfig.eventsTopic()
              + " as group "
              + workerConfig.groupId());
      out.println("relay settings are valid: " + relayConfig);
      inboundConfig.ifPresent(c -> out.println("inbound settings are valid: " + c));
      CommandSettings.print(out, file, CommandSettings.ALL);
      out.flush();
      return 0;
    }
    Optional<MetricsEndpoint> metrics = MetricsEndpoint.start(file, "server");
    MeterRegistry meters =
        metrics.map(MetricsEndpoint::registry).orElseGet(SimpleMeterRegistry::new);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<Throwable> error = new AtomicReference<>();
    RelayListener status =
        new RelayLines(
            out,
            relayConfig.slotName(),
            e -> {
              error.set(e);
              stopped.countDown();
            });
    Tracing tracing = Tracing.fromEnvironment(System.getenv(), "posthorn-server");
    EndpointRegistry registry =
        EndpointRegistry.create(
            registryConfig, Clock.systemUTC(), meters, tracing.registryListener());
    DeliveryWorker worker =
        DeliveryWorker.create(workerConfig, Clock.systemUTC(), tracing.deliveryListener(), meters);
    OutboxRelay relay =
        OutboxRelay.create(
            relayConfig,
            RelayListener.all(status, new RelayMetrics(meters), tracing.relayListener()));
    Optional<InboundGateway> inbound =
        inboundConfig.map(
            c -> InboundGateway.create(c, Clock.systemUTC(), meters, InboundListener.NONE));
    // One health for the probes and the supervisor: the worst of them, naming which one.
    Supplier<Health> health =
        () ->
            named("registry", registry.health())
                .and(named("worker", worker.health()))
                .and(named("relay", relay.health()))
                .and(inbound.map(g -> named("inbound", g.health())).orElse(Health.ready()));
    Supervisor supervisor = new Supervisor("the server", health, System::exit);
    // The relay stops first (nothing new is published), the worker drains what it holds, the
    // registry (which reads the worker's attempts) goes last.
    ProcessShutdown.install(
        "the server",
        relayConfig.shutdownTimeout().plus(Duration.ofSeconds(45)),
        () -> {
          supervisor.close();
          inbound.ifPresent(InboundGateway::close);
          relay.close();
          worker.close();
          registry.close();
          tracing.close();
          metrics.ifPresent(MetricsEndpoint::close);
          stopped.countDown();
        });
    // The registry first: its migrations create the endpoint feed a relay may capture. Then the
    // relay,
    // which creates the topics (the endpoints topic among them) the worker's start waits to load.
    registry.start();
    say(out, "posthorn server: registry API at " + registry.url() + "/v1");
    inbound.ifPresent(
        g -> {
          g.start();
          say(out, "posthorn server: connection URLs at " + g.url() + "/in/{connectionId}");
        });
    relay.start();
    awaitRelay(relay, workerConfig.startupTimeout());
    worker.start();
    say(
        out,
        "posthorn server: consuming "
            + workerConfig.eventsTopic()
            + " as group "
            + workerConfig.groupId());
    supervisor.start();
    metrics.ifPresent(
        m -> {
          m.health(health);
          say(out, "posthorn server: metrics at " + m.url());
        });
    stopped.await();
    supervisor
        .check(); // a relay that stopped by itself is FAILED: logged and exit 1, as the poll would
    return error.get() == null ? 0 : Supervisor.EXIT_STATUS;
  }

  /** Until the relay streams (or stands by behind another); a relay that failed fails the start. */
  private static void awaitRelay(OutboxRelay relay, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!relay.health().isReady()) {
      if (relay.health().isFailed()) {
        throw new IllegalStateException("the relay failed to start: " + relay.health().detail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the relay did not start within " + timeout + ": " + relay.health().detail());
      }
      Thread.sleep(100);
    }
  }

  private static Health named(String component, Health h) {
    return h.isReady() ? h : new Health(h.status(), component + ": " + h.detail());
  }

  private static void say(PrintWriter out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** The relay's state changes on stdout, as `posthorn relay` prints them. */
  private record RelayLines(PrintWriter out, String slot, Consumer<Throwable> onStop)
      implements RelayListener {
    @Override
    public void standby(String holder) {
      say(out, "relay " + slot + ": standby (the slot is held by " + holder + ")");
    }

    @Override
    public void streaming() {
      say(out, "relay " + slot + ": streaming");
    }

    @Override
    public void stopped(Throwable error) {
      say(
          out,
          "relay " + slot + ": " + (error == null ? "stopped" : "stopped: " + error.getMessage()));
      onStop.accept(error);
    }
  }
}
