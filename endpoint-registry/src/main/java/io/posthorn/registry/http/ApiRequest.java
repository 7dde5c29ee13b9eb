package io.posthorn.registry.http;

import io.posthorn.registry.auth.Caller;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One authenticated request as a handler sees it: who calls, the path parameters, the query and
 * the body (already limited in size).
 */
public final class ApiRequest {
  private final Caller caller;
  private final Map<String, String> pathParams;
  private final Map<String, String> query;
  private final byte[] body;

  ApiRequest(Caller caller, Map<String, String> pathParams, String rawQuery, byte[] body) {
    this.caller = caller;
    this.pathParams = pathParams;
    this.query = parseQuery(rawQuery);
    this.body = body;
  }

  /** For handler tests. */
  public static ApiRequest of(Caller caller, Map<String, String> pathParams, String rawQuery, byte[] body) {
    return new ApiRequest(caller, Map.copyOf(pathParams), rawQuery, body);
  }

  public Caller caller() {
    return caller;
  }

  /** A path parameter the route declares. */
  public String path(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalStateException("route has no path parameter " + name);
    }
    return v;
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** The body as a JSON object whose getters name the field they refuse. */
  public JsonInput json() {
    return JsonInput.parse(body);
  }

  /** The body as JSON, or an empty object when there is none (for bodies that are all optional). */
  public JsonInput jsonOrEmpty() {
    return body.length == 0 ? JsonInput.parse("{}".getBytes(StandardCharsets.UTF_8)) : json();
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(k, "query parameter is not URL-encoded correctly");
      }
    }
    return out;
  }
}
