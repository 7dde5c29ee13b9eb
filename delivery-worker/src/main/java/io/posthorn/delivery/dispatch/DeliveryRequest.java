package io.posthorn.delivery.dispatch;

import io.posthorn.delivery.endpoint.Endpoint;

/**
 * One event to one endpoint.
 *
 * @param body the envelope bytes exactly as they will be sent and signed
 * @param traceId a W3C trace id, or {@code null}
 */
public record DeliveryRequest(
    Endpoint endpoint, String eventId, String eventType, byte[] body, String traceId, int attempt) {}
