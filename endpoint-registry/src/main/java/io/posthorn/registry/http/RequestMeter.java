package io.posthorn.registry.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.posthorn.schema.TraceId;
import io.posthorn.schema.logging.LogContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Reports every request the API answers, with the pattern of the route it matched (never the raw
 * path: ids would make one meter per endpoint), the status sent and the time taken. A filter around
 * the server's one handler, so it sees every answer, refusals and 500s included.
 */
final class RequestMeter extends Filter {
  static final String UNMATCHED = "unmatched";

  private final List<Route> routes;
  private final RequestObserver observer;

  RequestMeter(List<Route> routes, RequestObserver observer) {
    this.routes = List.copyOf(routes);
    this.observer = observer;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    long start = System.nanoTime();
    // The caller's trace id, if it sent a traceparent, on every line logged for this request.
    LogContext logContext =
        LogContext.open(
            TraceId.fromTraceparent(exchange.getRequestHeaders().getFirst("traceparent"))
                .orElse(null),
            null,
            null);
    try {
      chain.doFilter(exchange);
    } finally {
      String method = exchange.getRequestMethod();
      observer.answered(
          method,
          route(method, exchange.getRequestURI().getRawPath()),
          exchange.getResponseCode(),
          Duration.ofNanos(System.nanoTime() - start));
      logContext.close();
    }
  }

  @Override
  public String description() {
    return "meters every request by route pattern and status";
  }

  /**
   * The pattern of the route for this method and path, else of one for the path, else unmatched.
   */
  String route(String method, String rawPath) {
    List<String> path = List.of(rawPath.substring(1).split("/", -1));
    String anyMethod = null;
    for (Route r : routes) {
      if (r.match(path) != null) {
        if (r.method().equals(method)) {
          return r.pattern();
        }
        anyMethod = anyMethod == null ? r.pattern() : anyMethod;
      }
    }
    return anyMethod == null ? UNMATCHED : anyMethod;
  }
}
