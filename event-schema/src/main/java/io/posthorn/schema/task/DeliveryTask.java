package io.posthorn.schema.task;

import java.time.Instant;
import java.util.Objects;

/**
 * One event bound for one endpoint, as it travels through the retry tiers and into the dead-letter
 * topic: everything needed to attempt it again, and to tell an on-call engineer what happened. In
 * three parts that change at different times (docs/decisions/0031): the {@link Identity} never
 * changes, the {@link History} grows with each attempt or park, the {@link Schedule} says when it
 * goes next. {@link TaskRecord} is its form on Kafka.
 */
public record DeliveryTask(Identity identity, History history, Schedule schedule) {

  public DeliveryTask {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(schedule, "schedule");
  }

  /** Where the event was first consumed. */
  public record Origin(String topic, int partition, long offset) {}

  /**
   * What the task delivers, to whom: fixed from the event's first consumption on.
   *
   * @param tenantId {@code null} for an event without a tenant
   * @param traceId {@code null} when the event carried no trace
   * @param occurredAt the event's own time, as its envelope says it; {@code null} when absent
   * @param body the envelope bytes, sent unchanged
   */
  public record Identity(
      String endpointId,
      String eventId,
      String eventType,
      String tenantId,
      String traceId,
      String occurredAt,
      byte[] body,
      Origin origin) {
    public Identity {
      Objects.requireNonNull(endpointId, "endpointId");
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(eventType, "eventType");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * What happened to the task so far. The latest failure and the reason it was parked are kept
   * apart, so a dead letter parked after an HTTP 500 still shows the 500.
   *
   * @param attempts attempts made on the current ladder (0 when parked before the first, and after
   *     a replay)
   * @param firstAttemptAt {@code null} until the first attempt
   * @param lastAttemptAt {@code null} until the first attempt
   * @param lastStatus the latest attempt's HTTP status, 0 for no answer, -1 before any attempt
   * @param lastError the latest attempt's failure; {@code null} before any failed attempt
   * @param parkReason why it was parked without an attempt (in-flight bound, rate limit, open
   *     circuit) since its latest attempt; {@code null} when it was not
   */
  public record History(
      int attempts,
      Instant firstAttemptAt,
      Instant lastAttemptAt,
      int lastStatus,
      String lastError,
      String parkReason) {

    /** Nothing happened yet. */
    public static final History NONE = new History(0, null, null, -1, null, null);

    /** After one more attempt, started at {@code startedAt}; a new attempt ends the park. */
    public History attempted(Instant startedAt, int status, String error) {
      return new History(
          attempts + 1,
          firstAttemptAt == null ? startedAt : firstAttemptAt,
          startedAt,
          status,
          error,
          null);
    }

    /** Parked for {@code reason}: not an attempt, so the latest failure stays. */
    public History parked(String reason) {
      return new History(attempts, firstAttemptAt, lastAttemptAt, lastStatus, lastError, reason);
    }

    /** The ladder starts over; what happened stays to be read. */
    History restarted() {
      return new History(0, firstAttemptAt, lastAttemptAt, lastStatus, lastError, parkReason);
    }
  }

  /**
   * When the task goes next, and how often people asked for it again.
   *
   * @param dueAt when it may be attempted next ({@code null} on the dead-letter topic and before it
   *     was scheduled)
   * @param replays how many times it was replayed out of the dead-letter topic (a loop guard)
   * @param replayId the replay or redelivery request that produced it, {@code null} for none
   */
  public record Schedule(Instant dueAt, int replays, String replayId) {

    /** Not scheduled, never replayed. */
    public static final Schedule NONE = new Schedule(null, 0, null);

    public Schedule due(Instant at) {
      return new Schedule(at, replays, replayId);
    }

    Schedule replayed(String id, Instant at) {
      return new Schedule(at, replays + 1, id);
    }
  }

  /** A fresh task before any attempt. */
  public static DeliveryTask fresh(Identity identity) {
    return new DeliveryTask(identity, History.NONE, Schedule.NONE);
  }

  public String endpointId() {
    return identity.endpointId();
  }

  public String eventId() {
    return identity.eventId();
  }

  /**
   * This task after one more attempt, started at {@code startedAt}, that ended with this
   * status/error.
   */
  public DeliveryTask attempted(Instant startedAt, int status, String error) {
    return new DeliveryTask(identity, history.attempted(startedAt, status, error), schedule);
  }

  /** This task noted as parked for {@code reason}: not an attempt. */
  public DeliveryTask parked(String reason) {
    return new DeliveryTask(identity, history.parked(reason), schedule);
  }

  public DeliveryTask due(Instant at) {
    return new DeliveryTask(identity, history, schedule.due(at));
  }

  /**
   * This task asked for again by people (dead-letter replay, the registry's resend): it starts the
   * ladder over (attempt count 0), keeps its history and its {@code webhook-id}, counts one more
   * replay, and is due at {@code at}.
   */
  public DeliveryTask replayed(String replayId, Instant at) {
    return new DeliveryTask(identity, history.restarted(), schedule.replayed(replayId, at));
  }
}
