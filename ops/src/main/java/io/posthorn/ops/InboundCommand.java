package io.posthorn.ops;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.inbound.InboundConfig;
import io.posthorn.inbound.InboundGateway;
import io.posthorn.inbound.InboundListener;
import io.posthorn.inbound.InboundSettings;
import io.posthorn.schema.catalog.CatalogSettings;
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

/** {@code posthorn inbound --config FILE}: the inbound gateway, until SIGTERM. */
@Command(
    name = "inbound",
    mixinStandardHelpOptions = true,
    description =
        "Runs the inbound gateway: providers' webhooks on /in/{connectionId}, verified and written"
            + " to the outbox of the registry's database, where a relay carries them to subscribers."
            + " Connections are managed with the registry's /v1/connections. SIGTERM stops it.",
    footer = {
      "%nEvery key of the file (see ops/config/inbound.properties) can be overridden by an",
      "environment variable: inbound.secret-key -> POSTHORN_INBOUND_SECRET_KEY. metrics.port serves",
      "the gateway's meters at /metrics and the probes /healthz and /readyz.",
      "%nExamples:",
      "  posthorn inbound --config ops/config/inbound.properties",
      "  posthorn inbound --config inbound.properties --check"
    })
final class InboundCommand implements Callable<Integer> {
  private static final List<ConfigDef> DEFINITIONS =
      List.of(InboundSettings.DEFINITION, CatalogSettings.DEFINITION, MetricsEndpoint.DEFINITION);

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The gateway's settings file.")
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
    InboundConfig inboundConfig = InboundSettings.parse(file);
    PrintWriter out = spec.commandLine().getOut();
    if (check) {
      file.parse(MetricsEndpoint.DEFINITION, "metrics.");
      out.println("inbound settings are valid: " + inboundConfig);
      CommandSettings.print(out, file, DEFINITIONS);
      out.flush();
      return 0;
    }
    Optional<MetricsEndpoint> metrics = MetricsEndpoint.start(file, "inbound");
    InboundGateway gateway =
        InboundGateway.create(
            inboundConfig,
            Clock.systemUTC(),
            metrics.map(MetricsEndpoint::registry).orElseGet(SimpleMeterRegistry::new),
            InboundListener.NONE);
    CountDownLatch stopped = new CountDownLatch(1);
    Supervisor supervisor = new Supervisor("the inbound gateway", gateway::health, System::exit);
    ProcessShutdown.install(
        "the inbound gateway",
        Duration.ofSeconds(30),
        () -> {
          supervisor.close();
          gateway.close();
          metrics.ifPresent(MetricsEndpoint::close);
          stopped.countDown();
        });
    gateway.start();
    supervisor.start();
    metrics.ifPresent(
        m -> {
          m.health(gateway::health);
          out.println("posthorn inbound: metrics at " + m.url());
        });
    out.println("posthorn inbound: connection URLs at " + gateway.url() + "/in/{connectionId}");
    out.flush();
    stopped.await();
    return 0;
  }
}
