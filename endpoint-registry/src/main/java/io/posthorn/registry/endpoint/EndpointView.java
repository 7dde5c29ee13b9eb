package io.posthorn.registry.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.registry.RegistryJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An endpoint as the API shows it ({@code Endpoint} in openapi.yaml): every custom header by name
 * with {@link EndpointHeaders#MASKED} for its value, and the signing secret only in the answer to
 * its creation ({@code EndpointWithSecret}).
 *
 * @param status {@code enabled}, {@code disabled} or {@code pending_verification}
 * @param metadata the stored metadata object
 * @param oauth the OAuth settings without the client secret, {@code null} for none
 * @param tls the client certificate and CA bundle without the key, {@code null} for none
 * @param delivery {@code concurrent} or {@code ordered} (decision 0045)
 * @param orderedOnDeadLetter {@code skip} or {@code block}: what an ordered endpoint does after a
 *     dead letter
 * @param schemaVersions the schema versions accepted by exact event type; empty: every version
 * @param verification the verification handshake without its challenge, {@code null} for none
 * @param secret the first signing secret, on create only; absent otherwise
 */
record EndpointView(
    String id,
    String tenantId,
    String url,
    String description,
    String status,
    String disabledReason,
    List<String> eventTypes,
    int timeoutMs,
    int maxInFlight,
    int rateLimitPerSecond,
    Map<String, String> headers,
    JsonNode metadata,
    EndpointOAuth.View oauth,
    EndpointTlsSettings.View tls,
    String delivery,
    String orderedOnDeadLetter,
    Map<String, List<Integer>> schemaVersions,
    VerificationView verification,
    Instant createdAt,
    Instant updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

  static EndpointView of(EndpointRow row) {
    return new EndpointView(
        row.id(),
        row.tenantId(),
        row.url(),
        row.description(),
        row.status(),
        row.disabledReason(),
        row.eventTypes(),
        row.timeoutMs(),
        row.maxInFlight(),
        row.rateLimitPerSecond(),
        EndpointHeaders.masked(row.sealedHeaders()),
        RegistryJson.stored(row.metadata(), "metadata of " + row.id()),
        EndpointOAuth.View.of(row.oauth()),
        EndpointTlsSettings.View.of(row.tls()),
        row.order().delivery().wire(),
        row.order().onDeadLetter().wire(),
        row.schemaVersions(),
        VerificationView.of(row.verification()),
        row.createdAt(),
        row.updatedAt(),
        null);
  }

  EndpointView withSecret(String signingSecret) {
    return new EndpointView(
        id,
        tenantId,
        url,
        description,
        status,
        disabledReason,
        eventTypes,
        timeoutMs,
        maxInFlight,
        rateLimitPerSecond,
        headers,
        metadata,
        oauth,
        tls,
        delivery,
        orderedOnDeadLetter,
        schemaVersions,
        verification,
        createdAt,
        updatedAt,
        signingSecret);
  }

  /** {@code Verification} in openapi.yaml: the handshake as the API shows it (no challenge). */
  record VerificationView(
      Verification.State state, Instant requestedAt, Instant expiresAt, Instant verifiedAt) {
    static VerificationView of(Verification v) {
      return v == null
          ? null
          : new VerificationView(v.state(), v.requestedAt(), v.expiresAt(), v.verifiedAt());
    }
  }

  @Override
  public String toString() {
    return "EndpointView[" + id + (secret == null ? "" : ", with secret") + "]";
  }
}
