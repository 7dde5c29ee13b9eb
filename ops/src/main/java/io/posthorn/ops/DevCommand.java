package io.posthorn.ops;

import io.posthorn.schema.catalog.EventCatalog;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code posthorn dev}: the whole pipeline on an embedded stack, for trying Posthorn out. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "Starts PostgreSQL and Kafka embedded, the endpoint registry, the inbound gateway (with a"
            + " demo GitHub connection), the outbox relay, a delivery"
            + " worker and a demo endpoint (registered through the registry) that verifies every signature;"
            + " emits sample events and prints each delivery."
            + " Ctrl-C stops everything.",
    footer = {
      "%nExamples:",
      "  posthorn dev                          # random ports, 4 sample events",
      "  posthorn dev --pg-port 5433 --kafka-port 9093 --print-env",
      "  posthorn dev --smoke                  # 100 events end to end, exit 0 when all verified"
    })
final class DevCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--pg-port",
      paramLabel = "PORT",
      description = "PostgreSQL port (default: a free one).")
  int pgPort;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      description = "Kafka port (default: a free one).")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      paramLabel = "PORT",
      description = "The registry API's port (default: a free one).")
  int registryPort;

  @Option(
      names = "--samples",
      paramLabel = "N",
      defaultValue = "4",
      description = "Sample events to emit at start (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--print-env",
      description =
          "Also print POSTHORN_JDBC_URL=… and POSTHORN_KAFKA_BOOTSTRAP=…"
              + " lines, for other tools to drive the same stack.")
  boolean printEnv;

  @Option(
      names = "--smoke",
      description =
          "Emit 100 events, wait until all are delivered with verified"
              + " signatures, print one line and exit (0 on success).")
  boolean smoke;

  @Option(
      names = "--smoke-timeout",
      paramLabel = "DURATION",
      defaultValue = "PT150S",
      description = "How long --smoke waits (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration smokeTimeout;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    return smoke ? runSmoke(out) : runInteractive(out);
  }

  private void validate() {
    checkPort(pgPort, "--pg-port");
    checkPort(kafkaPort, "--kafka-port");
    checkPort(registryPort, "--registry-port");
    if (samples < 0 || samples > 100_000) {
      throw new ParameterException(spec.commandLine(), "--samples must be between 0 and 100000");
    }
  }

  private void checkPort(int port, String option) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a port (1-65535), or 0 for a free one");
    }
  }

  private int runSmoke(PrintWriter out) throws InterruptedException {
    int count = 100;
    try (DevSession session = DevSession.start(pgPort, kafkaPort, registryPort, out, false)) {
      printBanner(out, session);
      printEnv(out, session);
      session.emitSamples(count);
      DemoEndpoint demo = session.demo();
      demo.awaitVerified(count, smokeTimeout);
      boolean ok = demo.verified() == count && demo.badSignatures() == 0;
      if (ok) {
        out.println("smoke: " + count + "/" + count + " delivered, signatures verified");
      } else {
        out.println(
            "smoke: FAILED: "
                + demo.verified()
                + "/"
                + count
                + " delivered with verified signatures, "
                + demo.badSignatures()
                + " bad signature(s)"
                + (demo.verified() < count
                    ? ", timed out after " + smokeTimeout.toSeconds() + " s"
                    : ""));
      }
      out.flush();
      return ok ? 0 : 1;
    }
  }

  private void printEnv(PrintWriter out, DevSession session) {
    if (printEnv) {
      out.println("POSTHORN_JDBC_URL=" + session.jdbcUrl());
      out.println("POSTHORN_KAFKA_BOOTSTRAP=" + session.kafkaBootstrap());
      out.println("POSTHORN_REGISTRY_URL=" + session.registryUrl());
      out.println("POSTHORN_REGISTRY_KEY=" + session.adminKey());
      out.flush();
    }
  }

  private int runInteractive(PrintWriter out) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    DevSession session = DevSession.start(pgPort, kafkaPort, registryPort, out, true);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("stopping…");
                  out.flush();
                  session.close();
                  stopped.countDown();
                },
                "posthorn-dev-shutdown"));
    out.println("posthorn dev is running. Ctrl-C stops it.");
    printBanner(out, session);
    printEnv(out, session);
    out.flush();
    session.emitSamples(samples);
    stopped.await();
    return 0;
  }

  /** What runs where, the keys of this run, and a line to try each way in. */
  private void printBanner(PrintWriter out, DevSession session) {
    out.println("  postgres  " + session.jdbcUrl() + "  (user postgres, no password)");
    out.println("  kafka     " + session.kafkaBootstrap());
    out.println(
        "  endpoint  "
            + session.demo().url()
            + "  (signatures checked with the Standard Webhooks library)");
    out.println(
        "  registry  "
            + session.registryUrl()
            + "/v1  (OpenAPI: "
            + session.registryUrl()
            + "/v1/openapi.json)");
    out.println(
        "  portal    "
            + session.adminPortalLink()
            + "  (admin session: open it once, within 10 minutes; POST "
            + "/v1/tenants/{id}/portal-links makes a tenant's)");
    out.println(
        "  inbound   "
            + session.connection().ingestUrl()
            + "  (a GitHub connection; secret "
            + session.connection().secret()
            + ")");
    out.println(
        "  admin key "
            + session.adminKey()
            + "  (generated for this run; send as 'Authorization: Bearer <key>')");
    out.println(
        "  master key generated for this run: signing secrets are sealed with it; nothing is kept after Ctrl-C");
    out.println(
        "Send a signed GitHub push to the connection: accepted, then delivered to the demo endpoint"
            + " as inbound.github.push (run it twice: the second is a duplicate, stored once):");
    out.println("  " + session.curlLine());
    out.println("Emit your own, from another shell:");
    out.println("  export POSTHORN_JDBC_URL=" + session.jdbcUrl());
    out.println(
        "  posthorn emit user.created '{\"userId\": \"usr_1\", \"email\": \"ada@example.com\"}'");
    out.println(
        "  or SQL: INSERT INTO posthorn.outbox (event_type, aggregate_type, aggregate_id, payload)"
            + " VALUES ('user.created', 'User', 'usr_1', '{\"userId\": \"usr_1\", \"email\": \"ada@example.com\"}');");
    out.println(
        "  posthorn event-types lists the catalog"
            + Optional.ofNullable(System.getenv(EventCatalog.DIR_VARIABLE))
                .map(d -> " (" + EventCatalog.DIR_VARIABLE + "=" + d + ")")
                .orElse(" (only posthorn.* types: " + EventCatalog.DIR_VARIABLE + " is not set)")
            + ".");
  }
}
