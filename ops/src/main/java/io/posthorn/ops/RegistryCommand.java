package io.posthorn.ops;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.ops.trace.Tracing;
import io.posthorn.registry.EndpointRegistry;
import io.posthorn.registry.RegistryConfig;
import io.posthorn.registry.RegistrySettings;
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

/**
 * {@code posthorn registry --config FILE}: the endpoint registry and its admin API, until SIGTERM.
 */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description =
        "Runs the endpoint registry: the admin REST API under /v1 (endpoints, secrets, API keys,"
            + " attempts, redeliveries) on PostgreSQL. Endpoint changes reach the workers through a relay with"
            + " relay.capture.endpoint-feed=true on the same database. SIGTERM stops it.",
    footer = {
      "%nEvery key of the file (see ops/config/registry.properties) can be overridden by an environment",
      "variable: registry.secret-key -> POSTHORN_REGISTRY_SECRET_KEY. metrics.port (and metrics.host) serve",
      "the registry's meters at /metrics and the probes /healthz and /readyz. An unknown key in the file,",
      "or an unknown POSTHORN_* variable, fails the start.",
      "%nExamples:",
      "  posthorn registry --config ops/config/registry.properties",
      "  posthorn registry --config registry.properties --check"
    })
final class RegistryCommand implements Callable<Integer> {
  private static final List<ConfigDef> DEFINITIONS =
      List.of(RegistrySettings.DEFINITION, CatalogSettings.DEFINITION, MetricsEndpoint.DEFINITION);

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The registry's settings file.")
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
    RegistryConfig registryConfig = RegistrySettings.parse(file);
    PrintWriter out = spec.commandLine().getOut();
    if (check) {
      file.parse(MetricsEndpoint.DEFINITION, "metrics.");
      out.println("registry settings are valid: " + registryConfig);
      CommandSettings.print(out, file, DEFINITIONS);
      out.flush();
      return 0;
    }
    Optional<MetricsEndpoint> metrics = MetricsEndpoint.start(file, "registry");
    Tracing tracing = Tracing.fromEnvironment(System.getenv(), "posthorn-registry");
    EndpointRegistry registry =
        EndpointRegistry.create(
            registryConfig,
            Clock.systemUTC(),
            metrics.map(MetricsEndpoint::registry).orElseGet(SimpleMeterRegistry::new),
            tracing.registryListener());
    CountDownLatch stopped = new CountDownLatch(1);
    Supervisor supervisor = new Supervisor("the registry", registry::health, System::exit);
    ProcessShutdown.install(
        "the registry",
        Duration.ofSeconds(30),
        () -> {
          supervisor.close();
          registry.close();
          tracing.close();
          metrics.ifPresent(MetricsEndpoint::close);
          stopped.countDown();
        });
    registry.start();
    supervisor.start();
    metrics.ifPresent(
        m -> {
          m.health(registry::health);
          out.println("posthorn registry: metrics at " + m.url());
        });
    out.println(
        "posthorn registry: API at "
            + registry.url()
            + "/v1 (OpenAPI: "
            + registry.url()
            + "/v1/openapi.json)");
    out.flush();
    stopped.await();
    return 0;
  }
}
