package io.posthorn.registry.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.posthorn.registry.ConflictException;
import io.posthorn.registry.ForbiddenException;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.RefusedException;
import io.posthorn.registry.RegistryJson;
import io.posthorn.registry.auth.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's HTTP server: the JDK's {@code com.sun.net.httpserver} with one virtual thread per
 * request ({@code docs/decisions/0007-admin-api-on-the-jdk-http-server.md}). For each request it
 * finds the {@link Route} (404 / 405 otherwise), authenticates the bearer key (401), reads the body
 * up to the limit (413) and runs the handler. It is the one place errors become responses ({@link
 * #problem(RefusedException, String)}): a domain refusal ({@link RefusedException}: invalid input,
 * admin only, not found, conflict) or a protocol one ({@link ApiException}) becomes its RFC 9457
 * problem; anything else a 500 whose body carries only an error id, the details going to the log
 * under that id.
 *
 * <p>Before a handler runs, the path parameters must have their shape ({@link PathIds}) and the
 * query may hold only the route's parameters, each once ({@link Route#withQuery}); a client address
 * with too many failed authentications in a row gets 429 ({@link AuthThrottle}). Every response,
 * errors included, carries {@code X-Content-Type-Options: nosniff}, a {@code
 * Content-Security-Policy} that allows nothing and {@code Cache-Control: no-store}.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  static final String PROBLEM_BASE = "https://posthorn.io/problems/";

  /** The API serves JSON only: nothing may load, run or frame it. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none';" + " form-action 'none'";

  private static final Pattern CLIENT_ADDRESS = Pattern.compile("[0-9A-Za-z:.\\[\\]_-]{1,64}");

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Route> routes;
  private final Function<String, Optional<Caller>> authenticate;
  private final int maxBodyBytes;
  private final AuthThrottle throttle;
  private final String clientAddressHeader;

  private ApiServer(
      HttpServer server,
      ExecutorService executor,
      List<Route> routes,
      Function<String, Optional<Caller>> authenticate,
      int maxBodyBytes,
      AuthThrottle throttle,
      String clientAddressHeader) {
    this.server = server;
    this.executor = executor;
    this.routes = List.copyOf(routes);
    this.authenticate = authenticate;
    this.maxBodyBytes = maxBodyBytes;
    this.throttle = throttle;
    this.clientAddressHeader = clientAddressHeader;
  }

  /**
   * Starts serving on {@code host:port} ({@code 0}: a free port).
   *
   * @param authenticate the caller a bearer key stands for, empty when it is unknown or revoked
   */
  public static ApiServer start(
      String host,
      int port,
      List<Route> routes,
      Function<String, Optional<Caller>> authenticate,
      int maxBodyBytes) {
    return start(
        host,
        port,
        routes,
        authenticate,
        maxBodyBytes,
        AuthThrottle.standard(Clock.systemUTC()),
        null);
  }

  /**
   * As above, throttling failed authentications per client address with {@code throttle}.
   *
   * @param clientAddressHeader the header a trusted proxy puts the client address in (its last
   *     comma-separated value counts), or {@code null}: the TCP peer is the client
   */
  public static ApiServer start(
      String host,
      int port,
      List<Route> routes,
      Function<String, Optional<Caller>> authenticate,
      int maxBodyBytes,
      AuthThrottle throttle,
      String clientAddressHeader) {
    return start(
        host,
        port,
        routes,
        authenticate,
        maxBodyBytes,
        throttle,
        clientAddressHeader,
        RequestObserver.NONE);
  }

  /** As above, telling {@code observer} of every request answered. */
  public static ApiServer start(
      String host,
      int port,
      List<Route> routes,
      Function<String, Optional<Caller>> authenticate,
      int maxBodyBytes,
      AuthThrottle throttle,
      String clientAddressHeader,
      RequestObserver observer) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      ApiServer api =
          new ApiServer(
              server, executor, routes, authenticate, maxBodyBytes, throttle, clientAddressHeader);
      server.setExecutor(executor);
      server.createContext("/", api::handle).getFilters().add(new RequestMeter(routes, observer));
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException("starting the registry API on " + host + ":" + port, e);
    }
  }

  /** {@code http://host:port} as bound. */
  public URI url() {
    InetSocketAddress a = server.getAddress();
    String host =
        a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
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
        send(
            exchange,
            reply.status(),
            "application/json",
            reply.body() == null ? null : RegistryJson.write(reply.body()));
      } catch (ApiException e) {
        if (e.retryAfterSeconds() > 0) {
          exchange.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        send(
            exchange, e.status(), "application/problem+json", RegistryJson.write(problem(e, path)));
      } catch (RefusedException e) {
        Problem problem = problem(e, path);
        send(exchange, problem.status(), "application/problem+json", RegistryJson.write(problem));
      } catch (RuntimeException e) {
        String errorId = UUID.randomUUID().toString();
        log.error("{} {} failed (error id {})", exchange.getRequestMethod(), path, errorId, e);
        Problem body =
            new Problem(
                PROBLEM_BASE + "internal",
                "Internal error",
                500,
                "the registry failed to answer; report error id " + errorId,
                path,
                null);
        send(exchange, 500, "application/problem+json", RegistryJson.write(body));
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
        params.forEach(
            (name, value) -> {
              StorableText.require(name, value);
              PathIds.require(name, value);
            });
        byte[] body = body(exchange);
        if (body.length > 0 && !route.body()) {
          throw new InvalidInputException("body", "this operation takes no body; send none");
        }
        ApiRequest request =
            new ApiRequest(
                caller, params, route.query(), exchange.getRequestURI().getRawQuery(), body);
        return route.handler().handle(request);
      }
    }
    throw pathKnown
        ? ApiException.methodNotAllowed(method, rawPath)
        : new NotFoundException("path", "no resource at " + rawPath);
  }

  private Caller authenticate(HttpExchange exchange) {
    String client = clientAddress(exchange);
    long wait = throttle.retryAfterSeconds(client);
    if (wait > 0) {
      throw ApiException.throttled(wait);
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthenticated("send an API key as 'Authorization: Bearer <key>'");
    }
    Optional<Caller> caller = authenticate.apply(header.substring(7).strip());
    if (caller.isEmpty()) {
      throttle.failed(client);
      throw ApiException.unauthenticated("the API key is unknown or revoked");
    }
    return caller.get();
  }

  /** The TCP peer, or the last value of the trusted proxy's header when one is configured. */
  private String clientAddress(HttpExchange exchange) {
    if (clientAddressHeader != null) {
      List<String> values = exchange.getRequestHeaders().get(clientAddressHeader);
      if (values != null && !values.isEmpty()) {
        String last = values.getLast();
        String client = last.substring(last.lastIndexOf(',') + 1).strip();
        if (CLIENT_ADDRESS.matcher(client).matches()) {
          return client;
        }
      }
    }
    return exchange.getRemoteAddress().getAddress().getHostAddress();
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
        throw new NotFoundException("path", "the path is not URL-encoded correctly");
      }
    }
    return out;
  }

  /** Each kind of domain refusal as its status and problem type. */
  static Problem problem(RefusedException e, String instance) {
    return switch (e) {
      case InvalidInputException i ->
          refused(400, "invalid-field", "A field is invalid", i, instance);
      case ForbiddenException f -> refused(403, "admin-only", "Admin key required", f, instance);
      case NotFoundException n -> refused(404, "not-found", "Not found", n, instance);
      case ConflictException c -> refused(409, "conflict", "Conflict", c, instance);
    };
  }

  private static Problem refused(
      int status, String type, String title, RefusedException e, String instance) {
    return new Problem(PROBLEM_BASE + type, title, status, e.getMessage(), instance, e.field());
  }

  static Problem problem(ApiException e, String instance) {
    return new Problem(
        PROBLEM_BASE + e.type(), e.title(), e.status(), e.getMessage(), instance, e.field());
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
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
