package io.posthorn.ops;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.ops.trace.Tracing;
import io.posthorn.schema.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code posthorn worker --config FILE}: one delivery worker, until SIGTERM. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Runs a delivery worker: consumes events and POSTs them, signed, to the endpoints on the"
            + " endpoints topic. Start several with the same worker.group-id to share the partitions. SIGTERM"
            + " drains deliveries on the wire, commits and exits.",
    footer = {
      "%nEvery key of the file (see ops/config/worker.properties) can be overridden by an environment",
      "variable: worker.secret-key -> POSTHORN_WORKER_SECRET_KEY. metrics.port (and metrics.host) serve the",
      "worker's meters to Prometheus at /metrics, and the probes /healthz and /readyz. If a consume loop",
      "dies, the worker logs why and exits with status 1. An unknown key in the file, or an unknown",
      "POSTHORN_* variable, fails the start.",
      "%nExamples:",
      "  posthorn worker --config ops/config/worker.properties",
      "  posthorn worker --config worker.properties --check",
      "  POSTHORN_WORKER_SECRET_KEY=$(cat /run/secrets/posthorn-key) posthorn worker --config worker.properties"
    })
final class WorkerCommand implements Callable<Integer> {
  private static final List<ConfigDef> DEFINITIONS =
      List.of(WorkerSettings.DEFINITION, MetricsEndpoint.DEFINITION);

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The worker's settings file.")
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
    WorkerConfig workerConfig = WorkerSettings.parse(file);
    PrintWriter out = spec.commandLine().getOut();
    if (check) {
      file.parse(MetricsEndpoint.DEFINITION, "metrics.");
      out.println(
          "worker settings are valid: consuming "
              + workerConfig.eventsTopic()
              + " as group "
              + workerConfig.groupId());
      CommandSettings.print(out, file, DEFINITIONS);
      out.flush();
      return 0;
    }
    Optional<MetricsEndpoint> metrics = MetricsEndpoint.start(file, "worker");
    Tracing tracing = Tracing.fromEnvironment(System.getenv(), "posthorn-worker");
    DeliveryWorker worker =
        DeliveryWorker.create(
            workerConfig,
            Clock.systemUTC(),
            tracing.deliveryListener(),
            metrics.map(MetricsEndpoint::registry).orElseGet(SimpleMeterRegistry::new));
    CountDownLatch stopped = new CountDownLatch(1);
    Supervisor supervisor = new Supervisor("the worker", worker::health, System::exit);
    ProcessShutdown.install(
        "worker",
        Duration.ofSeconds(45),
        () -> {
          supervisor.close();
          worker.close();
          tracing.close();
          metrics.ifPresent(MetricsEndpoint::close);
          stopped.countDown();
        });
    worker.start();
    supervisor.start();
    metrics.ifPresent(
        m -> {
          m.health(worker::health);
          out.println("posthorn worker: metrics at " + m.url());
        });
    out.println(
        "posthorn worker: consuming "
            + workerConfig.eventsTopic()
            + " as group "
            + workerConfig.groupId());
    out.flush();
    stopped.await();
    return 0;
  }
}
