package io.posthorn.schema.task;

import java.time.Instant;
import java.util.Objects;

/**
 * One event bound for one endpoint, as it travels through the retry tiers and into the dead-letter
 * topic. Everything needed to attempt it again, and to tell an on-call engineer what happened.
 *
 * @param attempts attempts already made (0 when parked before the first)
 * @param firstAttemptAt {@code null} until the first attempt
 * @param lastStatus the latest attempt's HTTP status, 0 for no answer, -1 before any attempt
 * @param lastError the latest failure, or the reason it was parked; {@code null} before either
 * @param dueAt when it may be attempted next ({@code null} on the dead-letter topic)
 * @param replays how many times it was replayed out of the dead-letter topic (a loop guard)
 * @param replayId the replay or redelivery request that produced it, {@code null} for none
 */
public record DeliveryTask(
    String endpointId,
    String eventId,
    String eventType,
    String tenantId,
    String traceId,
    String occurredAt,
    byte[] body,
    int attempts,
    Instant firstAttemptAt,
    Instant lastAttemptAt,
    int lastStatus,
    String lastError,
    Origin origin,
    Instant dueAt,
    int replays,
    String replayId) {

  /** Where the event was first consumed. */
  public record Origin(String topic, int partition, long offset) {}

  public DeliveryTask {
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(origin, "origin");
  }

  /** A fresh task before any attempt. */
  public static DeliveryTask fresh(
      String endpointId,
      String eventId,
      String eventType,
      String tenantId,
      String traceId,
      String occurredAt,
      byte[] body,
      Origin origin) {
    return new DeliveryTask(
        endpointId,
        eventId,
        eventType,
        tenantId,
        traceId,
        occurredAt,
        body,
        0,
        null,
        null,
        -1,
        null,
        origin,
        null,
        0,
        null);
  }

  /**
   * This task after one more attempt, started at {@code startedAt}, that ended with this
   * status/error.
   */
  public DeliveryTask attempted(Instant startedAt, int status, String error) {
    return new DeliveryTask(
        endpointId,
        eventId,
        eventType,
        tenantId,
        traceId,
        occurredAt,
        body,
        attempts + 1,
        firstAttemptAt == null ? startedAt : firstAttemptAt,
        startedAt,
        status,
        error,
        origin,
        dueAt,
        replays,
        replayId);
  }

  /** This task noted as parked for {@code reason}: not an attempt. */
  public DeliveryTask parked(String reason) {
    return new DeliveryTask(
        endpointId,
        eventId,
        eventType,
        tenantId,
        traceId,
        occurredAt,
        body,
        attempts,
        firstAttemptAt,
        lastAttemptAt,
        lastStatus,
        reason,
        origin,
        dueAt,
        replays,
        replayId);
  }

  public DeliveryTask due(Instant at) {
    return new DeliveryTask(
        endpointId,
        eventId,
        eventType,
        tenantId,
        traceId,
        occurredAt,
        body,
        attempts,
        firstAttemptAt,
        lastAttemptAt,
        lastStatus,
        lastError,
        origin,
        at,
        replays,
        replayId);
  }

  /**
   * This task asked for again by people (dead-letter replay, the registry's resend): it starts the
   * ladder over (attempt count 0), keeps its history and its {@code webhook-id}, counts one more
   * replay, and is due at {@code at}.
   */
  public DeliveryTask replayed(String replayId, Instant at) {
    return new DeliveryTask(
        endpointId,
        eventId,
        eventType,
        tenantId,
        traceId,
        occurredAt,
        body,
        0,
        firstAttemptAt,
        lastAttemptAt,
        lastStatus,
        lastError,
        origin,
        at,
        replays + 1,
        replayId);
  }
}
