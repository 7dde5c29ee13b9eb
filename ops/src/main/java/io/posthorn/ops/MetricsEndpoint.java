package io.posthorn.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.posthorn.schema.config.ParsedSettings;
import io.posthorn.schema.config.Rule;
import io.posthorn.schema.config.Settings;
import io.posthorn.schema.health.Health;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A command's meters (and the JVM's) for Prometheus at {@code
 * http://metrics.host:metrics.port/metrics}, when {@code metrics.port} is set in its config file
 * ({@code 0}: any free port; the command prints the URL). Off by default. The meters carry ids and
 * counts, never URLs, payloads or secrets.
 *
 * <p>The same port answers the probes of an orchestrator, from the component's {@link Health}
 * (given with {@link #health}; until then it is STARTING): {@code /healthz} 200 while the process
 * is alive (not FAILED), {@code /readyz} 200 while it is READY; otherwise 503. The body is one line
 * of plain text, the status and its detail: {@code starting: waiting for the lease of slot …}.
 */
final class MetricsEndpoint implements AutoCloseable {
  private static final Supplier<Health> STARTING = () -> Health.starting("starting");

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final HttpServer server;
  private final String host;
  private volatile Supplier<Health> health = STARTING;

  private MetricsEndpoint(
      PrometheusMeterRegistry registry, JvmGcMetrics gc, HttpServer server, String host) {
    this.registry = registry;
    this.gc = gc;
    this.server = server;
    this.host = host;
  }

  /** The {@code metrics.*} keys every long-running command reads. */
  static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              "metrics.port",
              ConfigDef.Type.INT,
              null,
              Rule.between(0, 65_535),
              ConfigDef.Importance.MEDIUM,
              "Serve the meters to Prometheus at http://<metrics.host>:<metrics.port>/metrics, and"
                  + " the probes /healthz (200 unless failed) and /readyz (200 when ready, else 503"
                  + " and why). 0 picks a free port (the command prints the URL). Off when unset.",
              "Metrics and probes",
              0,
              ConfigDef.Width.SHORT,
              "")
          .define(
              "metrics.host",
              ConfigDef.Type.STRING,
              "0.0.0.0",
              ConfigDef.Importance.LOW,
              "The address the metrics port listens on.",
              "Metrics and probes",
              1,
              ConfigDef.Width.SHORT,
              "");

  /**
   * Starts the endpoint if the settings set {@code metrics.port}; fails naming the key on a bad
   * value.
   */
  static Optional<MetricsEndpoint> start(Settings settings, String component) {
    ParsedSettings parsed = settings.parse(DEFINITION, "metrics.");
    Optional<Integer> port = Optional.ofNullable(parsed.getInt("metrics.port"));
    String host = parsed.getString("metrics.host");
    if (port.isEmpty()) {
      return Optional.empty();
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("component", component);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port.get()), 0);
    } catch (IOException e) {
      registry.close();
      gc.close();
      throw new UncheckedIOException(
          "metrics.port " + port.get() + " on " + host + " cannot be opened: " + e.getMessage(), e);
    }
    MetricsEndpoint endpoint = new MetricsEndpoint(registry, gc, server, host);
    server.createContext("/metrics", exchange -> scrape(exchange, registry));
    server.createContext(
        "/healthz", exchange -> probe(exchange, endpoint.health, h -> !h.isFailed()));
    server.createContext("/readyz", exchange -> probe(exchange, endpoint.health, Health::isReady));
    server.start();
    return Optional.of(endpoint);
  }

  /**
   * Where {@code /healthz} and {@code /readyz} read the component's health from; cheap, called per
   * request.
   */
  void health(Supplier<Health> health) {
    this.health = health;
  }

  private static void scrape(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      if (getOnly(exchange)) {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      }
    }
  }

  private static void probe(HttpExchange exchange, Supplier<Health> health, Predicate<Health> ok)
      throws IOException {
    try (exchange) {
      if (getOnly(exchange)) {
        Health h = health.get();
        String line =
            h.status().name().toLowerCase(Locale.ROOT)
                + (h.detail().isEmpty() ? "" : ": " + h.detail());
        send(exchange, ok.test(h) ? 200 : 503, "text/plain; charset=utf-8", line + "\n");
      }
    }
  }

  /** True for a GET; answers anything else with 405. */
  private static boolean getOnly(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("GET")) {
      return true;
    }
    exchange.getResponseHeaders().add("allow", "GET");
    exchange.sendResponseHeaders(405, -1);
    return false;
  }

  private static void send(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("content-type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  MeterRegistry registry() {
    return registry;
  }

  /** As configured ({@code metrics.host}), with the port actually bound. */
  URI url() {
    return URI.create("http://" + host + ":" + server.getAddress().getPort() + "/metrics");
  }

  @Override
  public void close() {
    server.stop(0);
    gc.close();
    registry.close();
  }
}
