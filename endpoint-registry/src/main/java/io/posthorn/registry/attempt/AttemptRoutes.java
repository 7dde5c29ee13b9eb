package io.posthorn.registry.attempt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.registry.endpoint.Cursor;
import io.posthorn.registry.endpoint.EndpointChanges;
import io.posthorn.registry.http.ApiException;
import io.posthorn.registry.http.ApiRequest;
import io.posthorn.registry.http.InstantRange;
import io.posthorn.registry.http.JsonInput;
import io.posthorn.registry.http.Reply;
import io.posthorn.registry.http.Route;
import io.posthorn.schema.attempt.AttemptRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The attempt log's API: an endpoint's attempts (filters {@code outcome}, {@code status}, {@code
 * since}, {@code until}; cursor, {@code limit} ≤ 100), an event's attempts to the caller's
 * endpoints, and an endpoint's stats. A tenant sees only attempts to its own endpoints.
 */
public final class AttemptRoutes {
  /** Stats cover this long by default. */
  static final Duration DEFAULT_STATS_WINDOW = Duration.ofHours(24);

  private final Jdbi jdbi;
  private final EndpointChanges endpoints;
  private final Clock clock;

  public AttemptRoutes(Jdbi jdbi, EndpointChanges endpoints, Clock clock) {
    this.jdbi = jdbi;
    this.endpoints = endpoints;
    this.clock = clock;
  }

  public List<Route> routes() {
    return List.of(
        new Route("GET", "/v1/endpoints/{endpointId}/attempts", this::endpointAttempts)
            .withQuery("limit", "cursor", "outcome", "status", "since", "until"),
        new Route("GET", "/v1/endpoints/{endpointId}/stats", this::stats).withQuery("since"),
        new Route("GET", "/v1/events/{eventId}/attempts", this::eventAttempts)
            .withQuery("limit", "cursor"));
  }

  private Reply endpointAttempts(ApiRequest r) {
    String endpointId = endpoints.get(r.caller(), r.path("endpointId")).id();
    Optional<String> outcome = r.query("outcome");
    outcome.ifPresent(
        o -> {
          if (!Attempt.OUTCOMES.contains(o)) {
            throw ApiException.invalid(
                "outcome", "outcome must be one of delivered, failed, aborted, gone, rejected");
          }
        });
    Optional<Integer> status = r.query("status").map(AttemptRoutes::status);
    return page(
        r,
        new AttemptQuery(
            Optional.of(endpointId),
            Optional.empty(),
            outcome,
            status,
            r.queryInstant("since"),
            r.queryInstant("until"),
            position(r)));
  }

  private Reply eventAttempts(ApiRequest r) {
    return page(
        r,
        new AttemptQuery(
            Optional.empty(),
            Optional.of(r.path("eventId")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            position(r)));
  }

  private Reply page(ApiRequest r, AttemptQuery q) {
    int limit = Cursor.limit(r.query("limit"));
    List<Attempt> rows =
        jdbi.withHandle(h -> AttemptTable.page(h, q, r.caller().scope(), limit + 1));
    ObjectNode body = JsonInput.MAPPER.createObjectNode();
    var data = body.putArray("data");
    rows.stream().limit(limit).forEach(a -> data.add(view(a)));
    Attempt last = rows.size() > limit ? rows.get(limit - 1) : null;
    body.put(
        "nextCursor",
        last == null
            ? null
            : Cursor.encode("attempts", last.record().startedAt() + "~" + last.id()));
    return Reply.ok(body);
  }

  private Reply stats(ApiRequest r) {
    String endpointId = endpoints.get(r.caller(), r.path("endpointId")).id();
    Instant since = r.queryInstant("since").orElse(clock.instant().minus(DEFAULT_STATS_WINDOW));
    AttemptStats s = jdbi.withHandle(h -> AttemptTable.stats(h, endpointId, since));
    ObjectNode n =
        JsonInput.MAPPER
            .createObjectNode()
            .put("endpointId", endpointId)
            .put("since", since.toString())
            .put("attempts", s.attempts())
            .put("delivered", s.delivered())
            .put("successRate", s.successRate())
            .put("lastSuccessAt", s.lastSuccess() == null ? null : s.lastSuccess().toString());
    n.putObject("durationMs").put("p50", s.p50Ms()).put("p99", s.p99Ms());
    return Reply.ok(n);
  }

  static ObjectNode view(Attempt attempt) {
    AttemptRecord a = attempt.record();
    ObjectNode n =
        JsonInput.MAPPER
            .createObjectNode()
            .put("eventId", a.eventId())
            .put("eventType", a.eventType())
            .put("endpointId", a.endpointId())
            .put("tenantId", a.tenantId())
            .put("attempt", a.attempt())
            .put("startedAt", a.startedAt().toString())
            .put("durationMs", a.duration().toMillis())
            .put("outcome", a.outcome())
            .put("status", a.status())
            .put("error", a.error())
            .put("responseSnippet", a.responseSnippet())
            .put("disableRequested", a.disableRequested())
            .put("final", a.finalAttempt());
    return n;
  }

  private static Optional<AttemptQuery.Position> position(ApiRequest r) {
    return Cursor.decode("attempts", r.query("cursor"))
        .map(
            p -> {
              int sep = p.indexOf('~');
              try {
                return new AttemptQuery.Position(
                    InstantRange.parse("cursor", p.substring(0, sep)),
                    Long.parseLong(p.substring(sep + 1)));
              } catch (RuntimeException e) {
                throw ApiException.invalid(
                    "cursor", "cursor is not a cursor this list handed out; start without one");
              }
            });
  }

  private static int status(String v) {
    try {
      int s = Integer.parseInt(v);
      if (s >= 0 && s <= 599) {
        return s;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiException.invalid(
        "status", "status must be an HTTP status (0 for no answer), got '" + v + "'");
  }
}
