package io.posthorn.ops;

import io.posthorn.ops.trace.Tracing;
import io.posthorn.relay.EngineRestart;
import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayListener;
import io.posthorn.relay.RelayMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code posthorn relay --config <file>}: the outbox relay as a process of its own. Settings come
 * from the file, each overridable by an environment variable ({@link ConfigFile}); the keys are
 * listed in outbox-relay/README.md and ops/config/relay.example.properties.
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
      "%nKeys: outbox-relay/README.md; example: ops/config/relay.example.properties."
    })
final class RelayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The relay's settings (Java properties).")
  Path config;

  @Option(
      names = "--check",
      description = "Validate the settings, print them (without the password) and exit.")
  boolean check;

  @Override
  public Integer call() throws InterruptedException {
    ConfigFile file = ConfigFile.load(config, System.getenv());
    RelayConfig relayConfig = relayConfig(file);
    PrintWriter out = spec.commandLine().getOut();
    if (check) {
      out.println("relay settings are valid: " + relayConfig);
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

  /** The relay's settings from a config file; every key is documented in outbox-relay/README.md. */
  static RelayConfig relayConfig(ConfigFile f) {
    RelayConfig.Builder b =
        RelayConfig.builder(
            f.required("relay.database.url"),
            f.required("relay.database.user"),
            f.required("relay.database.password"),
            f.required("relay.kafka.bootstrap-servers"));
    f.string("relay.slot").ifPresent(b::slotName);
    f.string("relay.publication").ifPresent(b::publicationName);
    f.string("relay.topic.events").ifPresent(b::eventsTopic);
    f.string("relay.topic.invalid").ifPresent(b::invalidTopic);
    f.string("relay.topic.offsets").ifPresent(b::offsetsTopic);
    f.integer("relay.topic.partitions").ifPresent(b::topicPartitions);
    f.integer("relay.topic.replication-factor")
        .ifPresent(
            v -> {
              if (v < 1 || v > Short.MAX_VALUE) {
                throw new IllegalArgumentException(
                    "relay.topic.replication-factor must be between 1 and 32767, got " + v);
              }
              b.topicReplicationFactor(v.shortValue());
            });
    f.duration("relay.poll-interval").ifPresent(b::pollInterval);
    f.integer("relay.batch-size").ifPresent(b::maxBatchSize);
    f.integer("relay.max-unacked-batches").ifPresent(b::maxUnackedBatches);
    f.duration("relay.offset-flush-interval").ifPresent(b::offsetFlushInterval);
    f.duration("relay.heartbeat-interval").ifPresent(b::heartbeatInterval);
    f.duration("relay.watchdog-timeout").ifPresent(b::watchdogTimeout);
    f.duration("relay.standby-check-interval").ifPresent(b::standbyCheckInterval);
    f.duration("relay.shutdown-timeout").ifPresent(b::shutdownTimeout);
    f.bool("relay.capture.endpoint-feed").ifPresent(b::captureEndpointFeed);
    f.string("relay.topic.endpoints").ifPresent(b::endpointsTopic);
    f.bool("relay.topic.create").ifPresent(b::topicCreate);
    f.integer("relay.max-restarts-without-progress").ifPresent(b::maxRestartsWithoutProgress);
    f.rejectUnknown("relay.");
    return b.build();
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
