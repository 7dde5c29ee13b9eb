package io.posthorn.registry.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.registry.RegistryJson;
import io.posthorn.registry.auth.Caller;
import io.posthorn.registry.http.LocalApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The portal's way to the registry: every read and change goes through the API's own routes in
 * process ({@link LocalApi}) as the session's caller, so a page validates, scopes and refuses
 * exactly as the API does (one validator, one tenant rule: another tenant's endpoint is not found).
 */
final class PortalApi {
  private final LocalApi api;

  PortalApi(LocalApi api) {
    this.api = api;
  }

  JsonNode get(Caller caller, String path) {
    return get(caller, path, Map.of());
  }

  /** {@code query}: parameters with a value; blank ones are left out. */
  JsonNode get(Caller caller, String path, Map<String, String> query) {
    return api.call(caller, "GET", path, query(query), null).body();
  }

  JsonNode send(Caller caller, String method, String path, Map<String, ?> body) {
    byte[] json = body == null ? null : RegistryJson.write(body).getBytes(StandardCharsets.UTF_8);
    return api.call(caller, method, path, null, json).body();
  }

  static Map<String, String> params(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null && !pairs[i + 1].isBlank()) {
        m.put(pairs[i], pairs[i + 1]);
      }
    }
    return m;
  }

  private static String query(Map<String, String> query) {
    if (query.isEmpty()) {
      return null;
    }
    StringJoiner q = new StringJoiner("&");
    query.forEach(
        (k, v) ->
            q.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return q.toString();
  }
}
