package io.posthorn.registry.redelivery;

import java.time.Instant;

/**
 * A recover request and its progress: every failed delivery of one endpoint since a time, sent again
 * in the background.
 *
 * @param state {@code running}, {@code done} or {@code failed} ({@code error} says why)
 * @param total failed deliveries found (known once the job has looked them up)
 * @param sent redeliveries written so far
 * @param unavailable deliveries whose event is no longer on the events topic (its retention)
 */
record Recovery(String id, String endpointId, Instant since, String state, int total, int sent, int unavailable,
    String error, Instant createdAt, Instant finishedAt) {}
