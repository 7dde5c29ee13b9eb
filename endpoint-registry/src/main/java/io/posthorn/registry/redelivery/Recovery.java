package io.posthorn.registry.redelivery;

import java.time.Instant;

/**
 * A recover request and its progress: every delivery of one endpoint given up since a time (its
 * newest attempt final and failed), sent again in the background.
 *
 * @param state {@code running}, {@code done} or {@code failed} ({@code error} says why)
 * @param total final failures found when the job began (known once it has counted them)
 * @param sent redeliveries written so far
 * @param unavailable deliveries whose event is no longer on the events topic (its retention)
 * @param owner the registry instance running it (or that last ran it)
 */
record Recovery(
    String id,
    String endpointId,
    Instant since,
    String state,
    int total,
    int sent,
    int unavailable,
    String error,
    Instant createdAt,
    Instant finishedAt,
    String owner) {}
