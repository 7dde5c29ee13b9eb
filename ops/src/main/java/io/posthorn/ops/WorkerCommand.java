package io.posthorn.ops;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.ops.trace.Tracing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
      "dies, the worker logs why and exits with status 1.",
      "%nExamples:",
      "  posthorn worker --config ops/config/worker.properties",
      "  POSTHORN_WORKER_SECRET_KEY=$(cat /run/secrets/posthorn-key) posthorn worker --config worker.properties"
    })
final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The worker's settings file.")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    ConfigFile file = ConfigFile.load(config, System.getenv());
    WorkerConfig workerConfig = WorkerSettings.parse(file.values(WorkerSettings.KEYS));
    file.rejectUnknown("worker.");
    PrintWriter out = spec.commandLine().getOut();
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
