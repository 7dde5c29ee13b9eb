package io.posthorn.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.inbound.verify.InboundRequest;
import io.posthorn.inbound.verify.Verdict;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.connection.Cidr;
import io.posthorn.schema.connection.Provider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request to {@code /in/{connectionId}}, judged in this order: the connection (404), the method
 * (405; GET and HEAD are a provider's probe, 200), the client address against the allow-list (403),
 * the connection's rate (429), the body's size (413), the provider's signature (401), the body
 * being a JSON object (400), a handshake (Slack's {@code url_verification}), then the log row and
 * event in one transaction ({@link InboundLog}). Every refusal but the 404 is logged with its
 * reason; none stores anything.
 */
final class Ingest {
  private static final Logger log = LoggerFactory.getLogger(Ingest.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body, read only once the cheaper checks passed. */
  @FunctionalInterface
  interface Body {
    /** Up to {@code max} bytes; {@code null} when there are more. */
    byte[] read(int max) throws IOException;
  }

  /** What the server hands over of one request. */
  record Request(
      String connectionId, String method, String client, Map<String, String> headers, Body body) {}

  private final ConnectionDirectory connections;
  private final InboundLog inboundLog;
  private final Clock clock;
  private final int maxBodyBytes;

  Ingest(ConnectionDirectory connections, InboundLog inboundLog, Clock clock, int maxBodyBytes) {
    this.connections = connections;
    this.inboundLog = inboundLog;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The connection's provider name for the meters, once known. */
  record Judged(String provider, IngestOutcome outcome) {}

  Judged handle(Request r) throws IOException {
    Optional<LoadedConnection> found;
    try {
      found = connections.find(r.connectionId());
    } catch (SQLException e) {
      return new Judged("unknown", failed("reading connection " + r.connectionId(), e));
    }
    if (found.isEmpty()) {
      return new Judged("unknown", new IngestOutcome.UnknownConnection());
    }
    LoadedConnection connection = found.get();
    String provider = connection.document().provider().wireName();
    return new Judged(provider, judge(r, connection));
  }

  private IngestOutcome judge(Request r, LoadedConnection connection) throws IOException {
    String id = r.connectionId();
    if (!connection.allows(address(r.client()))) {
      log.warn("connection {}: refused {}, outside the allow-list", id, r.client());
      return new IngestOutcome.Forbidden(r.client());
    }
    boolean probe = r.method().equals("GET") || r.method().equals("HEAD");
    if (!probe && !r.method().equals("POST")) {
      return new IngestOutcome.MethodNotAllowed(r.method());
    }
    if (probe) {
      return new IngestOutcome.Handshake(null);
    }
    if (connection.document().rateLimitPerSecond() > 0) {
      long wait = connections.limiter(connection.document()).take();
      if (wait > 0) {
        return new IngestOutcome.RateLimited(wait);
      }
    }
    byte[] body = r.body().read(maxBodyBytes);
    if (body == null) {
      log.warn("connection {}: refused a body over {} bytes", id, maxBodyBytes);
      return new IngestOutcome.TooLarge(maxBodyBytes);
    }
    InboundRequest request = new InboundRequest(r.headers(), body);
    Verdict verdict = connection.verifier().verify(request);
    if (verdict instanceof Verdict.Refused refused) {
      log.warn(
          "connection {}: refused an unverified request from {}: {} ({})",
          id,
          r.client(),
          refused.reason().tag(),
          refused.detail());
      return new IngestOutcome.Unverified(refused);
    }
    String deliveryId = ((Verdict.Verified) verdict).deliveryId();
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      log.warn("connection {}: refused a verified body that is not a JSON object", id);
      return new IngestOutcome.BadRequest("the body must be a JSON object");
    }
    Provider provider = connection.document().provider();
    if (provider == Provider.SLACK
        && "url_verification".equals(json.path("type").asText())
        && json.path("challenge").isTextual()) {
      return new IngestOutcome.Handshake(json.path("challenge").asText());
    }
    String type =
        connection.document().eventTypePrefix() + "." + EventKinds.of(provider, request, json);
    try {
      UUID eventId =
          inboundLog.write(
              new InboundLog.Entry(
                  connection.document(),
                  deliveryId,
                  type,
                  r.client(),
                  HeaderMask.mask(r.headers(), hmacHeader(connection)),
                  body,
                  clock.instant()));
      if (eventId == null) {
        log.info("connection {}: delivery {} was stored before; nothing written", id, deliveryId);
        return new IngestOutcome.Duplicate(deliveryId);
      }
      return new IngestOutcome.Accepted(eventId, type, deliveryId);
    } catch (InvalidEventException e) {
      log.warn("connection {}: the outbox refused the event: {}", id, e.getMessage());
      return new IngestOutcome.BadRequest("the body cannot be an event: " + e.getMessage());
    } catch (SQLException e) {
      return failed("writing a request of connection " + id, e);
    }
  }

  private static String hmacHeader(LoadedConnection c) {
    return c.document().hmac() == null ? null : c.document().hmac().header();
  }

  private static IngestOutcome failed(String doing, Exception e) {
    String errorId = UUID.randomUUID().toString();
    log.error("{} failed (error id {}): {}", doing, errorId, e.getMessage());
    return new IngestOutcome.Failed(errorId);
  }

  /** The client's address, or {@code null} when it is not an address literal. */
  private static InetAddress address(String client) {
    String literal =
        client.startsWith("[") && client.endsWith("]")
            ? client.substring(1, client.length() - 1)
            : client;
    try {
      return InetAddress.getByAddress(Cidr.parse(literal).network());
    } catch (IllegalArgumentException | UnknownHostException e) {
      return null;
    }
  }
}
