package io.posthorn.registry.attempt;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.endpoint.Cursor;
import io.posthorn.registry.endpoint.EndpointChanges;
import io.posthorn.registry.http.ApiRequest;
import io.posthorn.registry.http.InstantRange;
import io.posthorn.registry.http.Page;
import io.posthorn.registry.http.Reply;
import io.posthorn.registry.http.Route;
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
            throw new InvalidInputException(
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
    Attempt last = rows.size() > limit ? rows.get(limit - 1) : null;
    return Reply.ok(
        new Page<>(
            rows.stream().limit(limit).map(AttemptView::of).toList(),
            last == null
                ? null
                : Cursor.encode("attempts", last.record().startedAt() + "~" + last.id())));
  }

  private Reply stats(ApiRequest r) {
    String endpointId = endpoints.get(r.caller(), r.path("endpointId")).id();
    Instant since = r.queryInstant("since").orElse(clock.instant().minus(DEFAULT_STATS_WINDOW));
    AttemptStats s = jdbi.withHandle(h -> AttemptTable.stats(h, endpointId, since));
    return Reply.ok(StatsView.of(endpointId, s));
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
                throw new InvalidInputException(
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
    throw new InvalidInputException(
        "status", "status must be an HTTP status (0 for no answer), got '" + v + "'");
  }
}
