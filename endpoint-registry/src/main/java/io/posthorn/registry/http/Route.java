package io.posthorn.registry.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One operation of the API: a method and a path pattern whose {@code {name}} segments are
 * parameters, e.g. {@code GET /v1/endpoints/{endpointId}}, the query parameters it reads and
 * whether it reads a body; any other query parameter is refused like an unknown body field, and a
 * body sent to a route that reads none is refused too. The OpenAPI document must list exactly the
 * routes the server has, with the same parameters and bodies ({@code OpenApiContractIT}).
 *
 * @param anonymous answered without an API key (the request's caller is {@code null}): only for
 *     what holds no data, documented with {@code security: []}
 */
public record Route(
    String method,
    String pattern,
    Set<String> query,
    boolean body,
    boolean anonymous,
    Handler handler) {
  /**
   * Handles one request, authenticated unless the route is anonymous; throws a {@link
   * io.posthorn.registry.RefusedException} to refuse it.
   */
  @FunctionalInterface
  public interface Handler {
    Reply handle(ApiRequest request);
  }

  public Route {
    query = Set.copyOf(query);
  }

  /** A route that takes no query parameters and no body. */
  public Route(String method, String pattern, Handler handler) {
    this(method, pattern, Set.of(), false, false, handler);
  }

  /** This route, reading the query parameters {@code names}. */
  public Route withQuery(String... names) {
    return new Route(method, pattern, Set.of(names), body, anonymous, handler);
  }

  /** This route, reading a JSON body. */
  public Route withBody() {
    return new Route(method, pattern, query, true, anonymous, handler);
  }

  /** This route, answered without an API key. */
  public Route withoutKey() {
    return new Route(method, pattern, query, body, true, handler);
  }

  List<String> segments() {
    return List.of(pattern.substring(1).split("/"));
  }

  /** The path parameters if {@code path} fits this pattern, else {@code null}. */
  Map<String, String> match(List<String> path) {
    List<String> mine = segments();
    if (mine.size() != path.size()) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < mine.size(); i++) {
      String s = mine.get(i);
      if (s.startsWith("{") && s.endsWith("}")) {
        if (path.get(i).isEmpty()) {
          return null;
        }
        params.put(s.substring(1, s.length() - 1), path.get(i));
      } else if (!s.equals(path.get(i))) {
        return null;
      }
    }
    return params;
  }
}
