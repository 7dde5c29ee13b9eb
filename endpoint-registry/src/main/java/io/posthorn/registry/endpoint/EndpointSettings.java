package io.posthorn.registry.endpoint;

import io.posthorn.schema.endpoint.DeliveryOrder;
import java.util.List;
import java.util.Map;

/**
 * What a subscriber sets on an endpoint, validated ({@link EndpointInput}).
 *
 * @param oauth client credentials for a bearer token, {@code null} for none
 * @param tls client certificate and CA bundle, {@code null} for none
 * @param order concurrent, or ordered per aggregate with its dead-letter choice (decision 0045)
 * @param headers custom headers by lower-case name: a plain value to seal, or {@link
 *     EndpointHeaders#MASKED} to keep the stored one ({@link EndpointHeaders#seal})
 * @param schemaVersions the schema versions accepted, by exact event type; empty: every version
 *     (decision 0047)
 */
record EndpointSettings(
    String url,
    String description,
    List<String> eventTypes,
    int timeoutMs,
    int maxInFlight,
    int rateLimitPerSecond,
    Map<String, String> headers,
    String metadata,
    EndpointOAuth oauth,
    EndpointTlsSettings tls,
    DeliveryOrder order,
    Map<String, List<Integer>> schemaVersions) {

  static final int DEFAULT_TIMEOUT_MS = 3000;
  static final int DEFAULT_MAX_IN_FLIGHT = 100;

  static EndpointSettings of(EndpointRow row) {
    return new EndpointSettings(
        row.url(),
        row.description(),
        row.eventTypes(),
        row.timeoutMs(),
        row.maxInFlight(),
        row.rateLimitPerSecond(),
        EndpointHeaders.masked(row.sealedHeaders()),
        row.metadata(),
        EndpointOAuth.of(row.oauth()),
        EndpointTlsSettings.of(row.tls()),
        row.order(),
        row.schemaVersions());
  }
}
