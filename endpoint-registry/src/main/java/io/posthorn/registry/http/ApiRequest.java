package io.posthorn.registry.http;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.auth.Caller;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One authenticated request as a handler sees it: who calls, the path parameters (already checked
 * for their shape), the query (only the parameters the route declares, each at most once, no NUL)
 * and the body (already limited in size).
 */
public final class ApiRequest {
  private final Caller caller;
  private final Map<String, String> pathParams;
  private final Set<String> allowedQuery;
  private final Map<String, String> query;
  private final byte[] body;

  /** {@code allowedQuery} null: any name (handler tests). */
  ApiRequest(
      Caller caller,
      Map<String, String> pathParams,
      Set<String> allowedQuery,
      String rawQuery,
      byte[] body) {
    this.caller = caller;
    this.pathParams = pathParams;
    this.allowedQuery = allowedQuery;
    this.query = parseQuery(rawQuery, allowedQuery);
    this.body = body;
  }

  /** For handler tests: any query parameter is allowed. */
  public static ApiRequest of(
      Caller caller, Map<String, String> pathParams, String rawQuery, byte[] body) {
    return new ApiRequest(caller, Map.copyOf(pathParams), null, rawQuery, body);
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

  /** A query parameter the route declares ({@link Route#withQuery}). */
  public Optional<String> query(String name) {
    if (allowedQuery != null && !allowedQuery.contains(name)) {
      throw new IllegalStateException("route does not declare query parameter " + name);
    }
    return Optional.ofNullable(query.get(name));
  }

  /** A query parameter holding an instant within {@link InstantRange}. */
  public Optional<Instant> queryInstant(String name) {
    return query(name).map(v -> InstantRange.parse(name, v));
  }

  /** The body as a JSON object whose getters name the field they refuse. */
  public JsonInput json() {
    return JsonInput.parse(body);
  }

  /** The body as JSON, or an empty object when there is none (for bodies that are all optional). */
  public JsonInput jsonOrEmpty() {
    return body.length == 0 ? JsonInput.parse("{}".getBytes(StandardCharsets.UTF_8)) : json();
  }

  /** {@code allowed} null: any name. */
  private static Map<String, String> parseQuery(String raw, Set<String> allowed) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
      StorableText.require("query", k);
      if (k.isEmpty()) {
        throw new InvalidInputException("query", "a query parameter needs a name");
      }
      if (allowed != null && !allowed.contains(k)) {
        throw new InvalidInputException(
            k,
            k
                + " is not a known query parameter"
                + (allowed.isEmpty()
                    ? "; this operation takes none"
                    : "; known: " + String.join(", ", allowed.stream().sorted().toList())));
      }
      String v = decode(eq < 0 ? "" : pair.substring(eq + 1), k);
      StorableText.require(k, v);
      if (out.put(k, v) != null) {
        throw new InvalidInputException(k, k + " may be given only once");
      }
    }
    return out;
  }

  private static String decode(String raw, String field) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, field + " is not URL-encoded correctly");
    }
  }
}
