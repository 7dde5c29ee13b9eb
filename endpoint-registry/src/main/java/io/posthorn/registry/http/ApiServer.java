package io.posthorn.registry.http;

import io.posthorn.registry.ConflictException;
import io.posthorn.registry.ForbiddenException;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.RefusedException;
import io.posthorn.registry.RegistryJson;
import io.posthorn.registry.auth.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's HTTP server: a Jetty 12 core handler (no servlets) run on virtual threads ({@code
 * docs/decisions/0041-registry-api-on-jetty-core.md}). For each request it finds the {@link Route}
 * (404 / 405 otherwise), authenticates the bearer key (401), reads the body up to the limit (413)
 * and runs the handler. It is the one place errors become responses ({@link
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
 *
 * <p>{@code /docs} is Swagger UI ({@link ApiDocs}), served before routing, without a key, under a
 * policy of its own; a route marked {@link Route#anonymous()} (the OpenAPI document) needs no key
 * either.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  static final String PROBLEM_BASE = "https://posthorn.io/problems/";

  /** The API serves JSON only: nothing may load, run or frame it. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none';" + " form-action 'none'";

  private static final Pattern CLIENT_ADDRESS = Pattern.compile("[0-9A-Za-z:.\\[\\]_-]{1,64}");

  private final Server server;
  private final ServerConnector connector;
  private final List<Route> routes;
  private final Function<String, Optional<Caller>> authenticate;
  private final int maxBodyBytes;
  private final AuthThrottle throttle;
  private final String clientAddressHeader;

  private ApiServer(
      Server server,
      ServerConnector connector,
      List<Route> routes,
      Function<String, Optional<Caller>> authenticate,
      int maxBodyBytes,
      AuthThrottle throttle,
      String clientAddressHeader) {
    this.server = server;
    this.connector = connector;
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
    return start(
        host,
        port,
        routes,
        authenticate,
        maxBodyBytes,
        throttle,
        clientAddressHeader,
        observer,
        Map.of());
  }

  /**
   * As above, handing every request whose path is a key of {@code mounts} or lies under it (the
   * subscriber portal's {@code /portal}) to that handler instead of the API's router; such handlers
   * set their own headers.
   */
  public static ApiServer start(
      String host,
      int port,
      List<Route> routes,
      Function<String, Optional<Caller>> authenticate,
      int maxBodyBytes,
      AuthThrottle throttle,
      String clientAddressHeader,
      RequestObserver observer,
      Map<String, Handler> mounts) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("registry-api");
    threads.setVirtualThreadsExecutor(
        VirtualThreads.getNamedVirtualThreadsExecutor("registry-api"));
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Jetty would refuse odd paths (a NUL, %2F, a bad escape) with a bare "Bad Request"; the router
    // decodes each segment itself and PathIds judges every id by shape, naming the parameter.
    http.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setAcceptQueueSize(128);
    server.addConnector(connector);
    ApiServer api =
        new ApiServer(
            server, connector, routes, authenticate, maxBodyBytes, throttle, clientAddressHeader);
    server.setHandler(
        new Handler.Sequence(
            ApiDocs.load(), // GET /docs: Swagger UI, no key; everything else is the API
            new RequestMeter(
                routes,
                observer,
                new Handler.Abstract() {
                  @Override
                  public boolean handle(Request request, Response response, Callback callback)
                      throws Exception {
                    String path = request.getHttpURI().getPath();
                    for (Map.Entry<String, Handler> mount : mounts.entrySet()) {
                      if (path.equals(mount.getKey()) || path.startsWith(mount.getKey() + "/")) {
                        return mount.getValue().handle(request, response, callback);
                      }
                    }
                    api.handle(request, response, callback);
                    return true;
                  }
                })));
    server.setErrorHandler(new ProblemErrorHandler());
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (Exception e) {
      api.close();
      throw new IllegalStateException("starting the registry API on " + host + ":" + port, e);
    }
    return api;
  }

  /** {@code http://host:port} as bound. */
  public URI url() {
    String host = connector.getHost();
    if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + connector.getLocalPort());
  }

  public List<Route> routes() {
    return routes;
  }

  private void handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    try {
      try {
        Reply reply = dispatch(request, path);
        send(
            response,
            reply.status(),
            "application/json",
            reply.body() == null ? null : RegistryJson.write(reply.body()));
      } catch (ApiException e) {
        if (e.retryAfterSeconds() > 0) {
          response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        send(
            response, e.status(), "application/problem+json", RegistryJson.write(problem(e, path)));
      } catch (RefusedException e) {
        Problem problem = problem(e, path);
        send(response, problem.status(), "application/problem+json", RegistryJson.write(problem));
      } catch (RuntimeException e) {
        String errorId = UUID.randomUUID().toString();
        log.error("{} {} failed (error id {})", request.getMethod(), path, errorId, e);
        Problem body =
            new Problem(
                PROBLEM_BASE + "internal",
                "Internal error",
                500,
                "the registry failed to answer; report error id " + errorId,
                path,
                null);
        send(response, 500, "application/problem+json", RegistryJson.write(body));
      }
      callback.succeeded();
    } catch (IOException e) {
      log.debug("answering {} failed: {}", path, e.toString());
      callback.failed(e);
    }
  }

  private Reply dispatch(Request request, String rawPath) throws IOException {
    List<String> path = segments(rawPath);
    String method = request.getMethod();
    boolean pathKnown = false;
    for (Route route : routes) {
      Map<String, String> params = route.match(path);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (route.method().equals(method)) {
        Caller caller = route.anonymous() ? null : authenticate(request);
        params.forEach(
            (name, value) -> {
              StorableText.require(name, value);
              PathIds.require(name, value);
            });
        byte[] body = body(request);
        if (body.length > 0 && !route.body()) {
          throw new InvalidInputException("body", "this operation takes no body; send none");
        }
        return route
            .handler()
            .handle(
                new ApiRequest(
                    caller, params, route.query(), request.getHttpURI().getQuery(), body));
      }
    }
    throw pathKnown
        ? ApiException.methodNotAllowed(method, rawPath)
        : new NotFoundException("path", "no resource at " + rawPath);
  }

  private Caller authenticate(Request request) {
    String client = clientAddress(request);
    long wait = throttle.retryAfterSeconds(client);
    if (wait > 0) {
      throw ApiException.throttled(wait);
    }
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
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
  private String clientAddress(Request request) {
    if (clientAddressHeader != null) {
      List<String> values = request.getHeaders().getValuesList(clientAddressHeader);
      if (!values.isEmpty()) {
        String last = values.getLast();
        String client = last.substring(last.lastIndexOf(',') + 1).strip();
        if (CLIENT_ADDRESS.matcher(client).matches()) {
          return client;
        }
      }
    }
    return Request.getRemoteAddr(request);
  }

  private byte[] body(Request request) throws IOException {
    String length = request.getHeaders().get(HttpHeader.CONTENT_LENGTH);
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBodyBytes) {
      throw ApiException.tooLarge(maxBodyBytes);
    }
    InputStream in = Content.Source.asInputStream(request);
    byte[] body = in.readNBytes(maxBodyBytes + 1);
    if (body.length > maxBodyBytes) {
      throw ApiException.tooLarge(maxBodyBytes);
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (body.length > 0 && type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
      throw ApiException.unsupportedMediaType(type);
    }
    return body;
  }

  static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.substring(1).split("/", -1)) {
      try {
        out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("path", "the path is not URL-encoded correctly");
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

  /** The headers every response carries, Jetty's own error pages included. */
  static void securityHeaders(HttpFields.Mutable headers) {
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("Referrer-Policy", "no-referrer");
  }

  /** Sends the whole answer and waits until it is written. */
  private static void send(Response response, int status, String type, String body)
      throws IOException {
    securityHeaders(response.getHeaders());
    response.setStatus(status);
    if (body == null) {
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(bytes), written);
      written.block();
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("stopping the registry API failed: {}", e.toString());
    }
  }
}
