package io.posthorn.delivery.dispatch;

import io.posthorn.delivery.endpoint.Endpoint;

/**
 * One attempt of one event to one endpoint.
 *
 * @param body the envelope bytes exactly as they will be sent and signed
 * @param tenantId the event's tenant, or {@code null}
 * @param traceId a W3C trace id, or {@code null}
 * @param occurredAt the event's ISO-8601 instant, or {@code null}
 * @param attempt 1 for the first attempt
 */
public record DeliveryRequest(
    Endpoint endpoint,
    String eventId,
    String eventType,
    String tenantId,
    byte[] body,
    String traceId,
    String occurredAt,
    int attempt) {}
