package io.posthorn.registry.portal;

import io.posthorn.registry.auth.Caller;
import java.util.List;

/** One portal request with a live session: method, path, query, posted form (empty for GET). */
record PortalRequest(String method, String path, Form query, Form form, PortalSession session) {
  Caller caller() {
    return session.caller();
  }

  /** The path's segments after {@code /portal}, decoded; {@code []} for the endpoints list. */
  List<String> segments() {
    String rest = path.substring("/portal".length());
    if (rest.isEmpty() || rest.equals("/")) {
      return List.of();
    }
    return List.of(rest.substring(1).split("/", -1));
  }

  boolean post() {
    return method.equals("POST");
  }
}
