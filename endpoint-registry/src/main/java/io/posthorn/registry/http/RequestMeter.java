package io.posthorn.registry.http;

import io.posthorn.schema.TraceId;
import io.posthorn.schema.logging.LogContext;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reports every request the API answers, with the pattern of the route it matched (never the raw
 * path: ids would make one meter per endpoint), the status sent and the time taken. A wrapper
 * around the server's one handler, so it sees every answer, refusals and 500s included; the
 * caller's trace id is in the log context while the handler runs.
 */
final class RequestMeter extends Handler.Wrapper {
  static final String UNMATCHED = "unmatched";

  private final List<Route> routes;
  private final RequestObserver observer;

  RequestMeter(List<Route> routes, RequestObserver observer, Handler handler) {
    super(handler);
    this.routes = List.copyOf(routes);
    this.observer = observer;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long start = System.nanoTime();
    String method = request.getMethod();
    String rawPath = request.getHttpURI().getPath();
    // The caller's trace id, if it sent a traceparent, on every line logged for this request.
    LogContext logContext =
        LogContext.open(
            TraceId.fromTraceparent(request.getHeaders().get("traceparent")).orElse(null),
            null,
            null);
    try {
      return super.handle(
          request,
          response,
          new Callback() {
            @Override
            public void succeeded() {
              answered(response.getStatus());
              callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
              answered(-1);
              callback.failed(failure);
            }

            private void answered(int status) {
              observer.answered(
                  method,
                  route(method, rawPath),
                  status,
                  Duration.ofNanos(System.nanoTime() - start));
            }

            @Override
            public InvocationType getInvocationType() {
              return callback.getInvocationType();
            }
          });
    } finally {
      logContext.close();
    }
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
