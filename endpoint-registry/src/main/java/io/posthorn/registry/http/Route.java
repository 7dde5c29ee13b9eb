package io.posthorn.registry.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation of the API: a method and a path pattern whose {@code {name}} segments are
 * parameters, e.g. {@code GET /v1/endpoints/{endpointId}}. The OpenAPI document must list exactly
 * the routes the server has ({@code OpenApiContractTest}).
 */
public record Route(String method, String pattern, Handler handler) {
  /** Handles one authenticated request; throws {@link ApiException} to refuse it. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(ApiRequest request);
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
