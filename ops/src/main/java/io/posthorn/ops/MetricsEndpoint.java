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
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A command's meters (and the JVM's) for Prometheus at {@code http://metrics.host:metrics.port/metrics},
 * when {@code metrics.port} is set in its config file ({@code 0}: any free port; the command prints
 * the URL). Off by default. The meters carry ids and counts, never URLs, payloads or secrets.
 */
final class MetricsEndpoint implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final HttpServer server;
  private final String host;

  private MetricsEndpoint(PrometheusMeterRegistry registry, JvmGcMetrics gc, HttpServer server, String host) {
    this.registry = registry;
    this.gc = gc;
    this.server = server;
    this.host = host;
  }

  /** Starts the endpoint if the file sets {@code metrics.port}; fails naming the key on a bad value. */
  static Optional<MetricsEndpoint> start(ConfigFile file, String component) {
    Optional<Integer> port = file.integer("metrics.port");
    String host = file.string("metrics.host").orElse("0.0.0.0");
    file.rejectUnknown("metrics.");
    if (port.isEmpty()) {
      return Optional.empty();
    }
    if (port.get() < 0 || port.get() > 65_535) {
      throw new IllegalArgumentException("metrics.port must be between 0 and 65535, got " + port.get());
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
      throw new UncheckedIOException("metrics.port " + port.get() + " on " + host + " cannot be opened: "
          + e.getMessage(), e);
    }
    server.createContext("/metrics", exchange -> scrape(exchange, registry));
    server.start();
    return Optional.of(new MetricsEndpoint(registry, gc, server, host));
  }

  private static void scrape(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().add("allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
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
