package io.posthorn.registry.connection;

import io.posthorn.registry.endpoint.Cursor;
import io.posthorn.registry.http.ApiRequest;
import io.posthorn.registry.http.Page;
import io.posthorn.registry.http.Reply;
import io.posthorn.registry.http.Route;
import java.util.List;

/**
 * {@code /v1/connections} (issue 17, decision 0053): create (the answer holds the ingest URL and
 * the secret), get, list (cursor, {@code limit} ≤ 100, {@code tenantId} for an admin), update
 * ({@code PATCH}), delete, disable, enable, and reveal the secret. No other answer holds it.
 */
public final class ConnectionRoutes {
  private final Connections connections;
  private final String inboundUrl;

  /**
   * @param inboundUrl the gateway's public base URL ({@code registry.inbound.url}), or {@code null}
   */
  public ConnectionRoutes(Connections connections, String inboundUrl) {
    this.connections = connections;
    this.inboundUrl = inboundUrl;
  }

  public List<Route> routes() {
    return List.of(
        new Route("POST", "/v1/connections", this::create).withBody(),
        new Route("GET", "/v1/connections", this::list).withQuery("limit", "cursor", "tenantId"),
        new Route(
            "GET",
            "/v1/connections/{connectionId}",
            r -> Reply.ok(view(connections.get(r.caller(), id(r))))),
        new Route(
                "PATCH",
                "/v1/connections/{connectionId}",
                r ->
                    Reply.ok(
                        view(
                            connections.update(
                                r.caller(), id(r), s -> ConnectionInput.update(r.json(), s)))))
            .withBody(),
        new Route(
            "DELETE",
            "/v1/connections/{connectionId}",
            r -> {
              connections.delete(r.caller(), id(r));
              return Reply.noContent();
            }),
        new Route(
            "POST",
            "/v1/connections/{connectionId}/disable",
            r -> Reply.ok(view(connections.setEnabled(r.caller(), id(r), false)))),
        new Route(
            "POST",
            "/v1/connections/{connectionId}/enable",
            r -> Reply.ok(view(connections.setEnabled(r.caller(), id(r), true)))),
        new Route(
            "GET",
            "/v1/connections/{connectionId}/secret",
            r -> Reply.ok(connections.secret(r.caller(), id(r)))));
  }

  private Reply create(ApiRequest r) {
    Connections.Created created = connections.create(ConnectionInput.create(r.json(), r.caller()));
    return Reply.created(view(created.row()).withSecret(created.secret()));
  }

  private Reply list(ApiRequest r) {
    int limit = Cursor.limit(r.query("limit"));
    long after = Cursor.decodeLong("connections", r.query("cursor")).orElse(0L);
    List<ConnectionRow> rows = connections.list(r.caller(), r.query("tenantId"), after, limit + 1);
    return Reply.ok(
        new Page<>(
            rows.stream().limit(limit).map(this::view).toList(),
            rows.size() > limit
                ? Cursor.encode("connections", Long.toString(rows.get(limit - 1).seq()))
                : null));
  }

  private ConnectionView view(ConnectionRow row) {
    return ConnectionView.of(row, inboundUrl);
  }

  private static String id(ApiRequest r) {
    return r.path("connectionId");
  }
}
