package io.posthorn.registry.http;

import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.RegistryJson;
import io.posthorn.registry.auth.Caller;
import java.util.List;
import java.util.Map;

/**
 * The API's routes called in process, for the subscriber portal (decision 0048): the same route
 * table, path-id shapes, query rules, handlers, validation and tenant scoping as a request over
 * HTTP with a key for {@code caller}, without the HTTP. Refusals are thrown as the same {@link
 * io.posthorn.registry.RefusedException}s; answers come back as the JSON tree an API client reads,
 * so the portal sees exactly what the contract shows (masked headers, no secrets outside the secret
 * routes).
 */
public final class LocalApi {
  private final List<Route> routes;

  public LocalApi(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** An answer: the status and the body as the API would have written it (null for 204). */
  public record Answer(int status, com.fasterxml.jackson.databind.JsonNode body) {}

  /**
   * Calls {@code method path} as {@code caller}.
   *
   * @param path a path whose segments are already encoded, e.g. {@code /v1/endpoints/ep_…}
   * @param rawQuery the encoded query string, or {@code null}
   * @param body a JSON body, or {@code null} for none
   */
  public Answer call(Caller caller, String method, String path, String rawQuery, byte[] body) {
    List<String> segments = ApiServer.segments(path);
    for (Route route : routes) {
      Map<String, String> params = route.match(segments);
      if (params == null || !route.method().equals(method)) {
        continue;
      }
      params.forEach(
          (name, value) -> {
            StorableText.require(name, value);
            PathIds.require(name, value);
          });
      Reply reply =
          route
              .handler()
              .handle(
                  new ApiRequest(
                      caller, params, route.query(), rawQuery, body == null ? new byte[0] : body));
      return new Answer(
          reply.status(), reply.body() == null ? null : RegistryJson.tree(reply.body()));
    }
    throw new NotFoundException("path", "no resource at " + path);
  }
}
