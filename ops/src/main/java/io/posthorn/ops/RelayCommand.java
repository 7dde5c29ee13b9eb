package io.posthorn.ops;

import io.posthorn.ops.trace.Tracing;
import io.posthorn.relay.EngineRestart;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.relay.RelayMetrics;
import io.posthorn.relay.RelaySettings;
import io.posthorn.schema.catalog.CatalogSettings;
import io.posthorn.schema.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code posthorn relay --config <file>}: the outbox relay as a process of its own. Settings come
 * from the file, each overridable by an environment variable ({@link CommandSettings}); the keys
 * are defined by {@link RelaySettings} and listed in ops/config/relay.example.properties.
 */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description =
        "Runs the outbox relay: streams posthorn.outbox inserts from the WAL to Kafka. Start two or"
            + " more for one database: one streams, the others wait and take over. SIGTERM stops it cleanly;"
            + " a second SIGTERM, or relay.shutdown-timeout passing, forces the exit.",
    footer = {
      "%nAn environment variable overrides each key: POSTHORN_ + the key in upper case,",
      "'.' and '-' as '_' (e.g. POSTHORN_RELAY_DATABASE_PASSWORD).",
      "%nExamples:",
      "  posthorn relay --config relay.properties",
      "  posthorn relay --config relay.properties --check",
      "%nmetrics.port (and metrics.host) serve the relay's meters at /metrics and the probes /healthz and",
      "/readyz. A relay that fails (a lost slot, a missing topic it may not create, too many restarts",
      "without progress) logs why and exits with status 1.",
      "%nKeys, with their defaults: ops/config/relay.example.properties. An unknown key in the file,",
      "or an unknown POSTHORN_* variable, fails the start."
    })
final class RelayCommand implements Callable<Integer> {
  private static final List<ConfigDef> DEFINITIONS =
      List.of(RelaySettings.DEFINITION, CatalogSettings.DEFINITION, MetricsEndpoint.DEFINITION);

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The relay's settings (Java properties).")
  Path config;

  @Option(
      names = "--check",
      description =
          "Validate the settings, print every effective one with where it came from (file,"
              + " environment, default; secrets hidden) and exit.")
  boolean check;

  @Override
  public Integer call() throws InterruptedException {
    Settings file = CommandSettings.load(config, System.getenv(), DEFINITIONS);
    RelayConfig relayConfig = RelaySettings.parse(file);
    PrintWriter out = spec.commandLine().getOut();
    if (check) {
      file.parse(MetricsEndpoint.DEFINITION, "metrics.");
      out.println("relay settings are valid: " + relayConfig);
      CommandSettings.print(out, file, DEFINITIONS);
      out.flush();
      return 0;
    }
    Optional<MetricsEndpoint> metrics = MetricsEndpoint.start(file, "relay");
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<Throwable> error = new AtomicReference<>();
    RelayListener status =
        new StatusLines(
            out,
            relayConfig.slotName(),
            e -> {
              error.set(e);
              stopped.countDown();
            });
    Tracing tracing = Tracing.fromEnvironment(System.getenv(), "posthorn-relay");
    OutboxRelay relay =
        OutboxRelay.create(
            relayConfig,
            RelayListener.all(
                metrics
                    .map(m -> RelayListener.all(status, new RelayMetrics(m.registry())))
                    .orElse(status),
                tracing.relayListener()));
    metrics.ifPresent(m -> m.health(relay::health));
    Supervisor supervisor = new Supervisor("the relay", relay::health, System::exit);
    ProcessShutdown.install(
        "the relay",
        relayConfig.shutdownTimeout().plus(Duration.ofSeconds(10)),
        () -> {
          supervisor.close();
          relay.close();
          tracing.close();
          metrics.ifPresent(MetricsEndpoint::close);
        });
    relay.start();
    supervisor.start();
    metrics.ifPresent(
        m -> {
          out.println("posthorn relay: metrics at " + m.url());
          out.flush();
        });
    stopped.await();
    supervisor
        .check(); // a relay that stopped by itself is FAILED: logged and exit 1, as the poll would
    return error.get() == null ? 0 : Supervisor.EXIT_STATUS;
  }

  /** One line on stdout per change of the relay's state; the logs (stderr) have the details. */
  private record StatusLines(PrintWriter out, String slot, Consumer<Throwable> onStop)
      implements RelayListener {
    @Override
    public void standby(String holder) {
      say("standby (the slot is held by " + holder + ")");
    }

    @Override
    public void active() {
      say("active");
    }

    @Override
    public void streaming() {
      say("streaming");
    }

    @Override
    public void engineRestarting(EngineRestart why) {
      say("restarting its engine (" + why.reason() + ")");
    }

    @Override
    public void stopped(Throwable error) {
      say(error == null ? "stopped" : "stopped: " + error.getMessage());
      onStop.accept(error);
    }

    private void say(String what) {
      synchronized (out) {
        out.println("relay " + slot + ": " + what);
        out.flush();
      }
    }
  }
}
