package io.posthorn.registry.connection;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A connection as the API shows it ({@code Connection} in openapi.yaml): never its secret, except
 * in the answer to its creation ({@code ConnectionWithSecret}).
 *
 * @param ingestUrl where the provider sends: {@code registry.inbound.url} + {@code /in/<id>}, or
 *     the path alone when that setting is not given
 * @param hmac the generic scheme, {@code null} for every other provider
 * @param secret the verification secret, on create only; absent otherwise
 */
record ConnectionView(
    String id,
    String tenantId,
    String provider,
    String description,
    String status,
    String eventTypePrefix,
    int toleranceSeconds,
    List<String> allowCidrs,
    int rateLimitPerSecond,
    HmacView hmac,
    String ingestUrl,
    Instant createdAt,
    Instant updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

  /** The generic HMAC scheme's settings. */
  record HmacView(
      String header,
      String algorithm,
      String encoding,
      String prefix,
      String timestampHeader,
      String idHeader) {}

  static ConnectionView of(ConnectionRow row, String inboundUrl) {
    var d = row.document();
    return new ConnectionView(
        d.id(),
        d.tenantId(),
        d.provider().wireName(),
        row.description(),
        row.enabled() ? "enabled" : "disabled",
        d.eventTypePrefix(),
        (int) d.tolerance().toSeconds(),
        d.allowCidrs(),
        d.rateLimitPerSecond(),
        d.hmac() == null
            ? null
            : new HmacView(
                d.hmac().header(),
                d.hmac().algorithm(),
                d.hmac().encoding(),
                d.hmac().prefix(),
                d.hmac().timestampHeader(),
                d.hmac().idHeader()),
        ingestUrl(inboundUrl, d.id()),
        row.createdAt(),
        row.updatedAt(),
        null);
  }

  static String ingestUrl(String inboundUrl, String id) {
    String base = inboundUrl == null ? "" : inboundUrl.replaceAll("/+$", "");
    return base + "/in/" + id;
  }

  ConnectionView withSecret(String secret) {
    return new ConnectionView(
        id,
        tenantId,
        provider,
        description,
        status,
        eventTypePrefix,
        toleranceSeconds,
        allowCidrs,
        rateLimitPerSecond,
        hmac,
        ingestUrl,
        createdAt,
        updatedAt,
        secret);
  }

  @Override
  public String toString() {
    return "ConnectionView[" + id + (secret == null ? "" : ", with secret") + "]";
  }
}
