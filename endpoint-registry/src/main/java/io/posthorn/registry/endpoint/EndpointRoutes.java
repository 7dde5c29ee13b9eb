package io.posthorn.registry.endpoint;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.RegistryConfigException;
import io.posthorn.registry.RegistrySettings;
import io.posthorn.registry.http.ApiRequest;
import io.posthorn.registry.http.JsonInput;
import io.posthorn.registry.http.Page;
import io.posthorn.registry.http.Reply;
import io.posthorn.registry.http.Route;
import io.posthorn.schema.EventType;
import io.posthorn.schema.catalog.EventCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /v1/endpoints}: create, get, list (cursor, {@code limit} ≤ 100, filters {@code status},
 * {@code eventType}, {@code tenantId}), update ({@code PATCH}), delete, disable, enable, verify
 * (send a new verification challenge, decision 0046), read the secret and rotate it. Responses
 * never hold a secret except create, {@code GET …/secret} and rotate, and never a custom header's
 * value (only its name, {@link EndpointHeaders#MASKED}).
 */
public final class EndpointRoutes {
  private static final Duration MAX_OVERLAP = Duration.ofDays(30);
  static final int MAX_REASON = 500;

  private final EndpointChanges changes;
  private final EndpointInput input;
  private final Duration defaultOverlap;

  public EndpointRoutes(
      EndpointChanges changes, Supplier<EventCatalog> catalog, Duration defaultOverlap) {
    this.changes = changes;
    this.input = new EndpointInput(catalog, changes.verificationRequired());
    this.defaultOverlap = defaultOverlap;
  }

  public List<Route> routes() {
    return List.of(
        new Route("POST", "/v1/endpoints", this::create).withBody(),
        new Route("GET", "/v1/endpoints", this::list)
            .withQuery("limit", "cursor", "status", "eventType", "tenantId"),
        new Route(
            "GET",
            "/v1/endpoints/{endpointId}",
            r -> Reply.ok(EndpointView.of(changes.get(r.caller(), id(r))))),
        new Route("PATCH", "/v1/endpoints/{endpointId}", this::update).withBody(),
        new Route(
            "DELETE",
            "/v1/endpoints/{endpointId}",
            r -> {
              changes.delete(r.caller(), id(r));
              return Reply.noContent();
            }),
        new Route("POST", "/v1/endpoints/{endpointId}/disable", this::disable).withBody(),
        new Route(
            "POST",
            "/v1/endpoints/{endpointId}/verify",
            r -> Reply.accepted(EndpointView.of(changes.verify(r.caller(), id(r))))),
        new Route(
            "POST",
            "/v1/endpoints/{endpointId}/enable",
            r -> Reply.ok(EndpointView.of(changes.setEnabled(r.caller(), id(r), true, null)))),
        new Route(
            "GET",
            "/v1/endpoints/{endpointId}/secret",
            r -> Reply.ok(changes.secret(r.caller(), id(r)))),
        new Route("POST", "/v1/endpoints/{endpointId}/secret/rotate", this::rotate).withBody());
  }

  private Reply create(ApiRequest r) {
    EndpointChanges.Created created = changes.create(input.create(r.json(), r.caller()));
    return Reply.created(EndpointView.of(created.row()).withSecret(created.secret()));
  }

  private Reply update(ApiRequest r) {
    EndpointPatch patch = input.update(r.json());
    return Reply.ok(EndpointView.of(changes.update(r.caller(), id(r), patch)));
  }

  private Reply list(ApiRequest r) {
    int limit = Cursor.limit(r.query("limit"));
    long after = Cursor.decodeLong("endpoints", r.query("cursor")).orElse(0L);
    Optional<String> status = r.query("status");
    status.ifPresent(
        s -> {
          if (!Endpoints.STATUS.containsKey(s)) {
            throw new InvalidInputException(
                "status",
                "status must be enabled, disabled or pending_verification, got '" + s + "'");
          }
        });
    Optional<String> type = r.query("eventType");
    type.ifPresent(
        t -> {
          if (!EventType.NAME_RULE.matcher(t).matches()) {
            throw new InvalidInputException(
                "eventType", "eventType must be an event type name such as order.completed");
          }
        });
    List<EndpointRow> rows =
        changes.list(r.caller(), r.query("tenantId"), status, type, after, limit + 1);
    return Reply.ok(
        new Page<>(
            rows.stream().limit(limit).map(EndpointView::of).toList(),
            rows.size() > limit
                ? Cursor.encode("endpoints", Long.toString(rows.get(limit - 1).seq()))
                : null));
  }

  private Reply disable(ApiRequest r) {
    JsonInput in = r.jsonOrEmpty();
    String reason = in.optionalText("reason", MAX_REASON).orElse("disabled by request");
    in.rejectUnknown();
    return Reply.ok(EndpointView.of(changes.setEnabled(r.caller(), id(r), false, reason)));
  }

  private Reply rotate(ApiRequest r) {
    JsonInput in = r.jsonOrEmpty();
    Duration overlap =
        in.optionalText("overlap", 40).map(EndpointRoutes::overlap).orElse(defaultOverlap);
    in.rejectUnknown();
    return Reply.ok(changes.rotate(r.caller(), id(r), overlap));
  }

  private static Duration overlap(String text) {
    Duration d;
    try {
      d = RegistrySettings.duration("overlap", text);
    } catch (RegistryConfigException e) {
      throw new InvalidInputException(
          "overlap", "overlap must be a duration such as 24h, 30m, 0s or PT24H");
    }
    if (d.isNegative() || d.compareTo(MAX_OVERLAP) > 0) {
      throw new InvalidInputException("overlap", "overlap must be between 0s and 30d");
    }
    return d;
  }

  private static String id(ApiRequest r) {
    return r.path("endpointId");
  }
}
