package io.posthorn.registry.redelivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.posthorn.registry.RegistryJson;
import io.posthorn.registry.attempt.Attempt;
import io.posthorn.registry.endpoint.Pinger;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.header.Header;

/**
 * Asks the workers for a delivery again by writing a task record ({@link TaskRecord}) to the
 * redeliveries topic, due now: the worker attempts it with the same dispatcher and signing as a
 * first attempt, under the event's own {@code webhook-id}. Bodies are read back from the events
 * topic at the attempt's origin ({@link EventReader}). Thread-safe.
 */
public final class Redeliveries implements Pinger, AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Producer<byte[], byte[]> producer;
  private final EventReader reader;
  private final String eventsTopic;
  private final String redeliveriesTopic;
  private final Outbox pings;
  private final Clock clock;

  public Redeliveries(
      Producer<byte[], byte[]> producer,
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> reader,
      String eventsTopic,
      String redeliveriesTopic,
      Clock clock) {
    this.producer = producer;
    this.reader = new EventReader(reader);
    this.eventsTopic = eventsTopic;
    this.redeliveriesTopic = redeliveriesTopic;
    this.pings = Outbox.create(OutboxConfig.defaults(), clock);
    this.clock = clock;
  }

  /**
   * Sends the attempted event again to the attempt's endpoint; empty when its body is no longer on
   * the events topic (or it never came from there, like a ping).
   *
   * @return the redelivery id, carried by the task as its replay id
   */
  Optional<String> resend(Attempt logged, String requestId) {
    AttemptRecord attempt = logged.record();
    if (!attempt.origin().topic().equals(eventsTopic)) {
      return Optional.empty();
    }
    return reader
        .read(attempt.origin())
        .map(
            r -> {
              if (!attempt.eventId().equals(header(r, EventHeaders.EVENT_ID))) {
                throw new IllegalStateException(
                    eventsTopic
                        + "-"
                        + r.partition()
                        + "@"
                        + r.offset()
                        + " holds event "
                        + header(r, EventHeaders.EVENT_ID)
                        + ", not "
                        + attempt.eventId()
                        + " as the attempt log says");
              }
              send(
                  DeliveryTask.fresh(
                          new DeliveryTask.Identity(
                              attempt.endpointId(),
                              attempt.eventId(),
                              attempt.eventType(),
                              header(r, EventHeaders.TENANT_ID),
                              header(r, EventHeaders.TRACE_ID),
                              header(r, EventHeaders.OCCURRED_AT),
                              r.value(),
                              attempt.origin()))
                      .replayed(requestId, clock.instant()));
              return requestId;
            });
  }

  /**
   * The body an attempt sent, read back from the events topic at its origin (for the portal's
   * attempt page); empty when the event is past the topic's retention or never came from there (a
   * ping).
   */
  public Optional<byte[]> body(Attempt logged) {
    AttemptRecord attempt = logged.record();
    if (!attempt.origin().topic().equals(eventsTopic)) {
      return Optional.empty();
    }
    return reader
        .read(attempt.origin())
        .filter(r -> attempt.eventId().equals(header(r, EventHeaders.EVENT_ID)))
        .map(r -> r.value());
  }

  /** The payload of a {@code posthorn.ping}; {@code challenge} only in a verification ping. */
  record PingPayload(String message, @JsonInclude(JsonInclude.Include.NON_NULL) String challenge) {}

  /** A fresh {@code posthorn.ping} event for one endpoint, due now; returns its event id. */
  String ping(String endpointId, String tenantId, String requestId) {
    UUID id = UUID.randomUUID();
    send(endpointId, tenantId, new Ping(id, "ping", null, clock.instant()), requestId);
    return id.toString();
  }

  /** A ping for the registry's URL checks (verification challenge, periodic check). */
  @Override
  public void ping(String endpointId, String tenantId, Ping ping) {
    send(endpointId, tenantId, ping, newId("rd_"));
  }

  private void send(String endpointId, String tenantId, Ping ping, String requestId) {
    OutboxEvent event =
        OutboxEvent.of(
                "posthorn.ping",
                "Endpoint",
                endpointId,
                RegistryJson.write(new PingPayload(ping.message(), ping.challenge())))
            .withId(ping.eventId());
    Envelope envelope = pings.prepare(tenantId == null ? event : event.withTenant(tenantId));
    send(
        DeliveryTask.fresh(
                new DeliveryTask.Identity(
                    endpointId,
                    envelope.id().toString(),
                    "posthorn.ping",
                    tenantId,
                    null,
                    envelope.occurredAt().toString(),
                    EnvelopeCodec.encode(envelope),
                    new DeliveryTask.Origin(redeliveriesTopic, -1, -1)))
            .replayed(requestId, ping.dueAt()));
  }

  /** A new request id with {@code prefix} ({@code rd_}, {@code rc_}). */
  static String newId(String prefix) {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }

  private void send(DeliveryTask task) {
    try {
      producer.send(TaskRecord.encode(redeliveriesTopic, task, null)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted writing redelivery " + task.schedule().replayId(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "writing redelivery "
              + task.schedule().replayId()
              + " of "
              + task.eventId()
              + " to "
              + redeliveriesTopic
              + ": "
              + e.getCause(),
          e.getCause());
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    reader.close();
    producer.close();
  }
}
