package io.posthorn.registry.endpoint;

import io.posthorn.schema.endpoint.DeliveryOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an update asks to change, validated ({@link EndpointInput#update}): each field present
 * replaces the current one, an absent one keeps it. A {@code null} description, header set or
 * metadata in the request is present here as the empty value.
 *
 * @param oauth new OAuth settings, or empty inside to remove them
 * @param tls new TLS settings, or empty inside to remove them
 * @param delivery a new delivery mode
 * @param onDeadLetter a new choice of what an ordered endpoint does after a dead letter
 * @param headers the whole new set by lower-case name; {@link EndpointHeaders#MASKED} keeps a
 *     stored value
 * @param schemaVersions the whole new set of version pins (empty inside: none)
 */
record EndpointPatch(
    Optional<String> url,
    Optional<String> description,
    Optional<List<String>> eventTypes,
    Optional<Integer> timeoutMs,
    Optional<Integer> maxInFlight,
    Optional<Integer> rateLimitPerSecond,
    Optional<Map<String, String>> headers,
    Optional<String> metadata,
    Optional<Optional<EndpointOAuth>> oauth,
    Optional<Optional<EndpointTlsSettings>> tls,
    Optional<DeliveryOrder.Delivery> delivery,
    Optional<DeliveryOrder.OnDeadLetter> onDeadLetter,
    Optional<Map<String, List<Integer>>> schemaVersions) {

  /** The settings after this change. */
  EndpointSettings applyTo(EndpointSettings current) {
    return new EndpointSettings(
        url.orElse(current.url()),
        description.orElse(current.description()),
        eventTypes.orElse(current.eventTypes()),
        timeoutMs.orElse(current.timeoutMs()),
        maxInFlight.orElse(current.maxInFlight()),
        rateLimitPerSecond.orElse(current.rateLimitPerSecond()),
        headers.orElse(current.headers()),
        metadata.orElse(current.metadata()),
        oauth.isPresent() ? oauth.get().orElse(null) : current.oauth(),
        tls.isPresent() ? tls.get().orElse(null) : current.tls(),
        new DeliveryOrder(
            delivery.orElse(current.order().delivery()),
            onDeadLetter.orElse(current.order().onDeadLetter())),
        schemaVersions.orElse(current.schemaVersions()));
  }
}
