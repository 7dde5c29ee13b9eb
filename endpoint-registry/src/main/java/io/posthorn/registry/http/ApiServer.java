package io.posthorn.registry.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.posthorn.registry.auth.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's HTTP server: the JDK's {@code com.sun.net.httpserver} with one virtual thread per
 * request ({@code docs/decisions/0007-admin-api-on-the-jdk-http-server.md}). For each request it
 * finds the {@link Route} (404 / 405 otherwise), authenticates the bearer key (401), reads the body
 * up to the limit (413) and runs the handler. It is the one place errors become responses: an
 * {@link ApiException} becomes its RFC 9457 problem; anything else a 500 whose body carries only an
 * error id, the details going to the log under that id.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  static final String PROBLEM_BASE = "https://posthorn.io/problems/";

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Route> routes;
  private final Function<String, Optional<Caller>> authenticate;
  private final int maxBodyBytes;

  private ApiServer(HttpServer server, ExecutorService executor, List<Route> routes,
      Function<String, Optional<Caller>> authenticate, int maxBodyBytes) {
    this.server = server;
    this.executor = executor;
    this.routes = List.copyOf(routes);
    this.authenticate = authenticate;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Starts serving on {@code host:port} ({@code 0}: a free port).
   *
   * @param authenticate the caller a bearer key stands for, empty when it is unknown or revoked
   */
  public static ApiServer start(String host, int port, List<Route> routes,
      Function<String, Optional<Caller>> authenticate, int maxBodyBytes) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      ApiServer api = new ApiServer(server, executor, routes, authenticate, maxBodyBytes);
      server.setExecutor(executor);
      server.createContext("/", api::handle);
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException("starting the registry API on " + host + ":" + port, e);
    }
  }

  /** {@code http://host:port} as bound. */
  public URI url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create("http://" + host + ":" + a.getPort());
  }

  public List<Route> routes() {
    return routes;
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      try {
        Reply reply = dispatch(exchange, path);
        send(exchange, reply.status(), "application/json", reply.body() == null ? null : reply.body().toString());
      } catch (ApiException e) {
        send(exchange, e.status(), "application/problem+json", problem(e, path).toString());
      } catch (RuntimeException e) {
        String errorId = UUID.randomUUID().toString();
        log.error("{} {} failed (error id {})", exchange.getRequestMethod(), path, errorId, e);
        ObjectNode body = JsonInput.MAPPER.createObjectNode()
            .put("type", PROBLEM_BASE + "internal").put("title", "Internal error").put("status", 500)
            .put("detail", "the registry failed to answer; report error id " + errorId).put("instance", path);
        send(exchange, 500, "application/problem+json", body.toString());
      }
    } catch (IOException e) {
      log.debug("answering {} failed: {}", exchange.getRequestURI(), e.toString());
    }
  }

  private Reply dispatch(HttpExchange exchange, String rawPath) throws IOException {
    List<String> path = segments(rawPath);
    String method = exchange.getRequestMethod();
    boolean pathKnown = false;
    for (Route route : routes) {
      Map<String, String> params = route.match(path);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (route.method().equals(method)) {
        Caller caller = authenticate(exchange);
        byte[] body = body(exchange);
        return route.handler().handle(new ApiRequest(caller, params, exchange.getRequestURI().getRawQuery(), body));
      }
    }
    throw pathKnown ? ApiException.methodNotAllowed(method, rawPath)
        : ApiException.notFound("path", "no resource at " + rawPath);
  }

  private Caller authenticate(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthenticated("send an API key as 'Authorization: Bearer <key>'");
    }
    return authenticate.apply(header.substring(7).strip())
        .orElseThrow(() -> ApiException.unauthenticated("the API key is unknown or revoked"));
  }

  private byte[] body(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodyBytes) {
      throw ApiException.tooLarge(maxBodyBytes);
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(maxBodyBytes + 1);
    }
    if (body.length > maxBodyBytes) {
      throw ApiException.tooLarge(maxBodyBytes);
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (body.length > 0 && type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
      throw ApiException.unsupportedMediaType(type);
    }
    return body;
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.substring(1).split("/", -1)) {
      try {
        out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.notFound("path", "the path is not URL-encoded correctly");
      }
    }
    return out;
  }

  static ObjectNode problem(ApiException e, String instance) {
    ObjectNode body = JsonInput.MAPPER.createObjectNode()
        .put("type", PROBLEM_BASE + e.type()).put("title", e.title()).put("status", e.status())
        .put("detail", e.getMessage()).put("instance", instance);
    if (e.field() != null) {
      body.put("field", e.field());
    }
    return body;
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
