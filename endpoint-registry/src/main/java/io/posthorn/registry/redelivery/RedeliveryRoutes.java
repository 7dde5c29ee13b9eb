package io.posthorn.registry.redelivery;

import io.posthorn.registry.ConflictException;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.attempt.Attempt;
import io.posthorn.registry.attempt.AttemptLog;
import io.posthorn.registry.endpoint.EndpointChanges;
import io.posthorn.registry.endpoint.EndpointRow;
import io.posthorn.registry.http.ApiRequest;
import io.posthorn.registry.http.JsonInput;
import io.posthorn.registry.http.Reply;
import io.posthorn.registry.http.Route;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Redelivery's API: resend one event to one endpoint, recover (resend every failed delivery of an
 * endpoint since a time, in the background) and poll it, and a test ping. Each answers 202: the
 * worker attempts the delivery, and the attempt log shows how it went. A disabled endpoint is
 * refused (409): the worker would dead-letter the task.
 */
public final class RedeliveryRoutes {
  /** A redelivery written for a worker to attempt ({@code Redelivery} in openapi.yaml). */
  record Accepted(String redeliveryId, String endpointId, String eventId) {}

  private final EndpointChanges endpoints;
  private final AttemptLog attempts;
  private final Redeliveries redeliveries;
  private final Recoveries recoveries;
  private final Clock clock;

  public RedeliveryRoutes(
      EndpointChanges endpoints,
      AttemptLog attempts,
      Redeliveries redeliveries,
      Recoveries recoveries,
      Clock clock) {
    this.endpoints = endpoints;
    this.attempts = attempts;
    this.redeliveries = redeliveries;
    this.recoveries = recoveries;
    this.clock = clock;
  }

  public List<Route> routes() {
    return List.of(
        new Route("POST", "/v1/endpoints/{endpointId}/events/{eventId}/resend", this::resend),
        new Route("POST", "/v1/endpoints/{endpointId}/recover", this::recover).withBody(),
        new Route("GET", "/v1/endpoints/{endpointId}/recoveries/{recoveryId}", this::recovery),
        new Route("POST", "/v1/endpoints/{endpointId}/ping", this::ping));
  }

  private Reply resend(ApiRequest r) {
    EndpointRow ep = enabled(r);
    String eventId = r.path("eventId");
    Attempt latest =
        attempts
            .latest(ep.id(), eventId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "eventId", "no attempt to deliver " + eventId + " to " + ep.id()));
    String id =
        redeliveries
            .resend(latest, Redeliveries.newId("rd_"))
            .orElseThrow(
                () ->
                    new ConflictException(
                        "eventId",
                        "event "
                            + eventId
                            + " is no longer on the events topic (its retention); it cannot be resent"));
    return Reply.accepted(new Accepted(id, ep.id(), eventId));
  }

  private Reply recover(ApiRequest r) {
    JsonInput in = r.json();
    Instant since =
        in.optionalInstant("since")
            .orElseThrow(
                () -> new InvalidInputException("since", "since is required: an ISO-8601 instant"));
    in.rejectUnknown();
    if (since.isAfter(clock.instant())) {
      throw new InvalidInputException("since", "since must not be in the future");
    }
    EndpointRow ep = enabled(r);
    return Reply.accepted(recoveries.begin(ep.id(), ep.tenantId(), since));
  }

  private Reply recovery(ApiRequest r) {
    EndpointRow ep = endpoints.get(r.caller(), r.path("endpointId"));
    String id = r.path("recoveryId");
    return Reply.ok(
        recoveries
            .find(ep.id(), id)
            .orElseThrow(
                () -> new NotFoundException("recoveryId", "no recovery " + id + " of " + ep.id())));
  }

  private Reply ping(ApiRequest r) {
    EndpointRow ep = enabled(r);
    String id = Redeliveries.newId("rd_");
    String eventId = redeliveries.ping(ep.id(), ep.tenantId(), id);
    return Reply.accepted(new Accepted(id, ep.id(), eventId));
  }

  private EndpointRow enabled(ApiRequest r) {
    EndpointRow ep = endpoints.get(r.caller(), r.path("endpointId"));
    if (!ep.enabled()) {
      throw new ConflictException(
          "endpointId", "endpoint " + ep.id() + " is disabled; enable it first");
    }
    return ep;
  }
}
